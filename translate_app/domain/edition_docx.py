"""An edition as a Word document: the masthead, then the body in the document's layout
(a two-column table side by side, alternating paragraphs interleaved, paragraphs alone).

Every run says its language, so Word checks spelling and picks fonts per language, and
the styles name an East Asian font, so Korean does not fall back to a Latin-only one.
"""

import contextlib
import io
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from . import inline
from .archives import with_fixed_times
from .edition_html import cell_place, heading_level, list_depth, list_marker, table_key
from .editions import Cell, EditionDocument, EditionRow, check_layout

# Word's own Korean font first; where it is missing, Word substitutes one it has.
EAST_ASIAN_FONT = "Malgun Gothic"
STYLES_WITH_FONT = ("Normal", "Title", "Subtitle", "Heading 2", "Quote")
# Word's language tags; a language not listed is written as given.
WORD_LANGS = {"ko": "ko-KR", "en": "en-US"}
EAST_ASIAN_LANGS = ("ko", "ja", "zh")
MUTED = RGBColor(0x77, 0x77, 0x77)
LINK_COLOR = RGBColor(0x1D, 0x5F, 0xA8)
MONOSPACE = "Courier New"
SMALL = Pt(9)


def render_docx(document: EditionDocument) -> bytes:
    """The edition in the document's layout as the bytes of a .docx file."""
    check_layout(document.layout)
    word = Document()
    _set_fonts(word)
    _set_properties(word, document)
    _masthead(word, document)
    if document.layout == "side-by-side":
        _side_by_side(word, document)
    else:
        _paragraphs(word, document)
    buffer = io.BytesIO()
    word.save(buffer)
    published = datetime.fromisoformat(document.edition.published_at).astimezone(UTC)
    return with_fixed_times(buffer.getvalue(), published.replace(tzinfo=None))


def word_lang(lang: str) -> str:
    return WORD_LANGS.get(lang, lang)


def _set_fonts(word: WordDocument) -> None:
    """The East Asian font on the styles the edition uses. A theme font would win over
    it, so the styles' theme choice for East Asian text is dropped."""
    for name in STYLES_WITH_FONT:
        fonts = word.styles[name].element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    defaults = word.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is not None:
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _set_properties(word: WordDocument, document: EditionDocument) -> None:
    edition = document.edition
    properties = word.core_properties
    properties.title = document.mastheads[0].title
    properties.language = word_lang(document.lang)
    properties.identifier = (
        f"{edition.slug}:{edition.source_lang}-{edition.target_lang}"
        f":edition-{edition.number}:{document.layout}"
    )
    properties.author = ", ".join(edition.translators)
    # The template's own values would otherwise describe a file from 2013.
    properties.comments = ""
    properties.last_modified_by = edition.published_by
    published = _published(edition.published_at)
    properties.created = published
    properties.modified = published
    properties.revision = edition.number


def _published(published_at: str) -> datetime:
    moment = datetime.fromisoformat(published_at)
    if moment.tzinfo is None:  # snapshots store UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _masthead(word: WordDocument, document: EditionDocument) -> None:
    first, *others = document.mastheads
    _add_run(word.add_paragraph(style="Title"), first.title, first.lang)
    for masthead in others:
        _add_run(word.add_paragraph(style="Subtitle"), masthead.title, masthead.lang)
    for masthead in document.mastheads:
        line = " · ".join(filter(None, (masthead.edition, masthead.date, masthead.byline)))
        if line:
            _add_run(word.add_paragraph(), line, masthead.lang)


def _side_by_side(word: WordDocument, document: EditionDocument) -> None:
    """One table, a row per paragraph and a column per language. Headings are bold
    rather than heading styles, so Word's outline does not list each one twice. The cells
    of one row of an article's table are a small table in each language; what is not
    translated (code, separators) spans both columns."""
    table = word.add_table(rows=0, cols=2)
    table.style = word.styles["Table Grid"]
    for kind, rows in _groups(document, by_table_row=True):
        if kind == "table":
            for table_cell, index in zip(table.add_row().cells, (0, 1), strict=True):
                _word_table(table_cell, document, rows, index, table_cell.paragraphs[0])
            continue
        row, cells = rows[0]
        if not row.translatable:
            merged = table.add_row().cells
            shared = merged[0].merge(merged[1])
            _untranslated_kind(shared.paragraphs[0], row, cells[0])
            continue
        for table_cell, cell in zip(table.add_row().cells, cells, strict=True):
            paragraph = table_cell.paragraphs[0]
            if cell.text is not None and row.kind == "blockquote":
                paragraph.style = word.styles["Quote"]
            if cell.text is not None and row.kind in _STYLED_IN_CELLS:
                paragraph.style = word.styles[_style(row, cell)]
            runs = _cell_runs(paragraph, document, row, cell)
            if cell.text is not None and row.kind == "heading":
                for run in runs:
                    run.bold = True


# In the side-by-side table, the kinds that keep their own paragraph style.
_STYLED_IN_CELLS = ("list_item", "caption")


def _paragraphs(word: WordDocument, document: EditionDocument) -> None:
    """A paragraph per language shown, the source before its translation; a table of the
    article whole in each language; what is not translated once."""
    for kind, rows in _groups(document, by_table_row=False):
        if kind == "table":
            for index in range(len(rows[0][1])):
                _word_table(word, document, rows, index, None)
            continue
        row, cells = rows[0]
        if not row.translatable:
            _untranslated_kind(word.add_paragraph(), row, cells[0])
            continue
        for cell in cells:
            _cell_runs(word.add_paragraph(style=_style(row, cell)), document, row, cell)


def _groups(document: EditionDocument, *, by_table_row: bool):
    """("row", [one row]) or ("table", [its cells]): a whole table, or one row of it."""
    rows = list(document.rows())
    at = 0
    while at < len(rows):
        row = rows[at][0]
        if row.kind != "table_cell":
            yield "row", rows[at : at + 1]
            at += 1
            continue
        end = at + 1
        while (
            end < len(rows)
            and rows[end][0].kind == "table_cell"
            and table_key(rows[end][0]) == table_key(row)
            and (not by_table_row or cell_place(rows[end][0])[0] == cell_place(row)[0])
        ):
            end += 1
        yield "table", rows[at:end]
        at = end


def _word_table(parent, document: EditionDocument, rows, index: int, placeholder) -> None:
    """The cells of ``rows`` in one language as a Word table, header cells in bold."""
    places = [cell_place(row) for row, _cells in rows]
    first = min(number for number, _col in places)
    declared = 0
    for row, _cells in rows:
        with contextlib.suppress(TypeError, ValueError):
            declared = max(declared, int((row.structure or {}).get("cols", 0)))
    cols = max([declared] + [col + 1 for _number, col in places])
    count = max(number for number, _col in places) - first + 1
    table = parent.add_table(rows=count, cols=cols)
    table.style = parent.part.document.styles["Table Grid"]
    for (row, cells), (number, col) in zip(rows, places, strict=True):
        paragraph = table.cell(number - first, col).paragraphs[0]
        align = (row.structure or {}).get("align")
        if align in ("center", "right"):
            paragraph.alignment = (
                WD_ALIGN_PARAGRAPH.CENTER if align == "center" else WD_ALIGN_PARAGRAPH.RIGHT
            )
        if paragraph.text:  # a long cell cut into several segments at import
            _add_run(paragraph, " ", cells[index].lang)
        runs = _cell_runs(paragraph, document, row, cells[index])
        if (row.structure or {}).get("header") and cells[index].text is not None:
            for run in runs:
                run.bold = True
    if placeholder is not None and not placeholder.text:
        # A table cell's first paragraph: the nested table goes after it; keep it out of
        # the way rather than leave an empty line above the table.
        placeholder.paragraph_format.space_after = Pt(0)


def _untranslated_kind(paragraph, row: EditionRow, cell: Cell) -> None:
    """Code in a monospace paragraph, a separator as a centred "* * *": the same text in
    both languages, written once."""
    if row.kind == "separator":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_run(paragraph, "* * *", cell.lang)
        return
    first, *others = (cell.text or "").split("\n")
    run = _add_run(paragraph, first, cell.lang)
    run.font.name = MONOSPACE
    run.font.size = SMALL
    for line in others:
        run.add_break()
        run.add_text(line)


def _style(row: EditionRow, cell: Cell) -> str:
    """Headings at their level, bulleted items in Word's list styles (by depth), numbered
    items and further paragraphs of an item indented with the source's own number."""
    kind = row.kind
    if cell.text is None:
        return "Normal"
    if kind == "heading":
        return f"Heading {heading_level(row)}"
    if kind == "blockquote":
        return "Quote"
    if kind == "caption":
        return "Caption"
    if kind == "list_item":
        depth = min(list_depth(row), 2)
        suffix = f" {depth + 1}" if depth else ""
        if list_marker(row) == "•":
            return "List Bullet" + suffix
        return "List Continue" + suffix
    return "Normal"  # paragraphs and kinds this renderer does not know


def _cell_runs(paragraph, document: EditionDocument, row: EditionRow, cell: Cell) -> list:
    if cell.text is not None:
        runs = []
        marker = list_marker(row) if row.kind == "list_item" else ""
        if marker and marker != "•":
            runs.append(_add_run(paragraph, marker + " ", cell.lang))
        runs += _add_marked_up(paragraph, cell.text, row.tags, cell.lang)
        if row.kind == "footnote":
            for run in runs:
                run.font.size = SMALL
        return runs
    # The placeholder is worded in the main language, whatever the cell's language.
    run = _add_run(paragraph, document.untranslated, document.lang)
    run.italic = True
    run.font.color.rgb = MUTED
    return [run]


def _add_marked_up(paragraph, text: str, tags: dict | None, lang: str) -> list:
    """The runs of a text with its inline markup: bold, italics, monospace for code, real
    hyperlinks, line breaks. A text without markup is one run, as editions always had."""
    if not tags:
        return [_add_run(paragraph, text, lang)]
    runs = []
    for piece in inline.to_runs(text, tags):
        if piece.line_break:
            run = _add_run(paragraph, "", lang)
            run.add_break()
            runs.append(run)
            continue
        run = _add_run(paragraph, piece.text, lang)
        run.bold = piece.bold or None
        run.italic = piece.italic or None
        if piece.code:
            run.font.name = MONOSPACE
        if piece.href:
            run.font.color.rgb = LINK_COLOR
            run.underline = True
            relation = paragraph.part.relate_to(piece.href, RT.HYPERLINK, is_external=True)
            hyperlink = OxmlElement("w:hyperlink")
            hyperlink.set(qn("r:id"), relation)
            run._r.addprevious(hyperlink)
            hyperlink.append(run._r)
        runs.append(run)
    if not runs:
        runs.append(_add_run(paragraph, "", lang))
    return runs


def _add_run(paragraph, text: str, lang: str):
    run = paragraph.add_run(text)
    _set_run_lang(run, lang)
    return run


def _set_run_lang(run, lang: str) -> None:
    """w:val is the language of Latin text, w:eastAsia that of Hangul, kana and Han."""
    properties = run._r.get_or_add_rPr()
    element = OxmlElement("w:lang")
    tag = word_lang(lang)
    element.set(qn("w:val"), tag)
    if lang.split("-")[0] in EAST_ASIAN_LANGS:
        element.set(qn("w:eastAsia"), tag)
    properties.insert_element_before(element, "w:eastAsianLayout", "w:specVanish", "w:oMath")
