"""TMX 1.4b: translation memory out of the app's segments, and back in from other tools.

Reading is lenient about what varies between tools (the case and region of language
codes) and strict about what does not (the DTD): a unit that lacks one of the two
languages, or has an empty segment, is skipped with a message rather than failing the
whole file. Language codes match exactly (ignoring case and ``_``/``-``), else when
one is the other plus subtags (``ko`` and ``ko-KR``); ``zh-Hans`` and ``zh-CN`` do not
match, since that would need likely-subtag data.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.resources import files

from lxml import etree

from .exchange import TOOL_ID, ExchangeDocument, ExchangeFormatError, check_xml_text, parse_xml, utc

DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
PROP_SLUG = "x-slug"
PROP_PARAGRAPH = "x-paragraph"
PROP_EXPORTED = "x-exported-at"


@dataclass(frozen=True)
class TmxUnit:
    source: str
    target: str
    source_lang: str
    target_lang: str
    key: str | None = None
    author: str | None = None
    created: datetime | None = None
    changed: datetime | None = None
    note: str | None = None
    slug: str | None = None
    paragraph: int | None = None
    line: int = field(default=0, compare=False)  # where a unit read from a file starts


@dataclass
class TmxReadResult:
    units: list[TmxUnit] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "line 12: tu has no tuv in ko"
    exported_at: datetime | None = None  # when this app wrote it; None for other tools


def tmx_dtd() -> etree.DTD:
    # A validator keeps its error log on itself; one per read keeps threads apart.
    with (files(__package__) / "schemas" / "tmx14.dtd").open("rb") as dtd:
        return etree.DTD(dtd)


def tmx_units_from_document(doc: ExchangeDocument) -> list[TmxUnit]:
    return [
        TmxUnit(
            source=unit.source,
            target=unit.target,
            source_lang=doc.source_lang,
            target_lang=doc.target_lang,
            key=unit.key,
            author=unit.author,
            created=unit.created,
            changed=unit.changed,
            slug=doc.slug,
            paragraph=unit.position,
        )
        for unit in doc.units
        if unit.target
    ]


def _date(moment: datetime) -> str:
    return utc(moment).strftime(DATE_FORMAT)


def _add_text(parent: etree._Element, tag: str, text: str, what: str, **attrs: str) -> None:
    etree.SubElement(parent, tag, attrs).text = check_xml_text(text, what)


def write_tmx(
    units: Iterable[TmxUnit], *, source_lang: str, created: datetime, tool_version: str = "1"
) -> bytes:
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root,
        "header",
        {
            "creationtool": TOOL_ID,
            "creationtoolversion": tool_version,
            "datatype": "plaintext",
            "segtype": "paragraph",
            "adminlang": "en",
            "srclang": source_lang,
            "o-tmf": TOOL_ID,
            "creationdate": _date(created),
        },
    )
    # TMX dates stop at the second; an upload tells an edit made after the download by
    # the exact moment.
    _add_text(header, "prop", utc(created).isoformat(), "", type=PROP_EXPORTED)
    body = etree.SubElement(root, "body")
    for unit in units:
        what = f"unit {unit.key or unit.source[:20]!r}"
        tu = etree.SubElement(body, "tu")
        attrs = {
            "tuid": unit.key,
            "creationdate": unit.created and _date(unit.created),
            "creationid": unit.author,
            "changedate": unit.changed and _date(unit.changed),
            "changeid": unit.author,
        }
        for name, value in attrs.items():
            if value:
                tu.set(name, check_xml_text(value, f"the {name} of {what}"))
        if unit.note:
            _add_text(tu, "note", unit.note, f"the note of {what}")
        if unit.slug:
            _add_text(tu, "prop", unit.slug, f"the slug of {what}", type=PROP_SLUG)
        if unit.paragraph is not None:
            _add_text(tu, "prop", str(unit.paragraph), "", type=PROP_PARAGRAPH)
        for lang, text in ((unit.source_lang, unit.source), (unit.target_lang, unit.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            _add_text(tuv, "seg", text, f"the {lang} text of {what}")
    return etree.tostring(
        root.getroottree(),
        xml_declaration=True,
        encoding="UTF-8",
        pretty_print=True,
        doctype=DOCTYPE,
    )


def _subtags(code: str) -> list[str]:
    return code.strip().lower().replace("_", "-").split("-")


def _languages_match(wanted: list[str], found: list[str]) -> bool:
    shorter = min(len(wanted), len(found))
    return wanted[:shorter] == found[:shorter]


def _find_tuv(tuvs: list[etree._Element], lang: str) -> etree._Element | None:
    wanted = _subtags(lang)
    exact = [tuv for tuv in tuvs if _subtags(tuv.get(XML_LANG, "")) == wanted]
    if exact:
        return exact[0]
    near = [tuv for tuv in tuvs if _languages_match(wanted, _subtags(tuv.get(XML_LANG, "")))]
    return near[0] if near else None


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None  # a date is a courtesy; a malformed one costs the unit nothing


def _props(tu: etree._Element) -> dict[str, str]:
    return {prop.get("type"): prop.text or "" for prop in tu.findall("prop")}


def read_tmx(data: bytes, *, source_lang: str, target_lang: str) -> TmxReadResult:
    root = parse_xml(data, allow_doctype=True)
    dtd = tmx_dtd()
    if not dtd.validate(root):
        error = dtd.error_log.filter_from_errors()[0]
        raise ExchangeFormatError(f"not a valid TMX 1.4 file: {error.message}", error.line)
    result = TmxReadResult(exported_at=_exported_at(root.find("header")))
    for tu in root.iter("tu"):
        read = _read_tu(tu, source_lang, target_lang)
        if isinstance(read, str):
            result.skipped.append(read)
        else:
            result.units.append(read)
    return result


def _exported_at(header: etree._Element | None) -> datetime | None:
    if header is None or header.get("creationtool") != TOOL_ID:
        return None
    prop = header.find(f"prop[@type='{PROP_EXPORTED}']")
    try:
        return datetime.fromisoformat(prop.text) if prop is not None else None
    except (TypeError, ValueError):
        return None


def _read_tu(tu: etree._Element, source_lang: str, target_lang: str) -> TmxUnit | str:
    """The unit in ``tu``, or why it was skipped."""
    found = []
    for lang in (source_lang, target_lang):
        tuv = _find_tuv(tu.findall("tuv"), lang)
        if tuv is None:
            return f"line {tu.sourceline}: tu has no tuv in {lang}"
        seg = tuv.find("seg")
        text = "".join(seg.itertext())
        if not text.strip():
            return f"line {seg.sourceline}: empty seg in {lang}"
        found.append((tuv, text))
    (source_tuv, source), (target_tuv, target) = found
    # OmegaT dates and signs the target tuv, memoQ and Trados the tu.
    about = {
        name: tu.get(name) or target_tuv.get(name)
        for name in ("creationid", "creationdate", "changeid", "changedate")
    }
    props = _props(tu)
    paragraph = props.get(PROP_PARAGRAPH, "")
    notes = [note.text for note in tu.findall("note") if note.text]
    return TmxUnit(
        source=source,
        target=target,
        source_lang=source_tuv.get(XML_LANG),
        target_lang=target_tuv.get(XML_LANG),
        key=tu.get("tuid"),
        author=about["changeid"] or about["creationid"],
        created=_parse_date(about["creationdate"]),
        changed=_parse_date(about["changedate"]),
        note="\n".join(notes) or None,
        slug=props.get(PROP_SLUG),
        paragraph=int(paragraph) if paragraph.isascii() and paragraph.isdigit() else None,
        line=tu.sourceline,
    )
