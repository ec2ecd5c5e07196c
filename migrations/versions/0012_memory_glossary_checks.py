"""Translation memory with its n-gram index, the glossary, quality-check findings and
their dismissals, and where each saved version's text came from.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 13:49:25.942715

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('memory_postings',
    sa.Column('term', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('entry_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('term', 'entry_id', name=op.f('pk_memory_postings')),
    sqlite_with_rowid=False
    )
    op.create_table('memory_terms',
    sa.Column('term', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('df', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('term', name=op.f('pk_memory_terms'))
    )
    op.create_table('glossary_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_lang', sa.String(length=35), nullable=False),
    sa.Column('target_lang', sa.String(length=35), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('target', sa.String(length=300), nullable=False),
    sa.Column('part_of_speech', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_glossary_terms_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary_terms')),
    sa.UniqueConstraint('source_lang', 'target_lang', 'source', 'target', name=op.f('uq_glossary_terms_source_lang_target_lang_source_target'))
    )
    op.create_table('memory_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_lang', sa.String(length=35), nullable=False),
    sa.Column('target_lang', sa.String(length=35), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('source_key', sa.String(length=64), nullable=False),
    sa.Column('context_key', sa.String(length=64), nullable=True),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('origin', sa.String(length=255), nullable=False),
    sa.Column('translator', sa.String(length=200), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('segment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_memory_entries_article_id_articles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['segment_id'], ['segments.id'], name=op.f('fk_memory_entries_segment_id_segments'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memory_entries'))
    )
    with op.batch_alter_table('memory_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memory_entries_article_id'), ['article_id'], unique=False)
        batch_op.create_index('ix_memory_entries_exact', ['source_lang', 'target_lang', 'source_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_memory_entries_segment_id'), ['segment_id'], unique=False)

    op.create_table('check_dismissals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('check', sa.String(length=60), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_check_dismissals_editor_id_users')),
    sa.ForeignKeyConstraint(['version_id'], ['translation_versions.id'], name=op.f('fk_check_dismissals_version_id_translation_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_dismissals')),
    sa.UniqueConstraint('version_id', 'check', name=op.f('uq_check_dismissals_version_id_check'))
    )
    with op.batch_alter_table('check_dismissals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_dismissals_version_id'), ['version_id'], unique=False)

    with op.batch_alter_table('translation_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checks', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('origin', sa.String(length=20), server_default='typed', nullable=False))
        batch_op.add_column(sa.Column('origin_detail', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('suggestion', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('translation_versions', schema=None) as batch_op:
        batch_op.drop_column('suggestion')
        batch_op.drop_column('origin_detail')
        batch_op.drop_column('origin')
        batch_op.drop_column('checks')

    with op.batch_alter_table('check_dismissals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_dismissals_version_id'))

    op.drop_table('check_dismissals')
    with op.batch_alter_table('memory_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memory_entries_segment_id'))
        batch_op.drop_index('ix_memory_entries_exact')
        batch_op.drop_index(batch_op.f('ix_memory_entries_article_id'))

    op.drop_table('memory_entries')
    op.drop_table('glossary_terms')
    op.drop_table('memory_terms')
    op.drop_table('memory_postings')
