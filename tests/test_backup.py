"""Backup and restore: everything comes back, on either database, and bad backups change nothing."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import select

from translate_app import MIGRATIONS_DIR
from translate_app.extensions import db
from translate_app.services import accounts
from translate_app.services.articles import get_article, segment_translations
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .conftest import PASSWORD, SEED, SLUG, make_app
from .processes import check_editions_agree, temporary_entries

KOREAN = ["평양의 지방화", "최근 나는 평양 중앙 엘리트의 한 사람과 대화를 나누었다."]

# The newest migration: a backup records it, a restore needs the database at it.
HEAD = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def fill(app) -> str:
    """Users, a token, an article with versions, approvals, two editions and catalogs."""
    with app.app_context():
        for role in ("translator", "editor", "admin"):
            accounts.create_user(role, role, PASSWORD)
        token = accounts.issue_token(accounts.get_user("translator"))
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", str(SEED), "--source-lang", "en", "--target-lang", "ko"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = segment_translations(get_article(SLUG), "ko")
        for st, text in zip(rows, KOREAN, strict=False):
            save_translation(
                st, accounts.get_user("translator"), text=text, base_revision=0, state="draft"
            )
            save_translation(
                st, accounts.get_user("translator"), text=text, base_revision=1, state="translated"
            )
            approve_translation(st, accounts.get_user("editor"), note="fine")
        db.session.commit()
    for args in (["publish", SLUG, "--user", "editor"], ["publish", SLUG, "--force"], ["compile"]):
        assert runner.invoke(args=args).exit_code == 0
    return token


def dump(app) -> dict[str, list[dict]]:
    with app.app_context():
        return {
            table.name: [
                dict(row)
                for row in db.session.execute(
                    select(table).order_by(*table.primary_key.columns)
                ).mappings()
            ]
            for table in db.metadata.sorted_tables
        }


def files(folder: Path) -> dict[str, bytes]:
    folder = Path(folder)
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


@pytest.fixture
def fresh(tmp_path, databases):
    """Another app on an empty SQLite database at the head revision."""
    folder = tmp_path / "fresh"
    folder.mkdir()
    other = make_app(folder, databases.migrated_sqlite(folder))
    yield other
    with other.app_context():
        db.engine.dispose()


def backup(app, target: Path):
    return app.test_cli_runner().invoke(args=["backup", str(target)])


def restore(app, source: Path, *extra: str):
    return app.test_cli_runner().invoke(args=["restore", str(source), *extra])


def check_same(source, target):
    assert dump(target) == dump(source)
    assert files(target.config["LOCALES_DIR"]) == files(source.config["LOCALES_DIR"])
    assert files(target.config["EDITIONS_DIR"]) == files(source.config["EDITIONS_DIR"])
    assert len(files(target.config["EDITIONS_DIR"])) == 6
    assert len(files(target.config["LOCALES_DIR"])) == 2


def check_it_works_on(app, token: str):
    """Logins, tokens, and new rows (new ids) after a restore."""
    with app.app_context():
        assert accounts.user_for_token(token).name == "translator"
        assert accounts.authenticate("editor", PASSWORD).role == "editor"
        accounts.create_user("newcomer", "translator", PASSWORD)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["publish", SLUG, "--user", "admin", "--force"])
    assert result.exit_code == 0, result.output
    assert "edition 3" in result.output
    with app.app_context():
        assert check_editions_agree(app, SLUG) == [1, 2, 3]


def test_round_trip_from_the_test_database_into_sqlite(app, fresh, tmp_path):
    token = fill(app)
    result = backup(app, tmp_path / "backup")
    assert result.exit_code == 0, result.output
    assert "2 catalog files and 6 edition files" in result.output
    assert "3 users" in result.output and "2 editions" in result.output
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["alembic_revision"] == HEAD
    with app.app_context():
        assert manifest["database"] == db.engine.dialect.name
    result = restore(fresh, tmp_path / "backup")
    assert result.exit_code == 0, result.output
    check_same(app, fresh)
    check_it_works_on(fresh, token)


def test_round_trip_from_sqlite_into_the_test_database(app, fresh, tmp_path):
    token = fill(fresh)
    assert backup(fresh, tmp_path / "backup").exit_code == 0
    result = restore(app, tmp_path / "backup")
    assert result.exit_code == 0, result.output
    check_same(fresh, app)
    check_it_works_on(app, token)


def test_backup_refuses_a_folder_that_has_something_in_it(app, tmp_path):
    fill(app)
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    result = backup(app, target)
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: {target} already exists and is not an empty folder: name a new one\n"
    )
    assert files(target) == {"notes.txt": b"keep me"}
    (target / "notes.txt").unlink()
    assert backup(app, target).exit_code == 0
    assert (target / "manifest.json").is_file()


def test_a_backup_that_cannot_be_written_leaves_nothing(app, tmp_path):
    fill(app)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = backup(app, blocker / "backup")
    assert result.exit_code == 1
    assert f"could not write the backup to {blocker / 'backup'}" in result.output
    assert f"[Errno 17] File exists: '{blocker}'" in result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.fixture
def made(app, tmp_path) -> Path:
    fill(app)
    assert backup(app, tmp_path / "backup").exit_code == 0
    return tmp_path / "backup"


def test_restore_refuses_a_database_with_content_unless_forced(app, made, fresh, tmp_path):
    with fresh.app_context():
        accounts.create_user("zed", "admin", PASSWORD)
        db.session.commit()
    stray = Path(fresh.config["EDITIONS_DIR"]) / SLUG / "ko" / "1"
    stray.mkdir(parents=True)
    (stray / "edition.json").write_text("{}")
    before = dump(fresh)
    result = restore(fresh, made)
    assert result.exit_code == 1
    assert result.output == (
        "Error: the database is not empty (1 audit_events, 1 users): restore into an empty "
        "database, or pass --force to replace its content\n"
    )
    assert dump(fresh) == before
    result = restore(fresh, made, "--force")
    assert result.exit_code == 0, result.output
    check_same(app, fresh)
    with fresh.app_context():
        assert accounts.find_user("zed") is None
    # The edition folder it had was set aside, not deleted.
    [kept] = (Path(fresh.config["EDITIONS_DIR"]) / ".orphaned" / SLUG / "ko").iterdir()
    assert (kept / "edition.json").read_text() == "{}"


def test_restore_needs_the_same_revision(made, fresh, tmp_path):
    manifest = json.loads((made / "manifest.json").read_text())
    manifest["alembic_revision"] = "0000"
    (made / "manifest.json").write_text(json.dumps(manifest))
    result = restore(fresh, made)
    assert result.exit_code == 1
    assert f"the database is at revision {HEAD} but the backup was taken at revision 0000" in (
        result.output
    )
    bare = make_app(tmp_path / "bare", f"sqlite:///{tmp_path / 'bare.sqlite3'}")
    result = restore(bare, made)
    assert (
        result.output == "Error: the database has no schema yet: run `translate-app init` first\n"
    )
    with bare.app_context():
        upgrade()
        manifest["alembic_revision"] = HEAD
        (made / "manifest.json").write_text(json.dumps(manifest))
        assert restore(bare, made).exit_code == 0
        db.engine.dispose()


def damage_a_byte(made: Path) -> str:
    path = made / "tables" / "users.jsonl"
    path.write_bytes(path.read_bytes().replace(b"editor", b"editer", 1))
    return "tables/users.jsonl: its checksum does not match the manifest"


def lose_a_file(made: Path) -> str:
    (made / "editions" / SLUG / "ko" / "1" / "edition.md").unlink()
    return f"editions/{SLUG}/ko/1/edition.md: missing"


def add_a_file(made: Path) -> str:
    (made / "catalogs" / "extra.po").write_text("")
    return "catalogs/extra.po: not in the manifest"


def point_outside(made: Path) -> str:
    manifest = json.loads((made / "manifest.json").read_text())
    manifest["files"][0]["path"] = "../../etc/passwd"
    (made / "manifest.json").write_text(json.dumps(manifest))
    return "../../etc/passwd: not a place for a file of a backup"


def drop_the_manifest(made: Path) -> str:
    (made / "manifest.json").unlink()
    return "has no manifest.json: not a translate_app backup"


def change_the_format(made: Path) -> str:
    manifest = json.loads((made / "manifest.json").read_text())
    manifest["format_version"] = 2
    (made / "manifest.json").write_text(json.dumps(manifest))
    return "is a backup of format version 2; this version of translate_app reads version 1"


@pytest.mark.parametrize(
    "damage",
    [damage_a_byte, lose_a_file, add_a_file, point_outside, drop_the_manifest, change_the_format],
)
def test_restore_checks_the_whole_backup_before_touching_anything(made, fresh, damage):
    problem = damage(made)
    before = dump(fresh), files(fresh.config["EDITIONS_DIR"]), files(fresh.config["LOCALES_DIR"])
    result = restore(fresh, made)
    assert result.exit_code == 1
    assert problem in result.output
    assert result.output.count("\n") == 1
    after = dump(fresh), files(fresh.config["EDITIONS_DIR"]), files(fresh.config["LOCALES_DIR"])
    assert after == before


def rewrite(made: Path, name: str, change) -> None:
    """Change a table file and its manifest entry together, so the checksums still agree."""
    manifest = json.loads((made / "manifest.json").read_text())
    entry = next(t for t in manifest["tables"] if t["name"] == name)
    path = made / entry["path"]
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    entry["bytes"] = path.stat().st_size
    entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (made / "manifest.json").write_text(json.dumps(manifest))


def miscount_rows(made: Path) -> str:
    manifest = json.loads((made / "manifest.json").read_text())
    next(t for t in manifest["tables"] if t["name"] == "users")["rows"] = 4
    (made / "manifest.json").write_text(json.dumps(manifest))
    return "users.jsonl has 3 rows, its manifest says 4"


def add_a_column(made: Path) -> str:
    rewrite(made, "approvals", lambda text: text.replace('{"id"', '{"extra": 1, "id"', 1))
    return "approvals.jsonl line 1 has the columns ['created_at', 'editor_id', 'extra'"


def leave_out_a_table(made: Path) -> str:
    manifest = json.loads((made / "manifest.json").read_text())
    manifest["tables"] = [t for t in manifest["tables"] if t["name"] != "approvals"]
    (made / "manifest.json").write_text(json.dumps(manifest))
    (made / "tables" / "approvals.jsonl").unlink()
    # The list of what the backup has goes on without approvals, straight to the next table.
    kept = sorted(name for name in db.metadata.tables if name != "approvals")
    return "the backup has the tables " + ", ".join(kept[:5]) + ", "


@pytest.mark.parametrize("damage", [miscount_rows, add_a_column, leave_out_a_table])
def test_restore_of_rows_that_do_not_fit_rolls_back_everything(made, fresh, damage):
    problem = damage(made)
    result = restore(fresh, made)
    assert result.exit_code == 1
    assert problem in result.output
    assert all(rows == [] for rows in dump(fresh).values())
    for folder in (fresh.config["EDITIONS_DIR"], fresh.config["LOCALES_DIR"]):
        assert files(folder) == {}
        assert temporary_entries(Path(folder)) == []


def test_backup_writes_an_edition_missing_on_disk_from_its_snapshot(app, tmp_path):
    fill(app)
    folder = Path(app.config["EDITIONS_DIR"]) / SLUG / "ko" / "2"
    published = files(folder)
    shutil.rmtree(folder)
    assert backup(app, tmp_path / "backup").exit_code == 0
    assert files(tmp_path / "backup" / "editions" / SLUG / "ko" / "2") == published
