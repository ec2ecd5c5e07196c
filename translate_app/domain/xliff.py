"""XLIFF 1.2 and 2.0: writing a document's segments, reading the units back.

Written with lxml rather than translate-toolkit: the files must validate against the
1.2 strict and 2.0 core schemas, and building the elements in schema order is shorter
than bending the toolkit's output (which adds attributes of its own) into them.

States, app -> file. Read back, each comes out as it went in, so a round trip keeps
every state (2.0 needs our subState for that; its values are ``translate_app:<name>``):

| app          | XLIFF 1.2 target state, unit approved   | XLIFF 2.0 segment state, subState |
| ------------ | --------------------------------------- | --------------------------------- |
| UNTRANSLATED | no <target>                             | initial, no <target>              |
| DRAFT        | new                                     | initial, draft                    |
| REJECTED     | needs-review-translation, approved="no" | initial, rejected                 |
| NEEDS_REVIEW | needs-review-translation                | translated, needs-review          |
| TRANSLATED   | translated                              | translated                        |
| APPROVED     | final, approved="yes"                   | final                             |

Other tools' files -> app. A unit without a target, or with an empty one, is
UNTRANSLATED whatever its state. XLIFF 1.2: new, needs-translation, needs-adaptation,
needs-l10n -> DRAFT; needs-review-* -> NEEDS_REVIEW, or REJECTED beside approved="no";
translated -> TRANSLATED; signed-off, final -> APPROVED; approved="yes" -> APPROVED
whatever the state; a target with no state -> TRANSLATED (1.2 has no default, and tools
that omit it mean "done"); an x- state -> DRAFT. XLIFF 2.0: initial (its default) ->
DRAFT; translated -> TRANSLATED; reviewed, final -> APPROVED (the app has one review
step); anything else -> DRAFT. These are reports: the importing service decides what
to do with them.

Keys: a 1.2 unit's id; a 2.0 unit's name, else its id (2.0 ids must be NMTOKENs, so
keys that are not travel in ``name`` beside a stand-in id).

The 1.2 strict schema allows no xml:space on <source>, so xml:space="preserve" goes on
the <trans-unit>, which its <source> and <target> inherit.
"""

import re
from dataclasses import dataclass

from lxml import etree

from .exchange import (
    TOOL_ID,
    ExchangeDocument,
    ExchangeFormatError,
    ExchangeUnit,
    ImportedUnit,
    check_document,
    check_xml_text,
    parse_xml,
    utc,
)
from .states import State

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

STATES_TO_12: dict[State, tuple[str, str | None]] = {
    State.UNTRANSLATED: ("new", None),  # only used if such a unit carries a target
    State.DRAFT: ("new", None),
    State.REJECTED: ("needs-review-translation", "no"),
    State.NEEDS_REVIEW: ("needs-review-translation", None),
    State.TRANSLATED: ("translated", None),
    State.APPROVED: ("final", "yes"),
}
STATES_FROM_12: dict[str, State] = {
    "new": State.DRAFT,
    "needs-translation": State.DRAFT,
    "needs-adaptation": State.DRAFT,
    "needs-l10n": State.DRAFT,
    "needs-review-translation": State.NEEDS_REVIEW,
    "needs-review-adaptation": State.NEEDS_REVIEW,
    "needs-review-l10n": State.NEEDS_REVIEW,
    "translated": State.TRANSLATED,
    "signed-off": State.APPROVED,
    "final": State.APPROVED,
}
STATES_TO_20: dict[State, tuple[str, str | None]] = {
    State.UNTRANSLATED: ("initial", None),
    State.DRAFT: ("initial", "draft"),
    State.REJECTED: ("initial", "rejected"),
    State.NEEDS_REVIEW: ("translated", "needs-review"),
    State.TRANSLATED: ("translated", None),
    State.APPROVED: ("final", None),
}
STATES_FROM_20: dict[str, State] = {
    "initial": State.DRAFT,
    "translated": State.TRANSLATED,
    "reviewed": State.APPROVED,
    "final": State.APPROVED,
}
SUBSTATE_PREFIX = f"{TOOL_ID}:"
# A subState is trusted only beside the state it was written with: a tool that changes
# the state may leave our subState behind.
_SUBSTATES = {
    (value, f"{SUBSTATE_PREFIX}{sub}"): state for state, (value, sub) in STATES_TO_20.items() if sub
}
_NMTOKEN = re.compile(r"[A-Za-z0-9._:-]+")
EXPORTED_NOTE = "x-exported-at"


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _text(parent: etree._Element, tag: str, text: str, what: str, **attrs: str):
    element = etree.SubElement(parent, tag, attrs)
    element.text = check_xml_text(text, what)
    return element


def _location(unit: ExchangeUnit) -> str:
    return f"paragraph {unit.position} ({unit.kind})"


def write_xliff12(doc: ExchangeDocument) -> bytes:
    check_document(doc)
    q = f"{{{NS12}}}"
    root = etree.Element(q + "xliff", {"version": "1.2"}, nsmap={None: NS12})
    file = etree.SubElement(
        root,
        q + "file",
        {
            "original": doc.slug,
            "source-language": doc.source_lang,
            "target-language": doc.target_lang,
            "datatype": "plaintext",
            "tool-id": TOOL_ID,
            # To the microsecond: an upload tells an edit made after the download by it.
            "date": utc(doc.created).isoformat(),
        },
    )
    header = etree.SubElement(file, q + "header")
    etree.SubElement(
        header,
        q + "tool",
        {"tool-id": TOOL_ID, "tool-name": TOOL_ID, "tool-version": doc.tool_version},
    )
    _text(header, q + "note", doc.title, "the title", **{"from": TOOL_ID})
    body = etree.SubElement(file, q + "body")
    for unit in doc.units:
        tu = etree.SubElement(
            body, q + "trans-unit", {"id": unit.key, "resname": unit.key, XML_SPACE: "preserve"}
        )
        _text(tu, q + "source", unit.source, f"the source of {unit.key}")
        if unit.target:
            state, approved = STATES_TO_12[unit.state]
            if approved:
                tu.set("approved", approved)
            _text(tu, q + "target", unit.target, f"the target of {unit.key}", state=state)
        _text(tu, q + "note", _location(unit), "", **{"from": TOOL_ID})
        for number, note in enumerate(unit.notes, 1):
            _text(tu, q + "note", note, f"note {number} of {unit.key}")
    return _serialize(root)


def _nmtoken(value: str, fallback: str, taken: set[str]) -> str:
    """``value`` if it is a valid XML NMTOKEN not yet used, else a stand-in that is."""
    token = value if _NMTOKEN.fullmatch(value) else fallback
    candidate, n = token, 1
    while candidate in taken:
        n += 1
        candidate = f"{token}-{n}"
    taken.add(candidate)
    return candidate


def write_xliff20(doc: ExchangeDocument) -> bytes:
    """XLIFF 2.0 core. Unit ids must be NMTOKENs, so the key travels in ``name``."""
    check_document(doc)
    q = f"{{{NS20}}}"
    root = etree.Element(
        q + "xliff",
        {"version": "2.0", "srcLang": doc.source_lang, "trgLang": doc.target_lang},
        nsmap={None: NS20},
    )
    file = etree.SubElement(
        root, q + "file", {"id": _nmtoken(doc.slug, "document", set()), "original": doc.slug}
    )
    notes = etree.SubElement(file, q + "notes")
    _text(notes, q + "note", doc.title, "the title", category="title")
    # 2.0 has no file date: a note carries the moment of the download.
    _text(notes, q + "note", utc(doc.created).isoformat(), "", category=EXPORTED_NOTE)
    taken: set[str] = set()
    for unit in doc.units:
        element = etree.SubElement(
            file,
            q + "unit",
            {"id": _nmtoken(unit.key, f"u{unit.position}", taken), "name": unit.key},
        )
        notes = etree.SubElement(element, q + "notes")
        _text(notes, q + "note", _location(unit), "", category="location")
        for number, note in enumerate(unit.notes, 1):
            _text(notes, q + "note", note, f"note {number} of {unit.key}", category="comment")
        segment = etree.SubElement(element, q + "segment")
        if unit.target:
            state, sub = STATES_TO_20[unit.state]
            segment.set("state", state)
            if sub:
                segment.set("subState", SUBSTATE_PREFIX + sub)
        else:
            segment.set("state", "initial")
        source = _text(segment, q + "source", unit.source, f"the source of {unit.key}")
        source.set(XML_SPACE, "preserve")
        if unit.target:
            target = _text(segment, q + "target", unit.target, f"the target of {unit.key}")
            target.set(XML_SPACE, "preserve")
    if not doc.units:
        # A 2.0 <file> needs at least one unit or group; an empty group says "nothing".
        etree.SubElement(file, q + "group", {"id": "empty"})
    return _serialize(root)


def _content(element: etree._Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


@dataclass(frozen=True)
class XliffFile:
    units: list[ImportedUnit]
    target_lang: str | None
    exported: str | None  # when this app wrote it; None in another tool's file


def read_xliff(data: bytes) -> XliffFile:
    root = parse_xml(data)
    version = root.get("version", "")
    namespace = etree.QName(root).namespace
    name = etree.QName(root).localname
    if name == "xliff" and namespace == NS12 and version == "1.2":
        file = root.find(f"{{{NS12}}}file")
        ours = file is not None and file.get("tool-id") == TOOL_ID
        return XliffFile(
            [_read_unit12(tu) for tu in root.iter(f"{{{NS12}}}trans-unit")],
            file.get("target-language") if file is not None else None,
            file.get("date") if ours else None,
        )
    if name == "xliff" and namespace == NS20 and version in ("2.0", "2.1"):
        exported = root.find(
            f"{{{NS20}}}file/{{{NS20}}}notes/{{{NS20}}}note[@category='{EXPORTED_NOTE}']"
        )
        return XliffFile(
            [_read_unit20(unit) for unit in root.iter(f"{{{NS20}}}unit")],
            root.get("trgLang"),
            exported.text if exported is not None else None,
        )
    found = f"<{name}> version {version or '(none)'} in namespace {namespace or '(none)'}"
    raise ExchangeFormatError(f"not an XLIFF 1.2 or 2.0 file: found {found}", root.sourceline)


def _read_unit12(tu: etree._Element) -> ImportedUnit:
    # Direct children only: <alt-trans> holds other tools' suggestions with their own
    # <source> and <target>, which are not this unit's translation.
    source = tu.find(f"{{{NS12}}}source")
    if source is None:
        raise ExchangeFormatError("a <trans-unit> has no <source>", tu.sourceline)
    target = tu.find(f"{{{NS12}}}target")
    text = _content(target)
    if not text:
        state = State.UNTRANSLATED
    elif tu.get("approved") == "yes":
        state = State.APPROVED
    else:
        value = target.get("state")
        state = State.TRANSLATED if value is None else STATES_FROM_12.get(value, State.DRAFT)
        if state is State.NEEDS_REVIEW and tu.get("approved") == "no":
            state = State.REJECTED
    return ImportedUnit(
        key=tu.get("id"), source=_content(source), target=text, state=state, line=tu.sourceline
    )


def _read_unit20(unit: etree._Element) -> ImportedUnit:
    # A unit that another tool split into several segments is one paragraph here: its
    # parts are joined in order and it takes the least advanced of their states.
    kinds = (f"{{{NS20}}}segment", f"{{{NS20}}}ignorable")
    parts = [child for child in unit if child.tag in kinds]
    if not parts:
        raise ExchangeFormatError("a <unit> has no <segment>", unit.sourceline)
    sources, targets, states = [], [], []
    translated = False  # whether any segment (not mere spacing) has a target text
    for part in parts:
        source = _content(part.find(f"{{{NS20}}}source"))
        target = part.find(f"{{{NS20}}}target")
        sources.append(source)
        if part.tag != f"{{{NS20}}}segment":
            # An ignorable without a target (spacing between sentences) keeps its source.
            targets.append(source if target is None else _content(target))
        elif target is None:
            states.append(State.DRAFT)  # part of the unit is still to translate
        else:
            targets.append(_content(target))
            translated = translated or bool(targets[-1])
            value = part.get("state", "initial")
            exact = _SUBSTATES.get((value, part.get("subState")))
            states.append(exact or STATES_FROM_20.get(value, State.DRAFT))
    text = "".join(targets) if translated else ""
    state = min(states) if text else State.UNTRANSLATED
    return ImportedUnit(
        key=unit.get("name") or unit.get("id"),
        source="".join(sources),
        target=text,
        state=state,
        line=unit.sourceline,
    )
