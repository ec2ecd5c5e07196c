"""translate_app: a translation workflow for a bilingual publication."""

import os
import sqlite3
from pathlib import Path

from flask import Flask, has_request_context, request, session
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import PROJECT_ROOT, load_config, proxy_fix_counts
from .extensions import babel, csrf, db, login_manager, migrate
from .files import create_private

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
UI_LANGUAGES = ("en", "ko")
# The key in Flask's session cookie that carries the language chosen in this browser.
UI_LANG_KEY = "ui_lang"


def create_app(config: dict | None = None) -> Flask:
    config = dict(config or {})
    instance_path = config.pop("INSTANCE_PATH", None) or os.environ.get(
        "TRANSLATE_APP_INSTANCE_PATH"
    )
    app = Flask(__name__, instance_path=instance_path and os.path.abspath(instance_path))
    load_config(app, config)
    app.json.ensure_ascii = False  # Korean stays readable in API responses
    proxies = proxy_fix_counts(app.config["PROXY_FIX"])
    if proxies:
        # Only behind a proxy that sets these headers: otherwise any client could forge them.
        app.wsgi_app = ProxyFix(app.wsgi_app, **{"x_for": 0, "x_proto": 0, **proxies})

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    babel.init_app(app, locale_selector=_select_locale)
    login_manager.init_app(app)
    csrf.init_app(app)

    from . import models  # noqa: F401  (registers the tables on the metadata)
    from .cli import register_cli
    from .web import register_web
    from .worker import init_app as init_jobs

    init_jobs(app)
    register_web(app)
    register_cli(app)
    return app


def _select_locale() -> str:
    """The user's choice, then this browser's (the session), then Accept-Language."""
    if not has_request_context():
        return UI_LANGUAGES[0]
    from flask_login import current_user

    for chosen in (getattr(current_user, "ui_lang", None), session.get(UI_LANG_KEY)):
        if chosen in UI_LANGUAGES:
            return chosen
    return request.accept_languages.best_match(UI_LANGUAGES) or UI_LANGUAGES[0]


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers work while a translator saves; foreign keys are off by default.
    # The busy timeout is sqlite3's connect timeout (SQLITE_BUSY_TIMEOUT in config.py).
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@event.listens_for(Engine, "do_connect")
def _private_sqlite_file(dialect, _record, cargs, cparams) -> None:
    # The database holds password hashes and unpublished work: SQLite would create it
    # (and its -wal and -shm, which copy its mode) readable by everyone under umask 022.
    if dialect.name != "sqlite" or cparams.get("uri"):
        return
    filename = cargs[0] if cargs else cparams.get("database")
    if filename and filename != ":memory:":
        create_private(Path(filename))
