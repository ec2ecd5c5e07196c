"""Machine translation suggestions against local stand-ins of the providers: settings,
the cache, failures, the command line and the JSON API."""

import json

import pytest
from sqlalchemy import func, select

from translate_app.extensions import db
from translate_app.models import MtCacheEntry
from translate_app.services import mt
from translate_app.services.accounts import create_user, issue_token
from translate_app.services.errors import InvalidInput
from translate_app.services.glossary import add_term

from .conftest import PASSWORD, make_app
from .mt_servers import FakeProvider, closed_port_url

TEXT = "Pyongyang grew after 1998."
DEEPL_KEY = "0f1e2d3c-test:fx"
# What the stand-ins answer for TEXT from en to ko.
ANSWERS = {
    "libretranslate": f"libretranslate en>ko: {TEXT}",
    "deepl": f"deepl EN>KO: {TEXT}",
    "openai": f"openai llama3.1: {TEXT}",
}
LABELS = {
    "libretranslate": "LibreTranslate",
    "deepl": "DeepL",
    "openai": "OpenAI-compatible (llama3.1)",
}


@pytest.fixture
def servers():
    made = {
        "libretranslate": FakeProvider("libretranslate").start(),
        "deepl": FakeProvider("deepl", key=DEEPL_KEY).start(),
        "openai": FakeProvider("openai").start(),
    }
    yield made
    for server in made.values():
        server.stop()


def settings(servers, **extra) -> dict:
    return {
        "LIBRETRANSLATE_URL": servers["libretranslate"].url,
        "DEEPL_KEY": DEEPL_KEY,
        "DEEPL_URL": servers["deepl"].url,
        "OPENAI_URL": servers["openai"].url + "/v1",
        "OPENAI_MODEL": "llama3.1",
        **extra,
    }


@pytest.fixture
def configure(tmp_path, database_url):
    """Make the test's app with these settings; closed after the test."""
    made = []

    def make(**overrides):
        app = make_app(tmp_path, database_url, **overrides)
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def mt_ctx(configure, servers):
    app = configure(**settings(servers))
    with app.app_context():
        yield app


def cached_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(MtCacheEntry))


def counts(servers) -> dict[str, int]:
    return {name: len(server.requests) for name, server in servers.items()}


# Providers and suggestions.


def test_nothing_is_configured_by_default(ctx):
    assert mt.providers() == []
    assert mt.suggest(TEXT, "en", "ko") == []
    with pytest.raises(InvalidInput, match="TRANSLATE_APP_DEEPL_KEY"):
        mt.suggest(TEXT, "en", "ko", provider="deepl")


def test_each_provider_suggests(mt_ctx, servers):
    assert mt.providers() == [
        mt.Provider("libretranslate", "LibreTranslate"),
        mt.Provider("deepl", "DeepL"),
        mt.Provider("openai", "OpenAI-compatible (llama3.1)"),
    ]
    found = mt.suggest(TEXT, "en", "ko")
    assert found == [mt.Suggestion(n, LABELS[n], ANSWERS[n], None, False) for n in ANSWERS]
    assert servers["libretranslate"].requests == [
        {"q": TEXT, "source": "en", "target": "ko", "format": "text"}
    ]
    assert servers["deepl"].requests == [{"text": [TEXT], "source_lang": "EN", "target_lang": "KO"}]
    system = servers["openai"].requests[0]["messages"][0]["content"]
    assert "from English to Korean" in system and "glossary" not in system.lower()
    back = mt.suggest("평양은 1998년 이후 성장했다.", "ko", "en", provider="deepl")
    assert back[0].text.startswith("deepl KO>EN-US: ")


def test_keys_are_sent_as_each_provider_wants(configure):
    servers = {
        "libretranslate": FakeProvider("libretranslate", key="lt-key").start(),
        "openai": FakeProvider("openai", key="sk-test").start(),
    }
    try:
        app = configure(
            LIBRETRANSLATE_URL=servers["libretranslate"].url,
            LIBRETRANSLATE_KEY="lt-key",
            OPENAI_URL=servers["openai"].url + "/v1/",
            OPENAI_MODEL="gpt-4o-mini",
            OPENAI_KEY="sk-test",
        )
        with app.app_context():
            found = mt.suggest(TEXT, "en", "ko")
            assert [s.error for s in found] == [None, None]
            assert servers["libretranslate"].requests[0]["api_key"] == "lt-key"
            app.config["OPENAI_KEY"] = "sk-wrong"
            wrong = mt.suggest(TEXT, "en", "ja", provider="openai")
            assert wrong[0].error == "OpenAI-compatible (gpt-4o-mini) answered 401: " + (
                "Incorrect API key provided"
            )
    finally:
        for server in servers.values():
            server.stop()


def test_one_provider_by_name(mt_ctx, servers):
    found = mt.suggest(TEXT, "en", "ko", provider="deepl")
    assert [(s.provider, s.text) for s in found] == [("deepl", f"deepl EN>KO: {TEXT}")]
    assert counts(servers) == {"libretranslate": 0, "deepl": 1, "openai": 0}
    with pytest.raises(InvalidInput, match="unknown machine translation provider 'google'"):
        mt.suggest(TEXT, "en", "ko", provider="google")


def test_only_the_configured_providers(configure, servers):
    app = configure(LIBRETRANSLATE_URL=servers["libretranslate"].url)
    with app.app_context():
        assert [p.name for p in mt.providers()] == ["libretranslate"]
        assert [s.provider for s in mt.suggest(TEXT, "en", "ko")] == ["libretranslate"]
        with pytest.raises(InvalidInput) as refused:
            mt.suggest(TEXT, "en", "ko", provider="openai")
    message = str(refused.value)
    assert "'openai' is not configured" in message
    assert "TRANSLATE_APP_OPENAI_URL and TRANSLATE_APP_OPENAI_MODEL" in message


# The cache.


def test_a_text_asked_twice_costs_one_request(mt_ctx, servers):
    first = mt.suggest(TEXT, "en", "ko")
    db.session.commit()
    assert cached_rows() == 3
    second = mt.suggest(TEXT, "en", "ko")
    assert counts(servers) == {"libretranslate": 1, "deepl": 1, "openai": 1}
    assert [s.cached for s in second] == [True, True, True]
    assert [s.text for s in second] == [s.text for s in first]
    # Another text, another pair, or the same text with one more space: asked again.
    mt.suggest(TEXT + " ", "en", "ko", provider="deepl")
    mt.suggest(TEXT, "en", "ja", provider="deepl")
    assert len(servers["deepl"].requests) == 3


def test_a_glossary_term_in_the_text_asks_the_model_again(mt_ctx, servers):
    editor = create_user("editor", "editor", PASSWORD)
    mt.suggest(TEXT, "en", "ko")
    db.session.commit()
    # A term the text does not hold changes nothing in the prompt.
    add_term(editor, "en", "ko", source="Kaesong", target="개성")
    db.session.commit()
    assert all(s.cached for s in mt.suggest(TEXT, "en", "ko"))
    add_term(editor, "en", "ko", source="Pyongyang", target="평양")
    add_term(editor, "en", "ko", source="Pyongyang", target="피양", status="forbidden")
    db.session.commit()
    found = mt.suggest(TEXT, "en", "ko")
    assert [s.cached for s in found] == [True, True, False]
    assert counts(servers) == {"libretranslate": 1, "deepl": 1, "openai": 2}
    system = servers["openai"].requests[1]["messages"][0]["content"]
    assert "use “평양” for “Pyongyang”" in system
    assert "never translate “Pyongyang” as “피양”" in system
    assert "Kaesong" not in system
    db.session.commit()
    assert mt.suggest(TEXT, "en", "ko", provider="openai")[0].cached is True


def test_a_row_cached_meanwhile_by_another_request_is_no_error(mt_ctx, servers, monkeypatch):
    # As if another request cached the same answer between this one's read and write.
    monkeypatch.setattr(mt, "_cached", lambda *args: None)
    mt.suggest(TEXT, "en", "ko", provider="deepl")
    db.session.commit()
    again = mt.suggest(TEXT, "en", "ko", provider="deepl")
    db.session.commit()
    assert again[0].text == f"deepl EN>KO: {TEXT}"
    assert cached_rows() == 1


# Failures: an error suggestion, never an exception, never cached.


@pytest.mark.parametrize(
    ("name", "failure", "error"),
    [
        ("deepl", (403, b'{"message": "Wrong auth key"}'), "DeepL answered 403: Wrong auth key"),
        ("deepl", (456, b'{"message": "Quota exceeded"}'), "DeepL answered 456: Quota exceeded"),
        (
            "libretranslate",
            (500, b"<html><body>Internal\nServer Error</body></html>"),
            "LibreTranslate answered 500: Internal Server Error",
        ),
        (
            "libretranslate",
            (429, b'{"error": "Slowdown: 30 per 1 minute"}'),
            "LibreTranslate answered 429: Slowdown: 30 per 1 minute",
        ),
        ("openai", (200, b"<html>no"), "OpenAI-compatible answered something that is not JSON"),
        (
            "openai",
            (404, b'{"error": {"message": "model \\"llama3.1\\" not found"}}'),
            'OpenAI-compatible (llama3.1) answered 404: model "llama3.1" not found',
        ),
        ("deepl", (200, b'{"translations": []}'), "DeepL's answer has no translations"),
    ],
)  # fmt: skip
def test_a_failing_provider_gives_an_error(mt_ctx, servers, name, failure, error):
    servers[name].failure = failure
    found = {s.provider: s for s in mt.suggest(TEXT, "en", "ko")}
    assert found[name] == mt.Suggestion(name, found[name].label, None, error, False)
    others = [s for s in found.values() if s.provider != name]
    assert all(s.text and s.error is None for s in others)
    db.session.commit()
    assert cached_rows() == 2
    servers[name].failure = None
    assert mt.suggest(TEXT, "en", "ko", provider=name)[0].text is not None


def test_a_redirect_is_not_followed(mt_ctx, servers):
    # The key would go along to wherever the redirect points.
    servers["deepl"].failure = (302, b"")
    servers["deepl"].failure_headers = {"Location": servers["openai"].url + "/v2/translate"}
    found = mt.suggest(TEXT, "en", "ko", provider="deepl")
    assert found[0].error == "DeepL answered 302: Found"
    assert servers["openai"].requests == []


def test_an_unreachable_provider(configure, servers):
    url = closed_port_url()
    app = configure(**settings(servers, LIBRETRANSLATE_URL=url))
    with app.app_context():
        found = mt.suggest(TEXT, "en", "ko")
        assert cached_rows() == 2
    assert found[0].text is None
    assert found[0].error.startswith(f"LibreTranslate could not be reached at {url}/translate: ")
    assert "refused" in found[0].error
    assert [s.text is not None for s in found] == [False, True, True]


def test_a_slow_provider(configure, servers):
    servers["deepl"].delay = 2
    app = configure(**settings(servers, MT_TIMEOUT=0.5))
    with app.app_context():
        found = mt.suggest(TEXT, "en", "ko")
        assert cached_rows() == 2
    assert found[1].error == (
        "DeepL did not answer within 0.5 seconds (TRANSLATE_APP_MT_TIMEOUT sets how long to wait)"
    )
    assert found[0].text is not None and found[2].text is not None


def test_refused_texts(configure, servers):
    app = configure(**settings(servers, MAX_SEGMENT_CHARS=20))
    with app.app_context():
        for text, message in [
            ("", "the text is empty"),
            (" \n ", "the text is empty"),
            ("x" * 21, "TRANSLATE_APP_MAX_SEGMENT_CHARS"),
        ]:
            with pytest.raises(InvalidInput, match=message):
                mt.suggest(text, "en", "ko")
        with pytest.raises(InvalidInput, match="not en to itself"):
            mt.suggest("x", "en", "en")
        with pytest.raises(InvalidInput, match="unknown language code"):
            mt.suggest("x", "en", "xx-nowhere")
        assert counts(servers) == {"libretranslate": 0, "deepl": 0, "openai": 0}
        assert all(s.text for s in mt.suggest("x" * 20, "en", "ko"))


# Settings.


def test_settings_are_checked_at_start(tmp_path):
    url = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    with pytest.raises(ValueError, match="TRANSLATE_APP_OPENAI_MODEL must name the model"):
        make_app(tmp_path, url, OPENAI_URL="http://localhost:11434/v1")
    for timeout in (0, -1, "soon", True):
        with pytest.raises(ValueError, match="TRANSLATE_APP_MT_TIMEOUT must be a positive"):
            make_app(tmp_path, url, MT_TIMEOUT=timeout)
    with pytest.raises(ValueError, match="TRANSLATE_APP_LIBRETRANSLATE_URL must be an http"):
        make_app(tmp_path, url, LIBRETRANSLATE_URL="localhost:5000")


def test_deepl_url_follows_the_key(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    assert make_app(tmp_path, url).config["DEEPL_URL"] == ""
    free = make_app(tmp_path, url, DEEPL_KEY="abc:fx").config["DEEPL_URL"]
    assert free == "https://api-free.deepl.com"
    assert make_app(tmp_path, url, DEEPL_KEY="abc").config["DEEPL_URL"] == "https://api.deepl.com"
    own = make_app(tmp_path, url, DEEPL_KEY="abc", DEEPL_URL="http://proxy:8080")
    assert own.config["DEEPL_URL"] == "http://proxy:8080"
    # From the environment, where values are read as JSON: a key of digits stays text.
    monkeypatch.setenv("TRANSLATE_APP_LIBRETRANSLATE_URL", "http://localhost:5000")
    monkeypatch.setenv("TRANSLATE_APP_LIBRETRANSLATE_KEY", "12345")
    monkeypatch.setenv("TRANSLATE_APP_MT_TIMEOUT", "2.5")
    config = make_app(tmp_path, url).config
    assert config["LIBRETRANSLATE_KEY"] == "12345" and config["MT_TIMEOUT"] == 2.5


# The command line.


def test_cli_providers(configure, servers):
    none = configure().test_cli_runner().invoke(args=["mt", "providers"])
    assert none.exit_code == 0 and none.output == "no machine translation is configured\n"
    result = configure(**settings(servers)).test_cli_runner().invoke(args=["mt", "providers"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "libretranslate\tLibreTranslate",
        "deepl\tDeepL",
        "openai\tOpenAI-compatible (llama3.1)",
    ]


def test_cli_translate(configure, servers):
    runner = configure(**settings(servers, LIBRETRANSLATE_URL=closed_port_url())).test_cli_runner()
    args = ["mt", "translate", TEXT, "--source-lang", "en", "--target-lang", "ko"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("LibreTranslate could not be reached")
    assert lines[1:] == [
        f"DeepL: deepl EN>KO: {TEXT}",
        f"OpenAI-compatible (llama3.1): openai llama3.1: {TEXT}",
    ]
    # Committed by the command: the next one reads the cache.
    result = runner.invoke(args=[*args, "--provider", "deepl", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {
            "provider": "deepl",
            "label": "DeepL",
            "text": f"deepl EN>KO: {TEXT}",
            "error": None,
            "cached": True,
        }
    ]
    assert len(servers["deepl"].requests) == 1
    assert "(cached)" in runner.invoke(args=[*args, "--provider", "deepl"]).output


def test_cli_translate_fails_when_no_provider_answers(configure, servers):
    args = ["mt", "translate", TEXT, "--source-lang", "en", "--target-lang", "ko"]
    result = configure().test_cli_runner().invoke(args=args)
    assert result.exit_code == 1
    assert "no machine translation is configured: set TRANSLATE_APP_LIBRETRANSLATE_URL" in (
        result.stderr
    )
    assert "TRANSLATE_APP_DEEPL_KEY" in result.stderr
    runner = configure(LIBRETRANSLATE_URL=closed_port_url()).test_cli_runner()
    result = runner.invoke(args=[*args, "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)[0]["error"].startswith("LibreTranslate could not be reached")
    assert "every machine translation provider failed" in result.stderr
    result = runner.invoke(args=[*args, "--provider", "deepl"])
    assert result.exit_code == 1 and "TRANSLATE_APP_DEEPL_KEY" in result.stderr
    result = runner.invoke(
        args=["mt", "translate", TEXT, "--source-lang", "en", "--target-lang", "zz-zz"]
    )
    assert result.exit_code == 2 and "unknown language code" in result.stderr


# The JSON API.


def bearer(app) -> dict:
    with app.app_context():
        token = issue_token(create_user("translator", "translator", PASSWORD))
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


URL = "/api/v1/mt/suggestions"
BODY = {"text": TEXT, "source_lang": "en", "target_lang": "ko"}


def test_api_suggestions(configure, servers):
    app = configure(**settings(servers))
    client, headers = app.test_client(), bearer(app)
    answer = client.post(URL, json=BODY, headers=headers)
    assert answer.status_code == 200, answer.json
    assert answer.json == [
        {"provider": n, "label": LABELS[n], "text": ANSWERS[n], "error": None, "cached": False}
        for n in ANSWERS
    ]
    again = client.post(URL, json=BODY | {"provider": "openai"}, headers=headers)
    assert again.status_code == 200 and [s["cached"] for s in again.json] == [True]
    servers["deepl"].failure = (503, b"")
    failed = client.post(URL, json=BODY | {"text": "Another text."}, headers=headers).json
    assert failed[1]["text"] is None
    assert failed[1]["error"] == "DeepL answered 503: Service Unavailable"


def test_api_refusals(configure, servers):
    app = configure(**settings(servers, MAX_SEGMENT_CHARS=100))
    client, headers = app.test_client(), bearer(app)
    assert client.post(URL, json=BODY).status_code == 401
    for body, message in [
        ({"text": TEXT}, "source_lang"),
        (BODY | {"text": ""}, "must not be empty"),
        (BODY | {"text": "  "}, "the text is empty"),
        (BODY | {"provider": "google"}, "must be one of libretranslate, deepl, openai"),
        (BODY | {"target_lang": 3}, "must be a string"),
        (BODY | {"text": "x" * 101}, "MAX_SEGMENT_CHARS"),
    ]:
        answer = client.post(URL, json=body, headers=headers)
        assert answer.status_code == 400, body
        assert message in answer.json["error"], answer.json
    assert counts(servers) == {"libretranslate": 0, "deepl": 0, "openai": 0}


def test_api_without_providers(configure):
    app = configure()
    answer = app.test_client().post(URL, json=BODY, headers=bearer(app))
    assert answer.status_code == 200 and answer.json == []
