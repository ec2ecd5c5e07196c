import re

import pytest
from markupsafe import escape

from translate_app.extensions import db
from translate_app.services.articles import get_segment_translation

from .conftest import PASSWORD, SLUG, csrf_token, login

EDITOR_URL = f"/articles/{SLUG}/ko/"
HTMX = {"HX-Request": "true"}


def save(client, token, segment_id, text, base_revision, state="translated"):
    return client.post(
        f"/segments/{segment_id}/ko",
        data={"text": text, "base_revision": base_revision, "state": state},
        headers={**HTMX, "X-CSRFToken": token},
    )


def test_pages_need_a_login(client, article):
    for url in ("/", EDITOR_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_wrong_password_is_refused(client, users):
    response = client.post(
        "/login", data={"name": "translator", "password": "nope", "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 401
    assert "Wrong user name or password" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, users):
    response = client.post("/login", data={"name": "translator", "password": PASSWORD})
    assert response.status_code == 400


def test_logout(client, users):
    token = login(client, "translator")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_article_list_shows_progress(client, users, article):
    login(client, "translator")
    html = client.get("/").get_data(as_text=True)
    assert str(escape(article.title)) in html
    assert EDITOR_URL in html
    # The "*" separator is not for translation: 12 segments to translate.
    words = sum(len(s.source.split()) for s in article.segments if s.translatable)
    assert f"12 segments, {words} words" in html


def test_editor_shows_source_and_target_side_by_side(client, users, article):
    login(client, "translator")
    html = client.get(EDITOR_URL).get_data(as_text=True)
    assert html.count('<tr id="segment-') == 12
    # A long paragraph shows each of its sentences.
    first = "Recently, I had a conversation with a member of the central Pyongyang elite"
    assert f'<span class="sentence">{first}' in html
    assert article.segments[2].source in html  # short: shown whole
    assert html.count('name="text"') == 12
    assert "Approve all translated" not in html and 'class="approve"' not in html
    assert "Publish" not in html


def test_htmx_save_returns_only_the_row_and_announces_progress(client, users, article):
    token = login(client, "translator")
    segment = article.segments[1]
    response = save(client, token, segment.id, "번역된 문단", 0)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith(f'<tr id="segment-{segment.id}"')
    assert "<html" not in body
    assert "번역된 문단" in body and 'name="base_revision" value="1"' in body
    assert "state-translated" in body
    assert "progress-changed" in response.headers["HX-Trigger"]
    progress = client.get(f"/articles/{SLUG}/ko/progress").get_data(as_text=True)
    assert "1 segment," in progress


def test_htmx_request_for_the_editor_gets_rows_and_varies(client, users, article):
    login(client, "translator")
    page = client.get(EDITOR_URL)
    fragment = client.get(EDITOR_URL, headers=HTMX)
    assert "<html" in page.get_data(as_text=True)
    assert "<html" not in fragment.get_data(as_text=True)
    assert fragment.get_data(as_text=True).count('<tr id="segment-') == 12
    assert "HX-Request" in page.headers["Vary"]


def test_save_without_csrf_token_is_refused(client, users, article):
    login(client, "translator")
    response = client.post(
        f"/segments/{article.segments[1].id}/ko",
        data={"text": "번역", "base_revision": 0, "state": "draft"},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert get_segment_translation(article.segments[1].id, "ko").revision == 0


def test_stale_save_in_the_editor_shows_both_texts(client, users, article):
    token = login(client, "translator")
    segment = article.segments[2]
    assert save(client, token, segment.id, "먼저 저장한 글", 0).status_code == 200
    response = save(client, token, segment.id, "나중에 쓴 글", 0)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "translator saved this segment at" in body and "Nothing was overwritten" in body
    theirs, mine = re.findall(r'<blockquote lang="ko">([^<]*)</blockquote>', body)
    assert (theirs, mine) == ("먼저 저장한 글", "나중에 쓴 글")
    for choice in ("Keep theirs", "Keep mine, as a new version", "Edit a merge"):
        assert choice in body
    textarea = re.search(r"<textarea[^>]*>([^<]*)</textarea>", body).group(1)
    assert textarea == "나중에 쓴 글"
    assert 'name="base_revision" value="1"' in body
    db.session.expire_all()
    assert get_segment_translation(segment.id, "ko").text == "먼저 저장한 글"


def test_empty_save_keeps_the_row_and_says_why(client, users, article):
    token = login(client, "translator")
    response = save(client, token, article.segments[1].id, "   ", 0)
    assert response.status_code == 422
    assert "the translation is empty" in response.get_data(as_text=True)


def test_translator_gets_403_on_approve(client, users, article):
    token = login(client, "translator")
    segment = article.segments[1]
    save(client, token, segment.id, "번역", 0)
    response = client.post(f"/segments/{segment.id}/ko/approve", headers={"X-CSRFToken": token})
    assert response.status_code == 403
    for url in (f"/articles/{SLUG}/ko/approve-all", f"/articles/{SLUG}/ko/publish"):
        assert client.post(url, headers={"X-CSRFToken": token}).status_code == 403
    db.session.expire_all()
    assert get_segment_translation(segment.id, "ko").state == 20


def test_editor_approves_a_row(client, users, article):
    segment = article.segments[1]
    save(client, login(client, "translator"), segment.id, "번역", 0)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    token = login(client, "editor")
    assert 'class="approve"' in client.get(EDITOR_URL).get_data(as_text=True)
    response = client.post(
        f"/segments/{segment.id}/ko/approve",
        data={"base_revision": 1},
        headers={**HTMX, "X-CSRFToken": token},
    )
    assert response.status_code == 200
    assert "state-approved" in response.get_data(as_text=True)
    assert "progress-changed" in response.headers["HX-Trigger"]


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_approve_all_and_publish_from_the_browser(client, users, article, role):
    token = login(client, "translator")
    for n in (1, 2, 3):
        save(client, token, article.segments[n].id, f"한국어 문단 {n}", 0)
    save(client, token, article.segments[4].id, "초안", 0, state="draft")
    client.post("/logout", data={"csrf_token": token})
    token = login(client, role)
    response = client.post(
        f"/articles/{SLUG}/ko/approve-all", headers={**HTMX, "X-CSRFToken": token}
    )
    assert response.headers["HX-Redirect"] == EDITOR_URL
    assert "Approved 3 segments." in client.get(EDITOR_URL).get_data(as_text=True)
    response = client.post(f"/articles/{SLUG}/ko/publish", headers={**HTMX, "X-CSRFToken": token})
    assert response.headers["HX-Redirect"] == f"/read/{SLUG}/ko/1/"
    assert "Read edition 1" in client.get(EDITOR_URL).get_data(as_text=True)
    html = client.get(f"/read/{SLUG}/ko/1/").get_data(as_text=True)
    assert all(f"한국어 문단 {n}" in html for n in (1, 2, 3))
    assert "초안" not in html


def test_unknown_article_or_language_is_404(client, users, article):
    login(client, "translator")
    assert client.get("/articles/nothing/ko/").status_code == 404
    assert client.get(f"/articles/{SLUG}/ja/").status_code == 404


def test_approving_keeps_an_unsaved_edit_in_the_box(client, users, article):
    segment = article.segments[1]
    save(client, login(client, "translator"), segment.id, "저장된 번역", 0)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    token = login(client, "editor")
    response = client.post(
        f"/segments/{segment.id}/ko/approve",
        data={"base_revision": 1, "text": "아직 저장 안 한 수정"},
        headers={**HTMX, "X-CSRFToken": token},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "state-approved" in body
    assert re.search(r"<textarea[^>]*>([^<]*)</textarea>", body).group(1) == "아직 저장 안 한 수정"
    assert "Your unsaved edit is kept" in body
    db.session.expire_all()
    assert get_segment_translation(segment.id, "ko").approved_version.text == "저장된 번역"
