"""Mapping the segments of an article onto a revised version of its source.

Each block of the new version either continues an old segment, which keeps its key and
so its translations, or starts a new one. Identical texts match first, wherever they
moved; an edited paragraph is then recognised by its likeness to an unmatched old one
in the same stretch of the article (between two paragraphs that did not move). Old
segments left over are retired.
"""

import json
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from itertools import pairwise

#: How alike an old and a new paragraph must be (the share of distinct character
#: trigrams they have in common, 0 to 1) to count as one paragraph edited rather than one deleted
#: and another inserted. Trigrams suit Korean, where words change by their endings,
#: and take time linear in the text, where an edit distance is quadratic.
MIN_LIKENESS = 0.5
#: In a stretch where many paragraphs changed, each new paragraph is compared with the
#: old ones near its own place only (this many on either side), not with all of them.
WINDOW = 8


class Change(StrEnum):
    UNCHANGED = "unchanged"
    MOVED = "moved"
    EDITED = "edited"
    NEW = "new"
    RETIRED = "retired"


@dataclass(frozen=True)
class OldSegment:
    key: str
    text: str
    translatable: bool = True


@dataclass(frozen=True)
class NewBlock:
    text: str
    translatable: bool = True


@dataclass(frozen=True)
class Mapped:
    """What becomes of new block ``index``: the old segment it continues, if any."""

    index: int
    change: Change
    key: str | None  # None for a new block


@dataclass(frozen=True)
class RevisionPlan:
    blocks: list[Mapped]  # one per new block, in the new order
    retired: list[str]  # keys of old segments with no block in the new version

    def count(self, change: Change) -> int:
        if change is Change.RETIRED:
            return len(self.retired)
        return sum(1 for m in self.blocks if m.change is change)

    @property
    def changed(self) -> bool:
        return bool(self.retired) or any(m.change is not Change.UNCHANGED for m in self.blocks)


def plan_revision(old: Sequence[OldSegment], new: Sequence[NewBlock]) -> RevisionPlan:
    matched = _identical(old, new)
    unmoved = _longest_in_order(matched)
    changes: dict[int, tuple[Change, str | None]] = {
        j: (Change.UNCHANGED if j in unmoved else Change.MOVED, old[i].key)
        for j, i in matched.items()
    }
    used_old = set(matched.values())
    for j, i in _edited(old, new, matched, unmoved, used_old).items():
        changes[j] = (Change.EDITED, old[i].key)
        used_old.add(i)
    blocks = [Mapped(j, *changes.get(j, (Change.NEW, None))) for j in range(len(new))]
    retired = [segment.key for i, segment in enumerate(old) if i not in used_old]
    return RevisionPlan(blocks, retired)


def _identical(old: Sequence[OldSegment], new: Sequence[NewBlock]) -> dict[int, int]:
    """new index -> old index for texts found unchanged, the first copies pairing first."""
    waiting: dict[tuple[str, bool], deque[int]] = defaultdict(deque)
    for i, segment in enumerate(old):
        waiting[(_norm(segment.text), segment.translatable)].append(i)
    matched = {}
    for j, block in enumerate(new):
        queue = waiting.get((_norm(block.text), block.translatable))
        if queue:
            matched[j] = queue.popleft()
    return matched


def _longest_in_order(matched: dict[int, int]) -> set[int]:
    """The new indices of the longest run of matches whose old order is kept: those
    stayed in place, the others moved (patience-style longest increasing subsequence)."""
    order = sorted(matched)
    tails: list[int] = []  # old index ending the best run of each length
    tail_at: list[int] = []  # position in ``order`` of that ending
    back: list[int] = [-1] * len(order)
    for n, j in enumerate(order):
        i = matched[j]
        k = bisect_left(tails, i)
        if k:
            back[n] = tail_at[k - 1]
        if k == len(tails):
            tails.append(i)
            tail_at.append(n)
        else:
            tails[k], tail_at[k] = i, n
    kept, n = set(), tail_at[-1] if tail_at else -1
    while n >= 0:
        kept.add(order[n])
        n = back[n]
    return kept


def _edited(old, new, matched, unmoved, used_old) -> dict[int, int]:
    """Pairs of an unmatched new and an unmatched old text alike enough to be one
    paragraph edited: looked for first between the same two unmoved neighbours, then
    among whatever is left, near its place."""
    anchors = sorted((j, matched[j]) for j in unmoved)
    bounds = [(-1, -1), *anchors, (len(new), len(old))]
    pairs: dict[int, int] = {}
    old_grams: dict[int, frozenset[str]] = {}
    new_grams: dict[int, frozenset[str]] = {}
    scores: dict[tuple[int, int], float] = {}  # the second pass meets pairs the first scored

    def likeness(j: int, i: int) -> float:
        if (j, i) not in scores:
            if i not in old_grams:
                old_grams[i] = _trigrams(old[i].text)
            if j not in new_grams:
                new_grams[j] = _trigrams(new[j].text)
            scores[j, i] = _likeness(old_grams[i], new_grams[j])
        return scores[j, i]

    def pair_up(new_gap: list[int], old_gap: list[int]) -> None:
        candidates = sorted(
            (-score, j, i)
            for j, i in _nearby(new_gap, old_gap)
            if old[i].translatable == new[j].translatable
            and (score := likeness(j, i)) >= MIN_LIKENESS
        )
        taken_new, taken_old = set(), set()
        for _, j, i in candidates:
            if j not in taken_new and i not in taken_old:
                pairs[j] = i
                taken_new.add(j)
                taken_old.add(i)

    for (j0, i0), (j1, i1) in pairwise(bounds):
        pair_up(
            [j for j in range(j0 + 1, j1) if j not in matched],
            [i for i in range(i0 + 1, i1) if i not in used_old],
        )
    # Then across those stretches: an edited paragraph whose neighbours moved (two
    # paragraphs swapped around it) still finds its old text.
    paired_old = set(pairs.values())
    pair_up(
        [j for j in range(len(new)) if j not in matched and j not in pairs],
        [i for i in range(len(old)) if i not in used_old and i not in paired_old],
    )
    return pairs


def _nearby(new_gap: list[int], old_gap: list[int]):
    """(new, old) pairs of a stretch worth comparing: all of them in a small stretch,
    and in a large one those at about the same relative place."""
    if len(new_gap) <= WINDOW or len(old_gap) <= WINDOW:
        return [(j, i) for j in new_gap for i in old_gap]
    scale = len(old_gap) / len(new_gap)
    pairs = []
    for a, j in enumerate(new_gap):
        middle = round(a * scale)
        for b in range(max(0, middle - WINDOW), min(len(old_gap), middle + WINDOW + 1)):
            pairs.append((j, old_gap[b]))
    return pairs


def _likeness(grams_a: frozenset[str], grams_b: frozenset[str]) -> float:
    total = len(grams_a) + len(grams_b)
    if not total:
        return 1.0
    return 2 * len(grams_a & grams_b) / total


def _trigrams(text: str) -> frozenset[str]:
    text = _norm(text)
    if len(text) < 3:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[n : n + 3] for n in range(len(text) - 2))


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class ChangeRecord:
    """One changed paragraph as the revision list shows it."""

    change: str
    position: int | None  # in the new version; None for a retired paragraph
    old_position: int | None  # in the old version; None for a new paragraph
    old_text: str = ""
    new_text: str = ""


@dataclass(frozen=True)
class RevisionSummary:
    counts: dict[str, int]
    changes: list[ChangeRecord] = field(default_factory=list)
    rule: str = ""
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "RevisionSummary":
        data = json.loads(text or "{}")
        return cls(
            counts=data.get("counts", {}),
            changes=[ChangeRecord(**c) for c in data.get("changes", [])],
            rule=data.get("rule", ""),
            notes=data.get("notes", []),
        )
