"""The EPUB of an edition: valid for epubcheck in every layout, the texts in reading order
with their languages, segment text shown as text, and a table of contents."""

import io
import os
import shutil
import subprocess
import zipfile
from dataclasses import replace

import pytest
from ebooklib import ITEM_DOCUMENT, epub
from lxml import etree

from translate_app.domain.edition_epub import render_epub
from translate_app.domain.editions import (
    LAYOUTS,
    EditionDocument,
    EditionRow,
)

from .edition_samples import (
    HOSTILE,
    MAIN_LANGS,
    MASTHEAD_LINES,
    MASTHEADS,
    UNTRANSLATED_KO,
)
from .edition_samples import make_document as sample_document

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ROWS = [
    EditionRow(0, "title", "Localizing Pyongyang", "평양의 지방화", "title"),
    EditionRow(1, "paragraph", "Cities rename their streets.", "도시는 거리 이름을 바꾼다.", "s1"),
    EditionRow(2, "heading", "Street names", "거리 이름", "s2"),
    EditionRow(3, "blockquote", "A name is a promise.", "이름은 약속이다.", "s3"),
    EditionRow(4, "paragraph", "Nobody has translated this yet.", None, "s4"),
    EditionRow(5, "heading", "Sources", None, "s5"),
    EditionRow(6, "paragraph", HOSTILE, HOSTILE + " 번역", "s6"),
]


def make_document(layout: str) -> EditionDocument:
    return sample_document(layout, ROWS)


def expected_blocks(layout: str) -> list[tuple[str, str]]:
    """(lang, text) of every heading and paragraph a reader sees, in order."""
    langs = MAIN_LANGS[layout]
    blocks = [(langs[0], MASTHEADS[langs[0]].title)]
    blocks += [(lang, MASTHEADS[lang].title) for lang in langs[1:]]
    blocks += [(lang, MASTHEAD_LINES[lang]) for lang in langs]
    for row in ROWS[1:]:
        source = ("en", row.source)
        target = ("ko", row.translation) if row.translation else ("ko", UNTRANSLATED_KO)
        if layout == "source-only":
            blocks.append(source)
        elif layout == "target-only":
            blocks.append(target if row.translation else source)
        else:
            blocks += [source, target]
    return blocks


def epubcheck_command() -> list[str]:
    path = shutil.which("epubcheck")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("epubcheck is not installed (Debian package epubcheck)")
        pytest.skip("epubcheck is not installed (Debian package epubcheck)")
    # Debian's command is the jar itself, which runs only where binfmt_misc hands jars
    # to Java; containers often lack it, so the jar is given to Java directly, set for a
    # short run (no optimizing compiler, one GC thread) as each check is seconds of start-up.
    if os.path.realpath(path).endswith(".jar"):
        return ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", path]
    return [path]


def write(tmp_path, layout: str):
    path = tmp_path / f"{layout}.epub"
    path.write_bytes(render_epub(make_document(layout)))
    return path


def content_root(book: epub.EpubBook) -> etree._Element:
    documents = [
        item for item in book.get_items_of_type(ITEM_DOCUMENT) if not isinstance(item, epub.EpubNav)
    ]
    assert len(documents) == 1
    return etree.fromstring(documents[0].content)


def nav_root(book: epub.EpubBook) -> etree._Element:
    (nav,) = [item for item in book.get_items() if isinstance(item, epub.EpubNav)]
    return etree.fromstring(nav.content)


def text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.fixture(scope="module")
def epubcheck_reports(tmp_path_factory) -> dict[str, tuple[int, str]]:
    """epubcheck's exit status and output for every layout. Each check starts a Java VM
    that takes seconds, so the four run at once."""
    command = epubcheck_command()
    directory = tmp_path_factory.mktemp("epubcheck")
    running = {}
    for layout in LAYOUTS:
        path = directory / f"{layout}.epub"
        path.write_bytes(render_epub(make_document(layout)))
        running[layout] = subprocess.Popen(
            [*command, str(path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    reports = {}
    for layout, process in running.items():
        output, _ = process.communicate(timeout=300)
        reports[layout] = (process.returncode, output)
    return reports


@pytest.mark.parametrize("layout", LAYOUTS)
def test_epubcheck_finds_no_errors_or_warnings(epubcheck_reports, layout):
    returncode, output = epubcheck_reports[layout]
    assert returncode == 0, output
    assert "ERROR" not in output, output
    assert "WARNING" not in output, output
    assert "No errors or warnings detected" in output, output


@pytest.mark.parametrize("layout", LAYOUTS)
def test_texts_in_reading_order_with_their_languages(tmp_path, layout):
    root = content_root(epub.read_epub(str(write(tmp_path, layout))))
    assert root.get("lang") == MAIN_LANGS[layout][0]
    blocks = list(root.iter(f"{XHTML}h1", f"{XHTML}h2", f"{XHTML}p"))
    assert [(block.get("lang"), text_of(block)) for block in blocks] == expected_blocks(layout)
    assert all(block.get(XML_LANG) == block.get("lang") for block in blocks)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_segment_text_is_text_not_markup(tmp_path, layout):
    book = epub.read_epub(str(write(tmp_path, layout)))
    root = content_root(book)
    assert list(root.iter(f"{XHTML}script")) == []
    texts = [text_of(block) for block in root.iter(f"{XHTML}p")]
    assert any(text.startswith(HOSTILE) for text in texts)
    assert b"&lt;script&gt;alert(" in etree.tostring(root)


def test_side_by_side_is_one_table_row_per_paragraph(tmp_path):
    root = content_root(epub.read_epub(str(write(tmp_path, "side-by-side"))))
    rows = list(root.iter(f"{XHTML}tr"))
    assert len(rows) == len(ROWS) - 1
    for tr, row in zip(rows, ROWS[1:], strict=True):
        cells = tr.findall(f"{XHTML}td")
        assert [td.get("lang") for td in cells] == ["en", "ko"]
        assert text_of(cells[0]) == row.source
        assert text_of(cells[1]) == (row.translation or UNTRANSLATED_KO)
    heading = rows[1].find(f"{XHTML}td/{XHTML}h2")
    assert heading is not None and heading.text == "Street names"
    quote = rows[2].find(f"{XHTML}td/{XHTML}blockquote/{XHTML}p")
    assert quote is not None and quote.text == "A name is a promise."
    placeholder = rows[3].findall(f"{XHTML}td")[1].find(f".//{XHTML}em")
    assert placeholder is not None and placeholder.text == UNTRANSLATED_KO


@pytest.mark.parametrize(
    ("layout", "labels"),
    [
        ("side-by-side", ["평양의 지방화", "거리 이름", "Sources"]),
        ("interleaved", ["평양의 지방화", "거리 이름", "Sources"]),
        ("target-only", ["평양의 지방화", "거리 이름", "Sources"]),
        ("source-only", ["Localizing Pyongyang", "Street names", "Sources"]),
    ],
)
def test_table_of_contents_lists_the_title_and_every_heading(tmp_path, layout, labels):
    book = epub.read_epub(str(write(tmp_path, layout)))
    toc = nav_root(book).find(f".//{XHTML}nav")
    assert toc.get("{http://www.idpf.org/2007/ops}type") == "toc"
    links = list(toc.iter(f"{XHTML}a"))
    assert [link.text for link in links] == labels
    # Every entry lands on the start of its row: the heading itself, or (interleaved)
    # the source heading right above the translated one.
    ids = {element.get("id"): element for element in content_root(book).iter()}
    for link, label in zip(links, labels, strict=True):
        target = ids[link.get("href").split("#")[1]]
        shown = [text_of(element) for element in (target, target.getnext()) if element is not None]
        assert label in shown or label in shown[0]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_metadata_names_the_edition_and_its_languages(tmp_path, layout):
    book = epub.read_epub(str(write(tmp_path, layout)))
    langs = [value for value, _ in book.get_metadata("DC", "language")]
    assert langs == list(MAIN_LANGS[layout])
    (title,) = book.get_metadata("DC", "title")
    assert title[0] == MASTHEADS[MAIN_LANGS[layout][0]].title
    (identifier,) = book.get_metadata("DC", "identifier")
    assert identifier[0] == f"urn:translate-app:pyongyang:en-ko:edition-2:{layout}"
    assert book.get_metadata("DC", "date")[0][0] == "2026-11-27T10:00:00Z"


def test_same_edition_gives_the_same_bytes():
    first = render_epub(make_document("interleaved"))
    assert render_epub(make_document("interleaved")) == first
    assert render_epub(make_document("side-by-side")) != first
    # Dated at publishing, not at rendering: two renderings a day apart agree too.
    entries = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert {entry.date_time for entry in entries} == {(2026, 11, 27, 10, 0, 0)}
    assert (entries[0].filename, entries[0].compress_type) == ("mimetype", zipfile.ZIP_STORED)


def test_unknown_row_kind_is_a_paragraph(tmp_path):
    document = make_document("interleaved")
    caption = EditionRow(7, "caption", "A map of 1950.", "1950년의 지도.", "s7")
    document = replace(document, edition=replace(document.edition, rows=[*ROWS, caption]))
    path = tmp_path / "caption.epub"
    path.write_bytes(render_epub(document))
    blocks = list(content_root(epub.read_epub(str(path))).iter(f"{XHTML}p"))
    assert [(block.get("lang"), block.text) for block in blocks[-2:]] == [
        ("en", "A map of 1950."),
        ("ko", "1950년의 지도."),
    ]


def test_unknown_layout_is_refused():
    with pytest.raises(ValueError, match="unknown layout"):
        render_epub(replace(make_document("interleaved"), layout="columns"))
