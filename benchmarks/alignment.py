"""Alignment benchmark: pairing the paragraphs of a long article published in two languages.

    .venv/bin/python benchmarks/alignment.py
    .venv/bin/python benchmarks/alignment.py --paragraphs 5000 --runs 3

Builds an English and a Korean article of ``--paragraphs`` paragraphs each from the
sample pair (corpus/provincialization-of-pyongyang.en.txt and its translation in
tests/data/): each paragraph joins one to three of the sample's title and paragraphs,
picked at random, so lengths run from 58 to some 2,500 characters in no order. In every
fifty, two Korean paragraphs are made one and, elsewhere, one is cut in two, so the path
leaves the diagonal now and then, as it does in real articles.

Then times ``align`` en -> ko, ``--runs`` times, and prints the median in seconds, the
band the search used, and how many of the pairs it found are the ones built.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate_app.domain.alignment import MIN_BAND, align, length_model  # noqa: E402

ENGLISH = ROOT / "corpus" / "provincialization-of-pyongyang.en.txt"
KOREAN = ROOT / "tests" / "data" / "provincialization-of-pyongyang.ko.txt"


def blocks(path: Path) -> list[str]:
    return [block.strip() for block in path.read_text(encoding="utf-8").split("\n\n")]


def build(count: int, seed: int = 7):
    """English and Korean paragraphs, and the (source, target) index pairs expected."""
    rng = random.Random(seed)
    # The title and the body paragraphs; the separator, byline and footer are too short
    # to make paragraphs of.
    sample = [
        (en, ko) for en, ko in zip(blocks(ENGLISH), blocks(KOREAN), strict=True) if len(en) > 40
    ]
    units = []
    for _ in range(count):
        picked = rng.sample(sample, rng.randint(1, 3))
        units.append((" ".join(en for en, _ in picked), " ".join(ko for _, ko in picked)))
    english: list[str] = []
    korean: list[str] = []
    expected = []
    i = 0
    while i < len(units):
        en, ko = units[i]
        if i % 50 == 25 and i + 1 < len(units):  # two Korean paragraphs made one: 2-1
            en2, ko2 = units[i + 1]
            expected.append(((len(english), len(english) + 1), (len(korean),)))
            english += [en, en2]
            korean.append(ko + " " + ko2)
            i += 2
            continue
        if i % 50 == 40 and len(ko) > 200:  # one Korean paragraph cut in two: 1-2
            cut = ko.index(" ", len(ko) // 2)
            expected.append(((len(english),), (len(korean), len(korean) + 1)))
            english.append(en)
            korean += [ko[:cut], ko[cut + 1 :]]
            i += 1
            continue
        expected.append(((len(english),), (len(korean),)))
        english.append(en)
        korean.append(ko)
        i += 1
    return english, korean, expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    english, korean, expected = build(args.paragraphs)
    model = length_model("en", "ko")
    times, pairs = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        pairs = align(english, korean, model)
        times.append(time.perf_counter() - start)
    found = {(p.source, p.target) for p in pairs}
    right = sum(1 for pair in expected if pair in found)
    confidences = sorted(p.confidence for p in pairs if p.source and p.target)
    print(f"paragraphs: {len(english)} English x {len(korean)} Korean")
    print(
        f"band at first: {MIN_BAND + abs(len(english) - len(korean))} either side of the diagonal"
    )
    print(f"align en -> ko: {statistics.median(times):.2f} s (median of {args.runs})")
    print(f"pairs built found: {right} of {len(expected)}; beads returned: {len(pairs)}")
    print(f"confidence of pairs: median {statistics.median(confidences):.3f}")


if __name__ == "__main__":
    main()
