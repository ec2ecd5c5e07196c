"""Locust users for benchmarks/load.py: translators who open the editor and save segments.

Each user logs in with an account of its own (bench00, bench01 ...), works on one of
the articles (bench-1 ...) and saves only its own share of that article's segments,
so a save is refused (409) only if something is wrong. Saves go through the editor's
form exactly as htmx sends them (session cookie, CSRF header).

Settings come from the environment (load.py sets them): BENCH_PASSWORD,
BENCH_ARTICLES (articles, and translators per article = users / articles),
BENCH_USERS, BENCH_THINK (mean seconds between two actions of one translator),
BENCH_OUT (a JSON file for every request's name, start, milliseconds and success).
"""

import html
import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "benchmark-password")
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10"))
USERS = int(os.environ.get("BENCH_USERS", "50"))
THINK = float(os.environ.get("BENCH_THINK", "1.0"))
SHARE = max(1, USERS // ARTICLES)  # translators per article

OUT = os.environ.get("BENCH_OUT")

_numbers = itertools.count()
_timings: list[tuple[str, float, float, bool]] = []


@events.request.add_listener
def _record(name, response_time, exception, start_time=None, **_):
    # Every request, exactly (locust's own percentiles are rounded): load.py summarizes.
    _timings.append((name, start_time, response_time, exception is None))


@events.quitting.add_listener
def _write(**_):
    if OUT:
        with open(OUT, "w") as out:
            json.dump(_timings, out)


_ROW = re.compile(
    r'<tr id="segment-(\d+)".*?<td class="pos">(\d+)</td>.*?name="base_revision" value="(\d+)"',
    re.S,
)
_CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_CSRF_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')
_REVISION = re.compile(r'name="base_revision" value="(\d+)"')


class Translator(HttpUser):
    wait_time = between(THINK * 0.5, THINK * 1.5)

    def on_start(self) -> None:
        number = next(_numbers)
        self.name = f"bench{number:02d}"
        self.editor_url = f"/articles/bench-{number % ARTICLES + 1}/ko/"
        self.share = (number // ARTICLES) % SHARE
        self.saves = 0
        page = self.client.get("/login", name="login page").text
        token = _CSRF_FIELD.search(page).group(1)
        with self.client.post(
            "/login",
            data={"name": self.name, "password": PASSWORD, "csrf_token": token},
            allow_redirects=False,
            name="log in",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")
        self.open_editor()

    @task(1)
    def open_editor(self) -> None:
        page = self.client.get(self.editor_url, name="editor page").text
        self.csrf = html.unescape(_CSRF_HEADER.search(page).group(1))
        # (segment id, base revision) of this translator's own segments.
        self.mine = {
            int(seg): int(revision)
            for seg, position, revision in _ROW.findall(page)
            if (int(position) - 1) % SHARE == self.share
        }

    @task(10)
    def save(self) -> None:
        segment = random.choice(sorted(self.mine))
        self.saves += 1
        text = f"{self.name} 번역 {self.saves}: 평양의 지방화가 진행 중이다."
        with self.client.post(
            f"/segments/{segment}/ko",
            data={"text": text, "base_revision": self.mine[segment], "state": "draft"},
            headers={"HX-Request": "true", "X-CSRFToken": self.csrf},
            name="save",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"save answered {response.status_code}")
                return
            self.mine[segment] = int(_REVISION.search(response.text).group(1))
