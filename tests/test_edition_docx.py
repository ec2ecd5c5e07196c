"""The Word document of an edition: the texts of every layout in reading order, each run
in its language, and an East Asian font on the styles so Korean shows in Word."""

import io
from dataclasses import replace

import pytest
from docx import Document
from docx.oxml.ns import qn

from translate_app.domain.edition_docx import EAST_ASIAN_FONT, render_docx
from translate_app.domain.editions import (
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

WORD_LANGS = {"ko": "ko-KR", "en": "en-US"}

ROWS = [
    EditionRow(0, "title", "Localizing Pyongyang", "평양의 지방화", "title"),
    EditionRow(1, "paragraph", "Cities rename their streets.", "도시는 거리 이름을 바꾼다.", "s1"),
    EditionRow(2, "heading", "Street names", "거리 이름", "s2"),
    EditionRow(3, "blockquote", "A name is a promise.", "이름은 약속이다.", "s3"),
    EditionRow(4, "paragraph", "Nobody has translated this yet.", None, "s4"),
    EditionRow(5, "paragraph", HOSTILE, HOSTILE + " 번역", "s5"),
]


def make_document(layout: str) -> EditionDocument:
    return sample_document(layout, ROWS)


def read(layout: str):
    return Document(io.BytesIO(render_docx(make_document(layout))))


def masthead_texts(layout: str) -> list[str]:
    langs = MAIN_LANGS[layout]
    return [MASTHEADS[lang].title for lang in langs] + [MASTHEAD_LINES[lang] for lang in langs]


def run_lang(run) -> tuple[str | None, str | None]:
    lang = run._r.find(f"{qn('w:rPr')}/{qn('w:lang')}")
    assert lang is not None, run.text
    return lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))


def test_side_by_side_is_one_table_of_source_and_target():
    word = read("side-by-side")
    assert [p.text for p in word.paragraphs] == masthead_texts("side-by-side")
    (table,) = word.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [[row.source, row.translation or UNTRANSLATED_KO] for row in ROWS[1:]]


def test_side_by_side_marks_headings_and_the_untranslated():
    (table,) = read("side-by-side").tables
    heading = table.rows[1].cells[1].paragraphs[0].runs[0]
    assert (heading.text, heading.bold) == ("거리 이름", True)
    placeholder = table.rows[3].cells[1].paragraphs[0].runs[0]
    assert (placeholder.text, placeholder.italic) == (UNTRANSLATED_KO, True)
    paragraph = table.rows[0].cells[1].paragraphs[0].runs[0]
    assert not paragraph.bold and not paragraph.italic
    assert table.rows[2].cells[0].paragraphs[0].style.name == "Quote"


def test_side_by_side_runs_carry_their_language():
    (table,) = read("side-by-side").tables
    for row in table.rows:
        source, target = (cell.paragraphs[0].runs[0] for cell in row.cells)
        assert run_lang(source) == ("en-US", None)
        assert run_lang(target) == ("ko-KR", "ko-KR")


def test_interleaved_alternates_source_and_translation():
    word = read("interleaved")
    assert word.tables == []
    body = []
    for row in ROWS[1:]:
        body += [row.source, row.translation or UNTRANSLATED_KO]
    assert [p.text for p in word.paragraphs] == masthead_texts("interleaved") + body


def test_interleaved_styles_headings_and_quotes():
    paragraphs = read("interleaved").paragraphs
    styles = {p.text: p.style.name for p in paragraphs}
    assert styles[MASTHEADS["ko"].title] == "Title"
    assert styles["Street names"] == styles["거리 이름"] == "Heading 2"
    assert styles["A name is a promise."] == styles["이름은 약속이다."] == "Quote"
    assert styles["Cities rename their streets."] == "Normal"
    (placeholder,) = [p for p in paragraphs if p.text == UNTRANSLATED_KO]
    assert placeholder.runs[0].italic is True


def test_interleaved_runs_carry_their_language():
    paragraphs = read("interleaved").paragraphs
    langs = [run_lang(p.runs[0])[0] for p in paragraphs]
    main, other = WORD_LANGS["ko"], WORD_LANGS["en"]
    assert langs == [main, other, main, other] + [other, main] * (len(ROWS) - 1)
    korean = [p.runs[0] for p in paragraphs if p.text == "도시는 거리 이름을 바꾼다."]
    assert run_lang(korean[0]) == ("ko-KR", "ko-KR")


def test_target_only_shows_the_source_where_untranslated():
    paragraphs = read("target-only").paragraphs
    body = [row.translation or row.source for row in ROWS[1:]]
    assert [p.text for p in paragraphs] == masthead_texts("target-only") + body
    (stand_in,) = [p for p in paragraphs if p.text == "Nobody has translated this yet."]
    assert run_lang(stand_in.runs[0]) == ("en-US", None)
    assert not stand_in.runs[0].italic
    assert UNTRANSLATED_KO not in [p.text for p in paragraphs]


def test_source_only_is_the_source_alone():
    word = read("source-only")
    body = [row.source for row in ROWS[1:]]
    assert [p.text for p in word.paragraphs] == masthead_texts("source-only") + body
    assert {run_lang(p.runs[0]) for p in word.paragraphs} == {("en-US", None)}


@pytest.mark.parametrize("style", ["Normal", "Title", "Heading 2", "Quote"])
def test_styles_name_an_east_asian_font(style):
    fonts = read("interleaved").styles[style].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts is not None
    assert fonts.get(qn("w:eastAsia")) == EAST_ASIAN_FONT
    # A theme font would take precedence over the named one.
    assert fonts.get(qn("w:eastAsiaTheme")) is None


def test_hostile_text_is_kept_as_text():
    word = read("interleaved")
    texts = [p.text for p in word.paragraphs]
    assert HOSTILE in texts
    assert f"{HOSTILE} 번역" in texts


@pytest.mark.parametrize(
    ("layout", "title", "lang"),
    [
        ("side-by-side", "평양의 지방화", "ko-KR"),
        ("source-only", "Localizing Pyongyang", "en-US"),
    ],
)
def test_core_properties_name_the_edition(layout, title, lang):
    properties = read(layout).core_properties
    assert (properties.title, properties.language) == (title, lang)
    assert properties.identifier == f"pyongyang:en-ko:edition-2:{layout}"
    assert properties.created.isoformat() == "2026-11-27T10:00:00+00:00"


def test_unknown_row_kind_is_a_paragraph():
    document = make_document("interleaved")
    caption = EditionRow(6, "sidebar", "A map of 1950.", "1950년의 지도.", "s6")
    document = replace(document, edition=replace(document.edition, rows=[*ROWS, caption]))
    paragraphs = Document(io.BytesIO(render_docx(document))).paragraphs
    assert [(p.text, p.style.name) for p in paragraphs[-2:]] == [
        ("A map of 1950.", "Normal"),
        ("1950년의 지도.", "Normal"),
    ]


def test_unknown_layout_is_refused():
    with pytest.raises(ValueError, match="unknown layout"):
        render_docx(replace(make_document("interleaved"), layout="columns"))
