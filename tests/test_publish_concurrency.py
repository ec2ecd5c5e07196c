"""Many publishes of one article at once: each gets an edition or a clean 409, never a 500."""

import http.cookiejar
import re
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from translate_app.extensions import db

from .conftest import PASSWORD
from .processes import (
    LARGE_SLUG,
    check_editions_agree,
    cli_command,
    cli_env,
    editions_in_db,
    make_large_article,
)
from .served import threaded_server

PUBLISHERS = 8
JUST_PUBLISHED = re.compile(r"edition (\d+) of large \(ko\) was just published by someone else")


@pytest.fixture
def large(users):
    return make_large_article(users)


def test_concurrent_cli_publishes_give_editions_or_one_line_refusals(app, large):
    env = cli_env(app)
    procs = [
        subprocess.Popen(
            cli_command("publish", LARGE_SLUG, "--user", "editor", "--force"),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PUBLISHERS)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    published, refused = [], []
    for code, out, err in results:
        assert "Traceback" not in err, err
        if code == 0:
            published.append(int(re.search(r"edition (\d+) \(ko\)", out).group(1)))
        else:
            assert code == 1, (code, out, err)
            lines = err.strip().splitlines()
            assert len(lines) == 1, err
            assert lines[0].startswith("Error: ") and JUST_PUBLISHED.search(lines[0]), err
            refused.append(int(JUST_PUBLISHED.search(lines[0]).group(1)))
    numbers = check_editions_agree(app, LARGE_SLUG)
    assert sorted(published) == numbers
    assert all(n in numbers for n in refused)
    # The publishes overlapped: some read the same next number and lost the race.
    assert refused, results
    assert {e.published_by.name for e in editions_in_db(LARGE_SLUG)} == {"editor"}


class Browser:
    """One logged-in person over real HTTP, with their own cookies."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def token(self, path: str) -> str:
        html = self.request(path)[1]
        match = re.search(r'"X-CSRFToken": "([^"]+)"', html)
        return match.group(1)

    def login(self, name: str) -> str:
        form = {"name": name, "password": PASSWORD, "csrf_token": self.token("/login")}
        status, _ = self.request("/login", form)
        assert status == 200  # the redirect to the articles was followed
        return self.token(f"/articles/{LARGE_SLUG}/ko/")


@pytest.fixture
def server(app, large):
    db.session.remove()
    with threaded_server(app) as url:
        yield url


def test_concurrent_publishes_over_http_answer_an_edition_or_409(app, server):
    browsers = [Browser(server) for _ in range(PUBLISHERS)]
    tokens = [b.login("editor") for b in browsers]
    start = threading.Barrier(PUBLISHERS)
    answers: list[tuple[int, str]] = [(0, "")] * PUBLISHERS

    def publish(i: int) -> None:
        start.wait()
        answers[i] = browsers[i].request(
            f"/articles/{LARGE_SLUG}/ko/publish",
            {"force": "1"},
            {"HX-Request": "true", "X-CSRFToken": tokens[i]},
        )

    threads = [threading.Thread(target=publish, args=(i,)) for i in range(PUBLISHERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    statuses = sorted(status for status, _ in answers)
    assert set(statuses) <= {204, 409}, answers
    conflicts = [body for status, body in answers if status == 409]
    assert conflicts, statuses
    for body in conflicts:
        assert JUST_PUBLISHED.search(body), body
        assert 'class="error"' in body
    with app.app_context():
        numbers = check_editions_agree(app, LARGE_SLUG)
        assert len(numbers) == statuses.count(204)
