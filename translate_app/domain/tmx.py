"""TMX 1.4b: translation units of an article, or of every article of a language pair.

A file read is checked against the TMX 1.4b DTD (shipped beside this module). Units
that cannot be used are skipped and reported, one line each, not refused whole: a
memory from another tool often has a language the app does not translate.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from .exchange import ExchangeDocument, ExchangeFormatError, parse_xml, text_of

DTD_PATH = Path(__file__).with_name("schemas") / "tmx14.dtd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EXPORTED_PROP = "x-exported-at"


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
    line: int = 0


@dataclass(frozen=True)
class TmxReadResult:
    units: list[TmxUnit]
    skipped: list[str]
    exported_at: datetime | None = None  # when this app wrote it; None for other tools


def tmx_units_from_document(doc: ExchangeDocument) -> list[TmxUnit]:
    return [
        TmxUnit(
            source=unit.source,
            target=unit.target,
            source_lang=doc.source_lang,
            target_lang=doc.target_lang,
            key=unit.key,
            author=unit.author,
            created=unit.created or unit.changed,
            changed=unit.changed,
            note=f"{doc.slug}: paragraph {unit.position} ({unit.kind})",
        )
        for unit in doc.units
        if unit.target
    ]


def _date(value: datetime) -> str:
    return value.astimezone(UTC).strftime(DATE_FORMAT)


def write_tmx(units: Iterable[TmxUnit], *, source_lang: str, created: datetime) -> bytes:
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header", {
        "creationtool": "translate_app", "creationtoolversion": "1", "segtype": "paragraph",
        "o-tmf": "translate_app", "adminlang": "en", "srclang": source_lang,
        "datatype": "plaintext", "creationdate": _date(created),
    })  # fmt: skip
    # TMX dates stop at the second; an upload tells edits made after the download by
    # the exact moment.
    etree.SubElement(header, "prop", type=EXPORTED_PROP).text = created.isoformat()
    body = etree.SubElement(root, "body")
    for unit in units:
        attrs = {}
        if unit.key:
            attrs["tuid"] = unit.key
        if unit.created:
            attrs["creationdate"] = _date(unit.created)
        if unit.author:
            attrs["creationid"] = attrs["changeid"] = unit.author
        if unit.changed:
            attrs["changedate"] = _date(unit.changed)
        tu = etree.SubElement(body, "tu", attrs)
        if unit.note:
            etree.SubElement(tu, "note").text = unit.note
        for lang, text in ((unit.source_lang, unit.source), (unit.target_lang, unit.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    return etree.tostring(
        etree.ElementTree(root),
        xml_declaration=True,
        encoding="UTF-8",
        pretty_print=True,
        doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
    )


def read_tmx(data: bytes, *, source_lang: str, target_lang: str) -> TmxReadResult:
    tree = parse_xml(data, allow_doctype=True)
    dtd = etree.DTD(str(DTD_PATH))
    if not dtd.validate(tree):
        error = dtd.error_log.filter_from_errors()[0]
        raise ExchangeFormatError(f"line {error.line}: not valid TMX 1.4b: {error.message}")
    units, skipped = [], []
    for tu in tree.getroot().iterfind("body/tu"):
        variants = {}
        for tuv in tu.iterfind("tuv"):
            variants.setdefault(tuv.get(XML_LANG, "").lower(), tuv)
        source = _pick(variants, source_lang)
        target = _pick(variants, target_lang)
        where = f"line {tu.sourceline}"
        if source is None or target is None:
            missing = source_lang if source is None else target_lang
            found = ", ".join(sorted(variants)) or "none"
            skipped.append(f"{where}: the unit has no text in {missing} (it has {found})")
            continue
        source_text, target_text = text_of(source.find("seg")), text_of(target.find("seg"))
        if not source_text.strip() or not target_text.strip():
            skipped.append(f"{where}: an empty segment")
            continue
        note = tu.find("note")
        units.append(
            TmxUnit(
                source=source_text,
                target=target_text,
                source_lang=source_lang,
                target_lang=target_lang,
                key=tu.get("tuid"),
                author=target.get("changeid") or tu.get("changeid") or tu.get("creationid"),
                created=_parse_date(tu.get("creationdate")),
                changed=_parse_date(target.get("changedate") or tu.get("changedate")),
                note=note.text if note is not None else None,
                line=tu.sourceline,
            )
        )
    return TmxReadResult(units, skipped, _exported_at(tree.getroot().find("header")))


def _exported_at(header) -> datetime | None:
    if header is None or header.get("creationtool") != "translate_app":
        return None
    prop = header.find(f"prop[@type='{EXPORTED_PROP}']")
    try:
        return datetime.fromisoformat(prop.text) if prop is not None else None
    except (TypeError, ValueError):
        return None


def _pick(variants: dict, lang: str):
    """The variant in ``lang``: the exact code first, then the same primary language
    (a memory's ko-KR is our ko, its en-US our en)."""
    wanted = lang.lower()
    if wanted in variants:
        return variants[wanted]
    primary = wanted.split("-")[0]
    return next((v for code, v in variants.items() if code.split("-")[0] == primary), None)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
