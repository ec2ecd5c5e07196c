import unicodedata
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.urls import iri_to_uri
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .. import UI_LANG_KEY
from ..extensions import db
from ..services import logins, sessions

bp = Blueprint("auth", __name__)

# The key in Flask's session cookie that carries the server-side session's secret.
SESSION_SECRET = "session_secret"


class LoginForm(FlaskForm):
    # No account has a longer name (and the audit log keeps names to that length).
    name = StringField(_l("User name"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if not form.validate_on_submit():
        status = 200 if request.method == "GET" else 401
        return render_template("auth/login.html", form=form), status
    try:
        user = logins.log_in(form.name.data.strip(), form.password.data)
    except logins.Throttled as exc:
        minutes = -(-exc.retry_after // 60)
        flash(
            ngettext(
                "Too many failed logins for this name or from this address. "
                "Try again in %(num)d minute.",
                "Too many failed logins for this name or from this address. "
                "Try again in %(num)d minutes.",
                minutes,
            ),
            "error",
        )
        headers = {"Retry-After": str(exc.retry_after)}
        return render_template("auth/login.html", form=form), 429, headers
    if user is None:
        db.session.commit()
        flash(_l("Wrong user name or password."), "error")
        return render_template("auth/login.html", form=form), 401
    secret = sessions.start_session(user, user_agent=request.user_agent.string)
    db.session.commit()
    _fresh_session()
    session.permanent = True
    session[SESSION_SECRET] = secret
    login_user(user)
    return redirect(safe_next(request.args.get("next")) or url_for("articles.index"))


@bp.post("/logout")
@login_required
def logout():
    sessions.end_session(session.get(SESSION_SECRET))
    db.session.commit()
    logout_user()
    _fresh_session()
    return redirect(url_for("auth.login"))


def _fresh_session() -> None:
    # Nothing from before a login or a logout survives it, the CSRF token included:
    # a token planted in an anonymous cookie must not be valid once logged in.
    # The language chosen in this browser is kept: it is no secret.
    lang = session.get(UI_LANG_KEY)
    session.clear()
    if lang is not None:
        session[UI_LANG_KEY] = lang
    g.pop("csrf_token", None)


def safe_next(target: str | None) -> str | None:
    r"""``target`` if a browser would read it as a path on this site, else None.

    An open redirect after login is a phishing aid, so the check reads the URL as a
    browser does: browsers drop tabs and line breaks anywhere in a URL ("/%09/evil" is
    "//evil") and treat a backslash as a slash ("/\evil" is "//evil"). Anything with a
    control character or whitespace is refused outright rather than cleaned up.
    """
    if not target or any(_unsafe_character(ch) for ch in target):
        return None
    as_browser_reads = target.replace("\\", "/")
    if not as_browser_reads.startswith("/") or as_browser_reads.startswith("//"):
        return None
    parts = urlsplit(as_browser_reads)
    if parts.scheme or parts.netloc:
        return None
    # Header values are Latin-1: a path with Korean in it goes out percent-encoded.
    return iri_to_uri(as_browser_reads)


def _unsafe_character(ch: str) -> bool:
    # C*: controls, format characters (zero-width, bidi), surrogates, unassigned;
    # Z*: every kind of space and line or paragraph separator.
    return ch.isspace() or unicodedata.category(ch)[0] in "CZ"
