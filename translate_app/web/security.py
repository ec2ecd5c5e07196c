"""Headers every response carries: what the browser may load, frame, sniff, send and keep."""

import base64
import hashlib

from flask import Flask, Response, request
from flask_login import current_user

# Pages anyone may read, the same for everyone: a shared cache may keep them.
PUBLIC_ENDPOINTS = frozenset(
    {
        "static",
        "reading.index",
        "reading.article",
        "reading.latest",
        "reading.edition",
        "reading.editions",
        "reading.diff",
        "reading.download",
    }
)


def init_security(app: Flask) -> None:
    policy = content_security_policy(app)

    @app.after_request
    def secure_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        if not _cacheable(response):
            response.cache_control.no_store = True
        return response


def content_security_policy(app: Flask) -> str:
    # The reading page inlines its stylesheet so that an exported edition reads alone;
    # the served page allows exactly that stylesheet by its hash, and nothing else inline.
    # An edition whose rows keep markup and structure adds the rules for them to it.
    edition_css = app.jinja_env.get_template("publishing/_edition.css").render()
    markup_css = app.jinja_env.get_template("publishing/_edition_markup.css").render()
    digests = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'"
        for css in (edition_css, edition_css + markup_css)
    )
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            f"style-src 'self' {digests}",
            "img-src 'self' data:",  # the empty data: favicon that spares a request
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def _cacheable(response: Response) -> bool:
    # A missing edition may be published in a minute: only found pages are kept.
    if response.status_code >= 400 or request.endpoint not in PUBLIC_ENDPOINTS:
        return False
    # Static files need no session, so no user is loaded for them.
    return request.endpoint == "static" or not current_user.is_authenticated
