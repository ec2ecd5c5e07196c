"""Review with reasons: rejections (category, severity, note) and the per-article rule
against approving one's own versions.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 21:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rejections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_rejections_editor_id_users')),
    sa.ForeignKeyConstraint(['version_id'], ['translation_versions.id'], name=op.f('fk_rejections_version_id_translation_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rejections'))
    )
    with op.batch_alter_table('rejections') as batch:
        batch.create_index(batch.f('ix_rejections_version_id'), ['version_id'], unique=False)
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('self_approval_allowed', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('articles') as batch:
        batch.drop_column('self_approval_allowed')
    op.drop_table('rejections')
