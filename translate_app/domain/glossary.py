"""The glossary of a language pair: finding its terms in a text, and its files.

Matching knows how the two languages inflect. A Korean term is a noun followed by
particles written without a space (평양의, 평양은, 평양에서는), so a Hangul term matches
at the start of a word and may be followed only by the particles and endings of
``PARTICLES`` (and chains of them, such as 에서는, 에서의, 으로는, 에까지), then the end
of the word: 평양 does not match inside 평양냉면. A Latin term matches as a whole word,
ignoring case, and also in its plural and possessive forms (systems, Kim Jong-il's,
Kim Jong-il’s, workers'), in English text and inside Korean text (PDS는) alike.

Files: CSV with the header ``source,target[,note,status][,part_of_speech]`` (UTF-8, a
BOM tolerated), and TBX. TBX is written as TBX-Basic (the ``martif`` document other
tools exchange): one ``termEntry`` per source term, its translations as ``tig``
elements of the target ``langSet``. A preferred translation carries the
administrativeStatus ``preferredTerm-admn-sts``, a forbidden one
``deprecatedTerm-admn-sts``; a do-not-translate term is written with its source as the
target and ``<termNote type="transferComment">do-not-translate</termNote>`` (TBX's
data category for how a term passes into another language). TBX v3 (``<tbx>`` with
``conceptEntry``/``langSec``/``termSec``) is read too.
"""

import csv
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from .exchange import ExchangeFormatError, check_xml_text, parse_xml

if TYPE_CHECKING:
    from .checks import Finding

STATUSES = ("preferred", "forbidden", "do-not-translate")
#: Longest term or translation, in characters (the columns hold 300).
MAX_TERM_CHARS = 300
MAX_PART_OF_SPEECH_CHARS = 40


def _words(text: str) -> list[str]:
    # Particles written as words with spaces between them read better than a list literal.
    return text.split()


# Particles and endings a Korean noun takes, without a space. Chains are built from
# three slots (case or postposition, then delimiter, then a final topic/object marker),
# which covers 에서는, 에서의, 으로는, 에게도, 에서부터는, 까지도, 이라는.
_FIRST = _words(
    "은 는 이 가 을 를 의 에 에서 에게 에게서 께 께서 한테 한테서 으로 로 으로서 로서 으로써 로써 "
    "와 과 랑 이랑 하고 도 만 까지 부터 조차 마저 밖에 뿐 이나 나 이나마 이며 며 이고 고 "
    "처럼 같이 보다 이라 라 이라는 라는 이란 란 이라고 라고 이다 다 이었다 였다 이지만 지만 "
    "이든 든 이야 야 인 이요 요"
)
_SECOND = _words("에서 부터 까지 도 만 은 는 의 을 를 이 가 로 으로 와 과 조차 마저 뿐 이다 다")
_THIRD = _words("은 는 의 도 을 를 이 가 만 다")


def _alternation(words: Sequence[str]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


PARTICLES = tuple(dict.fromkeys(_FIRST + _SECOND + _THIRD))
_HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
_KOREAN_TAIL = (
    f"(?:(?:{_alternation(_FIRST)})(?:{_alternation(_SECOND)})?(?:{_alternation(_THIRD)})?)?"
    f"(?![{_HANGUL}])"
)
_KOREAN_HEAD = f"(?<![{_HANGUL}A-Za-z0-9])"
# Plural and possessive: systems, boxes, Kim Jong-il's / ’s, workers' / ’.
_LATIN_TAIL = r"(?:['’]s|s['’]|es|s)?(?![A-Za-z0-9\u00c0-\u024f])"
_LATIN_HEAD = r"(?<![A-Za-z0-9\u00c0-\u024f])"


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    status: str = "preferred"
    part_of_speech: str = ""
    note: str = ""


@dataclass(frozen=True)
class TermMatch:
    """Where a source term stands in a text: ``text[start:end]``, its inflection included."""

    start: int
    end: int
    term_source: str
    terms: tuple[Term, ...]


@functools.lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern[str]:
    words = term.split()
    body = r"\s+".join(re.escape(word) for word in words)
    body = re.sub("['’]", "['’]", body)
    last = words[-1][-1] if words else ""
    hangul = bool(re.match(f"[{_HANGUL}]", last))
    head = _KOREAN_HEAD if re.match(f"[{_HANGUL}]", words[0][0]) else _LATIN_HEAD
    tail = _KOREAN_TAIL if hangul else _LATIN_TAIL if last.isalpha() else ""
    return re.compile(head + body + tail, re.IGNORECASE)


def _key(term: str) -> str:
    return " ".join(term.split()).casefold()


def find_terms(text: str, terms: Sequence[Term], lang: str) -> list[TermMatch]:
    """The glossary terms in ``text``, left to right: spans of the original text that
    do not overlap; where two overlap, the longer term wins (then the earlier one).

    Matching ignores case and knows Korean particles and English plurals and possessives
    (see the module's docstring); ``lang`` is the text's language. Terms with the same
    source are reported together, in ``TermMatch.terms``.
    """
    del lang  # each term's own script decides how it inflects (PDS는 in Korean text)
    folded = text.casefold().replace("’", "'")
    by_source: dict[str, list[Term]] = {}
    for term in terms:
        key = _key(term.source)
        if key:
            by_source.setdefault(key, []).append(term)
    candidates: list[tuple[int, int, str]] = []
    for key in by_source:
        # A plain substring test first: most terms are not in a given paragraph at all.
        if key.split()[0].replace("’", "'") not in folded:
            continue
        for match in _pattern(key).finditer(text):
            candidates.append((match.start(), match.end(), key))
    candidates.sort(key=lambda c: (-len(c[2]), c[0]))
    taken: list[tuple[int, int, str]] = []
    for start, end, key in candidates:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, key))
    taken.sort()
    return [
        TermMatch(start, end, by_source[key][0].source, tuple(by_source[key]))
        for start, end, key in taken
    ]


def target_contains(target_text: str, translation: str, lang: str) -> bool:
    """Whether ``translation`` appears in ``target_text``, inflected as ``find_terms``
    allows (평양 in 평양에서는, system in systems)."""
    del lang
    key = _key(translation)
    return bool(key) and _pattern(key).search(target_text) is not None


def _quoted(values: Sequence[str]) -> str:
    return " or ".join(f"“{value}”" for value in values)


def glossary_findings(
    source: str, target: str, terms: Sequence[Term], source_lang: str, target_lang: str
) -> list["Finding"]:
    """The "glossary" check: findings for the terms of ``source`` that ``target`` does
    not translate as the glossary says.

    A term whose preferred translations are all missing is a warning; a forbidden
    translation used in the target is an error; a do-not-translate term not kept as it
    is, a warning. An empty target has no glossary findings (the empty check has it).
    """
    # Imported here: checks.py imports this module to run the glossary check with the others.
    from .checks import Finding, Severity

    if not target.strip():
        return []
    findings = []
    for match in find_terms(source, terms, source_lang):
        preferred = [t.target for t in match.terms if t.status == "preferred"]
        if preferred and not any(target_contains(target, t, target_lang) for t in preferred):
            findings.append(
                Finding(
                    "glossary",
                    Severity.WARNING,
                    f"the glossary translates “{match.term_source}” as {_quoted(preferred)}, "
                    "which the translation does not use",
                )
            )
        for term in match.terms:
            if term.status == "forbidden" and target_contains(target, term.target, target_lang):
                findings.append(
                    Finding(
                        "glossary",
                        Severity.ERROR,
                        f"the translation uses “{term.target}” for “{match.term_source}”, "
                        "which the glossary forbids",
                    )
                )
            elif term.status == "do-not-translate" and term.target not in target:
                findings.append(
                    Finding(
                        "glossary",
                        Severity.WARNING,
                        f"“{term.target}” is not to be translated, but the translation "
                        "does not keep it as it is",
                    )
                )
    return list(dict.fromkeys(findings))


# --- Reading and writing glossary files --------------------------------------------------


class GlossaryFormatError(ValueError):
    """A file that cannot be read as a glossary at all; nothing of it is taken."""


@dataclass(frozen=True)
class GlossaryRead:
    terms: tuple[Term, ...]
    problems: tuple[str, ...]  # "line 4: ...", one per refused line or entry


def make_term(
    source: str, target: str, status: str = "", part_of_speech: str = "", note: str = ""
) -> Term:
    """A term from raw values, trimmed and checked; ValueError names what is wrong."""
    source, target = " ".join(source.split()), " ".join(target.split())
    status = (status or "preferred").strip().lower()
    part_of_speech, note = part_of_speech.strip(), note.strip()
    if not source:
        raise ValueError("the source term is empty")
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
    if status == "do-not-translate":
        if target and target != source:
            raise ValueError(
                f"“{source}” is do-not-translate, so its target must be empty or the same term"
            )
        target = source
    if not target:
        raise ValueError(f"the translation of “{source}” is empty")
    for value, what in ((source, "the source term"), (target, "the translation")):
        if len(value) > MAX_TERM_CHARS:
            raise ValueError(
                f"{what} has {len(value)} characters; at most {MAX_TERM_CHARS} are allowed"
            )
    if len(part_of_speech) > MAX_PART_OF_SPEECH_CHARS:
        raise ValueError(
            f"the part of speech has {len(part_of_speech)} characters; "
            f"at most {MAX_PART_OF_SPEECH_CHARS} are allowed"
        )
    return Term(source, target, status, part_of_speech, note)


CSV_COLUMNS = ("source", "target", "note", "status", "part_of_speech")


def read_csv(data: bytes) -> GlossaryRead:
    """Terms from CSV with a header naming its columns: source and target, and
    optionally note, status and part_of_speech. UTF-8 only (a BOM is skipped)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GlossaryFormatError(
            f"line {line}: the file is not valid UTF-8 (byte 0x{data[error.start]:02x}): "
            "save it as UTF-8"
        ) from None
    if "\x00" in text:
        raise GlossaryFormatError("the file holds NUL characters: it is not a CSV text file")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise GlossaryFormatError("the file is empty: the first line names the columns")
        columns = [name.strip().lower() for name in header]
        unknown = [name for name in columns if name not in CSV_COLUMNS]
        if unknown:
            raise GlossaryFormatError(
                f"line 1: unknown column {unknown[0]!r}: use {', '.join(CSV_COLUMNS)}"
            )
        missing = [name for name in ("source", "target") if name not in columns]
        if missing:
            raise GlossaryFormatError(
                f"line 1: the header has no {missing[0]} column: "
                "it needs source,target and may add note,status,part_of_speech"
            )
        terms: list[Term] = []
        problems: list[str] = []
        seen: dict[tuple[str, str], int] = {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                problems.append(f"line {line}: {len(row)} fields, the header names {len(columns)}")
                continue
            values = dict(zip(columns, row + [""] * (len(columns) - len(row)), strict=True))
            _add(terms, problems, seen, f"line {line}", values)
    except csv.Error as error:
        raise GlossaryFormatError(f"line {reader.line_num}: not valid CSV: {error}") from None
    return GlossaryRead(tuple(terms), tuple(problems))


def _add(terms, problems, seen, where: str, values: dict[str, str]) -> None:
    try:
        term = make_term(
            values.get("source", ""),
            values.get("target", ""),
            values.get("status", ""),
            values.get("part_of_speech", ""),
            values.get("note", ""),
        )
    except ValueError as error:
        problems.append(f"{where}: {error}")
        return
    key = (term.source, term.target)
    if key in seen:
        problems.append(f"{where}: repeats “{term.source}” → “{term.target}” of {seen[key]}")
        return
    seen[key] = where
    terms.append(term)


def write_csv(terms: Sequence[Term]) -> bytes:
    """CSV with every column, UTF-8 with a BOM so that spreadsheets read Korean right."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for t in terms:
        writer.writerow([t.source, t.target, t.note, t.status, t.part_of_speech])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


# --- TBX ----------------------------------------------------------------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS_TO_TBX = {"preferred": "preferredTerm-admn-sts", "forbidden": "deprecatedTerm-admn-sts"}
_TBX_TO_STATUS = {
    "preferredterm-admn-sts": "preferred",
    "admittedterm-admn-sts": "preferred",
    "deprecatedterm-admn-sts": "forbidden",
    "supersededterm-admn-sts": "forbidden",
    "preferred": "preferred",
    "admitted": "preferred",
    "deprecated": "forbidden",
    "superseded": "forbidden",
    "forbidden": "forbidden",
}
DO_NOT_TRANSLATE = "do-not-translate"


def write_tbx(terms: Sequence[Term], source_lang: str, target_lang: str) -> bytes:
    """TBX-Basic (``martif``): one termEntry per source term (see the module docstring)."""
    root = etree.Element("martif", {"type": "TBX-Basic", _XML_LANG: source_lang})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    source_desc = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(source_desc, "p").text = f"translate_app glossary {source_lang}-{target_lang}"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    entries: dict[str, list[Term]] = {}
    for term in terms:
        entries.setdefault(term.source, []).append(term)
    for number, (source, group) in enumerate(entries.items(), start=1):
        entry = etree.SubElement(body, "termEntry", id=f"c{number}")
        source_set = etree.SubElement(entry, "langSet", {_XML_LANG: source_lang})
        etree.SubElement(etree.SubElement(source_set, "tig"), "term").text = _xml(source)
        target_set = etree.SubElement(entry, "langSet", {_XML_LANG: target_lang})
        for term in group:
            tig = etree.SubElement(target_set, "tig")
            etree.SubElement(tig, "term").text = _xml(term.target)
            if term.part_of_speech:
                etree.SubElement(tig, "termNote", type="partOfSpeech").text = _xml(
                    term.part_of_speech
                )
            status = _STATUS_TO_TBX.get(term.status, "preferredTerm-admn-sts")
            etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
            if term.status == DO_NOT_TRANSLATE:
                etree.SubElement(tig, "termNote", type="transferComment").text = DO_NOT_TRANSLATE
            if term.note:
                etree.SubElement(tig, "note").text = _xml(term.note)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _xml(text: str) -> str:
    try:
        return check_xml_text(text, f"the term {text[:40]!r}")
    except ExchangeFormatError as error:
        raise GlossaryFormatError(str(error)) from None


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element, *names: str):
    return [child for child in element if _local(child) in names]


def _text(element) -> str:
    return "".join(element.itertext()).strip()


def _same_language(code: str, wanted: str) -> bool:
    code, wanted = code.lower(), wanted.lower()
    return code == wanted or code.split("-")[0] == wanted.split("-")[0]


def read_tbx(
    data: bytes, source_lang: str | None = None, target_lang: str | None = None
) -> GlossaryRead:
    """Terms from TBX-Basic (``martif``) or TBX v3 (``tbx``). Without languages, the
    source is the document's ``xml:lang`` and the target the entries' other language."""
    try:
        root = parse_xml(data, allow_doctype=True)
    except ExchangeFormatError as error:
        raise GlossaryFormatError(str(error)) from None
    if _local(root) not in ("martif", "tbx"):
        raise GlossaryFormatError(
            f"the root element is <{_local(root)}>: a TBX file starts with <martif> or <tbx>"
        )
    source_lang = source_lang or root.get(_XML_LANG)
    if not source_lang:
        raise GlossaryFormatError("the file names no source language (xml:lang on its root)")
    entries = [e for e in root.iter() if _local(e) in ("termEntry", "conceptEntry")]
    terms: list[Term] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"line {entry.sourceline}" if entry.sourceline else f"entry {number}"
        lang_sets = _children(entry, "langSet", "langSec")
        sources = [s for s in lang_sets if _same_language(s.get(_XML_LANG, ""), source_lang)]
        others = [s for s in lang_sets if s not in sources]
        if target_lang is None and others:
            target_lang = others[0].get(_XML_LANG, "")
        targets = [s for s in others if _same_language(s.get(_XML_LANG, ""), target_lang or "")]
        source_terms = [_text(t) for s in sources for t in _term_elements(s)]
        if not source_terms:
            problems.append(f"{where}: the entry has no {source_lang} term")
            continue
        if not targets:
            problems.append(f"{where}: the entry has no {target_lang or 'target'} term")
            continue
        for group in (g for s in targets for g in _children(s, "tig", "ntig", "termSec")):
            values = _tbx_values(group)
            if values is None:
                problems.append(
                    f"{where}: unknown administrativeStatus: use one of "
                    + ", ".join(sorted(set(_TBX_TO_STATUS)))
                )
                continue
            for source in source_terms:
                _add(terms, problems, seen, where, {**values, "source": source})
    return GlossaryRead(tuple(terms), tuple(problems))


def _term_elements(lang_set):
    return [e for e in lang_set.iter() if _local(e) == "term"]


def _tbx_values(group) -> dict[str, str] | None:
    term = next((e for e in group.iter() if _local(e) == "term"), None)
    values = {"target": _text(term) if term is not None else "", "status": "preferred"}
    notes = []
    for element in group.iter():
        kind = (element.get("type") or "").strip()
        name = _local(element)
        if name in ("termNote", "descrip") and kind == "administrativeStatus":
            status = _TBX_TO_STATUS.get(_text(element).lower())
            if status is None:
                return None
            if values["status"] != DO_NOT_TRANSLATE:
                values["status"] = status
        elif name == "termNote" and kind == "transferComment":
            if _text(element).lower() == DO_NOT_TRANSLATE:
                values["status"] = DO_NOT_TRANSLATE
        elif name == "termNote" and kind == "partOfSpeech":
            values["part_of_speech"] = _text(element)
        elif name == "note":
            notes.append(_text(element))
    values["note"] = "\n".join(n for n in notes if n)
    return values
