"""Editor benchmark: the server time of the editor's first screen and of a save.

    .venv/bin/python benchmarks/editor.py
    .venv/bin/python benchmarks/editor.py --segments 2000 --saves 500

Makes a throwaway SQLite database in a temporary folder with the sample article (13
segments) and a generated article of ``--segments`` paragraphs (varied sentences of
varied length, so nothing is cached by accident), logs in as a translator through the
login form and drives the app in-process through Flask's test client, as htmx would:

- first screen: GET of the editor page, for each article (``--screens`` times);
- save: POST of a row's form, as "Save as translated" sends it (``--saves`` times,
  each on its own segment);
- save and next: the save, then what the browser asks for before the translator can
  type in the next segment: the progress bar the save announced, and the next page of
  rows when the saved row was the last one loaded.

It prints the median and the 95th percentile of each, in milliseconds. Network time is
not included: these are the server's own costs.
"""

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "corpus" / "provincialization-of-pyongyang.en.txt"
PASSWORD = "benchmark-password"
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"|name="csrf_token" type="hidden" value="([^"]+)"')


def generated_article(paragraphs: int, rng: random.Random) -> str:
    words = re.findall(r"[A-Za-z][a-z'-]+", SEED.read_text(encoding="utf-8"))
    vocabulary = sorted(set(words)) + [f"term{n}" for n in range(3000)]
    blocks = ["A generated article of many paragraphs"]
    for _ in range(paragraphs):
        sentences = [
            " ".join(rng.choice(vocabulary) for _ in range(rng.randint(6, 28))).capitalize() + "."
            for _ in range(rng.randint(1, 5))
        ]
        blocks.append(" ".join(sentences))
    return "\n\n".join(blocks)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def token(client, path: str) -> str:
    match = CSRF.search(client.get(path).get_data(as_text=True))
    return match.group(1) or match.group(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--screens", type=int, default=50)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from translate_app import create_app
    from translate_app.extensions import db
    from translate_app.services.accounts import create_user
    from translate_app.services.articles import get_article, segment_translations
    from translate_app.services.importing import import_article

    rng = random.Random(20261128)
    folder = Path(tempfile.mkdtemp(prefix="editor-bench-"))
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
            "INSTANCE_PATH": str(folder / "instance"),
            "LOCALES_DIR": str(folder / "locales"),
            "EDITIONS_DIR": str(folder / "editions"),
            "SECRET_KEY": "benchmark-secret",
        }
    )
    with app.app_context():
        upgrade()
        create_user("translator", "translator", PASSWORD)
        sample = import_article(SEED.read_bytes(), SEED.name, source_lang="en", target_langs=["ko"])
        long = import_article(
            generated_article(args.segments - 1, rng).encode(),
            "generated.en.txt",
            source_lang="en",
            target_langs=["ko"],
        )
        db.session.commit()
        articles = {sample.slug: len(sample.segments), long.slug: len(long.segments)}
        segments = {
            slug: [st.segment.id for st in segment_translations(get_article(slug), "ko")]
            for slug in articles
        }

    client = app.test_client()
    response = client.post(
        "/login",
        data={"name": "translator", "password": PASSWORD, "csrf_token": token(client, "/login")},
    )
    assert response.status_code == 302, response.status_code
    csrf = token(client, "/")
    htmx = {"HX-Request": "true", "X-CSRFToken": csrf}

    print(f"editor benchmark, SQLite, {args.screens} first screens, {args.saves} saves")
    print(f"{'article':>34}  {'segments':>8}  {'action':>22}  {'median ms':>9}  {'p95 ms':>7}")
    for slug, count in articles.items():
        url = f"/articles/{slug}/ko/"
        client.get(url)  # templates compiled, caches warm: measure the steady state
        screens = []
        for _ in range(args.screens):
            ms, response = timed(lambda url=url: client.get(url))
            assert response.status_code == 200
            screens.append(ms)
        size = len(client.get(url).data)
        print(
            f"{slug:>34}  {count:>8}  {'first screen':>22}  "
            f"{percentiles(screens)[0]:>9.1f}  {percentiles(screens)[1]:>7.1f}  ({size:,} bytes)"
        )

    slug = long.slug
    ids = segments[slug]
    saves, save_next = [], []
    page_size = 50
    for n in range(min(args.saves, len(ids))):
        data = {"text": f"번역 {n}: 평양의 배급", "base_revision": 0, "state": "translated"}
        ms, response = timed(
            lambda n=n, data=data: client.post(f"/segments/{ids[n]}/ko", data=data, headers=htmx)
        )
        assert response.status_code == 200, response.status_code
        saves.append(ms)
        extra, _ = timed(lambda: client.get(f"/articles/{slug}/ko/progress", headers=htmx))
        if (n + 1) % page_size == 0:
            more, _ = timed(
                lambda n=n: client.get(f"/articles/{slug}/ko/?after={n + 1}", headers=htmx)
            )
            extra += more
        save_next.append(ms + extra)
    for action, samples in (("save", saves), ("save and next", save_next)):
        median, p95 = percentiles(samples)
        print(f"{slug:>34}  {len(ids):>8}  {action:>22}  {median:>9.1f}  {p95:>7.1f}")


if __name__ == "__main__":
    main()
