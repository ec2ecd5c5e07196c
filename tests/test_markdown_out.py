"""The Markdown writer: what it writes renders as what was read, and reads back the same."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from translate_app.domain.inline import InlineBuilder
from translate_app.domain.markdown_out import (
    MarkdownBlock,
    blocks_markdown,
    escape_text,
    inline_markdown,
)
from translate_app.domain.sources.text import read_markdown, read_text

from .conftest import SEED

MD = MarkdownIt("commonmark").enable("table")


def html(markdown: str) -> str:
    """Rendered HTML with whitespace normalised: runs folded, none between tags."""
    rendered = MD.render(markdown)
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", rendered)).strip()


def as_blocks(parsed) -> list[MarkdownBlock]:
    return [MarkdownBlock(b.kind.value, b.text, b.tags, b.structure) for b in parsed.blocks]


def write(markdown: str) -> str:
    return blocks_markdown(as_blocks(read_markdown(markdown.encode(), "doc.md")))


DOCUMENTS = {
    "headings": "# Title\n\n## Part *one*\n\nText.\n\n### Deeper ###\n\n#### C# and F#\n",
    "nested lists": (
        "# Lists\n\n- top\n  - nested a\n    - deeper\n  - nested b\n- back\n\n"
        "Between.\n\n* other marker\n* list\n"
    ),
    "ordered from 3": "3. three\n4. four\n5. five\n\n   five continued\n\n10. ten\n",
    "two paragraphs in an item": (
        "- item one\n\n  second paragraph of one\n\n  - nested after\n\n  third of one\n\n"
        "- item two\n"
    ),
    "tight outer, loose inner": "- a\n  1. x\n\n  2. y\n- b\n",
    "lists back to back": "- a\n- b\n\n* c\n\n1. d\n2) e\n",
    "table": (
        "| Left | Center | Right | None |\n|:-----|:------:|------:|------|\n"
        "| *a* | **b** | `c\\|d` | [l](http://e.com) |\n| x \\| y | | | |\n"
        "| | | **only** | |\n"
    ),
    "quotes": (
        "> first paragraph\n> of the quote\n>\n> second paragraph\n>\n> > nested\n>\n"
        "> back out\n\nBetween.\n\n> another quote\n"
    ),
    "list in a quote": "> - quoted a\n> - quoted b\n>\n> after the list\n",
    "code": (
        "Intro.\n\n```python\ndef f():\n\n    return `x`\n```\n\n````\nfence ``` inside\n````\n\n"
        "    indented\n\n      more\n\n~~~ info `tick`\nx\n~~~\n"
    ),
    "links": (
        'A [link](https://en.wikipedia.org/wiki/Pyongyang_(city) "The \\"title\\"") and '
        "[a space](<my file.md>) and [frag](#top) and <https://e.com/a?b=c&d=e>.\n"
    ),
    "emphasis": (
        "*italic **bold inside** italic* and **bold *italic inside* bold** and ***both***.\n\n"
        "Code ``a `tick` b`` and `` `x` `` and `plain`.\n"
    ),
    "escaped list number": "1\\. first is not a list\n\nApollo 11. Then it landed.\n\n2019\\.\n",
    "korean with stars": (
        "# 평양\n\n별표*는 각주*입니다. 한국어 **굵게** 문장 * 하나.\n\n"
        "\\* 표시는 추정치다.\n\n- 항목*\n"
    ),
    "breaks and separators": (
        "line one\\\nline two\n\n---\n\n> quote with line\\\n> break\n\n***\n\n"
        "- item with\\\n  break\n"
    ),
    "html block": "<div>\nkept\n</div>\n\nAfter.\n",
    "specials": (
        "Escapes: \\* \\_ \\` \\\\ \\[x\\] \\<b> &amp; &copy; a|b ~~x~~\n\n"
        "\\- not a list, \\+ nor this, \\# nor a heading, \\> nor a quote\n\n\\=\\=\\=\n\n"
        "\\--- and 3\\) and 1986\\. and +1 and -5 and #tag\n"
    ),
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_written_markdown_renders_as_the_original(name):
    original = DOCUMENTS[name]
    written = write(original)
    assert html(written) == html(original), written


@pytest.mark.parametrize("name", DOCUMENTS)
def test_written_markdown_reads_back_as_the_same_blocks(name):
    first = read_markdown(DOCUMENTS[name].encode(), "doc.md")
    written = blocks_markdown(as_blocks(first))
    assert read_markdown(written.encode(), "doc.md").blocks == first.blocks, written


def test_the_sample_article_survives_a_round_trip():
    original = (Path(__file__).parent / "data" / "article.md").read_text()
    written = write(original)
    assert html(written) == html(original)
    assert write(written) == written


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("plain prose, stays readable.", "plain prose, stays readable."),
        ("Apollo 11. Then", "Apollo 11. Then"),
        ("1. first", "1\\. first"),
        ("1) first", "1\\) first"),
        ("123456789. long", "123456789\\. long"),
        ("3.14 is pi", "3.14 is pi"),
        ("2019.", "2019\\."),
        ("- item", "\\- item"),
        ("-5 degrees", "-5 degrees"),
        ("--- break", "\\--- break"),
        ("+ item", "\\+ item"),
        ("+1", "+1"),
        ("# heading", "\\# heading"),
        ("#tag", "\\#tag"),
        ("C# and F#", "C# and F#"),
        ("> quote", "\\> quote"),
        ("===", "\\==="),
        ("= sign", "= sign"),
        ("a * b _ c", "a \\* b \\_ c"),
        ("<b> & [x](y)", "\\<b\\> \\& \\[x\\](y)"),
        ("`code`", "\\`code\\`"),
        ("a|b ~x~ \\", "a\\|b \\~x\\~ \\\\"),
        ("평양의 *지방화*", "평양의 \\*지방화\\*"),
    ],
)
def test_text_is_escaped_where_it_would_be_markup(text, markdown):
    assert inline_markdown(text, {}) == markdown
    assert html(markdown) == html(escape_text(text, line_start=True))
    assert read_markdown(markdown.encode(), "t.md").blocks[0].text == text


def test_a_numbered_paragraph_is_escaped_after_the_number_not_before():
    # "\1" is no escape in CommonMark (1 is not punctuation): the backslash would show.
    assert html("1\\. first") == "<p>1. first</p>"
    assert html("\\1. first") == "<p>\\1. first</p>"
    assert inline_markdown("1. first", {}) == "1\\. first"


def test_a_number_is_escaped_only_at_the_start_of_a_line():
    tags = {"1": {"type": "br"}}
    assert inline_markdown("Apollo 11. Then<1/>1. next", tags) == "Apollo 11. Then\\\n1\\. next"
    assert inline_markdown("see 1. above", {}) == "see 1. above"


def built(*parts) -> tuple[str, dict]:
    builder = InlineBuilder()
    stack = []
    for part in parts:
        if isinstance(part, tuple):
            if part[0] == "open":
                stack.append(builder.open(part[1], **(part[2] if len(part) > 2 else {})))
            elif part[0] == "close":
                builder.close(stack.pop())
            else:
                builder.empty(part[1])
        else:
            builder.text(part)
    return builder.result()


def test_inline_tags_become_markdown():
    text, tags = built(
        "Some ",
        ("open", "b"),
        "bold ",
        ("open", "i"),
        "and italic",
        ("close",),
        ("close",),
        ", ",
        ("open", "code"),
        "a ``b`` c",
        ("close",),
        ", a ",
        ("open", "a", {"href": "https://e.com/a (b)", "title": 'say "hi"'}),
        "link",
        ("close",),
        " and a",
        ("empty", "br"),
        "break.",
    )
    assert inline_markdown(text, tags) == (
        "Some **bold *and italic***, ```a ``b`` c```, a "
        '[link](https://e.com/a%20\\(b\\) "say \\"hi\\"") and a\\\nbreak.'
    )


@pytest.mark.parametrize(
    ("content", "span"),
    [
        ("x", "`x`"),
        ("a`b", "``a`b``"),
        ("`x`", "`` `x` ``"),
        (" x ", "`  x  `"),
        ("a ``` b", "````a ``` b````"),
    ],
)
def test_code_spans_use_enough_backticks(content, span):
    tags = {"1": {"type": "code"}}
    assert inline_markdown(f"<1>{content}</1>", tags) == span
    assert MD.renderInline(span) == f"<code>{content}</code>"


def test_line_breaks_at_either_end_of_a_block_are_dropped():
    tags = {"1": {"type": "br"}, "2": {"type": "br"}}
    assert inline_markdown("<1/>text<2/>", tags) == "text"


def test_a_table_cell_holds_one_line_and_escapes_pipes_in_code():
    tags = {"1": {"type": "br"}, "2": {"type": "code"}}
    assert inline_markdown("a<1/>b <2>x|y</2>", tags, in_table=True) == "a b `x\\|y`"


def test_headings_escape_a_closing_run_of_hashes():
    blocks = [MarkdownBlock("title", "Intro ##"), MarkdownBlock("heading", "#", {}, {"level": 3})]
    written = blocks_markdown(blocks)
    assert written == "# Intro \\##\n\n### \\#\n"
    assert html(written) == "<h1>Intro ##</h1><h3>#</h3>"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("*", "* * *"),
        ("* * *", "* * *"),
        ("***", "* * *"),
        ("\u2042", "* * *"),
        ("---", "---"),
        ("___", "---"),
        ("~~~", "---"),
        ("\u2014", "---"),
        ("#", "---"),
    ],
)
def test_separators_are_thematic_breaks(text, line):
    written = blocks_markdown([MarkdownBlock("paragraph", "a"), MarkdownBlock("separator", text)])
    assert written == f"a\n\n{line}\n"
    assert html(written) == "<p>a</p><hr />"


def test_a_lone_asterisk_would_be_an_empty_list_item():
    assert html("a\n\n*\n") == "<p>a</p><ul><li></li></ul>"


def test_the_plain_text_sample_article_renders_with_a_title_and_a_break():
    blocks = as_blocks(read_text(SEED.read_bytes(), SEED.name))
    rendered = html(blocks_markdown(blocks))
    assert rendered.startswith(
        "<h1>The provincialization of Pyongyang is underway (Pts 1 &amp; 2)</h1><p>Recently"
    )
    assert rendered.count("<hr />") == 1
    assert rendered.count("<p>") == 11


def test_captions_footnotes_and_unknown_kinds_are_paragraphs():
    blocks = [
        MarkdownBlock("caption", "A caption"),
        MarkdownBlock("footnote", "1. A note"),
        MarkdownBlock("something", "Else"),
    ]
    assert blocks_markdown(blocks) == "A caption\n\n1\\. A note\n\nElse\n"


def test_a_table_is_rebuilt_with_its_empty_cells_and_rows():
    cell = {"table": 0, "cols": 3, "rows": 3, "aligns": ["left", None, "right"]}
    blocks = [
        MarkdownBlock("table_cell", "h", {}, {**cell, "row": 0, "col": 0, "header": True}),
        MarkdownBlock("table_cell", "a|b", {}, {**cell, "row": 2, "col": 2, "header": False}),
    ]
    written = blocks_markdown(blocks)
    assert written == "| h |  |  |\n| :--- | --- | ---: |\n|  |  |  |\n|  |  | a\\|b |\n"
    assert html(written).count("<td") == 6


def test_an_empty_document_is_empty():
    assert blocks_markdown([]) == ""


# Single characters that are markup somewhere, and a few sequences that are.
ALPHABET = st.sampled_from(
    [
        *"aZ한글 \\*_[]<>`&~|#>+-=.)(!:/\"'0123456789{}^$%@\t\u00a0\u2042\u2014",
        *["&amp;", "&copy;", "1.", "<b>", "**", "<1>", "</1>", "<2/>"],
    ]
)
KINDS = [
    ("paragraph", {}),
    ("heading", {"level": 2}),
    ("blockquote", {"depth": 2, "quote": 0}),
    ("list_item", {"list": "ordered", "depth": 0, "number": 3, "item": 0, "first": True,
                   "tight": True}),
    ("list_item", {"list": "bullet", "depth": 0, "item": 0, "first": True, "tight": True}),
    ("table_cell", {"table": 0, "row": 0, "col": 0, "header": True, "align": None, "cols": 1,
                    "rows": 1, "aligns": [None]}),
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, min_size=1, max_size=40).map("".join), st.sampled_from(KINDS))
def test_any_text_survives_a_round_trip(raw, kind):
    builder = InlineBuilder()
    builder.text(raw)
    text, _ = builder.result()  # as a reader gives it: folded, trimmed, NFC
    if not text:
        return
    block = MarkdownBlock(kind[0], text, {}, kind[1])
    written = blocks_markdown([MarkdownBlock("title", "T"), block])
    back = read_markdown(written.encode(), "t.md").blocks
    assert [(b.kind.value, b.text, b.tags, b.structure) for b in back[1:]] == [
        (kind[0], text, {}, kind[1])
    ], written


def test_indented_code_after_a_list_is_fenced_so_that_it_does_not_join_the_item():
    original = "- item\n\n<!-- -->\n\n    code\n"
    blocks = [b for b in as_blocks(read_markdown(original.encode(), "d.md")) if b.kind != "code"]
    blocks.append(MarkdownBlock("code", "code", {}, {"indented": True}))
    written = blocks_markdown(blocks)
    assert written == "- item\n\n```\ncode\n```\n"
    assert html(written) == "<ul><li>item</li></ul><pre><code>code </code></pre>"


WORD_INSIDE = st.text(alphabet="ab한*_[]<>`&|#.()\\!", max_size=6)
WORD = st.builds(lambda a, inside, b: a + inside + b, st.sampled_from("aZ한1"), WORD_INSIDE,
                 st.sampled_from("aZ한1"))  # fmt: skip
SPAN = st.tuples(st.sampled_from(["", "b", "i", "code", "a", "br"]), WORD)


@settings(max_examples=300, deadline=None)
@given(st.lists(SPAN, min_size=1, max_size=8))
def test_marked_up_text_survives_a_round_trip(spans):
    builder = InlineBuilder()
    for n, (kind, word) in enumerate(spans):
        if n:
            builder.text(" ")
        if kind == "br":
            builder.text(word)
            builder.empty("br")
            builder.text("x")
        elif kind:
            attributes = {"href": f"https://example.com/{word}"} if kind == "a" else {}
            number = builder.open(kind, **attributes)
            builder.text(word)
            builder.close(number)
        else:
            builder.text(word)
    text, tags = builder.result()
    block = MarkdownBlock("paragraph", text, tags, {})
    written = blocks_markdown([block])
    back = read_markdown(written.encode(), "t.md").blocks
    assert len(back) == 1, written
    assert (back[0].text, tags_without_hrefs(back[0].tags)) == (text, tags_without_hrefs(tags))
    hrefs = [t["href"] for t in back[0].tags.values() if t["type"] == "a"]
    assert len(hrefs) == sum(1 for kind, _ in spans if kind == "a")


def tags_without_hrefs(tags):
    # markdown-it percent-encodes what a URL may not hold; the link itself must survive.
    return {n: {k: v for k, v in t.items() if k != "href"} for n, t in tags.items()}
