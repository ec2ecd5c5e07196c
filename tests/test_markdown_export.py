"""The Markdown export shows segment text as text in a real CommonMark renderer."""

from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from translate_app.domain.editions import (
    LAYOUTS,
    EditionDocument,
    EditionRow,
    EditionSnapshot,
    Masthead,
    escape_markdown,
    render_markdown,
)

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "<div>a block of HTML</div>",
    "<!-- a comment --> after it",
    "<?php echo 1; ?>",
    "[click me](javascript:alert(1))",
    "[click me]( javascript:alert(1) 'title')",
    "![a picture](http://evil.example/x.png)",
    "[ref] and [ref]: javascript:alert(1)",
    "[ref]: http://evil.example",
    "<http://evil.example> and <evil@example.com>",
    "<javascript:alert(1)>",
    "&lt;b&gt; &amp; &#x3C;script&#62; &copy;",
    "*emphasis* _also_ **strong** __strong__ ***both***",
    "`code` and ``double `tick` code``",
    "```fenced",
    "~~~fenced",
    "~~struck~~ and ~single~",
    "# a heading",
    "###### six",
    "Intro ##",
    "C# and F#",
    "> a quote",
    ">> nested",
    "- a list item",
    "+ another",
    "* starred",
    "1. first",
    "1986) a year",
    "123456789. long",
    "1234567890. too long to be a list",
    "---",
    "***",
    "___",
    "- - -",
    "===",
    "=== setext?",
    "-",
    "\\*not emphasis\\*, a path C:\\temp\\ and a trailing backslash \\",
    "| a | b |",
    "a | b",
    "http://evil.example/bare and www.evil.example",
    "<b>평양</b>의 *지방화* [링크](javascript:alert(1))",
    "ends in two spaces  ",
    "  starts with spaces",
    "tab\tinside",
    "no markup at all, just prose (with brackets) and 50% & more!",
]
KINDS = ["paragraph", "heading", "blockquote"]
BLOCK_TAGS = {"paragraph": ["p"], "heading": ["h2"], "blockquote": ["blockquote", "p"]}


class Blocks(HTMLParser):
    """Top-level blocks of rendered HTML: their tags, every attribute, their visible text."""

    def __init__(self):
        super().__init__()
        self.blocks: list[dict] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.blocks.append({"tags": [], "attrs": [], "text": ""})
        self.blocks[-1]["tags"].append(tag)
        self.blocks[-1]["attrs"].extend(attrs)
        if tag not in ("img", "br", "hr", "input"):
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.blocks[-1]["text"] += data


def render(markdown: str) -> list[dict]:
    # CommonMark itself (raw HTML on, as the spec has it) plus GitHub's tables and strikethrough.
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    parser = Blocks()
    parser.feed(html)
    parser.close()
    for block in parser.blocks:
        block["text"] = block["text"].strip("\n")
    return parser.blocks


def snapshot(rows: list[EditionRow], title="Title", translated_title="제목") -> EditionSnapshot:
    return EditionSnapshot(
        slug="hostile",
        number=1,
        title=title,
        translated_title=translated_title,
        source_lang="en",
        target_lang="ko",
        published_at="2025-01-01T00:00:00+00:00",
        published_by="editor",
        catalog_checksum="0" * 64,
        rows=[EditionRow(0, "title", title, translated_title), *rows],
    )


def document(edition: EditionSnapshot, layout="interleaved", byline="by <b>you</b>"):
    mastheads = {
        "ko": Masthead("ko", edition.translated_title, byline, "2025년 1월 1일", "제1판"),
        "en": Masthead("en", edition.title, byline, "January 1, 2025", "Edition 1"),
    }
    langs = {"source-only": ["en"], "target-only": ["ko"]}.get(layout, ["ko", "en"])
    return EditionDocument(edition, layout, tuple(mastheads[lang] for lang in langs), "(아직)")


def body(markdown: str) -> list[dict]:
    """The blocks after the masthead's thematic break."""
    blocks = render(markdown)
    breaks = [n for n, block in enumerate(blocks) if block["tags"] == ["hr"]]
    assert len(breaks) == 1
    return blocks[breaks[0] + 1 :]


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_rows_render_as_their_own_text(kind):
    rows = [EditionRow(n, kind, text, f"번역: {text}") for n, text in enumerate(HOSTILE, 1)]
    blocks = body(render_markdown(document(snapshot(rows))))
    # Runs of spaces and tabs show as one space in HTML; the export writes them so.
    expected = [
        {"tags": BLOCK_TAGS[kind], "attrs": [], "text": " ".join(t.split())}
        for row in rows
        for t in (row.source, row.translation)
    ]
    assert blocks == expected


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_titles_and_bylines_render_as_their_own_text(text):
    edition = snapshot([EditionRow(1, "paragraph", "p", "문단")], text, f"번역: {text}")
    blocks = render(render_markdown(document(edition, byline=text)))
    shown = " ".join(text.split())
    assert blocks[0] == {"tags": ["h1"], "attrs": [], "text": f"번역: {shown}"}
    assert blocks[1] == {"tags": ["p", "em"], "attrs": [], "text": shown}
    assert blocks[2]["text"] == f"제1판 · 2025년 1월 1일 · {shown}"
    assert blocks[3]["text"] == f"Edition 1 · January 1, 2025 · {shown}"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_has_exactly_one_title(layout):
    edition = snapshot([EditionRow(1, "heading", "Part 1", "1부")])
    blocks = render(render_markdown(document(edition, layout)))
    titles = [block["text"] for block in blocks if block["tags"][0] == "h1"]
    assert titles == (["Title"] if layout == "source-only" else ["제목"])


def test_an_untranslated_row_is_marked_in_emphasis():
    edition = snapshot([EditionRow(1, "paragraph", "<b>Text</b>", None)])
    assert body(render_markdown(document(edition))) == [
        {"tags": ["p"], "attrs": [], "text": "<b>Text</b>"},
        {"tags": ["p", "em"], "attrs": [], "text": "(아직)"},
    ]


def test_one_language_layouts_show_one_side_and_the_source_where_untranslated():
    edition = snapshot(
        [EditionRow(1, "paragraph", "One", "하나"), EditionRow(2, "blockquote", "Two", None)]
    )
    target = body(render_markdown(document(edition, "target-only")))
    assert [(b["tags"], b["text"]) for b in target] == [
        (["p"], "하나"),
        (["blockquote", "p"], "Two"),
    ]
    source = body(render_markdown(document(edition, "source-only")))
    assert [(b["tags"], b["text"]) for b in source] == [
        (["p"], "One"),
        (["blockquote", "p"], "Two"),
    ]


class Cells(HTMLParser):
    """The text of every table cell, and every tag seen inside the cells."""

    def __init__(self):
        super().__init__()
        self.cells: list[str] = []
        self.inner: set[str] = set()
        self.open = False

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self.cells.append("")
            self.open = True
        elif self.open:
            self.inner.add(tag)

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.open = False

    def handle_data(self, data):
        if self.open:
            self.cells[-1] += data


def test_side_by_side_is_a_table_of_the_two_texts_row_by_row():
    rows = [EditionRow(n, "paragraph", text, f"번역: {text}") for n, text in enumerate(HOSTILE, 1)]
    rows += [EditionRow(99, "heading", "A | heading", None)]
    markdown = render_markdown(document(snapshot(rows), "side-by-side"))
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    parser = Cells()
    parser.feed(html)
    expected = ["en", "ko"]
    for row in rows[:-1]:
        expected += [" ".join(row.source.split()), " ".join(row.translation.split())]
    expected += ["A | heading", "(아직)"]
    assert parser.cells == expected
    # Only the emphasis the layout itself adds: strong headings, the placeholder in italics.
    assert parser.inner == {"strong", "em"}


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("plain prose, stays readable.", "plain prose, stays readable."),
        ("<b> & [x](y)", "\\<b> \\& \\[x\\](y)"),
        ("1986. A year", "1986\\. A year"),
        ("- item", "\\- item"),
        ("a\nb\r\nc", "a b c"),
    ],
)
def test_escaping_touches_only_what_would_be_markup(text, markdown):
    assert escape_markdown(text) == markdown
