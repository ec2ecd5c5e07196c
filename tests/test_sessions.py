"""Sessions live on the server: logging out, a password change, a disabled or
deleted account, or the end of the lifetime make a copied cookie worthless."""

import re

import pytest
from sqlalchemy import select

from translate_app import create_app
from translate_app.extensions import db
from translate_app.models import UserSession
from translate_app.services.accounts import find_user

from .conftest import PASSWORD, csrf_token, login, make_app


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str):
    """A fresh browser that only has the copied cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get("/")


def logged_in(response) -> bool:
    return response.status_code == 200


def login_response(client, name="translator"):
    return client.post(
        "/login", data={"name": name, "password": PASSWORD, "csrf_token": csrf_token(client)}
    )


def test_the_session_cookie_is_not_secure_by_default(client, users):
    assert "Secure" not in login_response(client).headers["Set-Cookie"]


def test_the_session_cookie_is_secure_when_configured(tmp_path, monkeypatch, app, users):
    monkeypatch.setenv("TRANSLATE_APP_SESSION_COOKIE_SECURE", "true")
    secure = make_app(tmp_path, app.config["DATABASE_URL"])
    assert secure.config["SESSION_COOKIE_SECURE"] is True
    assert secure.config["REMEMBER_COOKIE_SECURE"] is True
    client = secure.test_client()
    https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/login"}}
    page = client.get("/login", **https).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {"name": "translator", "password": PASSWORD, "csrf_token": token}
    response = client.post("/login", data=data, **https)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "; Secure" in response.headers["Set-Cookie"]
    assert client.get("/", **https).status_code == 200
    with secure.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(("value", "expected"), [("false", False), ("0", False), ("on", True)])
def test_the_secure_switch_reads_the_usual_words(tmp_path, monkeypatch, value, expected):
    monkeypatch.setenv("TRANSLATE_APP_SESSION_COOKIE_SECURE", value)
    assert create_app({"INSTANCE_PATH": str(tmp_path)}).config["SESSION_COOKIE_SECURE"] is expected


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SESSION_COOKIE_SECURE", "sometimes", "true or false, not 'sometimes'"),
        ("SESSION_LIFETIME_HOURS", "0", "a whole number from 1 to 8784, not 0"),
        ("TOKEN_LIFETIME_DAYS", "3651", "a whole number from 1 to 3650, not 3651"),
        ("LOGIN_MAX_FAILURES_PER_NAME", "five", "a whole number from 1 to 10000, not 'five'"),
        ("SESSION_IDLE_MINUTES", "-1", "a whole number from 0 to 527040, not -1"),
    ],
)
def test_a_mistyped_setting_stops_the_start(tmp_path, monkeypatch, name, value, message):
    monkeypatch.setenv(f"TRANSLATE_APP_{name}", value)
    with pytest.raises(ValueError, match=f"TRANSLATE_APP_{name} must be {message}"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_settings_at_their_limits_are_taken(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSLATE_APP_TOKEN_LIFETIME_DAYS", "3650")
    monkeypatch.setenv("TRANSLATE_APP_SESSION_LIFETIME_HOURS", "1")
    config = create_app({"INSTANCE_PATH": str(tmp_path)}).config
    assert config["TOKEN_LIFETIME_DAYS"] == 3650 and config["SESSION_LIFETIME_HOURS"] == 1


def test_a_copied_cookie_is_worthless_after_logout(app, client, users):
    token = login(client, "translator")
    cookie = session_cookie(client)
    assert logged_in(replay(app, cookie))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert not logged_in(replay(app, cookie))
    assert not logged_in(client.get("/"))


def test_logging_out_ends_only_that_session(app, users):
    first, second = app.test_client(), app.test_client()
    token = login(first, "editor")
    login(second, "editor")
    first.post("/logout", data={"csrf_token": token})
    assert not logged_in(first.get("/"))
    assert logged_in(second.get("/"))


def test_a_deleted_users_id_is_never_given_again(app, client, users, runner):
    created = runner.invoke(
        args=["users", "create", "dara", "--role", "admin"], input="pass-word1\n"
    )
    assert created.exit_code == 0, created.output
    old_id = find_user("dara").id
    login(client, "dara", "pass-word1")
    cookie = session_cookie(client)
    deleted = runner.invoke(args=["users", "delete", "dara"])
    assert deleted.exit_code == 0 and "deleted dara" in deleted.output
    runner.invoke(args=["users", "create", "eun", "--role", "admin"], input="pass-word2\n")
    db.session.expire_all()
    assert find_user("dara") is None
    assert find_user("eun").id > old_id
    assert not logged_in(replay(app, cookie))


def test_a_session_ends_at_its_lifetime(app, client, users, clock):
    login(client, "translator")
    clock.advance(hours=12, seconds=-1)
    assert logged_in(client.get("/"))
    clock.advance(seconds=1)
    assert not logged_in(client.get("/"))


def test_the_lifetime_is_configurable(app, client, users, clock):
    app.config["SESSION_LIFETIME_HOURS"] = 1
    login(client, "translator")
    clock.advance(minutes=59)
    assert logged_in(client.get("/"))
    clock.advance(minutes=1)
    assert not logged_in(client.get("/"))


def test_an_idle_session_ends_when_an_idle_limit_is_set(app, client, users, clock):
    app.config["SESSION_IDLE_MINUTES"] = 30
    login(client, "translator")
    for _ in range(3):  # in use: each visit moves the idle limit on
        clock.advance(minutes=29)
        assert logged_in(client.get("/"))
    clock.advance(minutes=30)
    assert not logged_in(client.get("/"))


def test_without_an_idle_limit_only_the_lifetime_counts(app, client, users, clock):
    login(client, "translator")
    clock.advance(hours=11, minutes=59)
    assert logged_in(client.get("/"))


def test_last_seen_is_written_at_most_once_a_minute(app, client, users, clock):
    login(client, "translator")
    start = clock.now

    def last_seen():
        db.session.expire_all()
        return db.session.scalar(select(UserSession.last_seen_at))

    clock.advance(seconds=59)
    client.get("/")
    assert last_seen() == start
    clock.advance(seconds=1)
    client.get("/")
    assert last_seen() == clock.now


def test_a_session_row_keeps_agent_and_address_but_not_the_secret(app, client, users):
    client.post(
        "/login",
        data={"name": "editor", "password": PASSWORD, "csrf_token": csrf_token(client)},
        headers={"User-Agent": "Firefox/140"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    with client.session_transaction() as cookie_session:
        secret = cookie_session["session_secret"]
    row = db.session.scalar(select(UserSession))
    assert (row.user.name, row.user_agent, row.address) == ("editor", "Firefox/140", "192.0.2.7")
    assert secret not in row.secret_hash and len(row.secret_hash) == 64


def test_a_password_change_ends_every_session(app, client, users, runner):
    other = app.test_client()
    login(client, "translator")
    login(other, "translator")
    result = runner.invoke(args=["users", "password", "translator"], input="new-password-1\n")
    assert result.exit_code == 0, result.output
    assert "revoked 2 sessions and 0 tokens" in result.output
    assert not logged_in(client.get("/")) and not logged_in(other.get("/"))
    assert login_response(app.test_client()).status_code == 401
    login(app.test_client(), "translator", "new-password-1")


def test_a_disabled_account_cannot_log_in_until_enabled(app, client, users, runner):
    login(client, "translator")
    result = runner.invoke(args=["users", "disable", "translator"])
    assert result.exit_code == 0 and "revoked 1 sessions" in result.output
    assert not logged_in(client.get("/"))
    refused = login_response(app.test_client())
    assert refused.status_code == 401
    assert "Wrong user name or password" in refused.get_data(as_text=True)
    assert runner.invoke(args=["users", "enable", "translator"]).exit_code == 0
    login(app.test_client(), "translator")


def test_the_csrf_token_from_before_the_login_is_not_valid_after_it(client, users):
    before = csrf_token(client)
    after = login(client, "translator")
    assert after != before
    assert client.post("/logout", data={"csrf_token": before}).status_code == 400
    assert client.post("/logout", data={"csrf_token": after}).status_code == 302
