"""The glossary's pure part: matching Korean and English terms, and its CSV and TBX files."""

from pathlib import Path

import pytest

from translate_app.domain.glossary import (
    MAX_PART_OF_SPEECH_CHARS,
    MAX_TERM_CHARS,
    STATUSES,
    GlossaryFormatError,
    Term,
    find_terms,
    glossary_findings,
    make_term,
    read_csv,
    read_tbx,
    target_contains,
    write_csv,
    write_tbx,
)

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = (ROOT / "corpus" / "provincialization-of-pyongyang.en.txt").read_text().split("\n\n")
KOREAN = (ROOT / "tests" / "data" / "provincialization-of-pyongyang.ko.txt").read_text()
KOREAN = KOREAN.split("\n\n")
SEED = ROOT / "corpus" / "glossary.en-ko.csv"

PYONGYANG = Term("평양", "Pyongyang")


def spans(text, terms, lang):
    return [text[m.start : m.end] for m in find_terms(text, terms, lang)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("평양의 지방화", ["평양의"]),
        ("평양은 수도다", ["평양은"]),
        ("평양에서 흘러나온 소식", ["평양에서"]),
        ("평양에서는 배급이 끊겼다", ["평양에서는"]),
        ("평양에서의 삶", ["평양에서의"]),
        ("평양으로는 가지 않았다", ["평양으로는"]),
        ("수도 평양에까지 미쳤다", ["평양에까지"]),
        ("평양이다", ["평양이다"]),
        ("“평양 사람”이 아니라고", ["평양"]),
        ("(평양) 주민", ["평양"]),
        # Inside a longer word, or after one, it is another word.
        ("평양냉면을 먹었다", []),
        ("평양시민", []),
        ("북평양에서", []),
    ],
)
def test_a_korean_term_matches_with_its_particles_and_not_inside_a_longer_word(text, found):
    assert spans(text, [PYONGYANG], "ko") == found


@pytest.mark.parametrize(
    ("text", "term", "found"),
    [
        ("the distribution system", "system", ["system"]),
        ("two systems failed", "system", ["systems"]),
        ("the system's failure", "system", ["system's"]),
        ("the boxes", "box", ["boxes"]),
        ("Kim Jong-il's regime", "Kim Jong-il", ["Kim Jong-il's"]),
        ("Kim Jong-il’s North Korean regime", "Kim Jong-il", ["Kim Jong-il’s"]),
        ("the workers' salaries", "worker", ["workers'"]),
        ("PYONGYANG residents", "Pyongyang", ["PYONGYANG"]),
        (
            "the  Public\nDistribution System",
            "Public Distribution System",
            ["Public\nDistribution System"],
        ),
        ("the ecosystem", "system", []),
        ("systematic", "system", []),
        ("Kim Jong-ilsung", "Kim Jong-il", []),
        # A Latin term inside Korean text takes Korean particles.
        ("이론상 PDS는 존재한다", "PDS", ["PDS"]),
    ],
)
def test_an_english_term_matches_its_plural_and_possessive_ignoring_case(text, term, found):
    assert spans(text, [Term(term, "x")], "en") == found


def test_the_longest_term_wins_and_matches_do_not_overlap():
    terms = [
        Term("leadership", "지도부"),
        Term("leadership style", "통치 방식"),
        Term("style", "방식"),
        Term("Pyongyang", "평양"),
    ]
    text = "a change in leadership style, and the leadership of Pyongyang in style"
    matches = find_terms(text, terms, "en")
    assert [(text[m.start : m.end], m.term_source) for m in matches] == [
        ("leadership style", "leadership style"),
        ("leadership", "leadership"),
        ("Pyongyang", "Pyongyang"),
        ("style", "style"),
    ]


def test_terms_with_one_source_are_reported_together():
    terms = [
        Term("Public Distribution System", "배급제"),
        Term("Public Distribution System", "공공배급체계"),
        Term("PDS", "배급제"),
    ]
    (match,) = find_terms("North Korea’s Public Distribution System caters", terms, "en")
    assert match.term_source == "Public Distribution System"
    assert [t.target for t in match.terms] == ["배급제", "공공배급체계"]


@pytest.mark.parametrize(
    ("target", "translation", "lang", "expected"),
    [
        ("평양에서는 배급이 끊겼다", "평양", "ko", True),
        ("평양냉면", "평양", "ko", False),
        ("공공배급체계(PDS)는", "공공배급체계", "ko", True),
        ("The provinces of North Korea", "province", "en", True),
        ("Kim Jong-il’s regime", "Kim Jong-il", "en", True),
        ("provincial", "province", "en", False),
        ("아무것도 없다", "", "ko", False),
    ],
)
def test_target_contains_knows_the_same_inflections(target, translation, lang, expected):
    assert target_contains(target, translation, lang) is expected


TERMS = [
    Term("Pyongyang", "평양"),
    Term("Public Distribution System", "배급제"),
    Term("Public Distribution System", "공공배급체계"),
    Term("black market", "장마당"),
    Term("black market", "암시장", status="forbidden"),
    Term("PDS", "PDS", status="do-not-translate"),
]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("Outside Pyongyang, the rations stopped.", "평양 밖에서는 배급이 끊겼다.", []),
        (
            "Outside Pyongyang, the rations stopped.",
            "수도 밖에서는 배급이 끊겼다.",
            [
                (
                    "warning",
                    "the glossary translates “Pyongyang” as “평양”, "
                    "which the translation does not use",
                ),
            ],
        ),
        ("The Public Distribution System (PDS) caters.", "배급제(PDS)는 책임진다.", []),
        ("The Public Distribution System (PDS) caters.", "공공배급체계(PDS)는 책임진다.", []),
        (
            "The Public Distribution System (PDS) caters.",
            "공공분배체계(PDS)는 책임진다.",
            [
                (
                    "warning",
                    "the glossary translates “Public Distribution System” as “배급제” or "
                    "“공공배급체계”, which the translation does not use",
                ),
            ],
        ),
        (
            "The Public Distribution System (PDS) caters.",
            "배급제(피디에스)는 책임진다.",
            [
                (
                    "warning",
                    "“PDS” is not to be translated, but the translation does not keep it as it is",
                ),
            ],
        ),
        (
            "They trade in the black markets.",
            "그들은 암시장에서 장사한다.",
            [
                (
                    "warning",
                    "the glossary translates “black market” as “장마당”, which the translation "
                    "does not use",
                ),
                (
                    "error",
                    "the translation uses “암시장” for “black market”, which the glossary forbids",
                ),
            ],
        ),
        ("They trade in the black markets.", "그들은 장마당에서 장사한다.", []),
        # A forbidden translation counts only for a term of the source.
        ("They trade.", "그들은 암시장에서 장사한다.", []),
        ("Outside Pyongyang.", "", []),
    ],
)
def test_glossary_findings(source, target, expected):
    found = glossary_findings(source, target, TERMS, "en", "ko")
    assert [(f.check, f.severity, f.message) for f in found] == [
        ("glossary", severity, message) for severity, message in expected
    ]


def test_glossary_findings_from_korean_to_english():
    terms = [Term("평양", "Pyongyang"), Term("장마당", "black market")]
    source = "평양에서는 장마당이 번성했다."
    assert (
        glossary_findings(source, "In Pyongyang, black markets blossomed.", terms, "ko", "en") == []
    )
    (finding,) = glossary_findings(
        source, "In the capital, black markets blossomed.", terms, "ko", "en"
    )
    assert "“평양” as “Pyongyang”" in finding.message


def test_the_seed_glossary_agrees_with_the_sample_translation():
    read = read_csv(SEED.read_bytes())
    assert read.problems == ()
    assert 10 <= len(read.terms) <= 40
    assert {t.status for t in read.terms} == {"preferred", "forbidden"}
    sources = {t.source for t in read.terms}
    assert {"Pyongyang", "Kim Jong-il", "Kim Il-sung", "Public Distribution System"} <= sources
    found = {m.term_source for p in ENGLISH for m in find_terms(p, read.terms, "en")}
    # Every term but Kim Il-sung (named in the product's own examples) is in the sample.
    assert sources - found == {"Kim Il-sung"}
    assert len(ENGLISH) == len(KOREAN)
    for english, korean in zip(ENGLISH, KOREAN, strict=True):
        assert glossary_findings(english, korean, read.terms, "en", "ko") == []


# --- Files --------------------------------------------------------------------------------

SAMPLE_TERMS = (
    Term("Pyongyang", "평양", part_of_speech="proper noun", note="the capital"),
    Term("Public Distribution System", "배급제"),
    Term("Public Distribution System", "공공배급체계", note='has "quotes", and commas'),
    Term("black market", "암시장", status="forbidden", note="write 장마당\non two lines"),
    Term("PDS", "PDS", status="do-not-translate"),
)


def test_csv_round_trip():
    data = write_csv(SAMPLE_TERMS)
    assert data.startswith(b"\xef\xbb\xbfsource,target,note,status,part_of_speech\r\n")
    read = read_csv(data)
    assert read.problems == ()
    assert read.terms == SAMPLE_TERMS


def test_csv_with_only_source_and_target_and_a_do_not_translate_without_target():
    read = read_csv("target,source\n평양,Pyongyang\n\n".encode())
    assert read.terms == (Term("Pyongyang", "평양"),)
    read = read_csv(b"source,target,status\nPDS,,do-not-translate\n")
    assert read.terms == (Term("PDS", "PDS", status="do-not-translate"),)


def test_csv_problem_lines_are_reported_and_the_others_taken():
    long_term = "가" * MAX_TERM_CHARS
    data = (
        "source,target,note,status\n"
        "Pyongyang,평양,,preferred\n"
        ",평양,,\n"
        "Kim Jong-il,김정일,,banned\n"
        f"{long_term},{long_term},,\n"
        f"{long_term}가,x,,\n"
        f"x,{long_term}가,,\n"
        "Pyongyang,평양,,\n"
        "Seoul,,,\n"
        "PDS,배급제,,do-not-translate\n"
        "a,b,c,preferred,extra\n"
    ).encode()
    read = read_csv(data)
    assert read.terms == (Term("Pyongyang", "평양"), Term(long_term, long_term))
    assert read.problems == (
        "line 3: the source term is empty",
        "line 4: unknown status 'banned': use one of preferred, forbidden, do-not-translate",
        "line 6: the source term has 301 characters; at most 300 are allowed",
        "line 7: the translation has 301 characters; at most 300 are allowed",
        "line 8: repeats “Pyongyang” → “평양” of line 2",
        "line 9: the translation of “Seoul” is empty",
        "line 10: “PDS” is do-not-translate, so its target must be empty or the same term",
        "line 11: 5 fields, the header names 4",
    )
    assert STATUSES == ("preferred", "forbidden", "do-not-translate")


def test_csv_skips_blank_rows_pads_short_ones_and_keeps_line_breaks_in_quotes():
    data = 'source,target,note\r\n\r\n,,\r\na,b,c,d\r\nSeoul,서울\r\nA,B,"x\r\ny"\r\n'.encode()
    read = read_csv(data)
    assert read.terms == (Term("Seoul", "서울"), Term("A", "B", note="x\r\ny"))
    assert read.problems == ("line 4: 4 fields, the header names 3",)


def test_make_term_defaults_and_the_part_of_speech_limit():
    assert make_term(" Pyongyang ", "평양") == Term("Pyongyang", "평양", "preferred", "", "")
    assert make_term("PDS", "", "Do-Not-Translate") == Term("PDS", "PDS", "do-not-translate")
    at_limit = "n" * MAX_PART_OF_SPEECH_CHARS
    assert make_term("a", "b", part_of_speech=at_limit).part_of_speech == at_limit
    with pytest.raises(ValueError) as raised:
        make_term("a", "b", part_of_speech=at_limit + "n")
    assert str(raised.value) == "the part of speech has 41 characters; at most 40 are allowed"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "source,target\n평양,Pyongyang\n".encode("cp949"),
            "line 2: the file is not valid UTF-8 (byte 0xc6): save it as UTF-8",
        ),
        (b"", "the file is empty: the first line names the columns"),
        (
            b"source,note\nPyongyang,x\n",
            "line 1: the header has no target column: "
            "it needs source,target and may add note,status,part_of_speech",
        ),
        (
            b"term,target\nPyongyang,x\n",
            "line 1: unknown column 'term': use source, target, note, status, part_of_speech",
        ),
        (
            b"source,target\n\x00\x00",
            "the file holds NUL characters: it is not a CSV text file",
        ),
    ],
)
def test_unreadable_csv_files_are_refused(data, message):
    with pytest.raises(GlossaryFormatError) as raised:
        read_csv(data)
    assert str(raised.value) == message


def test_tbx_is_written_element_by_element():
    terms = [
        Term("Pyongyang", "평양"),
        Term("Pyongyang", "피양", "forbidden", "noun", "old"),
        Term("PDS", "PDS", "do-not-translate"),
    ]
    assert write_tbx(terms, "en", "ko").decode().splitlines() == [
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<martif type="TBX-Basic" xml:lang="en">',
        "  <martifHeader>",
        "    <fileDesc>",
        "      <sourceDesc>",
        "        <p>translate_app glossary en-ko</p>",
        "      </sourceDesc>",
        "    </fileDesc>",
        "    <encodingDesc>",
        '      <p type="XCSURI">TBXBasicXCSV02.xcs</p>',
        "    </encodingDesc>",
        "  </martifHeader>",
        "  <text>",
        "    <body>",
        '      <termEntry id="c1">',
        '        <langSet xml:lang="en">',
        "          <tig>",
        "            <term>Pyongyang</term>",
        "          </tig>",
        "        </langSet>",
        '        <langSet xml:lang="ko">',
        "          <tig>",
        "            <term>평양</term>",
        '            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>',
        "          </tig>",
        "          <tig>",
        "            <term>피양</term>",
        '            <termNote type="partOfSpeech">noun</termNote>',
        '            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>',
        "            <note>old</note>",
        "          </tig>",
        "        </langSet>",
        "      </termEntry>",
        '      <termEntry id="c2">',
        '        <langSet xml:lang="en">',
        "          <tig>",
        "            <term>PDS</term>",
        "          </tig>",
        "        </langSet>",
        '        <langSet xml:lang="ko">',
        "          <tig>",
        "            <term>PDS</term>",
        '            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>',
        '            <termNote type="transferComment">do-not-translate</termNote>',
        "          </tig>",
        "        </langSet>",
        "      </termEntry>",
        "    </body>",
        "  </text>",
        "</martif>",
    ]


def test_tbx_round_trip_is_tbx_basic():
    data = write_tbx(SAMPLE_TERMS, "en", "ko")
    text = data.decode()
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<martif type=\"TBX-Basic\"")
    assert text.count("<termEntry") == 4  # one per source term
    assert "deprecatedTerm-admn-sts" in text
    assert '<termNote type="transferComment">do-not-translate</termNote>' in text
    read = read_tbx(data, "en", "ko")
    assert read.problems == ()
    assert read.terms == SAMPLE_TERMS
    # The languages come from the file when none are given.
    assert read_tbx(data).terms == SAMPLE_TERMS


def test_tbx_v3_is_read():
    data = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en-US"><termSec><term>Pyongyang</term></termSec></langSec>
      <langSec xml:lang="ko-KR">
        <termSec><term>평양</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>평향</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="en"><termSec><term>Seoul</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>""".encode()
    read = read_tbx(data, "en", "ko")
    assert read.terms == (Term("Pyongyang", "평양"), Term("Pyongyang", "평향", status="forbidden"))
    assert read.problems == ("line 14: the entry has no ko term",)


def test_tbx_problem_entries_are_reported():
    data = f"""<martif type="TBX-Basic" xml:lang="en"><text><body>
<termEntry><langSet xml:lang="en"><tig><term>Pyongyang</term></tig></langSet>
<langSet xml:lang="ko"><tig><term>평양</term>
<termNote type="administrativeStatus">maybeTerm</termNote></tig></langSet></termEntry>
<termEntry><langSet xml:lang="en"><tig><term>{"x" * 301}</term></tig></langSet>
<langSet xml:lang="ko"><tig><term>y</term></tig></langSet></termEntry>
<termEntry><langSet xml:lang="ko"><tig><term>z</term></tig></langSet></termEntry>
</body></text></martif>""".encode()
    read = read_tbx(data, "en", "ko")
    assert read.terms == ()
    assert read.problems[0].startswith("line 2: unknown administrativeStatus: use one of ")
    assert read.problems[1:] == (
        "line 5: the source term has 301 characters; at most 300 are allowed",
        "line 7: the entry has no en term",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"source,target\nPyongyang,x\n", "not well-formed XML"),
        (b"<martif><text></martif>", "not well-formed XML"),
        (b"<tmx version='1.4'/>", r"the root element is <tmx>: a TBX file starts with <martif>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<martif xml:lang="en"><text><body><termEntry><langSet xml:lang="en"><tig>'
            b"<term>&b;</term></tig></langSet></termEntry></body></text></martif>",
            "entity declarations are not accepted",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE martif SYSTEM "file:///etc/passwd" [ ]>'
            b'<martif xml:lang="en"/>',
            "an internal DTD subset is not accepted",
        ),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><martif/>', "only UTF-8 and UTF-16"),
    ],
)
def test_unreadable_tbx_files_are_refused(data, message):
    with pytest.raises(GlossaryFormatError, match=message):
        read_tbx(data, "en", "ko")


def test_a_term_xml_cannot_carry_is_refused_on_export():
    with pytest.raises(GlossaryFormatError, match=r"U\+0001, which XML cannot carry"):
        write_tbx([Term("a\x01b", "x")], "en", "ko")


def test_a_tbx_file_without_a_source_language_needs_one_given():
    data = write_tbx([Term("Pyongyang", "평양")], "en", "ko").replace(b' xml:lang="en"', b"", 1)
    with pytest.raises(GlossaryFormatError, match="names no source language"):
        read_tbx(data)
    assert read_tbx(data, "en", "ko").terms == (Term("Pyongyang", "평양"),)
