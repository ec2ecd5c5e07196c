"""A linear writer of GNU .mo files.

polib's and translate-toolkit's writers append to immutable bytes and grow
quadratically (minutes for 100,000 paragraphs); this one joins lists once.
The layout is GNU gettext's: a header, two tables of (length, offset), then the
strings, each followed by a NUL. No hash table is written: libintl then finds a
message by binary search over the sorted originals, and Python's gettext reads
every message into a dict anyway.
"""

import struct
from collections.abc import Iterable

MAGIC = 0x950412DE
_HEADER = struct.Struct("<7I")


def mo_key(msgctxt: str | None, msgid: str) -> bytes:
    # gettext joins a context and its message with EOT in the binary catalog.
    return (msgid if msgctxt is None else f"{msgctxt}\x04{msgid}").encode("utf-8")


def write_mo(header: str, messages: Iterable[tuple[str | None, str, str]]) -> bytes:
    """``header`` is the header entry's msgstr; ``messages`` (msgctxt, msgid, msgstr)
    are the translated entries (empty ones are left out, as msgfmt does)."""
    pairs = {b"": header.encode("utf-8")}
    for msgctxt, msgid, msgstr in messages:
        if msgstr:
            pairs[mo_key(msgctxt, msgid)] = msgstr.encode("utf-8")
    keys = sorted(pairs)  # libintl's binary search needs the originals in byte order
    count = len(keys)
    originals_at = _HEADER.size
    translations_at = originals_at + 8 * count
    strings_at = translations_at + 8 * count
    lengths_and_offsets: list[int] = []
    strings: list[bytes] = []
    offset = strings_at
    for key in keys:
        lengths_and_offsets += (len(key), offset)
        strings.append(key + b"\0")
        offset += len(key) + 1
    for key in keys:
        value = pairs[key]
        lengths_and_offsets += (len(value), offset)
        strings.append(value + b"\0")
        offset += len(value) + 1
    header_bytes = _HEADER.pack(MAGIC, 0, count, originals_at, translations_at, 0, strings_at)
    tables = struct.pack(f"<{len(lengths_and_offsets)}I", *lengths_and_offsets)
    return b"".join([header_bytes, tables, *strings])
