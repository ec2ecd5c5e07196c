"""Plain-text sources: paragraphs, line-per-paragraph texts, separators, titles, encodings."""

from pathlib import Path

import pytest

from translate_app.domain.segmentation import SegmentKind, SourceError
from translate_app.domain.sources import read_source
from translate_app.domain.sources.text import (
    LINE_BREAKS_NOTE,
    LONG_LINES_NOTE,
    MAX_TITLE,
    NO_TITLE_NOTE,
    WRAP_WIDTH,
    is_separator,
    is_title,
    read_text,
    width,
)

from .conftest import SEED

DATA = Path(__file__).parent / "data"
P, T, S = SegmentKind.PARAGRAPH, SegmentKind.TITLE, SegmentKind.SEPARATOR


def read(text: str, name: str = "article.txt"):
    return read_text(text.encode("utf-8"), name)


def shape(parsed) -> list[tuple[SegmentKind, str]]:
    return [(b.kind, b.text) for b in parsed.blocks]


def test_blank_lines_separate_paragraphs_and_lines_join_with_a_space():
    parsed = read("Title\n\nOne line\nand the next.\n\n  Second\t\tparagraph.  \n")
    assert shape(parsed) == [(T, "Title"), (P, "One line and the next."), (P, "Second paragraph.")]
    assert parsed.rule == "blank lines"
    assert parsed.title == "Title"
    assert parsed.notes == []


def test_line_endings_are_normalised():
    parsed = read("Title\r\n\r\nOne\r\ntwo\r\rThree\r\n")
    assert shape(parsed) == [(T, "Title"), (P, "One two"), (P, "Three")]


def test_a_line_with_only_spaces_is_a_blank_line():
    assert shape(read("Title\n \t \nBody.")) == [(T, "Title"), (P, "Body.")]


def test_one_sentence_a_line_without_blank_lines_gives_a_paragraph_a_line():
    lines = [f"Sentence number {n} of the news, which goes on for a while." for n in range(2000)]
    parsed = read("Headline of the day\n" + "\n".join(lines) + "\n")
    assert parsed.rule == "line breaks"
    assert LINE_BREAKS_NOTE in parsed.notes
    assert parsed.title == "Headline of the day"
    assert [b.text for b in parsed.blocks[1:]] == lines
    assert max(len(b.text) for b in parsed.blocks) < 100


def test_leading_and_trailing_blank_lines_do_not_make_blank_line_text():
    parsed = read("\n\nHeadline\nFirst sentence.\nSecond sentence.\n\n\n")
    assert parsed.rule == "line breaks"
    assert shape(parsed) == [(T, "Headline"), (P, "First sentence."), (P, "Second sentence.")]


STATUTE = "\n".join(
    [
        "제1장 총칙",
        "제1조(목적) 이 법은 북한이탈주민이 정치, 경제, 사회, 문화 등 모든 생활 영역에서 "
        "신속히 적응·정착하는 데에 필요한 보호 및 지원에 관한 사항을 규정함을 목적으로 한다.",
        "제2조(정의) 이 법에서 사용하는 용어의 뜻은 다음과 같다.",
        '1. "북한이탈주민"이란 군사분계선 이북지역에 주소, 직계가족, 배우자, 직장 등을 두고 '
        "있는 사람으로서 북한을 벗어난 후 외국 국적을 취득하지 아니한 사람을 말한다.",
        '2. "보호대상자"란 이 법에 따라 보호 및 지원을 받는 북한이탈주민을 말한다.',
        "제3조(적용범위) 이 법은 대한민국의 보호를 받으려는 의사를 표시한 북한이탈주민에 "
        "대하여 적용한다.",
    ]
)


def test_a_statute_without_blank_lines_gives_one_paragraph_per_article():
    parsed = read(STATUTE)
    assert parsed.rule == "line breaks"
    assert [b.text for b in parsed.blocks] == STATUTE.split("\n")
    assert parsed.blocks[0].kind is T  # "제1장 총칙" is a heading-like first line


def test_a_statute_with_blank_lines_between_chapters_keeps_its_articles_apart():
    text = STATUTE + "\n\n제2장 보호 및 지원\n" + STATUTE.split("\n", 1)[1]
    parsed = read(text)
    assert parsed.rule == "blank lines"
    assert LONG_LINES_NOTE in parsed.notes
    assert len(parsed.blocks) == 12
    assert max(len(b.text) for b in parsed.blocks) < 200


def test_lines_of_exactly_the_wrap_width_still_join():
    line = "x" * (WRAP_WIDTH - 1) + "."
    assert len(line) == WRAP_WIDTH
    parsed = read(f"Title\n\n{line}\n{line}\n\nEnd.")
    assert shape(parsed)[1] == (P, f"{line} {line}")
    assert parsed.notes == []


def test_korean_lines_are_measured_in_columns():
    assert width("평양" * 25) == WRAP_WIDTH
    joined = read(f"Title\n\n{'평양' * 25}\n{'평양' * 25}")
    assert [b.text for b in joined.blocks[1:]] == [f"{'평양' * 25} {'평양' * 25}"]
    apart = read(f"Title\n\n{'평양' * 25}가\n{'평양' * 25}")
    assert [b.text for b in apart.blocks[1:]] == [f"{'평양' * 25}가", "평양" * 25]
    assert apart.notes == [LONG_LINES_NOTE]


def test_one_line_past_the_wrap_width_keeps_each_line_apart():
    long = "x" * WRAP_WIDTH + "."
    parsed = read(f"Title\n\n{long}\nshort\n\nEnd.")
    assert shape(parsed) == [(T, "Title"), (P, long), (P, "short"), (P, "End.")]
    assert parsed.notes == [LONG_LINES_NOTE]


@pytest.mark.parametrize(
    "line",
    ["*", "**", "***", "* * *", "*  *", "*****", "---", "- - -", "----------", "___", "_ _ _",
     "~~~", "===", "#", "###", "# # #", "\u2042", "\u2042 \u2042 \u2042", "\u2014",
     "\u2014\u2014\u2014", "\u2015", "  *  "],
)  # fmt: skip
def test_separator_lines(line):
    assert is_separator(line)


@pytest.mark.parametrize(
    "line",
    ["-", "--", "__", "~~", "==", "\u2014\u2014\u2014\u2014", "*-*", "* a", "# Heading",
     "-*-", "...", "\u2026", "\u203b", "*note*", "1.", "o"],
)  # fmt: skip
def test_lines_that_are_not_separators(line):
    assert not is_separator(line)


def test_the_sample_article_has_a_title_and_a_separator_between_its_parts():
    parsed = read_text(SEED.read_bytes(), SEED.name)
    assert parsed.title == "The provincialization of Pyongyang is underway (Pts 1 & 2)"
    assert parsed.blocks[0].kind is T
    separators = [b for b in parsed.blocks if b.kind is S]
    assert [b.text for b in separators] == ["*"]
    assert not separators[0].translatable
    assert parsed.blocks.index(separators[0]) == 6
    assert len(parsed.blocks) == 13
    assert parsed.notes == []


def test_a_separator_inside_a_line_per_paragraph_text():
    parsed = read("Title\nOne.\n* * *\nTwo.")
    assert shape(parsed) == [(T, "Title"), (P, "One."), (S, "* * *"), (P, "Two.")]


def test_korean_prose_without_a_title_line_has_no_title():
    parsed = read("평양은 변하고 있다. 시장이 커졌다.\n배급이 끊겼다.")
    assert parsed.title is None
    assert all(b.kind is not T for b in parsed.blocks)
    assert shape(parsed) == [(P, "평양은 변하고 있다. 시장이 커졌다."), (P, "배급이 끊겼다.")]
    assert NO_TITLE_NOTE in parsed.notes


def test_korean_paragraphs_without_a_title_line_have_no_title():
    parsed = read("평양은 변하고 있다. 시장이 커졌다.\n배급이 끊겼다.\n\n두 번째 문단이다.")
    assert parsed.title is None
    assert shape(parsed) == [
        (P, "평양은 변하고 있다. 시장이 커졌다. 배급이 끊겼다."),
        (P, "두 번째 문단이다."),
    ]
    assert parsed.notes == [NO_TITLE_NOTE]


def test_title_block_with_more_lines_splits_off_a_paragraph():
    parsed = read("Title\nfirst paragraph\n\nsecond")
    assert shape(parsed) == [(T, "Title"), (P, "first paragraph"), (P, "second")]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Is Pyongyang changing?", True),
        ("Markets everywhere!", True),
        ("The provincialization of Pyongyang (Pts 1 & 2)", True),
        ("평양의 지방화", True),
        ("Mr. Kim goes to market", True),
        ("A sentence that ends.", False),
        ("평양은 변하고 있다.", False),
        ("문장이 끝났다。", False),
        ("Full-width stop\uff0e", False),
        ('He said "it is over."', False),
        ("그는 \u201c끝났다.\u201d", False),
        ("To be continued...", False),
        ("* * *", False),
        ("x" * MAX_TITLE, True),
        ("x" * (MAX_TITLE + 1), False),
    ],
)
def test_what_can_be_a_title(line, title):
    assert is_title(line) is title


def test_a_title_of_exactly_the_limit_is_a_title():
    title = "t" * MAX_TITLE
    assert read(f"{title}\n\nBody.").title == title


def test_a_first_line_one_past_the_limit_is_a_paragraph():
    first = "t" * (MAX_TITLE + 1)
    parsed = read(f"{first}\n\nBody.")
    assert parsed.title is None
    assert shape(parsed) == [(P, first), (P, "Body.")]
    assert parsed.notes == [NO_TITLE_NOTE]


def test_a_first_line_ending_a_sentence_is_not_split_off():
    parsed = read("A sentence.\nmore\n\nBody.")
    assert parsed.title is None
    assert shape(parsed) == [(P, "A sentence. more"), (P, "Body.")]


def test_a_file_holding_only_a_title_line_is_one_paragraph_without_title():
    parsed = read("Just a headline\n")
    assert parsed.title is None
    assert shape(parsed) == [(P, "Just a headline")]
    assert parsed.notes == [NO_TITLE_NOTE]


def test_a_separator_first_is_not_a_title():
    parsed = read("***\n\nBody text.\n\nMore.")
    assert parsed.title is None
    assert shape(parsed) == [(S, "***"), (P, "Body text."), (P, "More.")]


def test_plain_text_keeps_markdown_signs_as_text():
    parsed = read("Title\n\n## not a heading\n\n> not a quote\n\n1. not a list")
    assert [b.kind for b in parsed.blocks] == [T, P, P, P]
    assert parsed.blocks[1].text == "## not a heading"
    assert parsed.blocks[1].tags == {}


def test_tag_like_text_stays_text_without_tags():
    parsed = read("Title\n\n<1>bold</1> and <b>html</b>")
    assert parsed.blocks[1].text == "<1>bold</1> and <b>html</b>"
    assert parsed.blocks[1].tags == {}


@pytest.mark.parametrize("text", ["*", "* * *\n\n---\n\n\u2042", "*\n***\n~~~"])
def test_a_file_of_separators_only_is_refused(text):
    with pytest.raises(SourceError, match=r"^breaks\.txt has no text to translate"):
        read(text, "breaks.txt")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "notes.txt is empty"),
        (b" \n\t\n", "notes.txt is empty"),
        ("\u200b\ufeff\u3164\n".encode(), "notes.txt has no visible text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"Title\n\n\x00\x01\x02binary", "binary"),  # one NUL: not UTF-16 without BOM
    ],
)
def test_files_with_nothing_to_read_are_refused(data, message):
    with pytest.raises(SourceError, match=message):
        read_text(data, "notes.txt")


def test_a_cp949_korean_news_file_is_converted_and_says_so():
    data = (DATA / "korean-news.cp949.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    parsed = read_text(data, "korean-news.cp949.txt")
    assert parsed.notes == ["converted from CP949 (EUC-KR)"]
    assert parsed.title == "평양 시장 물가 한 달 새 두 배로 올라"
    assert shape(parsed)[1:] == [
        (
            P,
            "[서울=연합] 북한 평양의 장마당에서 쌀값이 한 달 사이 두 배 가까이 오른 것으로 "
            "전해졌다. 대북 소식통에 따르면 이달 초 평양 통일거리시장에서 쌀 1㎏은 북한 돈 "
            "6천 원 안팎에 거래됐다. 지난달 같은 시기의 3천5백 원과 비교하면 크게 오른 값이다.",
        ),
        (
            P,
            '소식통은 "배급이 끊긴 뒤로 주민들이 시장에 기대는 일이 늘었다"며 "돈 있는 사람만 '
            '쌀을 살 수 있다"고 말했다.',
        ),
        (S, "*"),
        (
            P,
            "전문가들은 국경 봉쇄가 길어지면서 물자 유입이 줄어든 것을 원인으로 꼽는다. "
            '한 연구원은 "평양도 이제 지방과 다르지 않다"고 설명했다.',
        ),
        (P, "김민수 기자"),
    ]


def test_a_utf16_korean_file_is_converted_and_says_so():
    data = (DATA / "korean-memo.utf16.txt").read_bytes()
    assert data[:2] == b"\xff\xfe"
    parsed = read_source(data, "korean-memo.utf16.txt")
    assert parsed.notes == ["converted from UTF-16 (little-endian)"]
    assert shape(parsed) == [
        (T, "배급 체계의 변화"),
        (P, "평양의 배급은 중앙 기관에 먼저 돌아간다."),
        (P, "지방에서는 시장이 배급을 대신한 지 오래다."),
    ]


def test_notes_keep_their_order_conversion_first():
    data = "평양은 변하고 있다.\n시장이 커졌다.".encode("cp949")
    assert read_text(data, "x.txt").notes == [
        "converted from CP949 (EUC-KR)",
        LINE_BREAKS_NOTE,
        NO_TITLE_NOTE,
    ]


def test_text_is_nfc():
    parsed = read("Title\n\n\u1111\u1167\u11bc\u110b\u1163\u11bc")  # 평양, decomposed
    assert parsed.blocks[1].text == "평양"


def test_ten_megabytes_of_one_sentence_a_line_become_short_segments():
    # How fast is benchmarks/imports.py's to say; here, what it becomes.
    line = "A sentence of the news on a line of its own, as some agencies send them.\n"
    parsed = read_text(("Headline\n" + line * (10_000_000 // len(line))).encode(), "big.txt")
    assert parsed.rule == "line breaks"
    assert len(parsed.blocks) == 10_000_000 // len(line) + 1
    assert max(len(b.text) for b in parsed.blocks) == len(line) - 1


def test_lines_that_show_nothing_are_not_paragraphs():
    parsed = read("Title\n\n\u200b\n\nBody.\n\u2028\n\n\u200b \u200d")
    assert shape(parsed) == [(T, "Title"), (P, "Body.")]
