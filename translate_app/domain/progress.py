"""Progress of one article in one target language: segments and words per state."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from .states import State


@dataclass(frozen=True)
class Tally:
    segments: int = 0
    words: int = 0


@dataclass(frozen=True)
class Progress:
    by_state: dict[State, Tally] = field(default_factory=dict)

    @property
    def total(self) -> Tally:
        return Tally(
            sum(t.segments for t in self.by_state.values()),
            sum(t.words for t in self.by_state.values()),
        )

    def tally(self, state: State) -> Tally:
        return self.by_state.get(state, Tally())

    def word_percent(self, state: State) -> float:
        total = self.total.words
        return 100.0 * self.tally(state).words / total if total else 0.0

    @property
    def bar(self) -> list[tuple[State, Tally, float]]:
        """Bar slices from most to least finished, skipping empty ones."""
        order = sorted(State, reverse=True)
        return [(s, self.tally(s), self.word_percent(s)) for s in order if self.tally(s).segments]


def from_counts(rows: Iterable[tuple[int, int, int | None]]) -> Progress:
    """A Progress from (state, segments, words) rows, as a GROUP BY on state gives them."""
    return Progress({State(state): Tally(segments, words or 0) for state, segments, words in rows})
