"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary folder,
on a free port of the loopback interface, gone when it stops.

It uses Debian's server binaries (package postgresql, installed by ``make test``).
PostgreSQL refuses to run as root, so as root the cluster belongs to, and runs as,
the ``postgres`` user that the package creates.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

# Durability settings off: a test cluster is thrown away, and fsyncs would dominate its time.
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "shared_buffers": "64MB",
}


class PostgresUnavailable(RuntimeError):
    pass


def server_bindir() -> Path:
    """The newest installed server's bin folder (initdb, pg_ctl, postgres)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise PostgresUnavailable(
        "PostgreSQL server binaries not found: install Debian's postgresql package "
        "(apt-get install postgresql, or `make setup`)"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    def __init__(self) -> None:
        self.bindir = server_bindir()
        # Not under pytest's tmp folders: those are private to root, and the server
        # runs as another user when the tests run as root.
        self.root = Path(tempfile.mkdtemp(prefix="translate-app-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self._user = "postgres" if os.geteuid() == 0 else None
        if self._user:
            account = pwd.getpwnam(self._user)
            os.chown(self.root, account.pw_uid, account.pw_gid)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._user:
            command = ["runuser", "-u", self._user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def init(self) -> "PostgresServer":
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        return self

    def start(self) -> "PostgresServer":
        if not self.port:
            self.port = free_port()
        options = " ".join(f"-c {k}={v}" for k, v in SERVER_SETTINGS.items())
        options += f" -p {self.port} -c unix_socket_directories={self.data}"
        result = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options,
            "-w", "-t", "60", "start", check=False,
        )  # fmt: skip
        if result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise PostgresUnavailable(
                f"PostgreSQL did not start on port {self.port}:\n{result.stderr}\n{log}"
            )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port), check=False) \
                    .returncode == 0:  # fmt: skip
                return
            time.sleep(0.1)
        raise PostgresUnavailable(f"PostgreSQL on port {self.port} did not become ready")

    def stop(self, mode: str = "fast") -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
