"""Review verdicts and what they add up to: error categories and severities, an
MQM-style quality score, and the state of a whole article derived from its segments."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .progress import Progress
from .states import State


class Category(StrEnum):
    ACCURACY = "accuracy"
    FLUENCY = "fluency"
    TERMINOLOGY = "terminology"
    STYLE = "style"
    LOCALE_CONVENTION = "locale-convention"


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


#: Penalty points per error, as in MQM's common scoring (minor 1, major 5, critical 10).
PENALTY = {Severity.MINOR: 1, Severity.MAJOR: 5, Severity.CRITICAL: 10}
#: Longest reviewer's note, in characters.
MAX_NOTE_CHARS = 2000


class VerdictError(ValueError):
    """A rejection that names no known category or severity, or a note too long."""


def parse_category(value: str | None) -> Category:
    return _parse(Category, value, "error category")


def parse_severity(value: str | None) -> Severity:
    return _parse(Severity, value, "severity")


def _parse(kind, value: str | None, what: str):
    names = ", ".join(member.value for member in kind)
    if not value:
        raise VerdictError(f"name the {what}: one of {names}")
    try:
        return kind(value)
    except ValueError:
        raise VerdictError(f"unknown {what} {value!r}: use one of {names}") from None


def parse_note(value: str | None) -> str:
    note = (value or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise VerdictError(
            f"the note has {len(note)} characters; at most {MAX_NOTE_CHARS} are allowed"
        )
    return note


@dataclass(frozen=True)
class Score:
    """Errors of one translator (or of everyone) against the source words they cover."""

    words: int
    errors: dict[tuple[Category, Severity], int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.errors.values())

    @property
    def penalty(self) -> int:
        return sum(PENALTY[severity] * n for (_, severity), n in self.errors.items())

    @property
    def per_thousand_words(self) -> float:
        """Penalty points per 1,000 source words: 0 is flawless, lower is better."""
        return 1000 * self.penalty / self.words if self.words else 0.0

    def cell(self, category: Category, severity: Severity) -> int:
        return self.errors.get((category, severity), 0)


@dataclass(frozen=True)
class QualityReport:
    overall: Score
    by_translator: dict[str, Score]


def quality_report(
    errors: Iterable[tuple[str, str, str]],
    article_words: int,
    translator_words: Mapping[str, int],
) -> QualityReport:
    """Fold (translator, category, severity) rejections into scores.

    ``translator_words`` holds the source words of the segments each translator wrote
    a version of: their share of the article, against which their errors count.
    """
    overall: dict[tuple[Category, Severity], int] = {}
    mine: dict[str, dict[tuple[Category, Severity], int]] = {name: {} for name in translator_words}
    for translator, category, severity in errors:
        key = (Category(category), Severity(severity))
        overall[key] = overall.get(key, 0) + 1
        own = mine.setdefault(translator, {})
        own[key] = own.get(key, 0) + 1
    return QualityReport(
        Score(article_words, overall),
        {
            name: Score(translator_words.get(name, 0), counts)
            for name, counts in sorted(mine.items())
        },
    )


class ArticleState(StrEnum):
    IN_TRANSLATION = "in translation"
    IN_REVIEW = "in review"
    APPROVED = "approved"
    PUBLISHED = "published"


_UNFINISHED = frozenset({State.UNTRANSLATED, State.DRAFT, State.REJECTED})


def article_state(segments_by_state: Mapping[State, int], published: bool) -> ArticleState:
    """Where an article stands in one language, from how many segments are in each state."""
    present = {State(s) for s, n in segments_by_state.items() if n}
    if not present or present & _UNFINISHED:
        return ArticleState.IN_TRANSLATION
    if present != {State.APPROVED}:
        return ArticleState.IN_REVIEW
    return ArticleState.PUBLISHED if published else ArticleState.APPROVED


def progress_state(progress: Progress, published: bool) -> ArticleState:
    return article_state({s: t.segments for s, t in progress.by_state.items()}, published)
