"""Markdown sources: every block construct, inline tags, unsafe links, and reading time."""

from pathlib import Path

import pytest

from translate_app.domain.segmentation import SegmentKind, SourceError
from translate_app.domain.sources import read_source
from translate_app.domain.sources.text import read_markdown, safe_href

DATA = Path(__file__).parent / "data"
K = SegmentKind


def read(text: str, name: str = "article.md"):
    return read_markdown(text.encode("utf-8"), name)


def shape(parsed) -> list[tuple[SegmentKind, str]]:
    return [(b.kind, b.text) for b in parsed.blocks]


def test_a_leading_level_1_heading_is_the_title_and_others_are_headings():
    parsed = read(
        "# 평양의 지방화\n\n첫 문단은\n두 줄입니다.\n\n## 배급 체계\n\n### 셋\n\n# 다시 하나\n"
    )
    assert parsed.rule == "markdown"
    assert parsed.title == "평양의 지방화"
    assert [(b.kind, b.text, b.structure) for b in parsed.blocks] == [
        (K.TITLE, "평양의 지방화", {}),
        (K.PARAGRAPH, "첫 문단은 두 줄입니다.", {}),
        (K.HEADING, "배급 체계", {"level": 2}),
        (K.HEADING, "셋", {"level": 3}),
        (K.HEADING, "다시 하나", {"level": 1}),
    ]
    assert parsed.notes == []


def test_a_setext_heading_first_is_the_title_too():
    parsed = read("The title\n=========\n\nBody.\n\nPart\n----\n")
    assert shape(parsed) == [(K.TITLE, "The title"), (K.PARAGRAPH, "Body."), (K.HEADING, "Part")]


@pytest.mark.parametrize(
    "text",
    ["Short first line\n\nBody.", "## Part one\n\n# Later title\n\nBody.", "> # Quoted\n\nBody."],
)
def test_without_a_leading_level_1_heading_there_is_no_title(text):
    parsed = read(text)
    assert parsed.title is None
    assert all(b.kind is not K.TITLE for b in parsed.blocks)
    assert parsed.notes == ["no title: the article does not start with a level-1 heading"]


def test_a_heading_must_be_one_through_to_its_end():
    parsed = read("# Title #\n\n## Part ##\n\n#hashtag\n\n## C# ##")
    assert shape(parsed) == [
        (K.TITLE, "Title"),
        (K.HEADING, "Part"),
        (K.PARAGRAPH, "#hashtag"),
        (K.HEADING, "C#"),
    ]


def test_quotes_keep_their_depth_and_which_quote_they_are():
    parsed = read("> one\n> still one\n>\n> two\n>\n> > nested\n\nbetween\n\n> another quote\n")
    assert [(b.kind, b.text, b.structure) for b in parsed.blocks] == [
        (K.BLOCKQUOTE, "one still one", {"depth": 1, "quote": 0}),
        (K.BLOCKQUOTE, "two", {"depth": 1, "quote": 0}),
        (K.BLOCKQUOTE, "nested", {"depth": 2, "quote": 0}),
        (K.PARAGRAPH, "between", {}),
        (K.BLOCKQUOTE, "another quote", {"depth": 1, "quote": 1}),
    ]


def test_a_heading_inside_a_quote_is_quoted_text():
    assert shape(read("> ## Heard\n> said")) == [(K.BLOCKQUOTE, "Heard"), (K.BLOCKQUOTE, "said")]


def test_bullet_and_ordered_lists_with_nesting_and_continued_items():
    parsed = read(
        "- one\n- two\n  - two a\n  - two b\n- three\n\n"
        "3. third\n4. fourth\n\n   fourth continued\n\n   1. inner\n\n5. fifth\n"
    )
    items = [(b.text, b.structure) for b in parsed.blocks]
    bullet = {"list": "bullet", "tight": True}
    ordered = {"list": "ordered", "tight": False}
    assert items == [
        ("one", {**bullet, "depth": 0, "item": 0, "first": True}),
        ("two", {**bullet, "depth": 0, "item": 1, "first": True}),
        ("two a", {**bullet, "depth": 1, "item": 0, "first": True}),
        ("two b", {**bullet, "depth": 1, "item": 1, "first": True}),
        ("three", {**bullet, "depth": 0, "item": 2, "first": True}),
        ("third", {**ordered, "depth": 0, "number": 3, "item": 0, "first": True}),
        ("fourth", {**ordered, "depth": 0, "number": 4, "item": 1, "first": True}),
        ("fourth continued", {**ordered, "depth": 0, "number": 4, "item": 1, "first": False}),
        ("inner", {**ordered, "tight": True, "depth": 1, "number": 1, "item": 0, "first": True}),
        ("fifth", {**ordered, "depth": 0, "number": 5, "item": 2, "first": True}),
    ]
    assert {b.kind for b in parsed.blocks} == {K.LIST_ITEM}


def test_a_list_inside_a_quote_says_so():
    parsed = read("> - quoted item\n>\n> after\n")
    assert [(b.kind, b.structure) for b in parsed.blocks] == [
        (
            K.LIST_ITEM,
            {"list": "bullet", "depth": 0, "item": 0, "first": True, "tight": True, "quote": 1},
        ),
        (K.BLOCKQUOTE, {"depth": 1, "quote": 0}),
    ]


def test_a_table_gives_one_block_per_cell_and_empty_cells_none():
    # As in GFM, a pipe inside a code span in a cell is escaped too.
    parsed = read(
        "| Item | Price | Note |\n|:-----|------:|:---:|\n| Rice | **6,000** | |\n"
        "| Corn \\| maize | 3,200 | `a\\|b` |\n\n| x |\n|---|\n| y |\n"
    )
    sizes = {"cols": 3, "rows": 3, "aligns": ["left", "right", "center"]}
    align = ["left", "right", "center"]
    cells = [(b.kind, b.text, b.tags, b.structure) for b in parsed.blocks]
    expected = []
    for row, col, text, tags in [
        (0, 0, "Item", {}),
        (0, 1, "Price", {}),
        (0, 2, "Note", {}),
        (1, 0, "Rice", {}),
        (1, 1, "<1>6,000</1>", {"1": {"type": "b"}}),
        (2, 0, "Corn | maize", {}),
        (2, 1, "3,200", {}),
        (2, 2, "<1>a|b</1>", {"1": {"type": "code"}}),
    ]:
        structure = {"table": 0, "row": row, "col": col, "header": row == 0}
        structure |= {"align": align[col], **sizes}
        expected.append((K.TABLE_CELL, text, tags, structure))
    second = {"table": 1, "col": 0, "align": None, "cols": 1, "rows": 2, "aligns": [None]}
    expected += [
        (K.TABLE_CELL, "x", {}, {**second, "row": 0, "header": True}),
        (K.TABLE_CELL, "y", {}, {**second, "row": 1, "header": False}),
    ]
    assert cells == expected


def test_an_empty_table_makes_no_block_and_a_note():
    parsed = read("Text.\n\n| |\n|-|\n| |\n")
    assert shape(parsed) == [(K.PARAGRAPH, "Text.")]
    assert "an empty table was dropped" in parsed.notes


def test_code_is_kept_exactly_and_not_translated():
    parsed = read(
        "# T\n\n```python\ndef f():\n\n    return  1\n```\n\n    indented\n      code\n\n"
        "~~~\n\n~~~\n\n```\n<1>x</1>\n```\n"
    )
    assert [(b.kind, b.text, b.structure) for b in parsed.blocks[1:]] == [
        (K.CODE, "def f():\n\n    return  1", {"info": "python"}),
        (K.CODE, "indented\n  code", {"indented": True}),
        (K.CODE, "<1>x</1>", {"info": ""}),
    ]
    assert not any(b.translatable for b in parsed.blocks[1:])


def test_thematic_breaks_are_separators():
    parsed = read("# T\n\none\n\n---\n\n***\n\n___\n\ntwo")
    kinds = [(b.kind, b.text) for b in parsed.blocks]
    assert kinds == [
        (K.TITLE, "T"),
        (K.PARAGRAPH, "one"),
        *[(K.SEPARATOR, "---")] * 3,
        (K.PARAGRAPH, "two"),
    ]


def test_html_blocks_are_kept_as_code_and_inline_html_is_dropped():
    parsed = read('# T\n\n<div class="box">\nboxed\n</div>\n\nSome <span>inline</span> html.')
    assert [(b.kind, b.text, b.structure) for b in parsed.blocks[1:]] == [
        (K.CODE, '<div class="box">\nboxed\n</div>', {"html": True}),
        (K.PARAGRAPH, "Some inline html.", {}),
    ]


def test_inline_markup_becomes_numbered_tags():
    parsed = read(
        "# T\n\nSome **bold *and italic*** text, `code` and a\n"
        '[link](https://example.com/a_(b) "A title") then a line\\\nbreak.'
    )
    block = parsed.blocks[1]
    assert block.text == (
        "Some <1>bold <2>and italic</2></1> text, <3>code</3> and a <4>link</4> then a "
        "line<5/>break."
    )
    assert block.tags == {
        "1": {"type": "b"},
        "2": {"type": "i"},
        "3": {"type": "code"},
        "4": {"type": "a", "href": "https://example.com/a_(b)", "title": "A title"},
        "5": {"type": "br"},
    }


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("[t](http://example.com)", "http://example.com"),
        ("[t](HTTPS://example.com/x?y=1#z)", "HTTPS://example.com/x?y=1#z"),
        ("[t](mailto:desk@example.org)", "mailto:desk@example.org"),
        ("<desk@example.org>", "mailto:desk@example.org"),
        ("<https://example.com>", "https://example.com"),
        ("[t](../notes/file.md)", "../notes/file.md"),
        ("[t](/about)", "/about"),
        ("[t](#part-2)", "#part-2"),
        ("[t](?page=2)", "?page=2"),
        ("[t](<with space.md>)", "with%20space.md"),
        ("[t](a/b:c)", "a/b:c"),
    ],
)
def test_safe_links_keep_their_target(link, href):
    block = read(f"# T\n\n{link} here").blocks[1]
    assert block.tags["1"]["href"] == href
    assert block.text.startswith("<1>")


@pytest.mark.parametrize(
    "link",
    [
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](vbscript:msgbox)",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](file:///etc/passwd)",
        "[click](ftp://example.com)",
        "[click](tel:123)",
        "[click](c:x)",
    ],
)
def test_unsafe_links_lose_their_target_and_keep_their_text(link):
    parsed = read(f"# T\n\nDo not {link} here")
    assert shape(parsed)[1] == (K.PARAGRAPH, "Do not click here")
    assert parsed.blocks[1].tags == {}
    assert any(note.startswith("link to ") for note in parsed.notes)


def test_safe_href_at_its_edges():
    assert safe_href("")
    assert safe_href("no-scheme")
    assert safe_href("path/with:colon")
    assert not safe_href("javascript:x")
    assert not safe_href("java%09script:x")


def test_images_are_dropped_with_a_note():
    parsed = read("# T\n\nBefore ![a chart](chart.png) after.\n\n![only](only.png)\n")
    assert shape(parsed) == [(K.TITLE, "T"), (K.PARAGRAPH, "Before after.")]
    assert parsed.notes == ["image chart.png dropped", "image only.png dropped"]


def test_entities_and_escapes_are_text():
    parsed = read("# T\n\n&copy; &amp; &lt;b&gt; \\*not emphasis\\* 1986\\. a year")
    assert parsed.blocks[1].text == "© & <b> *not emphasis* 1986. a year"
    assert parsed.blocks[1].tags == {}


def test_text_is_nfc_and_whitespace_folded():
    parsed = read("# T\n\n\u1111\u1167\u11bc\u110b\u1163\u11bc   and\ttabs\n  next line")
    assert parsed.blocks[1].text == "평양 and tabs next line"


def test_a_file_without_text_to_translate_is_refused():
    with pytest.raises(SourceError, match=r"^code\.md has no text to translate"):
        read("```\ncode only\n```\n\n---\n", "code.md")


def test_the_sample_markdown_article():
    parsed = read_source((DATA / "article.md").read_bytes(), "article.md")
    assert parsed.title == "How Pyongyang's markets changed the capital"
    kinds = [b.kind for b in parsed.blocks]
    assert kinds.count(K.LIST_ITEM) == 4
    assert kinds.count(K.TABLE_CELL) == 15
    assert kinds.count(K.BLOCKQUOTE) == 2
    assert kinds.count(K.SEPARATOR) == 1
    code = [b for b in parsed.blocks if b.kind is K.CODE]
    assert len(code) == 1
    assert "\n\n    return total" in code[0].text
    assert code[0].structure == {"info": "python"}
    continued = [b for b in parsed.blocks if b.structure.get("first") is False]
    assert [b.text for b in continued] == ["Some said this had always been so."]
    links = [t["href"] for b in parsed.blocks for t in b.tags.values() if t["type"] == "a"]
    assert links == [
        "https://www.dailynk.com/english/",
        "https://example.org/notes_(2024)",
        "mailto:desk@example.org",
    ]
    assert parsed.notes == []


def test_a_cp949_markdown_file_is_converted():
    parsed = read_markdown("# 제목\n\n본문입니다.".encode("cp949"), "a.md")
    assert shape(parsed) == [(K.TITLE, "제목"), (K.PARAGRAPH, "본문입니다.")]
    assert parsed.notes == ["converted from CP949 (EUC-KR)"]


def test_two_thousand_paragraphs_and_list_items():
    paragraph = "A paragraph with **bold**, *italics* and a [link](https://example.com).\n\n"
    data = ("# Title\n\n" + paragraph * 2000 + "- item\n" * 2000).encode()
    parsed = read_markdown(data, "long.md")
    assert len(parsed.blocks) == 4001
    marked = "A paragraph with <1>bold</1>, <2>italics</2> and a <3>link</3>."
    assert parsed.blocks[2000].text == marked
    assert parsed.blocks[-1].structure["item"] == 1999


def test_blocks_that_show_nothing_are_left_out():
    parsed = read("# T\n\n\u200b\n\n- \u200b\n- item\n\n| \u200b | h |\n|---|---|\n\n```\n\n```\n")
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (K.TITLE, "T"),
        (K.LIST_ITEM, "item"),
        (K.TABLE_CELL, "h"),
    ]
