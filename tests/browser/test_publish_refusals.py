"""A refused publish says why in the status line, in the server's words, and stays put."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.test_editor import EDITOR, open_editor
from tests.conftest import SLUG
from translate_app.extensions import db
from translate_app.services import accounts, articles
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation


def test_refusals_of_publish_are_announced_in_the_status_line(page, live_app, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    open_editor(page, "editor")
    page.wait_for_load_state("load")
    status = page.locator("#status")
    page.get_by_role("button", name="Publish").click()
    expect(status).to_have_text(
        f"nothing in {SLUG} is approved in ko yet; approve at least one segment before publishing"
    )
    expect(page).to_have_url(f"{page.url.split(EDITOR)[0]}{EDITOR}")
    assert page.get_by_role("button", name="Publish").inner_text() == "Publish"

    with live_app.app_context():
        st = articles.segment_translations(articles.get_article(SLUG), "ko")[1]
        save_translation(
            st, accounts.get_user("translator"), text="번역", base_revision=0, state="translated"
        )
        approve_translation(st, accounts.get_user("editor"))
        db.session.commit()
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    live_app.config["EDITIONS_DIR"] = str(blocker / "editions")
    page.get_by_role("button", name="Publish").click()
    expect(status).to_contain_text(f"could not write to the editions folder {blocker / 'editions'}")
    expect(status).to_contain_text("[Errno 20] Not a directory")
    assert not Path(blocker / "editions").exists()
