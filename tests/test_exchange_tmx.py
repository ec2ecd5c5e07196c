"""TMX 1.4b out of a document, validated by the DTD, and memories of other tools read back."""

from datetime import UTC, datetime
from importlib.resources import files

import pytest
from hypothesis import given, settings

from translate_app.domain.exchange import ExchangeFormatError
from translate_app.domain.states import State
from translate_app.domain.tmx import TmxUnit, read_tmx, tmx_units_from_document, write_tmx

from .exchange_helpers import (
    SCHEMAS,
    TRICKY,
    WHEN,
    assert_valid,
    document,
    every_state_document,
    unit,
    xml_text,
)
from .exchange_helpers import tmx_dtd as official_dtd

LATER = datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC)


def export(doc=None) -> bytes:
    doc = doc or every_state_document()
    return write_tmx(tmx_units_from_document(doc), source_lang=doc.source_lang, created=WHEN)


def test_exports_validate_against_the_tmx_dtd():
    assert_valid(official_dtd(), export())
    assert_valid(official_dtd(), export(document()))
    assert export().startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE tmx SYSTEM")


def test_header_names_the_tool_and_the_source_language():
    root = assert_valid(official_dtd(), export(document()))
    assert root.find("header").attrib == {
        "creationtool": "translate_app",
        "creationtoolversion": "1",
        "datatype": "plaintext",
        "segtype": "paragraph",
        "adminlang": "en",
        "srclang": "en",
        "o-tmf": "translate_app",
        "creationdate": "20260301T093005Z",
    }


def test_only_units_with_a_target_become_memory():
    units = tmx_units_from_document(every_state_document())
    assert State.UNTRANSLATED.name.lower() not in {u.key.removeprefix("p-") for u in units}
    assert "p-empty-target" not in {u.key for u in units}
    assert len(units) == 7


def test_round_trip_keeps_texts_keys_people_dates_and_places():
    doc = document(
        unit(
            "p-1",
            source=TRICKY,
            target="번역 " + TRICKY,
            position=3,
            author="kim",
            created=WHEN,
            changed=LATER,
        ),
        unit("p-2", position=4),
    )
    result = read_tmx(export(doc), source_lang="en", target_lang="ko")
    assert result.skipped == []
    assert result.units == [
        TmxUnit(
            TRICKY,
            "번역 " + TRICKY,
            "en",
            "ko",
            "p-1",
            "kim",
            WHEN,
            LATER,
            None,
            "provincialization-of-pyongyang",
            3,
        ),
        TmxUnit(
            "source of p-2",
            "번역 p-2",
            "en",
            "ko",
            "p-2",
            None,
            None,
            None,
            None,
            "provincialization-of-pyongyang",
            4,
        ),
    ]


def test_tu_attributes_and_notes_as_written():
    data = write_tmx(
        [
            TmxUnit(
                "a",
                "b",
                "en",
                "ko",
                key="k",
                author="lee",
                created=WHEN,
                changed=LATER,
                note="from the glossary",
            )
        ],
        source_lang="en",
        created=WHEN,
    )
    tu = assert_valid(official_dtd(), data).find("body/tu")
    assert tu.attrib == {
        "tuid": "k",
        "creationdate": "20260301T093005Z",
        "creationid": "lee",
        "changedate": "20260302T100000Z",
        "changeid": "lee",
    }
    [read] = read_tmx(data, source_lang="en", target_lang="ko").units
    assert read.note == "from the glossary"
    bare = write_tmx([TmxUnit("a", "b", "en", "ko")], source_lang="en", created=WHEN)
    assert assert_valid(official_dtd(), bare).find("body/tu").attrib == {}


def test_writer_refuses_what_xml_cannot_carry_and_naive_dates():
    with pytest.raises(ExchangeFormatError, match=r"the ko text of unit 'k' .* U\+001F"):
        write_tmx([TmxUnit("a", "b\x1f", "en", "ko", key="k")], source_lang="en", created=WHEN)
    with pytest.raises(ValueError, match="no time zone"):
        write_tmx([], source_lang="en", created=datetime(2026, 1, 1))


# Shaped like an OmegaT / memoQ export: region codes in other cases, a deprecated-free
# 1.4 document, a tu missing the target language, an empty seg, inline tags.
OTHER_TOOL = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="memoQ" creationtoolversion="9.12" segtype="sentence"
   o-tmf="memoQTM" adminlang="en-us" srclang="en-US" datatype="unknown">
    <prop type="defclient">Press</prop>
  </header>
  <body>
    <tu changedate="20240105T101500Z" creationdate="20231201T080000Z"
        creationid="PARK" changeid="CHOI" tuid="17">
      <prop type="client">Press</prop>
      <note>checked</note>
      <tuv xml:lang="en-US">
        <seg>The <bpt i="1">&lt;b&gt;</bpt>city<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
      <tuv xml:lang="ko-KR"><seg>도시.</seg></tuv>
    </tu>
    <tu creationdate="not a date">
      <tuv xml:lang="EN-us"><seg>Only English</seg></tuv>
      <tuv xml:lang="ja-JP"><seg>英語だけ</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-US"><seg>Empty target</seg></tuv>
      <tuv xml:lang="ko-KR"><seg>  </seg></tuv>
    </tu>
    <tu changedate="2024-01-05">
      <prop type="x-paragraph">²</prop>
      <tuv xml:lang="ko"><seg>순서가 바뀜</seg></tuv>
      <tuv xml:lang="en-GB"><seg>Order swapped</seg></tuv>
      <tuv xml:lang="en-US"><seg>Order swapped (US)</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_reads_a_memory_of_another_tool_and_reports_what_it_skips():
    result = read_tmx(OTHER_TOOL.encode(), source_lang="en", target_lang="ko")
    assert result.skipped == ["line 17: tu has no tuv in ko", "line 23: empty seg in ko"]
    first, last = result.units
    assert first == TmxUnit(
        source="The <b>city</b>.",  # inline codes read as text for now
        target="도시.",
        source_lang="en-US",
        target_lang="ko-KR",
        key="17",
        author="CHOI",
        created=datetime(2023, 12, 1, 8, 0, tzinfo=UTC),
        changed=datetime(2024, 1, 5, 10, 15, tzinfo=UTC),
        note="checked",
    )
    assert (last.source, last.source_lang, last.paragraph) == ("Order swapped", "en-GB", None)
    assert last.changed is None  # not TMX's date format: dropped, the unit kept


@pytest.mark.parametrize(
    ("wanted", "found", "matches"),
    [
        ("ko", "ko", True),
        ("ko", "KO-kr", True),
        ("ko-KR", "ko", True),
        ("zh-Hans", "zh_hans", True),
        ("zh-Hans", "zh-Hans-CN", True),
        ("zh-Hans", "zh-Hant", False),
        ("zh-Hans", "zh-CN", False),
        ("ko", "kor", False),
    ],
)
def test_language_codes_match_ignoring_case_and_extra_subtags(wanted, found, matches):
    data = write_tmx([TmxUnit("a", "b", "en", found)], source_lang="en", created=WHEN)
    result = read_tmx(data, source_lang="en", target_lang=wanted)
    assert len(result.units) == int(matches)
    tu_line = data[: data.index(b"<tu")].count(b"\n") + 1
    assert result.skipped == ([] if matches else [f"line {tu_line}: tu has no tuv in {wanted}"])


def test_an_exact_code_wins_over_a_nearer_one_listed_first():
    data = write_tmx(
        [TmxUnit("a", "b", "en-GB", "ko"), TmxUnit("a", "b", "en", "ko")],
        source_lang="en",
        created=WHEN,
    )
    sources = [u.source_lang for u in read_tmx(data, source_lang="en", target_lang="ko").units]
    assert sources == ["en-GB", "en"]
    merged = data.replace(b"</tuv>\n    </tu>\n    <tu>\n      <tuv", b"</tuv>\n      <tuv", 1)
    [read] = read_tmx(merged, source_lang="en", target_lang="ko").units
    assert read.source_lang == "en"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<tu></tu>", r"^line 3: not a valid TMX 1.4 file: Element tu content"),
        ('<tu><tuv xml:lang="en"><seg>a</seg></tuv></tu><oops/>', "^line 3: .*oops"),
        ("<tu><tuv><seg>a</seg></tuv></tu>", "xml:lang"),
    ],
)
def test_dtd_violations_are_refused_with_their_line(body, message):
    data = f"""<tmx version="1.4"><header creationtool="x" creationtoolversion="1"
 segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>
<body>{body}</body></tmx>""".encode()
    with pytest.raises(ExchangeFormatError, match=message):
        read_tmx(data, source_lang="en", target_lang="ko")


def test_a_missing_header_attribute_is_a_dtd_violation():
    with pytest.raises(ExchangeFormatError, match="srclang"):
        read_tmx(
            export(document()).replace(b' srclang="en"', b""), source_lang="en", target_lang="ko"
        )


def test_a_doctype_is_allowed_in_tmx_but_never_loaded():
    remote = export(document(unit("p-1"))).replace(
        b'"tmx14.dtd"', b'"http://example.invalid/tmx14.dtd"'
    )
    assert len(read_tmx(remote, source_lang="en", target_lang="ko").units) == 1


@pytest.mark.parametrize(
    ("doctype", "message"),
    [
        ('<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "entity declarations"),
        ('<!DOCTYPE tmx SYSTEM "tmx14.dtd" [<!ELEMENT seg ANY>]>', "internal DTD subset"),
    ],
)
def test_hostile_tmx_is_refused(doctype, message):
    data = export(document(unit("p-1"))).replace(
        b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">', doctype.encode()
    )
    with pytest.raises(ExchangeFormatError, match=f"^line 2: .*{message} (is|are) not accepted"):
        read_tmx(data, source_lang="en", target_lang="ko")


def test_the_dtd_shipped_with_the_package_is_the_official_one():
    packaged = files("translate_app.domain") / "schemas" / "tmx14.dtd"
    assert packaged.read_bytes() == (SCHEMAS / "tmx-1.4" / "tmx14.dtd").read_bytes()


@settings(max_examples=60, deadline=None)
@given(source=xml_text.filter(str.strip), target=xml_text.filter(str.strip))
def test_any_text_survives_the_memory(source, target):
    data = write_tmx([TmxUnit(source, target, "en", "ko")], source_lang="en", created=WHEN)
    [read] = read_tmx(data, source_lang="en", target_lang="ko").units
    assert (read.source, read.target) == (source, target)


# Shaped like an OmegaT project memory: upper-case codes, the author and dates on the
# target tuv rather than the tu.
OMEGAT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
   creationtoolversion="6.0.1_0_a1b2c3" segtype="sentence" srclang="EN-US"/>
  <body>
<!-- Default translations -->
    <tu>
      <tuv xml:lang="EN-US">
        <seg>Pyongyang became a province.</seg>
      </tuv>
      <tuv xml:lang="KO-KR" changeid="minji" changedate="20250102T030405Z"
           creationid="jun" creationdate="20241231T235959Z">
        <seg>평양은 도(道)가 되었다.</seg>
      </tuv>
    </tu>
    <tu>
      <tuv xml:lang="EN-US"><seg>No author at all.</seg></tuv>
      <tuv xml:lang="KO-KR"><seg>작성자 없음.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_reads_an_omegat_memory_with_the_author_on_the_target_tuv():
    result = read_tmx(OMEGAT.encode(), source_lang="en", target_lang="ko")
    assert result.skipped == []
    signed, anonymous = result.units
    assert (signed.target, signed.source_lang, signed.target_lang) == (
        "평양은 도(道)가 되었다.",
        "EN-US",
        "KO-KR",
    )
    assert (signed.author, signed.created, signed.changed) == (
        "minji",
        datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    assert (anonymous.author, anonymous.created, anonymous.changed) == (None, None, None)


def test_a_tmx_of_this_app_says_when_it_was_written_to_the_microsecond():
    moment = WHEN.replace(microsecond=123456)
    data = write_tmx([TmxUnit("a", "b", "en", "ko")], source_lang="en", created=moment)
    assert read_tmx(data, source_lang="en", target_lang="ko").exported_at == moment
    other = data.replace(b'creationtool="translate_app"', b'creationtool="memoQ"')
    assert read_tmx(other, source_lang="en", target_lang="ko").exported_at is None
    broken = data.replace(moment.isoformat().encode(), b"soon")
    assert read_tmx(broken, source_lang="en", target_lang="ko").exported_at is None
