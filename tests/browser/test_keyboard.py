"""The editor with the keyboard only, as a translator and an editor who use no mouse:
where focus is after every action, and what the page's live region says about it."""

import re

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

from .test_editor import EDITOR, KOREAN, row

NEXT_BOX = "Translation of segment %d"


def focused(page: Page) -> str:
    """The focused element as a person hears it: its label, or its role and text."""
    return page.evaluate(
        """() => { const a = document.activeElement;
        const row = a.closest("tr.segment");
        const where = row ? " in segment " + row.querySelector("td.pos").textContent.trim() : "";
        const label = a.labels && a.labels.length ? a.labels[0].textContent.trim() : "";
        return (a.getAttribute("aria-label") || label ||
                a.tagName.toLowerCase() + " " + a.textContent.trim()) + where; }"""
    )


def log_in_by_keyboard(page: Page, name: str) -> None:
    page.goto("/login")
    # The name box takes focus on its own (once the page has run its autofocus): type,
    # Tab, type, Enter.
    expect(page.locator("input[name=name]")).to_be_focused()
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".topbar .who")).to_contain_text(name)


def tab_to(page: Page, wanted: str, *, limit: int = 80, back: bool = False) -> int:
    """Press Tab (or Shift+Tab) until ``wanted`` has focus; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if focused(page) == wanted:
            return presses
    raise AssertionError(f"{wanted!r} not reached in {limit} presses; at {focused(page)!r}")


def expect_said(page: Page, text: str) -> None:
    expect(page.locator("#status")).to_have_text(text)


def test_translate_save_and_approve_three_segments_without_the_mouse(open_page, live_app):
    translator = open_page()
    log_in_by_keyboard(translator, "translator")
    translator.goto(EDITOR)
    expect(translator.locator("tr.segment")).to_have_count(12)
    status = translator.locator("#status")
    expect(status).to_have_attribute("role", "status")

    # Alt+N: the first segment with work to do.
    translator.keyboard.press("Alt+n")
    assert focused(translator) == NEXT_BOX % 1 + " in segment 1"
    translator.keyboard.type("평양의 지방화")
    # Ctrl+Enter saves as translated and moves on at once.
    translator.keyboard.press("Control+Enter")
    assert focused(translator) == NEXT_BOX % 2 + " in segment 2"
    expect(row(translator, 1).locator(".badge")).to_have_text("Translated")
    expect_said(translator, "Segment 1 saved. State: Translated.")
    assert focused(translator) == NEXT_BOX % 2 + " in segment 2"
    # What a screen reader is given (Chromium's accessibility tree): the news in a status
    # region, the row's box by its name, and the state in words beside it.
    assert (
        translator.locator("main")
        .aria_snapshot()
        .startswith('- main:\n  - status: "Segment 1 saved. State: Translated."')
    )
    tree = row(translator, 1).aria_snapshot()
    assert '- textbox "Translation of segment 1": 평양의 지방화' in tree
    assert "- text: Translated" in tree

    # Ctrl+S keeps a draft and stays in the box, after the row is swapped.
    translator.keyboard.type(KOREAN[2])
    translator.keyboard.press("Control+s")
    expect(row(translator, 2).locator(".badge")).to_have_text("Draft")
    expect_said(translator, "Segment 2 saved. State: Draft.")
    assert focused(translator) == NEXT_BOX % 2 + " in segment 2"

    # Save as translated, reached with Tab: focus comes back to that button.
    presses = tab_to(translator, "button Save as translated in segment 2")
    assert presses <= 4, "the row's save buttons follow its box"
    translator.keyboard.press("Enter")
    expect(row(translator, 2).locator(".badge")).to_have_text("Translated")
    expect_said(translator, "Segment 2 saved. State: Translated.")
    expect(row(translator, 2).get_by_role("button", name="Save as translated")).to_be_focused()

    # The toolbar's button does what Alt+N does.
    translator.keyboard.press("Alt+n")
    assert focused(translator) == NEXT_BOX % 3 + " in segment 3"
    translator.keyboard.type(KOREAN[3])
    translator.keyboard.press("Control+Shift+Enter")
    expect(row(translator, 3).locator(".badge")).to_have_text("Translated")
    expect_said(translator, "Segment 3 saved. State: Translated.")
    assert focused(translator) == NEXT_BOX % 3 + " in segment 3"
    summary = translator.locator(".editor-head .progress-summary")
    expect(summary).to_have_text("0 of 12 segments approved")

    # The editor approves the three, one Enter each: focus goes on to the next Approve.
    editor = open_page()
    log_in_by_keyboard(editor, "editor")
    editor.goto(EDITOR)
    tab_to(editor, "button Approve in segment 1", limit=120)
    for position in (1, 2, 3):
        editor.keyboard.press("Enter")
        expect(row(editor, position).locator(".badge")).to_have_text("Approved")
        expect_said(editor, f"Segment {position} approved. State: Approved.")
        if position < 3:
            expect(row(editor, position + 1).get_by_role("button", name="Approve")).to_be_focused()
    # Nothing left to approve below: back in the last approved row's box.
    expect(row(editor, 3).locator("textarea")).to_be_focused()
    expect(editor.locator(".editor-head .progress-summary")).to_have_text(
        "3 of 12 segments approved"
    )


def saved_under_the_other(open_page, position: int) -> Page:
    """Two translators open the editor; the first saves ``position``. The second's page,
    opened before that save, is returned."""
    first, second = open_page(), open_page()
    for page in (first, second):
        log_in_by_keyboard(page, "translator")
        page.goto(EDITOR)
    row(first, position).locator("textarea").fill(KOREAN[position])
    row(first, position).get_by_role("button", name="Save as translated").click()
    expect(row(first, position).locator(".badge")).to_have_text("Translated")
    return second


def test_refusals_put_focus_in_the_box_and_are_announced(open_page, live_app):
    second = saved_under_the_other(open_page, 2)

    # A stale save (409): both texts are shown, focus is in the box that holds mine.
    stale = row(second, 2)
    stale.locator("textarea").focus()
    second.keyboard.type("내 번역")
    second.keyboard.press("Control+Shift+Enter")
    expect(stale.locator(".conflict")).to_be_visible()
    expect_said(
        second,
        "Segment 2 was not saved: someone else saved it first. Both texts are shown; "
        "yours is still in the box.",
    )
    expect(stale.locator("textarea")).to_be_focused()
    expect(stale.locator("textarea")).to_have_value("내 번역")
    expect(second.locator("#status")).to_have_class(re.compile(r"\bshown\b"))

    # A refused save (422): an empty box saved as translated.
    refused = row(second, 4)
    refused.locator("textarea").focus()
    second.keyboard.press("Control+Shift+Enter")
    expect(refused.locator("p.error")).to_have_text("the translation is empty")
    expect_said(second, "Segment 4: the translation is empty. Your text is still in the box.")
    expect(refused.locator("textarea")).to_be_focused()

    # Ctrl+Enter in the article's last row: focus stays in that row's box.
    last = second.locator("tr.segment").last
    last.locator("textarea").focus()
    second.keyboard.type("끝")
    second.keyboard.press("Control+Enter")
    expect(last.locator(".badge")).to_have_text("Translated")
    expect(last.locator("textarea")).to_be_focused()


def test_focus_is_never_hidden_and_never_trapped(page, live_app):
    log_in_by_keyboard(page, "editor")
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(EDITOR)
    # Forward through the first rows, then all the way back to the top.
    seen = []
    for back in (False, True):
        for _ in range(60):
            page.keyboard.press("Shift+Tab" if back else "Tab")
            # The focused element is in the window, whole (unless taller than it), and
            # the element at its middle is that element: nothing sticky covers it.
            state = page.evaluate(
                """() => { const a = document.activeElement;
                if (a === document.body) return "body";
                const r = a.getBoundingClientRect();
                const tall = r.height > innerHeight;
                const whole = r.top >= -1 && (r.bottom <= innerHeight + 1 || tall);
                const x = r.left + Math.min(r.width / 2, 10);
                const y = Math.max(r.top, 0) + Math.min(r.height, innerHeight) / 2;
                const hit = document.elementFromPoint(x, y);
                const on = hit && (hit === a || a.contains(hit) || hit.contains(a));
                return whole && on ? "visible" : "hidden: " + a.outerHTML.slice(0, 60) +
                  JSON.stringify([r.top, r.bottom, innerHeight]); }"""
            )
            seen.append(state)
    hidden = [s for s in seen if s.startswith("hidden")]
    assert not hidden, hidden
    # Back at the top: Shift+Tab went out of every row, so nothing held focus.
    assert seen.count("visible") >= 100


def test_a_rejection_by_keyboard_is_announced_and_moves_on(open_page, live_app):
    translator = open_page()
    log_in_by_keyboard(translator, "translator")
    translator.goto(EDITOR)
    for position in (2, 3):
        row(translator, position).locator("textarea").fill(KOREAN[position])
        row(translator, position).get_by_role("button", name="Save as translated").click()
        expect(row(translator, position).locator(".badge")).to_have_text("Translated")

    editor = open_page()
    log_in_by_keyboard(editor, "editor")
    editor.goto(EDITOR)
    tab_to(editor, "summary Reject… in segment 2", limit=120)
    editor.keyboard.press("Enter")
    # Error category and severity keep their first choices; then the note.
    assert tab_to(editor, "Note in segment 2", limit=4) == 3
    editor.keyboard.type("PDS를 풀어 쓸 것")
    editor.keyboard.press("Tab")
    assert focused(editor) == "button Reject in segment 2"
    editor.keyboard.press("Enter")
    expect(row(editor, 2).locator(".badge")).to_have_text("Rejected")
    expect_said(editor, "Segment 2 rejected. State: Rejected.")
    expect(row(editor, 2).locator(".reason-note")).to_have_text("PDS를 풀어 쓸 것")
    expect(row(editor, 3).get_by_role("button", name="Approve")).to_be_focused()


def test_the_first_tab_stop_skips_the_top_bar(page, live_app):
    log_in_by_keyboard(page, "translator")
    page.goto(EDITOR)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, "the skip link shows when it has focus"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab is inside the page's content, past every link of the top bar.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_a_draft_that_cannot_be_kept_is_announced(open_page, live_app):
    second = saved_under_the_other(open_page, 3)
    # The second page still has revision 0: its autosave is refused as stale.
    row(second, 3).locator("textarea").focus()
    second.keyboard.type("늦은 초안")
    meanwhile = "Someone saved this segment meanwhile: save to see both texts."
    expect(row(second, 3).locator(".autosave-status")).to_have_text(meanwhile)
    expect_said(second, meanwhile)
    expect(row(second, 3).locator("textarea")).to_be_focused()


def test_the_help_lists_every_shortcut_and_gives_focus_back(page, live_app):
    log_in_by_keyboard(page, "translator")
    page.goto(EDITOR)
    row(page, 2).locator("textarea").focus()
    page.keyboard.press("Shift+Tab")  # out of the box: ? types a question mark in it
    opener = page.evaluate("document.activeElement.outerHTML")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    keys = [" ".join(k.split()) for k in dialog.locator("th").all_inner_texts()]
    assert keys == [
        "Ctrl+Enter",
        "Ctrl+Shift+Enter",
        "Ctrl+S",
        "Ctrl+Shift+C",
        "Ctrl+1…9",
        "Ctrl+Shift+1…9",
        "Alt+↑ / Alt+↓",
        "Alt+N",
        "?",
        "Esc",
    ]
    # Focus is inside the dialog while it is open, and Escape gives it back.
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.evaluate("document.activeElement.outerHTML") == opener
