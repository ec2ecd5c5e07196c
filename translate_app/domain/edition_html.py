"""The body of an edition as HTML (the page, the PDF) or XHTML (the EPUB), with each
row's inline markup and the structure it had in the source: headings at their level,
list items with their markers, tables, code, separators, captions and footnotes.

Every text goes through ``inline.to_html``, which escapes it and writes only the tags
of the row's tag map (links checked again); nothing else here is marked safe unescaped.
Bilingual layouts keep one row per segment, so the two languages stay side by side;
the cells of one table row are one row of the edition, a small table in each language.
Single-language layouts rebuild real lists (``<ul>``, ``<ol start>``) and tables.
"""

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import inline
from .editions import BILINGUAL_LAYOUTS, Cell, EditionDocument, EditionRow

Shape = Callable[[str, str], str]
BULLET = "•"
MAX_DEPTH = 6


def _as_is(text: str, lang: str) -> str:
    return text


def structure(row: EditionRow) -> Mapping:
    return row.structure or {}


def heading_level(row: EditionRow) -> int:
    """h2 to h6: the edition's title is the page's one h1."""
    try:
        level = int(structure(row).get("level", 2))
    except (TypeError, ValueError):
        level = 2
    return min(max(level, 2), 6)


def list_depth(row: EditionRow) -> int:
    try:
        depth = int(structure(row).get("depth", 0))
    except (TypeError, ValueError):
        depth = 0
    return min(max(depth, 0), MAX_DEPTH)


def list_marker(row: EditionRow) -> str:
    """A bullet, "•", for a bulleted item, "3." for the third of a numbered list; "" for a further
    paragraph of an item, which has no marker of its own."""
    info = structure(row)
    if not info.get("first", True):
        return ""
    if info.get("list") == "ordered":
        try:
            return f"{int(info.get('number', 1))}."
        except (TypeError, ValueError):
            return "1."
    return BULLET


def table_key(row: EditionRow):
    return structure(row).get("table", 0)


def cell_place(row: EditionRow) -> tuple[int, int]:
    info = structure(row)
    try:
        return int(info.get("row", 0)), int(info.get("col", 0))
    except (TypeError, ValueError):
        return 0, 0


@dataclass(frozen=True)
class Group:
    """Rows rendered together: one row ("row"), the cells of one table row in a
    bilingual layout ("table_row"), or a whole list or table in a single-language
    layout ("list", "table")."""

    kind: str
    rows: tuple[tuple[EditionRow, tuple[Cell, ...]], ...]


def groups(document: EditionDocument) -> Iterator[Group]:
    rows = list(document.rows())
    bilingual = document.layout in BILINGUAL_LAYOUTS
    at = 0
    while at < len(rows):
        row = rows[at][0]
        if row.kind == "table_cell":
            table, line = table_key(row), cell_place(row)[0]

            def same(other: EditionRow, table=table, line=line) -> bool:
                if table_key(other) != table:
                    return False
                return not bilingual or cell_place(other)[0] == line

            kind = "table_row" if bilingual else "table"
        elif row.kind == "list_item" and not bilingual:
            same, kind = (lambda other: True), "list"
        else:
            yield Group("row", (rows[at],))
            at += 1
            continue
        end = at + 1
        while end < len(rows) and rows[end][0].kind == row.kind and same(rows[end][0]):
            end += 1
        yield Group(kind, tuple(rows[at:end]))
        at = end


class Writer:
    """Writes the body of one document; ``xhtml`` for XML serialization (the EPUB)."""

    def __init__(self, document: EditionDocument, shape: Shape | None = None, xhtml=False):
        self.document = document
        self.shape = shape or _as_is
        self.xhtml = xhtml

    # --- texts ---------------------------------------------------------------------

    def inline(self, row: EditionRow, cell: Cell) -> str:
        text = self.shape(cell.text or "", cell.lang)
        html = str(inline.to_html(text, row.tags or {}))
        # to_html writes only "<br>" itself: text is escaped, so this is no text's "<br>".
        return html.replace("<br>", "<br/>") if self.xhtml else html

    def attrs(self, classes: str, lang: str, id_: str | None = None) -> str:
        out = f' class="{escape(classes)}"' if classes else ""
        out += f' lang="{escape(lang)}"'
        if id_:
            out += f' id="{escape(id_)}"'
        return out

    def placeholder(self, tag: str, cell: Cell, extra: str = "") -> str:
        classes = f"text {cell.side} untranslated{extra}"
        return (
            f"<{tag}{self.attrs(classes, self.document.lang)}>"
            f"{escape(self.document.untranslated)}</{tag}>"
        )

    def block(self, row: EditionRow, cell: Cell, id_: str | None = None) -> str:
        """One language's text of a row as a block element."""
        side = f"text {cell.side}{' stand-in' if cell.stand_in else ''}"
        kind = row.kind
        if kind == "separator":
            # A centred "* * *", whatever the source wrote: "---", "***" or "⁂".
            return f'<p{self.attrs("separator", cell.lang, id_)} role="separator">* * *</p>'
        if kind == "code":
            info = str(structure(row).get("info", "")).split(" ")[0]
            language = f' class="language-{escape(info)}"' if info else ""
            # Code is never shaped: its characters are exactly as imported.
            return (
                f"<pre{self.attrs(side + ' code', cell.lang, id_)}>"
                f"<code{language}>{escape(cell.text or '')}</code></pre>"
            )
        if cell.text is None:
            extra = ""
            if kind == "list_item":
                extra = f" list-item depth-{list_depth(row)}"
            return self.placeholder("p", cell, extra)
        text = self.inline(row, cell)
        if kind == "heading":
            tag = f"h{heading_level(row)}"
            return f"<{tag}{self.attrs(side, cell.lang, id_)}>{text}</{tag}>"
        if kind == "blockquote":
            return f"<blockquote{self.attrs(side, cell.lang, id_)}>{text}</blockquote>"
        if kind == "list_item":
            marker = list_marker(row)
            shown = f'<span class="marker">{escape(marker)}</span> ' if marker else ""
            classes = f"{side} list-item depth-{list_depth(row)}"
            return f"<p{self.attrs(classes, cell.lang, id_)}>{shown}{text}</p>"
        if kind in ("caption", "footnote", "table_cell"):
            return f"<p{self.attrs(f'{side} {kind}', cell.lang, id_)}>{text}</p>"
        return f"<p{self.attrs(side, cell.lang, id_)}>{text}</p>"

    # --- groups ----------------------------------------------------------------------

    def section(self, group: Group) -> str:
        first = group.rows[0][0]
        anchor = f"p{first.position}"
        if group.kind == "table_row":
            sides = [self.table_row(group, index) for index in range(len(group.rows[0][1]))]
            return (
                f'<section class="row kind-table_cell" id="{anchor}">'
                + "\n".join(sides)
                + "</section>"
            )
        if group.kind == "list":
            return f'<section class="row kind-list">{self.list(group)}</section>'
        if group.kind == "table":
            return f'<section class="row kind-table">{self.table(group)}</section>'
        row, cells = group.rows[0]
        if not row.translatable:
            # The same in both languages: shown once, across both columns.
            cells = cells[:1]
            return (
                f'<section class="row kind-{escape(row.kind)} shared" id="{anchor}">'
                + self.block(row, cells[0])
                + "</section>"
            )
        classes = f"row kind-{escape(row.kind)}"
        if row.kind == "list_item":
            classes += f" depth-{list_depth(row)}"
        inner = "\n".join(self.block(row, cell) for cell in cells)
        return f'<section class="{classes}" id="{anchor}">{inner}</section>'

    def body(self) -> Markup:
        return Markup("\n".join(self.section(group) for group in groups(self.document)))

    def table_cell(self, pieces: list[tuple[EditionRow, Cell]], tag: str, anchor: bool) -> str:
        """One cell of a table: the segments at its place (one, unless a long cell was cut
        into several at import), one after the other."""
        row, cell = pieces[0]
        align = structure(row).get("align")
        classes = f"align-{align}" if align in ("left", "center", "right") else ""
        contents = []
        for piece_row, piece in pieces:
            if piece.text is None:
                contents.append(
                    f"<span{self.attrs('untranslated', self.document.lang)}>"
                    f"{escape(self.document.untranslated)}</span>"
                )
            else:
                contents.append(self.inline(piece_row, piece))
        classes = (classes + (" stand-in" if cell.stand_in else "")).strip()
        id_ = f"p{row.position}" if anchor else None
        return f"<{tag}{self.attrs(classes, cell.lang, id_)}>{' '.join(contents)}</{tag}>"

    def table_row(self, group: Group, index: int) -> str:
        """One side of a table row, a small table of one row: columns of equal width, so
        the rows of one table line up under each other."""
        first_row, first_cells = group.rows[0]
        cell = first_cells[index]
        cols = _columns(group.rows)
        by_col: dict[int, list] = {}
        for row, cells in group.rows:
            by_col.setdefault(cell_place(row)[1], []).append((row, cells[index]))
        header = bool(structure(first_row).get("header"))
        tag = "th" if header else "td"
        parts = []
        for col in range(cols):
            if col in by_col:
                parts.append(self.table_cell(by_col[col], tag, False))
            else:
                parts.append(f"<{tag}></{tag}>")
        lang = cell.lang if cell.text is not None else self.document.lang
        return (
            f"<div{self.attrs(f'text {cell.side}', lang)}>"
            f"<table{self.attrs('cells', lang)}><tbody><tr>"
            + "\n".join(parts)
            + "</tr></tbody></table></div>"
        )

    def table(self, group: Group) -> str:
        """A whole table, in a single-language layout."""
        cols = _columns(group.rows)
        rows: dict[int, dict[int, list]] = {}
        for row, cells in group.rows:
            number, col = cell_place(row)
            rows.setdefault(number, {}).setdefault(col, []).append((row, cells[0]))
        head, body = [], []
        for number in range(max(rows) + 1):
            cells_of_row = rows.get(number, {})
            header = any(
                bool(structure(r).get("header"))
                for pieces in cells_of_row.values()
                for r, _ in pieces
            )
            tag = "th" if header else "td"
            parts = []
            for col in range(cols):
                if col in cells_of_row:
                    parts.append(self.table_cell(cells_of_row[col], tag, True))
                else:
                    parts.append(f"<{tag}></{tag}>")
            (head if header and not body else body).append("<tr>" + "\n".join(parts) + "</tr>")
        out = f"<table{self.attrs('text', self.document.lang)}>"
        if head:
            out += "<thead>" + "".join(head) + "</thead>"
        return out + "<tbody>" + "".join(body) + "</tbody></table>"

    def list(self, group: Group) -> str:
        """Nested ``<ul>`` and ``<ol start>`` from the list items' depths, numbers and
        markers, in a single-language layout."""
        out: list[str] = []
        stack: list[tuple[int, str]] = []  # (depth, "ul" or "ol"), each with an <li> open

        def close() -> None:
            out.append(f"</li></{stack.pop()[1]}>")

        def open_list(row: EditionRow, depth: int) -> None:
            info = structure(row)
            tag = "ol" if info.get("list") == "ordered" else "ul"
            start = ""
            if tag == "ol":
                try:
                    number = int(info.get("number", 1))
                except (TypeError, ValueError):
                    number = 1
                if number != 1:
                    start = f' start="{number}"'
            out.append(f"<{tag}{start}><li>")
            stack.append((depth, tag))

        for row, cells in group.rows:
            info = structure(row)
            depth = list_depth(row)
            while stack and stack[-1][0] > depth:
                close()
            tag = "ol" if info.get("list") == "ordered" else "ul"
            if stack and stack[-1][0] == depth:
                if info.get("first", True):
                    if stack[-1][1] != tag or info.get("item", 1) == 0:
                        close()
                        open_list(row, depth)
                    else:
                        out.append("</li><li>")
            else:
                open_list(row, depth)
            block = self.block(_plain_item(row), cells[0], f"p{row.position}")
            marker = list_marker(row)
            if tag == "ol" and marker and cells[0].text is not None:
                # The opening tag ends at its first ">": its attribute values are escaped.
                block = block.replace(">", f'><span class="marker">{escape(marker)}</span> ', 1)
            out.append(block)
        while stack:
            close()
        return "\n".join(out)


def _plain_item(row: EditionRow) -> EditionRow:
    """A list item as a paragraph inside its ``<li>``: the list shows the marker."""
    return EditionRow(
        row.position, "paragraph", row.source, row.translation, row.key, True, row.tags
    )


def _columns(rows) -> int:
    declared = 0
    for row, _cells in rows:
        with contextlib.suppress(TypeError, ValueError):
            declared = max(declared, int(structure(row).get("cols", 0)))
    return max([declared] + [cell_place(row)[1] + 1 for row, _ in rows])


def body_html(document: EditionDocument, shape: Shape | None = None) -> Markup:
    return Writer(document, shape).body()
