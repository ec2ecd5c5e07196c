"""Configuration: defaults, then environment variables prefixed with TRANSLATE_APP_.

Every setting can be given as ``TRANSLATE_APP_<NAME>`` (see README). With nothing set,
the database, the editions and the secret key live in the instance folder.
"""

import secrets
from pathlib import Path

from flask import Flask, current_app

from .domain.limits import Limits
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
        MAX_SEGMENTS=Limits.max_segments,
        MAX_SEGMENT_CHARS=Limits.max_segment_chars,
        MAX_IMPORT_BYTES=Limits.max_import_bytes,
        # Text answers go out gzipped when the client accepts it (Flask-Compress). Only
        # 2xx answers are compressed, so error pages that echo a URL never sit beside a
        # CSRF token in a compressed body (BREACH).
        COMPRESS_MIMETYPES=[
            "text/html",
            "text/css",
            "text/javascript",
            "application/javascript",
            "application/json",
        ],
        COMPRESS_ALGORITHM="gzip",
        COMPRESS_STREAMS=False,
    )
    app.config.from_prefixed_env(ENV_PREFIX)
    if overrides:
        app.config.update(overrides)
    for key in LIMIT_SETTINGS:
        value = app.config[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{setting_name(key)} must be a positive whole number, not {value!r}")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = app.config["UI_LOCALES_DIR"]


LIMIT_SETTINGS = ("MAX_SEGMENTS", "MAX_SEGMENT_CHARS", "MAX_IMPORT_BYTES")


def setting_name(key: str) -> str:
    """The environment variable that sets ``key``, as messages name it."""
    return f"{ENV_PREFIX}_{key}"


def current_limits() -> Limits:
    config = current_app.config
    return Limits(
        max_segments=config["MAX_SEGMENTS"],
        max_segment_chars=config["MAX_SEGMENT_CHARS"],
        max_import_bytes=config["MAX_IMPORT_BYTES"],
    )


def _instance_secret(path: Path) -> str:
    # Kept on disk so that sessions survive a restart of the development server.
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    write_private(path, key)
    return key
