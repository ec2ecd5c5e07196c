"""An article's blocks, the segments-to-be, and the names an article is filed under.

The readers that cut a source file into blocks are in ``sources``.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from . import inline


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


# Patterns that validate a whole value are used with fullmatch: "$" also matches before a
# trailing newline, which let "ok-slug\n" through as a slug (and a folder name).
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED_SLUGS = frozenset({"messages"})  # the UI's own gettext domain
MAX_SLUG = 80


def decode_source(data: bytes, name: str = "file") -> str:
    """The text of a source file (see ``sources.encoding.decode_text``)."""
    from .sources.encoding import decode_text

    return decode_text(data, name)[0]


def parse_article(text: str, *, markdown: bool) -> ParsedArticle:
    """The blocks of an article's text, read as Markdown or as plain text.

    Kept for callers holding text rather than a file: ``sources.read_source`` reads files.
    """
    from .sources.text import read_markdown, read_text

    reader = read_markdown if markdown else read_text
    return reader(text.encode("utf-8"), "article.md" if markdown else "article.txt")


def cut_long_blocks(
    parsed: ParsedArticle, limit: int, cut: Callable[[str, int], list[str]]
) -> ParsedArticle:
    """``parsed`` with every translatable block longer than ``limit`` characters cut by
    ``cut(text, limit)`` (at sentence boundaries) into blocks of the same kind.

    A span of inline markup that a cut divides is closed at the end of one piece and
    opened again at the start of the next, so each piece's tags stay whole.
    """
    blocks: list[Block] = []
    notes = list(parsed.notes)
    for position, block in enumerate(parsed.blocks, start=1):
        if not block.translatable or len(block.text) <= limit:
            blocks.append(block)
            continue
        # Room for the tags a cut may have to close and reopen.
        room = max(limit - 12 * len(block.tags), limit // 2)
        texts = _retag(cut(block.text, room), block.tags)
        blocks.extend(
            Block(block.kind, text, _used_tags(text, block.tags), dict(block.structure))
            for text in texts
        )
        notes.append(
            f"block {position} had {len(block.text):,} characters, more than the "
            f"{limit:,} a segment may hold: cut into {len(texts)} at sentence boundaries"
        )
    return ParsedArticle(parsed.title, blocks, parsed.rule, notes)


def _retag(texts: list[str], tags: dict) -> list[str]:
    if not tags:
        return texts
    result, carried = [], []
    for text in texts:
        opened = list(carried)
        for piece in inline.pieces(text, tags):
            if piece.kind == "open":
                opened.append(piece.value)
            elif piece.kind == "close" and piece.value in opened:
                opened.remove(piece.value)
        prefix = "".join(f"<{n}>" for n in carried)
        suffix = "".join(f"</{n}>" for n in reversed(opened))
        result.append(prefix + text + suffix)
        carried = opened
    return result


def _used_tags(text: str, tags: dict) -> dict:
    numbers = {p.value for p in inline.pieces(text, tags) if p.kind != "text"}
    return {n: dict(tag) for n, tag in tags.items() if n in numbers}


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


def join_blocks(blocks: Sequence[Block]) -> Block:
    """One block of the first one's kind and structure holding the texts of ``blocks``,
    joined with a space. Tags are numbered again from 1 in order, so that two blocks'
    tag 1 do not become one tag."""
    if not blocks:
        raise ValueError("there are no blocks to join")
    if len(blocks) == 1:
        return blocks[0]
    texts: list[str] = []
    tags: dict[str, dict] = {}
    for block in blocks:
        numbers: dict[str, str] = {}
        parts = []
        for piece in inline.pieces(block.text, block.tags):
            if piece.kind == "text":
                parts.append(piece.value)
                continue
            if piece.value not in numbers:
                numbers[piece.value] = str(len(tags) + 1)
                tags[numbers[piece.value]] = dict(block.tags[piece.value])
            opening, closing = inline.token(numbers[piece.value], block.tags[piece.value])
            parts.append(closing if piece.kind == "close" else opening)
        texts.append("".join(parts))
    first = blocks[0]
    return Block(first.kind, " ".join(texts), tags, dict(first.structure))
