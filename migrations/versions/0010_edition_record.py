"""Editions keep how they were published and whether they were withdrawn.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('editions') as batch:
        batch.add_column(
            sa.Column('forced', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('withdrawn_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('withdrawn_reason', sa.Text(), nullable=True))
        batch.create_foreign_key(
            'fk_editions_withdrawn_by_id_users', 'users', ['withdrawn_by_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('editions') as batch:
        batch.drop_constraint('fk_editions_withdrawn_by_id_users', type_='foreignkey')
        batch.drop_column('withdrawn_reason')
        batch.drop_column('withdrawn_by_id')
        batch.drop_column('withdrawn_at')
        batch.drop_column('forced')
