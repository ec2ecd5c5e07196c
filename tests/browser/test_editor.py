"""The editor in a real browser: keyboard flow, htmx swaps, stale saves, review and publish."""

import re

from playwright.sync_api import Locator, Page, expect

from tests.conftest import PASSWORD, SLUG
from translate_app.services import articles

EDITOR = f"/articles/{SLUG}/ko/"
KOREAN = {
    2: "최근 나는 사업차 해외에 나와 있던 평양 중앙 엘리트 한 사람과 대화를 나누었다.",
    3: "그에게 자세히 설명해 달라고 하자, 그는 평양이 점점 지방처럼 되어 간다고 말했다.",
    4: "이론적으로 북한의 공공배급체계(PDS)는 모든 북한 주민의 식량 수요를 충족시킨다.",
}


def log_in(page: Page, name: str) -> None:
    page.goto("/login")
    page.locator("input[name=name]").fill(name)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".topbar .who")).to_contain_text(name)


SEPARATOR = 7  # the sample article's "*"


def open_editor(page: Page, name: str) -> None:
    log_in(page, name)
    page.goto(EDITOR)
    # 13 segments, less the "*" separator (position 7), which is not for translation.
    expect(page.locator("tr.segment")).to_have_count(12)


def row(page: Page, position: int) -> Locator:
    # Found by its position cell, so the locator still finds the row after htmx replaces it.
    return page.locator("tr.segment").filter(
        has=page.locator("td.pos", has_text=re.compile(rf"^{position}$"))
    )


def save_as_translated(page: Page, position: int, text: str) -> None:
    target = row(page, position)
    target.locator("textarea").fill(text)
    target.get_by_role("button", name="Save as translated").click()
    expect(target.locator(".badge")).to_have_text("Translated")


def stored(app, position: int) -> tuple[str | None, str, int]:
    """What the database holds for a segment: (text, state, revision)."""
    with app.app_context():
        st = articles.segment_translations(articles.get_article(SLUG), "ko")[position - 1]
        assert st.segment.position == position
        return st.text, st.state_enum.api_name, st.revision


def test_ctrl_enter_saves_as_translated_swaps_the_row_and_moves_on(page, live_app):
    open_editor(page, "translator")
    legend = page.locator(".editor-head .legend")
    expect(legend).to_contain_text("Untranslated")
    expect(legend.locator(".badge.state-translated")).to_have_count(0)
    # A full page load would wipe this; an htmx swap of one row keeps it.
    page.evaluate("window.__marker = 1")

    second = row(page, 2)
    box = second.locator("textarea")
    box.click()
    box.press_sequentially(KOREAN[2])
    box.press("Control+Enter")

    expect(second.locator(".badge")).to_have_text("Translated")
    expect(second).to_have_class(re.compile(r"\bstate-translated\b"))
    assert page.evaluate("window.__marker") == 1, "the page was reloaded instead of swapped"
    expect(row(page, 3).locator("textarea")).to_be_focused()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Translation of segment 3"
    )
    translated = legend.locator("li").filter(has=page.locator(".badge.state-translated"))
    expect(translated).to_contain_text("1 segment,")
    assert stored(live_app, 2) == (KOREAN[2], "translated", 1)

    page.reload()
    expect(row(page, 2).locator("textarea")).to_have_value(KOREAN[2])
    expect(row(page, 2).locator(".badge")).to_have_text("Translated")
    assert page.evaluate("window.__marker") is None


def test_stale_save_shows_both_texts_and_overwrites_nothing(open_page, live_app):
    first, second = open_page(), open_page()
    open_editor(first, "translator")
    open_editor(second, "editor")
    theirs, mine = KOREAN[2], "최근에 나는 평양의 중앙 엘리트 한 명과 이야기를 나누었다."

    save_as_translated(first, 2, theirs)

    stale = row(second, 2)
    stale.locator("textarea").fill(mine)
    stale.get_by_role("button", name="Save as translated").click()
    conflict = stale.locator(".conflict")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".theirs blockquote")).to_have_text(theirs)
    expect(conflict.locator(".mine blockquote")).to_have_text(mine)
    expect(stale.locator("textarea")).to_have_value(mine)
    # The refused row is based on the current revision, so a second save is deliberate.
    expect(stale.locator("input[name=base_revision]")).to_have_value("1")
    assert stored(live_app, 2) == (theirs, "translated", 1)

    first.reload()
    expect(row(first, 2).locator("textarea")).to_have_value(theirs)

    stale.get_by_role("button", name="Save as translated").click()
    expect(stale.locator(".conflict")).to_have_count(0)
    expect(stale.locator("textarea")).to_have_value(mine)
    assert stored(live_app, 2) == (mine, "translated", 2)


def test_editor_approves_and_publishes_a_bilingual_edition(open_page, live_app):
    translator = open_page()
    open_editor(translator, "translator")
    sources = {}
    for position, text in KOREAN.items():
        sources[position] = row(translator, position).locator("td.source").inner_text()
        save_as_translated(translator, position, text)

    editor = open_page()
    editor.on("dialog", lambda dialog: dialog.accept())
    open_editor(editor, "editor")
    expect(editor.locator("button.approve")).to_have_count(3)

    row(editor, 2).get_by_role("button", name="Approve", exact=True).click()
    expect(row(editor, 2).locator(".badge")).to_have_text("Approved")
    expect(editor.locator("button.approve")).to_have_count(2)

    editor.get_by_role("button", name="Approve all translated").click()
    expect(editor.locator(".flash")).to_have_text("Approved 2 segments.")
    # That was a fresh page load; Publish only works once htmx (a deferred script) runs.
    editor.wait_for_load_state("load")
    for position in KOREAN:
        expect(row(editor, position).locator(".badge")).to_have_text("Approved")
        assert stored(live_app, position) == (KOREAN[position], "approved", 1)

    editor.get_by_role("button", name="Publish").click()
    expect(editor).to_have_url(re.compile(rf"/read/{SLUG}/ko/1/$"))

    # The title heads the page; each of the twelve paragraphs below it is a row.
    pairs = editor.locator("section.row")
    expect(pairs).to_have_count(12)
    for position, text in KOREAN.items():
        pair = editor.locator(f"section.row#p{position}")
        expect(pair.locator(".source")).to_have_text(sources[position])
        expect(pair.locator(".source")).to_have_attribute("lang", "en")
        expect(pair.locator(".target")).to_have_text(text)
        expect(pair.locator(".target")).to_have_attribute("lang", "ko")
    expect(editor.locator("h1")).to_have_text(row(translator, 1).locator("td.source").inner_text())
    untranslated = [p for p in range(2, 14) if p not in KOREAN and p != SEPARATOR]
    for position in untranslated:
        # Worded in the edition's language, like the text it stands for.
        expect(editor.locator(f"section.row#p{position} .target")).to_have_text(
            "아직 번역되지 않음"
        )
    expect(editor.locator(".target.untranslated")).to_have_count(len(untranslated))
    # The separator is shown once, across both columns, and is not counted.
    expect(editor.locator(f"section.row#p{SEPARATOR} [role=separator]")).to_have_text("* * *")
    expect(editor.locator("footer")).to_contain_text("3 of 12 paragraphs translated.")


def test_translator_sees_no_approve_or_publish_buttons(open_page):
    translator = open_page()
    open_editor(translator, "translator")
    save_as_translated(translator, 2, KOREAN[2])
    translator.reload()
    expect(row(translator, 2).locator(".badge")).to_have_text("Translated")
    expect(translator.get_by_role("button", name=re.compile("Approve"))).to_have_count(0)
    expect(translator.get_by_role("button", name="Publish")).to_have_count(0)

    # The same page for an editor does show them, so the absence above is the role's doing.
    editor = open_page()
    open_editor(editor, "editor")
    expect(row(editor, 2).get_by_role("button", name="Approve", exact=True)).to_have_count(1)
    expect(editor.get_by_role("button", name="Approve all translated")).to_have_count(1)
    expect(editor.get_by_role("button", name="Publish")).to_have_count(1)
