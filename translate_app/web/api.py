"""JSON API v1, described by an OpenAPI 3 document generated from its schemas.

Token auth only (no cookies), so it is exempt from CSRF. Every error, including a body
that does not match its schema, answers ``{"error": "..."}``. To add an endpoint: give
it a schema in api_schemas.py, ``@bp.arguments`` for what it reads, ``@bp.response``
for what it answers and ``@errors(...)`` for the error statuses it can answer; it then
joins ``GET /api/v1/openapi.json`` by itself.
"""

from flask import Flask, g, jsonify, request
from flask_smorest import Api, Blueprint
from werkzeug.exceptions import HTTPException

from ..extensions import csrf, db
from ..services import articles, checks, comments, glossary, history, memory, mt, segment_lists
from ..services.accounts import user_for_token
from ..services.errors import ServiceError, StaleRevision
from ..services.reviewing import approve_translation, reject_translation
from ..services.translating import save_translation
from .api_parsing import JsonBodyParser
from .api_schemas import (
    ApproveBody,
    ArticleSchema,
    CheckBody,
    CommentBody,
    CommentSchema,
    CommentsQuery,
    ErrorSchema,
    FindingSchema,
    GlossaryTermSchema,
    MatchesQuery,
    MatchSchema,
    PairQuery,
    RejectBody,
    RestoreBody,
    SaveTranslationBody,
    SegmentSchema,
    SegmentsQuery,
    StaleSegmentSchema,
    SuggestionsBody,
    SuggestionSchema,
    VersionSchema,
)
from .converters import DbIntConverter

URL_PREFIX = "/api/v1"
SECURITY_SCHEME = "bearerAuth"
ERROR_DESCRIPTIONS = {
    401: "no token, or a token that names nobody: send Authorization: Bearer TOKEN",
    403: "the user's role does not allow this, or an editor approving their own version",
    404: "no such article, segment or target language",
}
STALE_SAVE = "base_revision is not the current revision: nothing changed; the body is the segment"
NOT_APPROVABLE = (
    "the segment is not translated, or it changed since base_revision (then the body is the "
    "segment as in a stale save)"
)


class Unauthorized(ServiceError):
    status = 401


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = JsonBodyParser()


class JsonApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        # The blueprint answers its own errors (below); flask-smorest's app-wide handler
        # would answer the HTML pages' errors in JSON too.
        pass


bp = ApiBlueprint(
    "api", __name__, url_prefix=URL_PREFIX, description="Articles, segments and translations"
)
csrf.exempt(bp)


def init_api(app: Flask) -> JsonApi:
    """Register the blueprint and serve its OpenAPI document, public, at /api/v1/openapi.json."""
    # The document's URL is part of the contract, not a setting.
    app.config.update(OPENAPI_URL_PREFIX=URL_PREFIX, OPENAPI_JSON_PATH="openapi.json")
    api = JsonApi(
        app,
        spec_kwargs={
            "title": "translate_app",
            "version": "1",
            "openapi_version": "3.0.3",
            "info": {"description": "Every operation needs Authorization: Bearer TOKEN."},
            "security": [{SECURITY_SCHEME: []}],
        },
    )
    api.spec.components.security_scheme(SECURITY_SCHEME, {"type": "http", "scheme": "bearer"})
    api.register_converter(DbIntConverter, _dbint_schema)
    api.register_blueprint(bp)
    return api


def _dbint_schema(converter: DbIntConverter) -> dict:
    return {"type": "integer", "minimum": 0, "maximum": converter.max}


def errors(*statuses: int):
    """Document the error statuses a view can answer, each with the ``{"error"}`` body."""

    def decorate(view):
        for status in statuses:
            view = bp.alt_response(
                status, schema=ErrorSchema, description=ERROR_DESCRIPTIONS[status]
            )(view)
        return view

    return decorate


@bp.before_request
def authenticate():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("missing bearer token: send Authorization: Bearer TOKEN")
    g.api_user = user_for_token(token.strip())
    if g.api_user is None:
        raise Unauthorized("invalid token")


@bp.errorhandler(ServiceError)
def service_error(exc: ServiceError):
    db.session.rollback()
    if isinstance(exc, StaleRevision):
        body = StaleSegmentSchema().dump(exc.current) | {"error": str(exc)}
        return jsonify(body), exc.status
    return jsonify(error=str(exc)), exc.status


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    return jsonify(error=exc.description), exc.code


@bp.get("/articles")
@bp.response(200, ArticleSchema(many=True))
@errors(401)
def list_articles():
    """The articles, newest first."""
    return articles.list_articles()


@bp.get("/articles/<slug>/segments")
@bp.arguments(SegmentsQuery, location="query")
@bp.response(200, SegmentSchema(many=True))
@errors(401, 404)
def list_segments(query: dict, slug: str):
    """Every segment of an article in reading order, with its translation into lang.

    state and q narrow the list, in the database; q matches source or translation,
    case-insensitively."""
    article = articles.get_article(slug)
    flt = segment_lists.read_filter({"state": query["state"], "q": query["q"]})
    return segment_lists.matching(article, query["lang"], flt)


@bp.put("/segments/<dbint:segment_id>/translations/<lang>")
@bp.arguments(SaveTranslationBody)
@bp.response(200, SegmentSchema)
@bp.alt_response(409, schema=StaleSegmentSchema, description=STALE_SAVE)
@errors(401, 403, 404)
def put_translation(body: dict, segment_id: int, lang: str):
    """Save a new version of the translation, if base_revision is still the current one."""
    st = articles.get_segment_translation(segment_id, lang)
    save_translation(st, g.api_user, **body)
    return _answer_then_commit(st)


@bp.post("/segments/<dbint:segment_id>/translations/<lang>/approve")
@bp.arguments(ApproveBody, required=False)
@bp.response(200, SegmentSchema)
@bp.alt_response(409, schema=ErrorSchema, description=NOT_APPROVABLE)
@errors(401, 403, 404)
def approve(body: dict, segment_id: int, lang: str):
    """Approve the current version (editors and admins); the body is optional."""
    st = articles.get_segment_translation(segment_id, lang)
    approve_translation(st, g.api_user, **body)
    return _answer_then_commit(st)


@bp.post("/segments/<dbint:segment_id>/translations/<lang>/reject")
@bp.arguments(RejectBody)
@bp.response(200, SegmentSchema)
@bp.alt_response(409, schema=ErrorSchema, description=NOT_APPROVABLE)
@errors(401, 403, 404)
def reject(body: dict, segment_id: int, lang: str):
    """Send the current version back with a reason (editors and admins): state rejected."""
    st = articles.get_segment_translation(segment_id, lang)
    reject_translation(st, g.api_user, **body)
    return _answer_then_commit(st)


@bp.get("/segments/<dbint:segment_id>/translations/<lang>/history")
@bp.response(200, VersionSchema(many=True))
@errors(401, 404)
def translation_history(segment_id: int, lang: str):
    """Every saved version of the translation, newest first."""
    return history.versions(articles.get_segment_translation(segment_id, lang))


@bp.post("/segments/<dbint:segment_id>/translations/<lang>/restore")
@bp.arguments(RestoreBody)
@bp.response(200, SegmentSchema)
@bp.alt_response(409, schema=StaleSegmentSchema, description=STALE_SAVE)
@errors(401, 403, 404)
def restore(body: dict, segment_id: int, lang: str):
    """Save an earlier version's text again, as a new version (the history only grows)."""
    st = articles.get_segment_translation(segment_id, lang)
    history.restore_version(st, g.api_user, **body)
    return _answer_then_commit(st)


@bp.get("/segments/<dbint:segment_id>/comments")
@bp.arguments(CommentsQuery, location="query")
@bp.response(200, CommentSchema(many=True))
@errors(401, 404)
def list_comments(query: dict, segment_id: int):
    """The comments on a segment in lang, oldest first (replies name their thread)."""
    return comments.comments(articles.get_segment_translation(segment_id, query["lang"]))


@bp.post("/segments/<dbint:segment_id>/comments")
@bp.arguments(CommentBody)
@bp.response(201, CommentSchema)
@errors(401, 403, 404)
def add_comment(body: dict, segment_id: int):
    """Comment on a segment in lang, or reply in a thread with parent_id."""
    st = articles.get_segment_translation(segment_id, body["lang"])
    comment = comments.add_comment(st, g.api_user, body["text"], body["parent_id"])
    answer = jsonify(CommentSchema().dump(comment))
    db.session.commit()
    return answer, 201


@bp.get("/memory/matches")
@bp.arguments(MatchesQuery, location="query")
@bp.response(200, MatchSchema(many=True))
@errors(401)
def memory_matches(query: dict):
    """The translation memory's best matches for a source text, best first (score 50 and
    up); a memory filled in one direction serves the other too."""
    return memory.lookup(
        query["text"], query["source_lang"], query["target_lang"], limit=query["limit"]
    )


@bp.get("/glossary")
@bp.arguments(PairQuery, location="query")
@bp.response(200, GlossaryTermSchema(many=True))
@errors(401)
def glossary_terms(query: dict):
    """The glossary of a language pair: one entry per term and translation."""
    return glossary.list_terms(query["source_lang"], query["target_lang"])


@bp.post("/checks")
@bp.arguments(CheckBody)
@bp.response(200, FindingSchema(many=True))
@errors(401)
def run_checks(body: dict):
    """What the quality checks find in a translation, with the pair's glossary; [] when
    clean. Nothing is saved."""
    return checks.check_texts(**body)


@bp.post("/mt/suggestions")
@bp.arguments(SuggestionsBody)
@bp.response(200, SuggestionSchema(many=True))
@errors(401)
def mt_suggestions(body: dict):
    """Machine translations of a source text, one per configured provider (or only
    ``provider``); [] when none is configured. A provider that failed has an error
    instead of a text."""
    found = mt.suggest(
        body["text"], body["source_lang"], body["target_lang"], provider=body["provider"]
    )
    # New answers were added to the cache: kept for the next translator who asks.
    db.session.commit()
    return found


def _answer_then_commit(st):
    # Read before the commit: after it, another save may already have landed, and the
    # answer must be this request's outcome (its text, its revision), not the next one.
    answer = jsonify(SegmentSchema().dump(st))
    db.session.commit()
    return answer
