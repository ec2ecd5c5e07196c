"""Source revisions of an article, segments that remember their structure and markup,
and segments that are not for translation.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 10:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

articles = sa.table(
    'articles',
    sa.column('id', sa.Integer),
    sa.column('created_at', sa.DateTime(timezone=True)),
)
source_revisions = sa.table(
    'source_revisions',
    sa.column('article_id', sa.Integer),
    sa.column('number', sa.Integer),
    sa.column('created_at', sa.DateTime(timezone=True)),
    sa.column('author', sa.String),
    sa.column('filename', sa.String),
    sa.column('summary', sa.Text),
)


def upgrade():
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('revision', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('segments') as batch:
        batch.add_column(sa.Column('tags', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('structure', sa.JSON(), nullable=True))
        batch.add_column(
            sa.Column('translatable', sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(
            sa.Column('source_revision', sa.Integer(), nullable=False, server_default='1')
        )
        batch.add_column(sa.Column('retired_revision', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('previous_source', sa.Text(), nullable=True))
    op.create_table(
        'source_revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('author', sa.String(length=200), nullable=False, server_default=''),
        sa.Column('filename', sa.String(length=255), nullable=False, server_default=''),
        sa.Column('summary', sa.Text(), nullable=False, server_default='{}'),
        sa.ForeignKeyConstraint(
            ['article_id'], ['articles.id'],
            name=op.f('fk_source_revisions_article_id_articles'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['users.id'], name=op.f('fk_source_revisions_created_by_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_source_revisions')),
        sa.UniqueConstraint(
            'article_id', 'number', name=op.f('uq_source_revisions_article_id_number')
        ),
    )
    # Every article so far is its first revision, as imported.
    connection = op.get_bind()
    rows = connection.execute(sa.select(articles.c.id, articles.c.created_at)).all()
    if rows:
        connection.execute(
            source_revisions.insert(),
            [
                {'article_id': id_, 'number': 1, 'created_at': created, 'author': '',
                 'filename': '', 'summary': '{}'}
                for id_, created in rows
            ],
        )


def downgrade():
    op.drop_table('source_revisions')
    with op.batch_alter_table('segments') as batch:
        batch.drop_column('previous_source')
        batch.drop_column('retired_revision')
        batch.drop_column('source_revision')
        batch.drop_column('translatable')
        batch.drop_column('structure')
        batch.drop_column('tags')
    with op.batch_alter_table('articles') as batch:
        batch.drop_column('revision')
