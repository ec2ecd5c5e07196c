"""Bad input to the JSON API: always 400 with a message naming the problem, never a 500."""

import json

import pytest
from sqlalchemy import func, select

from translate_app.domain.limits import DB_INT_MAX
from translate_app.extensions import db
from translate_app.models import Approval, TranslationVersion
from translate_app.services.accounts import issue_token

from .conftest import SLUG

JSON = {"Content-Type": "application/json"}
VALID = '{"text": "번역", "base_revision": 0, "state": "draft"}'.encode()


@pytest.fixture
def headers(users):
    made = {name: {"Authorization": f"Bearer {issue_token(user)}"} for name, user in users.items()}
    db.session.commit()
    return made


def put_raw(client, headers, segment_id, data, content_type="application/json"):
    return client.put(
        f"/api/v1/segments/{segment_id}/translations/ko",
        data=data,
        headers={**headers, "Content-Type": content_type},
    )


def approve_raw(client, headers, segment_id, data):
    return client.post(
        f"/api/v1/segments/{segment_id}/translations/ko/approve",
        data=data,
        headers={**headers, **JSON},
    )


def stored() -> tuple[int, int]:
    """How many versions and approvals exist: bad input must change neither."""
    db.session.expire_all()
    count = db.session.scalar
    return count(select(func.count(TranslationVersion.id))), count(select(func.count(Approval.id)))


def translated(client, headers, article, index=1) -> int:
    segment_id = article.segments[index].id
    body = json.dumps({"text": "번역", "base_revision": 0, "state": "translated"})
    assert put_raw(client, headers["translator"], segment_id, body).status_code == 200
    return segment_id


@pytest.mark.parametrize("base_revision", [-1, DB_INT_MAX + 1, 2**63 - 1, 2**63, 2**64, 10**30])
def test_base_revision_outside_a_database_integer_is_400(client, headers, article, base_revision):
    segment_id = translated(client, headers, article)
    before = stored()
    body = {"text": "다시", "base_revision": base_revision, "state": "draft"}
    response = put_raw(client, headers["translator"], segment_id, json.dumps(body))
    assert response.status_code == 400
    assert response.json == {"error": f"'base_revision' must be between 0 and {DB_INT_MAX}"}
    approve = approve_raw(client, headers["editor"], segment_id, json.dumps(body))
    assert approve.status_code == 400
    assert "'base_revision'" in approve.json["error"]
    assert stored() == before


def test_base_revision_at_the_limit_is_read_as_a_stale_revision(client, headers, article):
    segment_id = translated(client, headers, article)
    body = {"text": "다시", "base_revision": DB_INT_MAX, "state": "draft"}
    response = put_raw(client, headers["translator"], segment_id, json.dumps(body))
    assert response.status_code == 409 and response.json["revision"] == 1
    approve = approve_raw(client, headers["editor"], segment_id, json.dumps(body))
    assert approve.status_code == 409 and approve.json["state"] == "translated"


@pytest.mark.parametrize("base_revision", [True, 1.0, 1.5, "1", None, [1], {"n": 1}])
def test_base_revision_must_be_an_integer(client, headers, article, base_revision):
    body = {"text": "번역", "base_revision": base_revision, "state": "draft"}
    response = put_raw(client, headers["translator"], article.segments[1].id, json.dumps(body))
    assert response.status_code == 400
    assert response.json["error"].startswith("'base_revision' must")


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ('{"a": ', "}")])
def test_json_nested_too_deeply_is_400(client, headers, article, opening, closing):
    deep = opening * 100_000 + "1" + closing * 100_000
    response = put_raw(client, headers["translator"], article.segments[1].id, deep)
    assert response.status_code == 400
    assert response.json == {"error": "the JSON body is nested too deeply"}
    wrapped = '{"text": "번역", "base_revision": 0, "state": "draft", "extra": ' + deep + "}"
    response = put_raw(client, headers["translator"], article.segments[1].id, wrapped)
    assert response.json == {"error": "the JSON body is nested too deeply"}
    assert stored() == (0, 0)


def test_nesting_in_an_ignored_field_is_fine_when_shallow(client, headers, article):
    nested = "1"
    for _ in range(50):
        nested = f'{{"a": [{nested}]}}'
    body = '{"text": "번역", "base_revision": 0, "state": "draft", "extra": ' + nested + "}"
    response = put_raw(client, headers["translator"], article.segments[1].id, body)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        (b'{"text": "', "application/json", "the request body is not valid JSON"),
        (b"\xff\xfe{}", "application/json", "the request body is not valid JSON"),
        (b'{"base_revision": ' + b"1" * 5000 + b"}", "application/json", "not valid JSON"),
        (b"[1, 2]", "application/json", "the request body must be a JSON object"),
        (b'"text"', "application/json", "the request body must be a JSON object"),
        (b"null", "application/json", "the request body must be a JSON object"),
        (b"", "application/json", "the request body must be a JSON object"),
        (VALID, "text/plain", "the request body must be a JSON object"),
    ],
)
def test_bodies_that_are_not_a_json_object_are_400(client, headers, article, data, content_type,
                                                   message):  # fmt: skip
    response = put_raw(client, headers["translator"], article.segments[1].id, data, content_type)
    assert response.status_code == 400
    assert message in response.json["error"]
    assert stored() == (0, 0)


@pytest.mark.parametrize(
    ("raw", "field", "problem"),
    [
        ('"text": "\\ud800"', "text", "a lone surrogate U+D800 at character 1"),
        ('"text": "a\\udfffb"', "text", "a lone surrogate U+DFFF at character 2"),
        ('"text": "\\ude00\\ud83d"', "text", "a lone surrogate U+DE00 at character 1"),
        ('"text": "a\\u0000b"', "text", "the control character U+0000 (NUL) at character 2"),
        ('"text": "a\\u001bb"', "text", "the control character U+001B (ESC) at character 2"),
        ('"state": "draft\\ud800"', "state", "a lone surrogate U+D800 at character 6"),
    ],
)
def test_forbidden_characters_in_a_saved_field_are_400(client, headers, article, raw, field,
                                                       problem):  # fmt: skip
    body = '{"text": "번역", "base_revision": 0, "state": "draft", ' + raw + "}"
    response = put_raw(client, headers["translator"], article.segments[1].id, body)
    assert (response.status_code, response.json) == (
        400,
        {"error": f"'{field}' contains {problem}"},
    )
    assert stored() == (0, 0)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ('"\\ud800"', "a lone surrogate U+D800"),
        ('"ok\\u0000"', "the control character U+0000 (NUL)"),
        ('"\\u0007"', "the control character U+0007 (BEL)"),
    ],
)
def test_forbidden_characters_in_an_approval_note_are_400(client, headers, article, raw, problem):
    segment_id = translated(client, headers, article)
    before = stored()
    response = approve_raw(client, headers["editor"], segment_id, '{"note": ' + raw + "}")
    assert response.status_code == 400
    assert response.json["error"].startswith(f"'note' contains {problem} at character")
    assert stored() == before


def test_a_surrogate_pair_is_one_character_and_is_saved(client, headers, article):
    body = '{"text": "\\ud83d\\ude00 웃음", "base_revision": 0, "state": "draft"}'
    response = put_raw(client, headers["translator"], article.segments[1].id, body)
    assert response.status_code == 200 and response.json["text"] == "\U0001f600 웃음"


def test_unknown_fields_are_ignored(client, headers, article):
    body = {"text": "번역", "base_revision": 0, "state": "translated", "comment": 5, "lang": "ja"}
    response = put_raw(client, headers["translator"], article.segments[1].id, json.dumps(body))
    assert response.status_code == 200 and response.json["text"] == "번역"
    approve = approve_raw(client, headers["editor"], article.segments[1].id, '{"verdict": "ok"}')
    assert approve.status_code == 200 and approve.json["state"] == "approved"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({}, "'base_revision' is required; 'state' is required; 'text' is required"),
        ({"text": None, "base_revision": 0, "state": "draft"}, "'text' must not be null"),
        ({"text": ["번역"], "base_revision": 0, "state": "draft"}, "'text' must be a string"),
        ({"text": "번역", "base_revision": 0, "state": 1}, "'state' must be a string"),
        ({"text": "번역", "base_revision": 0, "state": "x"}, "'state' must be 'draft' or 'trans"),
    ],
)
def test_schema_errors_are_400_and_name_each_field(client, headers, article, body, error):
    response = put_raw(client, headers["translator"], article.segments[1].id, json.dumps(body))
    assert response.status_code == 400 and response.json["error"].startswith(error)


def test_a_bad_note_or_an_empty_body_on_approve(client, headers, article):
    segment_id = translated(client, headers, article)
    bad = approve_raw(client, headers["editor"], segment_id, '{"note": 5}')
    assert (bad.status_code, bad.json) == (400, {"error": "'note' must be a string"})
    assert approve_raw(client, headers["editor"], segment_id, "").status_code == 200


def test_a_missing_lang_names_the_parameter(client, headers, article):
    response = client.get(f"/api/v1/articles/{SLUG}/segments", headers=headers["editor"])
    assert response.status_code == 400
    assert response.json == {"error": "'lang' is required: name the target language, e.g. ?lang=ko"}
    nul = client.get(f"/api/v1/articles/{SLUG}/segments?lang=k%00o", headers=headers["editor"])
    assert (nul.status_code, nul.json["error"]) == (400, "'lang' " + NUL_MESSAGE)


NUL_MESSAGE = "contains the control character U+0000 (NUL) at character 2"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/articles/a%00b/segments?lang=ko"),
        ("PUT", "/api/v1/segments/{id}/translations/k%00o"),
        ("POST", "/api/v1/segments/{id}/translations/%00/approve"),
    ],
)
def test_a_nul_in_the_url_names_nothing(client, headers, article, method, path):
    body = {"text": "번역", "base_revision": 0, "state": "draft"}
    url = path.format(id=article.segments[1].id)
    response = client.open(url, method=method, json=body, headers=headers["editor"])
    assert response.status_code == 404 and response.json["error"]


def test_the_token_is_checked_before_the_body(client, article):
    response = put_raw(client, {}, article.segments[1].id, b"[[[")
    assert response.status_code == 401
