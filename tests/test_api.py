import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from translate_app.extensions import db
from translate_app.models import TranslationVersion
from translate_app.services.accounts import issue_token

from .conftest import SLUG


@pytest.fixture
def tokens(users):
    made = {name: issue_token(user) for name, user in users.items()}
    db.session.commit()
    return made


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def segments(client, token, lang="ko"):
    response = client.get(f"/api/v1/articles/{SLUG}/segments?lang={lang}", headers=auth(token))
    assert response.status_code == 200, response.json
    return response.json


def put(client, token, segment_id, **body):
    return client.put(
        f"/api/v1/segments/{segment_id}/translations/ko", json=body, headers=auth(token)
    )


def test_articles(client, tokens, article):
    response = client.get("/api/v1/articles", headers=auth(tokens["translator"]))
    assert response.status_code == 200
    assert response.json == [
        {"slug": SLUG, "title": article.title, "source_lang": "en", "target_langs": ["ko"]}
    ]


def test_segments(client, tokens, article):
    listed = segments(client, tokens["translator"])
    # The seed's "*" separator (position 7) is not for translation: it is not listed.
    assert [s["position"] for s in listed] == [*range(1, 7), *range(8, 14)]
    assert listed[0] == {
        "id": article.segments[0].id,
        "position": 1,
        "kind": "title",
        "source": article.title,
        "state": "untranslated",
        "text": None,
        "revision": 0,
        "updated_by": None,
        "updated_at": None,
        "last_review": None,
        "tags": {},
        "checks": [],
        "previous_source": None,
    }


def test_put_saves_and_the_revision_grows(client, tokens, article):
    segment_id = article.segments[1].id
    first = put(client, tokens["translator"], segment_id, text="초안", base_revision=0,
                state="draft")  # fmt: skip
    assert first.status_code == 200
    assert (first.json["state"], first.json["text"], first.json["revision"]) == ("draft", "초안", 1)
    second = put(client, tokens["translator"], segment_id, text="번역", base_revision=1,
                 state="translated")  # fmt: skip
    assert (second.json["state"], second.json["revision"]) == ("translated", 2)
    assert segments(client, tokens["editor"])[1]["text"] == "번역"


def test_two_saves_on_the_same_revision_second_gets_409(client, tokens, article):
    segment_id = article.segments[3].id
    first = put(client, tokens["translator"], segment_id, text="첫 번째", base_revision=0,
                state="translated")  # fmt: skip
    assert first.status_code == 200
    second = put(client, tokens["editor"], segment_id, text="두 번째", base_revision=0,
                 state="translated")  # fmt: skip
    assert second.status_code == 409
    assert second.json["text"] == "첫 번째" and second.json["revision"] == 1
    assert "error" in second.json
    assert segments(client, tokens["translator"])[3]["text"] == "첫 번째"


def test_approve(client, tokens, article):
    segment_id = article.segments[1].id
    put(client, tokens["translator"], segment_id, text="번역", base_revision=0, state="translated")
    url = f"/api/v1/segments/{segment_id}/translations/ko/approve"
    refused = client.post(url, headers=auth(tokens["translator"]))
    assert refused.status_code == 403 and "error" in refused.json
    assert segments(client, tokens["translator"])[1]["state"] == "translated"
    approved = client.post(url, headers=auth(tokens["editor"]))
    assert approved.status_code == 200 and approved.json["state"] == "approved"


def test_approving_a_draft_or_an_untranslated_segment_is_409(client, tokens, article):
    url = f"/api/v1/segments/{article.segments[1].id}/translations/ko/approve"
    assert client.post(url, headers=auth(tokens["admin"])).status_code == 409


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}]
)
def test_missing_or_bad_token_is_401(client, article, headers):
    response = client.get("/api/v1/articles", headers=headers)
    assert response.status_code == 401
    assert "error" in response.json


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": "번역", "state": "draft"}, "base_revision"),
        ({"text": "번역", "base_revision": "0", "state": "draft"}, "base_revision"),
        ({"text": 5, "base_revision": 0, "state": "draft"}, "text"),
        ({"text": "번역", "base_revision": 0, "state": "approved"}, "state"),
        ({"text": "", "base_revision": 0, "state": "draft"}, "empty"),
    ],
)
def test_bad_bodies_are_400_and_change_nothing(client, tokens, article, body, message):
    response = put(client, tokens["translator"], article.segments[1].id, **body)
    assert response.status_code == 400
    assert message in response.json["error"]
    assert segments(client, tokens["translator"])[1]["revision"] == 0


def test_non_json_body_is_400(client, tokens, article):
    response = client.put(
        f"/api/v1/segments/{article.segments[1].id}/translations/ko",
        data="text=hello",
        headers=auth(tokens["translator"]),
    )
    assert response.status_code == 400
    assert response.json == {"error": "the request body must be a JSON object"}


def test_not_found_is_404_json(client, tokens, article):
    token = tokens["translator"]
    cases = [
        client.get("/api/v1/articles/nothing/segments?lang=ko", headers=auth(token)),
        client.get(f"/api/v1/articles/{SLUG}/segments?lang=ja", headers=auth(token)),
        put(client, token, 99999, text="x", base_revision=0, state="draft"),
        client.get("/api/v1/no-such-endpoint", headers=auth(token)),
    ]
    assert [r.status_code for r in cases] == [404] * 4
    assert all("error" in r.json for r in cases)


def test_missing_lang_is_400(client, tokens, article):
    response = client.get(f"/api/v1/articles/{SLUG}/segments", headers=auth(tokens["editor"]))
    assert response.status_code == 400


def test_api_ignores_session_cookies(client, users, article):
    from .conftest import login

    login(client, "editor")
    assert client.get("/api/v1/articles").status_code == 401


def test_concurrent_saves_on_one_revision_let_exactly_one_through(app, tokens, article):
    segment_id = article.segments[5].id
    barrier = threading.Barrier(8)

    def attempt(n):
        client = app.test_client()
        barrier.wait()
        response = put(client, tokens["translator"], segment_id, text=f"동시 저장 {n}",
                       base_revision=0, state="translated")  # fmt: skip
        return response.status_code, n

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(attempt, range(8)))
    winners = [n for status, n in results if status == 200]
    assert sorted(status for status, _ in results) == [200] + [409] * 7
    db.session.expire_all()
    versions = db.session.scalars(
        select(TranslationVersion).where(TranslationVersion.segment_id == segment_id)
    ).all()
    assert [v.text for v in versions] == [f"동시 저장 {winners[0]}"]
    assert segments(app.test_client(), tokens["editor"])[5]["revision"] == 1
