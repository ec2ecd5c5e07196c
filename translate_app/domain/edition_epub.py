"""An edition as an EPUB 3 book: the masthead and the body in one content document, a
table of contents with the title and every heading, and a small stylesheet.

Segment text is prose, never markup: it is set as element text and escaped on writing,
so a translator's "<script>" reaches the reader as those characters.
"""

import io
from datetime import UTC, datetime

from ebooklib import epub
from lxml import etree

from . import inline
from .archives import with_fixed_times
from .edition_html import Writer, groups
from .editions import EditionDocument, check_layout

CONTENT_FILE = "edition.xhtml"
TITLE_ID = "title"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Hangul breaks between words, not letters (keep-all); the CJK fonts are tried first for
# Korean so a reading system without its own Korean font still shows the text.
STYLESHEET = """\
body { line-height: 1.7; }
:lang(ko) {
  font-family: "Noto Serif CJK KR", "Noto Sans CJK KR", serif;
  word-break: keep-all;
  overflow-wrap: break-word;
}
.masthead { margin-bottom: 2em; }
.masthead .other-title { font-size: 1.3em; margin: 0; }
.masthead .meta { font-size: 0.9em; color: #555; margin: 0.2em 0; }
table.side-by-side { width: 100%; border-collapse: collapse; }
table.side-by-side td { width: 50%; vertical-align: top; padding: 0.2em 0.6em; }
blockquote { margin: 0.5em 1.5em; }
.untranslated { color: #777; }
.list-item { padding-left: 1.6em; }
.marker { display: inline-block; width: 1.6em; margin-left: -1.6em; }
.list-item.depth-1 { padding-left: 3.2em; } .list-item.depth-2 { padding-left: 4.8em; }
.list-item.depth-3, .list-item.depth-4, .list-item.depth-5,
.list-item.depth-6 { padding-left: 6.4em; }
.kind-list ol { list-style: none; }
table.cells { width: 100%; table-layout: fixed; border-collapse: collapse; }
table.cells th, table.cells td, .kind-table th, .kind-table td {
  border: 1px solid #ccc; padding: 0.2em 0.4em; vertical-align: top; }
.align-center { text-align: center; } .align-right { text-align: right; }
pre.code { font-family: monospace; font-size: 0.85em; white-space: pre-wrap; }
.separator { text-align: center; }
.caption { font-size: 0.9em; font-style: italic; }
.footnote { font-size: 0.8em; }
"""


def render_epub(document: EditionDocument) -> bytes:
    """The edition in the document's layout as the bytes of an EPUB 3 file."""
    check_layout(document.layout)
    published = _published(document.edition.published_at)
    book = _book(document, published)
    style = epub.EpubItem(
        uid="style", file_name="style.css", media_type="text/css", content=STYLESHEET
    )
    content = epub.EpubHtml(
        uid="edition", file_name=CONTENT_FILE, title=document.mastheads[0].title, lang=document.lang
    )
    content.content = _content(document)
    content.add_item(style)
    book.add_item(style)
    book.add_item(content)
    book.toc = _toc(document)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = [content]
    buffer = io.BytesIO()
    # dcterms:modified is the publishing time, so the same edition gives the same file;
    # the landmarks list would only repeat the one content document.
    options = {"mtime": published, "epub3_landmark": False, "raise_exceptions": True}
    epub.write_epub(buffer, book, options)
    return with_fixed_times(buffer.getvalue(), published)


def epub_identifier(document: EditionDocument) -> str:
    """One identifier per edition and layout: each layout is a different book."""
    edition = document.edition
    return (
        f"urn:translate-app:{edition.slug}:{edition.source_lang}-{edition.target_lang}"
        f":edition-{edition.number}:{document.layout}"
    )


def _published(published_at: str) -> datetime:
    moment = datetime.fromisoformat(published_at)
    if moment.tzinfo is None:  # snapshots store UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0)


def _book(document: EditionDocument, published: datetime) -> epub.EpubBook:
    book = epub.EpubBook()
    book.set_identifier(epub_identifier(document))
    book.set_title(document.mastheads[0].title)
    book.set_language(document.lang)
    for masthead in document.mastheads[1:]:
        book.add_metadata("DC", "language", masthead.lang)
    book.add_metadata("DC", "date", published.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return book


def _toc(document: EditionDocument) -> list[epub.Link]:
    """The title, then every heading in the main language (the source where a heading
    has no translation), each linking to its row."""
    links = [epub.Link(f"{CONTENT_FILE}#{TITLE_ID}", document.mastheads[0].title, "toc-title")]
    for row, _cells in document.rows():
        if row.kind != "heading":
            continue
        main = row.source if document.layout == "source-only" else row.translation
        label = inline.plain(main or row.source, row.tags or {})
        if label.strip():  # an empty link is not a valid navigation entry
            anchor = _anchor(row.position)
            links.append(epub.Link(f"{CONTENT_FILE}#{anchor}", label, f"toc-{anchor}"))
    return links


def _anchor(position: int) -> str:
    # XML ids may not start with a digit.
    return f"p{position}"


def _content(document: EditionDocument) -> str:
    body = etree.Element("body")
    body.append(_masthead(document))
    article = etree.SubElement(body, "section", {"class": "article"})
    if document.marked_up:
        _marked_up(document, article)
    elif document.layout == "side-by-side":
        _side_by_side(document, article)
    else:
        _blocks(document, article)
    return "<html><head></head>" + etree.tostring(body, encoding="unicode") + "</html>"


def _masthead(document: EditionDocument) -> etree._Element:
    header = etree.Element("header", {"class": "masthead"})
    first, *others = document.mastheads
    _text_element(header, "h1", first.lang, first.title).set("id", TITLE_ID)
    for masthead in others:
        _text_element(header, "p", masthead.lang, masthead.title).set("class", "other-title")
    for masthead in document.mastheads:
        line = " · ".join(filter(None, (masthead.edition, masthead.date, masthead.byline)))
        if line:
            _text_element(header, "p", masthead.lang, line).set("class", "meta")
    return header


def _side_by_side(document: EditionDocument, parent: etree._Element) -> None:
    """One table for the article, one row per paragraph, a cell per language."""
    table = etree.SubElement(parent, "table", {"class": "side-by-side"})
    tbody = etree.SubElement(table, "tbody")
    for row, cells in document.rows():
        tr = etree.SubElement(tbody, "tr", {"id": _anchor(row.position)})
        for cell in cells:
            td = etree.SubElement(tr, "td")
            _set_lang(td, cell.lang)
            _block(document, td, row.kind, cell)


def _marked_up(document: EditionDocument, parent: etree._Element) -> None:
    """Rows with inline markup and structure: the same blocks as the HTML edition, in
    XHTML. Side by side is a table, a row per segment (per row of an article's table),
    what is not translated spanning both columns."""
    writer = Writer(document, xhtml=True)
    if document.layout != "side-by-side":
        for element in _fragment(str(writer.body())):
            parent.append(element)
        return
    table = etree.SubElement(parent, "table", {"class": "side-by-side"})
    tbody = etree.SubElement(table, "tbody")
    for group in groups(document):
        row, cells = group.rows[0]
        tr = etree.SubElement(tbody, "tr", {"id": _anchor(row.position)})
        if group.kind == "table_row":
            sides = [writer.table_row(group, index) for index in range(len(cells))]
        elif not row.translatable:
            sides = [writer.block(row, cells[0])]
        else:
            sides = [writer.block(row, cell) for cell in cells]
        for side, cell in zip(sides, cells, strict=False):
            td = etree.SubElement(tr, "td")
            if len(sides) == 1:
                td.set("colspan", "2")
            _set_lang(td, cell.lang)
            for element in _fragment(side):
                td.append(element)


def _fragment(xhtml: str) -> list[etree._Element]:
    """The elements of an XHTML fragment, each with xml:lang wherever it has lang."""
    wrapper = etree.fromstring(f"<div>{xhtml}</div>")
    for element in wrapper.iter():
        if element.get("lang"):
            element.set(XML_LANG, element.get("lang"))
    return list(wrapper)


def _blocks(document: EditionDocument, parent: etree._Element) -> None:
    """One block per language shown, the source before its translation."""
    for row, cells in document.rows():
        for index, cell in enumerate(cells):
            block = _block(document, parent, row.kind, cell)
            if index == 0:
                block.set("id", _anchor(row.position))


def _block(document: EditionDocument, parent: etree._Element, kind: str, cell) -> etree._Element:
    if cell.text is None:
        # The placeholder is worded in the main language, whatever the cell's language.
        placeholder = _text_element(parent, "p", document.lang, None)
        placeholder.set("class", "untranslated")
        etree.SubElement(placeholder, "em").text = document.untranslated
        return placeholder
    if kind == "heading":
        return _text_element(parent, "h2", cell.lang, cell.text)
    if kind == "blockquote":
        quote = etree.SubElement(parent, "blockquote")
        _set_lang(quote, cell.lang)
        _text_element(quote, "p", cell.lang, cell.text)
        return quote
    return _text_element(parent, "p", cell.lang, cell.text)  # paragraphs and unknown kinds


def _text_element(parent, tag: str, lang: str, text: str | None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    _set_lang(element, lang)
    element.text = text
    return element


def _set_lang(element: etree._Element, lang: str) -> None:
    # EPUB reading systems read xml:lang, browsers lang: both, as XHTML asks.
    element.set("lang", lang)
    element.set(XML_LANG, lang)
