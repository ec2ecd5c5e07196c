"""The Markdown export shows segment text as text in a real CommonMark renderer."""

from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from translate_app.domain.editions import (
    EditionRow,
    EditionSnapshot,
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
KINDS = ["paragraph", "heading", "blockquote", "title"]
BLOCK_TAGS = {"paragraph": ["p"], "heading": ["h2"], "blockquote": ["blockquote", "p"]}
BLOCK_TAGS["title"] = ["h1"]


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


def snapshot(rows: list[EditionRow]) -> EditionSnapshot:
    return EditionSnapshot(
        slug="hostile",
        number=1,
        title=rows[0].source,
        translated_title=rows[0].translation,
        source_lang="en",
        target_lang="ko",
        published_at="2025-01-01T00:00:00+00:00",
        published_by="editor",
        catalog_checksum="0" * 64,
        rows=rows,
    )


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_rows_render_as_their_own_text(kind):
    rows = [EditionRow(n, kind, text, f"번역: {text}") for n, text in enumerate(HOSTILE, 1)]
    blocks = render(render_markdown(snapshot(rows)))
    # Runs of spaces and tabs show as one space in HTML; the export writes them so.
    expected = [
        {"tags": BLOCK_TAGS[kind], "attrs": [], "text": " ".join(t.split())}
        for row in rows
        for t in (row.source, row.translation)
    ]
    assert blocks == expected


def test_an_untranslated_row_is_marked_in_emphasis():
    blocks = render(render_markdown(snapshot([EditionRow(1, "title", "<b>Title</b>", None)])))
    assert blocks == [
        {"tags": ["h1"], "attrs": [], "text": "<b>Title</b>"},
        {"tags": ["p", "em"], "attrs": [], "text": "(not yet translated)"},
    ]


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
