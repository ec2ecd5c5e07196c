"""Cutting a plain-text or Markdown article into segments.

Rules: the first line (or a leading ``#`` heading) is the title; blank lines separate
paragraphs; in Markdown, ``#`` headings and ``>`` blockquotes keep their kind.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from .text import CharacterError, check_characters


class SegmentKind(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BLOCKQUOTE = "blockquote"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    CAPTION = "caption"
    FOOTNOTE = "footnote"
    # Not prose: kept in editions exactly as imported, never offered for translation.
    SEPARATOR = "separator"
    CODE = "code"


#: Kinds that are not translated: they have no translation rows and cannot be saved.
UNTRANSLATABLE_KINDS = frozenset({SegmentKind.SEPARATOR, SegmentKind.CODE})


class SourceError(ValueError):
    """The source file cannot be read as an article."""


@dataclass(frozen=True)
class Block:
    """One segment-to-be.

    ``text`` holds inline markup as numbered tags (see ``inline``), described by
    ``tags``. ``structure`` says where the block sits, for exports to rebuild it:
    ``{"level": 2}`` for a heading; ``{"list": "bullet"|"ordered", "depth": 0,
    "number": 3}`` for a list item; ``{"table": 1, "row": 0, "col": 2, "header": True,
    "align": "left"}`` for a table cell; ``{"info": "python"}`` for code.
    """

    kind: SegmentKind
    text: str
    tags: dict = field(default_factory=dict)
    structure: dict = field(default_factory=dict)

    @property
    def translatable(self) -> bool:
        return self.kind not in UNTRANSLATABLE_KINDS


@dataclass(frozen=True)
class ParsedArticle:
    title: str | None  # None: the source has no title line
    blocks: list[Block]  # a title, when there is one, is the first block
    # How the text was cut into blocks ("blank lines", "line breaks", "markdown",
    # "html", "docx"), and what the reader changed or guessed, for the import to say.
    rule: str = "blank lines"
    notes: list[str] = field(default_factory=list)


MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
# Patterns that validate a whole value are used with fullmatch: "$" also matches before a
# trailing newline, which let "ok-slug\n" through as a slug (and a folder name).
_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*")
_QUOTE = re.compile(r"^>\s?")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED_SLUGS = frozenset({"messages"})  # the UI's own gettext domain
MAX_SLUG = 80


def decode_source(data: bytes, name: str = "file") -> str:
    if not data.strip():
        raise SourceError(f"{name} is empty")
    if b"\x00" in data:
        raise SourceError(f"{name} looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{name} is not valid UTF-8 (byte {exc.start}): save it as UTF-8 and try again"
        ) from None
    try:
        check_characters(text)
    except CharacterError as exc:
        raise SourceError(
            f"{name} contains {exc} on line {exc.line}; it does not look like text"
        ) from None
    return unicodedata.normalize("NFC", text)


def parse_article(text: str, *, markdown: bool) -> ParsedArticle:
    raw_blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[Block] = []
    for raw in raw_blocks:
        lines = [line.strip() for line in raw.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if not blocks:
            blocks.extend(_title_blocks(lines, markdown))
        else:
            blocks.append(_block(lines, markdown))
    blocks = [b for b in blocks if b.text]
    if not blocks or blocks[0].kind is not SegmentKind.TITLE:
        raise SourceError("the article has no title line")
    return ParsedArticle(title=blocks[0].text, blocks=blocks)


def _title_blocks(lines: list[str], markdown: bool) -> list[Block]:
    first, rest = lines[0], lines[1:]
    if markdown and (match := _HEADING.fullmatch(first)):
        first = match.group(2)
    title = Block(SegmentKind.TITLE, first)
    return [title, _block(rest, markdown)] if rest else [title]


def _block(lines: list[str], markdown: bool) -> Block:
    if markdown:
        if len(lines) == 1 and (match := _HEADING.fullmatch(lines[0])):
            return Block(SegmentKind.HEADING, match.group(2))
        if all(_QUOTE.match(line) for line in lines):
            quoted = [_QUOTE.sub("", line).strip() for line in lines]
            return Block(SegmentKind.BLOCKQUOTE, " ".join(q for q in quoted if q))
    return Block(SegmentKind.PARAGRAPH, " ".join(lines))


def slug_from_filename(filename: str) -> str:
    """``provincialization-of-pyongyang.en.txt`` -> ``provincialization-of-pyongyang``."""
    stem = filename.rsplit("/", 1)[-1]
    parts = stem.split(".")
    if len(parts) > 1:
        parts = parts[:-1]  # the extension
    if len(parts) > 1 and 2 <= len(parts[-1]) <= 3 and parts[-1].isalpha():
        parts = parts[:-1]  # a language suffix such as ".en"
    return slugify(".".join(parts))


def slugify(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_SLUG].strip("-")


def check_slug(slug: str) -> str:
    if not _SLUG.fullmatch(slug or "") or len(slug) > MAX_SLUG:
        raise SourceError(
            f"invalid slug {slug!r}: use lowercase letters, digits and hyphens "
            f"(at most {MAX_SLUG} characters)"
        )
    if slug in RESERVED_SLUGS:
        raise SourceError(f"the slug {slug!r} is reserved; choose another with --slug")
    return slug
