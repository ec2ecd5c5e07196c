"""Static files with a fingerprint of their content in the URL, cached for a year.

``url_for('static', filename='app.css')`` gives ``/static/app.css?v=<sha256[:12]>``.
A request that names the current fingerprint is answered as immutable, so browsers
and proxies keep it a year; a deploy that changes the file changes its URL. A
request without it, or with an old one, gets a short lifetime.
"""

import hashlib
import threading
from pathlib import Path

from flask import Flask, request, send_from_directory
from flask.sessions import SecureCookieSessionInterface
from werkzeug.security import safe_join

YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={YEAR}, immutable"
SHORT_MAX_AGE = 300
SHORT = f"public, max-age={SHORT_MAX_AGE}"


class Fingerprints:
    """The content hash of each file in a folder, read once per process.

    Static files change only with a deploy, which restarts the processes.
    """

    def __init__(self, folder: str):
        self.folder = folder
        self._known: dict[str, str] = {}
        self._lock = threading.Lock()

    def __call__(self, filename: str) -> str | None:
        with self._lock:
            if filename not in self._known:
                path = safe_join(self.folder, filename)
                if path is None or not Path(path).is_file():
                    return None  # not remembered: unknown names must not grow the table
                with open(path, "rb") as handle:
                    digest = hashlib.file_digest(handle, "sha256").hexdigest()[:12]
                self._known[filename] = digest
            return self._known[filename]


# The same bytes for everyone: no session cookie, and no "Vary: Cookie" that would make
# a shared cache keep one copy per visitor.
SESSIONLESS_ENDPOINTS = {"static", "health.healthz"}


class SessionInterface(SecureCookieSessionInterface):
    def save_session(self, app, session, response) -> None:
        if request.endpoint in SESSIONLESS_ENDPOINTS and not session.modified:
            return
        super().save_session(app, session, response)


def register(app: Flask) -> None:
    app.session_interface = SessionInterface()
    fingerprints = Fingerprints(app.static_folder)
    app.extensions["static_fingerprints"] = fingerprints

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = fingerprints(values["filename"])
            if digest:
                values["v"] = digest

    def static(filename: str):
        asked = request.args.get("v")
        fresh = asked is not None and asked == fingerprints(filename)
        response = send_from_directory(
            app.static_folder, filename, max_age=YEAR if fresh else SHORT_MAX_AGE
        )
        response.headers["Cache-Control"] = IMMUTABLE if fresh else SHORT
        return response

    app.view_functions["static"] = static
