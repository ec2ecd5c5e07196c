"""XLIFF 1.2 and 2.0 out of a document, validated by the official schemas, and back in."""

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate_app.domain.exchange import ExchangeFormatError
from translate_app.domain.states import State
from translate_app.domain.xliff import (
    NS12,
    NS20,
    STATES_FROM_12,
    XML_SPACE,
    write_xliff12,
    write_xliff20,
)
from translate_app.domain.xliff import (
    read_xliff as read_xliff_file,
)

from .exchange_helpers import (
    TRICKY,
    WHEN,
    assert_valid,
    document,
    every_state_document,
    unit,
    xliff12_schema,
    xliff20_schema,
    xml_text,
)

WRITERS = {"1.2": (write_xliff12, xliff12_schema), "2.0": (write_xliff20, xliff20_schema)}
Q12 = {"x": NS12}
Q20 = {"x": NS20}


def read_xliff(data: bytes):
    return read_xliff_file(data).units


@pytest.mark.parametrize("version", WRITERS)
def test_every_export_validates_against_the_official_schema(version):
    write, schema = WRITERS[version]
    assert_valid(schema(), write(every_state_document()))
    assert_valid(schema(), write(document()))


@pytest.mark.parametrize("version", WRITERS)
def test_round_trip_keeps_keys_sources_targets_and_states(version):
    write, _ = WRITERS[version]
    doc = every_state_document()
    back = read_xliff(write(doc))
    assert [(u.key, u.source, u.target, u.state) for u in back] == [
        (u.key, u.source, u.target or "", u.state if u.target else State.UNTRANSLATED)
        for u in doc.units
    ]
    tricky = next(u for u in back if u.key == "p-tricky")
    assert tricky.source == TRICKY  # spaces, newlines and markup characters all kept
    assert [u.line for u in back] == sorted(u.line for u in back)


@pytest.mark.parametrize("version", WRITERS)
def test_an_empty_document_round_trips_to_nothing(version):
    write, _ = WRITERS[version]
    assert read_xliff(write(document())) == []


XLIFF12_STATES = [
    (State.DRAFT, "new", None),
    (State.REJECTED, "needs-review-translation", "no"),
    (State.NEEDS_REVIEW, "needs-review-translation", None),
    (State.TRANSLATED, "translated", None),
    (State.APPROVED, "final", "yes"),
    (State.UNTRANSLATED, "new", None),  # a target on an untranslated unit is kept as new
]


@pytest.mark.parametrize(("state", "written", "approved"), XLIFF12_STATES)
def test_states_written_to_xliff12(state, written, approved):
    root = assert_valid(xliff12_schema(), write_xliff12(document(unit("p-1", state, target="t"))))
    tu = root.find(".//x:trans-unit", Q12)
    assert tu.find("x:target", Q12).get("state") == written
    assert tu.get("approved") == approved


XLIFF20_STATES = [
    (State.DRAFT, "initial", "translate_app:draft"),
    (State.REJECTED, "initial", "translate_app:rejected"),
    (State.NEEDS_REVIEW, "translated", "translate_app:needs-review"),
    (State.TRANSLATED, "translated", None),
    (State.APPROVED, "final", None),
    (State.UNTRANSLATED, "initial", None),
]


@pytest.mark.parametrize(("state", "written", "sub_state"), XLIFF20_STATES)
def test_states_written_to_xliff20(state, written, sub_state):
    root = assert_valid(xliff20_schema(), write_xliff20(document(unit("p-1", state, target="t"))))
    segment = root.find(".//x:segment", Q20)
    assert (segment.get("state"), segment.get("subState")) == (written, sub_state)


def xliff12(target: str, unit_attrs: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{NS12}"><file original="a" source-language="en"
 datatype="plaintext"><body><trans-unit id="u1" {unit_attrs}><source>s</source>{target}
</trans-unit></body></file></xliff>""".encode()


@pytest.mark.parametrize(
    ("target", "unit_attrs", "state"),
    [
        *[(f'<target state="{s}">t</target>', "", st) for s, st in STATES_FROM_12.items()],
        ('<target state="needs-review-l10n">t</target>', 'approved="no"', State.REJECTED),
        ('<target state="translated">t</target>', 'approved="no"', State.TRANSLATED),
        ('<target state="new">t</target>', 'approved="yes"', State.APPROVED),
        ("<target>t</target>", "", State.TRANSLATED),
        ('<target state="x-custom">t</target>', "", State.DRAFT),
        ('<target state="final"></target>', 'approved="yes"', State.UNTRANSLATED),
        ("", "", State.UNTRANSLATED),
    ],
)
def test_states_read_from_xliff12(target, unit_attrs, state):
    [read] = read_xliff(xliff12(target, unit_attrs))
    assert read.state is state
    assert read.target == ("t" if state is not State.UNTRANSLATED else "")


def xliff20(segments: str, version: str = "2.0") -> bytes:
    return f"""<xliff version="{version}" xmlns="{NS20}" srcLang="en" trgLang="ko">
<file id="f"><unit id="u1">{segments}</unit></file></xliff>""".encode()


@pytest.mark.parametrize(
    ("segment", "state"),
    [
        ("<segment><source>s</source><target>t</target></segment>", State.DRAFT),
        ('<segment state="initial"><source>s</source><target>t</target></segment>', State.DRAFT),
        ('<segment state="translated"><source>s</source><target>t</target></segment>', 20),
        ('<segment state="reviewed"><source>s</source><target>t</target></segment>', 30),
        ('<segment state="final"><source>s</source><target>t</target></segment>', 30),
        ('<segment state="other"><source>s</source><target>t</target></segment>', 10),
        # Our subState beside another tool's state: the state wins.
        (
            '<segment state="final" subState="translate_app:rejected"><source>s</source>'
            "<target>t</target></segment>",
            State.APPROVED,
        ),
        ('<segment state="final"><source>s</source></segment>', State.UNTRANSLATED),
    ],
)
def test_states_read_from_xliff20(segment, state):
    [read] = read_xliff(xliff20(segment))
    assert read.state == state
    assert read.key == "u1"  # no name: the id is the key


def test_xliff20_units_split_into_segments_are_joined_at_their_least_advanced_state():
    [read] = read_xliff(
        xliff20(
            '<segment state="final"><source>One.</source><target>하나.</target></segment>'
            "<ignorable><source> </source></ignorable>"
            '<segment state="translated"><source>Two.</source><target>둘.</target></segment>'
        )
    )
    assert (read.source, read.target, read.state) == ("One. Two.", "하나. 둘.", State.TRANSLATED)
    [partial] = read_xliff(
        xliff20(
            '<segment state="final"><source>One.</source><target>하나.</target></segment>'
            "<segment><source>Two.</source></segment>"
        )
    )
    assert (partial.target, partial.state) == ("하나.", State.DRAFT)
    [spacing_only] = read_xliff(
        xliff20(
            "<segment><source>One.</source></segment>"
            "<ignorable><source> </source></ignorable>"
            "<segment><source>Two.</source><target></target></segment>"
        )
    )
    assert (spacing_only.target, spacing_only.state) == ("", State.UNTRANSLATED)
    [translated_spacing] = read_xliff(
        xliff20(
            '<segment state="translated"><source>A.</source><target>가.</target></segment>'
            "<ignorable><source> </source><target>\n</target></ignorable>"
        )
    )
    assert translated_spacing.target == "가.\n"


def test_xliff21_is_read_as_20():
    [read] = read_xliff(xliff20("<segment><source>s</source></segment>", version="2.1"))
    assert read.source == "s"


def test_keys_that_are_not_nmtokens_travel_in_the_unit_name():
    doc = document(
        unit("3f2a", position=1),
        unit("has space", position=2),
        unit("슬래시/키", position=3),
        unit("u3", position=4),  # the stand-in of the unit before it: must not collide
    )
    data = write_xliff20(doc)
    root = assert_valid(xliff20_schema(), data)
    assert [u.get("id") for u in root.iterfind(".//x:unit", Q20)] == ["3f2a", "u2", "u3", "u3-2"]
    assert [u.key for u in read_xliff(data)] == ["3f2a", "has space", "슬래시/키", "u3"]
    assert root.find("x:file", Q20).get("id") == "provincialization-of-pyongyang"
    odd = write_xliff20(document(slug="기사 1"))
    assert assert_valid(xliff20_schema(), odd).find("x:file", Q20).get("id") == "document"


@pytest.mark.parametrize("write", [write_xliff12, write_xliff20])
def test_notes_carry_the_title_the_paragraph_and_every_comment(write):
    data = write(document(unit("p-1", position=4, kind="heading", notes=("a & b", "둘째"))))
    text = data.decode()
    for expected in ("The provincialization of Pyongyang", "paragraph 4 (heading)", "a &amp; b"):
        assert expected in text
    assert "둘째" in text


def test_xliff12_file_header_names_languages_tool_and_date():
    root = assert_valid(xliff12_schema(), write_xliff12(document(target_lang="zh-Hans")))
    file = root.find("x:file", Q12)
    assert file.attrib == {
        "original": "provincialization-of-pyongyang",
        "source-language": "en",
        "target-language": "zh-Hans",
        "datatype": "plaintext",
        "tool-id": "translate_app",
        "date": "2026-03-01T09:30:05+00:00",
    }


@pytest.mark.parametrize("write", [write_xliff12, write_xliff20])
def test_writers_refuse_what_xml_cannot_carry(write):
    with pytest.raises(ExchangeFormatError, match=r"the source of p-1 .* U\+0001"):
        write(document(unit("p-1", source="a\x01b")))
    with pytest.raises(ExchangeFormatError, match="two units have the key 'p-1'"):
        write(document(unit("p-1"), unit("p-1")))
    with pytest.raises(ExchangeFormatError, match=r"the key 'p\\x01' .* U\+0001"):
        write(document(unit("p\x01")))
    with pytest.raises(ExchangeFormatError, match=r"the slug .* U\+000B"):
        write(document(slug="a\x0bb"))
    with pytest.raises(ExchangeFormatError, match=r"the title .* U\+0000"):
        write(document(title="a\x00"))


def test_xliff12_dates_need_a_time_zone():
    with pytest.raises(ValueError, match="no time zone"):
        write_xliff12(document(created=datetime(2026, 3, 1)))


def test_carriage_returns_survive_the_round_trip():
    [read] = read_xliff(write_xliff12(document(unit("p-1", source="a\r\nb", target="c\rd"))))
    assert (read.source, read.target) == ("a\r\nb", "c\rd")


# Shaped like Okapi / Trados output: groups, xml:space, and alt-trans suggestions that
# carry their own source and target.
OTHER_TOOL_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"
 xmlns:okp="okapi-framework:xliff-extensions">
<file original="article.txt" source-language="en-US" target-language="ko-KR"
 datatype="x-text/plain" okp:inputEncoding="UTF-8">
<header><tool tool-id="okapi" tool-name="Okapi Rainbow"/></header>
<body>
<group id="g1" resname="section 1">
 <trans-unit id="1" resname="title" xml:space="preserve" approved="yes">
  <source xml:lang="en-US">  Pyongyang  </source>
  <target xml:lang="ko-KR" state="signed-off">  평양  </target>
  <alt-trans match-quality="80" origin="tm">
   <source>Pyongyang city</source><target>평양시</target>
  </alt-trans>
  <note>from the TM</note>
 </trans-unit>
 <group id="g2">
  <trans-unit id="2" translate="yes">
   <source>Second <g id="1">bold</g> one</source>
   <seg-source><mrk mtype="seg" mid="0">Second bold one</mrk></seg-source>
   <target state="needs-translation">두 번째 <g id="1">굵은</g> 것</target>
  </trans-unit>
 </group>
</group>
<trans-unit id="3"><source>Third</source></trans-unit>
</body></file></xliff>
"""


def test_reads_a_file_written_by_another_tool_ignoring_alt_trans():
    units = read_xliff(OTHER_TOOL_12.encode())
    assert [(u.key, u.source, u.target, u.state, u.line) for u in units] == [
        ("1", "  Pyongyang  ", "  평양  ", State.APPROVED, 9),
        ("2", "Second bold one", "두 번째 굵은 것", State.DRAFT, 18),
        ("3", "Third", "", State.UNTRANSLATED, 25),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<xliff version="1.1"><file/></xliff>',
            r"found <xliff> version 1.1 in namespace \(none\)",
        ),
        (f'<xliff xmlns="{NS12}" version="2.0"/>'.encode(), "version 2.0 in namespace urn:"),
        (f'<xliff xmlns="{NS20}" version="1.2"/>'.encode(), "version 1.2 in namespace urn:"),
        (b"<tmx version='1.4'/>", r"^line 1: not an XLIFF 1.2 or 2.0 file: found <tmx>"),
        (xliff12("").replace(b"<source>s</source>", b""), "line 3: a <trans-unit> has no <source>"),
        (xliff20(""), "line 2: a <unit> has no <segment>"),
    ],
)
def test_refuses_what_is_not_xliff_12_or_20(data, message):
    with pytest.raises(ExchangeFormatError, match=message):
        read_xliff(data)


def test_whitespace_is_marked_to_be_preserved():
    root12 = assert_valid(xliff12_schema(), write_xliff12(document(unit("p-1"))))
    assert root12.find(".//x:trans-unit", Q12).get(XML_SPACE) == "preserve"
    root20 = assert_valid(xliff20_schema(), write_xliff20(document(unit("p-1"))))
    segment = root20.find(".//x:segment", Q20)
    assert [child.get(XML_SPACE) for child in segment] == ["preserve", "preserve"]


@settings(max_examples=60, deadline=None)
@given(source=xml_text, target=xml_text, state=st.sampled_from(State))
def test_any_text_and_state_survive_both_versions(source, target, state):
    doc = document(unit("p-1", state, source=source, target=target))
    for write in (write_xliff12, write_xliff20):
        [read] = read_xliff(write(doc))
        assert (read.source, read.target) == (source, target)
        if not target:
            assert read.state is State.UNTRANSLATED
        else:  # a target on an untranslated unit is written, and read, as a draft
            assert read.state is (State.DRAFT if state is State.UNTRANSLATED else state)


@pytest.mark.parametrize("write", [write_xliff12, write_xliff20])
def test_a_file_of_this_app_says_its_language_and_when_it_was_written(write):
    read = read_xliff_file(write(document(unit("p-1"))))
    assert read.target_lang == "ko"
    assert datetime.fromisoformat(read.exported) == WHEN


def test_another_tools_file_date_says_nothing_of_the_app():
    data = write_xliff12(document(unit("p-1"))).replace(b'tool-id="translate_app"', b"")
    data = data.replace(b'<tool tool-id="translate_app"', b'<tool tool-id="other"')
    read = read_xliff_file(data)
    assert read.exported is None and read.target_lang == "ko"
    data20 = write_xliff20(document(unit("p-1"))).replace(b'category="x-exported-at"', b"")
    assert read_xliff_file(data20).exported is None
