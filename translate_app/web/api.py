"""JSON API v1. Token auth only (no cookies), so it is exempt from CSRF."""

from flask import Blueprint, g, jsonify, request
from werkzeug.exceptions import HTTPException

from ..extensions import csrf, db
from ..models import SegmentTranslation
from ..services import articles
from ..services.accounts import user_for_token
from ..services.errors import InvalidInput, ServiceError, StaleRevision
from ..services.reviewing import approve_translation
from ..services.translating import save_translation

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


class Unauthorized(ServiceError):
    status = 401


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
        body = segment_json(exc.current) | {"error": str(exc)}
        return jsonify(body), exc.status
    return jsonify(error=str(exc)), exc.status


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    return jsonify(error=exc.description), exc.code


@bp.get("/articles")
def list_articles():
    return jsonify(
        [
            {
                "slug": a.slug,
                "title": a.title,
                "source_lang": a.source_lang,
                "target_langs": a.target_langs,
            }
            for a in articles.list_articles()
        ]
    )


@bp.get("/articles/<slug>/segments")
def list_segments(slug: str):
    article = articles.get_article(slug)
    lang = request.args.get("lang")
    if not lang:
        raise InvalidInput("name the target language: ?lang=ko")
    return jsonify([segment_json(st) for st in articles.segment_translations(article, lang)])


@bp.put("/segments/<dbint:segment_id>/translations/<lang>")
def put_translation(segment_id: int, lang: str):
    body = _json_body()
    text, base_revision, state = body.get("text"), body.get("base_revision"), body.get("state")
    if not isinstance(text, str):
        raise InvalidInput("'text' must be a string")
    if not isinstance(base_revision, int) or isinstance(base_revision, bool):
        raise InvalidInput("'base_revision' must be an integer")
    if state not in ("draft", "translated"):
        raise InvalidInput("'state' must be 'draft' or 'translated'")
    st = articles.get_segment_translation(segment_id, lang)
    save_translation(st, g.api_user, text=text, base_revision=base_revision, state=state)
    # Read before the commit: after it, another save may already have landed, and the
    # answer must be this save (its text, its revision), not the next one.
    body = segment_json(st)
    db.session.commit()
    return jsonify(body)


@bp.post("/segments/<dbint:segment_id>/translations/<lang>/approve")
def approve(segment_id: int, lang: str):
    body = _json_body(optional=True)
    base_revision = body.get("base_revision")
    if base_revision is not None and (
        not isinstance(base_revision, int) or isinstance(base_revision, bool)
    ):
        raise InvalidInput("'base_revision' must be an integer")
    note = body.get("note", "")
    if not isinstance(note, str):
        raise InvalidInput("'note' must be a string")
    st = articles.get_segment_translation(segment_id, lang)
    approve_translation(st, g.api_user, base_revision=base_revision, note=note)
    db.session.commit()
    return jsonify(segment_json(st))


def segment_json(st: SegmentTranslation) -> dict:
    return {
        "id": st.segment.id,
        "position": st.segment.position,
        "kind": st.segment.kind,
        "source": st.segment.source,
        "state": st.state_enum.api_name,
        "text": st.text,
        "revision": st.revision,
    }


def _json_body(optional: bool = False) -> dict:
    if optional and not request.get_data():
        return {}
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("the request body must be a JSON object")
    return body
