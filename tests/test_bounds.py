"""Numbers in URLs past what a database column holds name nothing: 404, never a 500."""

import pytest

from translate_app.domain.limits import DB_INT_MAX, in_db_int_range

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
