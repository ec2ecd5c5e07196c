"""Static files: fingerprinted URLs, a year's cache for the current fingerprint."""

import hashlib
import re
from pathlib import Path

import pytest

from translate_app.web.assets import Fingerprints

STATIC = Path(__file__).resolve().parent.parent / "translate_app" / "static"
YEAR = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"


def fetch(client, url: str, **kwargs):
    """GET a static file; files are streamed, so the response is read and closed here."""
    with client.get(url, **kwargs) as response:
        response.body = response.get_data()
        return response


def sha(name: str) -> str:
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]


def test_every_static_url_on_a_page_carries_the_hash_of_the_file(client):
    page = client.get("/login").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    names = {url.split("?")[0].removeprefix("/static/") for url in urls}
    assert names == {"app.css", "app.js", "htmx-2.0.11.min.js"}
    for url in urls:
        name = url.split("?")[0].removeprefix("/static/")
        assert url == f"/static/{name}?v={sha(name)}"


def test_the_current_fingerprint_is_cached_for_a_year(client):
    response = fetch(client, f"/static/app.js?v={sha('app.js')}")
    assert response.status_code == 200
    assert response.body == (STATIC / "app.js").read_bytes()
    assert response.headers["Cache-Control"] == YEAR
    # The same bytes for everyone: no cookie, nothing that splits a shared cache.
    assert "Set-Cookie" not in response.headers
    # One copy for everyone in a shared cache: the answer never varies with the cookie.
    assert "cookie" not in response.headers.get("Vary", "").lower()
    revalidated = fetch(
        client,
        f"/static/app.js?v={sha('app.js')}",
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert revalidated.status_code == 304
    assert revalidated.headers["Cache-Control"] == YEAR


@pytest.mark.parametrize("query", ["", "?v=", "?v=0123456789ab", "?x=1"])
def test_without_the_current_fingerprint_the_lifetime_is_short(client, query):
    response = fetch(client, f"/static/app.css{query}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == SHORT


@pytest.mark.parametrize("name", ["missing.css", "../config.py", "..%2F__init__.py"])
def test_unknown_or_outside_files_are_404(client, name):
    assert fetch(client, f"/static/{name}?v=0123456789ab").status_code == 404


def test_a_hash_is_computed_once_per_file_per_process(tmp_path):
    (tmp_path / "a.css").write_text("body { color: red }")
    fingerprints = Fingerprints(str(tmp_path))
    first = fingerprints("a.css")
    assert first == hashlib.sha256(b"body { color: red }").hexdigest()[:12]
    (tmp_path / "a.css").write_text("body { color: blue }")
    assert fingerprints("a.css") == first  # read once; a deploy restarts the processes
    assert Fingerprints(str(tmp_path))("a.css") != first


def test_names_that_are_not_files_get_no_fingerprint(tmp_path):
    (tmp_path / "sub").mkdir()
    fingerprints = Fingerprints(str(tmp_path))
    assert fingerprints("missing.css") is None
    assert fingerprints("sub") is None
    assert fingerprints("../outside.css") is None
    (tmp_path / "missing.css").write_text("late")
    assert fingerprints("missing.css") == hashlib.sha256(b"late").hexdigest()[:12]
