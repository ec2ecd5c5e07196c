"""The content security policy in a real browser: the app works under it and breaks none of it."""

import re

from playwright.sync_api import Page, expect

from tests.conftest import SLUG

from .test_editor import KOREAN, open_editor, row, save_as_translated

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(
    `${location.pathname}: ${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def watch_policy(page: Page) -> list[str]:
    """Every violation the page reports, as an event or as a console message."""
    seen: list[str] = []
    page.expose_function("reportViolation", lambda text: seen.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            seen.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return seen


def test_editing_approving_publishing_and_reading_break_no_policy(page, live_app):
    violations = watch_policy(page)
    page.on("dialog", lambda dialog: dialog.accept())
    open_editor(page, "admin")
    assert "frame-ancestors 'none'" in page.evaluate(
        "fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )

    save_as_translated(page, 2, KOREAN[2])
    row(page, 2).get_by_role("button", name="Approve", exact=True).click()
    expect(row(page, 2).locator(".badge")).to_have_text("Approved")
    expect(page.locator(".editor-head .legend")).to_contain_text("Approved")

    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(re.compile(rf"/read/{SLUG}/ko/1/$"))
    expect(page.locator("section.row#p2 .target")).to_have_text(KOREAN[2])
    # The inline stylesheet applied: the rows are laid out as a two-column grid.
    assert page.locator("section.row#p2").evaluate("e => getComputedStyle(e).display") == "grid"
    page.goto(f"/articles/{SLUG}/ko/")
    expect(page.locator("tr.segment")).to_have_count(12)
    assert violations == []

    # The watch does see a violation when there is one: an inline style is refused.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    for _ in range(100):
        if violations:
            break
        page.wait_for_timeout(50)
    assert any("style-src" in v for v in violations), violations
