"""Machine translations kept as providers gave them, and each article's switch for
holding translations to a share of unmodified machine output.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 17:35:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mt_cache',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=32), nullable=False),
    sa.Column('model', sa.String(length=200), server_default='', nullable=False),
    sa.Column('source_lang', sa.String(length=35), nullable=False),
    sa.Column('target_lang', sa.String(length=35), nullable=False),
    sa.Column('source_key', sa.String(length=64), nullable=False),
    sa.Column('glossary_key', sa.String(length=64), server_default='', nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mt_cache')),
    sa.UniqueConstraint('provider', 'model', 'source_lang', 'target_lang', 'source_key', 'glossary_key', name='uq_mt_cache_request')
    )
    with op.batch_alter_table('articles', schema=None) as batch:
        batch.add_column(sa.Column('mt_gate', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('articles', schema=None) as batch:
        batch.drop_column('mt_gate')

    op.drop_table('mt_cache')
