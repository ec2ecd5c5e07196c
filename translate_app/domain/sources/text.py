"""Readers for plain text and Markdown files.

Plain text
    Blank lines separate paragraphs and the lines of a paragraph join with a space,
    unless one of them is wider than ``WRAP_WIDTH`` columns (Hangul and CJK characters
    take two): a file wrapped by hand never has such a line, so its line breaks are the
    author's, and each line is a paragraph (a statute with one article a line). A text
    with several lines and no blank line at all has one paragraph a line. A paragraph
    that is only a separator line (``*``, ``* * *``, ``---``, ``⁂``...) is a SEPARATOR
    block. The first paragraph is the title when it is one line of at most ``MAX_TITLE``
    characters that does not end in a full stop and other text follows; a first
    paragraph of several lines gives its first line as the title on the same test.

Markdown (CommonMark with tables)
    Only a level-1 heading that comes before anything else is the title: a Markdown
    author marks a title, so a first paragraph is never taken for one. See
    ``read_markdown`` for the ``structure`` each block carries.
"""

import re
from collections.abc import Iterable, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..inline import InlineBuilder
from ..segmentation import Block, ParsedArticle, SegmentKind, SourceError
from .encoding import decode_text, has_visible_text

#: The longest first line that can be a title, in characters.
MAX_TITLE = 200
#: A paragraph with a line wider than this many columns (a Hangul syllable or a CJK
#: ideograph takes two) was not wrapped by hand: each of its lines stands alone.
WRAP_WIDTH = 100

NO_TITLE_NOTE = "no title line: the first paragraph is not a title"
LINE_BREAKS_NOTE = "no blank lines: each line is a paragraph"
LONG_LINES_NOTE = (
    f"paragraphs with lines wider than {WRAP_WIDTH} columns: each of their lines is a paragraph"
)

_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
# Runs of spaces and tabs fold to one space (a lone space is left alone, which is faster).
_SPACES = re.compile(r"[ \t\f\v]{2,}|[\t\f\v]")
# A separator line, whole: asterisks, hashes or asterisms, one or more, spaced or not;
# runs of three or more hyphens, underscores, tildes or equals signs (spaced or not);
# one to three em dashes or horizontal bars. Nothing here can be a sentence.
_SEPARATOR = re.compile(
    r"(?P<one>[*#\u2042])(?:[ \t]*(?P=one))*"
    r"|(?P<run>[-_~=])(?:[ \t]*(?P=run)){2,}"
    r"|[\u2014\u2015]{1,3}"
)
_SEPARATOR_START = frozenset("*#\u2042-_~=\u2014\u2015")


# Characters two columns wide: Hangul jamo and syllables, CJK ideographs and punctuation,
# full-width forms (East Asian Width W and F, in the ranges newsroom text uses).
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def width(line: str) -> int:
    """The columns ``line`` takes in a monospaced editor."""
    if line.isascii() or len(line) > WRAP_WIDTH:
        return len(line)  # (past the limit either way)
    return len(line) + len(_WIDE.findall(line))


def is_separator(line: str) -> bool:
    line = line.strip()
    return line[:1] in _SEPARATOR_START and _SEPARATOR.fullmatch(line) is not None


# Closing quotation marks (straight, curly, corner brackets, guillemets), and full stops
# (ASCII, ideographic, full-width).
_CLOSING_QUOTES = "\"'\u201d\u2019\u300d\u300f\u00bb\u203a"
_FULL_STOPS = (".", "\u3002", "\uff0e")


def _ends_with_stop(line: str) -> bool:
    """A sentence-final full stop, looking through closing quotation marks: 'He left.”'."""
    return line.rstrip(_CLOSING_QUOTES).endswith(_FULL_STOPS)


# ---------------------------------------------------------------------------- plain text


def read_text(data: bytes, name: str) -> ParsedArticle:
    """The blocks of a plain-text article; raises SourceError naming ``name``."""
    text, note = decode_text(data, name)
    notes = [note] if note else []
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = _SPACES.sub(" ", text)
    paragraphs: list[list[str]]
    if _BLANK_LINE.search(text) is None and "\n" in text:
        rule = "line breaks"
        notes.append(LINE_BREAKS_NOTE)
        paragraphs = [[line] for line in _lines(text)]
    else:
        rule = "blank lines"
        paragraphs = []
        split_long = False
        for chunk in _BLANK_LINE.split(text):
            lines = _lines(chunk)
            if not lines:
                continue
            if len(lines) > 1 and any(width(line) > WRAP_WIDTH for line in lines):
                split_long = True
                paragraphs.extend([line] for line in lines)
            else:
                paragraphs.append(lines)
        if split_long:
            notes.append(LONG_LINES_NOTE)
    if not paragraphs:
        raise SourceError(f"{name} has no text to translate")
    blocks = _title_blocks(paragraphs, notes)
    blocks.extend(_text_block(lines) for lines in paragraphs[1:])
    if not any(block.translatable for block in blocks):
        raise SourceError(f"{name} has no text to translate (only separator lines)")
    title = blocks[0].text if blocks[0].kind is SegmentKind.TITLE else None
    return ParsedArticle(title=title, blocks=blocks, rule=rule, notes=notes)


def _lines(chunk: str) -> list[str]:
    """The lines of ``chunk`` (its spaces already folded), trimmed, and without the ones
    that show nothing (blank, or only zero-width characters)."""
    return [
        stripped
        for line in chunk.split("\n")
        if (stripped := line.strip()) and (stripped[0].isalnum() or has_visible_text(stripped))
    ]


def _text_block(lines: Sequence[str]) -> Block:
    if len(lines) == 1 and is_separator(lines[0]):
        return Block(SegmentKind.SEPARATOR, lines[0])
    return Block(SegmentKind.PARAGRAPH, " ".join(lines))


def _title_blocks(paragraphs: Sequence[Sequence[str]], notes: list[str]) -> list[Block]:
    first = paragraphs[0]
    if len(first) == 1:
        if len(paragraphs) > 1 and is_title(first[0]):
            return [Block(SegmentKind.TITLE, first[0])]
    elif is_title(first[0]):
        return [Block(SegmentKind.TITLE, first[0]), _text_block(first[1:])]
    notes.append(NO_TITLE_NOTE)
    return [_text_block(first)]


def is_title(line: str) -> bool:
    """Whether a line can be a title: at most ``MAX_TITLE`` characters, not a separator,
    and not ending in a full stop (closing quotation marks looked through)."""
    return 0 < len(line) <= MAX_TITLE and not _ends_with_stop(line) and not is_separator(line)


# ------------------------------------------------------------------------------ Markdown

#: Link schemes kept; a link with any other scheme keeps its text and loses its target.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_CLOSING_CONTAINERS = frozenset(
    {"blockquote_close", "bullet_list_close", "ordered_list_close", "list_item_close"}
)
_ALIGN = re.compile(r"text-align:(left|center|right)")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    # Links are checked by ``safe_href`` below, which keeps the text of a refused link;
    # markdown-it's own check would leave "[text](javascript:...)" as literal text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def safe_href(href: str) -> bool:
    """http, https and mailto links, relative paths, and fragments."""
    for at, ch in enumerate(href):
        if ch in "/?#":
            return True
        if ch == ":":
            return href[:at].lower() in LINK_SCHEMES
    return True


def read_markdown(data: bytes, name: str) -> ParsedArticle:
    """The blocks of a Markdown article; raises SourceError naming ``name``.

    ``structure`` by kind:

    - heading: ``{"level": n}``;
    - blockquote: ``{"depth": d, "quote": q}``, ``d`` counting nested quotes from 1 and
      ``q`` numbering the article's outermost quotes from 0;
    - list_item: ``{"list": "bullet"|"ordered", "depth": d, "number": n, "item": i,
      "first": bool, "tight": bool}`` with ``d`` from 0 for a top-level list, ``n`` the
      item's number (ordered lists only), ``i`` the item's index in its list, ``first``
      only on an item's first paragraph (the others continue it), ``tight`` as CommonMark
      has it (no blank lines between items); ``"quote": d`` is added inside a quote;
    - table_cell: ``{"table": t, "row": r, "col": c, "header": bool, "align": a,
      "cols": n, "rows": m, "aligns": [...]}``, row 0 being the header; empty cells make
      no block, and every cell carries the table's size and alignments to rebuild it;
    - code: ``{"info": "python"}`` for a fence, ``{"indented": True}`` for an indented
      block, ``{"html": True}`` for a block of HTML, the text kept exactly;
    - separator: ``{}``, the text being ``---``.

    A heading, quote or code block inside a list item, and a heading inside a quote,
    take their container's kind (a code block stays code, losing its container).
    """
    text, note = decode_text(data, name)
    notes = [note] if note else []
    reader = _MarkdownReader(notes)
    reader.walk(_markdown().parse(text.replace("\r\n", "\n").replace("\r", "\n")))
    blocks = reader.blocks
    if not any(block.translatable for block in blocks):
        raise SourceError(f"{name} has no text to translate")
    title = None
    if blocks[0].kind is SegmentKind.TITLE:
        title = blocks[0].text
    else:
        notes.append("no title: the article does not start with a level-1 heading")
    return ParsedArticle(title=title, blocks=blocks, rule="markdown", notes=notes)


class _MarkdownReader:
    def __init__(self, notes: list[str]) -> None:
        self.notes = notes
        self.blocks: list[Block] = []
        # Open containers, outermost first: ["quote", {...list...}, {...item...}]
        self.stack: list[dict] = []
        self.quotes = -1
        self.tables = -1
        self.table: dict | None = None
        self.tight = True

    def add(self, kind: SegmentKind, text: str, tags: dict, structure: dict) -> bool:
        """Add a block, unless its text shows nothing; whether it was added."""
        if not _shows(text, code=kind is SegmentKind.CODE):
            return False
        self.blocks.append(Block(kind, text, tags, structure))
        return True

    def walk(self, tokens: Sequence[Token]) -> None:
        heading_level = 0
        for token in tokens:
            kind = token.type
            if kind == "blockquote_open":
                if not any(c["type"] == "quote" for c in self.stack):
                    self.quotes += 1
                self.stack.append({"type": "quote"})
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 1
                self.stack.append(
                    {
                        "type": "list",
                        "list": "ordered" if kind == "ordered_list_open" else "bullet",
                        "start": start,
                        "items": -1,
                    }
                )
            elif kind == "list_item_open":
                self.stack[-1]["items"] += 1
                self.stack.append({"type": "item", "first": True})
            elif kind in _CLOSING_CONTAINERS:
                self.stack.pop()
            elif kind == "paragraph_open":
                # markdown-it hides the paragraphs of a tight list's items.
                self.tight = token.hidden
            elif kind == "heading_open":
                heading_level = int(token.tag[1])
            elif kind == "table_open":
                self.tables += 1
                self.table = {"rows": 0, "aligns": [], "cells": []}
            elif kind in ("th_open", "td_open"):
                match = _ALIGN.search(token.attrGet("style") or "")
                assert self.table is not None
                self.table["cells"].append(
                    {"header": kind == "th_open", "align": match.group(1) if match else None}
                )
            elif kind == "tr_open":
                assert self.table is not None
                self.table["row"] = self.table["rows"]
                self.table["rows"] += 1
                self.table["col"] = 0
            elif kind == "table_close":
                self._close_table()
            elif kind == "inline":
                self._inline(token, heading_level)
                heading_level = 0
            elif kind in ("fence", "code_block"):
                info = token.info.strip()
                structure = {"info": info} if kind == "fence" else {"indented": True}
                self.add(SegmentKind.CODE, _drop_final_newline(token.content), {}, structure)
            elif kind == "html_block":
                self.add(SegmentKind.CODE, _drop_final_newline(token.content), {}, {"html": True})
            elif kind == "hr":
                self.blocks.append(Block(SegmentKind.SEPARATOR, "---"))

    def _inline(self, token: Token, heading_level: int) -> None:
        text, tags = self._inline_text(token.children or [])
        if self.table is not None:
            cell = self.table["cells"][-1]
            cell.update(row=self.table["row"], col=self.table["col"], text=text, tags=tags)
            self.table["col"] += 1
            return
        innermost = next((c for c in reversed(self.stack) if c["type"] != "list"), None)
        quote_depth = sum(1 for c in self.stack if c["type"] == "quote")
        if innermost is None:
            if heading_level == 1 and not self.blocks:
                self.add(SegmentKind.TITLE, text, tags, {})
            elif heading_level:
                self.add(SegmentKind.HEADING, text, tags, {"level": heading_level})
            else:
                self.add(SegmentKind.PARAGRAPH, text, tags, {})
        elif innermost["type"] == "quote":
            self.add(
                SegmentKind.BLOCKQUOTE, text, tags, {"depth": quote_depth, "quote": self.quotes}
            )
        else:
            lists = [c for c in self.stack if c["type"] == "list"]
            current = lists[-1]
            structure: dict = {"list": current["list"], "depth": len(lists) - 1}
            if current["list"] == "ordered":
                structure["number"] = current["start"] + current["items"]
            structure.update(item=current["items"], first=innermost["first"], tight=self.tight)
            if quote_depth:
                structure["quote"] = quote_depth
            if self.add(SegmentKind.LIST_ITEM, text, tags, structure):
                innermost["first"] = False

    def _close_table(self) -> None:
        table = self.table
        assert table is not None
        self.table = None
        cols = max((cell.get("col", 0) + 1 for cell in table["cells"]), default=0)
        aligns = [cell["align"] for cell in table["cells"] if cell.get("row") == 0]
        cells = [cell for cell in table["cells"] if _shows(cell.get("text", ""))]
        if not cells:
            self.notes.append("an empty table was dropped")
            return
        for cell in cells:
            structure = {
                "table": self.tables,
                "row": cell["row"],
                "col": cell["col"],
                "header": cell["header"],
                "align": cell["align"],
                "cols": cols,
                "rows": table["rows"],
                "aligns": aligns,
            }
            self.add(SegmentKind.TABLE_CELL, cell["text"], cell["tags"], structure)

    def _inline_text(self, children: Iterable[Token]) -> tuple[str, dict]:
        builder = InlineBuilder()
        links: list[str | None] = []
        open_spans: list[str] = []
        for child in children:
            kind = child.type
            if kind in ("text", "text_special"):
                builder.text(child.content)
            elif kind in ("strong_open", "em_open"):
                open_spans.append(builder.open("b" if kind == "strong_open" else "i"))
            elif kind in ("strong_close", "em_close"):
                builder.close(open_spans.pop())
            elif kind == "code_inline":
                number = builder.open("code")
                builder.text(child.content)
                builder.close(number)
            elif kind == "link_open":
                href = child.attrGet("href") or ""
                if safe_href(href):
                    attributes = {"href": href}
                    if title := child.attrGet("title"):
                        attributes["title"] = str(title)
                    links.append(builder.open("a", **attributes))
                else:
                    self.notes.append(f"link to {href[:80]!r} dropped (its text is kept)")
                    links.append(None)
            elif kind == "link_close":
                if (number := links.pop()) is not None:
                    builder.close(number)
            elif kind == "softbreak":
                builder.text(" ")
            elif kind == "hardbreak":
                builder.empty("br")
            elif kind == "image":
                self.notes.append(f"image {child.attrGet('src') or ''!s:.80} dropped")
            # html_inline: dropped; the text between an opening and a closing tag stays.
        return builder.result()


def _shows(text: str, *, code: bool = False) -> bool:
    """Whether a block of ``text`` would show anything (code: anything but blank lines)."""
    return bool(text.strip()) and (code or has_visible_text(text))


def _drop_final_newline(content: str) -> str:
    return content[:-1] if content.endswith("\n") else content
