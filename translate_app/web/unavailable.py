"""When the database stops answering: roll back, answer 503, keep the app running.

With ``pool_pre_ping`` (config.py) the next request after the database is back gets a
fresh connection, so the app recovers by itself. Nothing of the failed request was
committed; the editor keeps the typed text in its box (static/app.js).
"""

from flask import Flask, g, jsonify, make_response, render_template, request
from sqlalchemy.exc import DBAPIError, OperationalError

from ..extensions import db, login_manager
from . import htmx

MESSAGE = "the database is not answering; nothing was saved, try again in a moment"
RETRY_AFTER_SECONDS = 5


def register(app: Flask, api_prefix: str) -> None:
    def database_unavailable(exc: DBAPIError):
        # A lost connection (restart, network) or a refused one; other database errors
        # (a broken constraint, bad SQL) are bugs and stay 500s.
        if not (exc.connection_invalidated or isinstance(exc, OperationalError)):
            raise exc
        db.session.rollback()
        if request.path.startswith(api_prefix + "/"):
            response = jsonify(error=MESSAGE)
        elif htmx.is_htmx():
            # htmx does not swap an error: the row and the text in it stay as they were.
            response = make_response(MESSAGE, {"Content-Type": "text/plain; charset=utf-8"})
        else:
            if "_login_user" not in g:
                # Flask-Login puts current_user in every template's context, and would ask
                # the database who is logged in; this page does not show who it is.
                g._login_user = login_manager.anonymous_user()
            response = make_response(render_template("unavailable.html"))
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response.headers["Cache-Control"] = "no-store"
        return response

    app.register_error_handler(DBAPIError, database_unavailable)
