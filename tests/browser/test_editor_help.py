"""Help while translating, in a real browser: the memory's matches appear beside the
focused segment and go into the box with a click or Ctrl+Shift+number; a glossary term in
the source puts its translation at the caret; the save records where the text came from."""

import re

from playwright.sync_api import Page, expect

from tests.browser.test_editor import log_in, row
from tests.mt_servers import FakeProvider
from translate_app.extensions import db
from translate_app.models import Article, TranslationVersion, User
from translate_app.services import glossary
from translate_app.services.articles import get_segment_translation, live_segments
from translate_app.services.importing import import_article
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

KOREAN = (
    "최근 나는 사업차 해외에 나와 있던 평양 중앙 엘리트 한 사람과 대화를 나누었다. "
    "그는 오랜 친구이며, 그의 정보는 정확하고 믿을 만한 것으로 드러났다."
)
SECOND = "a-second-look"


def remember_one_and_start_a_second_article(app) -> str:
    """Paragraph 2 of the sample approved; a second article repeating it, edited."""
    with app.app_context():
        article = db.session.query(Article).filter_by(slug="provincialization-of-pyongyang").one()
        translator = db.session.query(User).filter_by(name="translator").one()
        editor = db.session.query(User).filter_by(name="editor").one()
        segment = live_segments(article)[1]
        st = get_segment_translation(segment.id, "ko")
        save_translation(st, translator, text=KOREAN, base_revision=0, state="translated")
        approve_translation(st, editor)
        glossary.add_term(editor, "en", "ko", source="Pyongyang", target="평양")
        repeated = segment.source.replace("Recently", "Last month")
        text = f"A second look\n\n{repeated}\n\nIn Pyongyang, prices rose again."
        import_article(text.encode(), f"{SECOND}.txt", source_lang="en", target_langs=["ko"])
        db.session.commit()
        db.session.remove()
        return repeated


def test_a_match_goes_into_the_box_and_the_save_says_it_came_from_memory(page: Page, live_app):
    remember_one_and_start_a_second_article(live_app)
    log_in(page, "translator")
    page.goto(f"/articles/{SECOND}/ko/")
    target = row(page, 2)
    target.locator("textarea").focus()
    match = target.locator(".suggestions .match").first
    expect(match.locator(".score")).to_have_text(re.compile(r"^(9\d|[5-8]\d)%$"))
    expect(match.locator(".match-source del")).to_have_text("Recently")
    expect(match.locator(".match-source ins")).to_have_text("Last month")
    page.keyboard.press("Control+Shift+Digit1")
    expect(target.locator("textarea")).to_have_value(KOREAN)
    target.get_by_role("button", name="Save as translated").click()
    expect(target.locator(".badge")).to_have_text("Translated")
    with live_app.app_context():
        version = (
            db.session.query(TranslationVersion).order_by(TranslationVersion.id.desc()).first()
        )
        assert (version.origin, version.suggestion, version.text) == ("memory", KOREAN, KOREAN)
        assert re.fullmatch(r"memory \d+%", version.origin_detail)
        db.session.remove()


def test_a_click_on_a_term_puts_its_translation_at_the_caret(page: Page, live_app):
    remember_one_and_start_a_second_article(live_app)
    log_in(page, "translator")
    page.goto(f"/articles/{SECOND}/ko/")
    target = row(page, 3)
    term = target.locator("td.source button.term")
    expect(term).to_have_text("Pyongyang")
    expect(term).to_have_attribute("title", re.compile("^평양 "))
    box = target.locator("textarea")
    box.fill("에서 물가가 다시 올랐다.")
    box.evaluate("box => box.setSelectionRange(0, 0)")
    term.click()
    expect(box).to_have_value("평양에서 물가가 다시 올랐다.")
    target.get_by_role("button", name="Save as translated").click()
    expect(target.locator(".badge")).to_have_text("Translated")
    expect(target.locator(".findings")).to_have_count(0)


def test_a_machine_translation_goes_into_the_box_and_is_saved_as_such(page: Page, live_app):
    server = FakeProvider("libretranslate").start()
    try:
        live_app.config["LIBRETRANSLATE_URL"] = server.url
        log_in(page, "translator")
        page.goto("/articles/provincialization-of-pyongyang/ko/")
        target = row(page, 3)
        target.locator("textarea").focus()
        suggestion = target.locator(".suggestions .machine .match")
        expect(suggestion.locator(".match-origin")).to_have_text(
            "machine translation · LibreTranslate"
        )
        # The memory is empty: the provider's suggestion is the first, Ctrl+Shift+1.
        page.keyboard.press("Control+Shift+Digit1")
        box = target.locator("textarea")
        expect(box).to_have_value(re.compile(r"^libretranslate en>ko: "))
        box.press("End")
        box.press_sequentially(" 끝")
        target.get_by_role("button", name="Save as translated").click()
        expect(target.locator(".badge")).to_have_text("Translated")
    finally:
        server.stop()
    with live_app.app_context():
        version = (
            db.session.query(TranslationVersion).order_by(TranslationVersion.id.desc()).first()
        )
        assert (version.origin, version.origin_detail) == ("mt", "LibreTranslate")
        assert version.text == version.suggestion + " 끝"
        assert len(server.requests) == 1
        db.session.remove()
