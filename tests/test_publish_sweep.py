"""The sweep: what a killed process left is put right from the database, the truth."""

import json
import shutil
from pathlib import Path

import pytest

from translate_app.extensions import db
from translate_app.files import FolderLock
from translate_app.services.articles import get_article
from translate_app.services.publishing import publish_edition

from .conftest import SLUG
from .processes import check_editions_agree, editions_in_db, orphaned, temporary_entries
from .test_publish import approved  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("approved")


@pytest.fixture
def place(app, runner) -> Path:
    """The article's Korean editions folder, with editions 1 and 2 published."""
    for _ in range(2):
        assert runner.invoke(args=["publish", SLUG, "--force"]).exit_code == 0
    return Path(app.config["EDITIONS_DIR"]) / SLUG / "ko"


def sweep(runner, how: str) -> str:
    result = runner.invoke(args=["init"] if how == "init" else ["publish", SLUG, "--force"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("how", ["init", "publish"])
def test_temporary_leftovers_are_removed(app, runner, place, how):
    stale_folder = place / ".3.k1ll3d.tmp"
    stale_folder.mkdir()
    (stale_folder / "edition.json").write_text("{")
    stale_file = place / "1" / ".edition.html.abc123.tmp"
    stale_file.write_text("<!doctype")
    output = sweep(runner, how)
    assert not stale_folder.exists() and not stale_file.exists()
    check_editions_agree(app, SLUG)
    if how == "init":
        assert "editions: 2 temporary removed, 0 rebuilt" in output


@pytest.mark.parametrize("how", ["init", "publish"])
def test_a_missing_or_incomplete_folder_is_rebuilt_from_the_database(app, runner, place, how):
    for name in ("edition.json", "edition.html", "edition.md"):
        (place / "1" / name).unlink()
    (place / "2" / "edition.md").unlink()
    shutil.rmtree(place / "2")
    output = sweep(runner, how)
    check_editions_agree(app, SLUG)
    # The empty folder 1 was still something on disk: it is kept aside, not deleted.
    assert [p.name.split(".")[0] for p in orphaned(app)] == ["1"]
    if how == "init":
        assert "editions: 0 temporary removed, 2 rebuilt from the database, 1 unknown" in output


def test_a_mixed_folder_is_set_aside_and_rebuilt(app, runner, place):
    # edition.json of another edition beside this one's HTML and Markdown.
    (place / "1" / "edition.json").write_bytes((place / "2" / "edition.json").read_bytes())
    sweep(runner, "init")
    check_editions_agree(app, SLUG)
    [kept] = orphaned(app)
    assert json.loads((kept / "edition.json").read_text())["number"] == 2


@pytest.mark.parametrize("how", ["init", "publish"])
def test_folders_the_database_does_not_know_are_moved_away(app, runner, place, how):
    (place / "7").mkdir()
    (place / "7" / "edition.json").write_text("{}")
    (place / "notes.txt").write_text("not an edition")
    stray = Path(app.config["EDITIONS_DIR"]) / "gone-article" / "ko" / "1"
    stray.mkdir(parents=True)
    sweep(runner, how)
    check_editions_agree(app, SLUG)
    moved = {str(p.relative_to(p.parents[2])).rsplit(".", 2)[0] for p in orphaned(app)}
    if how == "init":
        assert moved == {f"{SLUG}/ko/7", f"{SLUG}/ko/notes.txt", "gone-article/ko/1"}
        assert not stray.exists()
    else:
        # A publish tidies only its own article's language.
        assert moved == {f"{SLUG}/ko/7", f"{SLUG}/ko/notes.txt"}
        assert stray.exists()


def test_the_sweep_of_a_publish_leaves_a_live_writer_alone(app, runner, place):
    # Another process holds the shared lock while its temporary folder exists.
    live = place / ".3.l1ve.tmp"
    live.mkdir()
    with FolderLock(Path(app.config["EDITIONS_DIR"]), exclusive=False):
        assert runner.invoke(args=["publish", SLUG, "--force"]).exit_code == 0
        assert live.exists()
    assert [e.number for e in editions_in_db(SLUG)] == [1, 2, 3]
    sweep(runner, "publish")
    assert not live.exists()
    check_editions_agree(app, SLUG)


def test_compile_removes_catalog_leftovers_unless_a_compile_is_writing(app, runner):
    folder = Path(app.config["LOCALES_DIR"]) / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    stale = folder / f".{SLUG}.po.x7y8z9.tmp"
    stale.write_text('msgid "')
    with FolderLock(Path(app.config["LOCALES_DIR"]), exclusive=False):
        assert runner.invoke(args=["compile", SLUG]).exit_code == 0
        assert stale.exists()
    assert runner.invoke(args=["compile", SLUG]).exit_code == 0
    assert not stale.exists()
    assert sorted(p.name for p in folder.iterdir()) == [f"{SLUG}.mo", f"{SLUG}.po"]
    stale.write_text("")
    assert "catalogs: 1 temporary removed" in sweep(runner, "init")
    assert not stale.exists()


@pytest.mark.sqlite_only
def test_a_publish_that_finds_sqlite_busy_past_its_timeout_is_a_clean_409(app, runner):
    # Another writer holds SQLite's write lock for longer than the 10 s busy timeout.
    with db.engine.connect() as other:
        other.exec_driver_sql("BEGIN IMMEDIATE")
        result = runner.invoke(args=["publish", SLUG, "--force"])
        other.rollback()
    assert result.exit_code == 1
    assert result.output == (
        f"Error: the database stayed busy with another change while publishing {SLUG} (ko); "
        "nothing was changed: publish again\n"
    )
    assert editions_in_db(SLUG) == []
    assert temporary_entries(Path(app.config["EDITIONS_DIR"])) == []
    assert runner.invoke(args=["publish", SLUG, "--force"]).exit_code == 0
    check_editions_agree(app, SLUG)


def test_a_folder_that_cannot_be_put_in_place_is_left_to_the_next_sweep(app, runner, caplog):
    editions = Path(app.config["EDITIONS_DIR"])
    edition = publish_edition(
        get_article(SLUG),
        "ko",
        None,
        locales_dir=Path(app.config["LOCALES_DIR"]),
        editions_dir=editions,
    )
    # Something took the folder's place meanwhile, and it cannot be set aside.
    (editions / SLUG / "ko" / "1").mkdir(parents=True)
    (editions / ".orphaned").write_text("")
    db.session.commit()
    assert "could not put files in place after commit" in caplog.text
    assert [e.number for e in editions_in_db(SLUG)] == [edition.number]
    assert temporary_entries(editions) == []
    (editions / ".orphaned").unlink()
    assert "1 rebuilt from the database, 1 unknown" in sweep(runner, "init")
    check_editions_agree(app, SLUG)
