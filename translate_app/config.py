"""Configuration: defaults, then environment variables prefixed with TRANSLATE_APP_.

Every setting can be given as ``TRANSLATE_APP_<NAME>`` (see README). With nothing set,
the database, the editions and the secret key live in the instance folder.
"""

import re
import secrets
from datetime import timedelta
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
        # Report-Msgid-Bugs-To of the article catalogs: where a translator in another
        # tool reports a problem with a source text (an address or a URL).
        CATALOG_BUGS_ADDRESS="",
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Off so that `make run` works on http://127.0.0.1; turn it on behind HTTPS.
        SESSION_COOKIE_SECURE=False,
        SESSION_LIFETIME_HOURS=12,
        SESSION_IDLE_MINUTES=0,
        TOKEN_LIFETIME_DAYS=90,
        LOGIN_MAX_FAILURES_PER_NAME=5,
        LOGIN_MAX_FAILURES_PER_ADDRESS=20,
        LOGIN_THROTTLE_WINDOW_MINUTES=15,
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
        WORKERS=2,
        THREADS=4,
        PROXY_FIX="",
        SQLITE_BUSY_TIMEOUT=10_000,
        # Machine translation: each provider is on only when configured (README,
        # "Machine translation"); with none, the editor shows no machine suggestions.
        LIBRETRANSLATE_URL="",
        LIBRETRANSLATE_KEY="",
        DEEPL_KEY="",
        DEEPL_URL="",
        OPENAI_URL="",
        OPENAI_KEY="",
        OPENAI_MODEL="",
        MT_TIMEOUT=15,
    )
    app.config.from_prefixed_env(ENV_PREFIX)
    if overrides:
        app.config.update(overrides)
    for key in LIMIT_SETTINGS:
        value = app.config[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{setting_name(key)} must be a positive whole number, not {value!r}")
    _check_account_settings(app.config)
    _check_mt_settings(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
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


def engine_options(config) -> dict:
    # A pooled connection that died with a database restart is found by the ping and
    # replaced, so the app recovers without a restart of its own.
    options = {"pool_pre_ping": True, **config.get("SQLALCHEMY_ENGINE_OPTIONS", {})}
    if str(config["DATABASE_URL"]).startswith("sqlite"):
        busy_ms = whole_number(config, "SQLITE_BUSY_TIMEOUT", minimum=0)
        # sqlite3's timeout is the busy timeout: how long a writer waits for another's lock.
        options["connect_args"] = {"timeout": busy_ms / 1000, **options.get("connect_args", {})}
    return options


def whole_number(config, name: str, *, minimum: int = 1) -> int:
    value = config.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(
            f"{ENV_PREFIX}_{name} must be a whole number of at least {minimum}, not {value!r}"
        )
    return value


PROXY_FIX_KEYS = ("x_for", "x_proto", "x_host", "x_port", "x_prefix")


def proxy_fix_counts(value) -> dict[str, int]:
    """Parse ``"x_for=1,x_proto=1"`` (or a dict) into ProxyFix's keyword arguments.

    Each count is how many proxies in front of the app set that X-Forwarded-* header;
    an empty value trusts none of them.
    """
    if isinstance(value, dict):
        items = list(value.items())
    else:
        items = []
        for part in str(value or "").split(","):
            if part.strip():
                key, sep, count = part.partition("=")
                if not sep:
                    raise ValueError(
                        f"{ENV_PREFIX}_PROXY_FIX: {part.strip()!r} is not NAME=COUNT "
                        "(e.g. x_for=1,x_proto=1)"
                    )
                items.append((key.strip(), count.strip()))
    counts = {}
    for key, count in items:
        if key not in PROXY_FIX_KEYS:
            raise ValueError(
                f"{ENV_PREFIX}_PROXY_FIX: unknown header {key!r}; use {', '.join(PROXY_FIX_KEYS)}"
            )
        if isinstance(count, bool) or not re.fullmatch(r"[0-9]{1,3}", str(count)):
            raise ValueError(
                f"{ENV_PREFIX}_PROXY_FIX: {key} must count proxies (0, 1, 2 ...), not {count!r}"
            )
        counts[key] = int(count)
    return counts


# name: (smallest, largest); 0 turns the idle limit off.
_WHOLE_NUMBERS = {
    "SESSION_LIFETIME_HOURS": (1, 24 * 366),
    "SESSION_IDLE_MINUTES": (0, 60 * 24 * 366),
    "TOKEN_LIFETIME_DAYS": (1, 3650),
    "LOGIN_MAX_FAILURES_PER_NAME": (1, 10_000),
    "LOGIN_MAX_FAILURES_PER_ADDRESS": (1, 10_000),
    "LOGIN_THROTTLE_WINDOW_MINUTES": (1, 60 * 24 * 366),
}
_SWITCHES = {"true": True, "on": True, "yes": True, "1": True}
_SWITCHES |= {"false": False, "off": False, "no": False, "0": False}


def _check_account_settings(config) -> None:
    """Refuse a mistyped setting at start-up rather than run with a surprise."""
    for name, (low, high) in _WHOLE_NUMBERS.items():
        value = config[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(
                f"{setting_name(name)} must be a whole number from {low} to {high}, not {value!r}"
            )
    secure = config["SESSION_COOKIE_SECURE"]
    if not isinstance(secure, bool):
        if str(secure).lower() not in _SWITCHES:
            raise ValueError(
                f"{ENV_PREFIX}_SESSION_COOKIE_SECURE must be true or false, not {secure!r}"
            )
        secure = _SWITCHES[str(secure).lower()]
    config["SESSION_COOKIE_SECURE"] = secure
    # Flask-Login's remember-me cookie (not offered by the login form) follows suit.
    config.update(
        REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=config["SESSION_LIFETIME_HOURS"]),
    )


MT_TEXT_SETTINGS = (
    "LIBRETRANSLATE_URL",
    "LIBRETRANSLATE_KEY",
    "DEEPL_KEY",
    "DEEPL_URL",
    "OPENAI_URL",
    "OPENAI_KEY",
    "OPENAI_MODEL",
)
MT_URL_SETTINGS = ("LIBRETRANSLATE_URL", "DEEPL_URL", "OPENAI_URL")
DEEPL_FREE_URL = "https://api-free.deepl.com"
DEEPL_PRO_URL = "https://api.deepl.com"


def _check_mt_settings(config) -> None:
    # The environment reads values as JSON: a key of digits would arrive as a number.
    for name in MT_TEXT_SETTINGS:
        value = config[name]
        config[name] = "" if value is None else str(value).strip()
    for name in MT_URL_SETTINGS:
        url = config[name]
        if url and not re.match(r"https?://[^/\s]+", url):
            raise ValueError(
                f"{setting_name(name)} must be an http:// or https:// URL, not {url!r}"
            )
    if config["OPENAI_URL"] and not config["OPENAI_MODEL"]:
        raise ValueError(
            f"{setting_name('OPENAI_MODEL')} must name the model when "
            f"{setting_name('OPENAI_URL')} is set (e.g. llama3.1 for Ollama)"
        )
    if config["DEEPL_KEY"] and not config["DEEPL_URL"]:
        # DeepL API Free keys end in ":fx" and are served by their own host.
        free = config["DEEPL_KEY"].endswith(":fx")
        config["DEEPL_URL"] = DEEPL_FREE_URL if free else DEEPL_PRO_URL
    timeout = config["MT_TIMEOUT"]
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
        raise ValueError(
            f"{setting_name('MT_TIMEOUT')} must be a positive number of seconds, not {timeout!r}"
        )
