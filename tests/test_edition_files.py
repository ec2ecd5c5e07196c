"""Every file format of an edition, opened with a reader of that format: the Korean and
English texts are there, in order, and nothing in a segment becomes markup."""

import io
import re
import subprocess
import zipfile
from pathlib import Path

import html5lib
import pytest
from docx import Document
from pypdf import PdfReader

from translate_app.domain.editions import LAYOUTS
from translate_app.extensions import db
from translate_app.services.articles import get_segment_translation
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .conftest import SLUG

KOREAN = {
    1: "평양의 지방화가 진행 중이다",
    2: "최근 나는 사업차 해외에 나온 평양 중앙 엘리트의 한 사람과 대화를 나누었다.",
    3: "내가 자세히 말해 달라고 하자, 그는 평양이 점점 지방처럼 변하고 있다고 말했다.",
    4: '<script>alert("x")</script> & 1 < 2 — 번역자의 글은 글자 그대로 보인다.',
}


@pytest.fixture
def published(article, users, runner):
    for position, text in KOREAN.items():
        st = get_segment_translation(article.segments[position - 1].id, "ko")
        save_translation(st, users["translator"], text=text, base_revision=0, state="translated")
        approve_translation(st, users["editor"])
    db.session.commit()
    result = runner.invoke(args=["publish", SLUG, "--user", "editor"])
    assert result.exit_code == 0, result.output
    return article


def export(runner, tmp_path: Path, fmt: str, *args) -> bytes:
    out = tmp_path / f"edition.{fmt}"
    result = runner.invoke(args=["export", SLUG, "--format", fmt, "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def squeeze(text: str) -> str:
    """Text without any white space: line wrapping in a PDF moves spaces and breaks."""
    return re.sub(r"\s+", "", text)


def in_order(haystack: str, needles: list[str]) -> bool:
    at = 0
    for needle in needles:
        at = haystack.find(needle, at)
        if at < 0:
            return False
        at += len(needle)
    return True


def expected_texts(article, layout: str) -> list[str]:
    """Source and translation of paragraphs 2 to 4 in the order the layout shows them."""
    texts = []
    for position in (2, 3, 4):
        source = article.segments[position - 1].source
        texts += {
            "source-only": [source],
            "target-only": [KOREAN[position]],
        }.get(layout, [source, KOREAN[position]])
    return texts


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_html_file_is_valid_html5_that_fetches_nothing(runner, published, tmp_path, layout):
    data = export(runner, tmp_path, "html", "--layout", layout)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(data.decode())  # raises on any parse error
    assert tree.find("head/style") is not None
    for element in tree.iter():
        # No element that loads anything: no scripts, frames, images or linked styles.
        assert element.tag not in ("script", "img", "iframe", "link", "object", "embed")
        assert "src" not in element.attrib and "srcset" not in element.attrib
        assert not element.attrib.get("href", "#").startswith(("http", "//"))
    style = tree.find("head/style").text
    assert "url(" not in style and "@import" not in style
    text = "".join(tree.find("body").itertext())
    assert in_order(text, expected_texts(published, layout))


def test_the_pdf_holds_the_korean_text_in_a_korean_font(runner, published, tmp_path):
    data = export(runner, tmp_path, "pdf")
    assert data.startswith(b"%PDF-")
    path = tmp_path / "edition.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # pdftotext reads side-by-side columns line by line; the raw order keeps each paragraph.
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert in_order(squeeze(raw), [squeeze(t) for t in expected_texts(published, "source-only")])
    for korean in KOREAN.values():
        assert squeeze(korean) in squeeze(raw)
    assert "평양의 지방화가 진행 중이다" in text
    reader = PdfReader(io.BytesIO(data))
    extracted = squeeze("".join(page.extract_text() for page in reader.pages))
    assert squeeze(KOREAN[2]) in extracted
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    # Korean set in Noto CJK, embedded: a reader without the font sees the same glyphs.
    assert re.search(r"Noto-Serif-CJK-KR\s.*\byes\b", fonts), fonts


def test_korean_words_are_not_broken_across_lines_in_the_pdf(runner, published, tmp_path):
    html = export(runner, tmp_path, "html").decode()
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    words = set("".join(tree.find("body").itertext()).split())
    # Side by side: the narrow columns break every paragraph over several lines.
    export(runner, tmp_path, "pdf")
    lines = subprocess.run(
        ["pdftotext", "-raw", str(tmp_path / "edition.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    korean = [word for line in lines for word in line.split() if re.search("[가-힣]", word)]
    assert len(korean) > 30
    # Each Korean word of the PDF is a whole word of the text: lines break between words
    # (keep-all), never inside one, and the joiners that keep them whole are not text.
    assert [word for word in korean if word not in words] == []
    assert "\u2060" not in "".join(lines)


def test_the_docx_table_reads_back_pair_by_pair(runner, published, tmp_path):
    data = export(runner, tmp_path, "docx")
    word = Document(io.BytesIO(data))
    (table,) = word.tables
    pairs = [[cell.text for cell in row.cells] for row in table.rows]
    for position in (2, 3, 4):
        assert [published.segments[position - 1].source, KOREAN[position]] in pairs
    assert word.paragraphs[0].text == KOREAN[1]


def test_the_epub_passes_epubcheck_and_reads_back_in_order(runner, published, tmp_path):
    from ebooklib import ITEM_DOCUMENT, epub

    from .test_edition_epub import epubcheck_command

    data = export(runner, tmp_path, "epub")
    path = tmp_path / "edition.epub"
    check = subprocess.run(
        [*epubcheck_command(), str(path)], capture_output=True, text=True, timeout=300
    )
    assert check.returncode == 0 and "ERROR" not in check.stdout + check.stderr, check.stdout
    book = epub.read_epub(str(path))
    (content,) = [i for i in book.get_items_of_type(ITEM_DOCUMENT) if "nav" not in i.file_name]
    tree = html5lib.parse(content.get_content().decode(), namespaceHTMLElements=False)
    assert in_order("".join(tree.itertext()), expected_texts(published, "interleaved"))
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()[0] == "mimetype"


@pytest.mark.parametrize("fmt", ["html", "md", "epub", "docx", "pdf"])
def test_every_format_downloads_named_and_cached(app, client, published, fmt):
    url = f"/read/{SLUG}/ko/1/download/{fmt}"
    first = client.get(url)
    assert first.status_code == 200
    layout = {"md": "interleaved", "epub": "interleaved"}.get(fmt, "side-by-side")
    name = f"{SLUG}.en-ko.edition-1.{layout}.{fmt}"
    assert first.headers["Content-Disposition"] == f"attachment; filename={name}"
    assert (
        first.mimetype
        == {
            "html": "text/html",
            "md": "text/markdown",
            "epub": "application/epub+zip",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "pdf": "application/pdf",
        }[fmt]
    )
    cached = Path(app.config["EDITIONS_DIR"]) / SLUG / "ko" / "1" / "files" / f"{layout}.{fmt}"
    assert cached.read_bytes() == first.data
    # Served from the kept file from now on: what is there is what is sent.
    cached.write_bytes(b"kept")
    assert client.get(url).data == b"kept"
    assert [p.name for p in cached.parent.iterdir()] == [cached.name]


def test_a_download_in_another_layout_is_its_own_file(client, published):
    response = client.get(f"/read/{SLUG}/ko/1/download/md?layout=target-only")
    assert response.status_code == 200
    assert "target-only.md" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert KOREAN[2] in text and published.segments[1].source not in text


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/read/{slug}/ko/1/download/odt", 400, "unknown format &#39;odt&#39;"),
        ("/read/{slug}/ko/1/download/md?layout=x", 400, "unknown layout &#39;x&#39;"),
        ("/read/{slug}/ko/2/download/md", 404, "has no edition 2 in ko"),
        ("/read/{slug}/ja/1/download/md", 404, "is not translated into &#39;ja&#39;"),
    ],
)
def test_bad_download_requests_are_refused_by_name(client, published, url, status, message):
    response = client.get(url.format(slug=SLUG))
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_a_download_still_works_when_its_file_cannot_be_kept(app, client, published):
    folder = Path(app.config["EDITIONS_DIR"]) / SLUG / "ko" / "1"
    # A plain file where the folder of kept files would go: nothing can be kept there.
    (folder / "files").write_bytes(b"in the way")
    response = client.get(f"/read/{SLUG}/ko/1/download/md")
    assert response.status_code == 200 and KOREAN[2] in response.get_data(as_text=True)
    assert (folder / "files").read_bytes() == b"in the way"
    assert sorted(p.name for p in folder.iterdir()) == [
        "edition.html",
        "edition.json",
        "edition.md",
        "files",
    ]


def test_a_file_that_cannot_be_put_in_place_leaves_no_temporary_file(app, client, published):
    files = Path(app.config["EDITIONS_DIR"]) / SLUG / "ko" / "1" / "files"
    (files / "interleaved.md").mkdir(parents=True)  # a folder where the file would go
    response = client.get(f"/read/{SLUG}/ko/1/download/md")
    assert response.status_code == 200 and KOREAN[2] in response.get_data(as_text=True)
    assert [p.name for p in files.iterdir()] == ["interleaved.md"]
