"""Every response says what a browser may load, frame, sniff, refer and keep."""

import base64
import hashlib
import re

import pytest

from translate_app.extensions import db
from translate_app.services.accounts import issue_token
from translate_app.services.articles import get_segment_translation
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .conftest import SLUG, login

HTMX = {"HX-Request": "true"}
FIXED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@pytest.fixture
def published(runner, article, users):
    st = get_segment_translation(article.segments[1].id, "ko")
    save_translation(st, users["translator"], text="번역", base_revision=0, state="translated")
    approve_translation(st, users["editor"])
    db.session.commit()
    assert runner.invoke(args=["publish", SLUG]).exit_code == 0
    return article


def policy(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response.headers["Content-Security-Policy"].split(";")]
    return {d[0]: d[1:] for d in directives}


def assert_secure(response, *, cacheable: bool) -> None:
    assert {name: response.headers.get(name) for name in FIXED} == FIXED
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    # The edition stylesheet, and the same with the rules of editions that keep markup.
    assert csp["style-src"][0] == "'self'" and len(csp["style-src"]) == 3
    assert all(source.startswith("'sha256-") for source in csp["style-src"][1:])
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert ("no-store" in response.headers.get("Cache-Control", "")) is not cacheable


def test_every_kind_of_response_is_secured(client, published, users):
    token = issue_token(users["editor"])
    db.session.commit()
    segment_id = published.segments[2].id
    anonymous = {
        "/login": 200,
        "/": 302,
        "/nowhere": 404,
        f"/read/{SLUG}/ko/9/": 404,
        "/api/v1/articles": 401,
    }
    for url, status in anonymous.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert_secure(response, cacheable=False)
    api = client.get("/api/v1/articles", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    assert_secure(api, cacheable=False)

    csrf = login(client, "editor")
    logged_in = {
        "/": 200,
        f"/articles/{SLUG}/ko/": 200,
        f"/articles/{SLUG}/ko/progress": 200,
        f"/read/{SLUG}/ko/": 200,  # public, but this reader is logged in
    }
    for url, status in logged_in.items():
        response = client.get(url, headers=HTMX)
        assert response.status_code == status, url
        assert_secure(response, cacheable=False)
    refused = client.post(
        f"/segments/{segment_id}/ko",
        data={"text": "", "base_revision": 0, "state": "draft"},
        headers={**HTMX, "X-CSRFToken": csrf},
    )
    assert refused.status_code == 422
    assert_secure(refused, cacheable=False)


def test_public_reading_pages_and_static_files_may_be_cached(client, published, users):
    for url in (f"/read/{SLUG}/ko/", f"/read/{SLUG}/ko/1/", "/static/app.css"):
        with client.get(url) as response:
            assert response.status_code == 200, url
            assert_secure(response, cacheable=True)
    login(client, "translator")
    with client.get("/static/app.js") as response:
        assert_secure(response, cacheable=True)
    with client.get("/static/nothing.js") as response:
        assert response.status_code == 404
        assert_secure(response, cacheable=False)


def test_the_policy_allows_exactly_the_reading_pages_inline_stylesheet(client, published):
    response = client.get(f"/read/{SLUG}/ko/")
    styles = re.findall(r"<style>(.*?)</style>", response.get_data(as_text=True), re.S)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy(response)["style-src"]


def test_pages_carry_no_inline_script_or_style(client, published, users):
    login(client, "editor")
    for url in ("/", f"/articles/{SLUG}/ko/", f"/read/{SLUG}/ko/", "/nowhere"):
        html = client.get(url).get_data(as_text=True)
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], url
        assert re.findall(r"\s(?:on[a-z]+|style)=", html) == [], url
        assert "javascript:" not in html, url
