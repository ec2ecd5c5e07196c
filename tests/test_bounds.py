"""Numbers in URLs past what a database column holds name nothing: 404, never a 500."""

import re

import pytest

from translate_app.domain.limits import DB_INT_MAX, in_db_int_range
from translate_app.domain.states import State
from translate_app.extensions import db
from translate_app.services.articles import get_segment_translation
from translate_app.services.translating import save_translation

from .conftest import SLUG, login

HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, True), (DB_INT_MAX, True), (DB_INT_MAX + 1, False), (-1, False), (2**63, False)],
)
def test_db_int_range_is_inclusive_at_both_ends(value, expected):
    assert in_db_int_range(value) is expected


@pytest.mark.parametrize("number", [DB_INT_MAX, DB_INT_MAX + 1, 2**63, 2**64 + 1])
def test_edition_numbers_past_the_column_answer_404(client, article, number):
    response = client.get(f"/read/{SLUG}/ko/{number}/")
    assert response.status_code == 404


@pytest.mark.parametrize("segment_id", [DB_INT_MAX, DB_INT_MAX + 1, 2**63, 2**64 + 1])
def test_segment_ids_past_the_column_answer_404(client, users, article, segment_id):
    token = login(client, "editor")
    headers = {**HTMX, "X-CSRFToken": token}
    data = {"text": "글", "base_revision": 0, "state": "draft"}
    assert client.post(f"/segments/{segment_id}/ko", data=data, headers=headers).status_code == 404
    approve = client.post(f"/segments/{segment_id}/ko/approve", headers=headers)
    assert approve.status_code == 404


BAD_REVISIONS = [DB_INT_MAX + 1, 2**63 - 1, 2**63, 2**64 + 1, -1, "1e3", "0x10", " 1", "\u0661"]
REFUSAL = f"base_revision must be a whole number from 0 to {DB_INT_MAX}"


def _textarea(body: str) -> str:
    return re.search(r"<textarea[^>]*>([^<]*)</textarea>", body).group(1)


def _refused_row(response) -> tuple[int, bool, str]:
    body = response.get_data(as_text=True)
    return response.status_code, REFUSAL in body, _textarea(body)


def test_save_with_a_revision_no_column_holds_is_refused_in_the_row(client, users, article):
    # One login for the whole table: creating users (password hashing) is the slow part.
    token = login(client, "translator")
    segment = article.segments[1]

    def save(revision):
        return client.post(
            f"/segments/{segment.id}/ko",
            data={"text": "아직 저장 안 된 글", "base_revision": revision, "state": "draft"},
            headers={**HTMX, "X-CSRFToken": token},
        )

    bad = [*BAD_REVISIONS, ""]
    assert {str(r): _refused_row(save(r)) for r in bad} == {
        str(r): (422, True, "아직 저장 안 된 글") for r in bad
    }
    assert '<tr id="segment-' in save(-1).get_data(as_text=True)
    db.session.expire_all()
    assert get_segment_translation(segment.id, "ko").revision == 0
    # The largest revision a column holds is a number like any other: a stale save.
    assert save(DB_INT_MAX).status_code == 409


@pytest.fixture
def translated(users, article):
    st = get_segment_translation(article.segments[1].id, "ko")
    save_translation(st, users["translator"], text="번역", base_revision=0, state="translated")
    db.session.commit()
    return st


def test_approve_with_a_revision_no_column_holds_is_refused_in_the_row(client, translated):
    token = login(client, "editor")

    def approve(revision):
        return client.post(
            f"/segments/{translated.segment_id}/ko/approve",
            data={"base_revision": revision, "text": "고치는 중"},
            headers={**HTMX, "X-CSRFToken": token},
        )

    assert {str(r): _refused_row(approve(r)) for r in BAD_REVISIONS} == {
        str(r): (422, True, "고치는 중") for r in BAD_REVISIONS
    }
    db.session.expire_all()
    assert get_segment_translation(translated.segment_id, "ko").state == int(State.TRANSLATED)
    # In range, the revision is judged: stale at the largest a column holds and at 0,
    # current at 1; an empty field names no revision and approves what is current.
    assert [approve(r).status_code for r in (DB_INT_MAX, 0, 1)] == [409, 409, 200]
    assert approve("").status_code == 200


@pytest.mark.parametrize("name", ["a%00b", "%00", "ko%1b", "a%7fb"])
@pytest.mark.parametrize(
    "page", ["/articles/{name}/ko/", "/articles/" + SLUG + "/{name}/", "/read/{name}/ko/"]
)
def test_control_characters_in_url_names_answer_404(client, users, article, page, name):
    # PostgreSQL refuses to compare text holding NUL: such a name must never reach a query.
    login(client, "editor")
    assert client.get(page.format(name=name)).status_code == 404


def test_names_with_other_characters_still_reach_their_page(client, users, article):
    login(client, "editor")
    assert client.get(f"/articles/{SLUG}/ko/").status_code == 200
    assert client.get("/articles/평양/ko/").status_code == 404
