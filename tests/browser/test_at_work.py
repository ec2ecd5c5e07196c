"""Translators and editors at work, in Chromium: autosave across a reload, conflicts
between two people, keyboard-only work, review with reasons, history, long articles
and the phone layout. Screenshots land in the git-ignored test-output/ folder."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import SLUG
from translate_app.extensions import db
from translate_app.services.accounts import create_user
from translate_app.services.importing import import_article

from .test_editor import EDITOR, KOREAN, log_in, open_editor, row, save_as_translated, stored

SHOTS = Path(__file__).resolve().parents[2] / "test-output"


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def focused_label(page: Page) -> str | None:
    return page.evaluate(
        "document.activeElement && document.activeElement.getAttribute('aria-label')"
    )


def test_an_autosaved_draft_survives_a_reload(page, live_app):
    open_editor(page, "translator")
    box = row(page, 3).locator("textarea")
    box.click()
    box.press_sequentially("아직 저장하지 않은 글")
    expect(row(page, 3).locator(".autosave-status")).to_contain_text("Draft kept")
    page.reload()
    expect(row(page, 3).locator("textarea")).to_have_value("아직 저장하지 않은 글")
    expect(row(page, 3).locator(".restored")).to_contain_text("Your unsaved text from")
    # Nothing was saved as a version: the draft is the translator's alone until saved.
    assert stored(live_app, 3) == (None, "untranslated", 0)
    row(page, 3).get_by_role("button", name="Save draft").click()
    expect(row(page, 3).locator(".badge")).to_have_text("Draft")
    page.reload()
    expect(row(page, 3).locator(".restored")).to_have_count(0)
    expect(row(page, 3).locator("textarea")).to_have_value("아직 저장하지 않은 글")


def test_a_conflict_shows_both_texts_and_every_choice_keeps_a_word(open_page, live_app):
    first, second = open_page(), open_page()
    open_editor(first, "translator")
    open_editor(second, "editor")
    save_as_translated(first, 2, KOREAN[2])

    mine = "최근에 나는 평양의 중앙 엘리트 한 명과 이야기를 나누었다."
    stale = row(second, 2)
    stale.locator("textarea").fill(mine)
    stale.get_by_role("button", name="Save as translated").click()
    conflict = stale.locator(".conflict")
    expect(conflict).to_contain_text("translator saved this segment at")
    expect(conflict.locator(".theirs blockquote")).to_have_text(KOREAN[2])
    expect(conflict.locator(".mine blockquote")).to_have_text(mine)
    expect(stale.locator("textarea")).to_be_focused()
    conflict.scroll_into_view_if_needed()
    shoot(second, "conflict")

    # Edit a merge: their text in the box, mine beside it; then keep the merge.
    conflict.get_by_role("button", name="Edit a merge").click()
    expect(stale.locator("textarea")).to_have_value(KOREAN[2])
    merged = KOREAN[2] + " (편집)"
    stale.locator("textarea").fill(merged)
    stale.get_by_role("button", name="Save as translated").click()
    expect(stale.locator(".conflict")).to_have_count(0)
    assert stored(live_app, 2) == (merged, "translated", 2)

    # The translator, still on revision 1, now meets the merge: keep theirs.
    row(first, 2).locator("textarea").fill("덮어쓰면 안 되는 글")
    row(first, 2).get_by_role("button", name="Save draft").click()
    expect(row(first, 2).locator(".conflict")).to_be_visible()
    row(first, 2).get_by_role("button", name="Keep theirs").click()
    expect(row(first, 2).locator(".conflict")).to_have_count(0)
    expect(row(first, 2).locator("textarea")).to_have_value(merged)
    assert stored(live_app, 2) == (merged, "translated", 2)

    # And keep mine, as a new version.
    row(second, 2).locator("textarea").fill("편집자의 마지막 글")
    row(first, 2).locator("textarea").fill("번역가의 마지막 글")
    row(first, 2).get_by_role("button", name="Save draft").click()
    expect(row(first, 2).locator(".badge")).to_have_text("Draft")
    row(second, 2).get_by_role("button", name="Save draft").click()
    row(second, 2).get_by_role("button", name="Keep mine, as a new version").click()
    expect(row(second, 2).locator(".conflict")).to_have_count(0)
    assert stored(live_app, 2) == ("편집자의 마지막 글", "translated", 4)


def test_keyboard_only_through_five_segments(page, live_app):
    open_editor(page, "translator")
    page.keyboard.press("Tab")
    row(page, 2).locator("textarea").focus()
    # Segment 7 is the "*" separator: not for translation, not a row; 6 leads to 8.
    following = {2: 3, 3: 4, 4: 5, 5: 6, 6: 8}
    for position in range(2, 7):
        assert focused_label(page) == f"Translation of segment {position}"
        page.keyboard.type(f"{position}번 문단의 번역")
        page.keyboard.press("Control+Enter")
        expect(row(page, position).locator(".badge")).to_have_text("Translated")
        expect(row(page, following[position]).locator("textarea")).to_be_focused()
    assert [stored(live_app, n)[1] for n in range(2, 7)] == ["translated"] * 5

    # Alt+Up goes back; Ctrl+Shift+C copies the source; Ctrl+S saves a draft and stays.
    page.keyboard.press("Alt+ArrowUp")
    expect(row(page, 6).locator("textarea")).to_be_focused()
    page.keyboard.press("Alt+ArrowDown")
    page.keyboard.press("Control+Shift+C")
    source = row(page, 8).locator(".source").inner_text().strip()
    expect(row(page, 8).locator("textarea")).to_have_value(source)
    page.keyboard.press("Control+s")
    expect(row(page, 8).locator(".badge")).to_have_text("Draft")
    expect(row(page, 8).locator("textarea")).to_be_focused()

    # An empty box does not move on: the error shows and focus stays with it.
    page.keyboard.press("Alt+ArrowDown")
    page.keyboard.press("Control+Enter")
    expect(row(page, 9).locator(".error")).to_contain_text("the translation is empty")
    expect(row(page, 9).locator("textarea")).to_be_focused()

    # A button keeps focus after its row is swapped.
    row(page, 5).get_by_role("button", name="Save draft").focus()
    page.keyboard.press("Enter")
    expect(row(page, 5).locator(".badge")).to_have_text("Draft")
    expect(row(page, 5).get_by_role("button", name="Save draft")).to_be_focused()

    # Alt+N jumps to the next segment with work left (8 is a draft, 9 untranslated).
    row(page, 6).locator("textarea").focus()
    page.keyboard.press("Alt+n")
    expect(row(page, 8).locator("textarea")).to_be_focused()

    # ? outside a box opens the list of shortcuts; Escape closes it, focus comes back.
    page.get_by_role("button", name="Filter").focus()
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Alt+N")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Filter")).to_be_focused()
    shoot(page, "editor")


def test_reject_with_a_reason_the_fix_and_a_second_person_approves(open_page, live_app):
    translator, editor, second = open_page(), open_page(), open_page()
    open_editor(translator, "translator")
    save_as_translated(translator, 2, KOREAN[2])

    log_in(editor, "editor")
    editor.goto(f"/articles/{SLUG}/ko/review")
    waiting = row(editor, 2)
    expect(waiting).to_contain_text(KOREAN[2])
    shoot(editor, "review-queue")
    waiting.locator("details.reject summary").click()
    waiting.locator("select[name=category]").select_option("terminology")
    waiting.locator("select[name=severity]").select_option("major")
    waiting.locator("input[name=note]").fill("PDS는 공공배급체계로")
    waiting.get_by_role("button", name="Reject", exact=True).click()
    expect(row(editor, 2).locator(".badge")).to_have_text("Rejected")

    translator.reload()
    reason = row(translator, 2).locator(".reason")
    expect(reason).to_contain_text("Rejected by editor")
    expect(reason).to_contain_text("Terminology")
    expect(reason).to_contain_text("PDS는 공공배급체계로")
    save_as_translated(translator, 2, KOREAN[2] + " 공공배급체계")
    expect(row(translator, 2).locator(".reason")).to_have_count(0)

    open_editor(second, "admin")
    row(second, 2).get_by_role("button", name="Approve", exact=True).click()
    expect(row(second, 2).locator(".badge")).to_have_text("Approved")
    assert stored(live_app, 2)[1] == "approved"


def test_an_editor_cannot_approve_their_own_version_and_is_told_why(page, live_app):
    open_editor(page, "editor")
    save_as_translated(page, 3, KOREAN[3])
    page.on("dialog", lambda dialog: dialog.accept())
    row(page, 3).get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator("#status")).to_contain_text("you wrote this version")
    expect(row(page, 3).locator(".badge")).to_have_text("Translated")


def test_history_shows_the_changes_and_restores_a_version(page, live_app):
    open_editor(page, "translator")
    save_as_translated(page, 4, "평양의 배급")
    save_as_translated(page, 4, "평양은 배급")
    target = row(page, 4)
    # The badge already said Translated before the second save: wait for its row.
    expect(target.locator("input[name=base_revision]")).to_have_value("2")
    expect(target.locator(".changed")).to_contain_text("Last changed by translator")
    target.get_by_role("button", name="History").click()
    panel = target.locator(".history")
    expect(panel.locator("li")).to_have_count(2)
    expect(panel.locator("li").first.locator("del")).to_have_text("의")
    expect(panel.locator("li").first.locator("ins")).to_have_text("은")
    target.scroll_into_view_if_needed()
    shoot(page, "history")
    panel.get_by_role("button", name="Restore this version").click()
    expect(row(page, 4).locator("textarea")).to_have_value("평양의 배급")
    assert stored(live_app, 4) == ("평양의 배급", "translated", 3)


@pytest.fixture
def long_app(live_app):
    with live_app.app_context():
        text = "\n\n".join(["A very long article", *(f"Paragraph {n}." for n in range(1, 2000))])
        import_article(text.encode(), "long.en.txt", source_lang="en", target_langs=["ko"])
        db.session.commit()
        db.session.remove()
    return live_app


def test_a_2000_segment_article_scrolls_to_its_end(page, long_app):
    log_in(page, "translator")
    page.goto("/articles/long/ko/")
    expect(page.locator("tr.segment")).to_have_count(50)
    for _ in range(200):
        if page.locator("tr.more").count() == 0:
            break
        # Scrolled to the bottom, as a reader would: the last row loads the next page.
        page.mouse.wheel(0, 20000)
        page.wait_for_timeout(50)
    expect(page.locator("tr.segment")).to_have_count(2000)
    expect(page.locator("tr.segment").last.locator(".source")).to_have_text("Paragraph 1999.")
    # Ctrl+Enter on the last row stays there: no focus lost to the page.
    last = page.locator("tr.segment").last.locator("textarea")
    last.fill("마지막")
    last.press("Control+Enter")
    expect(page.locator("tr.segment").last.locator(".badge")).to_have_text("Translated")
    expect(page.locator("tr.segment").last.locator("textarea")).to_be_focused()


def test_ctrl_enter_at_the_end_of_a_page_loads_the_next_one(page, long_app):
    log_in(page, "translator")
    page.goto("/articles/long/ko/?q=Paragraph")
    expect(page.locator("tr.segment")).to_have_count(50)
    fiftieth = page.locator("tr.segment").nth(49).locator("textarea")
    fiftieth.fill("오십")
    fiftieth.press("Control+Enter")
    expect(page.locator("tr.segment").nth(50).locator("textarea")).to_be_focused()


def test_the_filter_stays_in_the_address(page, live_app):
    open_editor(page, "translator")
    page.get_by_label("Search source and translation").fill("Pyongyang")
    expect(page).to_have_url(re.compile(r"q=Pyongyang"))
    count = page.locator("tr.segment").count()
    assert 0 < count < 13
    page.reload()
    expect(page.locator("tr.segment")).to_have_count(count)


def test_presence_names_the_others(open_page, live_app):
    first, second = open_page(), open_page()
    open_editor(first, "translator")
    open_editor(second, "editor")
    expect(second.locator(".presence")).to_have_text("Also here: translator")


def test_on_a_phone_the_source_is_above_the_translation(open_page, live_app):
    page = open_page()
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, "translator")
    page.goto(EDITOR)
    source = row(page, 2).locator(".source").bounding_box()
    target = row(page, 2).locator(".target").bounding_box()
    assert target["y"] >= source["y"] + source["height"] - 1
    assert source["width"] > 300 and target["width"] > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "editor-phone")


def test_a_korean_only_translator_is_refused_japanese(page, live_app):
    with live_app.app_context():
        import_article(
            b"Title\n\nOne paragraph.", "ja.en.txt", source_lang="en", target_langs=["ja"]
        )
        create_user("mina", "translator", "correct-horse-battery", ["ko"])
        db.session.commit()
        db.session.remove()
    log_in(page, "mina")
    page.goto("/articles/ja/ja/")
    row(page, 2).locator("textarea").fill("翻訳")
    row(page, 2).get_by_role("button", name="Save draft").click()
    expect(page.locator("#status")).to_contain_text("you work on ko only, not ja")
    expect(row(page, 2).locator("textarea")).to_have_value("翻訳")


def test_comments_thread_mention_and_resolve(open_page, live_app):
    translator, editor = open_page(), open_page()
    open_editor(translator, "translator")
    target = row(translator, 2)
    target.get_by_role("button", name="Comments").click()
    panel = target.locator("section.comments")
    panel.locator("textarea[name=text]").fill("@editor PDS는 어떻게 옮길까요?")
    panel.get_by_role("button", name="Comment", exact=True).click()
    expect(target.locator(".comment-text")).to_contain_text("PDS는 어떻게 옮길까요?")
    expect(target.locator(".mention")).to_have_text("@editor")
    # Typing a comment is not typing a translation: no draft kept, nothing saved.
    expect(target.locator(".autosave-status")).to_have_text("")

    log_in(editor, "editor")
    editor.goto("/mentions")
    expect(editor.locator(".comment-text")).to_contain_text("PDS는 어떻게 옮길까요?")
    editor.goto(EDITOR)
    erow = row(editor, 2)
    erow.get_by_role("button", name="Comments (1 open)").click()
    erow.locator("input[name=text]").fill("공공배급체계로 옮겨 주세요")
    erow.get_by_role("button", name="Reply").click()
    expect(erow.locator(".reply .comment-text")).to_have_text("공공배급체계로 옮겨 주세요")
    erow.get_by_role("button", name="Resolve").click()
    expect(erow.locator(".thread.resolved")).to_have_count(1)
    erow.get_by_role("button", name="Close").click()
    expect(erow.locator("section.comments")).to_have_count(0)
    assert stored(live_app, 2) == (None, "untranslated", 0)
