"""Compile benchmark: the catalogs of one long article, next to GNU msgfmt.

    .venv/bin/python benchmarks/compile.py
    .venv/bin/python benchmarks/compile.py --segments 100000 --runs 3

Makes a throwaway SQLite database in a temporary folder with one article of
``--segments`` paragraphs (the segment limit raised for it), each 300 to 1,500
characters of varied English with an approved Korean translation about half as long
(as Korean runs),
then times, ``--runs`` times each, side by side:

- compile: ``compile_article`` as ``translate-app compile SLUG`` runs it: the query,
  the .po and the .mo, both written (the files are removed before each run, so
  every run writes them);
- msgfmt: GNU ``msgfmt -o FILE.mo`` compiling the same .po (reading it, writing the .mo);
- a second compile with nothing changed, which writes nothing.

It prints the median of each in seconds and the ratio compile / msgfmt.
"""

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENGLISH = [
    "the",
    "province",
    "capital",
    "city",
    "party",
    "state",
    "market",
    "ration",
    "food",
    "price",
    "factory",
    "worker",
    "regime",
    "leader",
    "railway",
    "district",
    "border",
    "trade",
    "farmer",
    "harvest",
    "currency",
    "citizen",
    "apartment",
    "elite",
    "privilege",
    "migration",
    "permit",
    "household",
    "family",
    "school",
    "army",
    "officer",
    "report",
    "policy",
    "reform",
    "decade",
    "history",
    "economy",
    "industry",
    "energy",
    "shortage",
    "winter",
]
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3


def english_paragraph(rng: random.Random) -> str:
    words = ENGLISH + [f"{rng.choice(ENGLISH)}{n}" for n in range(40)]
    target = rng.randint(300, 1500)
    sentences, length = [], 0
    while length < target:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 24)))
        sentences.append(sentence.capitalize() + ".")
        length += len(sentence) + 2
    return " ".join(sentences)


def korean_paragraph(rng: random.Random, length: int) -> str:
    out, size = [], 0
    while size < length:
        syllables = rng.randint(1, 4)
        word = "".join(chr(rng.randint(HANGUL_FIRST, HANGUL_LAST)) for _ in range(syllables))
        out.append(word)
        size += len(word) + 1
    return " ".join(out) + "."


def fill(app, segments: int, rng: random.Random) -> str:
    from sqlalchemy import insert, select, update

    from translate_app.extensions import db
    from translate_app.models import Segment, SegmentTranslation, TranslationVersion
    from translate_app.services.accounts import create_user
    from translate_app.services.importing import import_article

    text = "A long article\n\n" + "\n\n".join(english_paragraph(rng) for _ in range(segments - 1))
    with app.app_context():
        author = create_user("translator", "translator", "benchmark-password")
        article = import_article(
            text.encode(), "long.en.txt", source_lang="en", target_langs=["ko"]
        )
        db.session.flush()
        rows = db.session.execute(
            select(SegmentTranslation.id, Segment.id, Segment.source)
            .join(Segment, Segment.id == SegmentTranslation.segment_id)
            .where(Segment.article_id == article.id)
        ).all()
        now = datetime.now(UTC)
        versions = db.session.execute(
            insert(TranslationVersion).returning(
                TranslationVersion.id, TranslationVersion.segment_id
            ),
            [
                {
                    "segment_id": seg_id,
                    "lang": "ko",
                    "text": korean_paragraph(rng, len(source) // 2),
                    "state": 20,
                    "author_id": author.id,
                    "created_at": now,
                }
                for _, seg_id, source in rows
            ],
        ).all()
        by_segment = {seg_id: version_id for version_id, seg_id in versions}
        db.session.execute(
            update(SegmentTranslation),
            [
                {
                    "id": st_id,
                    "state": 30,
                    "revision": 1,
                    "current_version_id": by_segment[seg_id],
                    "approved_version_id": by_segment[seg_id],
                }
                for st_id, seg_id, _ in rows
            ],
        )
        db.session.commit()
        return article.slug


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from translate_app import create_app
    from translate_app.services.articles import get_article
    from translate_app.services.compiling import compile_article

    folder = Path(tempfile.mkdtemp(prefix="compile-bench-"))
    locales = folder / "locales"
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
            "INSTANCE_PATH": str(folder / "instance"),
            "LOCALES_DIR": str(locales),
            "EDITIONS_DIR": str(folder / "editions"),
            "SECRET_KEY": "benchmark-secret",
            "MAX_SEGMENTS": args.segments,
            "MAX_IMPORT_BYTES": 1 << 30,
        }
    )
    with app.app_context():
        upgrade()
    started = time.perf_counter()
    slug = fill(app, args.segments, random.Random(20261129))
    print(f"{args.segments} approved segments made in {time.perf_counter() - started:.1f} s")

    compile_times, msgfmt_times, unchanged_times = [], [], []
    with app.app_context():
        article = get_article(slug)
        for _ in range(args.runs):
            for stale in locales.glob("*/LC_MESSAGES/*"):
                stale.unlink()
            start = time.perf_counter()
            catalog = compile_article(article, locales)[0]
            compile_times.append(time.perf_counter() - start)
            assert catalog.written and catalog.approved == args.segments, catalog

            start = time.perf_counter()
            subprocess.run(
                ["msgfmt", "-o", str(folder / "msgfmt.mo"), str(catalog.po_path)], check=True
            )
            msgfmt_times.append(time.perf_counter() - start)

            start = time.perf_counter()
            again = compile_article(article, locales)[0]
            unchanged_times.append(time.perf_counter() - start)
            assert not again.written
    po_size = catalog.po_path.stat().st_size
    compile_s = statistics.median(compile_times)
    msgfmt_s = statistics.median(msgfmt_times)
    print(f".po {po_size / 1e6:.1f} MB, .mo {catalog.mo_path.stat().st_size / 1e6:.1f} MB")
    print(f"{'':34} median s")
    print(f"{'compile (.po and .mo)':34} {compile_s:8.2f}")
    print(f"{'GNU msgfmt (.po to .mo)':34} {msgfmt_s:8.2f}")
    print(f"{'compile again, nothing changed':34} {statistics.median(unchanged_times):8.2f}")
    print(f"ratio compile / msgfmt: {compile_s / msgfmt_s:.2f} (target: at most 1.5)")


if __name__ == "__main__":
    main()
