"""``translate-app serve`` (gunicorn) as a real subprocess on a free port, for the tests."""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from werkzeug.serving import make_server

from .pgserver import free_port

TRANSLATE_APP = Path(sys.executable).parent / "translate-app"


def app_env(app, **extra: str) -> dict[str, str]:
    """The environment that gives a subprocess the same database, folders and key as ``app``."""
    config = app.config
    return {
        **os.environ,
        "TRANSLATE_APP_DATABASE_URL": config["DATABASE_URL"],
        "TRANSLATE_APP_LOCALES_DIR": config["LOCALES_DIR"],
        "TRANSLATE_APP_EDITIONS_DIR": config["EDITIONS_DIR"],
        "TRANSLATE_APP_INSTANCE_PATH": app.instance_path,
        "TRANSLATE_APP_SECRET_KEY": config["SECRET_KEY"],
        **extra,
    }


class Served:
    """A gunicorn server for ``app``; ``with Served(app, logs) as served: served.url``."""

    def __init__(self, app, logs: Path, *args: str, **env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.stdout, self.stderr = logs / "serve.out", logs / "serve.err"
        self.command = [str(TRANSLATE_APP), "serve", "--port", str(self.port), *args]
        self.env = app_env(app, **env)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Served":
        with open(self.stdout, "wb") as out, open(self.stderr, "wb") as err:
            self.process = subprocess.Popen(self.command, env=self.env, stdout=out, stderr=err)
        self._wait_healthy()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _wait_healthy(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"translate-app serve exited: {self.logs()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        self.stop()
        raise AssertionError(f"translate-app serve did not answer /healthz: {self.logs()}")

    def stop(self) -> int:
        """Stop gracefully (SIGTERM, as a supervisor does) and return the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def logs(self) -> str:
        return f"\n--- stdout\n{self.stdout.read_text()}\n--- stderr\n{self.stderr.read_text()}"


@contextlib.contextmanager
def threaded_server(app) -> Iterator[str]:
    """``app`` served in this process by a threaded WSGI server on a free port; its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
