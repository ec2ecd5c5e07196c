"""The public reading site in Chromium: three layouts at desktop and phone widths, Korean
set in a Korean face and English in a Latin one, rows aligned side by side, stacked on a
phone. Screenshots land in the git-ignored test-output/ folder."""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.conftest import SLUG
from translate_app.extensions import db
from translate_app.services.articles import get_segment_translation
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

SHOTS = Path(__file__).resolve().parents[2] / "test-output"
LONG = (
    "이론적으로 북한의 공공배급체계는 모든 주민의 식량을 책임진다. 그러나 1990년대 중반 이후 "
    "배급은 평양의 핵심 계층에게만 돌아갔고, 지방 주민들은 장마당에서 스스로 먹을거리를 "
    "구해야 했다. 이제 평양 시민들도 같은 처지에 놓였다는 것이 그의 설명이다. "
) * 3
KOREAN = {1: "평양의 지방화가 진행 중이다", 2: "최근 나는 평양 엘리트와 대화를 나누었다.", 3: LONG}


@pytest.fixture
def live_app(app, users, article, ctx):
    for position, text in KOREAN.items():
        st = get_segment_translation(article.segments[position - 1].id, "ko")
        save_translation(st, users["translator"], text=text, base_revision=0, state="translated")
        approve_translation(st, users["editor"])
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["publish", SLUG, "--user", "editor"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    return app


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).bounding_box()


def font_of(page: Page, selector: str) -> str:
    return page.locator(selector).evaluate("e => getComputedStyle(e).fontFamily")


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("layout", ["side-by-side", "interleaved", "target-only"])
def test_each_layout_reads_at_desktop_and_phone_widths(page: Page, layout, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/read/{SLUG}/ko/?layout={layout}")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"reading-{layout}-{width}.png"), full_page=False)
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    korean = "#p3 .target"
    assert font_of(page, korean).startswith('"Noto Serif KR"')
    assert page.locator(korean).evaluate("e => getComputedStyle(e).wordBreak") == "keep-all"
    if layout == "target-only":
        assert page.locator("#p3 .source").count() == 0
        return
    english = "#p3 .source"
    # In a Korean edition the English paragraphs keep their Latin face.
    assert font_of(page, english).startswith("Georgia")
    source, target = box(page, english), box(page, korean)
    if layout == "side-by-side" and width > 800:
        # One row, two columns, the row as tall as its longer paragraph.
        assert source["x"] + source["width"] <= target["x"]
        assert source["y"] == target["y"]
        next_row = box(page, "#p4")
        assert next_row["y"] >= max(source["y"] + source["height"], target["y"] + target["height"])
    else:
        # Stacked: the translation under its source, never over it.
        assert source["y"] + source["height"] <= target["y"]


def test_the_reader_switches_layout_and_finds_the_other_editions(page: Page):
    page.goto(f"/read/{SLUG}/ko/")
    page.get_by_role("link", name="Interleaved").click()
    assert page.url.endswith("?layout=interleaved")
    assert page.locator("body").get_attribute("class") == "layout-interleaved"
    page.get_by_role("link", name="English", exact=True).click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("The provincialization of Pyongyang")
    page.get_by_role("link", name="1 edition").click()
    assert page.url.endswith(f"/read/{SLUG}/ko/editions/")
    page.get_by_role("link", name="All articles").click()
    assert page.locator("h1").inner_text() == "Published articles"
    page.get_by_role("link", name=KOREAN[1]).click()
    assert page.url.endswith(f"/read/{SLUG}/ko/")


def test_the_download_menu_offers_every_format(page: Page):
    page.goto(f"/read/{SLUG}/ko/?layout=interleaved")
    page.get_by_text("Download").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == (f"{SLUG}.en-ko.edition-1.interleaved.pdf")
    names = page.locator(".downloads li a").all_inner_texts()
    assert names == ["HTML", "Markdown", "EPUB", "Word (DOCX)", "PDF"]


def test_print_keeps_the_two_columns(page: Page):
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"/read/{SLUG}/ko/")
    page.emulate_media(media="print")
    source, target = box(page, "#p3 .source"), box(page, "#p3 .target")
    assert source["y"] == target["y"] and source["x"] < target["x"]
    assert page.locator(".site-nav").is_hidden()
