from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

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
