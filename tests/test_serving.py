"""``translate-app serve``: gunicorn worker processes around the app, and ProxyFix."""

import json
import re
import urllib.request

import pytest
from flask import jsonify, request, url_for

from .conftest import make_app
from .served import Served


def get(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, json.loads(response.read())


def test_serve_runs_gunicorn_workers_and_logs_each_request_to_stdout(app, tmp_path):
    with Served(app, tmp_path, "--workers", "2") as served:
        assert get(served.url + "/healthz") == (200, {"status": "ok"})
        assert served.stop() == 0
    errors = served.stderr.read_text()
    assert "Using worker: gthread" in errors
    assert len(re.findall(r"Booting worker with pid", errors)) == 2, served.logs()
    access = served.stdout.read_text()
    assert re.search(r'"GET /healthz HTTP/1\.1" 200 \d+ .* \d+ms$', access, re.M), access


def test_serve_takes_the_number_of_workers_from_the_environment(app, tmp_path):
    with Served(app, tmp_path, TRANSLATE_APP_WORKERS="1", TRANSLATE_APP_THREADS="1") as served:
        assert get(served.url + "/healthz")[0] == 200
    assert len(re.findall(r"Booting worker with pid", served.stderr.read_text())) == 1


@pytest.mark.parametrize(
    ("args", "config", "message"),
    [
        (["--workers", "0"], {}, "0 is not in the range x>=1"),
        ([], {"WORKERS": 0}, "TRANSLATE_APP_WORKERS must be a whole number of at least 1, not 0"),
        ([], {"WORKERS": "two"}, "TRANSLATE_APP_WORKERS must be a whole number"),
        ([], {"THREADS": 0}, "TRANSLATE_APP_THREADS must be a whole number of at least 1, not 0"),
        (["--port", "65536"], {}, "65536 is not in the range 1<=x<=65535"),
    ],
)
def test_serve_refuses_bad_settings_before_starting(runner, app, args, config, message):
    app.config.update(config)
    result = runner.invoke(args=["serve", *args])
    assert result.exit_code != 0
    assert message in result.output


def _probe_app(tmp_path, database_url, proxy_fix):
    app = make_app(tmp_path, database_url, PROXY_FIX=proxy_fix)

    # What a view sees of the client: its address and the scheme of the URLs it makes.
    @app.get("/probe")
    def probe():
        return jsonify(
            remote_addr=request.remote_addr, url=url_for("health.healthz", _external=True)
        )

    return app


FORWARDED = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Host": "translate.example.org",
}


def test_behind_a_proxy_the_forwarded_scheme_host_and_client_are_used(tmp_path, database_url):
    app = _probe_app(tmp_path, database_url, "x_for=1,x_proto=1,x_host=1")
    body = app.test_client().get("/probe", headers=FORWARDED).get_json()
    assert body == {
        "remote_addr": "203.0.113.7",
        "url": "https://translate.example.org/healthz",
    }


def test_proxy_fix_trusts_only_the_headers_it_names(tmp_path, database_url):
    app = _probe_app(tmp_path, database_url, {"x_proto": 1})
    body = app.test_client().get("/probe", headers=FORWARDED).get_json()
    assert body == {"remote_addr": "127.0.0.1", "url": "https://localhost/healthz"}


def test_without_proxy_fix_forwarded_headers_are_ignored(tmp_path, database_url):
    app = _probe_app(tmp_path, database_url, "")
    body = app.test_client().get("/probe", headers=FORWARDED).get_json()
    assert body == {"remote_addr": "127.0.0.1", "url": "http://localhost/healthz"}


def test_proxy_fix_counts_the_proxies_it_trusts(tmp_path, database_url):
    # Two proxies: the client is the second address from the right, not a forged first one.
    app = _probe_app(tmp_path, database_url, "x_for=2")
    headers = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7, 10.0.0.2"}
    body = app.test_client().get("/probe", headers=headers).get_json()
    assert body["remote_addr"] == "203.0.113.7"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x_for", "'x_for' is not NAME=COUNT"),
        ("x_forwarded=1", "unknown header 'x_forwarded'"),
        ("x_for=one", "x_for must count proxies (0, 1, 2 ...), not 'one'"),
        ("x_for=-1", "x_for must count proxies (0, 1, 2 ...), not '-1'"),
        ("x_for=1000", "x_for must count proxies (0, 1, 2 ...), not '1000'"),
        ({"x_for": True}, "x_for must count proxies (0, 1, 2 ...), not True"),
    ],
)
def test_a_bad_proxy_fix_setting_stops_the_start_with_a_message(
    tmp_path, database_url, value, message
):
    with pytest.raises(ValueError, match=re.escape(message)):
        make_app(tmp_path, database_url, PROXY_FIX=value)
