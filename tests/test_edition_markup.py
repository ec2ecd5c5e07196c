"""Editions keep the inline markup and the structure of what was imported, in every
file format: bold, italics, links and line breaks, headings at their level, lists,
tables, code, separators, captions and footnotes. Editions published before rows kept
them render as they always did."""

import io
import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import html5lib
import pytest
from docx import Document
from docx.oxml.ns import qn
from ebooklib import epub
from markdown_it import MarkdownIt
from pypdf import PdfReader

from translate_app.domain.edition_docx import render_docx
from translate_app.domain.edition_epub import render_epub
from translate_app.domain.editions import LAYOUTS, EditionRow, render_markdown
from translate_app.domain.sources import read_source
from translate_app.extensions import db
from translate_app.services.articles import get_segment_translation
from translate_app.services.edition_documents import render_html, render_pdf
from translate_app.services.importing import import_article
from translate_app.services.publishing import publish_edition
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .edition_samples import make_document
from .markup_samples import BOLD_WORD, HOSTILE_HREF, LINK, ROWS, markup_document
from .test_edition_epub import ROWS as OLD_ROWS
from .test_edition_epub import XML_LANG, content_root, epubcheck_command

BEFORE = Path(__file__).parent / "data" / "editions_before_markup"
XHTML = "{http://www.w3.org/1999/xhtml}"
MD = MarkdownIt("commonmark").enable("table")


def parse(html: str):
    return html5lib.parse(html, namespaceHTMLElements=False)


def body_of(html: str):
    return parse(html).find(".//article")


def text_of(element) -> str:
    return "".join(element.itertext())


# --- editions published before rows kept markup --------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_edition_published_before_renders_byte_for_byte_as_it_did(ctx, layout):
    document = make_document(layout, OLD_ROWS)
    assert not document.marked_up
    expected = (BEFORE / f"{layout}.html").read_text()
    assert render_html(document, standalone=True) == expected
    assert render_markdown(document) == (BEFORE / f"{layout}.md").read_text()


# --- HTML (the page, and the PDF) -------------------------------------------------------


def html_of(ctx, layout: str) -> str:
    return render_html(markup_document(layout), standalone=True)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_html_keeps_inline_markup_safely(ctx, layout):
    html = html_of(ctx, layout)
    article = body_of(html)
    assert HOSTILE_HREF not in html and "javascript" not in html
    assert article.find(".//script") is None
    strong = [text_of(s) for s in article.iter("strong")]
    links = article.findall(".//a")
    assert links, layout
    for link in links:
        assert link.get("href") == LINK
        assert link.get("rel") == "nofollow noopener"
    if layout != "target-only":
        assert f"Public {BOLD_WORD} System" in strong
        assert any(text_of(p).startswith("Fed by the Public") for p in article.iter("p"))
    if layout != "source-only":
        assert "공공배급제" in strong
        # The Korean moved the tags: the link comes first, then the break, then the bold.
        first = next(p for p in article.iter("p") if text_of(p).startswith("메모"))
        assert [child.tag for child in first] == ["a", "br", "strong"]
        # The broken translation renders its words, its tags balanced or left out.
        quote = next(b for b in article.iter("blockquote") if b.get("lang") == "ko")
        assert text_of(quote) == "인용된 단어."
    # Code is shown as written, escaped, once, never as "not yet translated".
    code = article.findall(".//pre/code")
    assert len(code) == 1
    assert "<script>alert(1)</script>" in text_of(code[0])
    assert "&lt;script&gt;" in html
    separators = [p for p in article.iter("p") if p.get("class") == "separator"]
    assert [text_of(p) for p in separators] == ["* * *"]
    for element in article.iter():
        if element.tag in ("p", "h3", "blockquote", "pre", "th", "td", "table"):
            assert element.get("lang"), (element.tag, text_of(element))


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_bilingual_html_keeps_one_row_per_segment(ctx, layout):
    article = body_of(html_of(ctx, layout))
    sections = article.findall("section")
    by_id = {s.get("id"): s for s in sections}
    heading = by_id["p3"]
    assert [h.get("lang") for h in heading.findall("h3")] == ["en", "ko"]
    markers = [
        [text_of(m) for m in by_id[f"p{n}"].iter("span") if m.get("class") == "marker"]
        for n in (4, 5, 8, 9)
    ]
    assert markers == [["•", "•"], ["•", "•"], ["3.", "3."], ["4.", "4."]]
    assert "depth-1" in by_id["p5"].get("class")
    untranslated = by_id["p6"].findall("p")[1]
    assert "untranslated" in untranslated.get("class")
    # A table row is one row of the edition: the cells side by side in each language.
    header = by_id["p10"]
    tables = header.findall(".//table")
    assert [[text_of(c) for c in t.iter("th")] for t in tables] == [
        ["Item", "Price"],
        ["품목", "가격"],
    ]
    body_row = by_id["p12"]
    assert [[text_of(c) for c in t.iter("td")] for t in body_row.findall(".//table")] == [
        ["Rice", "6,000"],
        ["쌀", "6,000"],
    ]
    assert "p11" not in by_id and "p13" not in by_id
    # What is not translated is shown once.
    assert len(by_id["p14"].findall("pre")) == 1
    assert "shared" in by_id["p15"].get("class")


@pytest.mark.parametrize("layout", ["target-only", "source-only"])
def test_single_language_html_rebuilds_lists_and_tables(ctx, layout):
    article = body_of(html_of(ctx, layout))
    lists = article.findall("section/ul") + article.findall("section/ol")
    bullets = article.find("section/ul")
    items = bullets.findall("li")
    assert len(items) == 2
    nested = items[0].find("ul")
    assert nested is not None and len(nested.findall("li")) == 1
    ordered = article.find("section/ol")
    assert ordered.get("start") == "3"
    assert len(ordered.findall("li")) == 2
    assert len(lists) == 2
    table = article.find("section/table")
    assert [text_of(c) for c in table.findall("thead/tr/th")] in (
        ["Item", "Price"],
        ["품목", "가격"],
    )
    rows = table.findall("tbody/tr")
    assert len(rows) == 1 and len(rows[0].findall("td")) == 2
    assert rows[0].find("td/strong") is not None
    # "1. " starting a paragraph stays text.
    assert any(text_of(p).startswith("1. ") for p in article.iter("p"))
    assert "untranslated" not in html_of(ctx, layout).split("<article", 1)[1].split("</article")[0]


def test_heading_levels_and_kinds(ctx):
    article = body_of(html_of(ctx, "interleaved"))
    assert len(article.findall(".//h3")) == 2
    classes = " ".join(p.get("class") or "" for p in article.iter("p"))
    assert "caption" in classes and "footnote" in classes


def test_pdf_renders_the_marked_up_edition(ctx):
    pdf = render_pdf(markup_document("target-only"))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "공공배급제" in re.sub(r"[\s\u2060]", "", text)


# --- Markdown ---------------------------------------------------------------------------


def normalized(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def markdown_body(markdown: str) -> str:
    """The body of an exported edition: what follows the masthead's thematic break."""
    return markdown.split("\n---\n", 1)[1]


def article_rows() -> list[EditionRow]:
    parsed = read_source((Path(__file__).parent / "data" / "article.md").read_bytes(), "a.md")
    return [
        EditionRow(
            position,
            block.kind.value,
            block.text,
            block.text,
            f"s{position}",
            translatable=block.translatable,
            tags=block.tags,
            structure=block.structure,
        )
        for position, block in enumerate(parsed.blocks)
    ]


@pytest.mark.parametrize("layout", ["target-only", "source-only"])
def test_markdown_of_one_language_renders_like_the_original(layout):
    original = (Path(__file__).parent / "data" / "article.md").read_text()
    without_title = original.split("\n", 1)[1]
    markdown = render_markdown(make_document(layout, article_rows()))
    assert normalized(MD.render(markdown_body(markdown))) == normalized(MD.render(without_title))
    assert "\\1." not in markdown


def interleaved_html() -> str:
    return MD.render(markdown_body(render_markdown(markup_document("interleaved"))))


def test_interleaved_markdown_shows_each_item_in_both_languages():
    markdown = render_markdown(markup_document("interleaved"))
    assert "\\1." not in markdown and "javascript" not in markdown
    assert "1\\. Not a list" in markdown
    tree = parse(interleaved_html())
    body = tree.find("body")
    bullets = body.find("ul")
    items = bullets.findall("li")
    assert [text_of(p) for p in items[0].findall("p")] == ["Rice is dear.", "쌀은 비싸다."]
    assert [text_of(p) for p in items[0].findall("ul/li/p")] == ["Nested point.", "중첩된 항목."]
    assert [text_of(p) for p in items[1].findall("p")] == [
        "Corn is cheap.",
        "(아직 번역되지 않음)",
    ]
    ordered = body.find("ol")
    assert ordered.get("start") == "3"
    assert [[text_of(p) for p in li.findall("p")] for li in ordered.findall("li")] == [
        ["Third point.", "세 번째."],
        ["Fourth point.", "네 번째."],
    ]
    paragraphs = [text_of(p) for p in body.findall("p")]
    assert "1. Not a list, a sentence." in paragraphs and "1. 목록이 아닌 문장." in paragraphs
    # The table, then its translation: two real tables.
    tables = body.findall("table")
    assert [[text_of(th) for th in t.iter("th")] for t in tables] == [
        ["Item", "Price"],
        ["품목", "가격"],
    ]
    assert tables[1].find(".//td/strong") is not None
    # Code and separators once; the code as written.
    assert len(body.findall("pre")) == 1
    assert "<script>alert(1)</script>" in text_of(body.find("pre"))
    assert len(body.findall("hr")) == 1
    assert [h.get("lang") or text_of(h) for h in body.findall("h3")] == [
        "Prices now",
        "지금의 가격",
    ]
    # Inline markup: bold, a link with its URL whole, a line break, the moved tags.
    links = body.findall(".//a")
    assert {a.get("href") for a in links} == {LINK}
    first_ko = next(p for p in body.findall("p") if text_of(p).startswith("메모"))
    assert [child.tag for child in first_ko] == ["a", "br", "strong"]
    quote = body.find("blockquote")
    assert [text_of(p) for p in quote.findall("p")] == ["A quoted word.", "인용된 단어."]


def test_side_by_side_markdown_is_a_table_split_around_code():
    markdown = render_markdown(markup_document("side-by-side"))
    assert "\\1." not in markdown and "javascript" not in markdown
    body = parse(MD.render(markdown_body(markdown))).find("body")
    tables = body.findall("table")
    assert len(tables) == 2
    rows = [[text_of(c) for c in tr] for t in tables for tr in t.iter("tr")]
    assert ["• Rice is dear.", "• 쌀은 비싸다."] in rows
    assert ["3. Third point.", "3. 세 번째."] in rows
    assert ["Rice · 6,000", "쌀 · 6,000"] in rows
    assert ["1. Not a list, a sentence.", "1. 목록이 아닌 문장."] in rows
    assert len(body.findall("pre")) == 1 and len(body.findall("hr")) == 1
    assert body.find(".//td/strong") is not None and body.find(".//td/a") is not None


# --- Word -------------------------------------------------------------------------------


def word_of(layout: str):
    return Document(io.BytesIO(render_docx(markup_document(layout))))


def hyperlinks(paragraph) -> list[str]:
    targets = []
    for link in paragraph._p.iter(qn("w:hyperlink")):
        relation = paragraph.part.rels[link.get(qn("r:id"))]
        assert relation.is_external
        targets.append(relation.target_ref)
    return targets


def all_paragraphs(word):
    yield from word.paragraphs
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
                for inner in cell.tables:
                    for inner_row in inner.rows:
                        for inner_cell in inner_row.cells:
                            yield from inner_cell.paragraphs


@pytest.mark.parametrize("layout", LAYOUTS)
def test_word_keeps_inline_markup(layout):
    word = word_of(layout)
    paragraphs = list(all_paragraphs(word))
    bold = {run.text for p in paragraphs for run in p.runs if run.bold}
    links = [target for p in paragraphs for target in hyperlinks(p)]
    assert links and set(links) == {LINK}
    xml = "".join(p._p.xml for p in paragraphs)
    assert "javascript" not in xml
    if layout != "target-only":
        assert f"Public {BOLD_WORD} System" in bold
        first = next(p for p in paragraphs if p.text.startswith("Fed by"))
        assert first.text == "Fed by the Public Distribution System.\nSee the notes."
    if layout != "source-only":
        assert "공공배급제" in bold
        quote = next(p for p in paragraphs if "인용된" in p.text)
        assert quote.text == "인용된 단어."
    code = [p for p in paragraphs if p.text.startswith("if (a < b")]
    assert code and all(run.font.name == "Courier New" for run in code[0].runs)
    assert "<script>alert(1)</script>" in code[0].text
    assert any(p.text == "* * *" and p.alignment == 1 for p in paragraphs)  # centred


@pytest.mark.parametrize("layout", ["interleaved", "target-only"])
def test_word_lists_headings_and_tables(layout):
    word = word_of(layout)
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert ("List Bullet", "쌀은 비싸다.") in styles
    assert ("List Bullet 2", "중첩된 항목.") in styles
    assert ("List Continue", "3. 세 번째.") in styles
    assert ("Heading 3", "지금의 가격") in styles
    assert ("Normal", "1. 목록이 아닌 문장.") in styles
    assert ("Caption", "캡션.") in styles
    # Code and the separator once, never as "not yet translated".
    assert sum(1 for _, text in styles if text == "* * *") == 1
    korean = word.tables[-1]
    assert [[c.text for c in row.cells] for row in korean.rows] == [
        ["품목", "가격"],
        ["쌀", "6,000"],
    ]
    assert all(run.bold for run in korean.rows[0].cells[0].paragraphs[0].runs)


def test_word_side_by_side_keeps_table_rows_together():
    (table,) = word_of("side-by-side").tables
    nested = [row for row in table.rows if row.cells[0].tables]
    assert len(nested) == 2
    assert [[c.text for c in t.rows[0].cells] for t in (nested[1].cells[0].tables[0],)] == [
        ["Rice", "6,000"]
    ]
    assert [c.text for c in nested[1].cells[1].tables[0].rows[0].cells] == ["쌀", "6,000"]


# --- EPUB -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def marked_up_epubcheck(tmp_path_factory) -> dict[str, tuple[int, str]]:
    command = epubcheck_command()
    directory = tmp_path_factory.mktemp("markup-epubcheck")
    running = {}
    for layout in LAYOUTS:
        path = directory / f"{layout}.epub"
        path.write_bytes(render_epub(markup_document(layout)))
        running[layout] = subprocess.Popen(
            [*command, str(path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    reports = {}
    for layout, process in running.items():
        output, _ = process.communicate(timeout=300)
        reports[layout] = (process.returncode, output)
    return reports


@pytest.mark.parametrize("layout", LAYOUTS)
def test_marked_up_epub_passes_epubcheck(marked_up_epubcheck, layout):
    returncode, output = marked_up_epubcheck[layout]
    assert returncode == 0, output
    assert "No errors or warnings detected" in output, output


@pytest.mark.parametrize("layout", LAYOUTS)
def test_epub_keeps_inline_markup_as_xhtml(tmp_path, layout):
    path = tmp_path / "book.epub"
    path.write_bytes(render_epub(markup_document(layout)))
    with zipfile.ZipFile(path) as book:
        raw = book.read("EPUB/edition.xhtml").decode()
    root = content_root(epub.read_epub(str(path)))
    assert "javascript" not in raw and "<script" not in raw
    assert "<br/>" in raw and "<br>" not in raw
    links = list(root.iter(f"{XHTML}a"))
    assert links and {a.get("href") for a in links} == {LINK}
    strong = {"".join(s.itertext()) for s in root.iter(f"{XHTML}strong")}
    assert f"Public {BOLD_WORD} System" in strong or "공공배급제" in strong
    (code,) = root.iter(f"{XHTML}code")
    assert "<script>alert(1)</script>" in "".join(code.itertext())
    for element in root.iter(f"{XHTML}p", f"{XHTML}h3", f"{XHTML}pre", f"{XHTML}td"):
        assert element.get("lang") == element.get(XML_LANG) != None  # noqa: E711
    if layout in ("target-only", "source-only"):
        (ordered,) = root.iter(f"{XHTML}ol")
        assert ordered.get("start") == "3"
    # The table of contents names the heading without its tags.
    book = epub.read_epub(str(path))
    assert any(link.title in ("Prices now", "지금의 가격") for link in book.toc)


# --- through the services ---------------------------------------------------------------


def test_an_imported_article_publishes_with_its_markup(app, ctx, users, client):
    data = (Path(__file__).parent / "data" / "article.md").read_bytes()
    article = import_article(data, "article.md", source_lang="en", target_langs=["ko"])
    db.session.commit()
    by_source = {segment.source: segment for segment in article.segments}
    translations = {
        "Pyongyang was once fed by the <1>Public Distribution System</1> (PDS). Today, most "
        "households buy rice at the market, and the price is quoted in dollars.": (
            "평양은 한때 <1>공공배급제</1>(PDS)로 먹고살았다. 오늘날 대부분의 가구는 "
            "시장에서 쌀을 사고, 값은 달러로 매겨진다."
        ),
        "Prices follow the <1>yuan</1>, not the won.": "가격은 원이 아니라 <1>위안</1>을 따른다.",
        "See the <1>methodology notes</1> for details, or write to <2>desk@example.org</2>.": (
            "자세한 내용은 <1>방법론 메모</1>를 보거나 <2>desk@example.org</2>로 문의하라."
        ),
        "<1>+70%</1>": "<1>+70%</1>",
    }
    for source, text in translations.items():
        st = get_segment_translation(by_source[source].id, "ko")
        save_translation(st, users["translator"], text=text, base_revision=0, state="translated")
        approve_translation(st, users["editor"])
    db.session.commit()
    publish_edition(
        article,
        "ko",
        users["editor"],
        locales_dir=Path(app.config["LOCALES_DIR"]),
        editions_dir=Path(app.config["EDITIONS_DIR"]),
    )
    db.session.commit()
    html = client.get(f"/read/{article.slug}/ko/").get_data(as_text=True)
    article_html = body_of(html)
    strong = {text_of(s) for s in article_html.iter("strong")}
    assert {"Public Distribution System", "공공배급제", "+70%"} <= strong
    assert "위안" in {text_of(e) for e in article_html.iter("em")}
    hrefs = {a.get("href") for a in article_html.iter("a")}
    assert {"https://example.org/notes_(2024)", "mailto:desk@example.org"} <= hrefs
    markers = [text_of(m) for m in article_html.iter("span") if m.get("class") == "marker"]
    # Items 1 and 3 are not translated: their Korean side is the placeholder.
    assert markers == ["1.", "2.", "2.", "3."]
    code = article_html.findall(".//pre/code")
    assert len(code) == 1 and "def average(prices):" in text_of(code[0])
    # Headings keep their level; untranslated, their Korean side is the placeholder.
    assert [text_of(h) for h in article_html.iter("h2")][:2] == [
        "What the residents say",
        "Prices in the Tongil Street market",
    ]
    assert len(article_html.findall(".//table")) >= 8  # a small table per language per row
    download = client.get(f"/read/{article.slug}/ko/1/download/md")
    assert download.status_code == 200
    markdown = download.get_data(as_text=True)
    assert "**공공배급제**" in markdown and "\\1." not in markdown


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_table_cell_cut_in_two_at_import_shows_both_pieces(ctx, layout):
    rows = [
        *ROWS[:12],
        replace(ROWS[12], position=20, key="s20"),
        replace(ROWS[12], position=21, key="s21", source="and more", translation="그리고 더"),
        *ROWS[13:],
    ]
    html = render_html(make_document(layout, rows), standalone=True)
    cells = [text_of(td) for td in body_of(html).iter("td")]
    expected = {
        "source-only": ["Rice and more"],
        "target-only": ["쌀 그리고 더"],
    }.get(layout, ["Rice and more", "쌀 그리고 더"])
    assert [text for text in cells if text in ("Rice and more", "쌀 그리고 더")] == expected
