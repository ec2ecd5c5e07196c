"""/healthz, and what every page answers while the database is not answering."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from translate_app.extensions import db
from translate_app.web.unavailable import MESSAGE

from .conftest import csrf_token, make_app
from .pgserver import free_port


def test_healthz_is_public_sessionless_and_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    # One copy for everyone in a shared cache: the answer never varies with the cookie.
    assert "cookie" not in response.headers.get("Vary", "").lower()


@pytest.fixture
def down_app(tmp_path, db_kind):
    """The app configured for a database that is not there: the driver's connect fails."""
    if db_kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}"
    else:
        url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/postgres"
    app = make_app(tmp_path, url)
    yield app
    with app.app_context():
        db.engine.dispose()


DRIVER_SAYS = {"sqlite": "unable to open database file", "postgresql": "Connection refused"}


def test_healthz_answers_503_naming_the_problem(down_app, db_kind):
    response = down_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["status"] == "error"
    assert body["error"].startswith("the database is not answering: ")
    assert DRIVER_SAYS[db_kind] in body["error"]
    assert "\n" not in body["error"]


def test_the_api_answers_503_in_json(down_app):
    response = down_app.test_client().get(
        "/api/v1/articles", headers={"Authorization": "Bearer whatever"}
    )
    assert response.status_code == 503
    assert response.get_json() == {"error": MESSAGE}
    assert response.headers["Retry-After"] == "5"
    assert response.headers["Cache-Control"] == "no-store"


def logged_in_client(app):
    """A client whose cookie names a login, so each page asks the database whose it is."""
    client = app.test_client()
    token = csrf_token(client)  # the login page needs no database
    with client.session_transaction() as session:
        session["_user_id"] = "1"
        session["_fresh"] = True
        session["session_secret"] = "a-secret-the-database-would-be-asked-about"
    return client, token


def test_a_page_answers_503_with_an_error_page(down_app):
    client, _ = logged_in_client(down_app)
    response = client.get("/")
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "The database is not answering" in page
    assert "Nothing was saved. Try again in a moment." in page
    assert 'href="/"' in page


def test_an_htmx_save_answers_503_with_the_message_and_no_row(down_app):
    client, token = logged_in_client(down_app)
    response = client.post(
        "/segments/1/ko",
        data={"text": "평양", "base_revision": 0, "state": "draft"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 503
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == MESSAGE


def test_other_database_errors_are_not_taken_for_an_outage(app, users):
    # A broken constraint is a bug to fix, not a database to wait for: it stays a 500.
    @app.get("/duplicate-user")
    def duplicate_user():
        db.session.execute(
            text("INSERT INTO users (name, role, password_hash) VALUES ('admin', 'admin', 'x')")
        )
        return "inserted"

    with pytest.raises(IntegrityError):
        app.test_client().get("/duplicate-user")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert app.test_client().get("/duplicate-user").status_code == 500
