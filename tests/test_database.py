"""The run is on the database it says it is on, and both databases behave alike."""

from sqlalchemy import text

from translate_app.extensions import db


def test_the_app_runs_on_the_database_of_this_run(ctx, db_kind):
    assert db.engine.dialect.name == db_kind
    assert db.session.scalar(text("SELECT 1")) == 1


def test_text_round_trips_unchanged(ctx, article):
    # Korean, combining marks, emoji and the largest code points survive both databases.
    sample = "평양의 지방화 — é ᄀ ﷽ 😀 \U0010fffd"
    article.title = sample
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(type(article), article.id).title == sample
