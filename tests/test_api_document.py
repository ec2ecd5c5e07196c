"""The OpenAPI document: public, generated from the code, covering every API route."""

import json

import pytest

from translate_app.domain.limits import DB_INT_MAX

DOC = "/api/v1/openapi.json"


@pytest.fixture
def document(client):
    response = client.get(DOC)
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.json


def api_operations(app) -> set[tuple[str, str]]:
    """(path in OpenAPI form, method) of every route the API blueprint answers."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = rule.rule.replace("<dbint:", "{").replace("<", "{").replace(">", "}")
            found |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def test_the_document_needs_no_token(client):
    assert client.get(DOC).status_code == 200
    assert "Authorization" not in client.get(DOC).request.headers


def test_every_api_route_is_in_the_document(app, document):
    paths = document["paths"]
    documented = {(path, m) for path, ops in paths.items() for m in ops if m != "parameters"}
    assert api_operations(app) == documented
    assert ("/api/v1/segments/{segment_id}/translations/{lang}", "put") in documented


def test_the_document_declares_bearer_auth_for_every_operation(document):
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"] == {
        "bearerAuth": {"type": "http", "scheme": "bearer"}
    }
    assert document["security"] == [{"bearerAuth": []}]
    for operations in document["paths"].values():
        for method, operation in operations.items():
            if method != "parameters":
                assert "401" in operation["responses"], method


def test_errors_are_documented_as_error_objects_and_never_422(document):
    error = {"$ref": "#/components/schemas/Error"}
    assert document["components"]["schemas"]["Error"]["required"] == ["error"]
    for operations in document["paths"].values():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert "422" not in operation["responses"]
            for status in ("401", "403", "404"):
                if status in operation["responses"]:
                    content = operation["responses"][status]["content"]
                    assert content["application/json"]["schema"] == error


def test_request_and_response_schemas(document):
    schemas = document["components"]["schemas"]
    save = schemas["SaveTranslationBody"]
    assert sorted(save["required"]) == ["base_revision", "state", "text"]
    assert save["properties"]["base_revision"] | {"description": ""} == {
        "type": "integer", "minimum": 0, "maximum": DB_INT_MAX, "description": ""
    }  # fmt: skip
    assert save["properties"]["state"]["enum"] == ["draft", "translated"]
    segment = schemas["Segment"]
    assert set(segment["properties"]) == {
        "id", "position", "kind", "source", "state", "text", "revision",
        "updated_by", "updated_at", "last_review", "tags", "checks", "previous_source",
    }  # fmt: skip
    assert segment["properties"]["checks"]["items"] == {"$ref": "#/components/schemas/Finding"}
    assert set(schemas["Finding"]["properties"]) == {"check", "severity", "message"}
    assert {"origin", "origin_detail", "suggestion"} <= set(save["properties"])
    assert save["properties"]["origin"]["enum"] == ["typed", "memory", "mt"]
    for path in ("/api/v1/memory/matches", "/api/v1/glossary", "/api/v1/checks", MT):
        assert path in document["paths"]
    assert segment["properties"]["tags"]["type"] == "object"
    assert segment["properties"]["previous_source"]["nullable"] is True
    assert segment["properties"]["text"]["nullable"] is True
    assert "approved" in segment["properties"]["state"]["enum"]
    assert set(schemas["StaleSegment"]["properties"]) == set(segment["properties"]) | {"error"}
    put = document["paths"]["/api/v1/segments/{segment_id}/translations/{lang}"]["put"]
    assert put["requestBody"]["required"] is True
    stale = put["responses"]["409"]["content"]["application/json"]["schema"]
    assert stale == {"$ref": "#/components/schemas/StaleSegment"}
    approve = document["paths"]["/api/v1/segments/{segment_id}/translations/{lang}/approve"]
    assert approve["post"]["requestBody"]["required"] is False


MT = "/api/v1/mt/suggestions"


def test_the_machine_translation_schemas(document):
    schemas = document["components"]["schemas"]
    assert sorted(schemas["SuggestionsBody"]["required"]) == ["source_lang", "target_lang", "text"]
    # null, like leaving it out, asks every configured provider.
    assert schemas["SuggestionsBody"]["properties"]["provider"]["enum"] == [
        "libretranslate", "deepl", "openai", None
    ]  # fmt: skip
    suggestion = schemas["Suggestion"]
    assert sorted(suggestion["required"]) == ["cached", "error", "label", "provider", "text"]
    assert suggestion["properties"]["text"]["nullable"] is True
    assert suggestion["properties"]["error"]["nullable"] is True
    answer = document["paths"][MT]["post"]["responses"]["200"]["content"]["application/json"]
    assert answer["schema"]["items"] == {"$ref": "#/components/schemas/Suggestion"}


def test_path_ids_are_bounded_like_the_database(document):
    put = document["paths"]["/api/v1/segments/{segment_id}/translations/{lang}"]
    segment_id = next(p for p in put["parameters"] if p["name"] == "segment_id")
    assert segment_id["schema"] == {"type": "integer", "minimum": 0, "maximum": DB_INT_MAX}


def test_the_cli_prints_the_same_document(runner, document):
    result = runner.invoke(args=["openapi", "print"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == document


def test_other_methods_on_the_document_answer_json(client):
    response = client.post(DOC)
    assert response.status_code == 405 and "error" in response.json


def test_pages_outside_the_api_keep_their_html_errors(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"
