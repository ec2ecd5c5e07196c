"""The public reading site against WCAG 2.1 AA beyond what axe alone sees: landmarks and
the skip link, reflow at 320 px and at 200% zoom, dark mode, reduced motion, print, the
language of every block, and the exported HTML edition. The article is a rich one (a
list, a table, code, links) with a long Korean paragraph and an English word and address
too long for a phone's line, so anything that overflows shows."""

import itertools
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from translate_app.extensions import db
from translate_app.services import publishing
from translate_app.services.articles import get_segment_translation
from translate_app.services.importing import import_article
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .axe import assert_accessible
from .conftest import TIMEOUT_MS

SLUG = "markets-of-pyongyang"
ARTICLE = Path(__file__).resolve().parents[1] / "data" / "article.md"
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis"
LONG_URL = (
    "https://www.dailynk.com/english/"
    "the-provincialization-of-pyongyang-is-underway-parts-one-and-two-full-text/"
)
LONG_SOURCE = (
    f"The doctors called it {LONG_WORD}, and the full report is at {LONG_URL} for anyone "
    "who wants the figures behind the story."
)
LONG_KOREAN = (
    "이론적으로 북한의 공공배급체계는 모든 주민의 식량을 책임진다. 그러나 1990년대 중반 이후 "
    "배급은 평양의 핵심 계층에게만 돌아갔고, 지방 주민들은 장마당에서 스스로 먹을거리를 "
    "구해야 했다. 이제 평양 시민들도 같은 처지에 놓였다는 것이 그의 설명이다. "
) * 3 + f"의사들은 이를 {LONG_WORD}라고 불렀고, 전체 보고서는 {LONG_URL}에 있다."
KOREAN = {
    "How Pyongyang's markets changed the capital": "장마당은 평양을 어떻게 바꾸었나",
    "Pyongyang was once fed by the <1>Public Distribution System</1> (PDS). Today, most "
    "households buy rice at the market, and the price is quoted in dollars.": (
        "평양은 한때 <1>공공배급제</1>(PDS)로 먹고살았다. 오늘날 대부분의 가구는 "
        "시장에서 쌀을 사고, 값은 달러로 매겨진다."
    ),
    "What the residents say": "주민들의 말",
    "Prices follow the <1>yuan</1>, not the won.": "가격은 원이 아니라 <1>위안</1>을 따른다.",
    "Prices in the Tongil Street market": "통일거리 시장의 가격",
    "Item": "품목",
    "Price (KPW)": "가격(북한 원)",
    "See the <1>methodology notes</1> for details, or write to <2>desk@example.org</2>.": (
        "자세한 내용은 <1>방법론 메모</1>를 보거나 <2>desk@example.org</2>로 문의하라."
    ),
    LONG_SOURCE: LONG_KOREAN,
}
# Edition 2 changes these paragraphs, so the diff shows insertions and deletions, and
# the long words.
REVISED = {
    "Prices follow the <1>yuan</1>, not the won.": (
        "가격은 이제 원이 아니라 <1>위안</1>과 달러를 따른다."
    ),
    LONG_SOURCE: LONG_KOREAN.replace("전체 보고서는", "보고서 전문은"),
}

EDITION = f"/read/{SLUG}/ko/"
PAGES = {
    "index": "/read/",
    "side-by-side": EDITION,
    "interleaved": f"{EDITION}?layout=interleaved",
    "target-only": f"{EDITION}?layout=target-only",
    "source-only": f"{EDITION}?layout=source-only",
    "withdrawn": f"{EDITION}1/",
    "editions": f"{EDITION}editions/",
    "diff": f"{EDITION}diff/1/2/",
}
LAYOUT_PAGES = ("side-by-side", "interleaved", "target-only", "source-only")


@pytest.fixture
def live_app(app, users, ctx):
    """Two editions of a rich article in Korean, the first withdrawn."""
    data = ARTICLE.read_bytes() + f"\n\n{LONG_SOURCE}\n".encode()
    article = import_article(data, "article.md", source_lang="en", target_langs=["ko"], slug=SLUG)
    db.session.commit()
    by_source = {segment.source: segment for segment in article.segments}
    assert set(KOREAN) <= set(by_source)
    for source, text in KOREAN.items():
        st = get_segment_translation(by_source[source].id, "ko")
        save_translation(st, users["translator"], text=text, base_revision=0, state="translated")
        approve_translation(st, users["editor"])
    db.session.commit()
    cli = app.test_cli_runner()
    assert cli.invoke(args=["publish", SLUG, "--user", "editor"]).exit_code == 0
    for source, text in REVISED.items():
        st = get_segment_translation(by_source[source].id, "ko")
        save_translation(st, users["translator"], text=text, base_revision=1, state="translated")
        approve_translation(st, users["editor"])
    db.session.commit()
    assert cli.invoke(args=["publish", SLUG, "--user", "editor"]).exit_code == 0
    withdrawn = publishing.get_edition(article, "ko", 1)
    publishing.withdraw_edition(withdrawn, users["editor"], "The prices were misquoted.")
    db.session.commit()
    db.session.remove()
    return app


@pytest.fixture
def visit(browser: Browser, live_server: str):
    """A page in a fresh context with the given interface language and media features."""
    contexts = []

    def open_(locale: str = "en-US", **media) -> Page:
        context = browser.new_context(base_url=live_server, locale=locale, **media)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def goto(page: Page, name: str) -> None:
    response = page.goto(PAGES[name])
    assert response.status == (410 if name == "withdrawn" else 200), name


# --- landmarks and the skip link --------------------------------------------------------

OUTSIDE_LANDMARKS = """() => {
  const landmarks = "main, nav, [role=main], [role=navigation], [role=region], " +
    "body > header, body > footer, [role=banner], [role=contentinfo]";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.checkVisibility() || el.closest(".skip")) continue;
    if (!el.closest(landmarks)) found.push(node.textContent.trim().slice(0, 60));
  }
  return found;
}"""

NAV_NAMES = """() => [...document.querySelectorAll("nav, [role=navigation]")].map(nav => {
  const by = nav.getAttribute("aria-labelledby");
  const named = by ? document.getElementById(by)?.textContent : nav.getAttribute("aria-label");
  return (named || "").trim();
})"""


def test_every_page_has_its_landmarks_and_a_working_skip_link(visit):
    page = visit()
    for name in ("side-by-side", "withdrawn", "index", "editions", "diff"):
        goto(page, name)
        assert page.locator("main").count() == 1, name
        assert page.locator("h1").count() == 1, name
        names = page.evaluate(NAV_NAMES)
        assert names and all(names), f"{name}: navigation without a name: {names}"
        # Everything a reader sees, the withdrawal notice too, is inside a landmark.
        assert page.evaluate(OUTSIDE_LANDMARKS) == [], name
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        assert focused == "skip", f"{name}: the first Tab stop is .{focused}"
        skip = page.locator(".skip").bounding_box()
        viewport = page.viewport_size
        assert skip["x"] >= 0 and skip["y"] >= 0, name
        assert skip["x"] + skip["width"] <= viewport["width"], name
        assert skip["y"] + skip["height"] <= viewport["height"], name
        page.keyboard.press("Enter")
        assert page.url.endswith("#main"), name
        assert page.evaluate("document.activeElement.id") == "main", name
        # The next Tab goes on from the content, not from the top of the page.
        first = page.evaluate(
            """() => { const m = document.querySelector("main");
            const f = m.querySelector("a[href], button, input, summary, [tabindex='0']");
            return f ? f.outerHTML : null; }"""
        )
        if first is not None:
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.outerHTML") == first, name
        assert page.evaluate("document.activeElement.closest('main') !== null"), name


# --- reflow -----------------------------------------------------------------------------

TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.querySelectorAll("main, main *")) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // Nothing to see (or, at 1 px, hidden for all but screen readers): nothing to clip.
    if (box.width <= 1 || !el.checkVisibility()) continue;
    const clipped = style.overflowX !== "visible" && el.scrollWidth > el.clientWidth + 1;
    if (box.left < -0.5 || box.right > width + 0.5 || clipped) {
      found.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.left)}` +
        `..${Math.round(box.right)}${clipped ? " clipped" : ""}`);
    }
  }
  return found;
}"""


def test_every_page_reflows_without_sideways_scrolling(visit):
    """320 px is the reflow criterion's width; 640 px is a 1280 px window at 200% zoom.
    In both interface languages: the Korean one's labels are not the English one's."""
    for locale in ("en-US", "ko-KR"):
        page = visit(locale=locale)
        for width, name in itertools.product((320, 640), PAGES):
            page.set_viewport_size({"width": width, "height": 512})
            goto(page, name)
            where = f"{name} at {width}px in {locale}"
            if name not in ("index", "editions", "withdrawn"):
                assert LONG_WORD in page.locator("main").inner_text(), where
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{where} scrolls sideways to {scroll}px"
            assert page.evaluate(TOO_WIDE) == [], where
        # The download menu, open, stays on the screen.
        page.set_viewport_size({"width": 320, "height": 512})
        goto(page, "side-by-side")
        page.locator(".downloads summary").click()
        menu = page.locator(".downloads ul").bounding_box()
        assert menu["x"] >= 0 and menu["x"] + menu["width"] <= 320, locale
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, locale


# --- dark mode --------------------------------------------------------------------------

LUMINANCE = """e => {
  const [r, g, b] = getComputedStyle(e).backgroundColor.match(/[\\d.]+/g).map(Number);
  const lin = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}"""


def test_dark_mode_is_dark_and_keeps_its_contrast(visit):
    page = visit(color_scheme="dark")
    for name in PAGES:
        goto(page, name)
        assert page.locator("body").evaluate(LUMINANCE) < 0.05, f"{name} is not dark"
        assert_accessible(page, f"{name} in dark mode")
    goto(page, "side-by-side")
    page.locator(".downloads summary").click()
    assert_accessible(page, "the open download menu in dark mode")


# --- reduced motion and print -----------------------------------------------------------

MOVING = """() => [...document.querySelectorAll("*")].filter(e => {
  const s = getComputedStyle(e);
  return s.animationName !== "none" ||
    s.transitionDuration.split(",").some(d => parseFloat(d) > 0);
}).map(e => e.tagName.toLowerCase() + "." + e.className)"""

COLUMNS = """() => [...document.querySelectorAll(".row")].flatMap(row => {
  const source = row.querySelector(":scope > .source");
  const target = row.querySelector(":scope > .target");
  if (!source || !target) return [];
  const s = source.getBoundingClientRect(), t = target.getBoundingClientRect();
  return [{id: row.id, side: s.right <= t.left + 0.5, top: Math.abs(s.top - t.top) < 0.5}];
})"""


def test_reduced_motion_and_print(visit):
    page = visit(reduced_motion="reduce")
    for name in ("side-by-side", "index", "diff"):
        goto(page, name)
        page.keyboard.press("Tab")  # the skip link, shown
        behavior = page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
        assert behavior == "auto", name
        assert page.evaluate(MOVING) == [], name
    # Printed side by side, at any window width: two columns, no navigation.
    page = visit()
    goto(page, "side-by-side")
    page.emulate_media(media="print")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        rows = page.evaluate(COLUMNS)
        assert len(rows) >= 10, width
        assert [r for r in rows if not (r["side"] and r["top"])] == [], width
        assert page.locator(".site-nav").is_hidden(), width
        assert page.locator(".skip").evaluate("e => getComputedStyle(e).display") == "none"


# --- the language of every block ----------------------------------------------------------

WRONG_LANG = """() => {
  const hangul = /[\\u1100-\\u11ff\\u3130-\\u318f\\uac00-\\ud7a3]/;
  const english = /[A-Za-z]{2,}[,.]?\\s+[A-Za-z]{2,}[,.]?\\s+[A-Za-z]{2,}/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const lang = (node.parentElement.closest("[lang]")?.getAttribute("lang") || "").toLowerCase();
    const ko = hangul.test(text), en = english.test(text);
    // Korean and a run of English words in one piece of text: one of them is mislabelled.
    if ((ko && (en || !lang.startsWith("ko"))) || (!ko && en && !lang.startsWith("en"))) {
      found.push(`${lang}: ${text.slice(0, 80)}`);
    }
  }
  return found;
}"""


def test_every_block_is_marked_with_its_language(visit):
    for locale in ("en-US", "ko-KR"):
        page = visit(locale=locale)
        for name in PAGES:
            goto(page, name)
            assert page.locator("main [lang]").count() > 0, name
            assert page.evaluate(WRONG_LANG) == [], f"{name} read in {locale}"


# --- the exported HTML edition ----------------------------------------------------------


def test_the_exported_html_edition_passes_axe(visit):
    page = visit()
    for layout in LAYOUT_PAGES:
        response = page.request.get(f"{EDITION}2/download/html?layout={layout}")
        assert response.ok and response.headers["content-type"].startswith("text/html")
        html = response.text()
        assert LONG_WORD in html
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.set_content(html)
            assert page.locator("main").count() == 1
            assert_accessible(page, f"the exported {layout} edition ({scheme})")
