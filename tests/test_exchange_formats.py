"""XLIFF 1.2, XLIFF 2.0 and TMX 1.4b: exports valid against the official schemas, states
mapped both ways, real files of other tools read, hostile XML refused."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from translate_app.domain.exchange import ExchangeDocument, ExchangeFormatError, ExchangeUnit
from translate_app.domain.states import State
from translate_app.domain.tmx import TmxUnit, read_tmx, tmx_units_from_document, write_tmx
from translate_app.domain.xliff import read_xliff, write_xliff12, write_xliff20

SCHEMAS = Path(__file__).with_name("schemas")
WHEN = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
HARD = "a < b && \"c\" > d ]]> 'e'  two  spaces "


class LocalSchemas(etree.Resolver):
    """The 1.2 schema imports xml.xsd by its absolute URL: answer with the local copy."""

    def resolve(self, url, pubid, context):
        if url == "http://www.w3.org/2001/xml.xsd":
            return self.resolve_filename(str(SCHEMAS / "xliff-1.2" / "xml.xsd"), context)
        return None


def schema(path: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalSchemas())
    return etree.XMLSchema(etree.parse(str(path), parser))


XLIFF12 = schema(SCHEMAS / "xliff-1.2" / "xliff-core-1.2-strict.xsd")
XLIFF20 = schema(SCHEMAS / "xliff-2.0" / "xliff_core_2.0.xsd")
TMX_DTD = etree.DTD(str(SCHEMAS / "tmx-1.4" / "tmx14.dtd"))


def unit(n: int, state: State, target: str | None = "번역", **extra) -> ExchangeUnit:
    target = target if state != State.UNTRANSLATED else None
    return ExchangeUnit(f"{n:012x}", n, "paragraph", f"Source {n}.", target, state, **extra)


UNITS = (
    ExchangeUnit(
        "0a1b2c3d4e5f",
        1,
        "title",
        "The provincialization of Pyongyang",
        "평양의 지방화",
        State.APPROVED,
        ("editor: 제목 좋아요",),
        "mina",
        WHEN,
        WHEN,
    ),
    unit(2, State.UNTRANSLATED),
    unit(3, State.DRAFT, "초안"),
    unit(4, State.REJECTED, "반려된 번역"),
    unit(5, State.NEEDS_REVIEW, "원문이 바뀜"),
    unit(6, State.TRANSLATED, HARD),
    ExchangeUnit("000000000007", 7, "paragraph", HARD, "\n줄바꿈\n", State.TRANSLATED),
)
DOC = ExchangeDocument("art", "Title", "en", "ko", UNITS, WHEN)


def validate(validator, data: bytes) -> None:
    tree = etree.ElementTree(etree.fromstring(data))
    assert validator.validate(tree), validator.error_log


@pytest.mark.parametrize(
    ("write", "validator"), [(write_xliff12, XLIFF12), (write_xliff20, XLIFF20)]
)
def test_xliff_exports_validate_against_the_oasis_schemas(write, validator):
    validate(validator, write(DOC))


@pytest.mark.parametrize("write", [write_xliff12, write_xliff20])
def test_xliff_round_trip_keeps_keys_texts_and_states(write):
    read = read_xliff(write(DOC))
    units, exported = read.units, read.exported
    assert read.target_lang == "ko"
    assert [(u.key, u.source, u.target, u.state) for u in units] == [
        (u.key, u.source, u.target or "", u.state) for u in UNITS
    ]
    assert exported.startswith("2026-11-29T03:00:00")
    assert all(u.line > 1 for u in units)


def test_xliff12_states_notes_and_attributes():
    root = etree.fromstring(write_xliff12(DOC))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    units = root.findall(".//x:trans-unit", ns)
    states = [(u.get("approved"), (u.find("x:target", ns) is not None
              and u.find("x:target", ns).get("state"))) for u in units]  # fmt: skip
    assert states == [("yes", "final"), (None, False), (None, "new"),
                      ("no", "needs-review-translation"), (None, "needs-review-translation"),
                      (None, "translated"), (None, "translated")]  # fmt: skip
    notes = [n.text for n in units[0].findall("x:note", ns)]
    assert notes == ["paragraph 1 (title)", "editor: 제목 좋아요"]
    file = root.find("x:file", ns)
    assert (file.get("source-language"), file.get("target-language")) == ("en", "ko")
    assert units[6].find("x:target", ns).text == "\n줄바꿈\n"


def test_xliff20_states_and_notes():
    root = etree.fromstring(write_xliff20(DOC))
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    segments = root.findall(".//x:segment", ns)
    assert [(s.get("state"), s.get("subState")) for s in segments] == [
        ("final", None), (None, None), ("initial", None), ("initial", "app:rejected"),
        ("translated", "app:needs-review"), ("translated", None), ("translated", None),
    ]  # fmt: skip
    unit_notes = root.find(".//x:unit/x:notes", ns)
    assert [(n.get("category"), n.text) for n in unit_notes] == [
        ("location", "paragraph 1 (title)"), ("comment", "editor: 제목 좋아요")]  # fmt: skip


OMEGAT_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"
       xmlns:okp="okapi-framework:xliff-extensions">
 <file original="article.txt" source-language="en-US" target-language="ko-KR" datatype="x-text">
  <body>
   <group id="g1" resname="section">
    <trans-unit id="1" resname="0a1b2c3d4e5f" xml:space="preserve">
     <source xml:lang="en-US">The provincialization of Pyongyang</source>
     <target xml:lang="ko-KR" state="signed-off"
       >평양의 <mrk mtype="seg" mid="1">지방화</mrk></target>
     <alt-trans match-quality="80"><source>Other</source><target>다른</target></alt-trans>
    </trans-unit>
    <trans-unit id="2"><source>No target yet.</source></trans-unit>
    <trans-unit id="3"><source>Needs work.</source>
      <target state="needs-translation">시작</target></trans-unit>
    <trans-unit id="4"><source>No state.</source><target>끝</target></trans-unit>
   </group>
  </body>
 </file>
</xliff>
""".encode()


def test_an_xliff12_of_another_tool_reads_with_groups_and_without_alt_trans():
    read = read_xliff(OMEGAT_12)
    units = read.units
    assert read.exported is None and read.target_lang == "ko-KR"
    assert [(u.key, u.source, u.target, u.state) for u in units] == [
        ("0a1b2c3d4e5f", "The provincialization of Pyongyang", "평양의 지방화", State.APPROVED),
        ("2", "No target yet.", "", State.UNTRANSLATED),
        ("3", "Needs work.", "시작", State.DRAFT),
        ("4", "No state.", "끝", State.TRANSLATED),
    ]


def test_an_xliff20_with_several_segments_per_unit_reads_them_joined():
    data = """<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ko">
 <file id="f"><unit id="u1">
  <segment state="reviewed"><source>One. </source><target>하나. </target></segment>
  <ignorable><source> </source></ignorable>
  <segment><source>Two.</source><target>둘.</target></segment></unit></file></xliff>""".encode()
    read = read_xliff(data)
    assert [(u.key, u.source, u.target, u.state) for u in read.units] == [
        ("u1", "One. Two.", "하나. 둘.", State.TRANSLATED)]  # fmt: skip
    assert read.exported is None and read.target_lang == "ko"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">&lol2;</xliff>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [
<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">&secret;</xliff>"""
REMOTE = b"""<?xml version="1.0"?>\n
<!DOCTYPE x [
<!ENTITY % r SYSTEM "http://192.0.2.1/x.dtd"> %r;]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"/>"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BILLION_LAUGHS, "line 2: entity declarations are not accepted"),
        (EXTERNAL, "line 3: entity declarations are not accepted"),
        (REMOTE, "line 4: entity declarations are not accepted"),
        (BILLION_LAUGHS.decode().encode("utf-16"), "entity declarations are not accepted"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE xliff SYSTEM "x.dtd">\n<xliff/>',
         "line 2: a DOCTYPE is not accepted"),
        (b'<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>',
         "line 4: not well-formed XML"),
        (b'<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.1"/>',
         "line 2: not XLIFF 1.2 or 2.0 (the root is <xliff> in "
         "urn:oasis:names:tc:xliff:document:1.1)"),
        (b"<tmx version='1.4'/>",
         "line 1: not XLIFF 1.2 or 2.0 (the root is <tmx> in no namespace)"),
    ],
)  # fmt: skip
def test_hostile_or_broken_xliff_is_refused_with_the_line(data, message):
    with pytest.raises(ExchangeFormatError) as caught:
        read_xliff(data)
    assert message in str(caught.value)


def test_tmx_export_validates_against_the_dtd_and_reads_back():
    units = tmx_units_from_document(DOC)
    assert [u.key for u in units] == [u.key for u in UNITS if u.target]
    data = write_tmx(units, source_lang="en", created=WHEN)
    tree = etree.ElementTree(etree.fromstring(data))
    assert TMX_DTD.validate(tree), TMX_DTD.error_log
    assert b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">' in data
    tu = tree.getroot().find("body/tu")
    assert (tu.get("tuid"), tu.get("creationid"), tu.get("creationdate")) == (
        "0a1b2c3d4e5f", "mina", "20261129T030000Z")  # fmt: skip
    result = read_tmx(data, source_lang="en", target_lang="ko")
    assert result.skipped == [] and result.exported_at == WHEN
    assert [(u.key, u.source, u.target) for u in result.units] == [
        (u.key, u.source, u.target) for u in units
    ]
    assert result.units[0].author == "mina" and result.units[0].created == WHEN
    assert result.units[0].note == "art: paragraph 1 (title)"


MEMOQ_TMX = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="memoQ" creationtoolversion="9.12" segtype="sentence" o-tmf="memoQTM"
          adminlang="en-us" srclang="en-us" datatype="unknown" creationdate="20240101T000000Z"/>
  <body>
    <tu creationdate="20240102T101010Z" creationid="kim" changedate="20240103T101010Z">
      <prop type="client">Newsroom</prop>
      <tuv xml:lang="en-US"><seg>The border is closed.</seg></tuv>
      <tuv xml:lang="ko-KR"><seg>국경은 닫혀 있다.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-US"><seg>Only English.</seg></tuv>
      <tuv xml:lang="ja-JP"><seg>英語のみ。</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="EN-US"><seg>Empty Korean.</seg></tuv>
      <tuv xml:lang="ko-KR"><seg>  </seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-US"><seg>With <ph x="1">&lt;b&gt;</ph>markup</seg></tuv>
      <tuv xml:lang="ko"><seg><ph x="1">&lt;b&gt;</ph>표시</seg></tuv>
    </tu>
  </body>
</tmx>
""".encode()


def test_a_tmx_of_another_tool_reads_and_reports_what_it_skipped():
    result = read_tmx(MEMOQ_TMX, source_lang="en", target_lang="ko")
    assert [(u.source, u.target, u.author) for u in result.units] == [
        ("The border is closed.", "국경은 닫혀 있다.", "kim"),
        ("With <b>markup", "<b>표시", None),
    ]
    assert result.units[0].created == datetime(2024, 1, 2, 10, 10, 10, tzinfo=UTC)
    assert result.units[0].changed == datetime(2024, 1, 3, 10, 10, 10, tzinfo=UTC)
    assert result.exported_at is None  # another tool's dates say nothing of the app
    assert result.skipped == [
        "line 12: the unit has no text in ko (it has en-us, ja-jp)",
        "line 16: an empty segment",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (MEMOQ_TMX.replace(b'srclang="en-us" ', b""),
         "line 5: not valid TMX 1.4b: Element header does not carry attribute srclang"),
        (MEMOQ_TMX.replace(b"<seg>Only English.</seg>", b""),
         "line 13: not valid TMX 1.4b: Element tuv content does not follow the DTD"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "b">]>\n<tmx/>',
         "line 2: entity declarations are not accepted"),
        (b"<tmx version='1.4'><header>", "line 1: not well-formed XML"),
    ],
)  # fmt: skip
def test_a_tmx_that_breaks_the_dtd_or_is_hostile_is_refused(data, message):
    with pytest.raises(ExchangeFormatError) as caught:
        read_tmx(data, source_lang="en", target_lang="ko")
    assert message in str(caught.value)


def test_tmx_unit_without_optional_fields_writes_only_what_it_has():
    data = write_tmx([TmxUnit("a", "b", "en", "ko")], source_lang="en", created=WHEN)
    tu = etree.fromstring(data).find("body/tu")
    assert dict(tu.attrib) == {} and tu.find("note") is None
