"""``GET /healthz`` for load balancers and process supervisors: is the database answering?"""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        response = jsonify(status="error", error=f"the database is not answering: {problem(exc)}")
        response.status_code = 503
    else:
        response = jsonify(status="ok")
    # A cached "ok" would hide an outage from whoever asks next.
    response.headers["Cache-Control"] = "no-store"
    return response


def problem(exc: SQLAlchemyError) -> str:
    """The driver's own first line (e.g. "Connection refused"), without SQLAlchemy's notes."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__
