"""Web layer: blueprints that parse a request, call one service, and render."""

from flask import Flask, jsonify, make_response, render_template, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from ..domain.mentions import pieces
from ..domain.quality import ArticleState, Category, Severity
from ..domain.states import APPROVABLE_STATES, State
from ..extensions import db, login_manager
from ..models import User
from ..services import sessions
from ..services.errors import ServiceError
from . import (
    admin,
    aligning,
    api,
    articles,
    assets,
    auth,
    catalogs,
    comments,
    glossary,
    health,
    history,
    importing,
    jobs,
    language,
    memory,
    publishing,
    reading,
    references,
    reviewing,
    revising,
    suggestions,
    translating,
    unavailable,
)
from .compression import init_compression
from .converters import DbIntConverter, TextConverter
from .formatting import init_formatting
from .security import init_security


def register_web(app: Flask) -> None:
    app.url_map.converters["dbint"] = DbIntConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = TextConverter
    for module in (
        auth,
        articles,
        translating,
        suggestions,
        reviewing,
        history,
        comments,
        publishing,
        reading,
        catalogs,
        importing,
        aligning,
        revising,
        jobs,
        health,
        admin,
        language,
        memory,
        glossary,
    ):
        app.register_blueprint(module.bp)
    api.init_api(app)
    assets.register(app)
    app.jinja_env.globals.update(
        reference_for=references.reference_for,
        State=State,
        state_label=state_label,
        review_label=review_label,
        comment_pieces=pieces,
        review_categories=list(Category),
        review_severities=list(Severity),
        approvable_states=APPROVABLE_STATES,
        get_locale=get_locale,
    )
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(HTTPException, _http_error)
    init_formatting(app)
    init_security(app)
    init_compression(app)
    unavailable.register(app, api.URL_PREFIX)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.user_loader(_load_user)
    app.after_request(_commit_bookkeeping)


def _load_user(user_id: str) -> User | None:
    # The cookie names a server-side session; a revoked or expired one logs no one in.
    user = sessions.user_for_session(session.get(auth.SESSION_SECRET))
    return user if user is not None and str(user.id) == user_id else None


def _commit_bookkeeping(response):
    # A session's or a token's last use is written even when the request itself
    # changed nothing (a GET); a failed request keeps nothing.
    if db.session.info.pop(sessions.BOOKKEEPING, False):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
    return response


def _service_error(exc: ServiceError):
    db.session.rollback()
    return render_template("error.html", message=str(exc), status=exc.status), exc.status


STATE_LABELS = {
    State.UNTRANSLATED: _l("Untranslated"),
    State.REJECTED: _l("Rejected"),
    State.DRAFT: _l("Draft"),
    State.NEEDS_REVIEW: _l("Needs review"),
    State.TRANSLATED: _l("Translated"),
    State.APPROVED: _l("Approved"),
}


def state_label(state: State) -> str:
    return str(STATE_LABELS[State(state)])


REVIEW_LABELS = {
    Category.ACCURACY: _l("Accuracy"),
    Category.FLUENCY: _l("Fluency"),
    Category.TERMINOLOGY: _l("Terminology"),
    Category.STYLE: _l("Style"),
    Category.LOCALE_CONVENTION: _l("Locale convention"),
    Severity.MINOR: _l("Minor"),
    Severity.MAJOR: _l("Major"),
    Severity.CRITICAL: _l("Critical"),
    ArticleState.IN_TRANSLATION: _l("In translation"),
    ArticleState.IN_REVIEW: _l("In review"),
    ArticleState.APPROVED: _l("Approved"),
    ArticleState.PUBLISHED: _l("Published"),
}


def review_label(value: str) -> str:
    """The words for an error category, a severity or an article state."""
    return str(REVIEW_LABELS.get(value, value))


HTTP_ERRORS = {
    400: _l("The request could not be understood. Reload the page and try again."),
    401: _l("Log in to continue."),
    403: _l("You are not allowed to do that."),
    404: _l("There is nothing at this address."),
    405: _l("This address does not take that kind of request."),
    413: _l("What was sent is too large."),
    429: _l("Too many requests. Wait a moment and try again."),
}
CSRF_ERROR = _l(
    "The form has expired or did not come from this site. Reload the page and try again."
)


def _http_error(exc: HTTPException):
    # Unknown URLs under the API answer in the API's own error format.
    if request.path.startswith(api.bp.url_prefix + "/"):
        return jsonify(error=exc.description), exc.code
    if exc.code is None or exc.code < 400 or exc.code not in HTTP_ERRORS:
        return exc
    message = CSRF_ERROR if isinstance(exc, CSRFError) else HTTP_ERRORS[exc.code]
    try:
        body = render_template("error.html", message=str(message), status=exc.code)
    except DBAPIError:
        # The page asks who is logged in; without a database, Werkzeug's plain page.
        db.session.rollback()
        return exc
    response = make_response(body, exc.code)
    # What the exception adds (Allow on a 405, Retry-After on a 429) goes along.
    for name, value in exc.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response
