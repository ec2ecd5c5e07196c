"""Reading an article from a web page: where the article is, what is left out, blocks
and their structure, inline tags, encodings, and pages refused."""

from pathlib import Path

import pytest

from translate_app.domain.segmentation import SegmentKind, SourceError
from translate_app.domain.sources import read_source
from translate_app.domain.sources.html import read_html

DATA = Path(__file__).parent / "data"
K = SegmentKind


@pytest.fixture(scope="module")
def article():
    return read_html((DATA / "article.html").read_bytes(), "article.html")


def texts(parsed, kind=None):
    return [b.text for b in parsed.blocks if kind is None or b.kind is kind]


def test_title_is_the_articles_h1_not_the_site_name(article):
    assert article.rule == "html"
    assert article.title == "The provincialization of Pyongyang is underway"
    first = article.blocks[0]
    assert first.kind is K.TITLE
    assert first.text == "The provincialization of <1>Pyongyang</1> is underway"
    assert first.tags == {"1": {"type": "i"}}
    assert article.notes == []


def test_site_furniture_is_left_out(article):
    everything = " ".join(texts(article))
    for absent in (
        "North Korea Daily",
        "Politics",
        "Search",
        "cookies",
        "Injected",
        "dataLayer",
        "Not this",
        "Advertisement",
        "Subscribe",
        "Related",
        "Tags:",
        "newsletter",
        "Sign up",
        "editor's comment",
        "font-family",
        "logo",
        "at dusk",  # an image's alt text
    ):
        assert absent not in everything, absent


def test_kinds_in_reading_order(article):
    kinds = [b.kind for b in article.blocks]
    assert kinds == [
        K.TITLE,
        K.PARAGRAPH,  # kicker
        K.PARAGRAPH,  # byline
        K.CAPTION,
        K.PARAGRAPH,
        K.PARAGRAPH,
        K.HEADING,
        K.BLOCKQUOTE,
        K.BLOCKQUOTE,
        K.PARAGRAPH,
        *[K.LIST_ITEM] * 6,
        K.CAPTION,
        *[K.TABLE_CELL] * 8,
        K.SEPARATOR,
        K.HEADING,
        K.CODE,
        K.PARAGRAPH,
    ]


def test_inline_markup_and_links(article):
    paragraphs = texts(article, K.PARAGRAPH)
    assert paragraphs[1] == "By <1>Kim Min-ji</1> · March 5, 2024"
    assert paragraphs[2] == (
        "Recently, I had a conversation with a <1>long-time resident</1> of the capital "
        "who told me that <2>things are not what they used to be</2>."
    )
    report = next(b for b in article.blocks if "2019 report" in b.text)
    assert report.text == (
        "The change began, as <1>a 2019 report</1> noted, with the markets. Officials "
        "called it a reform; residents called it survival."
    )
    # The entity in the URL is decoded; the javascript: link is only its text.
    assert report.tags == {"1": {"type": "a", "href": "https://example.org/report?id=1&lang=en"}}
    assert paragraphs[-1] == "Names have been changed.<1/>All interviews were conducted in 2023."


def test_headings_quotes_captions(article):
    headings = [(b.text, b.structure) for b in article.blocks if b.kind is K.HEADING]
    assert headings == [("Rations and markets", {"level": 2}), ("Method", {"level": 3})]
    assert texts(article, K.BLOCKQUOTE) == [
        "The ration card is a memory now.",
        "— A trader in Sinuiju",
    ]
    assert texts(article, K.CAPTION) == [
        "A street in central Pyongyang. Photo: <1>Reuters</1>",
        "Market prices, in won",
    ]


def test_lists_with_start_nesting_and_paragraphs(article):
    items = [(b.text, b.structure) for b in article.blocks if b.kind is K.LIST_ITEM]
    ordered = {"list": "ordered", "depth": 0}
    bullet = {"list": "bullet", "depth": 1}
    assert items == [
        ("rice, which was once rationed;", {**ordered, "number": 3, "item": 1, "first": True}),
        ("fuel, <1>especially</1> in winter;", {**ordered, "number": 4, "item": 2, "first": True}),
        ("coal briquettes", {**bullet, "number": 1, "item": 1, "first": True}),
        ("diesel", {**bullet, "number": 2, "item": 2, "first": True}),
        ("housing in the centre,", {**ordered, "number": 5, "item": 3, "first": True}),
        ("and permits to live there.", {**ordered, "number": 5, "item": 3, "first": False}),
    ]


def test_table_cells(article):
    cells = [b for b in article.blocks if b.kind is K.TABLE_CELL]
    assert [(b.text, b.structure["row"], b.structure["col"]) for b in cells] == [
        ("Item", 0, 0),
        ("2015", 0, 1),
        ("2023", 0, 2),
        ("Rice (1 kg)", 1, 0),
        ("5,000", 1, 1),
        ("6,500", 1, 2),
        ("Corn (1 kg)", 2, 0),
        ("unchanged", 2, 1),
    ]
    assert [b.structure["header"] for b in cells[:3]] == [True, True, True]
    assert not any(b.structure["header"] for b in cells[3:])
    assert {b.structure["cols"] for b in cells} == {3}
    assert {b.structure["table"] for b in cells} == {1}
    assert cells[-1].structure == {
        "table": 1,
        "row": 2,
        "col": 1,
        "header": False,
        "colspan": 2,
        "cols": 3,
    }


def test_separator_and_code_kept_exactly(article):
    separator = next(b for b in article.blocks if b.kind is K.SEPARATOR)
    assert separator.text == "---"
    assert not separator.translatable
    code = next(b for b in article.blocks if b.kind is K.CODE)
    assert code.text == 'interviews = 12\nprovinces  = ["North Hamgyong", "Ryanggang"]'


def test_korean_page_in_euc_kr():
    data = (DATA / "korean-euckr.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    parsed = read_source(data, "korean-euckr.html")
    assert parsed.title == "평양의 지방화가 진행 중이다"
    assert parsed.notes[0] == "converted from EUC-KR (CP949), as the page declares"
    assert "북한일보" in parsed.notes[1]
    assert texts(parsed, K.PARAGRAPH)[1:] == [
        "최근 나는 수도에 오래 산 <1>주민</1>과 대화를 나누었다.",
        "그는 <1>보고서</1>에 따르면 시장이 배급을 대신했다고 말했다."
        "<2/>이제 배급표는 기억일 뿐이다.",
        "기자 김민지",
    ]


@pytest.mark.parametrize("label", ["euc-kr", "EUC-KR", "ks_c_5601-1987", "cp949"])
def test_korean_charset_labels(label):
    page = f'<meta charset="{label}"><h1>제목</h1><p>본문입니다.</p>'.encode("cp949")
    parsed = read_html(page, "k.html")
    assert texts(parsed) == ["제목", "본문입니다."]
    assert "converted from EUC-KR" in parsed.notes[0]


def test_utf8_with_bom_and_utf16():
    page = "<h1>제목</h1><p>본문</p>"
    assert read_html(page.encode("utf-8-sig"), "a.html").notes == []
    parsed = read_html(page.encode("utf-16"), "b.html")
    assert texts(parsed) == ["제목", "본문"]
    assert parsed.notes[0].startswith("converted from UTF-16")


def test_a_page_that_lies_about_its_encoding_is_refused():
    page = b'<meta charset="euc-kr"><p>\xff\xfe\xfd broken</p>'
    with pytest.raises(SourceError, match=r"bad\.html declares its encoding as euc-kr"):
        read_html(page, "bad.html")


def test_loose_text_in_divs_and_double_breaks():
    page = b"""<body><div class="article">First line<br>still first <b>bold</b><br><br>
    Second paragraph<br/> <br/> <i>Third</i> starts with italics<br></div>
    <div>Fourth<br><br><br>Fifth</div><p>In a p<br><br>a double break splits too</p></body>"""
    parsed = read_html(page, "loose.html")
    assert [(b.kind, b.text) for b in parsed.blocks[:-1]] == [
        (K.PARAGRAPH, "First line<1/>still first <2>bold</2>"),
        (K.PARAGRAPH, "Second paragraph"),
        (K.PARAGRAPH, "<1>Third</1> starts with italics"),
        (K.PARAGRAPH, "Fourth"),
        (K.PARAGRAPH, "Fifth"),
        (K.PARAGRAPH, "In a p"),
    ]
    assert parsed.blocks[-1].text == "a double break splits too"
    assert parsed.title is None
    assert parsed.notes == ["the page has no <h1> and no <title>: the article has no title"]


def test_title_from_the_title_element():
    page = b"<title>Markets replace rations \xe2\x80\x94 The Daily</title><p>Body.</p>"
    parsed = read_html(page, "t.html")
    assert parsed.title == "Markets replace rations"
    assert parsed.blocks[0].kind is K.TITLE
    long_suffix = b"<title>Kim Jong Un - the early years of a leader, as told</title><p>B</p>"
    assert read_html(long_suffix, "t.html").title == (
        "Kim Jong Un - the early years of a leader, as told"
    )


def test_hostile_links_and_other_inline_elements():
    page = b"""<p><a href="javascript:alert(1)">one</a> <a href=" JaVaScRiPt:alert(2)">two</a>
    <a href="&#106;avascript:alert(3)">three</a> <a href="data:text/html,x">four</a>
    <a href="vbscript:x">five</a> <a href="mailto:desk@example.com">six</a>
    <a href="#notes">seven</a> <a href="../up">eight</a> <a>nine</a>
    <span style="color:red">ten</span> <font>eleven</font> <u>twelve</u> x<sup>2</sup>
    <code>code()</code> <kbd>Ctrl</kbd> <mark>marked</mark> <img src=x onerror=alert(1)></p>"""
    block = read_html(page, "x.html").blocks[0]
    assert block.text == (
        "one two three four five <1>six</1> <2>seven</2> <3>eight</3> nine ten eleven "
        "twelve x2 <4>code()</4> <5>Ctrl</5> marked"
    )
    assert block.tags == {
        "1": {"type": "a", "href": "mailto:desk@example.com"},
        "2": {"type": "a", "href": "#notes"},
        "3": {"type": "a", "href": "../up"},
        "4": {"type": "code"},
        "5": {"type": "code"},
    }


def test_a_span_inside_one_of_its_type_is_not_a_second_tag():
    page = b"<p><b>Breaking: <strong>markets</strong></b> and <i><em>more</em></i></p>"
    block = read_html(page, "s.html").blocks[0]
    assert block.text == "<1>Breaking: markets</1> and <2>more</2>"
    assert block.tags == {"1": {"type": "b"}, "2": {"type": "i"}}


def test_nested_blocks_are_not_read_twice():
    page = b"""<h1>T</h1><blockquote>Direct <b>quote</b><p>and a paragraph</p></blockquote>
    <table><tr><td><p>one</p><p>two</p><ul><li>three</li></ul></td>
    <td><table><tr><td>inner</td></tr></table></td></tr></table>
    <ul><li>item <blockquote>quoted in item</blockquote></li></ul>"""
    parsed = read_html(page, "n.html")
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (K.TITLE, "T"),
        (K.BLOCKQUOTE, "Direct <1>quote</1>"),
        (K.BLOCKQUOTE, "and a paragraph"),
        (K.TABLE_CELL, "one<1/>two<2/>three"),
        (K.TABLE_CELL, "inner"),
        (K.LIST_ITEM, "item"),
        (K.BLOCKQUOTE, "quoted in item"),
    ]


def test_article_then_main_then_role_then_body():
    page = b"""<body><p>outside</p><div role="main"><p>role</p></div>
    <main><p>main</p></main></body>"""
    assert texts(read_html(page, "a.html")) == ["main"]
    page = b"""<body><p>outside</p><div role="main"><p>role</p></div></body>"""
    assert texts(read_html(page, "a.html")) == ["role"]
    page = b"""<body><main><p>main</p><article><p>article</p></article></main></body>"""
    assert texts(read_html(page, "a.html")) == ["article"]


def test_whitespace_entities_and_nfc():
    page = "<p>  Caf&eacute;\n\t and  cafe\u0301 &amp;&nbsp;&lt;b&gt; </p>".encode()
    block = read_html(page, "w.html").blocks[0]
    assert block.text == "Café and café &\u00a0<b>"
    assert block.tags == {}


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>Only a title</title></head><body></body></html>",
        b"<html><body><script>alert(1)</script><nav><a href='/'>Home</a></nav>"
        b"<img src=a.png><!-- nothing --><p>   </p><p>&nbsp;</p></body></html>",
        b"<div><br><br><hr></div>",
    ],
)
def test_pages_without_article_text_are_refused(page):
    with pytest.raises(SourceError, match=r"empty\.html has no (article|visible) text"):
        read_html(page, "empty.html")


@pytest.mark.parametrize("tag", ["div", "b"])
def test_nesting_past_the_parsers_limit_is_refused(tag):
    page = f"<p>x {f'<{tag}>' * 300}deep{f'</{tag}>' * 300}</p>".encode()
    with pytest.raises(SourceError, match=r"deep\.html nests its elements too deeply"):
        read_html(page, "deep.html")


def test_empty_file_is_refused():
    with pytest.raises(SourceError, match=r"blank\.html is empty"):
        read_html(b"  \n", "blank.html")


def test_five_megabyte_page():
    paragraph = (
        '<p>Some <b>bold</b> text, <a href="https://example.com/x?a=1">a link</a>, '
        "<i>italics</i> &amp; more words <span>here</span>.</p>\n"
    )
    count = 5 * 1024 * 1024 // len(paragraph) + 1
    page = f"<html><body><article><h1>Long</h1>{paragraph * count}</article></body></html>"
    data = page.encode()
    assert len(data) > 5 * 1024 * 1024
    parsed = read_html(data, "long.html")
    assert len(parsed.blocks) == count + 1
    assert parsed.blocks[-1].text == (
        "Some <1>bold</1> text, <2>a link</2>, <3>italics</3> & more words here."
    )
