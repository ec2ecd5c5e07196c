"""Pairing the paragraphs of an article published in two languages, by their lengths.

Gale and Church (1993), "A Program for Aligning Sentences in Bilingual Corpora": a
paragraph and its translation have lengths in proportion, with a spread that grows with
the length. Dynamic programming finds the most likely sequence of *beads* (1-1, 1-0,
0-1, 2-1, 1-2 and 2-2 paragraphs) through both lists. Nothing here reads the words, so
it works for any pair of languages once the length model of that direction is known.

Lengths are counted in characters without whitespace: Korean puts far fewer characters
(and fewer spaces) into an idea than English, so the model is fitted per direction.

Three departures from the published method, each explained where it is made: delta's
denominator is the source length a bead stands for, as in their program (_log_match);
a bead that pairs nothing scores its prior alone (_Lattice.score); the variance is
fitted with every pair weighing the same (fit_length_model).
"""

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LengthModel:
    ratio: float  # expected target characters per source character
    variance: float  # s^2 of Gale-Church: variance of target length per source character

    def __post_init__(self) -> None:
        if not (math.isfinite(self.ratio) and self.ratio > 0):
            raise ValueError(f"length ratio must be a positive number, not {self.ratio!r}")
        if not (math.isfinite(self.variance) and self.variance > 0):
            raise ValueError(f"length variance must be a positive number, not {self.variance!r}")


@dataclass(frozen=True)
class AlignedPair:
    source: tuple[int, ...]  # indices into the source paragraphs (empty for a 0-1 bead)
    target: tuple[int, ...]  # indices into the target paragraphs (empty for a 1-0 bead)
    confidence: float  # 0.0..1.0


#: The smallest variance a fit returns: texts whose lengths are in exact proportion
#: (made-up examples) would otherwise give 0, and every other length infinitely unlikely.
MIN_VARIANCE = 0.01

#: Gale and Church's s^2 is 6.8, measured on English, French and German with character
#: counts taken here to include spaces. A variance per character scales with the unit
#: of length, and without whitespace English runs 0.836 times as long (4,973 of the
#: sample's 5,948 characters), so languages with no fitted model get ratio 1 and
#: 6.8 * 0.836.
FALLBACK = LengthModel(ratio=1.0, variance=6.8 * 0.836)

#: Fitted with fit_length_model on the 13 blocks (title, paragraphs, separator, byline,
#: footer) of corpus/provincialization-of-pyongyang.en.txt and its Korean translation
#: tests/data/provincialization-of-pyongyang.ko.txt:
#:   en -> ko: ratio 0.3889 (1,934 Korean characters for 4,973 English), variance 0.3065;
#:   ko -> en: ratio 2.5714, variance 5.2111 (about 0.3065 * 2.5714^3, as a variance
#:   of lengths per character turns into the other direction's).
#: The ratio is below the "half as long" often quoted for Korean because whitespace is not
#: counted, and Korean text has more of it (25% of the translation's characters, 16% of
#: the English). The variances come from one careful
#: translation, so they are on the strict side for translations made more freely.
FITTED = {
    ("en", "ko"): LengthModel(ratio=0.3889, variance=0.3065),
    ("ko", "en"): LengthModel(ratio=2.5714, variance=5.2111),
}

# Bead: (source paragraphs, target paragraphs) -> prior probability (Gale and Church).
BEADS: tuple[tuple[int, int, float], ...] = (
    (1, 1, 0.89),
    (1, 0, 0.0099),
    (0, 1, 0.0099),
    (2, 1, 0.089),
    (1, 2, 0.089),
    (2, 2, 0.011),
)
_LOG_PRIORS = tuple(math.log(p) for _, _, p in BEADS)

#: Half-width of the band around the diagonal, in target paragraphs, before adding the
#: difference of the two counts; doubled while the best path runs along an edge.
MIN_BAND = 10


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].strip().lower()


def length_model(source_lang: str, target_lang: str) -> LengthModel:
    """The length model for translating ``source_lang`` into ``target_lang``.

    Language codes may carry regions or scripts ("ko-KR"); only the primary subtag counts.
    """
    return FITTED.get((_primary(source_lang), _primary(target_lang)), FALLBACK)


def text_length(text: str) -> int:
    """Characters that are not whitespace."""
    return len("".join(text.split()))


def fit_length_model(pairs: Iterable[tuple[str, str]]) -> LengthModel:
    """Fit ratio and variance on (source, target) texts known to be translations.

    ratio = total target length / total source length (Gale and Church's estimate).

    variance = the mean over pairs of (l2 - ratio * l1)^2 / l, with l the source length
    a pair stands for as ``align`` computes delta (see _log_match): the s^2 that gives the
    fitted pairs' deltas a mean square of 1. Each pair weighs the same, as each bead does
    in an alignment; weighing pairs by length (sum of squares over sum of lengths) lets
    the long paragraphs decide alone, and short blocks (titles, bylines, footers), whose
    lengths vary more per character, are then too unlikely to pair 1-1. Pairs with both
    texts empty say nothing about either figure and are left out of the variance. It is
    never below MIN_VARIANCE.
    """
    lengths = [(text_length(s), text_length(t)) for s, t in pairs]
    if not lengths:
        raise ValueError("cannot fit a length model on no pairs: give at least one")
    total_source = sum(l1 for l1, _ in lengths)
    total_target = sum(l2 for _, l2 in lengths)
    if total_source == 0 or total_target == 0:
        side = "source" if total_source == 0 else "target"
        raise ValueError(f"cannot fit a length model: every {side} text is empty (whitespace only)")
    ratio = total_target / total_source
    terms = [(l2 - ratio * l1) ** 2 / ((l1 + l2 / ratio) / 2) for l1, l2 in lengths if l1 or l2]
    return LengthModel(ratio=ratio, variance=max(sum(terms) / len(terms), MIN_VARIANCE))


_SQRT2 = math.sqrt(2.0)
_LOG_SQRT_PI = 0.5 * math.log(math.pi)


def _log_tail(z: float) -> float:
    """log P(|Z| >= z) for a standard normal Z, that is log(2 * (1 - Phi(z)))."""
    x = z / _SQRT2
    if x < 20.0:
        return math.log(math.erfc(x))
    # erfc(x) ~ exp(-x^2) / (x * sqrt(pi)): keeps far-off lengths comparable with
    # each other instead of all becoming log(0).
    return -x * x - math.log(x) - _LOG_SQRT_PI


def _log_match(l1: int, l2: int, ratio: float, variance: float) -> float:
    """log P(delta | match) for a bead of source length l1 and target length l2.

    delta = (l2 - l1 * c) / sqrt(l * s2), where l is the source length the bead stands
    for, (l1 + l2 / c) / 2, as in Gale and Church's published program: it equals l1
    when the lengths agree, and it is never 0 unless both sides are (then delta is 0).
    With l1 alone, a bead with an empty source side would divide by zero, and a 0-1
    bead would cost far more than the 1-0 bead of the same text in the other direction.
    """
    if l1 == 0 and l2 == 0:
        return 0.0
    mean = (l1 + l2 / ratio) / 2.0
    return _log_tail(abs(l2 - l1 * ratio) / math.sqrt(mean * variance))


def _logaddexp(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    if a > b:
        return a + math.log1p(math.exp(b - a))
    return b + math.log1p(math.exp(a - b))


def _prefix(lengths: list[int]) -> list[int]:
    sums = [0]
    for length in lengths:
        sums.append(sums[-1] + length)
    return sums


def _centres(src: list[int], tgt: list[int]) -> list[int]:
    """For each source prefix, the target prefix of about the same share of the text."""
    n, m = len(src) - 1, len(tgt) - 1
    if src[-1] == 0 or tgt[-1] == 0:
        return [round(i * m / n) for i in range(n + 1)]
    scale = tgt[-1] / src[-1]
    centres = []
    for i in range(n + 1):
        want = src[i] * scale
        j = bisect.bisect_left(tgt, want)
        if j > m or (j > 0 and want - tgt[j - 1] <= tgt[j] - want):
            j -= 1
        centres.append(j)
    centres[0], centres[-1] = 0, m
    return centres


def _band(centres: list[int], width: int, m: int) -> tuple[list[int], list[int]]:
    lo = [max(0, c - width) for c in centres]
    hi = [min(m, c + width) for c in centres]
    # Rows must overlap so that a path always exists (a long paragraph moves the centre
    # by many cells at once): each row reaches at least where the next one starts.
    for i in range(len(centres) - 2, -1, -1):
        hi[i] = max(hi[i], lo[i + 1])
    return lo, hi


class _Lattice:
    """The banded lattice of one alignment: its scores forward, Viterbi and backward."""

    def __init__(self, src_len: list[int], tgt_len: list[int], model: LengthModel):
        self.a = _prefix(src_len)
        self.b = _prefix(tgt_len)
        self.n, self.m = len(src_len), len(tgt_len)
        self.ratio, self.variance = model.ratio, model.variance

    def score(self, i0: int, j0: int, i1: int, j1: int, bead: int) -> float:
        """log(P(bead) * P(delta | match)) for the bead from (i0, j0) to (i1, j1).

        A 1-0 or 0-1 bead pairs nothing, so there is no match whose delta could be
        measured: it scores log P(bead) alone. (Gale and Church's program measures it
        as a match with an empty side; then a long paragraph left out costs so much
        that joining it to a neighbour's bead as a 2-1 always wins, and an editor's
        note found only in English is never reported as such.)
        """
        if i0 == i1 or j0 == j1:
            return _LOG_PRIORS[bead]
        return _LOG_PRIORS[bead] + _log_match(
            self.a[i1] - self.a[i0], self.b[j1] - self.b[j0], self.ratio, self.variance
        )

    def forward(self, lo: list[int], hi: list[int]):
        """Best score (Viterbi), its back-pointers, and the forward log-sum, per cell."""
        best: list[list[float]] = []
        back: list[list[int]] = []
        total: list[list[float]] = []
        ninf = -math.inf
        for i in range(self.n + 1):
            row_best, row_back, row_total = [], [], []
            for j in range(lo[i], hi[i] + 1):
                if i == 0 and j == 0:
                    row_best.append(0.0)
                    row_back.append(-1)
                    row_total.append(0.0)
                    continue
                cell_best, cell_back, cell_total = ninf, -1, ninf
                for bead, (di, dj, _) in enumerate(BEADS):
                    pi, pj = i - di, j - dj
                    if pi < 0 or pj < lo[pi] or pj > hi[pi]:
                        continue
                    s = self.score(pi, pj, i, j, bead)
                    prev = best[pi][pj - lo[pi]] if pi < i else row_best[pj - lo[i]]
                    if prev + s > cell_best:
                        cell_best, cell_back = prev + s, bead
                    prev = total[pi][pj - lo[pi]] if pi < i else row_total[pj - lo[i]]
                    cell_total = _logaddexp(cell_total, prev + s)
                row_best.append(cell_best)
                row_back.append(cell_back)
                row_total.append(cell_total)
            best.append(row_best)
            back.append(row_back)
            total.append(row_total)
        return back, total

    def backward(self, lo: list[int], hi: list[int]) -> list[list[float]]:
        """log-sum of the scores of every path from each cell to the end."""
        rows: list[list[float]] = [[] for _ in range(self.n + 1)]
        for i in range(self.n, -1, -1):
            row = [-math.inf] * (hi[i] - lo[i] + 1)
            for j in range(hi[i], lo[i] - 1, -1):
                if i == self.n and j == self.m:
                    row[j - lo[i]] = 0.0
                    continue
                acc = -math.inf
                for bead, (di, dj, _) in enumerate(BEADS):
                    ni, nj = i + di, j + dj
                    if ni > self.n or nj < lo[ni] or nj > hi[ni]:
                        continue
                    after = rows[ni][nj - lo[ni]] if ni > i else row[nj - lo[i]]
                    acc = _logaddexp(acc, after + self.score(i, j, ni, nj, bead))
                row[j - lo[i]] = acc
            rows[i] = row
        return rows


def align(source: Sequence[str], target: Sequence[str], model: LengthModel) -> list[AlignedPair]:
    """The most likely pairing of ``source`` paragraphs with ``target`` paragraphs.

    Every paragraph of each side is in exactly one pair, in order. The search keeps to a
    band around the diagonal of the two texts (each source prefix against the target
    prefix that holds the same share of the characters), MIN_BAND plus the difference
    of the paragraph counts wide on each side; when the best path runs along an edge of
    the band the band is doubled and the search run again (as in Moore's aligner), so a
    2,000 x 2,000 alignment visits some 2,000 x 21 cells rather than 4 million
    (about 2 s in benchmarks/alignment.py).

    ``confidence`` is, for a bead that pairs paragraphs, the product of

    - its posterior probability: the share of the total score of all paths through the
      band (forward-backward, with the same bead scores as the search) that goes through
      this bead. It is near 1 when no other pairing of these paragraphs comes close,
      and falls where the lengths leave two pairings about as likely; and
    - P(delta | match) = 2 * (1 - Phi(|delta|)): how ordinary the length difference is
      for a translation. 1 when the lengths agree exactly, 0.32 one standard deviation
      off, 0.05 at two, 0.003 at three.

    So it is high only for a pair that is both unambiguous and of the expected length.
    A bead that leaves a paragraph unpaired (1-0 or 0-1) holds nothing to confirm as a
    translation, and its confidence is 0.
    """
    n, m = len(source), len(target)
    if n == 0 or m == 0:
        return [AlignedPair((i,), (), 0.0) for i in range(n)] + [
            AlignedPair((), (j,), 0.0) for j in range(m)
        ]
    lattice = _Lattice([text_length(t) for t in source], [text_length(t) for t in target], model)
    centres = _centres(lattice.a, lattice.b)
    width = MIN_BAND + abs(n - m)
    while True:
        lo, hi = _band(centres, width, m)
        back, forward = lattice.forward(lo, hi)
        path = _trace(back, lo, n, m)
        if width >= max(n, m) or not _touches_edge(path, centres, width, m):
            break
        width *= 2
    backward = lattice.backward(lo, hi)
    log_total = forward[n][m - lo[n]]
    pairs = []
    for (i0, j0), (i1, j1), bead in path:
        if i0 == i1 or j0 == j1:
            confidence = 0.0
        else:
            score = lattice.score(i0, j0, i1, j1, bead)
            posterior = math.exp(
                min(0.0, forward[i0][j0 - lo[i0]] + score + backward[i1][j1 - lo[i1]] - log_total)
            )
            match = math.exp(score - _LOG_PRIORS[bead])
            confidence = min(1.0, max(0.0, posterior * match))
        pairs.append(AlignedPair(tuple(range(i0, i1)), tuple(range(j0, j1)), confidence))
    return pairs


def _trace(back: list[list[int]], lo: list[int], n: int, m: int):
    """The beads of the best path, first to last: ((i0, j0), (i1, j1), bead)."""
    path = []
    i, j = n, m
    while i or j:
        bead = back[i][j - lo[i]]
        di, dj, _ = BEADS[bead]
        path.append(((i - di, j - dj), (i, j), bead))
        i, j = i - di, j - dj
    path.reverse()
    return path


def _touches_edge(path, centres: list[int], width: int, m: int) -> bool:
    for _, (i, j), _bead in path:
        if (centres[i] - width > 0 and j <= centres[i] - width) or (
            centres[i] + width < m and j >= centres[i] + width
        ):
            return True
    return False


# --- Editing an alignment --------------------------------------------------------------------
#
# An editor confirms or fixes the aligner's pairs before they are stored as translations.
# Each operation returns a new list and leaves its argument alone. A pair an operation
# makes or changes gets confidence 1.0: it is the editor's decision now, not the lengths'
# guess, and the lengths of the new pairing were never weighed. Pairs left as they were
# keep their confidence. A pair an operation leaves with no paragraph on either side
# disappears.

EDITED = 1.0
DIRECTIONS = ("up", "down")


def _check_index(pairs: Sequence[AlignedPair], k: int, *, needs_next: bool = False) -> None:
    if not 0 <= k < len(pairs):
        raise ValueError(f"there is no pair {k + 1}: the alignment has {len(pairs)} pairs")
    if needs_next and k == len(pairs) - 1:
        raise ValueError(f"pair {k + 1} is the last pair: there is no next pair")


def _replace(
    pairs: Sequence[AlignedPair], start: int, stop: int, new: Iterable[AlignedPair]
) -> list[AlignedPair]:
    kept = [pair for pair in new if pair.source or pair.target]
    return [*pairs[:start], *kept, *pairs[stop:]]


def merge_with_next(pairs: Sequence[AlignedPair], k: int) -> list[AlignedPair]:
    """Pair ``k`` and pair ``k + 1`` (counted from 0) become one pair."""
    _check_index(pairs, k, needs_next=True)
    first, second = pairs[k], pairs[k + 1]
    merged = AlignedPair(first.source + second.source, first.target + second.target, EDITED)
    return _replace(pairs, k, k + 2, [merged])


def split_pair(pairs: Sequence[AlignedPair], k: int) -> list[AlignedPair]:
    """Pair ``k`` becomes two: its first source paragraph with its first target
    paragraph, then the rest of each side (either side of either pair may be empty)."""
    _check_index(pairs, k)
    pair = pairs[k]
    if len(pair.source) < 2 and len(pair.target) < 2:
        raise ValueError(
            f"pair {k + 1} has one paragraph at most on each side: there is nothing to split"
        )
    return _replace(
        pairs,
        k,
        k + 1,
        [
            AlignedPair(pair.source[:1], pair.target[:1], EDITED),
            AlignedPair(pair.source[1:], pair.target[1:], EDITED),
        ],
    )


def move_target(pairs: Sequence[AlignedPair], k: int, direction: str) -> list[AlignedPair]:
    """Direction "down": pair ``k``'s last target paragraph goes to the start of pair
    ``k + 1``; "up": pair ``k + 1``'s first target paragraph goes to the end of pair ``k``."""
    return _move(pairs, k, direction, "target")


def move_source(pairs: Sequence[AlignedPair], k: int, direction: str) -> list[AlignedPair]:
    """As ``move_target``, for the source paragraphs."""
    return _move(pairs, k, direction, "source")


def _move(pairs: Sequence[AlignedPair], k: int, direction: str, side: str) -> list[AlignedPair]:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    _check_index(pairs, k, needs_next=True)
    first, second = pairs[k], pairs[k + 1]
    here, there = getattr(first, side), getattr(second, side)
    if direction == "down":
        if not here:
            raise ValueError(f"pair {k + 1} has no {side} paragraph to move down")
        here, there = here[:-1], here[-1:] + there
    else:
        if not there:
            raise ValueError(f"pair {k + 2} has no {side} paragraph to move up")
        here, there = here + there[:1], there[1:]
    other = "target" if side == "source" else "source"
    new = [
        AlignedPair(**{side: here, other: getattr(first, other)}, confidence=EDITED),
        AlignedPair(**{side: there, other: getattr(second, other)}, confidence=EDITED),
    ]
    return _replace(pairs, k, k + 2, new)


def check_beads(pairs: Sequence[AlignedPair], n_source: int, n_target: int) -> None:
    """Refuse (ValueError) pairs that do not cover paragraphs 0..n-1 of each side exactly
    once and in order, or that hold a pair with no paragraph at all."""
    expected = {"source": 0, "target": 0}
    counts = {"source": n_source, "target": n_target}
    for number, pair in enumerate(pairs, start=1):
        if not pair.source and not pair.target:
            raise ValueError(f"pair {number} holds no paragraph")
        for side in ("source", "target"):
            for index in getattr(pair, side):
                if not 0 <= index < counts[side]:
                    raise ValueError(
                        f"pair {number} names {side} paragraph {index + 1}, "
                        f"but there are {counts[side]}"
                    )
                if index < expected[side]:
                    raise ValueError(
                        f"{side} paragraph {index + 1} is in pair {number} "
                        "and in an earlier pair, or out of order"
                    )
                if index > expected[side]:
                    missing = expected[side]
                    if any(missing in getattr(p, side) for p in pairs[number:]):
                        raise ValueError(
                            f"the pairs are out of order: pair {number} names {side} "
                            f"paragraph {index + 1} before paragraph {missing + 1}"
                        )
                    raise ValueError(f"{side} paragraph {missing + 1} is in no pair")
                expected[side] += 1
    for side in ("source", "target"):
        if expected[side] < counts[side]:
            raise ValueError(f"{side} paragraph {expected[side] + 1} is in no pair")
