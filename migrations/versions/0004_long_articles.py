"""Source word counts stored per segment, so progress is summed in the database.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 21:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

from translate_app.domain.text import count_words


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# Rows counted per round trip: bounded memory on articles of any size.
BATCH = 1000

segments = sa.table(
    'segments',
    sa.column('id', sa.Integer),
    sa.column('source', sa.Text),
    sa.column('words', sa.Integer),
)


def upgrade():
    with op.batch_alter_table('segments') as batch:
        batch.add_column(sa.Column('words', sa.Integer(), server_default='0', nullable=False))
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(segments.c.id, segments.c.source)
            .where(segments.c.id > last)
            .order_by(segments.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            segments.update().where(segments.c.id == sa.bindparam('b_id')),
            [{'b_id': id_, 'words': count_words(source)} for id_, source in rows],
        )
        last = rows[-1][0]


def downgrade():
    with op.batch_alter_table('segments') as batch:
        batch.drop_column('words')
