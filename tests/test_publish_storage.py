"""A publish that cannot write its files is refused whole, with the folder and the OS error."""

import resource
import signal
import subprocess
from pathlib import Path

import pytest

from translate_app.services.edition_files import FILES

from .conftest import SLUG, login
from .processes import cli_command, cli_env, editions_in_db, temporary_entries
from .test_publish import approved  # noqa: F401  (fixture)


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture
def unwritable_editions(app, tmp_path):
    """EDITIONS_DIR inside a regular file: no one can create it, root included."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder was expected\n")
    app.config["EDITIONS_DIR"] = str(blocker / "editions")
    return blocker / "editions"


@pytest.mark.usefixtures("approved")
def test_cli_publish_into_an_unwritable_folder_is_refused_whole(runner, unwritable_editions):
    result = runner.invoke(args=["publish", SLUG, "--force"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1, result.output
    assert str(unwritable_editions) in result.output
    assert "Not a directory" in result.output and "[Errno 20]" in result.output
    assert editions_in_db(SLUG) == []


@pytest.mark.usefixtures("approved")
def test_web_publish_into_an_unwritable_folder_answers_507(app, client, unwritable_editions):
    token = login(client, "editor")
    response = client.post(f"/articles/{SLUG}/ko/publish", headers={"X-CSRFToken": token})
    assert response.status_code == 507
    page = response.get_data(as_text=True)
    assert str(unwritable_editions) in page and "Not a directory" in page
    assert editions_in_db(SLUG) == []


def limited_publish(app, max_file_bytes: int) -> subprocess.CompletedProcess:
    """``translate-app publish`` in a process that may not grow any file past the limit.

    Past RLIMIT_FSIZE a write fails with EFBIG (once SIGXFSZ is ignored), as a full
    disk fails with ENOSPC: the same path through the code, and it needs no privilege.
    """

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    return subprocess.run(
        cli_command("publish", SLUG, "--force"),
        env=cli_env(app),
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit,
    )


@pytest.mark.usefixtures("approved")
def test_a_full_disk_halfway_through_the_edition_changes_nothing(app, runner):
    assert runner.invoke(args=["publish", SLUG, "--force"]).exit_code == 0
    editions = Path(app.config["EDITIONS_DIR"])
    locales = Path(app.config["LOCALES_DIR"])
    first = editions / SLUG / "ko" / "1"
    # Sized from what a publish writes: the catalogs and edition.json fit, but
    # edition.html (written second) does not, so the failure comes halfway.
    fits = [p.stat().st_size for p in [*locales.rglob(f"{SLUG}.*"), first / "edition.json"]]
    limit = max(fits) + 512
    assert limit < (first / "edition.html").stat().st_size
    result = limited_publish(app, limit)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"could not write edition 2 of {SLUG} (ko) in {editions / SLUG / 'ko'}" in result.stderr
    assert "[Errno 27] File too large" in result.stderr
    assert [e.number for e in editions_in_db(SLUG)] == [1]
    assert temporary_entries(editions, locales) == []
    assert tree(editions / SLUG / "ko") == ["1", *(f"1/{name}" for name in sorted(FILES))]


@pytest.mark.usefixtures("approved")
def test_a_full_disk_while_writing_the_catalog_changes_nothing(app):
    result = limited_publish(app, 1024)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    folder = Path(app.config["LOCALES_DIR"]) / "ko" / "LC_MESSAGES"
    assert f"could not write the catalog of {SLUG} (ko) in {folder}" in result.stderr
    assert "[Errno 27] File too large" in result.stderr
    assert editions_in_db(SLUG) == []
    assert tree(folder) == []
    assert tree(Path(app.config["EDITIONS_DIR"])) == [".lock"]
