"""A new version of an article's source, uploaded in a real browser: five paragraphs
translated and three approved, then one paragraph changed, one inserted, one deleted and
two swapped. Whatever did not change stays approved; the changed one shows its diff."""

import re

from playwright.sync_api import Page, expect

from tests.browser.test_editor import log_in, row
from tests.conftest import SEED, SLUG
from translate_app.extensions import db
from translate_app.models import Article, User
from translate_app.services.articles import get_segment_translation, live_segments
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

KOREAN = ["번역 하나", "번역 둘", "번역 셋", "번역 넷", "번역 다섯"]


def translate_five_approve_three(app) -> list[str]:
    with app.app_context():
        article = db.session.query(Article).filter_by(slug=SLUG).one()
        translator = db.session.query(User).filter_by(name="translator").one()
        editor = db.session.query(User).filter_by(name="editor").one()
        paragraphs = [s for s in live_segments(article) if s.kind == "paragraph"][:5]
        for n, segment in enumerate(paragraphs):
            st = get_segment_translation(segment.id, "ko")
            save_translation(st, translator, text=KOREAN[n], base_revision=0, state="translated")
            if n < 3:
                approve_translation(st, editor)
        db.session.commit()
        sources = [s.source for s in paragraphs]
        db.session.remove()
    return sources


def test_a_revision_keeps_what_did_not_change(page: Page, live_app, tmp_path):
    p1, p2, p3, _, _ = translate_five_approve_three(live_app)
    blocks = SEED.read_text(encoding="utf-8").split("\n\n")
    assert blocks[1:4] == [p1, p2, p3]
    revised = list(blocks)
    revised[2] = p2.replace("he said that", "he said plainly that")  # approved: changed
    revised[1], revised[3] = p3, p1  # approved and approved: swapped
    revised.insert(9, "A paragraph the author added after translation began.")
    del revised[11]  # an untranslated paragraph deleted
    path = tmp_path / SEED.name
    path.write_text("\n\n".join(revised), encoding="utf-8")

    log_in(page, "editor")
    page.goto(f"/articles/{SLUG}/ko/")
    page.get_by_role("link", name="Source revisions").click()
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("button", name="Preview the changes").click()
    expect(page.locator("h1")).to_contain_text("Preview of revision 2")
    expect(page.locator(".counts")).to_have_text(
        "Unchanged: 10 · Moved: 1 · Edited: 1 · New: 1 · Deleted: 1"
    )
    expect(page.locator("li.change-edited ins")).to_contain_text("plainly")
    page.get_by_role("button", name="Confirm revision 2").click()

    expect(page).to_have_url(re.compile(rf"/articles/{SLUG}/revisions$"))
    expect(page.locator(".flash")).to_contain_text("Revision 2 of the source is in place.")
    page.get_by_role("link", name="Edit the Korean translation").click()
    # 13 segments less the separator.
    expect(page.locator("tr.segment")).to_have_count(12)
    expect(row(page, 2).locator("textarea")).to_have_value(KOREAN[2])
    expect(row(page, 2).locator(".badge")).to_have_text("Approved")
    expect(row(page, 4).locator("textarea")).to_have_value(KOREAN[0])
    expect(row(page, 4).locator(".badge")).to_have_text("Approved")
    changed = row(page, 3)
    expect(changed.locator("textarea")).to_have_value(KOREAN[1])
    expect(changed.locator(".badge")).to_have_text("Needs review")
    expect(changed.locator(".source-change ins")).to_contain_text("plainly")
    expect(row(page, 5).locator(".badge")).to_have_text("Translated")
    expect(row(page, 10).locator("td.source")).to_have_text(
        "A paragraph the author added after translation began."
    )
    expect(row(page, 10).locator(".badge")).to_have_text("Untranslated")
    page.screenshot(path="test-output/revision-editor.png", full_page=False)
