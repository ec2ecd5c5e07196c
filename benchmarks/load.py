"""Load benchmark: simulated translators against ``translate-app serve`` on loopback.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/load.py                 # SQLite, then PostgreSQL
    .venv/bin/python benchmarks/load.py --db postgresql --users 50 --duration 60

For each database it makes a fresh one (SQLite in a temporary folder; PostgreSQL on a
throwaway server of its own, tests/pgserver.py, or the empty database named by
``--database-url``), imports the sample article ``--articles`` times, creates one
account per simulated translator, starts ``translate-app serve`` (gunicorn) on a free
port of 127.0.0.1 and runs locust headless for ``--duration`` seconds: each
translator logs in, opens the editor page and saves its own segments through the
editor's form, with a think time between actions. It prints requests/s and the
50th/95th/99th percentile per action. Everything it started is stopped at the end.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402  (comes with locust)

from tests.pgserver import PostgresServer, free_port  # noqa: E402

BIN = Path(sys.executable).parent
POSTMASTER_PID_LINE = 0  # the first line of postmaster.pid is the server's process id
SEED = ROOT / "corpus" / "provincialization-of-pyongyang.en.txt"
PASSWORD = "benchmark-password"
SECRET = "benchmark-secret-key"
ACTIONS = ("log in", "editor page", "save")


def seed(env: dict, users: int, articles: int) -> None:
    """Migrate the database, import the article ``articles`` times, create the accounts."""
    from flask_migrate import upgrade

    from translate_app import create_app
    from translate_app.extensions import db
    from translate_app.services.accounts import create_user
    from translate_app.services.importing import import_article

    app = create_app(
        {
            "DATABASE_URL": env["TRANSLATE_APP_DATABASE_URL"],
            "INSTANCE_PATH": env["TRANSLATE_APP_INSTANCE_PATH"],
            "LOCALES_DIR": env["TRANSLATE_APP_LOCALES_DIR"],
            "EDITIONS_DIR": env["TRANSLATE_APP_EDITIONS_DIR"],
            "SECRET_KEY": SECRET,
        }
    )
    with app.app_context():
        upgrade()
        text = SEED.read_bytes()
        for n in range(1, articles + 1):
            slug = f"bench-{n}"
            import_article(text, SEED.name, source_lang="en", target_langs=["ko"], slug=slug)
        for n in range(users):
            create_user(f"bench{n:02d}", "translator", PASSWORD)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def wait_healthy(url: str, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"translate-app serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("translate-app serve did not answer /healthz")


def run_one(kind: str, args, folder: Path) -> list[dict]:
    pg = None
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
    elif args.database_url:
        url = args.database_url
    else:
        pg = PostgresServer().init().start()
        url = pg.url
    env = {
        **os.environ,
        "TRANSLATE_APP_DATABASE_URL": url,
        "TRANSLATE_APP_INSTANCE_PATH": str(folder / "instance"),
        "TRANSLATE_APP_LOCALES_DIR": str(folder / "locales"),
        "TRANSLATE_APP_EDITIONS_DIR": str(folder / "editions"),
        "TRANSLATE_APP_SECRET_KEY": SECRET,
    }
    server = None
    try:
        seed(env, args.users, args.articles)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with open(folder / "access.log", "wb") as log:
            command = [BIN / "translate-app", "serve", "--port", str(port)]
            command += ["--workers", str(args.workers)]
            server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_healthy(base, server)
        print(f"{kind}: {args.users} translators for {args.duration} s on {base} ...", flush=True)
        locust_env = {
            **os.environ,
            "BENCH_PASSWORD": PASSWORD,
            "BENCH_USERS": str(args.users),
            "BENCH_ARTICLES": str(args.articles),
            "BENCH_THINK": str(args.think),
            "BENCH_OUT": str(folder / "timings.json"),
        }
        # The translators log in while they are started; the measured minute follows.
        run_time = args.duration + int(args.users / args.spawn_rate) + 5
        servers = [psutil.Process(server.pid)]
        if pg is not None:
            pid_line = (pg.data / "postmaster.pid").read_text().splitlines()[POSTMASTER_PID_LINE]
            servers.append(psutil.Process(int(pid_line)))
        sampler = CpuSampler(servers)
        sampler.start()
        with open(folder / "locust.log", "wb") as log:
            subprocess.run(
                [
                    BIN / "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"),
                    "--headless", "--only-summary", "--loglevel", "WARNING",
                    "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
                    "--run-time", f"{run_time}s", "--stop-timeout", "10",
                    "--host", base,
                ],
                env=locust_env, check=False, timeout=run_time + 120, stdout=log, stderr=log,
            )  # fmt: skip
        sampler.stop()
        timings = json.loads((folder / "timings.json").read_text())
        if args.keep_timings:
            shutil.copy(folder / "timings.json", Path(args.keep_timings) / f"timings-{kind}.json")
        rows = summarize(kind, timings)
        steady = rows[-1]
        cpu, others = sampler.between(steady["from"], steady["to"])
        steady["cpu ms/req"] = 1000 * cpu / steady["requests"]
        steady["others"] = others / (steady["to"] - steady["from"])
        return rows
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait(timeout=40)
        if pg is not None:
            pg.destroy()


class CpuSampler(threading.Thread):
    """CPU time, sampled twice a second, to charge the steady part of the run only.

    Each sample: (time, the servers' CPU, the CPU of everything the benchmark runs,
    the whole machine's busy CPU); the last two tell how much other programs took.
    """

    def __init__(self, servers: list):
        super().__init__(daemon=True)
        self.servers, self.samples, self.done = servers, [], threading.Event()
        self.ours = [psutil.Process(), *servers[1:]]  # this process's children and PostgreSQL

    def run(self) -> None:
        while not self.done.wait(0.5):
            machine = psutil.cpu_times()
            busy = sum(machine) - machine.idle - machine.iowait
            self.samples.append(
                (time.time(), cpu_seconds(self.servers), cpu_seconds(self.ours), busy)
            )

    def stop(self) -> None:
        self.done.set()
        self.join()

    def between(self, start: float, end: float) -> tuple[float, ...]:
        """(servers' CPU seconds, other programs' CPU seconds) from start to end."""

        def at(moment: float):
            return min(self.samples, key=lambda sample: abs(sample[0] - moment))

        first, last = at(start), at(end)
        servers, ours, busy = (last[i] - first[i] for i in (1, 2, 3))
        return servers, busy - ours


def cpu_seconds(roots: list) -> float:
    """CPU time (user + system) of these processes and all their children."""
    total = 0.0
    for root in roots:
        for proc in [root, *root.children(recursive=True)]:
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
    return total


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted ``values``."""
    return values[max(0, min(len(values) - 1, round(q / 100 * len(values) + 0.5) - 1))]


def summarize(kind: str, timings: list) -> list[dict]:
    """Logins over the start; the editor and saves over the steady part after the last login."""
    logins = [t for t in timings if t[0] == "log in"]
    steady_from = max(start + ms / 1000 for _, start, ms, _ in logins)
    steady_to = max(start + ms / 1000 for _, start, ms, _ in timings)
    rows = []
    for action in ACTIONS:
        if action == "log in":
            chosen, first = logins, min(start for _, start, _, _ in logins)
            window = steady_from - first
        else:
            chosen = [t for t in timings if t[0] == action and t[1] >= steady_from]
            window = steady_to - steady_from
        times = sorted(ms for _, _, ms, _ in chosen)
        rows.append(
            {
                "db": kind,
                "action": action,
                "requests": len(times),
                "failures": sum(not ok for *_, ok in chosen),
                "req/s": len(times) / window if window > 0 else 0.0,
                **{f"p{q}": percentile(times, q) if times else 0.0 for q in (50, 95, 99)},
            }
        )
    steady = [t for t in timings if t[1] >= steady_from]
    rows.append(
        {
            "from": steady_from,
            "to": steady_to,
            "db": kind,
            "action": "all (steady)",
            "requests": len(steady),
            "failures": sum(not ok for *_, ok in steady),
            "req/s": len(steady) / (steady_to - steady_from),
            **{f"p{q}": percentile(sorted(t[2] for t in steady), q) for q in (50, 95, 99)},
        }
    )
    return rows


def print_table(rows: list[dict]) -> None:
    header = ("database", "action", "requests", "failures", "req/s", "p50 ms", "p95 ms", "p99 ms")
    header += ("server CPU ms/req",)
    lines = [header]
    for row in rows:
        lines.append(
            (
                row["db"], row["action"], row["requests"], row["failures"], f"{row['req/s']:.1f}",
                f"{row['p50']:.0f}", f"{row['p95']:.0f}", f"{row['p99']:.0f}",
                f"{row['cpu ms/req']:.1f}" if "cpu ms/req" in row else "",
            )
        )  # fmt: skip
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        print("  ".join(str(cell).rjust(width) for cell, width in zip(line, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * width for width in widths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--users", type=int, default=50, help="simulated translators")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load per database")
    parser.add_argument("--spawn-rate", type=float, default=10, help="translators started a second")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between actions")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--articles", type=int, default=10, help="copies of the sample article")
    parser.add_argument(
        "--database-url", help="an EMPTY PostgreSQL database to use instead of a throwaway server"
    )
    parser.add_argument(
        "--keep-timings", metavar="DIR", help="keep every request's timing: DIR/timings-DB.json"
    )
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    rows = []
    for kind in kinds:
        folder = Path(tempfile.mkdtemp(prefix=f"translate-app-bench-{kind}-"))
        try:
            rows += run_one(kind, args, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    print_table(rows)
    print(f"\n{os.cpu_count()} CPUs; other programs on this machine took, on average:")
    for row in rows:
        if "others" in row:
            print(f"  {row['others']:.2f} CPUs during the {row['db']} run")


if __name__ == "__main__":
    main()
