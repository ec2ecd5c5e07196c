"""Parsing the editor's filter: the same refusals for the pages and the API."""

import pytest

from translate_app.domain.limits import DB_INT_MAX
from translate_app.domain.segment_filter import (
    MAX_QUERY_CHARS,
    FilterError,
    SegmentFilter,
    parse_filter,
)
from translate_app.domain.states import State


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({}, SegmentFilter()),
        ({"state": "all"}, SegmentFilter()),
        ({"state": ""}, SegmentFilter()),
        ({"state": "draft"}, SegmentFilter(state=State.DRAFT)),
        ({"state": "APPROVED"}, SegmentFilter(state=State.APPROVED)),
        ({"q": "  평양의   배급  "}, SegmentFilter(query="평양의 배급")),
        ({"q": "x" * MAX_QUERY_CHARS}, SegmentFilter(query="x" * MAX_QUERY_CHARS)),
        ({"after": "0"}, SegmentFilter(after=0)),
        ({"after": ""}, SegmentFilter()),
        ({"after": str(DB_INT_MAX)}, SegmentFilter(after=DB_INT_MAX)),
        (
            {"state": "translated", "q": "Kim", "after": "50"},
            SegmentFilter(state=State.TRANSLATED, query="Kim", after=50),
        ),
    ],
)
def test_good_filters(args, expected):
    assert parse_filter(args) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"state": "done"}, "unknown state 'done': use one of untranslated, rejected, draft"),
        ({"q": "x" * (MAX_QUERY_CHARS + 1)}, "201 characters; at most 200 are allowed"),
        ({"after": "-1"}, "'after' must be a segment number from 0 to 2147483647"),
        ({"after": "five"}, "'after' must be a segment number"),
        ({"after": "٣"}, "'after' must be a segment number"),
        ({"after": str(DB_INT_MAX + 1)}, "'after' must be a segment number"),
    ],
)
def test_bad_filters_name_the_problem(args, message):
    with pytest.raises(FilterError, match=message):
        parse_filter(args)


def test_params_give_the_filter_back():
    flt = SegmentFilter(state=State.DRAFT, query="평양", after=7)
    assert flt.params() == {"state": "draft", "q": "평양"}
    assert flt.params(after=50) == {"state": "draft", "q": "평양", "after": 50}
    assert parse_filter({k: str(v) for k, v in flt.params(after=7).items()}) == flt
    assert SegmentFilter().params() == {}
    assert not SegmentFilter().is_filtered
    assert SegmentFilter(state=State.DRAFT).is_filtered
    assert SegmentFilter(query="a").is_filtered
    assert not SegmentFilter(after=3).is_filtered
