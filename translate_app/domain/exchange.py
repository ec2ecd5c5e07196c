"""What the XML exchange formats (XLIFF, TMX) share: the units, and a safe parser.

Files from outside are parsed with entities and network off and DTDs not loaded; an
entity declaration anywhere (billion laughs, external entities) is refused outright,
since no XLIFF or TMX a CAT tool writes needs one.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from .states import State


@dataclass(frozen=True)
class ExchangeUnit:
    key: str
    position: int
    kind: str
    source: str
    target: str | None
    state: State
    notes: tuple[str, ...] = ()
    author: str | None = None
    changed: datetime | None = None
    created: datetime | None = None


@dataclass(frozen=True)
class ExchangeDocument:
    slug: str
    title: str
    source_lang: str
    target_lang: str
    units: tuple[ExchangeUnit, ...]
    created: datetime
    tool_version: str = "1"


@dataclass(frozen=True)
class ImportedUnit:
    key: str | None
    source: str
    target: str
    state: State
    line: int


class ExchangeFormatError(ValueError):
    """A file that cannot be read; the message names the problem and the line."""


_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def parse_xml(data: bytes, *, allow_doctype: bool = False) -> etree._ElementTree:
    if _ENTITY.search(_ascii_view(data)):
        raise ExchangeFormatError(
            f"line {_line_of(data, _ENTITY)}: entity declarations are not accepted "
            "(they can expand without limit or read other files)"
        )
    if not allow_doctype and _DOCTYPE.search(_ascii_view(data)):
        raise ExchangeFormatError(
            f"line {_line_of(data, _DOCTYPE)}: a DOCTYPE is not accepted in this format"
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        raise ExchangeFormatError(f"line {exc.lineno}: not well-formed XML: {exc.msg}") from None
    if tree.docinfo.internalDTD is not None and tree.docinfo.internalDTD.entities():
        raise ExchangeFormatError("line 1: entity declarations are not accepted")
    return tree


def _ascii_view(data: bytes) -> bytes:
    # A UTF-16 file hides "<!ENTITY" between NUL bytes; look at it without them.
    return data.replace(b"\0", b"") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data


def _line_of(data: bytes, pattern: re.Pattern) -> int:
    view = _ascii_view(data)
    match = pattern.search(view)
    return view[: match.start()].count(b"\n") + 1 if match else 1


def text_of(element) -> str:
    """The text of an element with any inline markup flattened."""
    return "".join(element.itertext()) if element is not None else ""
