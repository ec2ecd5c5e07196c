"""The SQLite database and its WAL files are readable by their owner only."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from translate_app.extensions import db

from .conftest import make_app

pytestmark = pytest.mark.sqlite_only


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_translate_app_init_creates_the_database_owner_readable(tmp_path):
    database = tmp_path / "data" / "translate_app.sqlite3"
    database.parent.mkdir()
    env = {
        **os.environ,
        "TRANSLATE_APP_DATABASE_URL": f"sqlite:///{database}",
        "TRANSLATE_APP_INSTANCE_PATH": str(tmp_path / "instance"),
        "TRANSLATE_APP_LOCALES_DIR": str(tmp_path / "locales"),
        "TRANSLATE_APP_EDITIONS_DIR": str(tmp_path / "editions"),
        "TRANSLATE_APP_SECRET_KEY": "test-secret",
    }
    command = Path(sys.executable).parent / "translate-app"
    result = subprocess.run(
        [str(command), "init"], env=env, capture_output=True, text=True, umask=0o022, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert mode(database) == 0o600
    # The umask did let a plain file through world-readable, so the mode above is ours.
    control = tmp_path / "data" / "control"
    subprocess.run(["touch", str(control)], umask=0o022, check=True)
    assert mode(control) == 0o644


def test_wal_and_shm_files_are_owner_readable_too(tmp_path):
    database = tmp_path / "app.sqlite3"
    app = make_app(tmp_path, f"sqlite:///{database}")
    old = os.umask(0o022)
    try:
        with app.app_context(), db.engine.connect() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
            connection.commit()
            files = {p.name: mode(p) for p in tmp_path.glob("app.sqlite3*")}
    finally:
        os.umask(old)
        with app.app_context():
            db.engine.dispose()
    assert files == {"app.sqlite3": 0o600, "app.sqlite3-wal": 0o600, "app.sqlite3-shm": 0o600}


def test_an_existing_database_keeps_its_mode(tmp_path):
    database = tmp_path / "shared.sqlite3"
    database.touch()
    database.chmod(0o640)
    app = make_app(tmp_path, f"sqlite:///{database}")
    with app.app_context(), db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    with app.app_context():
        db.engine.dispose()
    assert mode(database) == 0o640
