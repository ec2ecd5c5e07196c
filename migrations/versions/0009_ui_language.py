"""The language of the user interface each user chose (empty: the browser's).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 03:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('ui_lang', sa.String(length=35), nullable=True))


def downgrade():
    with op.batch_alter_table('users') as batch:
        batch.drop_column('ui_lang')
