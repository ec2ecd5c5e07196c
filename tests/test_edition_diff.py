"""The pure rules of editions: what counts as a change, what a layout shows, how two
editions differ, how Korean words are kept whole, and what a withdrawal reason must be."""

import json
from dataclasses import replace

import pytest

from translate_app.domain.diff import Change
from translate_app.domain.editions import (
    MAX_REASON_CHARS,
    WORD_JOINER,
    Cell,
    EditionRow,
    EditionSnapshot,
    cells,
    check_layout,
    diff_editions,
    keep_korean_words,
    parse_reason,
    shown_langs,
)

ROWS = [
    EditionRow(1, "title", "Title", "제목", "k1"),
    EditionRow(2, "paragraph", "One two three.", "하나 둘 셋.", "k2"),
    EditionRow(3, "heading", "Part", None, "k3"),
]


def edition(rows=ROWS, **changes) -> EditionSnapshot:
    base = EditionSnapshot(
        slug="s",
        number=1,
        title="Title",
        translated_title="제목",
        source_lang="en",
        target_lang="ko",
        published_at="2026-11-27T09:30:00+00:00",
        published_by="editor",
        catalog_checksum="a" * 64,
        rows=list(rows),
    )
    return replace(base, **changes)


def test_the_same_text_is_the_same_whoever_published_it_and_when():
    other = edition(number=2, published_by="admin", published_at="2027-01-01T00:00:00+00:00")
    other = replace(other, catalog_checksum="b" * 64, translators=["x"], forced=True)
    assert edition().same_text(other)


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Another"},
        {"translated_title": "다른 제목"},
        {"source_lang": "de"},
        {"target_lang": "ja"},
        {"rows": [*ROWS[:2], replace(ROWS[2], translation="부")]},
        {"rows": [*ROWS[:2], replace(ROWS[2], source="Part two")]},
        {"rows": [*ROWS[:2], replace(ROWS[2], kind="paragraph")]},
        {"rows": ROWS[:2]},
    ],
)
def test_any_word_a_reader_sees_differently_is_a_change(changes):
    assert not edition().same_text(edition(**changes))


def test_a_snapshot_survives_json_and_older_ones_load_with_empty_credits():
    snapshot = edition(translators=["tr"], approvers=["ed"], source_checksum="c", forced=True)
    assert type(snapshot).from_json(snapshot.to_json()) == snapshot
    # An edition published before credits were kept has none of these fields.
    data = json.loads(snapshot.to_json())
    for name in ("translators", "approvers", "forced", "source_checksum"):
        del data[name]
    for row in data["rows"]:
        del row["key"]
    loaded = type(snapshot).from_json(json.dumps(data))
    assert (loaded.translators, loaded.approvers, loaded.forced) == ([], [], False)
    assert loaded.rows[0].key == ""


def test_counts_and_body():
    snapshot = edition()
    assert snapshot.translated_count == 2
    assert [row.position for row in snapshot.body] == [2, 3]


@pytest.mark.parametrize(
    ("layout", "translation", "expected"),
    [
        ("side-by-side", "하나", [("en", "One", "source", False), ("ko", "하나", "target", False)]),
        ("interleaved", None, [("en", "One", "source", False), ("ko", None, "target", False)]),
        ("target-only", "하나", [("ko", "하나", "target", False)]),
        ("target-only", None, [("en", "One", "target", True)]),
        ("source-only", "하나", [("en", "One", "source", False)]),
        ("source-only", None, [("en", "One", "source", False)]),
    ],
)
def test_cells_of_each_layout(layout, translation, expected):
    shown = cells(edition(), "One", translation, layout)
    assert shown == tuple(Cell(*values) for values in expected)


def test_shown_languages_and_layout_names():
    assert shown_langs(edition(), "side-by-side") == ("ko", "en")
    assert shown_langs(edition(), "interleaved") == ("ko", "en")
    assert shown_langs(edition(), "target-only") == ("ko",)
    assert shown_langs(edition(), "source-only") == ("en",)
    assert check_layout("interleaved") == "interleaved"
    with pytest.raises(ValueError, match="unknown layout 'columns': use one of side-by-side"):
        check_layout("columns")


def test_the_diff_lists_only_changed_rows_word_by_word_and_letter_by_letter():
    new = edition(
        rows=[
            ROWS[0],
            replace(ROWS[1], source="One two four.", translation="하나 둘 넷."),
            replace(ROWS[2], translation="부"),
        ]
    )
    changes = diff_editions(edition(), new)
    assert [(c.position, c.status) for c in changes] == [(2, "changed"), (3, "changed")]
    assert changes[0].source == [
        Change("equal", "One two "),
        Change("delete", "three"),
        Change("insert", "four"),
        Change("equal", "."),
    ]
    assert changes[0].translation == [
        Change("equal", "하나 둘 "),
        Change("delete", "셋"),
        Change("insert", "넷"),
        Change("equal", "."),
    ]
    # A side that did not change has nothing to show.
    assert changes[1].source == [] and changes[1].translation == [Change("insert", "부")]
    assert diff_editions(new, new) == []


def test_rows_match_by_key_and_are_added_or_removed():
    moved = [ROWS[0], replace(ROWS[2], position=2), EditionRow(3, "paragraph", "New.", None, "k9")]
    changes = diff_editions(edition(), edition(rows=moved))
    assert [(c.position, c.status, c.kind) for c in changes] == [
        (3, "added", "paragraph"),
        (2, "removed", "paragraph"),
    ]
    assert changes[0].source == [Change("insert", "New.")] and changes[0].translation == []
    assert changes[1].source == [Change("delete", "One two three.")]
    assert changes[1].translation == [Change("delete", "하나 둘 셋.")]


def test_rows_without_keys_match_by_position():
    old = edition(rows=[replace(row, key="") for row in ROWS])
    new = edition(rows=[replace(row, key="") for row in ROWS[:2]])
    changes = diff_editions(old, new)
    assert [(c.position, c.status) for c in changes] == [(3, "removed")]
    assert changes[0].source == [Change("delete", "Part")] and changes[0].translation == []


def test_korean_words_are_joined_inside_and_left_apart_between():
    joined = keep_korean_words("평양의 지방화(2019년) is here, 김정일.")
    j = WORD_JOINER
    assert joined == (f"평{j}양{j}의 지{j}방{j}화{j}(2019{j}년{j}) is here, 김{j}정{j}일{j}.")
    assert joined.replace(WORD_JOINER, "") == "평양의 지방화(2019년) is here, 김정일."
    assert keep_korean_words("no Korean at all") == "no Korean at all"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  a  factual\n error ", "a factual error"),
        ("x" * MAX_REASON_CHARS, "x" * MAX_REASON_CHARS),
    ],
)
def test_a_reason_is_kept_on_one_line(value, expected):
    assert parse_reason(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "say why the edition is withdrawn"),
        (" \n ", "say why the edition is withdrawn"),
        ("x" * (MAX_REASON_CHARS + 1), "the reason has 1001 characters; at most 1000"),
    ],
)
def test_a_reason_must_say_something_and_not_too_much(value, message):
    with pytest.raises(ValueError, match=message):
        parse_reason(value)
