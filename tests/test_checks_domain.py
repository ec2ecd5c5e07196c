"""The quality checks, each with a table of good and bad pairs in both directions.

Each row gives (source, target) and the exact set of checks that find something: a
good pair expects none of the check under test (and, being real text, none at all).
"""

from pathlib import Path

import pytest

from translate_app.domain.checks import (
    CHECK_NAMES,
    CHECKS,
    MIN_LENGTH_CHECK_CHARS,
    Finding,
    Severity,
    run_checks,
)
from translate_app.domain.glossary import Term

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = (ROOT / "corpus" / "provincialization-of-pyongyang.en.txt").read_text().split("\n\n")
KOREAN = (ROOT / "tests" / "data" / "provincialization-of-pyongyang.ko.txt").read_text()
KOREAN = KOREAN.split("\n\n")


def names(source, target, source_lang="en", target_lang="ko", **kwargs) -> set[str]:
    return {f.check for f in run_checks(source, target, source_lang, target_lang, **kwargs)}


def table(good, en_ko, ko_en):
    """Parameters: each good (english, korean) pair both ways, expecting nothing; then
    the (source, target, expected) rows of each direction."""
    return (
        [
            pytest.param(en, ko, "en", "ko", set(), id=f"good-en-ko-{i}")
            for i, (en, ko) in enumerate(good)
        ]
        + [
            pytest.param(ko, en, "ko", "en", set(), id=f"good-ko-en-{i}")
            for i, (en, ko) in enumerate(good)
        ]
        + [pytest.param(s, t, "en", "ko", e, id=f"en-ko-{i}") for i, (s, t, e) in enumerate(en_ko)]
        + [pytest.param(s, t, "ko", "en", e, id=f"ko-en-{i}") for i, (s, t, e) in enumerate(ko_en)]
    )


def test_the_sample_translation_is_clean_both_ways():
    for english, korean in zip(ENGLISH, KOREAN, strict=True):
        english, korean = english.strip(), korean.strip()
        assert run_checks(english, korean, "en", "ko") == [], english[:40]
        assert run_checks(korean, english, "ko", "en") == [], korean[:40]


def test_the_list_of_checks_is_stable():
    assert CHECK_NAMES == (
        "empty",
        "tags",
        "numbers",
        "urls",
        "emails",
        "brackets",
        "quotes",
        "end_punctuation",
        "double_space",
        "whitespace",
        "same_as_source",
        "length_ratio",
        "glossary",
        "inconsistent",
        "machine",
    )
    errors = {c.name for c in CHECKS if c.severity == Severity.ERROR}
    assert errors == {"empty", "tags", "urls", "emails", "machine"}
    assert all(c.label for c in CHECKS)
    assert Finding("numbers", Severity.ERROR, "m").as_dict() == {
        "check": "numbers",
        "severity": "error",
        "message": "m",
    }


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    table(
        [("Pyongyang is the capital.", "평양은 수도다.")],
        [
            ("Pyongyang is the capital.", "", {"empty"}),
            ("Pyongyang is the capital.", "   ", {"empty"}),
        ],
        [
            ("평양은 수도다.", "", {"empty"}),
            ("평양은 수도다.", " ", {"empty"}),
        ],
    ),
)
def test_empty(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang) == expected


def test_an_empty_source_has_nothing_to_check():
    assert run_checks("", "평양", "en", "ko") == []
    assert run_checks(" ", "", "en", "ko") == []


TAGS = {"1": {"type": "b"}, "2": {"type": "br"}}


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    table(
        [("The <1>Public Distribution System</1> failed.<2/>", "<1>배급제</1>는 실패했다.<2/>")],
        [
            (
                "The <1>Public Distribution System</1> failed.<2/>",
                "배급제는 실패했다.<2/>",
                {"tags"},
            ),
            (
                "The <1>Public Distribution System</1> failed.<2/>",
                "<1>배급제는 실패했다.<2/>",
                {"tags"},
            ),
            (
                "The <1>Public Distribution System</1> failed.",
                "<1>배급제</1>는 <3>실패</3>했다.",
                {"tags"},
            ),
        ],
        [
            (
                "<1>배급제</1>는 실패했다.<2/>",
                "The Public Distribution System failed.<2/>",
                {"tags"},
            ),
            (
                "<1>배급제</1>는 실패했다.<2/>",
                "The <1>Public Distribution System failed.<2/>",
                {"tags"},
            ),
            (
                "<1>배급제</1>는 실패했다.",
                "The <1>Public</1> <3>Distribution</3> System failed.",
                {"tags"},
            ),
        ],
    ),
)
def test_tags(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang, tags=TAGS) == expected
    # Without a tag map, the source's numbered tokens are its tags.
    assert names(source, target, source_lang, target_lang) == expected


def test_tags_name_the_problem_and_other_checks_read_the_text_without_them():
    (finding,) = run_checks(
        "The <1>PDS</1> failed.", "<1>배급제는 실패했다.", "en", "ko", tags=TAGS
    )
    assert finding.as_dict() == {
        "check": "tags",
        "severity": "error",
        "message": "tag 1 (bold) is opened but never closed",
    }
    # Without a tag map, a source's <1>...</1> is bold and <2/> a line break.
    (bold,) = run_checks("The <1>PDS</1> failed.", "<1>배급제는 실패했다.", "en", "ko")
    assert bold.message == "tag 1 (bold) is opened but never closed"
    # A closing token alone still names a tag of the source.
    assert names("The PDS</1> failed.", "배급제</1>는 실패했다.") == {"tags"}
    # In a text without tags, <1> is text: numbers and brackets see it, tags does not.
    assert names("Part <1> of 2.", "2부 중 <1>부.", tags={}) == set()
    assert names("Part <1> of 2.", "2부 중 부.", tags={}) == {"numbers"}


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    table(
        [
            ("The provincialization of Pyongyang (Pts 1 & 2)", "평양의 지방화 (1·2부)"),
            ("It was learnt during the famine of 1998.", "1998년 기근 때 얻은 교훈이다."),
            ("It had 1,934 characters.", "1,934자였다."),
            ("It had 3.5 times more.", "3.5배 많았다."),
        ],
        [
            ("It had 1,934 characters.", "1934자였다.", set()),
            (
                "It was learnt during the famine of 1998.",
                "1989년 기근 때 얻은 교훈이다.",
                {"numbers"},
            ),
            ("It was learnt during the famine of 1998.", "기근 때 얻은 교훈이다.", {"numbers"}),
            ("The provincialization of Pyongyang (Pts 1 & 2)", "평양의 지방화 (1부)", {"numbers"}),
            ("It had 3.5 times more.", "35배 많았다.", {"numbers"}),
        ],
        [
            ("1,934자였다.", "It had 1934 characters.", set()),
            (
                "1998년 기근 때 얻은 교훈이다.",
                "It was learnt during the famine of 1989.",
                {"numbers"},
            ),
            ("1998년 기근 때 얻은 교훈이다.", "It was learnt during the famine.", {"numbers"}),
            ("평양의 지방화 (1·2부)", "The provincialization of Pyongyang (Pt 1)", {"numbers"}),
            ("3.5배 많았다.", "It had 35 times more.", {"numbers"}),
        ],
    ),
)
def test_numbers(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang) == expected


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    [
        # A decade, written each language's way.
        ("It was the famine of the 90s.", "1990년대 대기근이었다.", "en", "ko", set()),
        ("1990년대 대기근이었다.", "It was the famine of the 90s.", "ko", "en", set()),
        ("1990년대 대기근이었다.", "It was the famine of the 80s.", "ko", "en", {"numbers"}),
        # Only a year ending in the decade's digits writes it.
        ("It was the famine of the 90s.", "2011년 대기근이었다.", "en", "ko", {"numbers"}),
        # English spells small numbers out.
        (
            "2년 가까이 배급을 주지 못했다.",
            "It has not given rations for almost two years.",
            "ko",
            "en",
            set(),
        ),
        (
            "2년 가까이 배급을 주지 못했다.",
            "It has not given rations for almost three years.",
            "ko",
            "en",
            {"numbers"},
        ),
        # A number a translation adds is not flagged; one it drops is.
        ("for almost two years.", "2년 가까이.", "en", "ko", set()),
    ],
)
def test_numbers_across_the_two_languages(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang) == expected


def test_the_numbers_message_names_the_missing_numbers():
    (one,) = run_checks("It was 1998.", "기근 때였다.", "en", "ko")
    assert one.message == "the number 1998 in the source is missing from the translation"
    (two,) = run_checks("In 1998, 2 and 7.", "1998년에 3.", "en", "ko")
    assert two.message == "the numbers 2 and 7 in the source are missing from the translation"
    assert two.severity == "warning"
    (three,) = run_checks("In 1998, 2, 7 and 9.", "1998년에 3.", "en", "ko")
    assert three.message == (
        "the numbers 2, 7 and 9 in the source are missing from the translation"
    )


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    table(
        [
            (
                "Read more at https://example.org/news?id=7.",
                "https://example.org/news?id=7에서 더 읽어라.",
            ),
            ("See www.example.org/a_b (in English).", "www.example.org/a_b를 보라(영어)."),
        ],
        [
            (
                "Read more at https://example.org/news?id=7.",
                "https://example.org/news?id=8에서 더 읽어라.",
                {"urls", "numbers"},
            ),
            ("Read more at https://example.org/news.", "더 읽어라.", {"urls"}),
            (
                "Read more at https://example.org/news.",
                "https://example.org/뉴스에서 더 읽어라.",
                {"urls"},
            ),
        ],
        [
            (
                "https://example.org/news?id=7에서 더 읽어라.",
                "Read more at https://example.org/news?id=8.",
                {"urls", "numbers"},
            ),
            ("https://example.org/news에서 더 읽어라.", "Read more at our website.", {"urls"}),
            (
                "https://example.org/news에서 더 읽어라.",
                "Read more at https://example.org/new.",
                {"urls"},
            ),
        ],
    ),
)
def test_urls(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang) == expected


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    table(
        [
            ("Write to editor@example.org.", "editor@example.org로 편지하라."),
            ("Write to editor@example.org today.", "오늘 editor@example.org에 편지하라."),
        ],
        [
            ("Write to editor@example.org.", "editors@example.org로 편지하라.", {"emails"}),
            ("Write to editor@example.org.", "편집장에게 편지하라.", {"emails"}),
        ],
        [
            ("editor@example.org로 편지하라.", "Write to editors@example.org.", {"emails"}),
            ("editor@example.org로 편지하라.", "Write to the editor.", {"emails"}),
        ],
    ),
)
def test_emails(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang) == expected


def test_url_and_email_messages():
    (url,) = run_checks("See https://example.org/a.", "보라.", "en", "ko")
    assert (
        url.message == "the URL https://example.org/a in the source is missing from the translation"
    )
    (email,) = run_checks("Write to a@example.org.", "편지하라.", "en", "ko")
    assert email.message == (
        "the e-mail address a@example.org in the source is missing from the translation"
    )


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    table(
        [
            (
                "North Korea’s Public Distribution System (PDS) caters to everyone.",
                "북한의 공공배급체계(PDS)는 모든 주민을 책임진다.",
            ),
            ("The system [in theory] caters.", "체계는 [이론상] 책임진다."),
        ],
        [
            (
                "The system (PDS) caters to everyone.",
                "체계\uff08PDS\uff09는 모두를 책임진다.",
                set(),
            ),
            (
                "North Korea’s Public Distribution System (PDS) caters to everyone.",
                "북한의 공공배급체계(PDS는 모든 주민을 책임진다.",
                {"brackets"},
            ),
            ("The system caters.", "체계는 (이론상) 책임진다.", {"brackets"}),
        ],
        [
            (
                "북한의 공공배급체계(PDS)는 모든 주민을 책임진다.",
                "North Korea’s Public Distribution System PDS) caters to everyone.",
                {"brackets"},
            ),
            ("체계는 책임진다.", "The system [in theory] caters.", {"brackets"}),
        ],
    ),
)
def test_brackets(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang) == expected


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    table(
        [
            (
                "He added, “The leadership is no longer respected.”",
                "그는 “이제 지도부는 존경받지 못한다.”라고 덧붙였다.",
            ),
            ("They weren’t ‘Pyongyang people’.", "그들은 ‘평양 사람’이 아니었다."),
            ('They said "no".', '그들은 "아니"라고 했다.'),
        ],
        [
            ("They weren’t ‘Pyongyang people’.", "그들은 「평양 사람」이 아니었다.", set()),
            (
                "He added, “The leadership is no longer respected.”",
                "그는 “이제 지도부는 존경받지 못한다.라고 덧붙였다.",
                {"quotes"},
            ),
            ("They weren’t ‘Pyongyang people’.", "그들은 「평양 사람이 아니었다.", {"quotes"}),
            ("They weren’t ‘Pyongyang people’.", "그들은 평양 사람」이 아니었다.", {"quotes"}),
            ('They said "no".', '그들은 "아니라고 했다.', {"quotes"}),
            ("He said “a ‘b’ c”.", "그는 “가 ‘나” 다’라고 했다.", {"quotes"}),
        ],
        [
            (
                "그는 “이제 지도부는 존경받지 못한다.”라고 덧붙였다.",
                "He added, “The leadership is no longer respected.",
                {"quotes"},
            ),
            ("그들은 ‘평양 사람’이 아니었다.", "They weren’t Pyongyang people”.", {"quotes"}),
            ('그들은 "아니"라고 했다.', 'They said "no.', {"quotes"}),
            # An apostrophe is not a closing quotation mark.
            ("그것은 북한의 수도다.", "It is North Korea’s capital.", set()),
        ],
    ),
)
def test_quotes(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang) == expected


def test_a_quotation_the_source_leaves_open_may_stay_open():
    assert names("He said: “The first part.", "그는 말했다. “첫 부분이다.") == set()


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    [
        ("Pyongyang is the capital.", "평양은 수도다.", "en", "ko", set()),
        ("Is Pyongyang the capital?", "평양이 수도인가?", "en", "ko", set()),
        (
            "He added, “The leadership is no longer respected.”",
            "그는 “지도부는 존경받지 못한다.”",
            "en",
            "ko",
            set(),
        ),
        (
            "Like this article? Sign up for our newsletter!",
            "이 기사가 마음에 드셨나요? 뉴스레터를 구독하세요!",
            "en",
            "ko",
            set(),
        ),
        ("Jang Jin-sung, Editor-in-chief", "장진성, 편집장", "en", "ko", set()),
        ("He explained as follows:", "그는 다음과 같이 설명했다.", "en", "ko", set()),
        ("Pyongyang is the capital.", "평양은 수도다", "en", "ko", {"end_punctuation"}),
        ("Sign up for our newsletter!", "뉴스레터를 구독하세요", "en", "ko", {"end_punctuation"}),
        (
            "He added, “The leadership is no longer respected.”",
            "그는 “지도부는 존경받지 못한다”",
            "en",
            "ko",
            {"end_punctuation"},
        ),
        ("Is Pyongyang the capital?", "평양이 수도다.", "en", "ko", {"end_punctuation"}),
        ("Jang Jin-sung, Editor-in-chief", "장진성, 편집장.", "en", "ko", {"end_punctuation"}),
        ("Pyongyang is the capital.", "평양, 수도", "en", "ko", {"end_punctuation"}),
        ("평양은 수도다.", "Pyongyang is the capital.", "ko", "en", set()),
        ("평양이 수도인가?", "Is Pyongyang the capital?", "ko", "en", set()),
        # A Korean headline ends in 다 with no period; its translation may have one or not.
        (
            "평양의 지방화가 진행되고 있다",
            "The provincialization of Pyongyang is underway",
            "ko",
            "en",
            set(),
        ),
        ("평양의 지방화가 진행되고 있다", "Pyongyang is becoming provincial.", "ko", "en", set()),
        ("평양은 수도다.", "Pyongyang is the capital", "ko", "en", {"end_punctuation"}),
        ("평양이 수도인가?", "Is Pyongyang the capital.", "ko", "en", {"end_punctuation"}),
        ("장진성, 편집장", "Jang Jin-sung, Editor-in-chief.", "ko", "en", {"end_punctuation"}),
    ],
)
def test_end_punctuation(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang) == expected


def test_end_punctuation_says_what_is_missing():
    (finding,) = run_checks("Pyongyang is the capital.", "평양은 수도다", "en", "ko")
    assert (
        finding.message
        == "the translation ends with “다” without a period: the source ends with “.”"
    )
    assert finding.severity == "warning"


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    table(
        [("Pyongyang is the capital.", "평양은 수도다.")],
        [
            ("Pyongyang is the capital.", "평양은  수도다.", {"double_space"}),
            ("Pyongyang  is the capital.", "평양은 수도다.", {"double_space"}),
        ],
        [
            ("평양은 수도다.", "Pyongyang is  the capital.", {"double_space"}),
            ("평양은  수도다.", "Pyongyang is the capital.", {"double_space"}),
        ],
    ),
)
def test_double_space(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang) == expected


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    table(
        [("Pyongyang is the capital.", "평양은 수도다.")],
        [
            ("Pyongyang is the capital.", " 평양은 수도다.", {"whitespace"}),
            ("Pyongyang is the capital.", "평양은 수도다. ", {"whitespace"}),
            (" Pyongyang is the capital.", "평양은 수도다.", {"whitespace"}),
        ],
        [
            ("평양은 수도다.", " Pyongyang is the capital.", {"whitespace"}),
            ("평양은 수도다.", "Pyongyang is the capital.\t", {"whitespace"}),
            ("평양은 수도다. ", "Pyongyang is the capital.", {"whitespace"}),
        ],
    ),
)
def test_whitespace(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang) == expected


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    [
        ("Pyongyang is the capital.", "평양은 수도다.", "en", "ko", set()),
        ("Pyongyang is the capital.", "Pyongyang is the capital.", "en", "ko", {"same_as_source"}),
        (
            "Pyongyang is the capital.",
            "pyongyang is  the capital.",
            "en",
            "ko",
            {"same_as_source", "double_space"},
        ),
        ("PDS", "PDS", "en", "ko", set()),  # an acronym stays
        ("1998", "1998", "en", "ko", set()),
        ("평양은 수도다.", "Pyongyang is the capital.", "ko", "en", set()),
        ("평양은 수도다.", "평양은 수도다.", "ko", "en", {"same_as_source"}),
        ("평양", "평양", "ko", "en", {"same_as_source"}),
        ("*", "*", "ko", "en", set()),
    ],
)
def test_same_as_source(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang) == expected


def test_a_do_not_translate_term_may_be_the_whole_translation():
    terms = [Term("Kim Jong-il", "Kim Jong-il", status="do-not-translate")]
    assert names("Kim Jong-il", "Kim Jong-il", terms=terms) == set()
    assert names("Kim Jong-il", "Kim Jong-il") == {"same_as_source"}


ENGLISH_40 = "a" * 10 + " " + "b" * 30  # 40 characters without whitespace
ENGLISH_39 = "a" * 10 + " " + "b" * 29
KOREAN_40 = "가" * 10 + " " + "나" * 30


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang", "expected"),
    [
        (ENGLISH[3].strip(), KOREAN[3].strip(), "en", "ko", set()),
        (KOREAN[3].strip(), ENGLISH[3].strip(), "ko", "en", set()),
        # en -> ko expects 0.39 characters a character: 0.4 to 2.5 times that is fine.
        (ENGLISH_40, "가" * 16, "en", "ko", set()),
        (ENGLISH_40, "가" * 6, "en", "ko", {"length_ratio"}),
        (ENGLISH_40, "가" * 39, "en", "ko", {"length_ratio"}),
        # Below 40 characters the length is not checked.
        (ENGLISH_39, "가" * 2, "en", "ko", set()),
        # ko -> en expects 2.57 characters a character.
        (KOREAN_40, "x" * 103, "ko", "en", set()),
        (KOREAN_40, "x" * 40, "ko", "en", {"length_ratio"}),
        (KOREAN_40, "x" * 258, "ko", "en", {"length_ratio"}),
        ("가" * 39, "x" * 2, "ko", "en", set()),
        # A pair without a length model is not checked.
        (ENGLISH_40, "x", "en", "ja", set()),
    ],
)
def test_length_ratio(source, target, source_lang, target_lang, expected):
    assert names(source, target, source_lang, target_lang) == expected


def test_length_ratio_at_the_threshold_and_one_below():
    assert MIN_LENGTH_CHECK_CHARS == 40
    assert names(ENGLISH_40, "가") == {"length_ratio"}
    assert names(ENGLISH_39, "가") == set()
    (finding,) = run_checks(ENGLISH_40, "가", "en", "ko")
    assert (
        finding.message
        == "the translation is unusually short for en to ko: 0.1 times the expected length"
    )


def test_glossary_is_one_of_the_checks():
    terms = [Term("Pyongyang", "평양"), Term("black market", "암시장", status="forbidden")]
    found = run_checks(
        "Pyongyang’s black markets grew.", "수도의 암시장이 커졌다.", "en", "ko", terms=terms
    )
    assert [(f.check, f.severity) for f in found] == [
        ("glossary", "error"),
        ("glossary", "warning"),
    ]
    assert names("Pyongyang’s black markets grew.", "평양의 장마당이 커졌다.", terms=terms) == set()


def test_findings_of_one_check_are_merged_into_one_message():
    found = run_checks("Pyongyang in 1998.", "  평양  1999년", "en", "ko")
    assert [f.check for f in found] == ["numbers", "end_punctuation", "double_space", "whitespace"]
    assert found[3].message == "the whitespace at the start differs from the source's"
