"""``kill -9`` during compile and publish: after the next sweep, files and database agree."""

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SLUG
from .processes import (
    LARGE_SLUG,
    check_catalogs_valid,
    check_editions_agree,
    cli_command,
    cli_env,
    make_large_article,
    orphaned,
    run_cli,
    temporary_entries,
)
from .test_publish import approved  # noqa: F401  (fixture)

MOMENTS = 10
TICK = 1 / os.sysconf("SC_CLK_TCK")


def cpu_time(pid: int) -> float:
    """Seconds of CPU a running process has used (user + system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK


def cpu_of_run(app, *args: str) -> float:
    """CPU seconds of one whole, unkilled run of ``translate-app ARGS``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run_cli(app, *args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def moments(app, *args: str, count: int) -> list[float]:
    """CPU times spread over the work of a run, past the start-up that every run shares.

    Measured in CPU time rather than wall time, so a busy machine does not shift them.
    """
    start_up = cpu_of_run(app, *args[:1], "--help")
    # The cheaper of two runs: the first also writes catalogs that later runs find whole
    # and leave alone, and the kills happen in runs like the later ones.
    whole = min(cpu_of_run(app, *args), cpu_of_run(app, *args))
    return [start_up + (whole - start_up) * (k + 0.5) / count for k in range(count)]


def kill_at(app, cpu_seconds: float, *args: str) -> int:
    """Run ``translate-app ARGS`` and SIGKILL it once it has used ``cpu_seconds`` of CPU."""
    proc = subprocess.Popen(
        cli_command(*args), env=cli_env(app), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        while proc.poll() is None and cpu_time(proc.pid) < cpu_seconds:
            time.sleep(0.002)
    except FileNotFoundError:  # it ended between the two looks
        pass
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err, err.decode()
    return proc.returncode


@pytest.fixture
def large(users):
    return make_large_article(users)


def test_publish_killed_at_any_moment_leaves_files_that_agree_after_the_sweep(app, runner, large):
    killed = 0
    for moment in moments(app, "publish", LARGE_SLUG, "--force", count=MOMENTS):
        code = kill_at(app, moment, "publish", LARGE_SLUG, "--force")
        killed += code == -signal.SIGKILL
        numbers_before = check_editions_agree_after_init(app, runner)
        assert numbers_before[0] == 1
    assert killed >= MOMENTS // 2, "the publishes ended before they could be killed"
    # Whatever was killed, the next publish takes the next number.
    result = runner.invoke(args=["publish", LARGE_SLUG, "--force"])
    assert result.exit_code == 0, result.output
    assert check_editions_agree(app, LARGE_SLUG)[-1] == numbers_before[-1] + 1


def check_editions_agree_after_init(app, runner) -> list[int]:
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "0 unknown moved" in result.output
    numbers = check_editions_agree(app, LARGE_SLUG)
    assert orphaned(app) == []
    check_catalogs_valid(app)
    return numbers


def test_compile_killed_at_any_moment_leaves_catalogs_that_parse(app, runner, large):
    locales = Path(app.config["LOCALES_DIR"])
    for moment in moments(app, "compile", LARGE_SLUG, count=6):
        kill_at(app, moment, "compile", LARGE_SLUG)
        # Before any clean-up, the catalogs in place are whole ones.
        for catalog in locales.glob("*/LC_MESSAGES/large.*"):
            assert catalog.stat().st_size > 0
        stale = temporary_entries(locales)
        assert runner.invoke(args=["compile", LARGE_SLUG]).exit_code == 0
        assert all(not p.exists() for p in stale)
        assert check_catalogs_valid(app) == 2


# Runs the real command in a process that kills itself with SIGKILL at the Nth file
# operation that makes something durable (fsync, rename) or right after the
# database commit: every moment between two such steps is covered in turn.
HARNESS = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.orm import Session

target, seen = int(sys.argv[1]), 0

def step():
    global seen
    seen += 1
    if seen == target:
        os.kill(os.getpid(), signal.SIGKILL)

for name in ("fsync", "rename", "replace"):
    def wrapped(*args, _real=getattr(os, name), **kwargs):
        step()
        return _real(*args, **kwargs)
    setattr(os, name, wrapped)

from translate_app.cli import main
import translate_app.services.pending

event.listen(Session, "after_commit", lambda session: step(), insert=True)
sys.argv = ["translate-app", *sys.argv[2:]]
main()
"""


@pytest.mark.usefixtures("approved")
@pytest.mark.parametrize("command", ["publish", "compile"])
def test_killed_at_every_step_leaves_files_that_agree_after_the_sweep(app, runner, command):
    outcomes = []
    for step in range(1, 40):
        proc = subprocess.run(
            [sys.executable, "-c", HARNESS, str(step), command, SLUG]
            + (["--force"] if command == "publish" else []),
            env=cli_env(app),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        outcomes.append(proc.returncode)
        result = runner.invoke(args=["init"])
        assert result.exit_code == 0, result.output
        numbers = check_editions_agree(app, SLUG) if command == "publish" else []
        assert orphaned(app) == []
        check_catalogs_valid(app)
        if proc.returncode == 0:
            break
    assert outcomes[-1] == 0 and set(outcomes[:-1]) == {-signal.SIGKILL}, outcomes
    # Several moments were hit; a compile after a kill writes only the files that do not
    # already hold the catalog, so later runs have fewer moments than the first.
    assert len(outcomes) >= 4
    if command == "publish":
        # Some kills came after the commit: those editions were rebuilt by the sweep.
        assert 1 < len(numbers) < len(outcomes)
