"""Editions benchmark: publishing a long article and making each of its files.

    .venv/bin/python benchmarks/editions.py
    .venv/bin/python benchmarks/editions.py --segments 2000 --runs 3

Makes a throwaway SQLite database with one article of ``--segments`` paragraphs
(300 to 1,500 characters of varied English each, every one with an approved Korean
translation about half as long, as in benchmarks/compile.py), then times:

- publish: ``translate-app publish`` (compile, read back, snapshot, write the folder);
- the reading page, ``GET /read/<slug>/ko/``, through the app (in process), and its size;
- each download format in its default layout, made from the snapshot (the first
  download; later ones are read from the kept file).

It prints the median of ``--runs`` runs of each, in seconds, and each file's size.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.compile import fill  # noqa: E402


def timed(runs: int, action) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from translate_app import create_app
    from translate_app.services.edition_documents import DEFAULT_LAYOUTS, FORMATS, render_edition
    from translate_app.services.publishing import get_edition

    folder = Path(tempfile.mkdtemp(prefix="editions-bench-"))
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
            "INSTANCE_PATH": str(folder / "instance"),
            "LOCALES_DIR": str(folder / "locales"),
            "EDITIONS_DIR": str(folder / "editions"),
            "SECRET_KEY": "benchmark-secret",
            "MAX_SEGMENTS": max(args.segments, 2000),
            "MAX_IMPORT_BYTES": 1 << 30,
        }
    )
    with app.app_context():
        upgrade()
    slug = fill(app, args.segments, random.Random(20261129))
    runner = app.test_cli_runner()
    start = time.perf_counter()
    result = runner.invoke(args=["publish", slug, "--user", "translator"])
    publish = time.perf_counter() - start
    # The benchmark's only account is a translator: publish as the command line instead.
    if result.exit_code != 0:
        start = time.perf_counter()
        result = runner.invoke(args=["publish", slug])
        publish = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    print(f"{args.segments} paragraphs, approved in Korean")
    print(f"publish                      {publish:7.2f} s")

    client = app.test_client()
    page_time, page = timed(args.runs, lambda: client.get(f"/read/{slug}/ko/"))
    assert page.status_code == 200
    print(f"reading page                 {page_time:7.2f} s  {len(page.data) / 1e6:6.2f} MB")
    with app.app_context():
        from translate_app.services.articles import get_article

        snapshot = get_edition(get_article(slug), "ko").load()
        for fmt in FORMATS:
            layout = DEFAULT_LAYOUTS[fmt]
            seconds, data = timed(
                args.runs, lambda fmt=fmt, layout=layout: render_edition(snapshot, fmt, layout)
            )
            label = f"{fmt} ({layout})"
            print(f"{label:28} {seconds:7.2f} s  {len(data) / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
