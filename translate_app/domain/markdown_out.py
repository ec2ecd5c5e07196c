"""Writing blocks back as CommonMark (with GFM tables).

``inline_markdown`` turns a block's text with its numbered tags into Markdown whose
rendering shows the same text with the same markup; ``blocks_markdown`` writes a whole
document from blocks carrying the ``structure`` the Markdown reader gives them (see
``sources.text.read_markdown``), so that reading the result gives the same blocks.

Every separator is a thematic break: ``* * *`` for one made of asterisks (a plain-text
``*``, which alone would be an empty list item, or ``⁂``), ``---`` for any other. Code is
fenced with more backticks than it holds; captions and footnotes are paragraphs. Lists
inside quotes are rebuilt; quotes, tables or code inside list items are not (the reader
does not keep them there either).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .inline import pieces

# Escaped wherever they stand: escapes, emphasis, code spans, links, raw HTML and
# autolinks, entities, strikethrough (GFM) and table pipes.
_INLINE_SPECIAL = re.compile(r"([\\*_\[\]<>`&~|])")
# Escaped only at the start of a line, where they open a block: headings, block quotes
# (``>`` is escaped anyway), bullets and thematic breaks, setext underlines, numbered items.
_LINE_START = re.compile(
    r"(?P<hash>#)"
    r"|(?P<mark>[-+])(?=[ \t]|$|-)"
    r"|(?P<setext>=)(?=[= \t]*$)"
    r"|(?P<number>\d{1,9})(?P<delim>[.)])(?=[ \t]|$)"
)
_BACKTICKS = re.compile(r"`+")
_HREF_SPECIAL = re.compile(r"([\\()<>])")

_CLOSING_HASHES = re.compile(r"(^|[ \t])(#+)$")
_EMPHASIS = {"b": "**", "i": "*"}


def escape_text(text: str, *, line_start: bool) -> str:
    """``text`` as Markdown that renders as itself; ``line_start`` when it opens a line."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", text)
    if line_start:
        match = _LINE_START.match(escaped)
        if match:
            if match.group("number"):
                end = match.end("number")
                escaped = f"{escaped[:end]}\\{escaped[end:]}"
            else:
                escaped = "\\" + escaped
    return escaped


def _code_span(content: str) -> str:
    runs = [len(run) for run in _BACKTICKS.findall(content)]
    fence = "`" * (max(runs, default=0) + 1)
    # CommonMark strips one space each side when both are there: pad to keep them, and to
    # keep a backtick at either end from joining the fence.
    if (
        content.startswith("`")
        or content.endswith("`")
        or (content.startswith(" ") and content.endswith(" ") and content.strip(" "))
    ):
        content = f" {content} "
    return f"{fence}{content}{fence}"


def _href(url: str) -> str:
    return _HREF_SPECIAL.sub(r"\\\1", url).replace(" ", "%20")


def _link_end(tag: Mapping[str, str]) -> str:
    title = tag.get("title")
    if title:
        escaped = title.replace("\\", "\\\\").replace('"', '\\"')
        return f']({_href(tag.get("href", ""))} "{escaped}")'
    return f"]({_href(tag.get('href', ''))})"


def inline_markdown(
    text: str, tags: Mapping, *, in_table: bool = False, one_line: bool = False
) -> str:
    """The Markdown of a block's text with its numbered tags.

    A line break is a backslash and a line break, or a space where a line cannot break
    (``one_line``: headings; ``in_table``: table cells, where ``|`` is escaped in code
    spans too). The lines after a break are not indented: the caller prefixes them.
    """
    one_line = one_line or in_table
    out: list[str] = []
    line_start = True
    code: list[str] | None = None  # the content of an open code span
    code_number = ""
    parts = list(pieces(text, tags))
    # A line break has nothing to break at either end of a block.
    while parts and parts[0].kind == "empty":
        parts.pop(0)
    while parts and parts[-1].kind == "empty":
        parts.pop()
    for piece in parts:
        if code is not None:
            if piece.kind == "close" and piece.value == code_number:
                span = _code_span(" ".join("".join(code).split("\n")))
                out.append(span.replace("|", "\\|") if in_table else span)
                code = None
            elif piece.kind == "text":
                code.append(piece.value)
            continue
        if piece.kind == "text":
            out.append(escape_text(piece.value, line_start=line_start))
            line_start = False
            continue
        tag = tags[piece.value]
        kind = tag.get("type")
        if piece.kind == "empty":
            if one_line:
                out.append(" ")
            else:
                out.append("\\\n")
                line_start = True
        elif kind == "code" and piece.kind == "open":
            code, code_number = [], piece.value
            line_start = False
        elif kind in _EMPHASIS:
            out.append(_EMPHASIS[kind])
            line_start = False
        elif kind == "a":
            out.append("[" if piece.kind == "open" else _link_end(tag))
            line_start = False
    if code is not None:  # a code span never closed: its text as text
        out.append(escape_text("".join(code), line_start=line_start))
    return "".join(out)


@dataclass(frozen=True)
class MarkdownBlock:
    kind: str
    text: str
    tags: Mapping = field(default_factory=dict)
    structure: Mapping = field(default_factory=dict)


# A plain-text separator made of asterisks (or the asterism) is written as asterisks.
_STARRY = re.compile(r"[*\u2042 \t]+")


def blocks_markdown(blocks: Sequence[MarkdownBlock]) -> str:
    """A Markdown document of ``blocks``, ending in a line break."""
    writer = _Writer()
    at = 0
    while at < len(blocks):
        block = blocks[at]
        if block.kind == "table_cell":
            table = block.structure.get("table")
            end = at
            while (
                end < len(blocks)
                and blocks[end].kind == "table_cell"
                and blocks[end].structure.get("table") == table
            ):
                end += 1
            writer.table(blocks[at:end])
            at = end
            continue
        writer.block(block)
        at += 1
    return writer.result()


class _Writer:
    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.previous: MarkdownBlock | None = None
        # For each list depth: the content indent of the item being written, and its marker.
        self.widths: list[int] = []
        self.markers: dict[int, str] = {}

    def result(self) -> str:
        return "".join(self.chunks).rstrip("\n") + "\n" if self.chunks else ""

    def emit(self, block: MarkdownBlock, lines: list[str], *, quote: int = 0) -> None:
        """Write ``lines`` after the right separation from the block before."""
        previous = self.previous
        if previous is not None:
            blank = True
            previous_quote = _quote_depth(previous)
            if block.kind == "list_item" and previous.kind == "list_item":
                blank = _blank_between_items(previous.structure, block.structure)
            if blank:
                if quote and previous_quote and _same_quote(previous, block):
                    self.chunks.append(_quote_prefix(min(quote, previous_quote)).rstrip() + "\n")
                else:
                    self.chunks.append("\n")
        prefix = _quote_prefix(quote)
        self.chunks.extend(f"{prefix}{line}".rstrip(" ") + "\n" for line in lines)
        self.previous = block

    def block(self, block: MarkdownBlock) -> None:
        kind, structure = block.kind, block.structure
        if kind == "list_item":
            self.list_item(block)
            return
        after_list = self.widths != []
        self.widths = []
        if kind == "code":
            # Indented code right after a list would continue its last item: fence it.
            self.emit(block, _code_lines(block, fenced=after_list))
            return
        if kind == "separator":
            line = "* * *" if _STARRY.fullmatch(block.text) else "---"
            self.emit(block, [line])
            return
        if kind in ("title", "heading"):
            text = _heading_text(inline_markdown(block.text, block.tags, one_line=True))
        else:
            text = inline_markdown(block.text, block.tags)
        if kind == "title":
            self.emit(block, ["# " + text])
        elif kind == "heading":
            level = min(max(int(structure.get("level", 2)), 1), 6)
            self.emit(block, ["#" * level + " " + text])
        elif kind == "blockquote":
            self.emit(block, text.split("\n"), quote=max(int(structure.get("depth", 1)), 1))
        else:  # paragraph, caption, footnote, and any kind unknown here
            self.emit(block, text.split("\n"))

    def list_item(self, block: MarkdownBlock) -> None:
        structure = block.structure
        depth = int(structure.get("depth", 0))
        previous = self.previous
        continuing = previous is not None and previous.kind == "list_item"
        if not continuing:
            self.widths, self.markers = [], {}
        del self.widths[depth + 1 :]
        indent = sum(self.widths[:depth])
        lines = inline_markdown(block.text, block.tags).split("\n")
        if structure.get("first", True) or depth >= len(self.widths):
            marker = self._marker(structure, depth, continuing)
            width = len(marker) + 1
            if depth < len(self.widths):
                self.widths[depth] = width
            else:
                self.widths.append(width)
            head = " " * indent + marker + " "
        else:
            width = self.widths[depth]
            head = " " * (indent + width)
        body = [head + lines[0]] + [" " * (indent + width) + line for line in lines[1:]]
        self.emit(block, body, quote=int(structure.get("quote", 0)))

    def _marker(self, structure: Mapping, depth: int, continuing: bool) -> str:
        ordered = structure.get("list") == "ordered"
        delims = (".", ")") if ordered else ("-", "*")
        before = self.markers.get(depth) if continuing else None
        same_type = before is not None and before[-1] in delims
        delim = before[-1] if before and same_type else delims[0]
        if structure.get("item", 0) == 0 and same_type:
            # A new list right after one of the same type: another marker keeps them apart.
            delim = delims[1] if delim == delims[0] else delims[0]
        marker = f"{int(structure.get('number', 1))}{delim}" if ordered else delim
        self.markers[depth] = marker
        for deeper in [d for d in self.markers if d > depth]:
            del self.markers[deeper]
        return marker

    def table(self, cells: Sequence[MarkdownBlock]) -> None:
        self.widths = []
        first = cells[0].structure
        cols = max(
            [int(first.get("cols", 0))] + [int(c.structure.get("col", 0)) + 1 for c in cells]
        )
        rows = max(
            [int(first.get("rows", 0)), 1] + [int(c.structure.get("row", 0)) + 1 for c in cells]
        )
        aligns = list(first.get("aligns") or [None] * cols)
        aligns += [None] * (cols - len(aligns))
        grid = [[""] * cols for _ in range(rows)]
        for cell in cells:
            row, col = int(cell.structure.get("row", 0)), int(cell.structure.get("col", 0))
            grid[row][col] = inline_markdown(cell.text, cell.tags, in_table=True)
            if cell.structure.get("align") is not None:
                aligns[col] = cell.structure["align"]
        rule = {"left": ":---", "center": ":---:", "right": "---:"}
        lines = [_table_row(grid[0]), _table_row([rule.get(a or "", "---") for a in aligns])]
        lines += [_table_row(row) for row in grid[1:]]
        self.emit(cells[-1], lines)


def _table_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _heading_text(text: str) -> str:
    # A run of "#" after a space at the end would close the heading: escape its first.
    return _CLOSING_HASHES.sub(r"\1\\\2", text)


def _code_lines(block: MarkdownBlock, *, fenced: bool = False) -> list[str]:
    structure, text = block.structure, block.text
    if structure.get("html"):
        return text.split("\n")
    if structure.get("indented") and not fenced:
        return ["    " + line if line else "" for line in text.split("\n")]
    info = str(structure.get("info", ""))
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    if "`" in info:
        tildes = max((len(run) for run in re.findall(r"~+", text)), default=0)
        fence = "~" * max(3, tildes + 1)
    else:
        fence = "`" * max(3, longest + 1)
    return [fence + info, *text.split("\n"), fence]


def _quote_depth(block: MarkdownBlock) -> int:
    if block.kind == "blockquote":
        return max(int(block.structure.get("depth", 1)), 1)
    if block.kind == "list_item":
        return int(block.structure.get("quote", 0))
    return 0


def _same_quote(a: MarkdownBlock, b: MarkdownBlock) -> bool:
    if a.kind == b.kind == "blockquote":
        return a.structure.get("quote") == b.structure.get("quote")
    return True


def _quote_prefix(depth: int) -> str:
    return "> " * depth


def _blank_between_items(a: Mapping, b: Mapping) -> bool:
    """Whether a blank line goes between two list-item blocks, CommonMark's looseness kept."""
    if not b.get("first", True):
        return True
    depth_a, depth_b = int(a.get("depth", 0)), int(b.get("depth", 0))
    if depth_b > depth_a:
        return not a.get("tight", True)
    if depth_b == depth_a and b.get("item", 0) == 0:
        return True  # another list
    return not b.get("tight", True)
