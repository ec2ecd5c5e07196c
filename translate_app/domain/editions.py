"""Edition snapshots, their layouts, the differences between two of them, and their
renderings that need no template (Markdown).

A snapshot is everything a reader sees, frozen at publish time; later edits to
the article never reach it.
"""

import json
import re
from dataclasses import asdict, dataclass, field

from .diff import Change, diff
from .inline import balanced, safe_tags
from .markdown_out import MarkdownBlock, blocks_markdown, inline_markdown

#: How the two languages of an edition are laid out. Both in one row, one after the
#: other, or one language alone (the source stands in where nothing was approved).
LAYOUTS = ("side-by-side", "interleaved", "target-only", "source-only")
BILINGUAL_LAYOUTS = ("side-by-side", "interleaved")
UNTRANSLATED_MARK = "(not yet translated)"
MAX_REASON_CHARS = 1000


def parse_reason(value: str | None) -> str:
    """Why an edition is withdrawn: readers are shown it, so it must say something."""
    reason = " ".join((value or "").split())
    if not reason:
        raise ValueError("say why the edition is withdrawn: its page shows readers the reason")
    if len(reason) > MAX_REASON_CHARS:
        raise ValueError(
            f"the reason has {len(reason)} characters; at most {MAX_REASON_CHARS} are allowed"
        )
    return reason


@dataclass(frozen=True)
class EditionRow:
    position: int
    kind: str
    source: str
    translation: str | None  # None: not approved when published, the source stands alone
    key: str = ""  # the segment's key; older editions did not keep it
    # Separators, code and boilerplate: shown as they are, in both languages.
    translatable: bool = True
    # Inline markup as numbered tags in source and translation, and where the block sits
    # in a list or table (see domain/inline.py and Block); older editions have neither.
    tags: dict | None = None
    structure: dict | None = None


@dataclass(frozen=True)
class EditionSnapshot:
    slug: str
    number: int
    title: str
    translated_title: str | None
    source_lang: str
    target_lang: str
    published_at: str  # ISO 8601, UTC
    published_by: str
    catalog_checksum: str
    rows: list[EditionRow] = field(default_factory=list)
    # Credits and provenance; editions published before they were kept have none.
    translators: list[str] = field(default_factory=list)
    approvers: list[str] = field(default_factory=list)
    source_checksum: str = ""  # of the source texts: which revision of the article
    forced: bool = False  # published although nothing had changed since the one before

    @property
    def translated_count(self) -> int:
        return sum(1 for row in self.rows if row.translatable and row.translation is not None)

    @property
    def translatable_count(self) -> int:
        """The rows there were to translate: what ``translated_count`` is out of."""
        return sum(1 for row in self.rows if row.translatable)

    @property
    def body(self) -> list[EditionRow]:
        """The rows below the title: the title is shown apart, in the edition's header."""
        return [row for row in self.rows if row.kind != "title"]

    def same_text(self, other: "EditionSnapshot") -> bool:
        """Whether a reader would see the same words in both: the basis for refusing a
        publish that changes nothing."""
        return (
            self.source_lang,
            self.target_lang,
            self.title,
            self.translated_title,
            _texts(self.rows),
        ) == (
            other.source_lang,
            other.target_lang,
            other.title,
            other.translated_title,
            _texts(other.rows),
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "EditionSnapshot":
        data = json.loads(text)
        data["rows"] = [EditionRow(**row) for row in data["rows"]]
        return cls(**data)


def _texts(rows: list[EditionRow]) -> list[tuple]:
    return [(row.kind, row.source, row.translation) for row in rows]


@dataclass(frozen=True)
class Cell:
    """One language's text of a row, as a layout shows it."""

    lang: str
    text: str | None  # None: a placeholder saying the paragraph is not yet translated
    side: str  # "source" or "target"
    stand_in: bool = False  # the source shown where the target language has no text


def check_layout(layout: str) -> str:
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    return layout


def cells(edition: EditionSnapshot, source: str, translation: str | None, layout: str):
    """The cells a layout shows for one row, in reading order."""
    source_cell = Cell(edition.source_lang, source, "source")
    if layout == "source-only":
        return (source_cell,)
    if translation is None:
        if layout == "target-only":
            return (Cell(edition.source_lang, source, "target", stand_in=True),)
        target_cell = Cell(edition.target_lang, None, "target")
    else:
        target_cell = Cell(edition.target_lang, translation, "target")
    return (target_cell,) if layout == "target-only" else (source_cell, target_cell)


def shown_langs(edition: EditionSnapshot, layout: str) -> tuple[str, ...]:
    """The languages a layout shows, the main one first."""
    if layout == "source-only":
        return (edition.source_lang,)
    if layout == "target-only":
        return (edition.target_lang,)
    return (edition.target_lang, edition.source_lang)


@dataclass(frozen=True)
class Masthead:
    """An edition's title, byline and date in one language, worded in that language."""

    lang: str
    title: str
    byline: str  # "Translated by …, approved by …, published by …"
    date: str  # formatted for the language: "2026년 11월 27일", "November 27, 2026"
    edition: str  # "Edition 2"


@dataclass(frozen=True)
class EditionDocument:
    """What every file format of an edition renders: the snapshot in a layout, with its
    mastheads (one per language shown, the main one first) and the words a reader of
    the main language sees where a paragraph is not yet translated."""

    edition: EditionSnapshot
    layout: str
    mastheads: tuple[Masthead, ...]
    untranslated: str = UNTRANSLATED_MARK

    @property
    def lang(self) -> str:
        return self.mastheads[0].lang

    @property
    def marked_up(self) -> bool:
        """Whether any row has inline markup, structure or is not for translation: an
        edition published before they were kept has none, and renders as it did."""
        return any(
            row.tags is not None or row.structure is not None or not row.translatable
            for row in self.edition.rows
        )

    def rows(self):
        """(row, cells) for every row below the title, in reading order."""
        for row in self.edition.body:
            yield row, cells(self.edition, row.source, row.translation, self.layout)


_HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
_INSIDE_KOREAN_WORD = re.compile(rf"(?<=[{_HANGUL}])(?=\S)|(?<=\S)(?=[{_HANGUL}])")
WORD_JOINER = "\u2060"


def keep_korean_words(text: str) -> str:
    """Korean breaks lines between words, at spaces, never inside one (CSS ``word-break:
    keep-all``). For a renderer that does not honour keep-all: an invisible word joiner
    between the letters of every word that holds Hangul forbids the break there."""
    return _INSIDE_KOREAN_WORD.sub(WORD_JOINER, text)


# --- differences between two editions ---------------------------------------------------


@dataclass(frozen=True)
class RowDiff:
    """A row that differs between two editions; a side that did not change has no changes."""

    position: int  # in the newer edition (in the older one for a removed row)
    kind: str
    status: str  # "changed", "added" or "removed"
    source: list[Change]
    translation: list[Change]


def diff_editions(old: EditionSnapshot, new: EditionSnapshot) -> list[RowDiff]:
    """The rows whose source or translation differ, word by word (letter by letter in
    Korean). Rows are matched by segment key where both editions kept it, else by
    position."""
    by_key = all(row.key for row in old.rows) and all(row.key for row in new.rows)
    old_rows = {(row.key if by_key else row.position): row for row in old.rows}
    seen = set()
    changes: list[RowDiff] = []
    for row in new.rows:
        match = row.key if by_key else row.position
        before = old_rows.get(match)
        if before is None:
            changes.append(
                RowDiff(
                    row.position,
                    row.kind,
                    "added",
                    diff("", row.source, new.source_lang),
                    diff("", row.translation or "", new.target_lang),
                )
            )
            continue
        seen.add(match)
        if (before.source, before.translation) == (row.source, row.translation):
            continue
        changes.append(
            RowDiff(
                row.position,
                row.kind,
                "changed",
                _diff_if_changed(before.source, row.source, new.source_lang),
                _diff_if_changed(before.translation, row.translation, new.target_lang),
            )
        )
    for match, row in old_rows.items():
        if match not in seen:
            changes.append(
                RowDiff(
                    row.position,
                    row.kind,
                    "removed",
                    diff(row.source, "", old.source_lang),
                    diff(row.translation or "", "", old.target_lang),
                )
            )
    return changes


def _diff_if_changed(old: str | None, new: str | None, lang: str) -> list[Change]:
    if old == new:
        return []
    return diff(old or "", new or "", lang)


# --- Markdown --------------------------------------------------------------------------


def render_markdown(document: EditionDocument) -> str:
    """Bilingual Markdown in the document's layout: one ``#`` title (the other language's
    under it in emphasis), a line of edition, date and byline per language, then the
    body. Side by side is a table of two columns, one row per paragraph."""
    edition, layout = document.edition, check_layout(document.layout)
    lines = [
        f"<!-- {edition.slug}, edition {edition.number}, {edition.source_lang} -> "
        f"{edition.target_lang}, published {edition.published_at} -->",
        "",
    ]
    first, *others = document.mastheads
    lines.extend((f"# {escape_markdown(first.title)}", ""))
    for masthead in others:
        lines.extend((f"*{escape_markdown(masthead.title)}*", ""))
    for masthead in document.mastheads:
        line = " · ".join(filter(None, (masthead.edition, masthead.date, masthead.byline)))
        lines.extend((escape_markdown(line), ""))
    lines.extend(("---", ""))
    placeholder = document.untranslated
    if document.marked_up:
        return "\n".join(lines) + "\n" + _marked_up_markdown(document)
    if layout == "side-by-side":
        lines.append(f"| {edition.source_lang} | {edition.target_lang} |")
        lines.append("| --- | --- |")
        for row, row_cells in document.rows():
            shown = " | ".join(_markdown_cell(row.kind, c.text, placeholder) for c in row_cells)
            lines.append(f"| {shown} |")
        lines.append("")
        return "\n".join(lines)
    for row, row_cells in document.rows():
        for cell in row_cells:
            lines.extend((_markdown_block(row.kind, cell.text, placeholder), ""))
    return "\n".join(lines)


def _markdown_block(kind: str, text: str | None, untranslated: str = UNTRANSLATED_MARK) -> str:
    if text is None:
        return f"*{escape_markdown(untranslated)}*"
    text = escape_markdown(text)
    if kind == "title":
        return f"# {text}"
    if kind == "heading":
        return f"## {text}"
    if kind == "blockquote":
        return f"> {text}"
    return text


def _markdown_cell(kind: str, text: str | None, untranslated: str) -> str:
    """One table cell: inline only, so a heading is strong and a quote is emphasis."""
    if text is None:
        return f"*{escape_markdown(untranslated)}*"
    text = escape_markdown(text).replace("|", "\\|")
    if kind in ("title", "heading"):
        return f"**{text}**"
    if kind == "blockquote":
        return f"*{text}*"
    return text


# Characters that start markup anywhere in a line: escapes, code spans, emphasis, links and
# images, raw HTML and autolinks, entities, strikethrough, and a heading's closing hashes.
_MD_INLINE = re.compile(r"([\\`*_\[\]<&~#])")
# Markers that make a block of a line that begins with them: lists ("-", "+", "1." and
# "1)"), thematic breaks ("---"), block quotes (">"), setext underlines ("=").
_MD_LEADING = ("-", "+", ">", "=")
_MD_ORDERED = re.compile(r"[0-9]{1,9}(?=[.)])")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def escape_markdown(text: str) -> str:
    """One line of Markdown that any CommonMark renderer shows as ``text``, letter for letter.

    Segment text is prose, not Markdown: a translator's "<script>" or "[x](javascript:..)"
    must reach a reader of the exported file as those characters, never as markup.
    Backslash escapes (valid before any ASCII punctuation) keep the file readable as text.
    """
    # Line breaks would end the block, and leading spaces would make it code.
    text = _ASCII_SPACE.sub(" ", text).strip(" ")
    text = _MD_INLINE.sub(r"\\\1", text)
    if match := _MD_ORDERED.match(text):
        return f"{match.group(0)}\\{text[match.end() :]}"
    if text.startswith(_MD_LEADING):
        return "\\" + text
    return text


# Editions whose rows keep their markup and structure (see EditionRow): the body is written
# by the Markdown writer, so that lists, tables, quotes and code come out as they went in.

_ITALIC = {"1": {"type": "i"}}


def _marked_up_markdown(document: EditionDocument) -> str:
    if document.layout == "side-by-side":
        return _side_by_side_markdown(document)
    if document.layout in BILINGUAL_LAYOUTS:
        return blocks_markdown(_interleaved_blocks(document))
    return blocks_markdown(
        [
            _md_block(row.kind, row_cells[0].text or "", row.tags, row.structure)
            for row, row_cells in document.rows()
        ]
    )


def _md_block(kind: str, text: str, tags, structure) -> MarkdownBlock:
    """A block for the Markdown writer: only well-formed tags, no unsafe link. Code is
    written as it is."""
    tags = safe_tags(tags or {})
    if kind != "code" and tags:
        text = balanced(text, tags)
    return MarkdownBlock(kind, text, tags, dict(structure or {}))


def _placeholder_text(document: EditionDocument) -> str:
    return "<1>" + document.untranslated + "</1>"


def _interleaved_blocks(document: EditionDocument) -> list[MarkdownBlock]:
    """Each row's source, then its translation, with the row's structure: a list item's
    translation is a further paragraph of the same item (so the list keeps its numbers), a
    table is followed by its translated table, what is not translated is written once."""
    blocks: list[MarkdownBlock] = []
    rows = list(document.rows())
    at = 0
    while at < len(rows):
        row, row_cells = rows[at]
        tags, info = row.tags or {}, dict(row.structure or {})
        if not row.translatable:
            blocks.append(_md_block(row.kind, row.source, tags, info))
            at += 1
            continue
        if row.kind == "table_cell":
            end = at
            while (
                end < len(rows)
                and rows[end][0].kind == "table_cell"
                and (rows[end][0].structure or {}).get("table") == info.get("table")
            ):
                end += 1
            table = rows[at:end]
            for side in (0, 1):
                for cell_row, cells_of_row in table:
                    blocks.append(_cell_block(document, cell_row, cells_of_row[side], side))
            at = end
            continue
        source, target = row_cells
        blocks.append(_md_block(row.kind, source.text or "", tags, info))
        if row.kind == "list_item":
            kind, target_info = row.kind, {**info, "first": False}
        else:
            kind, target_info = row.kind, info
        if target.text is None:
            if row.kind != "list_item":
                kind, target_info = "paragraph", {}
            blocks.append(_md_block(kind, _placeholder_text(document), _ITALIC, target_info))
        else:
            blocks.append(_md_block(kind, target.text, tags, target_info))
        at += 1
    return blocks


def _cell_block(document: EditionDocument, row: EditionRow, cell: Cell, side: int):
    info = dict(row.structure or {})
    info["table"] = (info.get("table"), side)  # the translated table apart from the source's
    if cell.text is None:
        return _md_block("table_cell", _placeholder_text(document), _ITALIC, info)
    return _md_block("table_cell", cell.text, row.tags, info)


def _side_by_side_markdown(document: EditionDocument) -> str:
    """A table of two columns, a row per segment (per table row for the cells of a table);
    what is not translated (code, separators) is written once between two such tables."""
    edition = document.edition
    head = [f"| {edition.source_lang} | {edition.target_lang} |", "| --- | --- |"]
    chunks: list[str] = []
    lines: list[str] = []
    rows = list(document.rows())
    at = 0
    while at < len(rows):
        row, row_cells = rows[at]
        if not row.translatable:
            if lines:
                chunks.append("\n".join(head + lines) + "\n")
                lines = []
            chunks.append(
                blocks_markdown([_md_block(row.kind, row.source, row.tags, row.structure)])
            )
            at += 1
            continue
        if row.kind == "table_cell":
            info = row.structure or {}
            end = at
            while (
                end < len(rows)
                and rows[end][0].kind == "table_cell"
                and (rows[end][0].structure or {}).get("table") == info.get("table")
                and (rows[end][0].structure or {}).get("row") == info.get("row")
            ):
                end += 1
            shown = [
                " · ".join(
                    _markdown_markup_cell(document, r, c[side]) or " " for r, c in rows[at:end]
                )
                for side in (0, 1)
            ]
            lines.append(f"| {shown[0]} | {shown[1]} |")
            at = end
            continue
        shown = " | ".join(_markdown_markup_cell(document, row, c) for c in row_cells)
        lines.append(f"| {shown} |")
        at += 1
    if lines:
        chunks.append("\n".join(head + lines) + "\n")
    return "\n".join(chunks)


def _markdown_markup_cell(document: EditionDocument, row: EditionRow, cell: Cell) -> str:
    """One segment in a cell of the side-by-side table: inline only, so a heading is
    strong, a quote in emphasis (when it has no markup of its own) and a list item is
    prefixed with its marker."""
    if cell.text is None:
        return f"*{escape_markdown(document.untranslated)}*"
    block = _md_block(row.kind, cell.text, row.tags, row.structure)
    tags, info = block.tags, block.structure
    text = inline_markdown(block.text, tags, in_table=True).strip()
    if not text:
        return text
    if row.kind in ("heading", "table_cell") and (row.kind == "heading" or info.get("header")):
        return text if tags else f"**{text}**"
    if row.kind in ("blockquote", "caption"):
        return text if tags else f"*{text}*"
    if row.kind == "list_item" and info.get("first", True):
        depth = min(_number(info.get("depth"), 0), 6)
        ordered = info.get("list") == "ordered"
        marker = f"{_number(info.get('number'), 1)}." if ordered else "•"
        return "\u00a0\u00a0" * depth + f"{marker} {text}"
    return text


def _number(value, default: int) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return default
