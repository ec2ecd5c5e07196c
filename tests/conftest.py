import itertools
import os
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from translate_app import create_app, ui_catalogs
from translate_app.extensions import db
from translate_app.services.accounts import create_user
from translate_app.services.importing import import_article

from .pgserver import PostgresServer
from .workers import WorkerProcess

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "provincialization-of-pyongyang.en.txt"
SLUG = "provincialization-of-pyongyang"
PASSWORD = "correct-horse-battery"


class IsolatedClient(FlaskClient):
    """Each request gets an application context of its own, as in a served app.

    Without it, requests made while a test holds an app context share the test's
    context: its ``g`` (the logged-in user, the CSRF token) and its database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app(tmp_path: Path, database_url: str, **extra):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "LOCALES_DIR": str(tmp_path / "locales"),
            "EDITIONS_DIR": str(tmp_path / "editions"),
            **extra,
        }
    )
    app.test_client_class = IsolatedClient
    return app


def pytest_configure(config):
    # The app reads the interface's compiled catalogs (build output, not committed):
    # `pytest` alone works on a fresh checkout, as `make test` does.
    if not ui_catalogs.compiled_up_to_date(ui_catalogs.SOURCE_DIR):
        ui_catalogs.compile_catalogs(ui_catalogs.SOURCE_DIR)


def pytest_addoption(parser):
    parser.addoption(
        "--db",
        choices=("sqlite", "postgresql"),
        default=os.environ.get("TRANSLATE_APP_TEST_DB", "sqlite"),
        help="the database every test runs on: embedded SQLite, or a throwaway PostgreSQL "
        "server that the run starts itself",
    )


def pytest_report_header(config):
    return f"database: {config.getoption('--db')}"


def pytest_collection_modifyitems(config, items):
    # Tests about one database are left out of the other database's run (deselected,
    # not skipped: the other run is where they run).
    other = "postgresql_only" if config.getoption("--db") == "sqlite" else "sqlite_only"
    kept = [item for item in items if other not in item.keywords]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if other in i.keywords])
        items[:] = kept


@pytest.fixture(scope="session")
def db_kind(request) -> str:
    return request.config.getoption("--db")


@pytest.fixture(scope="session")
def pg_server(db_kind) -> Iterator[PostgresServer | None]:
    if db_kind != "postgresql":
        yield None
        return
    server = PostgresServer().init().start()
    try:
        yield server
    finally:
        server.destroy()


class Databases:
    """Makes empty or migrated databases for tests, on the run's database."""

    def __init__(self, kind: str, folder: Path, server: PostgresServer | None):
        self.kind, self.folder, self.server = kind, folder, server
        self._count = itertools.count(1)
        self._template: str | None = None

    def empty(self, tmp_path: Path) -> str:
        """The URL of a new, empty database."""
        if self.kind == "sqlite":
            return f"sqlite:///{tmp_path / f'db{next(self._count)}.sqlite3'}"
        return self._create_pg(template="template0")

    def migrated(self, tmp_path: Path) -> str:
        """The URL of a new database at the head revision (a copy of one migrated once)."""
        if self._template is None:
            url = self.empty(self.folder)
            app = make_app(self.folder, url)
            with app.app_context():
                upgrade()
                db.engine.dispose()
            self._template = url
        if self.kind == "sqlite":
            target = tmp_path / f"db{next(self._count)}.sqlite3"
            shutil.copy(make_url(self._template).database, target)
            return f"sqlite:///{target}"
        return self._create_pg(template=make_url(self._template).database)

    def migrated_sqlite(self, tmp_path: Path) -> str:
        """A migrated SQLite database whatever the run's kind (for moves between the two)."""
        template = self.folder / "template-sqlite.sqlite3"
        if not template.exists():
            app = make_app(self.folder, f"sqlite:///{template}")
            with app.app_context():
                upgrade()
                db.engine.dispose()
        target = tmp_path / f"db{next(self._count)}.sqlite3"
        shutil.copy(template, target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        if self.kind == "postgresql":
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def _create_pg(self, template: str) -> str:
        name = f"test_{os.getpid()}_{next(self._count)}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.server.url_for(name)

    def _admin(self):
        return psycopg.connect(
            make_url(self.server.url).set(drivername="postgresql").render_as_string(False),
            autocommit=True,
        )


@pytest.fixture(scope="session")
def databases(db_kind, pg_server, tmp_path_factory) -> Databases:
    return Databases(db_kind, tmp_path_factory.mktemp("template"), pg_server)


@pytest.fixture
def database_url(databases, tmp_path) -> Iterator[str]:
    """A migrated database of the run's kind, this test's own."""
    url = databases.migrated(tmp_path)
    yield url
    databases.drop(url)


@pytest.fixture
def empty_database_url(databases, tmp_path) -> Iterator[str]:
    """An empty database (no tables) of the run's kind, this test's own."""
    url = databases.empty(tmp_path)
    yield url
    databases.drop(url)


@pytest.fixture
def app(tmp_path, database_url):
    app = make_app(tmp_path, database_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def users(ctx):
    made = {role: create_user(role, role, PASSWORD) for role in ("translator", "editor", "admin")}
    db.session.commit()
    return made


@pytest.fixture
def article(ctx):
    made = import_article(SEED.read_bytes(), SEED.name, source_lang="en", target_langs=["ko"])
    db.session.commit()
    return made


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def worker(app, tmp_path) -> Iterator[WorkerProcess]:
    """A real ``translate-app worker`` process on the test app's database and jobs file."""
    process = WorkerProcess(app, tmp_path / "worker.log").start()
    yield process
    assert process.stop() == 0, process.output()


_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    match = _CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def login(client, name: str, password: str = PASSWORD):
    response = client.post(
        "/login", data={"name": name, "password": password, "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return csrf_token(client, "/")


class FakeClock:
    """The time the services see (app.config["CLOCK"]), moved by hand instead of sleeping."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(app):
    app.config["CLOCK"] = made = FakeClock(datetime.now(UTC))
    return made
