"""``translate-app worker`` as a real subprocess beside the test app: the same database,
folders and jobs file, so that jobs enqueued through the test client are run by Huey's
consumer exactly as in production."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

TRANSLATE_APP = Path(sys.executable).parent / "translate-app"
SETTINGS = ("DATABASE_URL", "LOCALES_DIR", "EDITIONS_DIR", "SECRET_KEY", "JOBS_DB")
FINISHED = ("done", "failed")
READY = "Huey consumer started"
_STATUS = re.compile(r'data-status="(\w+)"')


def worker_env(app) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRANSLATE_APP_")}
    env.update({f"TRANSLATE_APP_{name}": str(app.config[name]) for name in SETTINGS})
    env["TRANSLATE_APP_INSTANCE_PATH"] = app.instance_path
    if "MAX_IMPORT_BYTES" in app.config:
        env["TRANSLATE_APP_MAX_IMPORT_BYTES"] = str(app.config["MAX_IMPORT_BYTES"])
    return env


class WorkerProcess:
    def __init__(self, app, log: Path):
        self.app, self.log = app, log
        self.process: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(TRANSLATE_APP), "worker"],
                env=worker_env(self.app),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 30) -> None:
        # Until the consumer runs, Ctrl+C would kill the process instead of stopping it.
        deadline = time.monotonic() + timeout
        while READY not in self.output():
            assert self.process.poll() is None, f"the worker exited:\n{self.output()}"
            assert time.monotonic() < deadline, f"the worker did not start:\n{self.output()}"
            time.sleep(0.05)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, timeout: float = 30) -> int:
        """Ctrl+C: the consumer finishes the running job, then exits."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"the worker did not stop:\n{self.output()}") from None
        return self.process.returncode


def job_status(html: str) -> str:
    match = _STATUS.search(html)
    assert match, f"no job status in:\n{html}"
    return match.group(1)


def wait_for_job(client, job_id: int, worker: WorkerProcess, timeout: float = 60) -> str:
    """Poll the job's fragment as the page does, until it is done or failed."""
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(f"/jobs/{job_id}", headers={"HX-Request": "true"})
        assert response.status_code == 200, response.get_data(as_text=True)
        html = response.get_data(as_text=True)
        if job_status(html) in FINISHED:
            return html
        assert worker.process.poll() is None, f"the worker exited:\n{worker.output()}"
        assert time.monotonic() < deadline, f"job {job_id} did not finish:\n{worker.output()}"
        time.sleep(0.1)
