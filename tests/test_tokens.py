"""API tokens expire, can be revoked, and remember when they were last used."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from translate_app.extensions import db
from translate_app.models import ApiToken, AuditEvent
from translate_app.services.accounts import issue_token, user_for_token

ARTICLES = "/api/v1/articles"


def token_for(runner, name="translator", *extra):
    result = runner.invoke(args=["users", "token", name, *extra])
    assert result.exit_code == 0, result.output
    return result.output


def api(client, token):
    return client.get(ARTICLES, headers={"Authorization": f"Bearer {token}"})


def test_users_token_prints_only_the_token(runner, users):
    output = token_for(runner)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}\n", output)


def test_a_token_lives_ninety_days_by_default(client, runner, users, clock):
    token = token_for(runner).strip()
    clock.advance(days=90, seconds=-1)
    assert api(client, token).status_code == 200
    clock.advance(seconds=1)
    response = api(client, token)
    assert response.status_code == 401 and response.json == {"error": "invalid token"}


def test_days_sets_the_lifetime(client, runner, users, clock):
    token = token_for(runner, "translator", "--days", "1").strip()
    clock.advance(hours=23, minutes=59)
    assert api(client, token).status_code == 200
    clock.advance(minutes=1)
    assert api(client, token).status_code == 401


def test_the_default_lifetime_is_configurable(app, client, users, clock):
    app.config["TOKEN_LIFETIME_DAYS"] = 7
    token = issue_token(users["editor"])
    db.session.commit()
    clock.advance(days=7)
    assert api(client, token).status_code == 401


@pytest.mark.parametrize(
    ("days", "ok"), [("0", False), ("1", True), ("3650", True), ("3651", False)]
)
def test_days_are_bounded(runner, users, days, ok):
    result = runner.invoke(args=["users", "token", "translator", "--days", days])
    assert (result.exit_code == 0) is ok, result.output
    if not ok:
        assert "1<=x<=3650" in result.output
    assert len(db.session.scalars(select(ApiToken)).all()) == int(ok)


def test_tokens_lists_created_expires_last_used_and_revoked(client, runner, users, clock):
    first = token_for(runner).strip()
    token_for(runner, "translator", "--days", "30")
    api(client, first)
    runner.invoke(args=["users", "revoke-token", "translator", "2"])
    result = runner.invoke(args=["users", "tokens", "translator"])
    assert result.exit_code == 0, result.output
    header, one, two = result.output.splitlines()
    assert header.split() == ["id", "created", "expires", "last", "used", "revoked"]
    day = "{:%Y-%m-%d}".format
    now = clock.now
    assert one.split()[0] == "1" and day(now + timedelta(days=90)) in one
    assert one.split()[-1] == "-" and one.count(day(now)) == 2  # created and used today
    assert two.split()[0] == "2" and day(now + timedelta(days=30)) in two and "never" in two
    assert two.split()[-2] == day(now)  # revoked today


def test_a_user_without_tokens_is_told_so(runner, users):
    result = runner.invoke(args=["users", "tokens", "editor"])
    assert result.exit_code == 0 and result.output == "editor has no tokens\n"


def test_a_revoked_token_answers_401(client, runner, users):
    token = token_for(runner).strip()
    kept = token_for(runner).strip()
    result = runner.invoke(args=["users", "revoke-token", "translator", "1"])
    assert result.exit_code == 0 and result.output == "revoked token 1 of translator\n"
    assert api(client, token).status_code == 401
    assert api(client, kept).status_code == 200
    again = runner.invoke(args=["users", "revoke-token", "translator", "1"])
    assert again.exit_code == 0 and "already revoked" in again.output


def test_revoke_all(client, runner, users):
    tokens = [token_for(runner).strip() for _ in range(3)]
    other = token_for(runner, "editor").strip()
    result = runner.invoke(args=["users", "revoke-token", "translator", "--all"])
    assert result.exit_code == 0 and result.output == "revoked 3 tokens of translator\n"
    assert all(api(client, t).status_code == 401 for t in tokens)
    assert api(client, other).status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["translator"], "name one TOKEN_ID or give --all, not both"),
        (["translator", "1", "--all"], "name one TOKEN_ID or give --all, not both"),
        (["translator", "2"], "translator has no token 2"),
        (["editor", "1"], "editor has no token 1"),
        (["nobody", "1"], "no user named 'nobody'"),
        (["translator", "0"], "0 is not in the range"),
        (["translator", "2147483648"], "2147483648 is not in the range"),
    ],
)
def test_bad_revocations_are_refused_and_change_nothing(client, runner, users, args, message):
    token = token_for(runner).strip()
    result = runner.invoke(args=["users", "revoke-token", *args])
    assert result.exit_code != 0 and message in result.output
    assert api(client, token).status_code == 200


def test_last_use_is_written_once_an_hour_even_for_reads(client, runner, users, clock):
    token = token_for(runner).strip()

    def uses():
        db.session.expire_all()
        return db.session.scalars(
            select(AuditEvent.created_at).where(AuditEvent.action == "token_use")
        ).all()

    for _ in range(3):
        assert api(client, token).status_code == 200
        clock.advance(minutes=20)
    first = clock.now - timedelta(minutes=60)
    assert uses() == [first]
    assert db.session.scalar(select(ApiToken.last_used_at)) == first
    assert api(client, token).status_code == 200  # an hour after the first use
    assert uses() == [first, clock.now]
    assert db.session.scalar(select(ApiToken.last_used_at)) == clock.now


def test_a_failed_request_keeps_no_bookkeeping(client, runner, users):
    token = token_for(runner).strip()
    response = client.get(
        "/api/v1/articles/nothing/segments?lang=ko", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken.last_used_at)) is None


def test_a_disabled_user_has_no_working_token(client, runner, users):
    token = token_for(runner).strip()
    runner.invoke(args=["users", "disable", "translator"])
    assert api(client, token).status_code == 401
    runner.invoke(args=["users", "enable", "translator"])
    assert api(client, token).status_code == 401  # revoked when disabled, for good


def test_a_password_change_revokes_tokens(client, runner, users):
    token = token_for(runner).strip()
    result = runner.invoke(args=["users", "password", "translator"], input="another-pass\n")
    assert "revoked 0 sessions and 1 tokens" in result.output
    assert api(client, token).status_code == 401
    assert user_for_token(token) is None
