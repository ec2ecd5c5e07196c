"""The interface in Korean and English: how the language is chosen, the switcher, the
formats that follow it, and a Korean catalog that lacks nothing."""

import gettext
import shutil
import subprocess
from datetime import UTC, datetime

import polib
import pytest
from flask import render_template_string
from sqlalchemy import select

from translate_app import ui_catalogs
from translate_app.extensions import db
from translate_app.models import AuditEvent, User
from translate_app.web.formatting import korean_marked

from .conftest import csrf_token, login, make_app

KO = {"Accept-Language": "ko-KR,ko;q=0.9"}
EN = {"Accept-Language": "en-US,en;q=0.9"}
KO_CATALOG = ui_catalogs.SOURCE_DIR / "ko" / "LC_MESSAGES" / "messages.po"


def page(client, path, headers=None) -> str:
    response = client.get(path, headers=headers or {})
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def switch(client, lang, next_path="/", headers=None, token=None):
    token = token or csrf_token(client, "/login")
    return client.post(
        "/language",
        data={"lang": lang, "next": next_path, "csrf_token": token},
        headers=headers or {},
    )


def ui_lang_of(name: str) -> str | None:
    return db.session.scalar(select(User.ui_lang).where(User.name == name))


def test_a_korean_browser_gets_the_login_page_in_korean(client):
    html = page(client, "/login", KO)
    assert '<html lang="ko">' in html
    assert "로그인" in html and "사용자 이름" in html and "비밀번호" in html
    assert "Log in" not in html


def test_english_stays_the_default(client):
    for headers in ({}, EN, {"Accept-Language": "fr"}):
        html = page(client, "/login", headers)
        assert '<html lang="en">' in html and "Log in" in html and "로그인" not in html


def test_the_article_list_in_korean_names_languages_in_korean(client, users, article):
    login(client, "translator")
    html = page(client, "/", KO)
    assert '<html lang="ko">' in html
    assert "문서" in html and "로그아웃" in html and "번역 중" in html
    assert "영어 → 한국어" in html
    english = page(client, "/", EN)
    assert "English → Korean" in english and "Articles" in english


def test_the_choice_is_kept_on_the_account_and_wins_over_the_browser(client, users):
    token = login(client, "editor")
    response = switch(client, "ko", "/mentions", EN, token=token)
    assert response.status_code == 303 and response.headers["Location"] == "/mentions"
    assert ui_lang_of("editor") == "ko"
    assert '<html lang="ko">' in page(client, "/mentions", EN)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "ui_language_change")
    ).one()
    assert event.actor_name == "editor" and event.detail == "- -> ko"

    # Another browser, without this one's session: the account carries the choice.
    other = client.application.test_client()
    login(other, "editor")
    assert "멘션" in page(other, "/mentions", EN)

    switch(client, "en", "/", KO, token=token)
    assert ui_lang_of("editor") == "en"
    assert '<html lang="en">' in page(client, "/", KO)


def test_an_anonymous_choice_holds_on_the_login_page_and_after_login(client, users):
    response = switch(client, "ko", "/login")
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    html = page(client, "/login", EN)
    assert '<html lang="ko">' in html and "로그인" in html
    login(client, "translator")
    assert '<html lang="ko">' in page(client, "/", EN)
    # Chosen before logging in: the account keeps following the browser's session.
    assert ui_lang_of("translator") is None


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example/", "/\t/evil.example"]
)
def test_the_switcher_never_sends_off_site(client, target):
    response = switch(client, "ko", target)
    assert response.status_code == 303
    assert "evil" not in response.headers["Location"]


def test_an_unknown_language_is_refused(client):
    refused = switch(client, "xx")
    assert refused.status_code == 400
    assert "the interface is in English (en) or Korean (ko), not xx" in refused.get_data(
        as_text=True
    )
    assert '<html lang="en">' in page(client, "/login")


def test_the_switcher_needs_the_csrf_token(client):
    assert client.post("/language", data={"lang": "ko", "next": "/login"}).status_code == 400


@pytest.mark.parametrize(
    ("headers", "date", "names"),
    [
        (KO, "2026년 11월 27일", "한국어 영어 일본어 중국어 (간체) tlh-x"),
        (EN, "November 27, 2026", "Korean English Japanese Chinese (Simplified) tlh-x"),
    ],
)
def test_dates_figures_and_language_names_follow_the_interface(app, headers, date, names):
    when = datetime(2026, 11, 27, 15, 4, 5, tzinfo=UTC)
    with app.test_request_context("/", headers=headers):
        assert render_template_string("{{ when|dateformat('long') }}", when=when) == date
        shown = render_template_string(
            "{% for c in codes %}{{ c|language_name }}{{ ' ' if not loop.last }}{% endfor %}",
            codes=["ko", "en", "ja", "zh-Hans", "tlh-x"],
        )
        assert shown == names
        assert render_template_string("{{ 12345|number }}") == "12,345"


@pytest.mark.parametrize(
    ("headers", "text", "attr"),
    [
        (KO, "the translation is empty", ' lang="en"'),
        (KO, "번역이 비어 있습니다", ""),
        (EN, "PDS 번역 확인", ' lang="ko"'),
        (EN, "the translation is empty", ""),
    ],
)
def test_text_in_the_other_language_is_marked_with_its_own(app, headers, text, attr):
    """An English refusal on a Korean page, Korean typed on an English one: a screen
    reader switches voice for each."""
    with app.test_request_context("/", headers=headers):
        assert render_template_string("{{ lang_attr(text) }}", text=text) == attr


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("as “평양”, <b> lacks", 'as “<span lang="ko">평양</span>”, &lt;b&gt; lacks'),
        (
            "평양의 지방화 (2) and 더",
            '<span lang="ko">평양의 지방화</span> (2) and <span lang="ko">더</span>',
        ),
        ("no Korean here", "no Korean here"),
        ("", ""),
    ],
)
def test_korean_quoted_in_an_english_sentence_is_marked_korean(text, marked):
    assert str(korean_marked(text)) == marked


@pytest.mark.parametrize(
    ("headers", "text", "shown"),
    [
        (
            EN,
            "this publication writes 장마당",
            'this publication writes <span lang="ko">장마당</span>',
        ),
        (EN, "no Korean", "no Korean"),
        (KO, "no Korean", '<span lang="en">no Korean</span>'),
        (KO, "장마당으로 쓸 것 (PDS)", "장마당으로 쓸 것 (PDS)"),
        (KO, " 3 ", " 3 "),
        (KO, None, ""),
    ],
)
def test_what_people_type_is_read_in_its_own_voice(app, headers, text, shown):
    with app.test_request_context("/", headers=headers):
        assert render_template_string("{{ written(text) }}", text=text) == shown


def test_the_audit_log_shows_dates_in_the_interface_language(client, users):
    login(client, "admin")
    today = datetime.now(UTC)
    korean = page(client, "/admin/audit", KO)
    assert f"{today.year}년 {today.month}월 {today.day}일" in korean
    english = page(client, "/admin/audit", EN)
    assert f"{today:%B} {today.day}, {today.year}" in english


def test_the_editor_script_gets_its_sentences_in_korean(client, users, article):
    login(client, "translator")
    korean = page(client, "/", KO)
    assert 'id="ui-text"' in korean and "초안 보관 중…" in korean
    assert 'id="ui-text"' not in page(client, "/", EN)


def test_the_korean_catalog_is_complete(tmp_path):
    catalog = polib.pofile(str(KO_CATALOG))
    assert catalog.metadata["Language"] == "ko"
    assert not [e.msgid for e in catalog.untranslated_entries()]
    assert not [e.msgid for e in catalog.fuzzy_entries()]
    assert not [e.msgid for e in catalog.obsolete_entries()]
    fresh = polib.pofile(str(ui_catalogs.extract(tmp_path / "messages.pot")))
    extracted = {(e.msgctxt, e.msgid) for e in fresh}
    translated = {(e.msgctxt, e.msgid) for e in catalog}
    assert not extracted - translated, "in the code, not in the Korean catalog"
    assert not translated - extracted, "in the Korean catalog, no longer in the code"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_msgfmt_accepts_the_catalog(lang, tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is needed (make system-packages)"
    po = ui_catalogs.SOURCE_DIR / lang / "LC_MESSAGES" / "messages.po"
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "messages.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_i18n_compile_writes_the_catalogs_the_app_reads(tmp_path, database_url):
    compiled = tmp_path / "ui-locales"
    app = make_app(tmp_path, database_url, UI_LOCALES_DIR=str(compiled))
    assert app.config["BABEL_TRANSLATION_DIRECTORIES"] == str(compiled)
    try:
        result = app.test_cli_runner().invoke(args=["i18n", "compile"])
    finally:
        with app.app_context():
            db.engine.dispose()
    assert result.exit_code == 0, result.output
    with (compiled / "ko" / "LC_MESSAGES" / "messages.mo").open("rb") as mo:
        korean = gettext.GNUTranslations(mo)
    assert korean.gettext("Log in") == "로그인"
    assert korean.ngettext("%(num)s segment", "%(num)s segments", 2) == "세그먼트 %(num)s개"
    assert (compiled / "en" / "LC_MESSAGES" / "messages.mo").is_file()


def test_a_refusal_still_in_english_is_marked_so_on_a_korean_page(client, users):
    login(client, "admin")
    response = client.get("/articles/no-such-article/ko/", headers=KO)
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and '<html lang="ko">' in html
    assert '<p class="error" lang="en">' in html  # the service's words, in English
    translated = client.get("/admin/audit?page=x", headers=KO).get_data(as_text=True)
    assert "페이지 번호는 1 이상의 정수여야 합니다" in translated
    assert '<p class="error">' in translated
    english = client.get("/articles/no-such-article/ko/", headers=EN).get_data(as_text=True)
    assert '<p class="error">' in english


def test_http_error_pages_speak_the_interface_language(client):
    missing = client.get("/no/such/page", headers=KO)
    html = missing.get_data(as_text=True)
    assert missing.status_code == 404 and '<html lang="ko">' in html
    assert "이 주소에는 아무것도 없습니다." in html
    assert "There is nothing at this address." in page_or_error(client, "/no/such/page", EN)
    forged = client.post("/language", data={"lang": "ko"}, headers=KO)
    assert forged.status_code == 400 and "양식이 만료되었거나" in forged.get_data(as_text=True)
    wrong_method = client.put("/login")
    assert wrong_method.status_code == 405 and "GET" in wrong_method.headers["Allow"]


def page_or_error(client, path, headers) -> str:
    return client.get(path, headers=headers).get_data(as_text=True)
