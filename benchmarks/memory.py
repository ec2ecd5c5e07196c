"""Translation memory benchmark: fuzzy lookups in a memory of a million paragraphs.

    .venv/bin/python benchmarks/memory.py                          # 1,000,000 entries, SQLite
    .venv/bin/python benchmarks/memory.py --entries 100000 --queries 200
    .venv/bin/python benchmarks/memory.py --db postgresql [--database-url URL]
    .venv/bin/python benchmarks/memory.py --keep /var/tmp/memory-1m.sqlite3   # fill once, ask again

Fills a fresh, migrated database (SQLite in a temporary folder; PostgreSQL on a
throwaway server of its own, tests/pgserver.py, or the empty database named by
``--database-url``) with ``--entries`` English -> Korean paragraphs of 300 to 1,500
characters. The words come from a Zipf-distributed vocabulary of 50,000 generated
English words (and 30,000 Korean ones, each with a particle), so that, as in news
prose, a few words are everywhere and most are rare: recombined sentences of one
article would make every word common and measure nothing.

The fill is a bulk path beside ``services.memory.add_pairs``: the same rows in the same
three tables, with the same terms (``domain.memory.tokens`` and ``term``) and exact
document frequencies, but written with the driver's executemany (SQLite, with the
journal off while filling) or COPY (PostgreSQL), postings sorted by term. Only the
en -> ko direction is filled: a lookup reads the postings of its own direction only.

Then ``--queries`` lookups through ``services.memory.lookup`` (top 5): most are stored
paragraphs with 0-40% of their words substituted, inserted or deleted, a tenth are new
paragraphs with no good match. It prints the fill time, the median and 95th percentile
of the lookups, the process's peak RSS, the database's size, and how often the top
match is the true best one, found by rapidfuzz.process.extractOne over every stored
source with the same scorer (no match of 50 or more on both sides counts as agreement).
"""

import argparse
import itertools
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from tests.pgserver import PostgresServer  # noqa: E402
from translate_app.domain import memory as domain  # noqa: E402

SEED = 20261129
ENGLISH_WORDS = 50_000
KOREAN_WORDS = 30_000
ONSETS = "b c d f g h j k l m n p r s t v w z br cl dr fr gr pl pr st tr sh ch th".split()  # noqa: SIM905
VOWELS = "a e i o u ai ea ou io".split()  # noqa: SIM905
CODAS = ["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng"]
PARTICLES = "은 는 이 가 을 를 의 에 에서 으로 와 과 도 만".split()  # noqa: SIM905
FILLERS = "the of and to in a is that for on with as by at from".split()  # noqa: SIM905


def english_vocabulary(rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < ENGLISH_WORDS:
        syllables = rng.choice((1, 2, 2, 3, 3, 4))
        words.add(
            "".join(
                rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                for _ in range(syllables)
            )
        )
    # The commonest words of real prose are short function words.
    return FILLERS + sorted(words, key=lambda _: rng.random())


def korean_vocabulary(rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < KOREAN_WORDS:
        words.add("".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(rng.randint(1, 4))))
    return sorted(words, key=lambda _: rng.random())


class Zipf:
    def __init__(self, words: list[str], exponent: float = 1.07):
        self.words = words
        self.cumulative = list(
            itertools.accumulate(1 / (n**exponent) for n in range(1, len(words) + 1))
        )

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


def english_paragraph(rng: random.Random, zipf: Zipf) -> str:
    target = rng.randint(300, 1500)
    sentences, length = [], 0
    while length < target:
        words = zipf.sample(rng, rng.randint(8, 24))
        if rng.random() < 0.3:
            words.append(str(rng.randint(1, 9999)))
        sentence = " ".join(words).capitalize() + "."
        sentences.append(sentence)
        length += len(sentence) + 1
    return " ".join(sentences)[:1500]


def korean_paragraph(rng: random.Random, zipf: Zipf, length: int) -> str:
    # Korean runs about 0.6 characters to an English one; a word and its particle about 4.
    count = max(3, int(length * 0.6 / 4))
    words = zipf.sample(rng, count)
    particles = rng.choices(PARTICLES, k=count)
    return " ".join(w + p for w, p in zip(words, particles, strict=True)) + "."


def edited(rng: random.Random, text: str, zipf: Zipf, strength: float) -> str:
    words = text.split()
    for _ in range(round(len(words) * strength)):
        what = rng.random()
        at = rng.randrange(len(words))
        if what < 0.5:
            words[at] = zipf.sample(rng, 1)[0]
        elif what < 0.75:
            words.insert(at, zipf.sample(rng, 1)[0])
        elif len(words) > 5:
            del words[at]
    return " ".join(words)


def make_app(url: str, folder: Path):
    from translate_app import create_app

    return create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(folder / "instance"),
            "LOCALES_DIR": str(folder / "locales"),
            "EDITIONS_DIR": str(folder / "editions"),
            "SECRET_KEY": "benchmark-secret",
        }
    )


def fill(app, kind: str, entries: int, rng: random.Random, chunk: int = 20_000) -> list[str]:
    """Write ``entries`` en -> ko pairs; the stored sources, in id order."""
    from translate_app.extensions import db
    from translate_app.models._types import utcnow

    english = Zipf(english_vocabulary(rng))
    korean = Zipf(korean_vocabulary(rng))
    terms: dict[str, int] = {}  # the term of each token, computed once
    df: Counter = Counter()
    sources: list[str] = []
    now = utcnow()
    with app.app_context():
        raw = db.engine.raw_connection()
        cursor = raw.cursor()
        if kind == "sqlite":
            # Durability off for the fill only: the file is thrown away if it fails.
            cursor.execute("PRAGMA journal_mode = OFF")
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -4000000")
        next_id = 1
        for start in range(0, entries, chunk):
            batch = []
            postings = []
            for entry_id in range(next_id, next_id + min(chunk, entries - start)):
                source = english_paragraph(rng, english)
                target = korean_paragraph(rng, korean, len(source))
                sources.append(source)
                batch.append((entry_id, source, target, domain.text_key(source), now, now))
                for token in domain.tokens(source, "en"):
                    t = terms.get(token)
                    if t is None:
                        t = terms[token] = domain.term("en", "ko", token)
                    postings.append((t, entry_id))
                    df[t] += 1
            next_id += len(batch)
            postings.sort()
            write_batch(cursor, kind, batch, postings)
            raw.commit()
            done = start + len(batch)
            if done % (chunk * 10) == 0 or done == entries:
                print(f"  {done} entries", file=sys.stderr, flush=True)
        write_terms(cursor, kind, df)
        raw.commit()
        if kind == "sqlite":
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
        raw.commit()
        raw.close()
    return sources


ENTRY_COLUMNS = (
    "id, source_lang, target_lang, source, target, source_key, context_key, level, origin, "
    "translator, created_at, updated_at"
)


def write_batch(cursor, kind: str, batch, postings) -> None:
    rows = [
        (i, "en", "ko", s, t, k, None, "paragraph", "benchmark", "", c, u)
        for i, s, t, k, c, u in batch
    ]
    if kind == "sqlite":
        marks = ", ".join("?" * 12)
        cursor.executemany(f"INSERT INTO memory_entries ({ENTRY_COLUMNS}) VALUES ({marks})", rows)
        cursor.executemany("INSERT INTO memory_postings (term, entry_id) VALUES (?, ?)", postings)
        return
    with cursor.copy(f"COPY memory_entries ({ENTRY_COLUMNS}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    with cursor.copy("COPY memory_postings (term, entry_id) FROM STDIN") as copy:
        for row in postings:
            copy.write_row(row)


def write_terms(cursor, kind: str, df: Counter) -> None:
    rows = sorted(df.items())
    if kind == "sqlite":
        cursor.executemany("INSERT INTO memory_terms (term, df) VALUES (?, ?)", rows)
        return
    with cursor.copy("COPY memory_terms (term, df) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    # COPY leaves the id sequence behind the ids it wrote.
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('memory_entries', 'id'), "
        "(SELECT max(id) FROM memory_entries))"
    )


def queries(rng: random.Random, sources: list[str], count: int) -> list[str]:
    english = Zipf(english_vocabulary(random.Random(SEED)))
    made = []
    for n in range(count):
        if n % 10 == 9:
            made.append(english_paragraph(rng, english))  # new: no good match
        else:
            made.append(edited(rng, rng.choice(sources), english, rng.uniform(0, 0.4)))
    return made


def stored_sources(app) -> list[str]:
    from sqlalchemy import text

    from translate_app.extensions import db

    with app.app_context():
        sources = list(db.session.scalars(text("SELECT source FROM memory_entries ORDER BY id")))
        db.session.remove()
        db.engine.dispose()
    return sources


def database_size(app, kind: str, url: str) -> int:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from translate_app.extensions import db

    if kind == "sqlite":
        return Path(make_url(url).database).stat().st_size
    with app.app_context():
        return db.session.scalar(text("SELECT pg_database_size(current_database())"))


def run(kind: str, args, folder: Path) -> None:
    from flask_migrate import upgrade

    from translate_app.extensions import db
    from translate_app.services import memory

    pg = None
    kept = args.keep is not None and args.keep.exists()
    if kind == "sqlite":
        url = f"sqlite:///{args.keep or folder / 'memory.sqlite3'}"
    elif args.database_url:
        url = args.database_url
    else:
        pg = PostgresServer().init().start()
        url = pg.url
    try:
        app = make_app(url, folder)
        if kept:
            sources = stored_sources(app)
            fill_time = None
            print(f"{kind}: reusing the {len(sources)} entries of {args.keep}", flush=True)
        else:
            with app.app_context():
                upgrade()
                db.engine.dispose()
            started = time.perf_counter()
            sources = fill(app, kind, args.entries, random.Random(SEED))
            fill_time = time.perf_counter() - started
            print(f"{kind}: filled {args.entries} entries in {fill_time:.0f} s", flush=True)

        # Their own generator, so that a kept database is asked the same questions.
        asked = queries(random.Random(SEED + 1), sources, args.queries)
        latencies, tops = [], []
        with app.app_context():
            memory.lookup(asked[0], "en", "ko")  # the first opens the connection
            for text in asked:
                start = time.perf_counter()
                found = memory.lookup(text, "en", "ko", limit=5)
                latencies.append(time.perf_counter() - start)
                tops.append(found[0].source if found else None)
            db.session.remove()
            db.engine.dispose()
        size = database_size(app, kind, url)

        started = time.perf_counter()
        normalised = [domain.normalize(s) for s in sources]
        agree = agree_matched = matched = 0
        checked = asked[: args.checked] if args.checked else asked
        for text, top in zip(checked, tops, strict=False):
            # The scan looks only for a stored source scoring about as well as our top
            # match or better (or 50, without one): rapidfuzz then skips most sources by
            # their length alone, and finds what a scan from 0 would. The margin is for
            # rapidfuzz, which turns a cutoff into a whole number of edits.
            ours = domain.score(text, top) if top is not None else 0
            best = process.extractOne(
                domain.normalize(text),
                normalised,
                scorer=fuzz.ratio,
                score_cutoff=max(ours - 0.5, domain.MIN_SCORE),
            )
            if best is None:
                agree += top is None
                continue
            matched += 1
            # Equal scores are equally good answers: compare the score, not the entry.
            same = top is not None and ours >= best[1] - 1e-9
            agree += same
            agree_matched += same
        scan_time = time.perf_counter() - started

        latencies.sort()
        p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{kind}: {len(sources)} entries, {args.queries} queries")
        if fill_time is not None:
            print(f"  fill                {fill_time:8.0f} s")
        print(f"  lookup median       {statistics.median(latencies) * 1000:8.1f} ms")
        print(f"  lookup p95          {p95 * 1000:8.1f} ms")
        print(f"  lookup max          {latencies[-1] * 1000:8.1f} ms")
        print(f"  peak RSS            {peak:8.0f} MB (the fill's page cache included)")
        print(f"  database size       {size / 1e6:8.0f} MB")
        share = 100 * agree / len(checked)
        print(f"  same top match      {agree}/{len(checked)} ({share:.1f}%)")
        if matched:
            share = 100 * agree_matched / matched
            print(f"    of those >= 50    {agree_matched}/{matched} ({share:.1f}%)")
        print(f"  exhaustive scan     {scan_time:8.0f} s", flush=True)
    finally:
        if pg is not None:
            pg.destroy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", help="an empty PostgreSQL database to fill")
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--checked",
        type=int,
        default=0,
        help="compare only the first N queries with the exhaustive scan (10 to 40 s each "
        "per million entries on a 2-core machine); 0: all",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="SQLite: fill this database file and keep it, or, when it exists, ask the "
        "memory it already holds (to compare lookup settings without filling again)",
    )
    args = parser.parse_args()
    if args.keep is not None and args.db != "sqlite":
        parser.error("--keep is for SQLite; give PostgreSQL a --database-url to keep")
    with tempfile.TemporaryDirectory(prefix="memory-bench-") as folder:
        run(args.db, args, Path(folder))


if __name__ == "__main__":
    main()
