"""Users limited to certain target languages, and the admin's accounts page."""

import pytest
from babel.localedata import locale_identifiers
from sqlalchemy import select

from translate_app.extensions import db
from translate_app.models import AuditEvent, User
from translate_app.services.accounts import (
    MAX_LANGUAGES_CHARS,
    create_user,
    get_user,
    issue_token,
    set_languages,
)
from translate_app.services.articles import get_segment_translation
from translate_app.services.errors import InvalidInput, PermissionDenied
from translate_app.services.importing import import_article
from translate_app.services.reviewing import approve_translation, reject_translation
from translate_app.services.translating import save_translation

from .conftest import PASSWORD, SEED, csrf_token, login

HTMX = {"HX-Request": "true"}


@pytest.fixture
def two_languages(ctx, users):
    article = import_article(
        SEED.read_bytes(), "two.en.txt", source_lang="en", target_langs=["ko", "ja"], slug="two"
    )
    korean = create_user("mina", "translator", PASSWORD, ["ko"])
    editor = create_user("jun", "editor", PASSWORD, ["ko"])
    db.session.commit()
    return article, korean, editor


def test_languages_are_checked_normalised_and_deduplicated(ctx):
    user = create_user("ana", "translator", PASSWORD, ["ko, ja", "zh_Hans", "ko"])
    assert user.language_list == ["ko", "ja", "zh-Hans"]
    assert user.may_work_on("ja") and not user.may_work_on("en")
    every = create_user("bo", "translator", PASSWORD)
    assert every.languages == "" and every.may_work_on("anything")
    with pytest.raises(InvalidInput, match="unknown language code 'klingon'"):
        create_user("cy", "translator", PASSWORD, ["klingon"])
    assert db.session.scalar(select(User).where(User.name == "cy")) is None


def test_the_languages_fit_the_column_exactly():
    codes = sorted(c for c in locale_identifiers() if len(c) == 3 and c.isalpha())
    fits = codes[:64]  # 64 codes of three letters and 63 spaces: 255 characters
    assert len(" ".join(fits)) == MAX_LANGUAGES_CHARS


def test_at_the_limit_and_one_past_it(ctx):
    codes = sorted(c for c in locale_identifiers() if len(c) == 3 and c.isalpha())
    user = create_user("many", "translator", PASSWORD, codes[:64])
    assert len(user.languages) == MAX_LANGUAGES_CHARS
    with pytest.raises(InvalidInput, match="too many languages"):
        set_languages(user, codes[:65])
    assert set_languages(user, []) == [] and user.languages == ""
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "languages_change"))
    assert [e.detail for e in event] == [f"{' '.join(codes[:64])} -> every language"]


def test_a_korean_translator_cannot_save_japanese(two_languages):
    article, korean, _ = two_languages
    ja = get_segment_translation(article.segments[1].id, "ja")
    with pytest.raises(PermissionDenied, match="you work on ko only, not ja"):
        save_translation(ja, korean, text="翻訳", base_revision=0, state="draft")
    ko = get_segment_translation(article.segments[1].id, "ko")
    assert save_translation(ko, korean, text="번역", base_revision=0, state="draft").revision == 1


def test_a_korean_editor_cannot_approve_or_reject_japanese(two_languages, users):
    article, _, editor = two_languages
    ja = get_segment_translation(article.segments[1].id, "ja")
    save_translation(ja, users["translator"], text="翻訳", base_revision=0, state="translated")
    with pytest.raises(PermissionDenied, match="you work on ko only"):
        approve_translation(ja, editor)
    with pytest.raises(PermissionDenied, match="you work on ko only"):
        reject_translation(ja, editor, category="style", severity="minor")
    assert approve_translation(ja, users["editor"]).state_enum.api_name == "approved"


def test_refused_in_the_editor_and_the_api(client, two_languages):
    article, _, _ = two_languages
    token = login(client, "mina")
    segment = article.segments[1].id
    page = client.post(
        f"/segments/{segment}/ja",
        data={"text": "翻訳", "base_revision": 0, "state": "draft"},
        headers={**HTMX, "X-CSRFToken": token},
    )
    assert page.status_code == 403 and "you work on ko only" in page.get_data(as_text=True)
    api_token = issue_token(get_user("mina"))
    db.session.commit()
    api = client.put(
        f"/api/v1/segments/{segment}/translations/ja",
        json={"text": "翻訳", "base_revision": 0, "state": "draft"},
        headers={"Authorization": f"Bearer {api_token}"},
    )
    assert api.status_code == 403 and "you work on ko only, not ja" in api.json["error"]
    assert get_segment_translation(segment, "ja").revision == 0


def test_the_command_line_sets_languages(runner, ctx):
    result = runner.invoke(
        args=["users", "create", "ana", "--role", "translator", "--lang", "ko", "--lang", "ja"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "created translator ana (ko ja)" in result.output
    assert runner.invoke(args=["users", "langs", "ana", "--lang", "zh-Hans"]).output == (
        "ana: zh-Hans\n"
    )
    assert runner.invoke(args=["users", "langs", "ana"]).output == "ana: every language\n"
    bad = runner.invoke(args=["users", "langs", "ana", "--lang", "xx-yy-zz"])
    assert bad.exit_code != 0 and "unknown language code" in bad.output
    db.session.remove()
    assert get_user("ana").languages == ""


def test_the_admin_manages_accounts_in_the_browser(client, users):
    token = login(client, "admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Create account" in page and 'id="user-' in page

    def post(url, **data):
        return client.post(url, data={"csrf_token": token, **data})

    made = post("/admin/users", name="sora", role="editor", password=PASSWORD, languages="ko ja")
    assert made.status_code == 303
    sora = get_user("sora")
    assert (sora.role, sora.languages) == ("editor", "ko ja")
    taken = post("/admin/users", name="sora", role="editor", password=PASSWORD, languages="ko")
    assert taken.status_code == 409
    assert "already exists" in taken.get_data(as_text=True)
    assert 'value="sora"' in taken.get_data(as_text=True)
    short = post("/admin/users", name="tae", role="translator", password="short")
    assert short.status_code == 400 and "at least 8 characters" in short.get_data(as_text=True)

    url = f"/admin/users/{sora.id}"
    assert post(url, change="role", role="translator").status_code == 303
    assert post(url, change="languages", languages="ja").status_code == 303
    assert post(url, change="password", password="another-password").status_code == 303
    assert post(url, change="disable").status_code == 303
    db.session.remove()
    sora = get_user("sora")
    assert (sora.role, sora.languages, sora.is_active) == ("translator", "ja", False)
    assert sora.check_password("another-password")
    assert post(url, change="enable").status_code == 303
    again = post(url, change="enable")
    assert again.status_code == 409 and "sora: sora is not disabled" in again.get_data(as_text=True)
    unknown = post(url, change="rename")
    assert unknown.status_code == 400 and "unknown change &#39;rename&#39;" in unknown.get_data(
        as_text=True
    )
    assert post("/admin/users/999999", change="enable").status_code == 404
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.target == "user:sora")
    ).all()
    for action in ("user_create", "role_change", "languages_change", "password_change"):
        assert action in actions


def test_only_admins_reach_the_accounts_page(client, users):
    login(client, "editor")
    refused = client.get("/admin/users")
    assert refused.status_code == 403
    assert "only admins can manage accounts" in refused.get_data(as_text=True)
    assert csrf_token(client, "/")
