"""Inline tags: building them, checking a translation's tags, and rendering them safely
as HTML, as runs for Word, and as badges in the editor."""

import html5lib
import pytest
from lxml import etree

from translate_app.domain.inline import (
    InlineBuilder,
    Run,
    check_tags,
    editor_html,
    pieces,
    plain,
    safe_href,
    to_html,
    to_runs,
)

LINK = "https://example.com/report?a=1&b=2"
TAGS = {"1": {"type": "b"}, "2": {"type": "a", "href": LINK}, "3": {"type": "br"}}
EN = "The <1>markets</1> replaced <2>the ration</2>.<3/>Prices rose."
KO = "<2>배급</2>을 대신한 것은 <1>시장</1>이었다.<3/>물가가 올랐다."


# check_tags ------------------------------------------------------------------------------

GOOD = [
    (EN, KO),  # reordered: the Korean puts the link first
    (KO, EN),
    (EN, "<1><2>시장</2></1>이 배급을 대신했다.<3/>물가가 올랐다."),  # nested is fine
    (EN, ""),  # untranslated: reported elsewhere
    (EN, "   "),
    ("No tags here.", "태그가 없다."),
    (KO, "<3/>It was the <1>markets</1> that replaced <2>the ration</2>."),  # break moved
    ("Plain <5> is text", "평범한 <5> 텍스트"),  # 5 is no tag of the source nor the map
]


@pytest.mark.parametrize(("source", "target"), GOOD)
def test_good_translations_have_no_tag_problems(source, target):
    assert check_tags(source, target, TAGS) == []


BAD = [
    (
        EN,
        "시장이 <2>배급</2>을 대신했다.<3/>물가가 올랐다.",
        ["tag 1 (bold) is missing"],
    ),
    (
        KO,
        "The <1>markets</1> replaced the ration.<3/>Prices rose.",
        [f"tag 2 (link to {LINK}) is missing"],
    ),
    (
        EN,
        "<1>시장</1>이 <2>배급</2>을 <1>대신</1>했다.<3/>",
        ["tag 1 (bold) appears twice"],
    ),
    (
        KO,
        "The <1>markets</1> replaced <2>the ration</2>.<3/><3/>Prices rose.",
        ["tag 3 (line break) appears twice"],
    ),
    (
        EN,
        "<1>시장</1>이 <2>배급</2>을 <4>대신</4>했다.<3/>",
        ["tag 4 is not in the source"],
    ),
    (
        KO,
        "The </1>markets<1> replaced <2>the ration</2>.<3/>",
        ["tag 1 (bold) is closed before it is opened", "tag 1 (bold) is opened but never closed"],
    ),
    (
        EN,
        "<1>시장<2>이</1> 배급</2>을 대신했다.<3/>",
        ["tags 1 and 2 overlap: close 2 before 1"],
    ),
    (
        KO,
        "The <1>markets replaced <2>the ration</2>.<3/>",
        ["tag 1 (bold) is opened but never closed"],
    ),
    (
        EN,
        "<1>시장</1>이 <2>배급</2>을 대신했다.<3>",
        ["tag 3 (line break) is written <3>: write it <3/>"],
    ),
]


@pytest.mark.parametrize(("source", "target", "problems"), BAD)
def test_bad_translations_are_explained(source, target, problems):
    assert check_tags(source, target, TAGS) == problems


def test_a_tag_the_source_does_not_use_is_unknown_in_the_target():
    assert check_tags("<1>a</1>", "<1>가</1> <2>나</2>", TAGS) == ["tag 2 is not in the source"]


# to_html ---------------------------------------------------------------------------------


def well_formed(fragment: str) -> None:
    """The fragment parses as balanced XML (inside a wrapper) and by an HTML5 parser,
    and holds no script, handler or dangerous URL."""
    etree.fromstring(f"<div>{fragment.replace('<br>', '<br/>')}</div>")
    tree = html5lib.parseFragment(fragment, namespaceHTMLElements=False)
    for element in tree.iter():
        assert element.tag not in ("script", "iframe", "object", "img")
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on")
            assert not value.strip().lower().startswith(("javascript", "data", "vbscript"))


def test_to_html_renders_tags():
    out = to_html(EN, TAGS)
    assert str(out) == (
        'The <strong>markets</strong> replaced <a href="https://example.com/report?a=1&amp;b=2" '
        'rel="nofollow noopener">the ration</a>.<br>Prices rose.'
    )
    well_formed(out)
    assert to_html("a<1>b</1>", {"1": {"type": "i"}}) == "a<em>b</em>"
    assert to_html("<1>x()</1>", {"1": {"type": "code"}}) == "<code>x()</code>"


def test_to_html_escapes_text():
    out = to_html('<script>alert("x")</script> & <1>b</1> <9>', {"1": {"type": "b"}})
    assert str(out) == (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; <strong>b</strong> &lt;9&gt;"
    )
    well_formed(out)


HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    'https://x" onmouseover="alert(1)',
    "\\\\evil.example/share",
    "",
]


@pytest.mark.parametrize("href", HOSTILE)
def test_hostile_links_are_not_rendered(href):
    tags = {"1": {"type": "a", "href": href}}
    out = to_html("see <1>this</1>", tags)
    well_formed(out)
    if safe_href(href) is None:
        assert str(out) == "see this"
    else:  # a quote inside an http URL is escaped, not an attribute break-out
        assert "&#34;" in str(out)
    runs = to_runs("see <1>this</1>", tags)
    assert all(run.href in (None, safe_href(href)) for run in runs)


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://example.com/", True),
        ("HTTP://EXAMPLE.COM/", True),
        ("mailto:desk@example.com", True),
        ("/news/1", True),
        ("../up", True),
        ("#notes", True),
        ("?page=2", True),
        ("//cdn.example.com/x", True),
        ("page:2", False),
        ("file:///etc/passwd", False),
        ("ftp://example.com", False),
        ("tel:+8210", False),
    ],
)
def test_safe_href(href, kept):
    assert (safe_href(href) is not None) is kept


MALFORMED = [
    "<1>open only",
    "close only</1>",
    "</1>backwards<1>",
    "<1>over<2>lap</1>ping</2>",
    "<2>over<1>lap</2>ping</1><3/>",
    "<1>a</1><1>b</1>",
    "<1><1>twice</1></1>",
    "<3>break as span</3>",
    "<1/>span as break",
    "<7>unknown</7>",
    "</3/>odd",
]


@pytest.mark.parametrize("target", MALFORMED)
def test_malformed_targets_render_balanced(target):
    out = to_html(target, TAGS)
    well_formed(out)
    shown = "".join(etree.fromstring(f"<div>{str(out).replace('<br>', '<br/>')}</div>").itertext())
    assert shown == plain(target, TAGS)  # every word kept, only the tags dropped
    runs = to_runs(target, TAGS)
    assert "".join(r.text for r in runs)  # the words are kept


def test_malformed_examples_render_what_is_well_formed():
    assert to_html("<1>over<2>lap</1>ping</2>", TAGS) == (
        # The span closed out of order is dropped; the one inside it is kept.
        f'over<a href="{LINK.replace("&", "&amp;")}" rel="nofollow noopener">lapping</a>'
    )
    assert to_html("<1>open only", TAGS) == "open only"
    assert to_html("<1>a</1> <1>b</1>", TAGS) == "<strong>a</strong> <strong>b</strong>"


# to_runs ---------------------------------------------------------------------------------


def test_to_runs():
    tags = {**TAGS, "4": {"type": "i"}}
    runs = to_runs("A <1>bold <4>and italic</4></1> <2>link</2><3/>end", tags)
    assert runs == [
        Run("A "),
        Run("bold ", bold=True),
        Run("and italic", bold=True, italic=True),
        Run(" "),
        Run("link", href=LINK),
        Run("", line_break=True),
        Run("end"),
    ]
    assert to_runs("<1>x</1>", {"1": {"type": "a", "href": "javascript:x"}}) == [Run("x")]
    assert to_runs("<1>c</1>", {"1": {"type": "code"}}) == [Run("c", code=True)]


# editor_html -----------------------------------------------------------------------------


def test_editor_html_shows_tokens_as_badges():
    out = str(editor_html(EN, TAGS))
    assert out == (
        'The <span class="tag" data-tag="1" title="bold">1</span>markets'
        '<span class="tag tag-close" data-tag="1" title="end of bold">/1</span> replaced '
        f'<span class="tag" data-tag="2" title="link to {LINK.replace("&", "&amp;")}">2</span>'
        "the ration"
        f'<span class="tag tag-close" data-tag="2" title="end of link to '
        f'{LINK.replace("&", "&amp;")}">/2</span>.'
        '<span class="tag" data-tag="3" title="line break">3</span>Prices rose.'
    )
    well_formed(out)


def test_editor_html_escapes_text_and_urls():
    tags = {"1": {"type": "a", "href": '"><script>alert(1)</script>'}}
    out = str(editor_html("<b>x</b> <1>y</1>", tags))
    assert "<script>" not in out
    assert "&lt;b&gt;x&lt;/b&gt;" in out
    well_formed(out)


# InlineBuilder (existing behaviour) ------------------------------------------------------


def test_builder_numbers_tags_and_folds_whitespace():
    builder = InlineBuilder()
    builder.text("  The\n ")
    number = builder.open("b")
    builder.text("market")
    builder.close(number)
    builder.empty("br")
    builder.text("  rose ")
    link = builder.open("a", href="https://example.com/")
    builder.text("here")
    builder.close(link)
    text, tags = builder.result()
    assert text == "The <1>market</1><2/>rose <3>here</3>"
    assert tags == {
        "1": {"type": "b"},
        "2": {"type": "br"},
        "3": {"type": "a", "href": "https://example.com/"},
    }
    assert plain(text, tags) == "The marketrose here"


def test_builder_drops_empty_spans_and_unknown_types():
    builder = InlineBuilder()
    empty = builder.open("i")
    builder.close(empty)
    builder.text("x")
    kept = builder.open("b")
    builder.text("y")
    builder.close(kept)
    text, tags = builder.result()
    assert text == "x<1>y</1>"
    assert tags == {"1": {"type": "b"}}
    with pytest.raises(ValueError, match="unknown inline tag type"):
        builder.open("script")


def test_pieces_only_know_numbers_in_the_map():
    found = list(pieces("<1>a</1> <2>b</2>", {"1": {"type": "b"}}))
    assert [(p.kind, p.value) for p in found] == [
        ("open", "1"),
        ("text", "a"),
        ("close", "1"),
        ("text", " <2>b</2>"),
    ]
