"""After login, ``next`` leads only to a path on this site, as a browser reads the URL."""

import re
from urllib.parse import urljoin, urlsplit

import pytest

from translate_app.web.auth import safe_next

from .conftest import PASSWORD, csrf_token

BASE = "http://localhost/login"

HOSTILE = [
    "//evil.example/",
    "///evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r/evil.example/",
    "\t//evil.example/",
    "/\t\t/evil.example/",
    "/\\evil.example/",
    "\\/evil.example/",
    "\\\\evil.example/",
    "/\\/evil.example/",
    "/\t\\evil.example/",
    " //evil.example/",
    "/ /evil.example/",
    "https://evil.example/",
    "http:evil.example",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "@evil.example",
    "/\r\nSet-Cookie: stolen=1",
    "/\r\n\r\n<script>alert(1)</script>",
    "/\x00/evil.example/",
    "\x00//evil.example/",
    "/\x0b/evil.example/",
    "/\x0c/evil.example/",
    "/\x1f/evil.example/",
    "/\x7f/evil.example/",
    "/\x85/evil.example/",
    "/\u00a0/evil.example/",
    "/\u2028/evil.example/",
    "/\u3000/evil.example/",
    "/\u200b/evil.example/",
    "/\u202e/evil.example/",
    "/\ufeff/evil.example/",
    "",
]

SAFE = [
    ("/", "/"),
    ("/articles/provincialization-of-pyongyang/ko/", None),
    ("/read/provincialization-of-pyongyang/ko/1/?layout=x#p3", None),
    # Percent-escapes stay escapes: the browser asks this site for that path.
    ("/%09/evil.example/", None),
    ("/%2F%2Fevil.example/", None),
    ("/a\\b", "/a/b"),
    ("/articles/평양/ko/", "/articles/%ED%8F%89%EC%96%91/ko/"),
]


def as_a_browser_reads(location: str) -> str:
    """Resolve a Location header the way the WHATWG URL parser does for http(s) URLs."""
    location = location.strip("".join(map(chr, range(0x21))))
    location = re.sub("[\t\n\r]", "", location).replace("\\", "/")
    return urljoin(BASE, location)


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_are_refused(target):
    assert safe_next(target) is None


@pytest.mark.parametrize(("target", "expected"), SAFE)
def test_paths_on_this_site_are_kept(target, expected):
    location = safe_next(target)
    assert location == (expected or target)
    assert urlsplit(as_a_browser_reads(location)).netloc == "localhost"


def test_the_browser_reading_helper_sees_the_attacks():
    # The helper is what the login test below trusts: it must see through the tricks.
    assert urlsplit(as_a_browser_reads("/\t/evil.example/")).netloc == "evil.example"
    assert urlsplit(as_a_browser_reads("/\\evil.example/")).netloc == "evil.example"


def test_login_follows_next_only_to_paths_on_this_site(client, users):
    # One login per row, in one test: creating the users (password hashing) is the slow part.
    def location_after_login(target: str) -> tuple[int, str]:
        # Each login starts a new session with a new CSRF token: ask for it each time.
        response = client.post(
            "/login",
            query_string={"next": target},
            data={"name": "translator", "password": PASSWORD, "csrf_token": csrf_token(client)},
        )
        return response.status_code, response.headers.get("Location")

    # CR/LF used to log the user in and then fail with a 500 on the header.
    assert {t: location_after_login(t) for t in HOSTILE} == {t: (302, "/") for t in HOSTILE}
    assert {t: location_after_login(t) for t, _ in SAFE} == {
        t: (302, expected or t) for t, expected in SAFE
    }


def test_the_next_that_a_protected_page_sends_leads_back_to_it(client, users, article):
    editor = f"/articles/{article.slug}/ko/?q=x"
    to_login = client.get(editor).headers["Location"]
    assert to_login.startswith("/login?next=")
    response = client.post(
        to_login,
        data={"name": "translator", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert (response.status_code, response.headers["Location"]) == (302, editor)
