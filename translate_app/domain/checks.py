"""Quality checks of a translation against its source, run on every save.

Each check has a stable name and a severity (``CHECKS``): an error blocks approval until
an editor dismisses it with a reason, a warning is shown. ``run_checks`` runs them all
but "inconsistent", which compares with other segments, and "machine", which needs the
machine translation a version was taken from: both live in the services.

translate-toolkit's StandardChecker does what it does well on Korean as well as on
English: brackets, double spaces, whitespace at the start and end, and a copied source
in cased scripts. The others are written here because the toolkit's versions assume
Latin text:

- its URL and e-mail patterns take Hangul for word characters, so a particle written
  after an address (https://example.org에서) makes a different address, and they keep
  a sentence's final period as part of the URL;
- its number check counts substrings ("1" is found inside "1998") and cannot see a
  number a translation spells out (2년 / two years);
- its end punctuation check does not know that a Korean sentence ending in 다 or 요
  without a period misses one, nor that a Korean headline ends in 다 with none;
- its copied-source check treats text without case (Hangul) as an acronym, never copied;
- its sentence count is not checked at all: translations between English and Korean
  split and merge sentences as they should (the sample's 그는 이렇게 덧붙였다. “…”).

Texts may hold the app's inline tag tokens (``<1>…</1>``, ``<2/>``, see inline.py): the
"tags" check compares them; every other check reads the text without them.
"""

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from translate.filters import decoration
from translate.filters.checks import CheckerConfig, FilterFailure, StandardChecker

from . import glossary
from .alignment import FITTED
from .inline import TOKEN, check_tags, plain


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"check": self.check, "severity": str(self.severity), "message": self.message}


@dataclass(frozen=True)
class CheckInfo:
    name: str
    severity: Severity
    label: str


#: Every check, in the order findings are listed. The glossary check is a warning, but a
#: forbidden translation used is an error.
CHECKS: tuple[CheckInfo, ...] = (
    CheckInfo("empty", Severity.ERROR, "Empty translation"),
    CheckInfo("tags", Severity.ERROR, "Inline tags"),
    # A warning: English and Korean write large numbers differently (3 million is
    # 300만, 1.5 billion 15억), so a number that seems missing often is not.
    CheckInfo("numbers", Severity.WARNING, "Numbers"),
    CheckInfo("urls", Severity.ERROR, "URLs"),
    CheckInfo("emails", Severity.ERROR, "E-mail addresses"),
    CheckInfo("brackets", Severity.WARNING, "Brackets"),
    CheckInfo("quotes", Severity.WARNING, "Quotation marks"),
    CheckInfo("end_punctuation", Severity.WARNING, "End punctuation"),
    CheckInfo("double_space", Severity.WARNING, "Double spaces"),
    CheckInfo("whitespace", Severity.WARNING, "Leading or trailing whitespace"),
    CheckInfo("same_as_source", Severity.WARNING, "Same as the source"),
    CheckInfo("length_ratio", Severity.WARNING, "Length"),
    CheckInfo("glossary", Severity.WARNING, "Glossary"),
    CheckInfo("inconsistent", Severity.WARNING, "Inconsistent with another translation"),
    # Only where an article asks for it: a version that is mostly a provider's output
    # waits for an editor who has read it as such.
    CheckInfo("machine", Severity.ERROR, "Unedited machine translation"),
)
CHECK_NAMES = tuple(info.name for info in CHECKS)
_ORDER = {name: index for index, name in enumerate(CHECK_NAMES)}

#: Sources shorter than this (characters without whitespace) are not length-checked:
#: a short phrase's translation may well be several times longer or shorter.
MIN_LENGTH_CHECK_CHARS = 40
#: How far from the pair's expected ratio a translation may go before it is flagged.
LENGTH_BAND = (0.4, 2.5)


def _finding(name: str, message: str, severity: Severity | None = None) -> Finding:
    default = next(info.severity for info in CHECKS if info.name == name)
    return Finding(name, str(severity or default), message)


def run_checks(
    source: str,
    target: str,
    source_lang: str,
    target_lang: str,
    *,
    terms: Sequence[glossary.Term] = (),
    tags: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Finding]:
    """What is wrong with ``target`` as a translation of ``source``: every check but
    "inconsistent" and "machine", one finding per check and severity, in the order of ``CHECKS``.

    ``tags`` is the segment's tag map (inline.py); without it, the numbered tokens of
    the source are taken for its tags.
    """
    if tags is None:
        tags = _tags_of(source)
    src, tgt = plain(source, tags), plain(target, tags)
    if not src.strip():
        return []
    if not tgt.strip():
        return [_finding("empty", "the translation is empty")]
    findings: list[Finding] = []
    problems = check_tags(source, target, tags) if tags else []
    if problems:
        findings.append(_finding("tags", "; ".join(problems)))
    checker = StandardChecker(CheckerConfig(targetlanguage=target_lang))
    for check in (
        _numbers,
        _urls,
        _emails,
        _brackets,
        _quotes,
        _end_punctuation,
        _double_space,
        _whitespace,
        _same_as_source,
        _length_ratio,
    ):
        message = check(src, tgt, source_lang, target_lang, checker, terms)
        if message:
            findings.append(_finding(check.__name__.lstrip("_"), message))
    findings.extend(glossary.glossary_findings(src, tgt, terms, source_lang, target_lang))
    return merge(findings)


def merge(findings: Sequence[Finding]) -> list[Finding]:
    """One finding per check and severity (their messages joined), in ``CHECKS`` order."""
    merged: dict[tuple[str, str], list[str]] = {}
    for finding in findings:
        messages = merged.setdefault((finding.check, finding.severity), [])
        if finding.message not in messages:
            messages.append(finding.message)
    ordered = sorted(merged, key=lambda key: (_ORDER.get(key[0], len(_ORDER)), key[1]))
    return [
        Finding(check, severity, "; ".join(merged[check, severity])) for check, severity in ordered
    ]


def _tags_of(source: str) -> dict[str, dict[str, str]]:
    tags: dict[str, dict[str, str]] = {}
    for closing, number, empty in TOKEN.findall(source):
        if not (closing and empty):
            tags.setdefault(number, {"type": "br" if empty else "b"})
    return tags


def _toolkit_fails(test, source: str, target: str) -> str | None:
    """The toolkit test's complaint, or None when it passes."""
    try:
        test(source, target)
    except FilterFailure as failure:
        return str(failure)
    return None


def _listed(values: Sequence[str]) -> str:
    """Two or more values as a list in a sentence: a, b and c."""
    return ", ".join(values[:-1]) + " and " + values[-1]


# --- Numbers, URLs, e-mail addresses ----------------------------------------------------------

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NUMBER_WORDS = {
    "en": {
        word: str(value)
        for value, word in enumerate(
            [
                "zero",
                "one",
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
            ]
        )
    }
    | {"twice": "2", "once": "1", "dozen": "12", "hundred": "100", "thousand": "1000"},
}


def _numbers_in(text: str) -> Counter[str]:
    return Counter(decoration.getnumbers(_THOUSANDS.sub("", text)))


def _numbers(src, tgt, source_lang, target_lang, checker, terms) -> str | None:
    missing = _numbers_in(src) - _numbers_in(tgt)
    if not missing:
        return None
    target_numbers = list(_numbers_in(tgt).elements())
    words = _NUMBER_WORDS.get(target_lang.split("-")[0], {})
    spelled = Counter(words[w] for w in re.findall(r"[a-z]+", tgt.lower()) if w in words)
    left = []
    for number, count in missing.items():
        count -= spelled.get(number, 0)
        # "the 90s" is "1990년대": a decade's two digits end a four-digit year.
        if _decade(number, src, target_numbers, tgt):
            count = 0
        if count > 0:
            left.append(number)
    if not left:
        return None
    if len(left) == 1:
        return f"the number {left[0]} in the source is missing from the translation"
    return f"the numbers {_listed(left)} in the source are missing from the translation"


def _decade(number: str, src: str, target_numbers: list[str], tgt: str) -> bool:
    """Whether ``number`` is a decade the other text writes in its other form:
    the 90s / 1990년대 one way, 1990년대 / the 90s the other."""
    if re.search(rf"(?<!\d)['’]?{re.escape(number)}s\b", src):
        return any(len(t) == 4 and t.endswith(number) for t in target_numbers)
    return len(number) == 4 and re.search(rf"(?<!\d)['’]?{number[2:]}s\b", tgt) is not None


_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.I)
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL_TRAILING = ".,;:!?'\")]"


def _urls_in(text: str) -> Counter[str]:
    found = Counter()
    for url in _URL.findall(text):
        url = url.rstrip(_URL_TRAILING)
        found[url] += 1
    return found


def _missing(found_in_source: Counter[str], found_in_target: Counter[str], what: str) -> str | None:
    missing = list((found_in_source - found_in_target).keys())
    if not missing:
        return None
    if len(missing) == 1:
        return f"the {what} {missing[0]} in the source is missing from the translation"
    return f"the {what}s {_listed(missing)} in the source are missing from the translation"


def _urls(src, tgt, source_lang, target_lang, checker, terms) -> str | None:
    return _missing(_urls_in(src), _urls_in(tgt), "URL")


def _emails(src, tgt, source_lang, target_lang, checker, terms) -> str | None:
    def found(text: str) -> Counter[str]:
        return Counter(email.rstrip(".") for email in _EMAIL.findall(_URL.sub(" ", text)))

    return _missing(found(src), found(tgt), "e-mail address")


# --- Brackets and quotation marks ---------------------------------------------------------

_FULL_WIDTH_BRACKETS = str.maketrans("\uff08\uff09\uff3b\uff3d\uff5b\uff5d", "()[]{}")


def _brackets(src, tgt, source_lang, target_lang, checker, terms) -> str | None:
    failure = _toolkit_fails(
        checker.brackets,
        src.translate(_FULL_WIDTH_BRACKETS),
        tgt.translate(_FULL_WIDTH_BRACKETS),
    )
    if failure is None:
        return None
    return f"the brackets differ from the source's: {failure.lower()}"


_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "«": "»"}
_CLOSING_QUOTES = {close: open_ for open_, close in _QUOTE_PAIRS.items()}


def _quote_problems(text: str) -> list[str]:
    problems: list[str] = []
    stack: list[str] = []
    for char in text:
        if char in _QUOTE_PAIRS:
            stack.append(char)
        elif char in _CLOSING_QUOTES:
            if stack and stack[-1] == _CLOSING_QUOTES[char]:
                stack.pop()
            elif char == "’":
                continue  # an apostrophe: Korea’s, workers’
            elif _CLOSING_QUOTES[char] in stack:
                problems.append(f"{stack.pop()} is closed after {_CLOSING_QUOTES[char]}")
            else:
                problems.append(f"{char} closes a quotation that was not opened")
    problems.extend(f"{open_} is opened but not closed" for open_ in stack)
    if text.count('"') % 2:
        problems.append('a " mark is not paired')
    return problems


def _quotes(src, tgt, source_lang, target_lang, checker, terms) -> str | None:
    # A paragraph may quote on across the next one: what the source has, the translation may.
    if _quote_problems(src):
        return None
    problems = _quote_problems(tgt)
    return "quotation marks are not balanced: " + "; ".join(problems) if problems else None


# --- End punctuation ----------------------------------------------------------------------

_CLOSERS = "\"'”’」』»)]\uff09\uff3d"
_END_CLASS = {
    ".": "period",
    "。": "period",
    "…": "period",
    ":": "period",
    ";": "period",
    "?": "question",
    "？": "question",
    "!": "exclamation",
    "！": "exclamation",
}
# Endings of a Korean sentence: a translation ending in one of them lacks its period.
_KOREAN_ENDINGS = "다요까죠네라자니음함"


def _end(text: str) -> tuple[str, str]:
    """The text's final punctuation mark (closing quotes and brackets skipped) and class."""
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    last = stripped[-1:] or ""
    return last, _END_CLASS.get(last, "")


def _end_punctuation(src, tgt, source_lang, target_lang, checker, terms) -> str | None:
    src_mark, src_class = _end(src)
    tgt_mark, tgt_class = _end(tgt)
    if src_class == tgt_class:
        return None
    korean_target = target_lang.split("-")[0] == "ko"
    if src_class and not tgt_class:
        if korean_target and tgt_mark and tgt_mark in _KOREAN_ENDINGS:
            return (
                f"the translation ends with “{tgt_mark}” without a period: "
                f"the source ends with “{src_mark}”"
            )
        return f"the source ends with “{src_mark}” but the translation has no end punctuation"
    if not src_class:
        if source_lang.split("-")[0] == "ko" and src_mark in _KOREAN_ENDINGS:
            return None  # a Korean headline ends in 다 with no period; its translation may have one
        return f"the translation ends with “{tgt_mark}” but the source has no end punctuation"
    return f"the source ends with “{src_mark}” but the translation with “{tgt_mark}”"


# --- Spaces -------------------------------------------------------------------------------


def _double_space(src, tgt, source_lang, target_lang, checker, terms) -> str | None:
    if _toolkit_fails(checker.doublespacing, src, tgt) is None:
        return None
    if tgt.count("  ") > src.count("  "):
        return "the translation has a double space the source does not have"
    return "the source's double space is not in the translation"


def _whitespace(src, tgt, source_lang, target_lang, checker, terms) -> str | None:
    problems = []
    if _toolkit_fails(checker.startwhitespace, src, tgt):
        problems.append("at the start")
    if _toolkit_fails(checker.endwhitespace, src, tgt):
        problems.append("at the end")
    if not problems:
        return None
    return f"the whitespace {' and '.join(problems)} differs from the source's"


# --- Copies and lengths -------------------------------------------------------------------


def _same_as_source(src, tgt, source_lang, target_lang, checker, terms) -> str | None:
    key = " ".join(src.split()).casefold()
    if key != " ".join(tgt.split()).casefold():
        return None
    if any(
        t.status == "do-not-translate" and " ".join(t.source.split()).casefold() == key
        for t in terms
    ):
        return None
    if any(c.isalpha() and c.lower() != c.upper() for c in src):
        failed = _toolkit_fails(checker.unchanged, " ".join(src.split()), " ".join(tgt.split()))
    else:
        # The toolkit takes uncased text for an acronym: two letters copied are a copy.
        failed = sum(c.isalpha() for c in src) >= 2
    return "the translation is the same as the source" if failed else None


def _letters(text: str) -> int:
    return sum(not c.isspace() for c in text)


def _length_ratio(src, tgt, source_lang, target_lang, checker, terms) -> str | None:
    model = FITTED.get((source_lang.split("-")[0], target_lang.split("-")[0]))
    source_chars = _letters(src)
    if model is None or source_chars < MIN_LENGTH_CHECK_CHARS:
        return None
    ratio = _letters(tgt) / source_chars
    low, high = model.ratio * LENGTH_BAND[0], model.ratio * LENGTH_BAND[1]
    if low <= ratio <= high:
        return None
    how = "short" if ratio < low else "long"
    return (
        f"the translation is unusually {how} for {source_lang} to {target_lang}: "
        f"{ratio / model.ratio:.1f} times the expected length"
    )
