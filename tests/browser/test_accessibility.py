"""WCAG 2.1 AA on every page type, checked by axe-core in Chromium: in English and in
Korean, at a desktop width and at a phone's. Any violation, of any impact, fails."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PASSWORD, SLUG
from translate_app.extensions import db
from translate_app.services import comments, jobs
from translate_app.services.articles import get_segment_translation
from translate_app.services.reviewing import approve_translation, reject_translation
from translate_app.services.translating import save_translation

from .axe import assert_accessible, lang_gaps, violations
from .conftest import TIMEOUT_MS

EDITOR = f"/articles/{SLUG}/ko/"
WIDTHS = (1280, 375)
NARROWEST = 320
NOT_FOUND_KO = "문제가 발생했습니다"
LOCALES = {"en": "en-US", "ko": "ko-KR"}
KOREAN = {
    1: "평양의 지방화",
    2: "최근 나는 사업차 해외에 나와 있던 평양 중앙 엘리트 한 사람과 대화를 나누었다.",
    3: "그에게 자세히 설명해 달라고 하자, 그는 평양이 점점 지방처럼 되어 간다고 말했다.",
    4: "이론적으로 북한의 공공배급체계(PDS)는 모든 북한 주민의 식량 수요를 충족시킨다.",
}


@pytest.fixture
def live_app(app, users, article, ctx):
    """Every state on the page: approved, translated, rejected, draft, untranslated; two
    editions (for the diff), a comment with a mention, a finished export job."""
    sts = {p: get_segment_translation(article.segments[p - 1].id, "ko") for p in KOREAN}
    for position, text in KOREAN.items():
        save_translation(
            sts[position], users["translator"], text=text, base_revision=0, state="translated"
        )
    approve_translation(sts[1], users["editor"])
    approve_translation(sts[2], users["editor"])
    db.session.commit()
    cli = app.test_cli_runner()
    assert cli.invoke(args=["publish", SLUG, "--user", "editor"]).exit_code == 0
    approve_translation(sts[3], users["editor"])
    reject_translation(
        sts[4], users["editor"], category="accuracy", severity="major", note="PDS 번역 확인"
    )
    save_translation(
        get_segment_translation(article.segments[4].id, "ko"),
        users["translator"],
        text="초안",
        base_revision=0,
        state="draft",
    )
    comments.add_comment(sts[2], users["translator"], "@editor 이 문장 확인 부탁합니다")
    job = jobs.create_export_job(users["editor"])
    db.session.commit()
    assert cli.invoke(args=["publish", SLUG, "--user", "editor"]).exit_code == 0
    app.config["A11Y_JOB"] = job.id
    db.session.remove()
    return app


@pytest.fixture
def visit(browser: Browser, live_server: str) -> Callable[[str, str | None], Page]:
    contexts = []

    def open_(ui: str, user: str | None) -> Page:
        context = browser.new_context(base_url=live_server, locale=LOCALES[ui])
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if user:
            page.goto("/login")
            page.locator("input[name=name]").fill(user)
            page.locator("input[name=password]").fill(PASSWORD)
            page.locator("form.login button[type=submit]").click()
            expect(page.locator(".topbar .who")).to_contain_text(user)
        return page

    yield open_
    for context in contexts:
        context.close()


def check_widths(page: Page, where: str) -> None:
    """axe at both widths, every text in the language its ``lang`` says, and no sideways
    scrolling at 320 pixels."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"{where} at {width}px")
    gaps = lang_gaps(page)
    assert not gaps, f"text in the wrong lang on {where}:\n" + "\n".join(gaps)
    # 320 CSS pixels (a 1280-pixel window at 400%): no sideways scrolling of the page.
    page.set_viewport_size({"width": NARROWEST, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST, where


PAGES = {
    # name: (user, path)
    "login": (None, "/login"),
    "articles": ("translator", "/"),
    "editor-translator": ("translator", EDITOR),
    "editor-editor": ("editor", EDITOR),
    "recent-changes": ("editor", f"/articles/{SLUG}/ko/changes"),
    "review-queue": ("editor", f"/articles/{SLUG}/ko/review"),
    "quality-report": ("editor", f"/articles/{SLUG}/ko/quality"),
    "revisions": ("editor", f"/articles/{SLUG}/revisions"),
    "upload": ("translator", f"/articles/{SLUG}/ko/upload"),
    "mentions": ("editor", "/mentions"),
    "memory": ("editor", "/memory"),
    "glossary": ("editor", "/glossary"),
    "import": ("editor", "/import"),
    "import-aligned": ("editor", "/import/aligned"),
    "accounts": ("admin", "/admin/users"),
    "audit-log": ("admin", "/admin/audit"),
    "reading-index": (None, "/read/"),
    "reading-side-by-side": (None, f"/read/{SLUG}/ko/"),
    "reading-interleaved": (None, f"/read/{SLUG}/ko/?layout=interleaved"),
    "reading-target-only": (None, f"/read/{SLUG}/ko/?layout=target-only"),
    "reading-editions": (None, f"/read/{SLUG}/ko/editions/"),
    "reading-diff": (None, f"/read/{SLUG}/ko/diff/1/2/"),
    "not-found": (None, "/no/such/page"),
    "not-found-logged-in": ("translator", "/no/such/page"),
}


@pytest.mark.parametrize("ui", LOCALES)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_passes_axe(visit, live_app, name, ui):
    user, path = PAGES[name]
    page = visit(ui, user)
    response = page.goto(path)
    if name.startswith("not-found"):
        # The app's own page, in the reader's language, with a way back.
        assert response.status == 404
        expect(page.locator("main h1")).to_have_text(
            {"en": "Something is not right", "ko": NOT_FOUND_KO}[ui]
        )
        expect(page.locator("main a")).to_have_count(1)
    check_widths(page, f"{name} ({ui})")


@pytest.mark.parametrize("ui", LOCALES)
def test_the_job_page_passes_axe(visit, live_app, ui):
    page = visit(ui, "editor")
    page.goto(f"/jobs/{live_app.config['A11Y_JOB']}")
    check_widths(page, f"job ({ui})")


def test_axe_finds_a_planted_violation(visit, live_app):
    """The checks above can fail: a white-on-yellow line and an unlabelled box are found."""
    page = visit("en", None)
    page.goto("/login")
    page.evaluate(
        """() => {
      const p = document.createElement("p");
      p.textContent = "faint";
      p.setAttribute("class", "planted");
      p.style.color = "#ffffff"; p.style.background = "#f0b429";
      document.querySelector("main").append(p, document.createElement("textarea"));
    }"""
    )
    found = {v["id"] for v in violations(page)}
    assert {"color-contrast", "label"} <= found
