"""The translation memory's matching, without a database: tokens, terms, scores, ranking."""

from datetime import UTC, datetime, timedelta

import pytest

from translate_app.domain.memory import (
    Candidate,
    normalize,
    phrase_matcher,
    pick_terms,
    rank,
    score,
    scores,
    sentence_pairs,
    term,
    terms,
    text_key,
    tokens,
    whole_score,
)

WHEN = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def test_normalize_folds_case_width_of_spaces_and_composition():
    assert normalize("  The\tCapital\n\u00a0CITY  ") == "the capital city"
    # 한 composed (U+D55C) and decomposed (ᄒ ᅡ ᆫ) are the same text.
    assert normalize("\u1112\u1161\u11ab국") == "한국"
    assert text_key("The capital") == text_key(" the  CAPITAL ")
    assert text_key("The capital") != text_key("The capitals")
    assert len(text_key("x")) == 64


def test_tokens_are_words_and_korean_stems():
    assert tokens("The capital's markets, 2011.", "en") == {
        "the",
        "capital",
        "s",
        "markets",
        "2011",
    }
    # Two syllables name the stem: the particle no longer keeps words apart.
    assert tokens("평양의 시장은 평양에서", "ko") == {"평양", "시장"}
    assert tokens("평양은", "ko") == tokens("평양의", "ko") == tokens("평양", "ko") == {"평양"}
    assert tokens("이 문제", "ko") == {"이", "문제"}
    assert tokens("Kim 정은 in 2012", "en") == {"kim", "정은", "in", "2012"}
    assert tokens(" ... —", "en") == set()


def test_terms_are_stable_signed_64_bit_and_apart_by_direction():
    forward = term("en", "ko", "capital")
    assert forward == term("en", "ko", "capital")
    assert -(2**63) <= forward < 2**63
    assert forward != term("ko", "en", "capital")
    assert forward != term("en", "ja", "capital")
    assert forward != term("en", "ko", "capitals")
    assert terms("Capital capital", "en", "ko") == {forward}


def test_pick_terms_takes_the_rarest_within_the_caps():
    dfs = {1: 500, 2: 3, 3: 0, 4: 40, 5: 7}
    assert pick_terms(dfs, max_terms=24, max_postings=10_000, min_terms=1) == [2, 5, 4, 1]
    # The cap on terms: at it, then one past it.
    assert pick_terms(dfs, max_terms=2, max_postings=10_000, min_terms=1) == [2, 5]
    assert pick_terms(dfs, max_terms=3, max_postings=10_000, min_terms=1) == [2, 5, 4]
    # The cap on postings: 3 + 7 + 40 = 50 rows fit in 50, not in 49.
    assert pick_terms(dfs, max_terms=24, max_postings=50, min_terms=1) == [2, 5, 4]
    assert pick_terms(dfs, max_terms=24, max_postings=49, min_terms=1) == [2, 5]
    # The rarest few are read whatever they cost; a term no entry holds never.
    assert pick_terms(dfs, max_terms=24, max_postings=1, min_terms=3) == [2, 5, 4]
    assert pick_terms({3: 0}) == []
    assert pick_terms({3: 0, 7: 1}) == [7]


def test_score_is_on_characters_and_100_only_for_equal_texts():
    assert score("The Capital", "the   capital") == 100
    assert score("The capital city", "The capital city.") < 100
    # One particle in a Korean sentence costs a few points, not a whole word's share.
    korean = score("평양의 시장은 크다", "평양의 시장이 크다")
    assert korean == pytest.approx(100 * (1 - 2 / 20))
    assert score("abc", "xyz") == 0
    assert score("abcd", "abxy", cutoff=60) == 0  # 50 is below the cutoff
    assert scores("the city", ["The City", "the cities", "zzz"], cutoff=50) == [
        100,
        score("the city", "the cities"),
        0,
    ]
    # Far below any cutoff a score is still its figure, not 0: 2 of 400 characters.
    assert score("a" + "b" * 199, "a" + "c" * 199) == pytest.approx(0.5)
    assert scores("a" + "b" * 199, ["a" + "c" * 199]) == [pytest.approx(0.5)]
    # Below the cutoff, 0 even when some characters agree.
    assert 0 < score("the city", "tax") < 50
    assert scores("the city", ["tax"], cutoff=50) == [0]
    # The plain ratio, not rapidfuzz's weighted one that favours a text held in another.
    assert scores("city", ["the city of pyongyang"]) == [score("city", "the city of pyongyang")]
    # Every text gets its score, however many there are.
    many = [f"the city {i}" for i in range(8)]
    assert scores("the city", many) == [score("the city", text) for text in many]
    assert whole_score(99.9) == 99 and whole_score(100.0) == 100


def candidate(key, score, *, context=None, source=None, target="t", age=0) -> Candidate:
    return Candidate(key, source or f"s{key}", target, score, context, WHEN - timedelta(days=age))


def test_rank_puts_in_context_exact_matches_first_then_score_then_newest():
    found = [
        candidate(1, 100, context="other", age=0),
        candidate(2, 100, context="here", age=5),
        candidate(3, 80, age=0),
        candidate(4, 90, age=9),
        candidate(5, 80, age=1),
    ]
    assert [c.key for c in rank(found, context_key="here", limit=5)] == [2, 1, 4, 3, 5]
    assert [c.key for c in rank(found, context_key=None, limit=5)] == [1, 2, 4, 3, 5]
    assert [c.key for c in rank(found, context_key="here", limit=2)] == [2, 1]
    # Same score, same moment: the later entry first.
    tied = [candidate(1, 80), candidate(2, 80)]
    assert [c.key for c in rank(tied, context_key=None, limit=5)] == [2, 1]


def test_rank_keeps_one_of_each_text_pair():
    found = [
        candidate(1, 90, source="a", target="b", age=3),
        candidate(2, 90, source="a", target="b", age=1),
        candidate(3, 90, source="a", target="c", age=2),
    ]
    assert [c.key for c in rank(found, context_key=None, limit=5)] == [2, 3]


def test_sentence_pairs_only_when_both_sides_have_as_many_sentences():
    source = "The city grew. Markets opened in 2011."
    target = "도시가 커졌다. 2011년에 시장이 열렸다."
    assert sentence_pairs(source, target, "en", "ko") == [
        ("The city grew.", "도시가 커졌다."),
        ("Markets opened in 2011.", "2011년에 시장이 열렸다."),
    ]
    assert sentence_pairs(source, "도시가 커졌고 2011년에 시장이 열렸다.", "en", "ko") == []
    assert sentence_pairs("The city grew.", "도시가 커졌다.", "en", "ko") == []
    # Cut by punctuation on both sides: the Korean model would find two sentences here.
    unpunctuated = "도시가 커졌다 2011년에 시장이 열렸다."
    assert sentence_pairs(source, unpunctuated, "en", "ko") == []
    assert sentence_pairs(unpunctuated, source, "ko", "en") == []


def test_a_phrase_matches_whole_words_and_korean_words_with_particles():
    holds = phrase_matcher("Black  Market")
    assert holds("The black market grew.") and holds("BLACK MARKET")
    assert not holds("the black markets") and not holds("a blackmarket")
    assert not holds("lack market")
    assert phrase_matcher("평양")("평양의 시장") and phrase_matcher("평양")("평양")
    assert not phrase_matcher("평양")("북평양")
    # Only the phrase's last character decides whether a particle may follow.
    assert phrase_matcher("Kim 정은")("Kim 정은이 말했다")
    assert phrase_matcher("K팝")("K팝의 인기")
    assert not phrase_matcher("정은 Kim")("정은 Kimchi")
