"""Text answers go out gzipped to clients that accept it, and decompress to the same thing."""

import gzip
import re

import pytest
from flask import Response

from translate_app.domain.segment_filter import PAGE_SIZE
from translate_app.extensions import db
from translate_app.services.accounts import issue_token
from translate_app.services.importing import import_article

from .conftest import login

GZIP = {"Accept-Encoding": "gzip, deflate, br, zstd"}
HTMX = {"HX-Request": "true"}
LONG_SLUG = "long-article"
# The CSRF token is signed with a timestamp: two renderings a second apart differ there.
_TOKEN = re.compile(r'(name="csrf_token"[^>]*?value="|"X-CSRFToken": ")[^"]+')


@pytest.fixture
def long_article(ctx):
    paragraphs = [
        f"Paragraph {n} of a long article, with words enough to fill a row." for n in range(400)
    ]
    data = ("A long article\n\n" + "\n\n".join(paragraphs)).encode()
    made = import_article(data, f"{LONG_SLUG}.en.txt", source_lang="en", target_langs=["ko"])
    db.session.commit()
    return made


def same_page(html: str) -> str:
    return _TOKEN.sub(r"\1TOKEN", html)


def test_a_large_editor_page_comes_gzipped_and_decompresses_to_the_same_html(
    client, users, long_article
):
    login(client, "translator")
    url = f"/articles/{LONG_SLUG}/ko/"
    plain = client.get(url)
    zipped = client.get(url, headers=GZIP)
    assert plain.status_code == zipped.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(zipped.get_data()).decode()
    assert html.count('<tr id="segment-') == PAGE_SIZE
    assert same_page(html) == same_page(plain.get_data(as_text=True))
    assert int(zipped.headers["Content-Length"]) == len(zipped.get_data())
    assert len(zipped.get_data()) * 4 < len(plain.get_data())
    for response in (plain, zipped):
        vary = {v.strip() for v in response.headers["Vary"].split(",")}
        assert {"Accept-Encoding", "HX-Request"} <= vary


def test_htmx_fragments_and_the_api_decompress_to_the_same_body(client, users, long_article):
    login(client, "translator")
    url = f"/articles/{LONG_SLUG}/ko/"
    fragment = client.get(url, headers={**HTMX, **GZIP})
    assert fragment.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(fragment.get_data()) == client.get(url, headers=HTMX).get_data()

    token = issue_token(users["translator"])
    db.session.commit()
    api_url = f"/api/v1/articles/{LONG_SLUG}/segments?lang=ko"
    auth = {"Authorization": f"Bearer {token}"}
    zipped = client.get(api_url, headers={**auth, **GZIP})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == client.get(api_url, headers=auth).get_data()


def test_small_and_refused_answers_are_sent_as_they_are(client, users, long_article):
    token = login(client, "translator")
    small = client.get("/nowhere", headers=GZIP)
    assert small.status_code == 404 and "Content-Encoding" not in small.headers
    refused = client.post(
        f"/segments/{long_article.segments[1].id}/ko",
        data={"text": "x" * 2000, "base_revision": 7, "state": "draft"},
        headers={**HTMX, **GZIP, "X-CSRFToken": token},
    )
    assert refused.status_code == 409 and "Content-Encoding" not in refused.headers


def test_static_files_come_gzipped_with_their_own_etag_and_still_answer_304(client):
    url = "/static/htmx-2.0.11.min.js"
    with client.get(url) as plain:
        original = plain.get_data()
        plain_etag = plain.headers["ETag"]
    with client.get(url, headers=GZIP) as zipped:
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(zipped.get_data()) == original
        etag = zipped.headers["ETag"]
    # The gzipped bytes are another representation: another validator, that still works.
    assert etag != plain_etag
    with client.get(url, headers={**GZIP, "If-None-Match": etag}) as again:
        assert again.status_code == 304 and again.get_data() == b""
    with client.get(url, headers={"If-None-Match": plain_etag}) as again:
        assert again.status_code == 304


def test_partial_answers_stay_uncompressed(client):
    with client.get("/static/app.css", headers={**GZIP, "Range": "bytes=0-999"}) as partial:
        assert partial.status_code == 206
        assert "Content-Encoding" not in partial.headers
        assert len(partial.get_data()) == 1000


def test_streamed_answers_pass_through_chunk_by_chunk(app, client):
    chunks = [f"<p>chunk {n}</p>\n" * 50 for n in range(3)]

    @app.get("/test-stream")
    def stream():
        return Response(iter(chunks), mimetype="text/html")

    with client.get("/test-stream", headers=GZIP) as response:
        assert "Content-Encoding" not in response.headers
        assert response.get_data(as_text=True) == "".join(chunks)
