"""XLIFF 1.2 and 2.0: one file per article and target language, for CAT tools.

Written with lxml rather than translate-toolkit's storage classes: those write XLIFF
1.2 only, and put attributes the strict schema refuses; here every export validates
against the OASIS schemas (checked in the tests).

States, from the app to the file and back:

| app          | XLIFF 1.2 target state                 | XLIFF 2.0 segment state           |
|--------------|----------------------------------------|-----------------------------------|
| untranslated | no target                              | initial, no target                |
| draft        | new                                    | initial                           |
| rejected     | needs-review-translation, approved=no  | initial, subState app:rejected    |
| needs review | needs-review-translation               | translated, subState app:needs-review |
| translated   | translated                             | translated                        |
| approved     | final, approved=yes                    | final                             |

Read back: 1.2 new / needs-translation / needs-l10n / needs-adaptation are drafts,
translated is translated, needs-review-* needs review (rejected with approved=no),
signed-off and final are approved; 2.0 initial (with a target) is a draft, translated
and reviewed are translated, final is approved, and the app's own subStates come back
as they went out. A unit without a target is untranslated. What becomes of a state on
upload is the upload's decision (it never approves).
"""

from dataclasses import dataclass
from datetime import UTC

from lxml import etree

from .exchange import (
    ExchangeDocument,
    ExchangeFormatError,
    ExchangeUnit,
    ImportedUnit,
    parse_xml,
    text_of,
)
from .states import State

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
TOOL = "translate_app"
EXPORTED_NOTE = "x-exported-at"  # 2.0 has no file date: a file note carries it

_TO_12 = {
    State.DRAFT: "new",
    State.REJECTED: "needs-review-translation",
    State.NEEDS_REVIEW: "needs-review-translation",
    State.TRANSLATED: "translated",
    State.APPROVED: "final",
}
_FROM_12 = {
    "new": State.DRAFT,
    "needs-translation": State.DRAFT,
    "needs-l10n": State.DRAFT,
    "needs-adaptation": State.DRAFT,
    "translated": State.TRANSLATED,
    "needs-review-translation": State.NEEDS_REVIEW,
    "needs-review-l10n": State.NEEDS_REVIEW,
    "needs-review-adaptation": State.NEEDS_REVIEW,
    "signed-off": State.APPROVED,
    "final": State.APPROVED,
}
_TO_20 = {
    State.DRAFT: ("initial", None),
    State.REJECTED: ("initial", "app:rejected"),
    State.NEEDS_REVIEW: ("translated", "app:needs-review"),
    State.TRANSLATED: ("translated", None),
    State.APPROVED: ("final", None),
}
_FROM_20 = {
    "initial": State.DRAFT,
    "translated": State.TRANSLATED,
    "reviewed": State.TRANSLATED,
    "final": State.APPROVED,
}
_SUBSTATES = {"app:rejected": State.REJECTED, "app:needs-review": State.NEEDS_REVIEW}


@dataclass(frozen=True)
class XliffFile:
    units: list[ImportedUnit]
    target_lang: str | None
    exported: str | None  # when this app wrote it (None for a file of another tool)


def _xml(name: str) -> str:
    return f"{{{XML_NS}}}{name}"


def _bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _kind_note(unit: ExchangeUnit) -> str:
    return f"paragraph {unit.position} ({unit.kind})"


def write_xliff12(doc: ExchangeDocument) -> bytes:
    def el(parent, tag, text=None, **attrs):
        child = etree.SubElement(parent, f"{{{NS12}}}{tag}", attrs)
        if text is not None:
            child.text = text
        return child

    root = etree.Element(f"{{{NS12}}}xliff", nsmap={None: NS12}, version="1.2")
    file = el(root, "file", original=doc.slug, datatype="plaintext", **{
        "source-language": doc.source_lang, "target-language": doc.target_lang,
        "tool-id": TOOL, "date": doc.created.astimezone(UTC).isoformat(),
    })  # fmt: skip
    header = el(file, "header")
    el(header, "tool", **{"tool-id": TOOL, "tool-name": TOOL, "tool-version": doc.tool_version})
    el(header, "note", doc.title, **{"from": TOOL})
    body = el(file, "body")
    for unit in doc.units:
        attrs = {"id": unit.key, "resname": unit.key, _xml("space"): "preserve"}
        if unit.state == State.APPROVED:
            attrs["approved"] = "yes"
        elif unit.state == State.REJECTED:
            attrs["approved"] = "no"
        trans_unit = el(body, "trans-unit", **attrs)
        el(trans_unit, "source", unit.source)
        if unit.target:
            el(trans_unit, "target", unit.target, state=_TO_12[unit.state])
        el(trans_unit, "note", _kind_note(unit), **{"from": TOOL})
        for note in unit.notes:
            el(trans_unit, "note", note)
    return _bytes(root)


def write_xliff20(doc: ExchangeDocument) -> bytes:
    def el(parent, tag, text=None, **attrs):
        child = etree.SubElement(parent, f"{{{NS20}}}{tag}", attrs)
        if text is not None:
            child.text = text
        return child

    root = etree.Element(
        f"{{{NS20}}}xliff",
        nsmap={None: NS20},
        version="2.0",
        srcLang=doc.source_lang,
        trgLang=doc.target_lang,
    )
    file = el(root, "file", id="f1", original=doc.slug)
    notes = el(file, "notes")
    el(notes, "note", doc.title, category="title")
    el(notes, "note", doc.created.astimezone(UTC).isoformat(), category=EXPORTED_NOTE)
    for unit in doc.units:
        # Keys are hexadecimal: valid NMTOKENs as they are.
        xunit = el(file, "unit", id=unit.key, name=unit.key)
        unit_notes = el(xunit, "notes")
        el(unit_notes, "note", _kind_note(unit), category="location")
        for note in unit.notes:
            el(unit_notes, "note", note, category="comment")
        attrs = {}
        if unit.target:
            state, sub_state = _TO_20[unit.state]
            attrs["state"] = state
            if sub_state:
                attrs["subState"] = sub_state
        segment = el(xunit, "segment", **attrs)
        el(segment, "source", unit.source, **{_xml("space"): "preserve"})
        if unit.target:
            el(segment, "target", unit.target, **{_xml("space"): "preserve"})
    return _bytes(root)


def read_xliff(data: bytes) -> XliffFile:
    """The units of an XLIFF 1.2 or 2.0 file, its target language, and when it was
    exported from this app."""
    root = parse_xml(data).getroot()
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or namespace not in (NS12, NS20):
        raise ExchangeFormatError(
            f"line {root.sourceline}: not XLIFF 1.2 or 2.0 (the root is "
            f"<{etree.QName(root).localname}> in {namespace or 'no namespace'})"
        )
    return _read_12(root) if namespace == NS12 else _read_20(root)


def _read_12(root) -> XliffFile:
    ns = {"x": NS12}
    units = []
    for trans_unit in root.iterfind(".//x:trans-unit", ns):
        target = trans_unit.find("x:target", ns)
        text = text_of(target)
        if not text:
            state = State.UNTRANSLATED
        elif trans_unit.get("approved") == "no" and target.get("state", "").startswith(
            "needs-review"
        ):
            state = State.REJECTED
        else:
            state = _FROM_12.get(target.get("state", "translated"), State.DRAFT)
        units.append(
            ImportedUnit(
                key=trans_unit.get("resname") or trans_unit.get("id"),
                source=text_of(trans_unit.find("x:source", ns)),
                target=text,
                state=state,
                line=trans_unit.sourceline,
            )
        )
    file = root.find("x:file", ns)
    # Only a file this app wrote says when its texts were read out of the app.
    ours = file is not None and file.get("tool-id") == TOOL
    target_lang = file.get("target-language") if file is not None else None
    return XliffFile(units, target_lang, file.get("date") if ours else None)


def _read_20(root) -> XliffFile:
    ns = {"x": NS20}
    units = []
    for unit in root.iterfind(".//x:unit", ns):
        segments = unit.findall("x:segment", ns)
        source = "".join(text_of(s.find("x:source", ns)) for s in segments)
        target = "".join(text_of(s.find("x:target", ns)) for s in segments)
        first = segments[0] if segments else unit
        if not target:
            state = State.UNTRANSLATED
        else:
            state = _SUBSTATES.get(first.get("subState") or "") or _FROM_20.get(
                first.get("state", "initial"), State.DRAFT
            )
        units.append(
            ImportedUnit(
                key=unit.get("name") or unit.get("id"),
                source=source,
                target=target,
                state=state,
                line=unit.sourceline,
            )
        )
    exported = root.find(f"x:file/x:notes/x:note[@category='{EXPORTED_NOTE}']", ns)
    return XliffFile(units, root.get("trgLang"), exported.text if exported is not None else None)
