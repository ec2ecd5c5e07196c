"""Documents and official schemas shared by the exchange-format tests (no app, no database)."""

from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from hypothesis import strategies as st
from lxml import etree

from translate_app.domain.exchange import ExchangeDocument, ExchangeUnit
from translate_app.domain.states import State

SCHEMAS = Path(__file__).parent / "schemas"
WHEN = datetime(2026, 3, 1, 9, 30, 5, tzinfo=UTC)
TRICKY = " <b> & \"quoted\" ]]> 'apos'\nsecond line\n "


class LocalSchemas(etree.Resolver):
    """The 1.2 schema imports xml.xsd by absolute URL; tests never reach the network."""

    def resolve(self, url, public_id, context):
        if url == "http://www.w3.org/2001/xml.xsd":
            return self.resolve_filename(str(SCHEMAS / "xliff-1.2" / "xml.xsd"), context)
        if url.startswith(("http:", "https:")):
            raise AssertionError(f"schema asked the network for {url}")
        return None


@cache
def xliff12_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalSchemas())
    path = SCHEMAS / "xliff-1.2" / "xliff-core-1.2-strict.xsd"
    return etree.XMLSchema(etree.parse(str(path), parser))


@cache
def xliff20_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-2.0" / "xliff_core_2.0.xsd"), parser))


@cache
def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(SCHEMAS / "tmx-1.4" / "tmx14.dtd"))


def assert_valid(validator, data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    assert validator.validate(root), validator.error_log
    return root


def unit(key: str, state: State = State.TRANSLATED, **fields) -> ExchangeUnit:
    values = {
        "key": key,
        "position": 1,
        "kind": "paragraph",
        "source": f"source of {key}",
        "target": None if state is State.UNTRANSLATED else f"번역 {key}",
        "state": state,
    }
    values.update(fields)
    return ExchangeUnit(**values)


def document(*units: ExchangeUnit, **fields) -> ExchangeDocument:
    values = {
        "slug": "provincialization-of-pyongyang",
        "title": "The provincialization of Pyongyang",
        "source_lang": "en",
        "target_lang": "ko",
        "units": units,
        "created": WHEN,
    }
    values.update(fields)
    return ExchangeDocument(**values)


def every_state_document() -> ExchangeDocument:
    return document(
        *(
            unit(f"p-{state.name.lower()}", state, position=n, notes=(f"comment on {n}",))
            for n, state in enumerate(State, 1)
        ),
        unit("p-korean", source="평양의 지방화", target="The provincialization", position=7),
        unit("p-tricky", source=TRICKY, target=TRICKY + "번역", kind="heading", position=8),
        unit("p-empty-target", State.DRAFT, target="", position=9),
    )


# Any text XML can carry, including spacing, markup characters and carriage returns.
xml_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\ufffe\uffff").filter(
        lambda c: c in "\t\n\r" or ord(c) >= 0x20
    ),
    max_size=40,
)
