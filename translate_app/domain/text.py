"""Small text measures shared by progress bars and reports, and the characters text may hold."""

import re

_WORD = re.compile(r"\S+")


def count_words(text: str) -> int:
    # Whitespace words suit English and Korean alike (Korean separates eojeol with spaces).
    return len(_WORD.findall(text))


# Every control character (Unicode category Cc) except tab, line feed, form feed and
# carriage return, which fold to spaces; and the surrogates (Cs), which are halves of a
# UTF-16 pair and no character at all. GNU msgfmt cuts an entry at a NUL, PostgreSQL
# refuses NUL in text, and neither SQLite nor PostgreSQL can store a lone surrogate.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# fmt: off
_C0_NAMES = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
    "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
    "FS", "GS", "RS", "US",
)
# fmt: on


class CharacterError(ValueError):
    """Text holds a character that no article or translation may hold."""

    def __init__(self, text: str, index: int):
        self.char = text[index]
        self.index = index
        self.line = text.count("\n", 0, index) + 1
        super().__init__(describe_character(self.char))


def check_characters(text: str) -> str:
    """Return ``text`` unchanged, or raise CharacterError for its first forbidden character."""
    if found := _FORBIDDEN.search(text):
        raise CharacterError(text, found.start())
    return text


def describe_character(ch: str) -> str:
    """``U+001B (ESC)``: how a message names a character without printing it."""
    point = ord(ch)
    if 0xD800 <= point <= 0xDFFF:
        return f"a lone surrogate U+{point:04X}"
    name = _C0_NAMES[point] if point < len(_C0_NAMES) else "DEL" if point == 0x7F else None
    return f"the control character U+{point:04X}" + (f" ({name})" if name else "")
