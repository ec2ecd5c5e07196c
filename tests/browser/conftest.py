"""The app served over real HTTP and driven in Debian's Chromium through Playwright."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from translate_app.extensions import db

from ..served import threaded_server

CHROMIUM = Path("/usr/bin/chromium")
# No sandbox (containers, root), no GPU, and nothing that reaches for the network
# on its own: the tests must run on a machine with no internet access.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@pytest.fixture
def live_app(app, users, article):
    """The test app with one user per role and the seed article, to be served over HTTP."""
    # The server's threads open sessions of their own; this one has nothing left to do.
    db.session.remove()
    return app


@pytest.fixture
def live_server(live_app) -> Iterator[str]:
    """Base URL of ``live_app`` served by a threaded WSGI server on a free port."""
    with threaded_server(live_app) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            "package (apt-get install chromium, or `make setup`)",
            pytrace=False,
        )
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def open_page(browser: Browser, live_server: str) -> Iterator[Callable[[], Page]]:
    """Open a page in a fresh context (its own cookies, so its own login) on the live server.

    Uncaught script errors on any of these pages fail the test: an editor whose
    JavaScript broke can still look right in a screenshot.
    """
    contexts = []
    script_errors: list[str] = []

    def open_() -> Page:
        context = browser.new_context(base_url=live_server, locale="en-US")
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: script_errors.append(f"{page.url}: {exc}"))
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not script_errors, "uncaught script errors:\n" + "\n".join(script_errors)


@pytest.fixture
def page(open_page: Callable[[], Page]) -> Page:
    return open_page()
