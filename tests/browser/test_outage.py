"""The database restarts while a translator is typing: the editor says so, keeps the text,
and the next Save works without reloading the page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_editor import KOREAN, open_editor, row
from tests.outage import own_postgres, seeded_app, versions
from tests.served import threaded_server
from translate_app.extensions import db

pytestmark = pytest.mark.postgresql_only

MESSAGE = "The database is not answering: your text is still in the box. Save again in a moment."


def test_save_during_a_database_restart_keeps_the_text_and_works_once_it_is_back(browser, tmp_path):
    with own_postgres() as database:
        app = seeded_app(database, tmp_path)
        with threaded_server(app) as url:
            context = browser.new_context(base_url=url, locale="en-US")
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            script_errors = []
            page.on("pageerror", lambda exc: script_errors.append(str(exc)))
            try:
                open_editor(page, "translator")
                page.evaluate("window.__marker = 1")
                second = row(page, 2)
                segment = int(second.get_attribute("id").removeprefix("segment-"))
                box, badge = second.locator("textarea"), second.locator(".badge")
                status = page.locator("#status")

                box.fill(KOREAN[2])
                second.get_by_role("button", name="Save as translated").click()
                expect(badge).to_have_text("Translated")

                database.stop("fast")
                edited = KOREAN[2] + " 그는 웃었다."
                box.fill(edited)
                second.get_by_role("button", name="Save as translated").click()
                expect(status).to_have_text(MESSAGE)
                expect(status).to_be_visible()
                expect(box).to_have_value(edited)
                expect(badge).to_have_text("Translated")
                expect(second.locator("input[name=base_revision]")).to_have_value("1")

                database.start()
                second.get_by_role("button", name="Save as translated").click()
                # The refusal is gone from the page; the live region tells of the save.
                expect(status).to_have_text("Segment 2 saved. State: Translated.")
                expect(status).not_to_have_class(re.compile(r"\bshown\b"))
                expect(second.locator("input[name=base_revision]")).to_have_value("2")
                expect(box).to_have_value(edited)
                expect(badge).to_have_text("Translated")
                assert page.evaluate("window.__marker") == 1, "the page was reloaded"
            finally:
                context.close()
        assert [text for _, text, _ in versions(app, segment)] == [KOREAN[2], edited]
        assert not script_errors
        with app.app_context():
            db.engine.dispose()
