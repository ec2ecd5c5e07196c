"""Accounts and security: user ids never reused, disabled accounts, server-side
sessions, token expiry, revocation and last use, and the audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 04:16:16.814913

"""
from datetime import UTC, datetime, timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# Tokens issued before this revision had no end; they get the default lifetime
# from the upgrade on, so that scripts keep working for a while and then stop.
EXISTING_TOKEN_DAYS = 90


def _set_users_autoincrement(enabled):
    # SQLite hands out the highest id again after a delete unless the table is
    # declared AUTOINCREMENT, which only a rebuild can add (env.py turns foreign
    # keys off around migrations, so the rebuild does not cascade). PostgreSQL
    # sequences never reuse a value: nothing to do there.
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.batch_alter_table(
        'users', recreate='always', table_kwargs={'sqlite_autoincrement': enabled}
    ):
        pass


def upgrade():
    _set_users_autoincrement(True)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True))
    tokens = sa.table('api_tokens', sa.column('expires_at', sa.DateTime(timezone=True)))
    op.execute(
        tokens.update().values(
            expires_at=datetime.now(UTC) + timedelta(days=EXISTING_TOKEN_DAYS)
        )
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.alter_column(
            'expires_at', existing_type=sa.DateTime(timezone=True), nullable=False
        )

    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('user_agent', sa.String(length=255), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_user_sessions_secret_hash'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=80), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_action_address_created_at', ['action', 'address', 'created_at'], unique=False)
        batch_op.create_index('ix_audit_events_action_target_created_at', ['action', 'target', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_actor_name'), ['actor_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_name'))
        batch_op.drop_index('ix_audit_events_action_target_created_at')
        batch_op.drop_index('ix_audit_events_action_address_created_at')

    op.drop_table('audit_events')
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))

    op.drop_table('user_sessions')
    # Revoked and expired tokens would come back to life without these columns.
    tokens = sa.table(
        'api_tokens',
        sa.column('revoked_at', sa.DateTime(timezone=True)),
        sa.column('expires_at', sa.DateTime(timezone=True)),
    )
    op.execute(
        tokens.delete().where(
            sa.or_(
                tokens.c.revoked_at.is_not(None),
                tokens.c.expires_at <= datetime.now(UTC),
            )
        )
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('last_used_at')
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('expires_at')

    # Disabled accounts stay closed: a hash no password matches.
    users = sa.table(
        'users',
        sa.column('password_hash', sa.String(255)),
        sa.column('disabled_at', sa.DateTime(timezone=True)),
    )
    op.execute(
        users.update().where(users.c.disabled_at.is_not(None)).values(password_hash='!disabled')
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('disabled_at')
    _set_users_autoincrement(False)
