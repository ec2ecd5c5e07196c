"""Machine translation suggestions from the configured providers, cached in mt_cache.

A provider is on only when its settings are given (config.py); with none, there are no
suggestions and nothing else changes. A provider that fails (unreachable, slow, an
error status, an answer without a translation) gives a suggestion with an error instead
of a text: one provider's outage never stops a translator, nor the other providers.
"""

import hashlib
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPException

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from ..config import setting_name
from ..domain import mt as domain
from ..domain.languages import LanguageError, parse_language
from ..extensions import db
from ..models import MtCacheEntry
from . import clock
from .errors import InvalidInput
from .glossary import terms_for
from .limits import current_limits, enforce_limit

log = logging.getLogger(__name__)

#: The settings that turn each provider on (the others are optional).
REQUIRED_SETTINGS = {
    "libretranslate": ("LIBRETRANSLATE_URL",),
    "deepl": ("DEEPL_KEY",),
    "openai": ("OPENAI_URL", "OPENAI_MODEL"),
}
#: Longest answer read from a provider: a paragraph's translation is far shorter, and
#: a misconfigured URL may point at something that streams without end.
MAX_ANSWER_BYTES = 1024 * 1024
#: How much of a provider's error message a suggestion repeats.
MAX_ERROR_CHARS = 300

_cache = MtCacheEntry.__table__


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """The providers' APIs do not redirect: a redirect (http:// to https://, a moved
    server) is reported as the answer it is, and a key is never sent on to another host."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass(frozen=True)
class Provider:
    name: str
    label: str


@dataclass(frozen=True)
class Suggestion:
    provider: str
    label: str
    text: str | None
    error: str | None  # one line naming the provider and what went wrong; None with a text
    cached: bool


def _configured(name: str) -> bool:
    return all(current_app.config[key] for key in REQUIRED_SETTINGS[name])


def _model(name: str) -> str:
    return current_app.config["OPENAI_MODEL"] if name == "openai" else ""


def providers() -> list[Provider]:
    """The configured providers, in domain.PROVIDERS order."""
    return [
        Provider(name, domain.label(name, _model(name)))
        for name in domain.PROVIDERS
        if _configured(name)
    ]


def settings_hint() -> str:
    """What to set to turn machine translation on, as messages say it."""
    return "; ".join(
        " and ".join(setting_name(key) for key in keys) + f" for {domain.LABELS[name]}"
        for name, keys in REQUIRED_SETTINGS.items()
    )


def _language(code: str) -> str:
    try:
        return parse_language(code).code
    except LanguageError as exc:
        raise InvalidInput(str(exc)) from None


def _chosen(provider: str | None) -> list[Provider]:
    configured = providers()
    if provider is None:
        return configured
    if provider not in domain.PROVIDERS:
        raise InvalidInput(
            f"unknown machine translation provider {provider!r}: "
            f"use one of {', '.join(domain.PROVIDERS)}"
        )
    chosen = [p for p in configured if p.name == provider]
    if not chosen:
        needed = " and ".join(setting_name(key) for key in REQUIRED_SETTINGS[provider])
        raise InvalidInput(f"the provider {provider!r} is not configured: set {needed}")
    return chosen


@dataclass(frozen=True)
class _Ask:
    """One provider's request for one text, and where its answer is cached."""

    provider: Provider
    model: str
    glossary_key: str
    request: domain.Request
    parse: Callable[[bytes], str]


def _ask(provider: Provider, text: str, source: str, target: str) -> _Ask:
    config = current_app.config
    name = provider.name
    if name == "libretranslate":
        request = domain.libretranslate_request(
            config["LIBRETRANSLATE_URL"], text, source, target, config["LIBRETRANSLATE_KEY"]
        )
        return _Ask(provider, "", "", request, domain.parse_libretranslate)
    if name == "deepl":
        request = domain.deepl_request(
            config["DEEPL_URL"], config["DEEPL_KEY"], text, source, target
        )
        return _Ask(provider, "", "", request, domain.parse_deepl)
    # Only the terms found in the text go into the prompt, so only they key the cache.
    lines = domain.glossary_lines(text, terms_for(source, target), source)
    request = domain.openai_request(
        config["OPENAI_URL"],
        config["OPENAI_MODEL"],
        text,
        source,
        target,
        lines,
        config["OPENAI_KEY"],
    )
    return _Ask(
        provider, config["OPENAI_MODEL"], domain.glossary_key(lines), request, domain.parse_openai
    )


def suggest(
    text: str, source_lang: str, target_lang: str, *, provider: str | None = None
) -> list[Suggestion]:
    """One suggestion per configured provider (or only ``provider``), in PROVIDERS order.

    Answers are cached: the same text asked again costs no request. A failed provider's
    suggestion has an error and no text, and is not cached. Cache rows are added to the
    session for the caller to commit.
    """
    if not text.strip():
        raise InvalidInput("nothing to translate: the text is empty")
    # As long as a paragraph may be, and no longer: providers charge by the character.
    limits = current_limits()
    enforce_limit(
        "the text", len(text), "characters", "MAX_SEGMENT_CHARS", limits.max_segment_chars
    )
    source, target = _language(source_lang), _language(target_lang)
    if source == target:
        raise InvalidInput(f"machine translation is between two languages, not {source} to itself")
    chosen = _chosen(provider)
    if not chosen:
        return []
    source_key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    asks = [_ask(p, text, source, target) for p in chosen]
    found: dict[str, Suggestion | None] = {
        ask.provider.name: _cached(ask, source, target, source_key) for ask in asks
    }
    missing = [ask for ask in asks if found[ask.provider.name] is None]
    timeout = float(current_app.config["MT_TIMEOUT"])
    answers = []
    if missing:
        # The providers are asked at once: a slow one costs its own time, not the sum.
        with ThreadPoolExecutor(max_workers=len(missing)) as pool:
            answers = list(pool.map(lambda ask: _fetch(ask, timeout), missing))
    for ask, (body, error) in zip(missing, answers, strict=True):
        found[ask.provider.name] = _outcome(ask, body, error, source, target, source_key)
    return [found[ask.provider.name] for ask in asks]


def _outcome(
    ask: _Ask, body: bytes, error: str | None, source: str, target: str, source_key: str
) -> Suggestion:
    name, label = ask.provider.name, ask.provider.label
    if error is None:
        try:
            translation = ask.parse(body)
        except domain.MtError as exc:
            error = str(exc)
        else:
            _remember(ask, source, target, source_key, translation)
            return Suggestion(name, label, translation, None, cached=False)
    error = _one_line(error)
    log.warning("machine translation failed: %s", error)
    return Suggestion(name, label, None, error, cached=False)


def _cached(ask: _Ask, source: str, target: str, source_key: str) -> Suggestion | None:
    text = db.session.scalar(
        select(_cache.c.text).where(
            _cache.c.provider == ask.provider.name,
            _cache.c.model == ask.model,
            _cache.c.source_lang == source,
            _cache.c.target_lang == target,
            _cache.c.source_key == source_key,
            _cache.c.glossary_key == ask.glossary_key,
        )
    )
    if text is None:
        return None
    return Suggestion(ask.provider.name, ask.provider.label, text, None, cached=True)


def _remember(ask: _Ask, source: str, target: str, source_key: str, text: str) -> None:
    # Two translators may ask for the same new paragraph at once: the second row is
    # the same answer, and is dropped rather than failing the request.
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    db.session.execute(
        insert(_cache)
        .values(
            provider=ask.provider.name,
            model=ask.model,
            source_lang=source,
            target_lang=target,
            source_key=source_key,
            glossary_key=ask.glossary_key,
            text=text,
            created_at=clock.now(),
        )
        .on_conflict_do_nothing()
    )


def _fetch(ask: _Ask, timeout: float) -> tuple[bytes, str | None]:
    """The body of the provider's answer, or an error naming the provider.

    Runs in a worker thread: no application context, no database.
    """
    label, request = ask.provider.label, ask.request
    http_request = urllib.request.Request(
        request.url, data=request.body, headers=request.headers, method="POST"
    )
    try:
        with _opener.open(http_request, timeout=timeout) as response:
            return response.read(MAX_ANSWER_BYTES), None
    except urllib.error.HTTPError as exc:
        with exc:
            body = exc.read(MAX_ANSWER_BYTES)
        message = domain.error_message(ask.provider.name, body) or exc.reason
        return b"", f"{label} answered {exc.code}: {message}"
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            return b"", _timed_out(label, timeout)
        return b"", f"{label} could not be reached at {request.url}: {exc.reason}"
    except TimeoutError:
        return b"", _timed_out(label, timeout)
    except (OSError, HTTPException) as exc:
        return b"", f"{label} could not be reached at {request.url}: {exc or type(exc).__name__}"


def _timed_out(label: str, timeout: float) -> str:
    return (
        f"{label} did not answer within {timeout:g} seconds "
        f"({setting_name('MT_TIMEOUT')} sets how long to wait)"
    )


def _one_line(message: str) -> str:
    line = " ".join(str(message).split())
    return line if len(line) <= MAX_ERROR_CHARS else line[: MAX_ERROR_CHARS - 1] + "…"
