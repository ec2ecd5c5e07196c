"""Configuration: defaults, then environment variables prefixed with TRANSLATE_APP_.

Every setting can be given as ``TRANSLATE_APP_<NAME>`` (see README). With nothing set,
the database, the editions and the secret key live in the instance folder.
"""

import secrets
from pathlib import Path

from flask import Flask

from .files import write_private

ENV_PREFIX = "TRANSLATE_APP"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def load_config(app: Flask, overrides: dict | None) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.update(
        DATABASE_URL=f"sqlite:///{instance / 'translate_app.sqlite3'}",
        LOCALES_DIR=str(PROJECT_ROOT / "locales"),
        EDITIONS_DIR=str(instance / "editions"),
        JOBS_DB=str(instance / "jobs.sqlite3"),
        UI_LOCALES_DIR=str(PROJECT_ROOT / "locales"),
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.config.from_prefixed_env(ENV_PREFIX)
    if overrides:
        app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = app.config["UI_LOCALES_DIR"]


def _instance_secret(path: Path) -> str:
    # Kept on disk so that sessions survive a restart of the development server.
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    write_private(path, key)
    return key
