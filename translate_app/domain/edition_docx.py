"""An edition as a Word document: the masthead, then the body in the document's layout
(a two-column table side by side, alternating paragraphs interleaved, paragraphs alone).

Every run says its language, so Word checks spelling and picks fonts per language, and
the styles name an East Asian font, so Korean does not fall back to a Latin-only one.
"""

import io
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from .archives import with_fixed_times
from .editions import Cell, EditionDocument, check_layout

# Word's own Korean font first; where it is missing, Word substitutes one it has.
EAST_ASIAN_FONT = "Malgun Gothic"
STYLES_WITH_FONT = ("Normal", "Title", "Subtitle", "Heading 2", "Quote")
# Word's language tags; a language not listed is written as given.
WORD_LANGS = {"ko": "ko-KR", "en": "en-US"}
EAST_ASIAN_LANGS = ("ko", "ja", "zh")
MUTED = RGBColor(0x77, 0x77, 0x77)


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
    rather than heading styles, so Word's outline does not list each one twice."""
    table = word.add_table(rows=0, cols=2)
    table.style = word.styles["Table Grid"]
    for row, cells in document.rows():
        for table_cell, cell in zip(table.add_row().cells, cells, strict=True):
            paragraph = table_cell.paragraphs[0]
            if cell.text is not None and row.kind == "blockquote":
                paragraph.style = word.styles["Quote"]
            run = _cell_run(paragraph, document, cell)
            if cell.text is not None and row.kind == "heading":
                run.bold = True


def _paragraphs(word: WordDocument, document: EditionDocument) -> None:
    """A paragraph per language shown, the source before its translation."""
    for row, cells in document.rows():
        for cell in cells:
            _cell_run(word.add_paragraph(style=_style(row.kind, cell)), document, cell)


def _style(kind: str, cell: Cell) -> str:
    if cell.text is None:
        return "Normal"
    if kind == "heading":
        return "Heading 2"
    if kind == "blockquote":
        return "Quote"
    return "Normal"  # paragraphs and kinds this renderer does not know


def _cell_run(paragraph, document: EditionDocument, cell: Cell):
    if cell.text is not None:
        return _add_run(paragraph, cell.text, cell.lang)
    # The placeholder is worded in the main language, whatever the cell's language.
    run = _add_run(paragraph, document.untranslated, document.lang)
    run.italic = True
    run.font.color.rgb = MUTED
    return run


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
