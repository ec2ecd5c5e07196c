"""An edition whose rows carry inline markup and structure, for the format tests."""

from translate_app.domain.editions import EditionRow

from .edition_samples import make_document

LINK = "https://example.org/notes_(2024)?a=1&b=2"
HOSTILE_HREF = "javascript:alert(1)"
SCRIPT_CODE = 'if (a < b && c > d) {\n  document.write("<script>alert(1)</script>");\n}'
BOLD_WORD = "Distribution"

B = {"type": "b"}
ITALIC = {"type": "i"}


def row(position, kind, source, translation, tags=None, structure=None, translatable=True):
    return EditionRow(
        position,
        kind,
        source,
        translation,
        f"s{position}",
        translatable=translatable,
        tags=tags if tags is not None else {},
        structure=structure if structure is not None else {},
    )


def item(list_type, depth, number, index, first=True):
    return {"list": list_type, "depth": depth, "number": number, "item": index, "first": first}


def cell(row_, col, header=False):
    align = "right" if col == 1 else "left"
    return {
        "table": 0,
        "row": row_,
        "col": col,
        "header": header,
        "align": align,
        "cols": 2,
        "rows": 2,
        "aligns": ["left", "right"],
    }


ROWS = [
    row(0, "title", "Markets", "시장", structure={}),
    # A bold phrase, a link with "&" and parentheses, a line break; the Korean moves them.
    row(
        1,
        "paragraph",
        f"Fed by the <1>Public {BOLD_WORD} System</1>.<2/>See <3>the notes</3>.",
        "<3>메모</3>를 보라.<2/><1>공공배급제</1>가 먹여 살렸다.",
        {"1": B, "2": {"type": "br"}, "3": {"type": "a", "href": LINK}},
    ),
    # A hostile link: its text stays, the link goes.
    row(
        2,
        "paragraph",
        "Do not <1>click here</1>.",
        "<1>여기</1>를 누르지 마라.",
        {"1": {"type": "a", "href": HOSTILE_HREF}},
    ),
    row(3, "heading", "Prices <1>now</1>", "지금의 <1>가격</1>", {"1": ITALIC}, {"level": 3}),
    row(
        4,
        "list_item",
        "Rice is <1>dear</1>.",
        "쌀은 <1>비싸다</1>.",
        {"1": B},
        item("bullet", 0, 1, 0),
    ),
    row(5, "list_item", "Nested point.", "중첩된 항목.", {}, item("bullet", 1, 1, 0)),
    row(6, "list_item", "Corn is cheap.", None, {}, item("bullet", 0, 2, 1)),
    row(7, "paragraph", "1. Not a list, a sentence.", "1. 목록이 아닌 문장.", {}),
    row(8, "list_item", "Third point.", "세 번째.", {}, item("ordered", 0, 3, 0)),
    row(9, "list_item", "Fourth point.", "네 번째.", {}, item("ordered", 0, 4, 1)),
    row(10, "table_cell", "Item", "품목", {}, cell(0, 0, True)),
    row(11, "table_cell", "Price", "가격", {}, cell(0, 1, True)),
    row(12, "table_cell", "<1>Rice</1>", "<1>쌀</1>", {"1": B}, cell(1, 0)),
    row(13, "table_cell", "6,000", "6,000", {}, cell(1, 1)),
    row(14, "code", SCRIPT_CODE, SCRIPT_CODE, {}, {"info": "js"}, translatable=False),
    row(15, "separator", "* * *", "* * *", {}, {}, translatable=False),
    # A translation whose tags are broken: closed before opened, never closed.
    row(
        16,
        "blockquote",
        "A <1>quoted</1> <2>word</2>.",
        "</1>인용된<1> <2>단어.",
        {"1": B, "2": ITALIC},
        {"depth": 1},
    ),
    row(17, "caption", "A caption.", "캡션.", {}),
    row(18, "footnote", "A footnote.", "각주.", {}),
]


def markup_document(layout: str):
    return make_document(layout, ROWS)
