"""What the XLIFF and TMX modules exchange, and the one safe way they read XML.

Files to import come from other tools and other people, so the parser refuses what
XML allows but a translation file never needs: entity declarations (the billion
laughs and external entities that read local files or fetch URLs), DTDs in XLIFF,
and encodings other than UTF-8 and UTF-16.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from .states import State


@dataclass(frozen=True)
class ExchangeUnit:
    key: str  # stable segment key: XLIFF unit id, TMX tuid
    position: int  # paragraph number, 1-based
    kind: str  # "title", "paragraph", "heading", ...
    source: str
    target: str | None  # None or "" = no translation
    state: State
    notes: tuple[str, ...] = ()  # comments on the segment, plain text
    author: str | None = None  # who wrote the target version
    changed: datetime | None = None  # timezone-aware
    created: datetime | None = None


@dataclass(frozen=True)
class ExchangeDocument:
    slug: str
    title: str
    source_lang: str  # BCP 47: "en", "ko", "zh-Hans"
    target_lang: str
    units: tuple[ExchangeUnit, ...]
    created: datetime  # when the file is written (header dates)
    tool_version: str = "1"


@dataclass(frozen=True)
class ImportedUnit:
    key: str | None  # id from the file (None if the file had none)
    source: str
    target: str
    state: State
    line: int  # source line in the file, for messages


class ExchangeFormatError(ValueError):
    """A file that cannot be read or written; the message names the problem and the line."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


TOOL_ID = "translate_app"

_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
# A DOCTYPE's name and quoted system/public ids, then "[": the grammar of an internal subset.
_INTERNAL_SUBSET = re.compile(r"""<!DOCTYPE(?:[^>\["']|"[^"]*"|'[^']*')*\[""")
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ACCEPTED_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be"}
# XML 1.0 cannot carry these even as character references.
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _decode(data: bytes) -> str:
    """The text of ``data``, or an error that says which encoding it is not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:2] in (b"<\x00", b"\x00<"):
        encoding = "utf-16"
        if data[:2] == b"<\x00":
            encoding = "utf-16-le"
        elif data[:2] == b"\x00<":
            encoding = "utf-16-be"
    else:
        encoding = "utf-8-sig"
        declared = _DECLARED_ENCODING.match(data.removeprefix(b"\xef\xbb\xbf"))
        if declared:
            name = declared.group(1).decode("ascii").lower()
            if name not in _ACCEPTED_ENCODINGS:
                raise ExchangeFormatError(
                    f"the file declares the encoding {declared.group(1).decode('ascii')}; "
                    "only UTF-8 and UTF-16 are accepted: save it as UTF-8"
                )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ExchangeFormatError(
            f"the file is not valid {encoding.removesuffix('-sig').upper()} "
            f"(byte 0x{data[error.start]:02x}): save it as UTF-8",
            line,
        ) from None


def parse_xml(data: bytes, *, allow_doctype: bool = False) -> etree._Element:
    """The root element of ``data``, parsed with entities, DTDs and the network off.

    ``allow_doctype`` admits a bare ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` (TMX files
    carry one); its DTD is never loaded, and an internal subset is refused all the same.
    """
    text = _decode(data)
    declaration = _ENTITY_DECLARATION.search(text)
    if declaration:
        raise ExchangeFormatError(
            "entity declarations are not accepted in imported files",
            text.count("\n", 0, declaration.start()) + 1,
        )
    subset = _INTERNAL_SUBSET.search(text)
    if subset:
        raise ExchangeFormatError(
            "an internal DTD subset is not accepted in imported files",
            text.count("\n", 0, subset.start()) + 1,
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        message = error.msg or "malformed XML"
        # lxml repeats the position at the end of its message; the line comes first here.
        message = re.sub(r",? line \d+, column \d+$", "", message)
        raise ExchangeFormatError(f"not well-formed XML: {message}", error.lineno) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype and not allow_doctype:
        raise ExchangeFormatError("a DOCTYPE declaration is not accepted in this format")
    return root


def check_xml_text(text: str, what: str) -> str:
    """``text`` if XML can carry it; otherwise an error naming the character and ``what``."""
    bad = _NOT_XML_CHAR.search(text)
    if bad:
        raise ExchangeFormatError(
            f"{what} contains the character U+{ord(bad.group()):04X}, which XML cannot carry"
        )
    return text


def utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{moment!r} has no time zone; exchange files need UTC times")
    return moment.astimezone(UTC)


def check_document(doc: ExchangeDocument) -> None:
    """Refuse what would make a file invalid: characters XML lacks in names, repeated keys."""
    for value, what in ((doc.slug, "the slug"), (doc.tool_version, "the tool version")):
        check_xml_text(value, what)
    seen: set[str] = set()
    for unit in doc.units:
        check_xml_text(unit.key, f"the key {unit.key!r}")
        if unit.key in seen:
            raise ExchangeFormatError(f"two units have the key {unit.key!r}")
        seen.add(unit.key)
