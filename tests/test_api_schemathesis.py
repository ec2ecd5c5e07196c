"""The JSON API against its own OpenAPI document, with requests generated from it."""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from translate_app.extensions import db
from translate_app.services.accounts import issue_token
from translate_app.services.articles import get_segment_translation
from translate_app.services.translating import save_translation

from .conftest import SLUG

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = 30


@pytest.fixture
def editor_headers(users):
    token = issue_token(users["editor"])
    db.session.commit()
    # Schemathesis's WSGI transport does not undo gzip as an HTTP client would.
    return {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}


@pytest.fixture
def targets(users, article) -> dict[str, int]:
    """A segment to save (untranslated) and one to approve (translated), by operation."""
    approvable = get_segment_translation(article.segments[1].id, "ko")
    save_translation(approvable, users["translator"], text="번역", base_revision=0,
                     state="translated")  # fmt: skip
    db.session.commit()
    return {"PUT": article.segments[2].id, "POST": approvable.segment_id}


def operations(app) -> list:
    def served(environ, start_response):
        # A context of its own for each request, as in a served app (see IsolatedClient).
        with app.app_context():
            return app(environ, start_response)

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", served)
    return [result.ok() for result in schema.get_all_operations()]


def strategy(operation, mode: GenerationMode, segment_id: int | None):
    """Requests for the operation; with a segment id, aimed at that segment of the seed
    article, so that they get past the 404s and reach the services and the database."""
    if segment_id is None:
        return operation.as_strategy(mode)
    known = {"slug": SLUG, "segment_id": segment_id, "lang": "ko"}
    path_parameters = {name: known[name] for name in re.findall(r"{(\w+)}", operation.path)}
    query = {"lang": "ko"} if mode.is_positive and "segments" in operation.path else None
    return operation.as_strategy(mode, path_parameters=path_parameters, query=query)


def current_revision(app, segment_id: int) -> int:
    with app.app_context():
        return get_segment_translation(segment_id, "ko").revision


def fuzz(app, operation, mode: GenerationMode, segment_id: int | None, headers: dict):
    @given(case=strategy(operation, mode, segment_id))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        body = case.body if isinstance(case.body, dict) else {}
        if segment_id and mode.is_positive and isinstance(body.get("base_revision"), int):
            # The current revision, so that saves and approvals go through instead of 409.
            body["base_revision"] = current_revision(app, segment_id)
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda mode: mode.value)
@pytest.mark.parametrize("aimed", [True, False], ids=["seed-segments", "any-ids"])
def test_every_operation_conforms_to_the_document(app, targets, editor_headers, mode, aimed):
    found = operations(app)
    assert len(found) >= 4
    for operation in found:
        segment_id = targets.get(operation.method.upper(), targets["PUT"]) if aimed else None
        fuzz(app, operation, mode, segment_id, editor_headers)
