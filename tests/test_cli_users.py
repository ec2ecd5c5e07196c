from translate_app.extensions import db
from translate_app.services.accounts import authenticate, user_for_token


def test_create_user_reads_the_password_from_stdin(ctx, runner):
    result = runner.invoke(
        args=["users", "create", "minji", "--role", "editor"], input="s3cret-pass\n"
    )
    assert result.exit_code == 0, result.output
    assert "created editor minji" in result.output
    assert authenticate("minji", "s3cret-pass").role == "editor"
    assert authenticate("minji", "wrong") is None


def test_bad_role_short_password_and_duplicates_are_refused(ctx, runner):
    def create(role, password):
        return runner.invoke(args=["users", "create", "a", "--role", role], input=password + "\n")

    bad_role = create("boss", "long-enough")
    assert bad_role.exit_code != 0 and "boss" in bad_role.output
    short = create("editor", "short")
    assert short.exit_code != 0 and "at least 8 characters" in short.output
    created = create("editor", "long-enough")
    assert created.exit_code == 0, created.output
    again = create("admin", "long-enough")
    assert again.exit_code != 0 and "already exists" in again.output


def test_token_identifies_the_user(ctx, runner, users):
    result = runner.invoke(args=["users", "token", "editor"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert len(token) >= 40
    db.session.expire_all()
    assert user_for_token(token).name == "editor"
    # A second token does not revoke the first: scripts may each hold one.
    second = runner.invoke(args=["users", "token", "editor"]).output.strip()
    assert second != token and user_for_token(token).name == "editor"


def test_token_for_an_unknown_user_fails(ctx, runner):
    result = runner.invoke(args=["users", "token", "nobody"])
    assert result.exit_code != 0 and "no user named 'nobody'" in result.output


def test_demo_creates_accounts_and_the_sample_article_once(app, ctx, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "imported sample article provincialization-of-pyongyang (13 segments)" in first.output
    name, password = first.output.splitlines()[1].split()
    assert authenticate(name, password) is not None
    second = runner.invoke(args=["demo"])
    assert "imported" not in second.output and password in second.output
