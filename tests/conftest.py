import re
import shutil
from pathlib import Path

import pytest
from flask_migrate import upgrade

from translate_app import create_app
from translate_app.extensions import db
from translate_app.services.accounts import create_user
from translate_app.services.importing import import_article

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "provincialization-of-pyongyang.en.txt"
SLUG = "provincialization-of-pyongyang"
PASSWORD = "correct-horse-battery"


def make_app(tmp_path: Path, database_url: str, **extra):
    return create_app(
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


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    """A database brought to the head revision once; each test gets a copy of it."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite3"
    app = make_app(folder, f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture
def app(tmp_path, migrated_template):
    path = tmp_path / "app.sqlite3"
    shutil.copy(migrated_template, path)
    app = make_app(tmp_path, f"sqlite:///{path}")
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
