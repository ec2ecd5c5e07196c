"""Pairing the paragraphs of an article published in English and in Korean, by length."""

import random
import statistics
from pathlib import Path

import pytest

from translate_app.domain import alignment
from translate_app.domain.alignment import (
    AlignedPair,
    LengthModel,
    align,
    check_beads,
    fit_length_model,
    length_model,
    merge_with_next,
    move_source,
    move_target,
    split_pair,
)

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "corpus" / "provincialization-of-pyongyang.en.txt"
KOREAN = Path(__file__).resolve().parent / "data" / "provincialization-of-pyongyang.ko.txt"

#: Under the model, P(delta | match) of a right pair is spread evenly over 0..1, and the
#: posterior of a clear pair is about 1: a right pair falls below 0.01 once in a hundred.
#: The sample's lowest is the footer (a short block translated freely), at 0.021; the
#: median is 0.42. A paragraph set alone beside its neighbour's translation scores
#: 0.0003 at most, except one whose neighbour's translation is only 12% longer (0.021):
#: lengths alone tell those two apart no better; the confidence is a figure to help an
#: editor confirm pairs, not a verdict.
THRESHOLD = 0.01

#: The blocks of the sample: title, paragraphs, the "*" separator, byline and footer.
BLOCKS = 13
SEPARATOR = 6
BODY = [i for i in range(1, BLOCKS - 2) if i != SEPARATOR]


def blocks(path: Path) -> list[str]:
    return [block.strip() for block in path.read_text(encoding="utf-8").split("\n\n")]


@pytest.fixture(scope="module")
def english() -> list[str]:
    return blocks(ENGLISH)


@pytest.fixture(scope="module")
def korean() -> list[str]:
    return blocks(KOREAN)


def beads(pairs: list[AlignedPair]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(pair.source, pair.target) for pair in pairs]


def diagonal(count: int):
    return [((i,), (i,)) for i in range(count)]


def covers_both_sides_in_order(pairs: list[AlignedPair], n: int, m: int) -> bool:
    sources = [i for pair in pairs for i in pair.source]
    targets = [j for pair in pairs for j in pair.target]
    return sources == list(range(n)) and targets == list(range(m))


# The Korean sample


def test_the_korean_sample_has_the_english_blocks(english, korean):
    assert len(english) == len(korean) == BLOCKS
    assert korean[SEPARATOR] == english[SEPARATOR] == "*"
    assert korean[-2] == "장진성, 편집장"
    text = KOREAN.read_text(encoding="utf-8")
    assert "\r" not in text and text.endswith("\n") and "\n\n\n" not in text
    for name in ("평양", "김정일", "김정은", "이명박 정부", "공공배급체계", "장마당"):
        assert name in text


# The sample pair, both ways


def test_english_to_korean_pairs_every_block_with_its_translation(english, korean):
    pairs = align(english, korean, length_model("en", "ko"))

    assert beads(pairs) == diagonal(BLOCKS)
    confidences = [pair.confidence for pair in pairs]
    assert min(confidences) > THRESHOLD
    assert statistics.median(confidences) > 0.4


def test_korean_to_english_pairs_every_block_with_its_translation(english, korean):
    pairs = align(korean, english, length_model("ko", "en"))

    assert beads(pairs) == diagonal(BLOCKS)
    confidences = [pair.confidence for pair in pairs]
    assert min(confidences) > THRESHOLD
    assert statistics.median(confidences) > 0.4


def paired(pairs: list[AlignedPair]) -> float:
    """The confidence that the two texts given are a pair: 0 if left unpaired."""
    return max(pair.confidence for pair in pairs)


def test_confidence_tells_a_translation_from_the_next_paragraph_s(english, korean):
    model = length_model("en", "ko")
    for i in range(BLOCKS - 1):
        right = align([english[i]], [korean[i]], model)
        assert beads(right) == [((0,), (0,))]
        assert paired(right) > paired(align([english[i]], [korean[i + 1]], model))
    wrong = sorted(paired(align([english[i]], [korean[i + 1]], model)) for i in BODY)
    assert wrong[-2] < 0.001  # all but one paragraph; that one is explained above
    assert wrong[-1] < 0.05


def test_a_clean_pair_is_near_certain_and_a_far_off_one_is_not():
    model = LengthModel(ratio=0.5, variance=0.3)
    assert align(["x" * 400], ["y" * 200], model)[0].confidence > 0.95
    assert align(["x" * 400], ["y" * 300], model)[0].confidence < 1e-6


# Merged and split paragraphs, and a paragraph on one side only


def merged_and_split(korean: list[str]) -> list[str]:
    """Korean blocks 3 and 4 made one paragraph; block 8 cut in two at a sentence end."""
    cut = korean[8].index(". ", len(korean[8]) // 3) + 1
    first, second = korean[8][:cut], korean[8][cut:].strip()
    assert first.endswith("다.") and second
    return [*korean[:3], korean[3] + " " + korean[4], *korean[5:8], first, second, *korean[9:]]


def merged_and_split_beads(source_is_english: bool):
    expected = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3, 4), (3,))]
    expected += [((i,), (i - 1,)) for i in range(5, 8)]
    expected += [((8,), (7, 8))]
    expected += [((i,), (i,)) for i in range(9, BLOCKS)]
    if source_is_english:
        return expected
    return [(target, source) for source, target in expected]


def test_merged_and_split_paragraphs_give_2_1_and_1_2_beads(english, korean):
    variant = merged_and_split(korean)
    assert len(variant) == BLOCKS

    pairs = align(english, variant, length_model("en", "ko"))
    assert beads(pairs) == merged_and_split_beads(source_is_english=True)
    assert min(pair.confidence for pair in pairs) > THRESHOLD

    pairs = align(variant, english, length_model("ko", "en"))
    assert beads(pairs) == merged_and_split_beads(source_is_english=False)
    assert min(pair.confidence for pair in pairs) > THRESHOLD


EDITORS_NOTE = (
    "Editor's note: this article was first published in two parts. The second part, "
    "which begins after the asterisk, was written some months after the first, once "
    "more reports from our sources inside Pyongyang had reached us."
)


def test_a_paragraph_in_english_only_is_left_unpaired_at_its_place(english, korean):
    with_note = [*english[:SEPARATOR], EDITORS_NOTE, *english[SEPARATOR:]]

    pairs = align(with_note, korean, length_model("en", "ko"))
    expected = [*diagonal(SEPARATOR), ((SEPARATOR,), ())]
    expected += [((i + 1,), (i,)) for i in range(SEPARATOR, BLOCKS)]
    assert beads(pairs) == expected
    assert pairs[SEPARATOR].confidence < THRESHOLD
    assert all(p.confidence > THRESHOLD for i, p in enumerate(pairs) if i != SEPARATOR)

    pairs = align(korean, with_note, length_model("ko", "en"))
    assert beads(pairs) == [(target, source) for source, target in expected]
    assert pairs[SEPARATOR].confidence < THRESHOLD


def test_the_fitted_direction_matters(english, korean):
    # Measured: with ratio 1, Korean a third as long is six deviations and more off
    # for every paragraph, so leaving paragraphs unpaired or joining them in twos
    # scores better. Of the 13 blocks only the title and the "*" separator pair with
    # their translation; four English paragraphs are left without one.
    symmetric = LengthModel(ratio=1.0, variance=alignment.FALLBACK.variance)
    fitted = length_model("en", "ko")

    for model, right in ((fitted, BLOCKS), (symmetric, 2)):
        pairs = beads(align(english, korean, model))
        assert sum(1 for pair in diagonal(BLOCKS) if pair in pairs) == right
    assert sum(1 for source, target in beads(align(english, korean, symmetric)) if not target) == 4
    pairs = beads(align(korean, english, LengthModel(1.0, alignment.FALLBACK.variance)))
    assert sum(1 for pair in diagonal(BLOCKS) if pair in pairs) == 2

    variant = merged_and_split(korean)
    assert beads(align(english, variant, fitted)) == merged_and_split_beads(True)
    assert beads(align(english, variant, symmetric)) != merged_and_split_beads(True)


# The length models


def test_fitting_the_sample_gives_the_defaults(english, korean):
    for source, target, model in (
        (english, korean, length_model("en", "ko")),
        (korean, english, length_model("ko", "en")),
    ):
        fitted = fit_length_model(zip(source, target, strict=True))
        assert fitted.ratio == pytest.approx(model.ratio, abs=1e-4)
        assert fitted.variance == pytest.approx(model.variance, abs=1e-4)
    assert length_model("en", "ko").ratio == pytest.approx(0.39, abs=0.01)
    assert length_model("ko", "en").ratio == pytest.approx(2.57, abs=0.01)


def test_language_codes_count_by_their_primary_subtag():
    assert length_model("en-US", "ko-KR") == length_model("EN", "ko_KR") == length_model("en", "ko")
    assert length_model("ko-KR", "en-GB") == length_model("ko", "en")
    assert length_model("en", "ko") != length_model("ko", "en")


def test_other_languages_fall_back_to_ratio_one():
    for source, target in (("en", "fr"), ("ja", "ko"), ("ko", "ko")):
        model = length_model(source, target)
        assert model == alignment.FALLBACK
        assert model.ratio == 1.0
        assert model.variance == pytest.approx(6.8 * 0.836)


def test_fit_length_model_on_made_up_pairs():
    # Lengths without whitespace: 4 -> 2 and 8 -> 4.
    model = fit_length_model([("a b c d", "xy"), ("abcdefgh", "wx\nyz")])
    assert model.ratio == 0.5
    assert model.variance == alignment.MIN_VARIANCE  # in exact proportion

    # 10 -> 6 and 10 -> 4: ratio 0.5; each pair one character off, over the source
    # length it stands for, (10 + 6 / 0.5) / 2 = 11 and (10 + 4 / 0.5) / 2 = 9.
    model = fit_length_model(iter([("x" * 10, "y" * 6), ("x" * 10, "y" * 4)]))
    assert model.ratio == 0.5
    assert model.variance == pytest.approx((1 / 11 + 1 / 9) / 2)

    # Pairs empty on both sides count for the ratio's totals (nothing) and not at all
    # for the variance.
    assert fit_length_model([("x" * 10, "y" * 6), ("x" * 10, "y" * 4), (" ", "")]) == model

    # A pair empty on one side only does count: 10 -> 5 and 10 -> 0, ratio 0.25.
    model = fit_length_model([("x" * 10, "y" * 5), ("x" * 10, "")])
    assert model.ratio == 0.25
    assert model.variance == pytest.approx((2.5**2 / 15 + 2.5**2 / 5) / 2)


def test_fit_length_model_refuses_what_it_cannot_fit():
    with pytest.raises(
        ValueError, match=r"^cannot fit a length model on no pairs: give at least one$"
    ):
        fit_length_model([])
    with pytest.raises(
        ValueError,
        match=r"^cannot fit a length model: every source text is empty \(whitespace only\)$",
    ):
        fit_length_model([("", ""), (" \n", "abc")])
    with pytest.raises(ValueError, match=r"^cannot fit a length model: every target text is empty"):
        fit_length_model([("abc", ""), ("de", "  ")])


def test_a_length_model_needs_positive_figures():
    for ratio, variance in ((0.0, 1.0), (-1.0, 1.0), (1.0, 0.0), (float("nan"), 1.0)):
        with pytest.raises(ValueError, match="positive"):
            LengthModel(ratio=ratio, variance=variance)


# Edge cases


def test_empty_lists():
    model = length_model("en", "ko")
    assert align([], [], model) == []
    assert align(["one", "two"], [], model) == [
        AlignedPair((0,), (), 0.0),
        AlignedPair((1,), (), 0.0),
    ]
    assert align([], ["하나"], model) == [AlignedPair((), (0,), 0.0)]


def test_zero_length_paragraphs(english, korean):
    model = length_model("en", "ko")

    pairs = align(["", " "], ["", "\n"], model)
    assert beads(pairs) == diagonal(2)
    assert all(0.0 <= pair.confidence <= 1.0 for pair in pairs)

    # An empty paragraph on each side pairs with the other's, not with a real one.
    pairs = align([english[1], "", english[2]], [korean[1], "", korean[2]], model)
    assert beads(pairs) == diagonal(3)

    # Empty on one side only: it joins a neighbour (a 2-1 bead is nine times as likely
    # as a 1-0 bead, and an empty paragraph changes no length); the rest pair up.
    pairs = align([english[1], "", english[2]], [korean[1], korean[2]], model)
    assert beads(pairs) == [((0, 1), (0,)), ((2,), (1,))]
    assert covers_both_sides_in_order(pairs, 3, 2)


def test_a_single_short_pair():
    pairs = align(["*"], ["*"], length_model("en", "ko"))
    assert beads(pairs) == [((0,), (0,))]
    assert 0.0 < pairs[0].confidence <= 1.0


# The band around the diagonal


def random_article(rng: random.Random, count: int) -> tuple[list[str], list[str]]:
    """Made-up paragraphs and their 'translations' at ratio 0.4, with noise, merges,
    splits and paragraphs on one side only."""
    source, target = [], []
    for _ in range(count):
        length = rng.randint(1, 900)
        translated = max(0, round(length * 0.4 + rng.gauss(0, (length * 0.3) ** 0.5)))
        roll = rng.random()
        if roll < 0.03:
            source.append("x" * length)
        elif roll < 0.06:
            target.append("y" * translated)
        elif roll < 0.1 and target:
            source.append("x" * length)
            target[-1] += "y" * translated
        else:
            source.append("x" * length)
            target.append("y" * translated)
    return source, target


def test_the_band_finds_what_the_whole_table_finds(monkeypatch):
    model = LengthModel(ratio=0.4, variance=0.3)
    rng = random.Random(20)
    cases = [random_article(rng, rng.randint(1, 120)) for _ in range(12)]
    # Thirty paragraphs only in the source at the start, thirty only in the target at
    # the end (neither of a length that could pair with anything): as many paragraphs
    # each side, but the path runs 30 off the diagonal, and the band must widen.
    common = [("x" * n, "y" * round(n * 0.4)) for n in rng.choices(range(100, 900), k=40)]
    cases.append(
        (
            ["z" * 3000] * 30 + [s for s, _ in common],
            [t for _, t in common] + ["w" * 5] * 30,
        )
    )
    widths = []
    band = alignment._band
    monkeypatch.setattr(alignment, "_band", lambda *args: widths.append(args[1]) or band(*args))
    banded = [align(source, target, model) for source, target in cases]
    assert widths[-3:] == [10, 20, 40]
    monkeypatch.setattr(alignment, "MIN_BAND", 10**6)
    whole = [align(source, target, model) for source, target in cases]

    for (source, target), pairs, reference in zip(cases, banded, whole, strict=True):
        assert covers_both_sides_in_order(pairs, len(source), len(target))
        assert all(0.0 <= pair.confidence <= 1.0 for pair in pairs)
        assert beads(pairs) == beads(reference)
    assert beads(banded[-1])[:31] == [((i,), ()) for i in range(30)] + [((30,), (0,))]


# Editing an alignment


def made(*spec: tuple[str, str]) -> list[AlignedPair]:
    """Pairs written as ("0 1", "0"): source and target indices, confidence 0.5."""

    def side(text: str) -> tuple[int, ...]:
        return tuple(int(n) for n in text.split())

    return [AlignedPair(side(s), side(t), 0.5) for s, t in spec]


def shape(pairs: list[AlignedPair]) -> list[tuple[str, str]]:
    return [(" ".join(map(str, p.source)), " ".join(map(str, p.target))) for p in pairs]


THREE = made(("0", "0"), ("1", "1"), ("2", "2"))


@pytest.mark.parametrize(
    ("operation", "pairs", "after"),
    [
        (lambda p: merge_with_next(p, 0), THREE, [("0 1", "0 1"), ("2", "2")]),
        (lambda p: merge_with_next(p, 1), THREE, [("0", "0"), ("1 2", "1 2")]),
        (lambda p: merge_with_next(p, 0), made(("0", ""), ("", "0")), [("0", "0")]),
        (lambda p: split_pair(p, 0), made(("0 1", "0 1")), [("0", "0"), ("1", "1")]),
        (lambda p: split_pair(p, 0), made(("0 1", "0")), [("0", "0"), ("1", "")]),
        (lambda p: split_pair(p, 0), made(("0", "0 1 2")), [("0", "0"), ("", "1 2")]),
        (lambda p: split_pair(p, 0), made(("0 1", "")), [("0", ""), ("1", "")]),
        (lambda p: split_pair(p, 0), made(("", "0 1")), [("", "0"), ("", "1")]),
        (lambda p: move_target(p, 0, "down"), THREE, [("0", ""), ("1", "0 1"), ("2", "2")]),
        (lambda p: move_target(p, 0, "up"), THREE, [("0", "0 1"), ("1", ""), ("2", "2")]),
        (lambda p: move_source(p, 1, "down"), THREE, [("0", "0"), ("", "1"), ("1 2", "2")]),
        (lambda p: move_source(p, 1, "up"), THREE, [("0", "0"), ("1 2", "1"), ("", "2")]),
        # A pair left with nothing on either side disappears.
        (lambda p: move_target(p, 0, "down"), made(("", "0"), ("0", "1")), [("0", "0 1")]),
        (lambda p: move_source(p, 0, "up"), made(("0", "0"), ("1", "")), [("0 1", "0")]),
    ],
)
def test_editing_an_alignment(operation, pairs, after):
    before = list(pairs)
    edited = operation(pairs)
    assert shape(edited) == after
    assert pairs == before  # a new list; the argument is left alone
    n = len({i for p in pairs for i in p.source})
    m = len({j for p in pairs for j in p.target})
    check_beads(edited, n, m)


def test_edited_pairs_are_the_editor_s_and_the_others_keep_their_confidence():
    edited = move_target(THREE, 1, "down")
    assert [p.confidence for p in edited] == [0.5, 1.0, 1.0]
    assert [p.confidence for p in merge_with_next(THREE, 0)] == [1.0, 0.5]


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (lambda: merge_with_next(THREE, 2), "pair 3 is the last pair"),
        (lambda: merge_with_next(THREE, 3), "there is no pair 4: the alignment has 3 pairs"),
        (lambda: merge_with_next(THREE, -1), "there is no pair 0"),
        (lambda: split_pair(THREE, 1), "pair 2 has one paragraph at most on each side"),
        (lambda: split_pair(made(("0", "")), 0), "nothing to split"),
        (lambda: move_target(THREE, 2, "down"), "pair 3 is the last pair"),
        (lambda: move_target(THREE, 0, "sideways"), "direction must be 'up' or 'down'"),
        (lambda: move_target(made(("0", ""), ("1", "0")), 0, "down"), "pair 1 has no target"),
        (lambda: move_source(made(("0", "0"), ("", "1")), 0, "up"), "pair 2 has no source"),
    ],
)
def test_impossible_edits_are_refused(operation, message):
    with pytest.raises(ValueError, match=message):
        operation()


@pytest.mark.parametrize(
    ("pairs", "n", "m", "message"),
    [
        (THREE, 3, 3, None),
        (made(("0 1", "0"), ("", "1"), ("2", "")), 3, 2, None),
        ([], 0, 0, None),
        (made(("0", "0"), ("", "")), 1, 1, "pair 2 holds no paragraph"),
        (made(("0", "0"), ("0", "1")), 1, 2, "source paragraph 1 is in pair 2 and in an earlier"),
        (made(("0", "0"), ("2", "1")), 3, 2, "source paragraph 2 is in no pair"),
        (made(("1", "0"), ("0", "1")), 2, 2, "out of order: pair 1 names source paragraph 2"),
        (made(("0", "1"), ("1", "0")), 2, 2, "names target paragraph 2 before paragraph 1"),
        (made(("0", "0"), ("1", "2")), 2, 3, "target paragraph 2 is in no pair"),
        (made(("0", "0"), ("1", "1")), 3, 2, "source paragraph 3 is in no pair"),
        (made(("0", "0"), ("1", "5")), 2, 2, "names target paragraph 6, but there are 2"),
        (made(("0", "0"), ("-1", "1")), 2, 2, "names source paragraph 0, but there are 2"),
    ],
)
def test_checking_beads(pairs, n, m, message):
    if message is None:
        check_beads(pairs, n, m)
    else:
        with pytest.raises(ValueError, match=message):
            check_beads(pairs, n, m)
