"""Account management from the command line: password, role, disable, enable, delete."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from translate_app.extensions import db
from translate_app.models import ApiToken, Job, UserSession
from translate_app.services.accounts import authenticate, create_user, find_user, issue_token
from translate_app.services.articles import get_segment_translation
from translate_app.services.publishing import publish_edition
from translate_app.services.reviewing import approve_translation, reject_translation
from translate_app.services.translating import save_translation

from .conftest import PASSWORD, login


def run(runner, *args, input=None):
    return runner.invoke(args=["users", *args], input=input)


def test_password_from_stdin(runner, users):
    result = run(runner, "password", "editor", input="brand-new-pass\n")
    assert result.exit_code == 0, result.output
    assert result.output == "password of editor changed; revoked 0 sessions and 0 tokens\n"
    db.session.expire_all()
    assert authenticate("editor", "brand-new-pass") is not None
    assert authenticate("editor", PASSWORD) is None


@pytest.mark.parametrize(("password", "ok"), [("1234567", False), ("12345678", True)])
def test_a_short_password_is_refused_and_changes_nothing(app, client, runner, users, password, ok):
    login(client, "editor")
    issue_token(users["editor"])
    db.session.commit()
    result = run(runner, "password", "editor", input=password + "\n")
    assert (result.exit_code == 0) is ok, result.output
    db.session.expire_all()
    assert (authenticate("editor", PASSWORD) is None) is ok
    assert (client.get("/").status_code == 302) is ok
    assert (db.session.scalar(select(ApiToken.revoked_at)) is not None) is ok
    if not ok:
        assert "at least 8 characters" in result.output


def test_role(runner, users):
    result = run(runner, "role", "translator", "editor")
    assert result.exit_code == 0 and result.output == "translator is now editor (was translator)\n"
    db.session.expire_all()
    assert find_user("translator").role == "editor"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["editor", "editor"], "editor is already editor"),
        (["editor", "boss"], "'boss' is not one of"),
        (["nobody", "admin"], "no user named 'nobody'"),
    ],
)
def test_bad_role_changes_are_refused(runner, users, args, message):
    result = run(runner, "role", *args)
    assert result.exit_code != 0 and message in result.output
    db.session.expire_all()
    assert find_user("editor").role == "editor"


def test_a_new_role_takes_effect_in_a_running_session(client, runner, users):
    login(client, "translator")
    assert "Audit log" not in client.get("/").get_data(as_text=True)
    run(runner, "role", "translator", "admin")
    assert client.get("/admin/audit").status_code == 200


def test_disable_and_enable_refuse_to_repeat(runner, users):
    assert run(runner, "disable", "editor").exit_code == 0
    again = run(runner, "disable", "editor")
    assert again.exit_code != 0 and "editor is already disabled" in again.output
    assert run(runner, "enable", "editor").output == "enabled editor\n"
    again = run(runner, "enable", "editor")
    assert again.exit_code != 0 and "editor is not disabled" in again.output


def test_a_disabled_user_gets_no_new_token(runner, users):
    run(runner, "disable", "editor")
    result = run(runner, "token", "editor")
    assert result.exit_code != 0 and "editor is disabled" in result.output


def test_delete_takes_tokens_and_sessions_along(client, runner, users):
    login(client, "translator")
    issue_token(users["translator"])
    db.session.commit()
    result = run(runner, "delete", "translator")
    assert result.exit_code == 0 and result.output == "deleted translator\n"
    db.session.expire_all()
    assert find_user("translator") is None
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0
    assert db.session.scalar(select(func.count(UserSession.id))) == 0


@pytest.mark.parametrize(
    ("name", "counts"),
    [
        (
            "translator",
            "1 saved versions, 0 approvals, 0 rejections, 0 comments, 0 editions, 0 jobs",
        ),
        ("editor", "0 saved versions, 1 approvals, 0 rejections, 0 comments, 0 editions, 0 jobs"),
        ("admin", "0 saved versions, 0 approvals, 0 rejections, 0 comments, 1 editions, 0 jobs"),
    ],
)
def test_whoever_is_in_the_history_cannot_be_deleted(app, runner, users, article, name, counts):
    st = get_segment_translation(article.segments[1].id, "ko")
    save_translation(st, users["translator"], text="글", base_revision=0, state="translated")
    approve_translation(st, users["editor"])
    publish_edition(
        article,
        "ko",
        users["admin"],
        locales_dir=Path(app.config["LOCALES_DIR"]),
        editions_dir=Path(app.config["EDITIONS_DIR"]),
    )
    db.session.commit()
    result = run(runner, "delete", name)
    assert result.exit_code != 0
    assert f"{name} is named in the history ({counts}) and cannot be deleted" in result.output
    assert f"translate-app users disable {name}" in result.output
    db.session.expire_all()
    assert find_user(name) is not None


def test_whoever_ran_a_job_cannot_be_deleted(runner, users):
    db.session.add(Job(kind="import", created_by_id=users["editor"].id))
    db.session.commit()
    result = run(runner, "delete", "editor")
    assert result.exit_code != 0
    assert (
        "(0 saved versions, 0 approvals, 0 rejections, 0 comments, 0 editions, 1 jobs)"
        in result.output
    )
    db.session.expire_all()
    assert find_user("editor") is not None


def test_delete_an_unknown_user(runner, users):
    result = run(runner, "delete", "nobody")
    assert result.exit_code != 0 and "no user named 'nobody'" in result.output


def test_whoever_rejected_a_version_cannot_be_deleted(runner, users, article):
    st = get_segment_translation(article.segments[1].id, "ko")
    save_translation(st, users["translator"], text="글", base_revision=0, state="translated")
    second = create_user("second", "editor", "correct-horse-battery")
    reject_translation(st, second, category="style", severity="minor")
    db.session.commit()
    result = run(runner, "delete", "second")
    assert result.exit_code != 0
    assert (
        "(0 saved versions, 0 approvals, 1 rejections, 0 comments, 0 editions, 0 jobs)"
        in result.output
    )
