"""Users limited to certain target languages (empty: every language).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 21:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('languages', sa.String(length=255), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('users') as batch:
        batch.drop_column('languages')
