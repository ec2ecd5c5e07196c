"""SQLite in WAL mode with a busy timeout: a writer waits for another's lock, within bounds."""

import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from translate_app.extensions import db

from .conftest import make_app

pytestmark = pytest.mark.sqlite_only


def wait_for_a_held_write_lock() -> float:
    """Seconds a second writer waited before SQLite gave up on the first one's lock."""
    with db.engine.connect() as holder:
        holder.exec_driver_sql("BEGIN IMMEDIATE")
        started = time.monotonic()
        with pytest.raises(OperationalError, match="database is locked"), db.engine.connect() as w:
            w.exec_driver_sql("BEGIN IMMEDIATE")
        return time.monotonic() - started


def test_wal_and_the_default_busy_timeout(app, ctx):
    assert db.session.scalar(text("PRAGMA journal_mode")) == "wal"
    assert db.session.scalar(text("PRAGMA busy_timeout")) == 10_000


def test_the_busy_timeout_is_configurable_and_in_force(tmp_path, database_url):
    app = make_app(tmp_path, database_url, SQLITE_BUSY_TIMEOUT=300)
    with app.app_context():
        assert db.session.scalar(text("PRAGMA busy_timeout")) == 300
        db.session.remove()
        assert 0.3 <= wait_for_a_held_write_lock() < 3
        db.engine.dispose()


def test_a_busy_timeout_of_zero_gives_up_at_once(tmp_path, database_url):
    app = make_app(tmp_path, database_url, SQLITE_BUSY_TIMEOUT=0)
    with app.app_context():
        assert db.session.scalar(text("PRAGMA busy_timeout")) == 0
        db.session.remove()
        assert wait_for_a_held_write_lock() < 0.2
        db.engine.dispose()


@pytest.mark.parametrize("value", [-1, "soon", True])
def test_a_bad_busy_timeout_stops_the_start(tmp_path, database_url, value):
    with pytest.raises(ValueError, match="TRANSLATE_APP_SQLITE_BUSY_TIMEOUT must be a whole"):
        make_app(tmp_path, database_url, SQLITE_BUSY_TIMEOUT=value)
