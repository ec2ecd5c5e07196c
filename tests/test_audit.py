"""The audit log: what is recorded, the admin page, and `translate-app audit`."""

import pytest
from sqlalchemy import select

from translate_app.extensions import db
from translate_app.models import AuditEvent
from translate_app.services import audit
from translate_app.services.accounts import find_user, issue_token

from .conftest import SLUG, csrf_token, login

HTMX = {"HX-Request": "true"}


def events(action=None):
    db.session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalars(query).all()


def summary(event):
    return (event.action, event.actor_name, event.target, event.detail)


def test_logins_and_logouts(client, users):
    client.post(
        "/login",
        data={"name": "editr", "password": "oops-typo", "csrf_token": csrf_token(client)},
        environ_base={"REMOTE_ADDR": "192.0.2.5"},
    )
    token = login(client, "editor")
    client.post("/logout", data={"csrf_token": token})
    failed, ok, out = events("login_failed") + events("login_ok") + events("logout")
    assert summary(failed) == ("login_failed", None, "user:editr", "")
    assert failed.address == "192.0.2.5" and failed.actor_id is None
    assert summary(ok) == ("login_ok", "editor", "user:editor", "")
    assert ok.actor_id == users["editor"].id and ok.address == "127.0.0.1"
    assert summary(out) == ("logout", "editor", "user:editor", "")


def test_account_commands(runner, users):
    run = runner.invoke
    run(args=["users", "create", "minji", "--role", "translator"], input="pass-word1\n")
    minji_id = find_user("minji").id
    run(args=["users", "role", "minji", "editor"])
    run(args=["users", "password", "minji"], input="pass-word2\n")
    run(args=["users", "token", "minji", "--days", "3"])
    run(args=["users", "revoke-token", "minji", "1"])
    run(args=["users", "token", "minji"])
    run(args=["users", "revoke-token", "minji", "--all"])
    run(args=["users", "disable", "minji"])
    run(args=["users", "enable", "minji"])
    run(args=["users", "delete", "minji"])
    recorded = [summary(e) for e in events() if e.target == "user:minji"]
    expires = [e.detail for e in events("token_issue")]
    assert recorded == [
        ("user_create", None, "user:minji", "role translator"),
        ("role_change", None, "user:minji", "translator -> editor"),
        ("password_change", None, "user:minji", "revoked 0 sessions and 0 tokens"),
        ("token_issue", None, "user:minji", expires[0]),
        ("token_revoke", None, "user:minji", "token 1"),
        ("token_issue", None, "user:minji", expires[1]),
        ("token_revoke", None, "user:minji", "all 1 tokens"),
        ("user_disable", None, "user:minji", "revoked 0 sessions and 0 tokens"),
        ("user_enable", None, "user:minji", ""),
        ("user_delete", None, "user:minji", f"id {minji_id}"),
    ]
    assert expires[0].startswith("token 1, expires ") and expires[1].startswith("token 2, ")
    assert all(e.address is None for e in events())  # the command line has no address


def test_approve_publish_and_token_use(client, runner, users, article):
    token = issue_token(users["editor"])
    translator = issue_token(users["translator"])
    db.session.commit()
    segment = article.segments[1]
    auth = {"Authorization": f"Bearer {token}"}
    client.put(
        f"/api/v1/segments/{segment.id}/translations/ko",
        json={"text": "번역", "base_revision": 0, "state": "translated"},
        headers={"Authorization": f"Bearer {translator}"},
    )
    client.post(
        f"/api/v1/segments/{segment.id}/translations/ko/approve",
        json={"note": "good"},
        headers=auth,
    )
    csrf = login(client, "admin")
    client.post(f"/articles/{SLUG}/ko/publish", headers={**HTMX, "X-CSRFToken": csrf})
    runner.invoke(args=["publish", SLUG, "--force"])
    assert [summary(e) for e in events("token_use")] == [
        ("token_use", "translator", "user:translator", "token 2"),
        ("token_use", "editor", "user:editor", "token 1"),
    ]
    assert [summary(e) for e in events("approve")] == [
        ("approve", "editor", f"segment:{segment.id}/ko", "good")
    ]
    assert [summary(e) for e in events("publish")] == [
        ("publish", "admin", f"edition:{SLUG}/ko/1", ""),
        ("publish", None, f"edition:{SLUG}/ko/2", "forced: nothing had changed"),
    ]


def test_the_actor_outlives_the_account(client, runner, users):
    runner.invoke(args=["users", "create", "temp", "--role", "admin"], input="pass-word1\n")
    temp_id = find_user("temp").id
    login(client, "temp", "pass-word1")
    assert runner.invoke(args=["users", "delete", "temp"]).exit_code == 0
    kept = events("login_ok")[0]
    assert (kept.actor_id, kept.actor_name) == (temp_id, "temp")


def test_an_unknown_action_is_a_programming_error(ctx):
    with pytest.raises(ValueError, match="unknown audit action 'dance'"):
        audit.record("dance")
