"""A database restart while the app is in use: clear 503s, nothing half-saved, and the
app (gunicorn workers) recovers by itself once the database is back."""

import json
import urllib.error
import urllib.request

import pytest

from translate_app.extensions import db
from translate_app.services import articles
from translate_app.services.accounts import get_user, issue_token
from translate_app.web.unavailable import MESSAGE

from .conftest import SLUG
from .outage import own_postgres, seeded_app, versions
from .served import Served

pytestmark = pytest.mark.postgresql_only


def call(method: str, url: str, token: str | None = None, body: dict | None = None):
    request = urllib.request.Request(url, method=method, data=body and json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_a_database_restart_answers_503_and_the_app_recovers(tmp_path):
    with own_postgres() as server:
        app = seeded_app(server, tmp_path)
        with app.app_context():
            token = issue_token(get_user("translator"))
            segment = articles.segment_translations(articles.get_article(SLUG), "ko")[1].segment_id
            db.session.commit()
            db.session.remove()
        with Served(app, tmp_path, "--workers", "2") as served:
            url = f"{served.url}/api/v1/segments/{segment}/translations/ko"

            def save(text: str, base: int):
                body = {"text": text, "base_revision": base, "state": "draft"}
                return call("PUT", url, token, body)

            for revision, text in enumerate(["첫째", "둘째"], start=1):
                status, body = save(text, revision - 1)
                assert (status, body["revision"], body["text"]) == (200, revision, text)

            # A restart while nobody is saving: the pooled connections are dead, and the
            # first save after it finds that out by a ping and reconnects.
            server.stop("fast")
            server.start()
            for _ in range(4):  # whichever worker takes it
                status, body = call("GET", f"{served.url}/api/v1/articles", token)
                assert status == 200, body
            status, body = save("셋째", 2)
            assert (status, body["revision"]) == (200, 3), body

            server.stop("fast")
            for _ in range(4):
                status, body = save("잃어버린", 3)
                assert (status, body) == (503, {"error": MESSAGE})
            status, body = call("GET", f"{served.url}/healthz")
            assert status == 503
            assert body["error"].startswith("the database is not answering: ")

            server.start()
            status, body = save("넷째", 3)
            assert (status, body["revision"], body["text"]) == (200, 4, "넷째"), body
            assert call("GET", f"{served.url}/healthz") == (200, {"status": "ok"})
            status, body = save("다섯째", 4)
            assert (status, body["revision"]) == (200, 5)
            assert served.stop() == 0

        saved = versions(app, segment)
        assert [text for _, text, _ in saved] == ["첫째", "둘째", "셋째", "넷째", "다섯째"]
        assert [parent for _, _, parent in saved] == [None] + [vid for vid, _, _ in saved[:-1]]
        with app.app_context():
            db.engine.dispose()
