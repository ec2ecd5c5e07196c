"""Which segments of an article the editor shows: a state, a text search, and a page.

Parsed from query parameters (strings) here, so that the pages and the API refuse the
same things with the same words; the query itself is built in services/segment_lists.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from .limits import DB_INT_MAX
from .states import State

#: Rows per page of the editor. A screen shows about ten; fifty keep scrolling smooth
#: while the first screen of any article costs what a short one's does.
PAGE_SIZE = 50
#: Longest search text, in characters.
MAX_QUERY_CHARS = 200


class FilterError(ValueError):
    """A filter parameter that names nothing the editor can show."""


@dataclass(frozen=True)
class SegmentFilter:
    state: State | None = None
    query: str = ""
    #: Show only segments after this position (keyset paging, not OFFSET).
    after: int | None = None

    @property
    def is_filtered(self) -> bool:
        return self.state is not None or bool(self.query)

    def params(self, *, after: int | None = None) -> dict[str, str | int]:
        """The query parameters that give this filter back, for links and push-url."""
        params: dict[str, str | int] = {}
        if self.state is not None:
            params["state"] = self.state.api_name
        if self.query:
            params["q"] = self.query
        if after is not None:
            params["after"] = after
        return params


def parse_state(value: str | None) -> State | None:
    if value is None or value in ("", "all"):
        return None
    try:
        return State.from_api_name(value)
    except ValueError:
        names = ", ".join(s.api_name for s in State)
        raise FilterError(f"unknown state {value!r}: use one of {names} or all") from None


def parse_query(value: str | None) -> str:
    query = " ".join((value or "").split())
    if len(query) > MAX_QUERY_CHARS:
        raise FilterError(
            f"the search text has {len(query)} characters; at most {MAX_QUERY_CHARS} are allowed"
        )
    return query


def parse_after(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    if not value.isascii() or not value.isdigit() or int(value) > DB_INT_MAX:
        raise FilterError(f"'after' must be a segment number from 0 to {DB_INT_MAX}")
    return int(value)


def parse_filter(args: Mapping[str, str]) -> SegmentFilter:
    return SegmentFilter(
        state=parse_state(args.get("state")),
        query=parse_query(args.get("q")),
        after=parse_after(args.get("after")),
    )
