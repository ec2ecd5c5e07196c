"""Logins are throttled per name and per address, from counts every worker shares
(the database), and an unknown name costs as much as a known one."""

import time

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from translate_app.extensions import db
from translate_app.models import AuditEvent
from translate_app.services import accounts

from .conftest import PASSWORD, csrf_token

WINDOW = 15 * 60


def attempt(client, name, password, address="192.0.2.1"):
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": csrf_token(client)},
        environ_base={"REMOTE_ADDR": address},
    )


def fail(client, name, times, address="192.0.2.1"):
    for _ in range(times):
        assert attempt(client, name, "wrong-password", address).status_code == 401


@pytest.fixture
def hash_checks(monkeypatch):
    """Counts the password checks login makes (the real check still runs)."""
    calls = []

    def counting(pwhash, password):
        calls.append(pwhash)
        return check_password_hash(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    return calls


def test_an_unknown_name_costs_one_password_check_like_a_known_one(client, users, hash_checks):
    assert attempt(client, "translator", "wrong-password").status_code == 401
    assert attempt(client, "nobody-here", "wrong-password").status_code == 401
    assert len(hash_checks) == 2
    known, unknown = hash_checks
    assert known == users["translator"].password_hash
    # The stand-in hash is made the way real ones are, so it costs the same.
    assert unknown.split("$")[0] == known.split("$")[0]


def test_an_unknown_name_takes_at_least_the_time_of_a_password_check(client, users):
    hash_cost = min(
        _timed(lambda: check_password_hash(users["editor"].password_hash, "x")) for _ in range(3)
    )
    attempt(client, "warm-up", "wrong-password")
    unknown = min(_timed(lambda: attempt(client, "nobody-here", "wrong")) for _ in range(2))
    known = min(_timed(lambda: attempt(client, "editor", "wrong")) for _ in range(2))
    assert unknown >= 0.9 * hash_cost
    assert known >= 0.9 * hash_cost


def _timed(action) -> float:
    # CPU time of this thread (the test client runs the app in it): the hash is CPU
    # work, and other processes on a busy machine do not count against it.
    start = time.thread_time()
    action()
    return time.thread_time() - start


def test_the_name_limit_is_five_failures_then_even_the_right_password_waits(
    client, users, clock, hash_checks
):
    fail(client, "translator", 4)
    clock.advance(minutes=1)
    assert attempt(client, "translator", "wrong-password").status_code == 401  # the 5th
    checks = len(hash_checks)
    refused = attempt(client, "translator", PASSWORD)  # the 6th
    assert refused.status_code == 429
    # The first four failures, a minute ago, leave the window in 14 minutes.
    assert int(refused.headers["Retry-After"]) == WINDOW - 60
    assert "Too many failed logins" in refused.get_data(as_text=True)
    assert "Try again in 14 minutes." in refused.get_data(as_text=True)
    assert len(hash_checks) == checks  # a throttled attempt checks no password
    clock.advance(minutes=13)
    refused = attempt(client, "translator", PASSWORD)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert "Try again in 1 minute." in refused.get_data(as_text=True)
    clock.advance(minutes=1)
    assert attempt(client, "translator", PASSWORD).status_code == 302


def test_four_failures_leave_the_right_password_working(client, users):
    fail(client, "editor", 4)
    assert attempt(client, "editor", PASSWORD).status_code == 302


def test_the_window_slides_with_the_oldest_failure(client, users, clock):
    for _ in range(5):
        fail(client, "editor", 1)
        clock.advance(minutes=2)
    # Failures at 0, 2, 4, 6 and 8 minutes; it is now 10: the one at 0 frees the name at 15.
    assert attempt(client, "editor", PASSWORD).headers["Retry-After"] == str(5 * 60)
    clock.advance(minutes=5)
    fail(client, "editor", 1)  # the failure at 2 is still counted: now at the limit again
    assert attempt(client, "editor", PASSWORD).headers["Retry-After"] == str(2 * 60)


def test_unknown_names_are_throttled_like_known_ones(client, users):
    fail(client, "nobody-here", 5)
    assert attempt(client, "nobody-here", "anything").status_code == 429


def test_the_name_throttle_holds_from_any_address(client, users):
    for n in range(5):
        fail(client, "admin", 1, address=f"198.51.100.{n}")
    assert attempt(client, "admin", PASSWORD, address="203.0.113.9").status_code == 429
    assert attempt(client, "editor", PASSWORD, address="203.0.113.9").status_code == 302


def test_a_successful_login_clears_the_names_earlier_failures(client, users):
    fail(client, "editor", 4)
    assert attempt(client, "editor", PASSWORD).status_code == 302
    fail(client, "editor", 4)
    assert attempt(client, "editor", PASSWORD).status_code == 302


def test_the_address_limit_counts_failures_for_every_name(app, client, users, clock):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 6
    for name in ("a", "b", "c", "d", "e"):
        fail(client, name, 1)
    assert attempt(client, "editor", PASSWORD).status_code == 302  # 5 failures: under the limit
    fail(client, "f", 1)  # the 6th: exactly at the limit
    refused = attempt(client, "translator", PASSWORD)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == str(WINDOW)
    assert attempt(client, "translator", PASSWORD, address="192.0.2.2").status_code == 302
    clock.advance(minutes=15)
    assert attempt(client, "translator", PASSWORD).status_code == 302


def test_the_default_address_limit_is_twenty(client, users):
    names = [f"n{i}" for i in range(20)]
    for name in names[:19]:
        fail(client, name, 1)
    assert attempt(client, "editor", PASSWORD).status_code == 302
    fail(client, names[19], 1)
    assert attempt(client, "editor", PASSWORD).status_code == 429


def test_throttled_attempts_write_nothing(client, users):
    fail(client, "translator", 5)
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    for _ in range(3):
        assert attempt(client, "translator", PASSWORD).status_code == 429
    assert db.session.scalar(select(func.count(AuditEvent.id))) == before


def test_limits_are_configurable(app, client, users, clock):
    app.config.update(LOGIN_MAX_FAILURES_PER_NAME=2, LOGIN_THROTTLE_WINDOW_MINUTES=1)
    fail(client, "translator", 2)
    assert attempt(client, "translator", PASSWORD).headers["Retry-After"] == "60"
    clock.advance(seconds=59)
    assert attempt(client, "translator", PASSWORD).headers["Retry-After"] == "1"
    clock.advance(seconds=1)
    assert attempt(client, "translator", PASSWORD).status_code == 302


@pytest.mark.parametrize(("length", "recorded"), [(80, 1), (81, 0)])
def test_a_name_longer_than_any_account_is_refused_without_a_check(
    client, users, hash_checks, length, recorded
):
    assert attempt(client, "n" * length, "wrong-password").status_code == 401
    failures = db.session.scalars(
        select(AuditEvent.target).where(AuditEvent.action == "login_failed")
    ).all()
    assert failures == [f"user:{'n' * length}"] * recorded
    assert len(hash_checks) == recorded
