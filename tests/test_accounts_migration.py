"""Revision 0002 on a database that has data: nothing lost, nothing revived."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from translate_app.extensions import db
from translate_app.models import ApiToken, User
from translate_app.services.accounts import authenticate, create_user, user_for_token

NOW = datetime.now(UTC)
users_0001 = sa.table(
    "users",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("role", sa.String),
    sa.column("password_hash", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
tokens_0001 = sa.table(
    "api_tokens",
    sa.column("id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("token_hash", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def test_upgrade_keeps_users_and_tokens_and_gives_tokens_an_end(ctx):
    db.session.remove()
    downgrade(revision="0001")
    hashed = User(name="x")
    hashed.set_password("pass-word1")
    with db.engine.begin() as connection:
        for name in ("ana", "bo"):
            user_id = connection.execute(
                users_0001.insert()
                .values(
                    name=name, role="editor", password_hash=hashed.password_hash, created_at=NOW
                )
                .returning(users_0001.c.id)
            ).scalar_one()
            connection.execute(
                tokens_0001.insert().values(
                    user_id=user_id, token_hash=ApiToken.hash(f"token-{name}"), created_at=NOW
                )
            )
    # The upgrade gives existing tokens 90 days from the moment it runs.
    before = datetime.now(UTC)
    upgrade()
    after = datetime.now(UTC)
    bo = authenticate("bo", "pass-word1")
    assert user_for_token("token-ana").name == "ana"
    assert user_for_token("token-bo").name == "bo"
    for token in db.session.scalars(sa.select(ApiToken)):
        assert before + timedelta(days=90) <= token.expires_at <= after + timedelta(days=90)
    # The highest id, deleted, is not handed out again.
    db.session.delete(bo)
    db.session.commit()
    assert create_user("cy", "editor", "pass-word1").id > bo.id
    db.session.commit()


def test_downgrade_drops_dead_tokens_and_keeps_disabled_accounts_closed(ctx, users, runner):
    for _ in range(3):
        runner.invoke(args=["users", "token", "editor"])
    runner.invoke(args=["users", "revoke-token", "editor", "1"])
    db.session.execute(
        sa.update(ApiToken).where(ApiToken.id == 2).values(expires_at=NOW - timedelta(days=1))
    )
    db.session.commit()
    runner.invoke(args=["users", "disable", "translator"])
    db.session.remove()
    downgrade(revision="0001")
    with db.engine.connect() as connection:
        left = connection.execute(sa.select(tokens_0001.c.id)).scalars().all()
        query = sa.select(users_0001.c.name, users_0001.c.password_hash)
        hashes = {name: value for name, value in connection.execute(query)}
    assert left == [3]
    assert hashes["translator"] == "!disabled"
    assert hashes["editor"].startswith("scrypt:")
    upgrade()
    assert authenticate("translator", "correct-horse-battery") is None
    assert authenticate("editor", "correct-horse-battery") is not None
