import pytest

from translate_app.domain.segmentation import (
    SegmentKind,
    SourceError,
    check_slug,
    decode_source,
    parse_article,
    slug_from_filename,
)

from .conftest import SEED


def test_seed_article_is_a_title_and_a_dozen_paragraphs():
    parsed = parse_article(decode_source(SEED.read_bytes()), markdown=False)
    kinds = [b.kind for b in parsed.blocks]
    assert parsed.title == "The provincialization of Pyongyang is underway (Pts 1 & 2)"
    assert kinds[0] is SegmentKind.TITLE
    # The "*" between the two parts is a separator, not a paragraph to translate.
    assert kinds[6] is SegmentKind.SEPARATOR
    assert kinds[1:6] + kinds[7:] == [SegmentKind.PARAGRAPH] * (len(kinds) - 2)
    assert 10 <= len(kinds) <= 14
    assert parsed.blocks[1].text.startswith("Recently, I had a conversation")


def test_markdown_keeps_headings_and_blockquotes():
    text = (
        "# 평양의 지방화\n\n첫 문단은\n두 줄입니다.\n\n## 배급 체계\n\n"
        "> 인용문은\n> 인용으로 남는다.\n\n마지막 문단.\n"
    )
    parsed = parse_article(text, markdown=True)
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (SegmentKind.TITLE, "평양의 지방화"),
        (SegmentKind.PARAGRAPH, "첫 문단은 두 줄입니다."),
        (SegmentKind.HEADING, "배급 체계"),
        (SegmentKind.BLOCKQUOTE, "인용문은 인용으로 남는다."),
        (SegmentKind.PARAGRAPH, "마지막 문단."),
    ]


def test_plain_text_keeps_markdown_signs_as_text():
    parsed = parse_article("Title\n\n## not a heading\n\n> not a quote", markdown=False)
    assert [b.kind for b in parsed.blocks] == [SegmentKind.TITLE, *[SegmentKind.PARAGRAPH] * 2]
    assert parsed.blocks[1].text == "## not a heading"


def test_title_block_with_more_lines_splits_off_a_paragraph():
    parsed = parse_article("Title\nfirst paragraph\n\nsecond", markdown=False)
    assert [b.text for b in parsed.blocks] == ["Title", "first paragraph", "second"]


def test_windows_line_endings_and_bom_are_accepted():
    parsed = parse_article(decode_source(b"\xef\xbb\xbfTitle\r\n\r\nBody\r\n"), markdown=False)
    assert [b.text for b in parsed.blocks] == ["Title", "Body"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n\t\n", "is empty"),
        (b"Title\n\n\x00\x01\x02binary", "binary"),
        ("Title\n\nCafé crème".encode("latin-1"), "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (b"Title\n\nbell \x07 here", r"control character U\+0007 \(BEL\) on line 3"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, message):
    with pytest.raises(SourceError, match=message):
        decode_source(data, "article.txt")


@pytest.mark.parametrize(
    ("filename", "slug"),
    [
        ("provincialization-of-pyongyang.en.txt", "provincialization-of-pyongyang"),
        ("My Article.md", "my-article"),
        ("/some/dir/Notes_2024.ko.markdown", "notes-2024"),
        ("평양.txt", ""),
    ],
)
def test_slug_from_filename(filename, slug):
    assert slug_from_filename(filename) == slug


@pytest.mark.parametrize(
    "slug",
    ["", "Has Caps", "-leading", "trailing-", "a--b", "messages", "a" * 81,
     "ok-slug\n", "ok-slug\n\n", "\nok-slug", "ok-slug\r\n", "ok-\nslug"],
)  # fmt: skip
def test_bad_slugs_are_refused(slug):
    with pytest.raises(SourceError, match="slug"):
        check_slug(slug)


@pytest.mark.parametrize("slug", ["a", "ok-slug", "2024-notes", "a" * 80])
def test_good_slugs_pass_unchanged(slug):
    assert check_slug(slug) == slug


def test_a_heading_line_must_be_a_heading_through_to_its_end():
    parsed = parse_article("# Title #\n\n## Part ##\n\n#hashtag", markdown=True)
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (SegmentKind.TITLE, "Title"),
        (SegmentKind.HEADING, "Part"),
        (SegmentKind.PARAGRAPH, "#hashtag"),
    ]
