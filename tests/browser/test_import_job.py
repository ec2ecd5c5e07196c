"""Import through the browser: the form, the job page's progress bar polled by htmx, and
the link to the article, with a real ``translate-app worker`` beside the live server."""

import re

from playwright.sync_api import Page, expect

from tests.browser.test_editor import log_in
from tests.conftest import SEED

JOB_TIMEOUT_MS = 30_000


def test_an_upload_runs_as_a_job_and_links_to_the_article(page: Page, live_app, worker):
    log_in(page, "editor")
    page.get_by_role("link", name="Import an article").click()
    page.get_by_label("File").set_input_files(str(SEED))
    page.get_by_label("Target languages").fill("ko")
    page.get_by_label("Slug (optional)").fill("pyongyang-again")
    page.get_by_role("button", name="Preview the segments").click()
    # Nothing is imported until the preview is confirmed.
    expect(page.locator("table.preview tbody tr")).to_have_count(13)
    expect(page.locator("table.preview tr.untranslatable")).to_contain_text("Separator")
    page.get_by_role("button", name="Import 13 segments").click()

    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
    expect(page.locator("h1")).to_have_text("Import of provincialization-of-pyongyang.en.txt")
    job = page.locator("section.job")
    # The fragment polls itself until the worker is done, then stops.
    expect(job).to_have_attribute("data-status", "done", timeout=JOB_TIMEOUT_MS)
    expect(job).not_to_have_attribute("hx-trigger", re.compile("."))
    bar = job.get_by_role("progressbar", name="Progress")
    expect(bar).to_have_attribute("max", "13")
    expect(bar).to_have_attribute("value", "13")
    expect(job).to_contain_text("13 of 13 segments")
    message = "imported pyongyang-again: 13 segments, en -> ko"
    expect(job.get_by_role("status")).to_have_text(message)

    job.get_by_role("link", name="Open the article (en → ko)").click()
    expect(page).to_have_url(re.compile(r"/articles/pyongyang-again/ko/$"))
    expect(page.locator("tr.segment")).to_have_count(12)


def test_a_refused_form_shows_the_problem_at_once(page: Page, live_app):
    log_in(page, "editor")
    page.goto("/import")
    page.get_by_label("File").set_input_files(str(SEED))
    page.get_by_label("Source language").fill("xx")
    page.get_by_role("button", name="Preview the segments").click()
    expect(page).to_have_url(re.compile(r"/import$"))
    expect(page.get_by_role("alert")).to_contain_text("unknown language code 'xx'")
    expect(page.get_by_label("Source language")).to_have_value("xx")
