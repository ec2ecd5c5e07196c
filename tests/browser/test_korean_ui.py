"""The interface switched to Korean in Chromium: the switcher on the login page, the
choice kept through the login, and the editor's script speaking Korean too."""

from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .test_at_work import shoot
from .test_editor import EDITOR, row


def test_switch_to_korean_before_login_and_work_in_korean(page, live_app):
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator(".language-switch select").select_option("ko")
    page.locator(".language-switch button").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("h1")).to_have_text("로그인")
    shoot(page, "login-in-korean")
    page.get_by_label("사용자 이름").fill("translator")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.locator(".topbar")).to_contain_text("번역가")
    expect(page.locator("table.articles")).to_contain_text("영어 → 한국어")
    shoot(page, "articles-in-korean")
    page.goto(EDITOR)
    box = row(page, 3).locator("textarea")
    box.click()
    box.press_sequentially("초안")
    expect(row(page, 3).locator(".autosave-status")).to_contain_text("초안 보관됨")
    expect(row(page, 3).get_by_role("button", name="초안 저장")).to_be_visible()
    shoot(page, "editor-in-korean")
