from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from translate_app.extensions import db

from .conftest import make_app


def test_upgrade_from_empty_gives_the_models_schema(tmp_path, empty_database_url):
    app = make_app(tmp_path, empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert differences == []
    assert set(db.metadata.tables) <= tables


def test_downgrade_to_empty_and_back(tmp_path, empty_database_url):
    app = make_app(tmp_path, empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        upgrade()
        assert "segment_translations" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_init_command_creates_the_database(tmp_path, empty_database_url):
    app = make_app(tmp_path, empty_database_url)
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "database ready" in result.output
    with app.app_context():
        assert "editions" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_machine_translation_revision_goes_down_and_up(tmp_path, empty_database_url):
    app = make_app(tmp_path, empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="0012")
        tables = inspect(db.engine).get_table_names()
        columns = {c["name"] for c in inspect(db.engine).get_columns("articles")}
        assert "mt_cache" not in tables and "mt_gate" not in columns
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO articles (slug, title, source_lang, created_at) "
                    "VALUES ('a', 'A', 'en', CURRENT_TIMESTAMP)"
                )
            )
        upgrade()
        with db.engine.connect() as connection:
            # An article from before the revision is not held to the gate.
            assert connection.scalar(text("SELECT mt_gate FROM articles")) in (False, 0)
        inspector = inspect(db.engine)
        assert "mt_cache" in inspector.get_table_names()
        gate = next(c for c in inspector.get_columns("articles") if c["name"] == "mt_gate")
        assert gate["nullable"] is False
        unique = inspector.get_unique_constraints("mt_cache")
        assert [c["column_names"] for c in unique] == [
            ["provider", "model", "source_lang", "target_lang", "source_key", "glossary_key"]
        ]
        db.engine.dispose()
