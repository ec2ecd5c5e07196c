"""Bounds that every layer agrees on, so that no value reaches the database it cannot store."""

from dataclasses import dataclass

#: Integer columns (ids, revisions, edition numbers) are 32-bit on PostgreSQL; a larger
#: number in a URL or a request names nothing that can exist.
DB_INT_MAX = 2**31 - 1


def in_db_int_range(value: int, minimum: int = 0) -> bool:
    return minimum <= value <= DB_INT_MAX


@dataclass(frozen=True)
class Limits:
    """Sizes past which an import or a save is refused (configurable, see the README)."""

    max_segments: int = 20_000  # segments in one article
    max_segment_chars: int = 20_000  # characters in one segment, source or translation
    max_import_bytes: int = 5 * 1024 * 1024  # bytes in one imported file


class LimitError(ValueError):
    """A size past its limit; the message names the size, the limit and its setting."""


def check_limit(subject: str, count: int, unit: str, limit: int, setting: str) -> None:
    if count > limit:
        raise LimitError(f"{subject} has {count:,} {unit}; the limit is {limit:,} ({setting})")
