"""The safe XML parse under both readers: hostile, malformed and foreign-encoded files."""

import pytest

from translate_app.domain.exchange import ExchangeFormatError
from translate_app.domain.xliff import read_xliff as read_xliff_file
from translate_app.domain.xliff import write_xliff12

from .exchange_helpers import document, unit

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">&lol3;</xliff>
"""


def read_xliff(data: bytes):
    return read_xliff_file(data).units


def external_entity(url: str) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "{url}">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a"
 source-language="en" datatype="plaintext"><body><trans-unit id="1"><source>&xxe;</source>
</trans-unit></body></file></xliff>"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BILLION_LAUGHS, "^line 3: entity declarations are not accepted in imported files$"),
        (external_entity("file:///etc/passwd"), "^line 2: entity declarations are not accepted"),
        (external_entity("http://example.invalid/x"), "^line 2: entity declarations"),
        ('<!DOCTYPE x [<!ENTITY % p SYSTEM "http://example.invalid/p">%p;]><x/>', "entity"),
        ("<!DOCTYPE xliff>\n<xliff/>", "^a DOCTYPE declaration is not accepted in this format$"),
        (
            '<!DOCTYPE xliff SYSTEM "http://example.invalid/x.dtd">\n<xliff/>',
            "^a DOCTYPE declaration is not accepted",
        ),
        (
            '\n<!DOCTYPE xliff SYSTEM "a>b" [<!ATTLIST xliff version CDATA "1.2">]><xliff/>',
            "^line 2: an internal DTD subset is not accepted",
        ),
    ],
)
def test_hostile_xml_is_refused_before_it_is_expanded_or_fetched(data, message):
    with pytest.raises(ExchangeFormatError, match=message):
        read_xliff(data.encode())


def test_entity_declarations_are_found_in_utf16_files_too():
    with pytest.raises(ExchangeFormatError, match=r"^line 3: entity declarations"):
        read_xliff(BILLION_LAUGHS.replace('"1.0"', '"1.0" encoding="UTF-16"').encode("utf-16"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<xliff>\n<file>\n</xliff>", r"^line 3: not well-formed XML: Opening and ending tag"),
        (b"<xliff>\n\n&nbsp;</xliff>", "^line 3: not well-formed XML: Entity 'nbsp' not defined"),
        (b"", "not well-formed XML"),
        (
            b'<?xml version="1.0" encoding="ISO-8859-1"?><xliff/>',
            "declares the encoding ISO-8859-1; only UTF-8 and UTF-16 are accepted",
        ),
        (b"<xliff>\n<x>caf\xe9</x></xliff>", r"^line 2: the file is not valid UTF-8 \(byte 0xe9\)"),
        (b"\xff\xfe<\x00x\x00\x00\xd8>\x00", r"not valid UTF-16 \(byte 0x00\)"),
    ],
)
def test_malformed_files_are_refused_with_their_line(data, message):
    with pytest.raises(ExchangeFormatError, match=message):
        read_xliff(data)


ROUND_TRIP_12 = write_xliff12(document(unit("p-1", source="é 한")))


@pytest.mark.parametrize(
    "data",
    [
        ROUND_TRIP_12,
        b"\xef\xbb\xbf" + ROUND_TRIP_12,
        ROUND_TRIP_12.replace(b"UTF-8", b"utf8"),
        ROUND_TRIP_12.decode().replace("UTF-8", "UTF-16").encode("utf-16"),
        ROUND_TRIP_12.decode().replace("UTF-8", "UTF-16").encode("utf-16-le"),
        ROUND_TRIP_12.decode().replace("UTF-8", "UTF-16").encode("utf-16-be"),
        ROUND_TRIP_12.split(b"\n", 1)[1],  # no XML declaration at all
    ],
    ids=["utf-8", "utf-8 bom", "utf8", "utf-16 bom", "utf-16-le", "utf-16-be", "undeclared"],
)
def test_utf8_and_utf16_files_are_read(data):
    [read] = read_xliff(data)
    assert read.source == "é 한"
