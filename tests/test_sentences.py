"""Sentences of English and Korean paragraphs, paragraphs cut to a length, and the
``sentences`` command."""

import os

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from translate_app.cli import main
from translate_app.domain.sentences import cut_paragraph, sentence_spans, split_sentences

from .conftest import SEED

# Korean: Kiwi's sentence ends, not every full stop.
KOREAN = [
    (
        '그는 "시장이 커졌다."라고 말했다. 그러나 당국은 부인했다.',
        ['그는 "시장이 커졌다."라고 말했다.', "그러나 당국은 부인했다."],
    ),
    (
        '"배급이 끊겼다"며 주민들은 장마당으로 향했다.',
        ['"배급이 끊겼다"며 주민들은 장마당으로 향했다.'],
    ),
    (
        "날씨가 좋아요. 어디 가세요? 집에 가죠. 감사합니다. 정말입니까? 그렇습니다.",
        [
            "날씨가 좋아요.",
            "어디 가세요?",
            "집에 가죠.",
            "감사합니다.",
            "정말입니까?",
            "그렇습니다.",
        ],
    ),
    (
        "김정일은 2011. 12. 17. 사망했다. 그 뒤를 김정은이 이었다.",
        ["김정일은 2011. 12. 17. 사망했다.", "그 뒤를 김정은이 이었다."],
    ),
    (
        "쌀값이 3.5% 올랐다. 환율은 1.2배가 되었다.",
        ["쌀값이 3.5% 올랐다.", "환율은 1.2배가 되었다."],
    ),
    (
        '그는 말했다. "정말이다." 그리고 웃었다!',
        ["그는 말했다.", '"정말이다."', "그리고 웃었다!"],
    ),
    ("  앞뒤에 빈칸. 남는다.  \n", ["앞뒤에 빈칸.", "남는다."]),
]


@pytest.mark.parametrize(("text", "sentences"), KOREAN)
def test_korean_sentences(text, sentences):
    assert split_sentences(text, "ko") == sentences


@pytest.mark.parametrize("lang", ["ko-KR", "ko_KR", "KO", " ko "])
def test_korean_by_any_spelling_of_the_code(lang):
    # The generic rules would cut the date after "2011." (a digit follows).
    text = "김정일은 2011. 12. 17. 사망했다. 그 뒤를 김정은이 이었다."
    assert split_sentences(text, lang) == [
        "김정일은 2011. 12. 17. 사망했다.",
        "그 뒤를 김정은이 이었다.",
    ]
    assert split_sentences(text, "und")[0] == "김정일은 2011."


ENGLISH = [
    (
        "Mr. Kim met Dr. Lee at 5 p.m. on Monday. They talked.",
        ["Mr. Kim met Dr. Lee at 5 p.m. on Monday.", "They talked."],
    ),
    (
        "The meeting ended at 5 p.m. The next day nothing happened.",
        ["The meeting ended at 5 p.m.", "The next day nothing happened."],
    ),
    (
        "The U.S. Congress was not told. He moved to the U.S. They followed him.",
        ["The U.S. Congress was not told.", "He moved to the U.S.", "They followed him."],
    ),
    (
        "Talks at the U.N. Security Council and in the D.P.R.K. Foreign Ministry went on.",
        ["Talks at the U.N. Security Council and in the D.P.R.K. Foreign Ministry went on."],
    ),
    (
        "Some fruits, e.g. Apples, keep well. Others, i.e. Berries, do not.",
        ["Some fruits, e.g. Apples, keep well.", "Others, i.e. Berries, do not."],
    ),
    (
        "Prof. Park and Gen. Ri arrived on Jan. 5. Sen. Ko did not.",
        ["Prof. Park and Gen. Ri arrived on Jan. 5.", "Sen. Ko did not."],
    ),
    (
        "J. R. R. Tolkien wrote it. Kim J. Un read it.",
        ["J. R. R. Tolkien wrote it.", "Kim J. Un read it."],
    ),
    ("Prices rose 3.5 percent. Wages fell 1.2.", ["Prices rose 3.5 percent.", "Wages fell 1.2."]),
    ("He was born in 1942. 1943 was worse.", ["He was born in 1942.", "1943 was worse."]),
    (
        'He said "Go." Then he left. She wrote (in pencil.) The end.',
        ['He said "Go."', "Then he left.", "She wrote (in pencil.)", "The end."],
    ),
    (
        "He added, “The leadership is no longer respected. Fewer people obey.” Nobody argued.",
        [
            "He added, “The leadership is no longer respected.",
            "Fewer people obey.”",
            "Nobody argued.",
        ],
    ),
    (
        "He stopped. “Why?” she asked. ‘Because.’ (That was all.) [Silence.]",
        ["He stopped.", "“Why?” she asked.", "‘Because.’", "(That was all.)", "[Silence.]"],
    ),
    (
        "He paused... Then he spoke. Wait… what? Really?! Yes! No. 5 won.",
        ["He paused...", "Then he spoke.", "Wait… what?", "Really?!", "Yes!", "No. 5 won."],
    ),
    (
        "It was late. 평양은 조용했다. Very late.",
        ["It was late.", "평양은 조용했다.", "Very late."],
    ),
    ("it ended. then it began", ["it ended. then it began"]),
    (
        "Officials of the “D.P.R.K.” Foreign Ministry spoke. They left the “U.S.” They came.",
        [
            "Officials of the “D.P.R.K.” Foreign Ministry spoke.",
            "They left the “U.S.”",
            "They came.",
        ],
    ),
    # "A." is an initial, not the article A.
    (
        "It was built in the U.S. A. Smith owned it.",
        ["It was built in the U.S. A. Smith owned it."],
    ),
    ("Made in the U.S. (", ["Made in the U.S. ("]),
    (
        "Apple Inc. Chief Tim spoke. He sold Apple Inc. The deal closed.",
        ["Apple Inc. Chief Tim spoke.", "He sold Apple Inc.", "The deal closed."],
    ),
    (
        "So did I. Then we left. Mr. I. Kim came.",
        ["So did I.", "Then we left.", "Mr. I. Kim came."],
    ),
    (
        "1. The first point. 2. The second. See section 3.2.1. For more, read on.",
        ["1. The first point.", "2. The second.", "See section 3.2.1. For more, read on."],
    ),
    ("iv. The fourth. Mix. Then stir.", ["iv. The fourth.", "Mix.", "Then stir."]),
    (
        "Rice, salt, etc. Some of it spoiled. Rice, salt, etc. They sold it.",
        ["Rice, salt, etc. Some of it spoiled.", "Rice, salt, etc.", "They sold it."],
    ),
    (
        "Pages 3-5 (pp. 3-5) and p. 7 of Vol. 2 say so.",
        ["Pages 3-5 (pp. 3-5) and p. 7 of Vol. 2 say so."],
    ),
]


@pytest.mark.parametrize(("text", "sentences"), ENGLISH)
def test_english_sentences(text, sentences):
    assert split_sentences(text, "en") == sentences


def test_english_by_region():
    assert split_sentences("Mr. Kim left. Dr. Lee stayed.", "en-US") == [
        "Mr. Kim left.",
        "Dr. Lee stayed.",
    ]


def test_other_languages_also_stop_at_chinese_and_japanese_full_stops():
    assert split_sentences("これはペンです。あれは本です！ 本当？はい。", "ja") == [
        "これはペンです。",
        "あれは本です！",
        "本当？",
        "はい。",
    ]
    assert split_sentences("Das ist gut. Der Hund bellt. J. S. Bach kommt.", "de") == [
        "Das ist gut.",
        "Der Hund bellt.",
        "J. S. Bach kommt.",
    ]


def test_english_does_not_stop_at_chinese_full_stops():
    assert split_sentences("他来了。她走了。", "en") == ["他来了。她走了。"]


def sample_paragraph(opening: str) -> str:
    paragraphs = SEED.read_text(encoding="utf-8").split("\n\n")
    return next(p for p in paragraphs if p.startswith(opening))


def test_a_paragraph_of_the_sample_article():
    assert split_sentences(sample_paragraph("Outside Pyongyang"), "en") == [
        "Outside Pyongyang, infrastructure that had served the PDS were quickly converted for "
        "other uses and officials in the provinces ignored central orders.",
        "When asked to donate rice to the military, the provinces argued that they weren’t "
        "‘Pyongyang people’ because they did not receive rations.",
        "When asked to attend Party lectures, ordinary North Koreans skived compulsory sessions "
        "in order to trade in the black markets.",
        "The rationale?",
        "Party lectures did not provide them with rice.",
        "The rice of loyalty turned against the Pyongyang regime and became the rice of "
        "resistance.",
    ]


def test_the_sample_article_paragraph_with_quoted_speech():
    sentences = split_sentences(sample_paragraph("Recently"), "en")
    assert [s.split()[0] for s in sentences] == ["Recently,", "He", "When", "He", "Fewer"]
    assert sentences[3] == "He added, “The leadership is no longer respected."


def test_spans_are_stripped_offsets():
    text = "  One. Two?\n\n Three!  "
    assert sentence_spans(text, "en") == [(2, 6), (7, 11), (14, 20)]
    assert sentence_spans("   ", "en") == sentence_spans("", "ko") == []
    assert sentence_spans(" \t", "ko") == []


def check_cover(text, spans):
    # Ordered, non-overlapping, stripped, and nothing but whitespace outside them.
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        assert not text[previous_end:start].strip()
        previous_end = end
    assert not text[previous_end:].strip()


ALPHABET = st.sampled_from(
    [*"aZ9 .?!…\"'“”‘’()[]\n\t", "Mr.", "U.S.", "p.m.", "J.", "3.5", "다.", "요?", "평양", "。"]
)
TEXTS = st.lists(ALPHABET, max_size=40).map("".join)


@settings(deadline=None, max_examples=300)
@given(text=TEXTS, lang=st.sampled_from(["en", "ko", "ja"]))
def test_spans_cover_every_character(text, lang):
    spans = sentence_spans(text, lang)
    check_cover(text, spans)
    assert split_sentences(text, lang) == [text[start:end] for start, end in spans]


def nonspace(text: str) -> str:
    return "".join(text.split())


@settings(deadline=None, max_examples=300)
@given(text=TEXTS, lang=st.sampled_from(["en", "ko"]), limit=st.integers(1, 30))
def test_cut_pieces_fit_and_keep_every_character(text, lang, limit):
    pieces = cut_paragraph(text, lang, limit)
    assert all(len(piece) <= limit for piece in pieces)
    assert nonspace("".join(pieces)) == nonspace(text)
    if len(text) > limit:
        assert all(piece and piece == piece.strip() for piece in pieces)


def test_cut_at_the_limit_and_one_past_it():
    text = "One two. Three four."
    assert len(text) == 20
    assert cut_paragraph(text, "en", 20) == [text]
    assert cut_paragraph(text, "en", 19) == ["One two.", "Three four."]
    assert cut_paragraph("", "en", 1) == [""]
    # Within the limit, the text is left as it is, surrounding whitespace included.
    assert cut_paragraph(" One. ", "en", 6) == [" One. "]
    assert cut_paragraph(" One. ", "en", 5) == ["One."]
    assert cut_paragraph("\n" * 9, "en", 5) == []


def test_cut_packs_whole_sentences():
    sentences = ["First one.", "Second it.", "Third one!", "Fourth is?", "Fifth one."]
    assert {len(s) for s in sentences} == {10}
    text = " ".join(sentences)
    assert cut_paragraph(text, "en", 21) == [
        "First one. Second it.",
        "Third one! Fourth is?",
        "Fifth one.",
    ]
    assert cut_paragraph(text, "en", 32) == [
        "First one. Second it. Third one!",
        "Fourth is? Fifth one.",
    ]
    # The whitespace between sentences of one piece is kept as it was.
    assert cut_paragraph("Ab.  Cd. Ef.", "en", 8) == ["Ab.  Cd.", "Ef."]


def test_cut_korean_paragraph_between_sentences():
    first, second, third = (
        '그는 "시장이 커졌다."라고 말했다.',
        "그러나 당국은 부인했다.",
        "주민들은 떠났다.",
    )
    text = f"{first} {second} {third}"
    assert len(f"{first} {second}") == 34
    assert cut_paragraph(text, "ko", 34) == [f"{first} {second}", third]
    assert cut_paragraph(text, "ko", 33) == [first, f"{second} {third}"]


def test_cut_a_long_sentence_at_its_last_space_before_the_limit():
    assert cut_paragraph("alpha beta gamma delta.", "en", 12) == ["alpha beta", "gamma delta."]
    # A space right at the limit: the piece before it fits exactly.
    assert cut_paragraph("abcde fgh", "en", 5) == ["abcde", "fgh"]
    # The end of a cut sentence is packed with the sentences after it.
    assert cut_paragraph("aaaa bbbb cccc. Dd.", "en", 10) == ["aaaa bbbb", "cccc. Dd."]


def test_cut_a_long_sentence_without_spaces_at_the_limit():
    assert cut_paragraph("가나다라마바사아자차", "ko", 4) == ["가나다라", "마바사아", "자차"]
    # A combining accent stays with its letter, however many of them there are; a piece
    # that begins with accents (there is nothing else to cut) keeps at least one character.
    assert cut_paragraph("abe\u0301cd", "en", 3) == ["ab", "e\u0301c", "d"]
    assert cut_paragraph("ab\u0301\u0301c", "en", 3) == ["a", "b\u0301\u0301", "c"]
    assert cut_paragraph("\u0301\u0301\u0301x", "en", 2) == ["\u0301", "\u0301\u0301", "x"]


@pytest.mark.parametrize("limit", [0, -1])
def test_a_limit_below_one_is_refused(limit):
    with pytest.raises(ValueError, match="at least 1"):
        cut_paragraph("Some text.", "en", limit)


# The command, run as `translate-app` runs it: the app is made from the environment, with a
# database file that must not be created.


@pytest.fixture
def cli(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("TRANSLATE_APP_")]:
        monkeypatch.delenv(name)
    database = tmp_path / "instance" / "never.sqlite3"
    env = {
        "TRANSLATE_APP_INSTANCE_PATH": str(tmp_path / "instance"),
        "TRANSLATE_APP_DATABASE_URL": f"sqlite:///{database}",
    }

    def run(*args, input=None):
        result = CliRunner().invoke(main, ["sentences", *args], input=input, env=env)
        assert not database.exists()
        return result

    return run


def test_command_reads_a_file(cli, tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(
        "\ufeffMr. Kim came. He left\r\nat noon.\r\n\r\n  \r\nThe U.S. Army? Yes!\n".encode()
    )
    result = cli("--lang", "en", str(path))
    assert result.exit_code == 0, result.output
    assert result.output == "Mr. Kim came.\nHe left at noon.\n\nThe U.S. Army?\nYes!\n"


def test_command_reads_korean_from_stdin(cli):
    text = (
        '그는 "시장이 커졌다."라고 말했다. 그러나\n당국은 부인했다.\n\n \n"배급이 끊겼다"며 떠났다.'
    )
    expected = (
        '그는 "시장이 커졌다."라고 말했다.\n그러나 당국은 부인했다.\n\n"배급이 끊겼다"며 떠났다.\n'
    )
    assert cli("--lang", "ko", input=text.encode()).output == expected
    assert cli("--lang", "ko-KR", "-", input=text.encode()).output == expected


def test_command_prints_nothing_for_an_empty_input(cli):
    result = cli("--lang", "en", input=b"\n  \n")
    assert (result.exit_code, result.output) == (0, "")


def test_command_refuses_an_unknown_language(cli):
    result = cli("--lang", "xx-nowhere", input=b"One. Two.")
    assert result.exit_code == 2
    assert "Invalid value for '--lang'" in result.output
    assert "'xx-nowhere'" in result.output


def test_command_needs_a_language(cli):
    result = cli(input=b"One. Two.")
    assert result.exit_code == 2
    assert "Missing option '--lang'" in result.output


def test_command_refuses_text_that_is_not_utf8(cli, tmp_path):
    result = cli("--lang", "en", input="Café. Thé.".encode("latin-1"))
    assert result.exit_code == 1
    assert "Error: stdin is not UTF-8" in result.output
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café. Thé.".encode("latin-1"))
    result = cli("--lang", "en", str(path))
    assert result.exit_code == 1
    assert f"Error: {path} is not UTF-8" in result.output


def test_command_refuses_a_missing_file(cli, tmp_path):
    result = cli("--lang", "en", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "does not exist" in result.output
