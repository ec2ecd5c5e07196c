"""Turning a source file's bytes into text: which encoding, and whether it is text at all.

Korean newsrooms still receive files saved by older Windows software in CP949 (a superset
of EUC-KR), and Word's "Unicode text" is UTF-16. Both are converted, and the import says
so; anything else that is not UTF-8 is refused rather than guessed at.
"""

import codecs
import unicodedata

from ..segmentation import SourceError
from ..text import CharacterError, check_characters

_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Of the characters a CP949 decoding yields, at least this share must be Hangul syllables
# (among the non-ASCII ones) before the file is taken as Korean: a Latin-1 or Shift_JIS
# file also decodes as CP949 byte by byte, as nonsense.
_MIN_HANGUL_SHARE = 0.8
# A BOM-less file is taken for UTF-16 only with at least this many zero bytes where ASCII
# characters would put them: one stray NUL in a short file is a binary file, not UTF-16.
_MIN_UTF16_ZEROS = 2


def decode_text(data: bytes, name: str = "file") -> tuple[str, str | None]:
    """The text of ``data``, NFC-normalised, and a note when it was converted.

    Raises SourceError naming ``name`` and the reason for an empty, binary or
    undecodable file, or one whose text holds nothing visible.
    """
    if not data.strip():
        raise SourceError(f"{name} is empty")
    text, note = _decode(data, name)
    return checked_text(text, name), note


def checked_text(text: str, name: str) -> str:
    """Decoded ``text``, NFC-normalised, or SourceError if it holds a character no
    text may hold or nothing visible."""
    try:
        check_characters(text)
    except CharacterError as exc:
        raise SourceError(
            f"{name} contains {exc} on line {exc.line}; it does not look like text"
        ) from None
    text = unicodedata.normalize("NFC", text)
    if not has_visible_text(text):
        raise SourceError(f"{name} has no visible text (only spaces or invisible characters)")
    return text


def _decode(data: bytes, name: str) -> tuple[str, str | None]:
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[len(codecs.BOM_UTF8) :], name), None
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            return _utf16(data[len(bom) :], encoding, name), f"converted from {_label(encoding)}"
    if (encoding := _bomless_utf16(data)) is not None:
        return _utf16(data, encoding, name), f"converted from {_label(encoding)}"
    if b"\x00" in data:
        raise SourceError(f"{name} looks like a binary file, not text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    korean = _cp949(data)
    if korean is not None:
        return korean, "converted from CP949 (EUC-KR)"
    raise SourceError(
        f"{name} is not valid UTF-8 (byte {utf8_error.start}) nor Korean CP949/EUC-KR: "
        "save it as UTF-8 and try again"
    )


def _utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{name} is not valid UTF-8 (byte {exc.start + 3}): save it as UTF-8 and try again"
        ) from None


def _utf16(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{name} is not valid {_label(encoding)} (byte {exc.start}): "
            "save it as UTF-8 and try again"
        ) from None


def _label(encoding: str) -> str:
    return "UTF-16 (little-endian)" if encoding.endswith("le") else "UTF-16 (big-endian)"


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte order mark, told by where its zero bytes fall.

    Text in UTF-16 has a zero in the high byte of every ASCII character (spaces, line
    breaks, digits, punctuation: a tenth of Korean prose at least), and seldom one in
    the other byte (only characters such as U+AC00 have it); a binary file has zeros
    anywhere. The guess stands only if the bytes then decode.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    zeros = {"utf-16-le": data[1::2].count(0), "utf-16-be": data[0::2].count(0)}
    for encoding, other in (("utf-16-le", "utf-16-be"), ("utf-16-be", "utf-16-le")):
        enough = max(_MIN_UTF16_ZEROS, half / 10)
        if zeros[encoding] >= enough and zeros[other] * 3 <= zeros[encoding]:
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def _cp949(data: bytes) -> str | None:
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    wide = [ch for ch in text if ord(ch) > 0x7F]
    hangul = sum(1 for ch in wide if "\uac00" <= ch <= "\ud7a3")
    return text if wide and hangul / len(wide) >= _MIN_HANGUL_SHARE else None


def has_visible_text(text: str) -> bool:
    """Whether anything in ``text`` would show: not only spaces, format characters
    (zero-width spaces and joiners, the byte order mark) or other invisibles."""
    return any(_visible(ch) for ch in text)


def _visible(ch: str) -> bool:
    category = unicodedata.category(ch)
    # Z*: spaces and separators; Cf: zero-width and bidirectional format characters;
    # Cc: tabs and line breaks (the rest are refused before); Mn alone shows nothing
    # either, but a combining mark always follows a letter, which is visible.
    if category[0] == "Z" or category in {"Cf", "Cc", "Mn", "Me"}:
        return False
    # Hangul fillers are letters by category but print as nothing.
    return ch not in "\u115f\u1160\u3164\uffa0"
