"""A PostgreSQL server of a test's own, to stop and start while the app is in use."""

import contextlib
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from translate_app.extensions import db
from translate_app.models import TranslationVersion
from translate_app.services.accounts import create_user
from translate_app.services.importing import import_article

from .conftest import PASSWORD, SEED, make_app
from .pgserver import PostgresServer


@contextlib.contextmanager
def own_postgres() -> Iterator[PostgresServer]:
    """Not the run's shared server: this one is stopped in the middle of the test."""
    server = PostgresServer().init().start()
    try:
        yield server
    finally:
        server.destroy()


def seeded_app(server: PostgresServer, tmp_path: Path) -> Flask:
    """The app on ``server``, migrated, with one user per role and the seed article."""
    app = make_app(tmp_path, server.url)
    with app.app_context():
        upgrade()
        for role in ("translator", "editor", "admin"):
            create_user(role, role, PASSWORD)
        import_article(SEED.read_bytes(), SEED.name, source_lang="en", target_langs=["ko"])
        db.session.commit()
        db.session.remove()
    return app


def versions(app: Flask, segment_id: int) -> list[tuple[int, str, int | None]]:
    """Every saved version of a segment: (id, text, parent id), oldest first."""
    with app.app_context():
        rows = db.session.execute(
            select(TranslationVersion.id, TranslationVersion.text, TranslationVersion.parent_id)
            .where(TranslationVersion.segment_id == segment_id)
            .order_by(TranslationVersion.id)
        ).all()
        db.session.remove()
        return [tuple(row) for row in rows]
