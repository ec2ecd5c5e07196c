"""The PO file format: a linear writer and a strict reader.

polib and Babel wrap every string at 76 columns while writing, which is nearly all
the cost of writing a catalog of long paragraphs, and both read a malformed file
without complaint (an unterminated string or a duplicate entry goes through). This
writer never wraps (msgfmt and every PO editor read long lines), and this reader
refuses what GNU msgfmt refuses, naming the line.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPE_RE = re.compile(r'[\\"\n\t\r]')
_UNESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b",
              "f": "\f", "v": "\v"}  # fmt: skip
_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$')
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$")
_ESCAPE_IN_RE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)")


class POSyntaxError(ValueError):
    def __init__(self, line: int, problem: str):
        super().__init__(f"line {line}: {problem}")
        self.line = line


@dataclass
class POEntry:
    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    flags: list[str] = field(default_factory=list)
    previous_msgid: str | None = None
    extracted: list[str] = field(default_factory=list)  # "#." lines
    references: list[str] = field(default_factory=list)  # "#:" lines
    plural: bool = False
    obsolete: bool = False
    line: int = 0

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


def quote(text: str) -> str:
    return '"' + _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text) + '"'


def write_po(header_comments: Iterable[str], header: dict[str, str], entries: Iterable[POEntry],
             *, header_fuzzy: bool = False) -> str:  # fmt: skip
    """The whole file as text; one string per line, never wrapped."""
    out = [f"# {line}".rstrip() for line in header_comments]
    if header_fuzzy:
        out.append("#, fuzzy")
    out.append('msgid ""')
    out.append('msgstr ""')
    out.extend(quote(f"{name}: {value}\n") for name, value in header.items())
    for entry in entries:
        out.append("")
        out.extend(f"#. {line}".rstrip() for line in entry.extracted)
        out.extend(f"#: {ref}" for ref in entry.references)
        if entry.flags:
            out.append("#, " + ", ".join(entry.flags))
        if entry.previous_msgid is not None:
            out.append("#| msgid " + quote(entry.previous_msgid))
        if entry.msgctxt is not None:
            out.append("msgctxt " + quote(entry.msgctxt))
        out.append("msgid " + quote(entry.msgid))
        out.append("msgstr " + quote(entry.msgstr))
    out.append("")
    return "\n".join(out)


def parse_header(msgstr: str) -> dict[str, str]:
    fields = {}
    for line in msgstr.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields[name.strip()] = value.strip()
    return fields


@dataclass
class POFile:
    header: dict[str, str]
    entries: list[POEntry]  # without the header entry; obsolete ones included


def read_po(text: str) -> POFile:
    """Parse ``text`` or raise POSyntaxError at the first line msgfmt would refuse."""
    entries: list[POEntry] = []
    parser = _Parser(entries)
    for number, raw in enumerate(text.split("\n"), start=1):
        parser.feed(number, raw.rstrip("\r"))
    parser.finish()
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    if header is None:
        raise POSyntaxError(1, 'there is no header entry (msgid "" with the Content-Type)')
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise POSyntaxError(
                entry.line, f"duplicate message definition (first defined at line {seen[key]})"
            )
        seen[key] = entry.line
    return POFile(parse_header(header.msgstr), [e for e in entries if e is not header])


class _Parser:
    def __init__(self, entries: list[POEntry]):
        self.entries = entries
        self.pending = POEntry(msgid="")
        self.started = False  # a keyword of the pending entry was seen
        self.field: str | None = None  # where a continuation string goes
        self.seen: set[str] = set()

    def feed(self, number: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            return
        obsolete = stripped.startswith("#~")
        if obsolete:
            stripped = stripped[2:].strip()
            if not stripped or stripped.startswith("|"):  # an obsolete entry's previous msgid
                return
        elif stripped.startswith("#"):
            self._comment(number, stripped)
            return
        if stripped.startswith('"'):
            if self.field is None:
                raise POSyntaxError(number, "a string outside any msgid or msgstr")
            self._append(self.field, _string(number, stripped))
            return
        match = _KEYWORD_RE.match(stripped)
        if not match:
            raise POSyntaxError(number, f"unknown keyword or misformatted line: {stripped[:40]!r}")
        keyword, index, rest = match.groups()
        base = "msgstr" if keyword.startswith("msgstr") else keyword
        # A new entry starts with msgctxt, or with msgid after a msgstr.
        if (base in ("msgctxt", "msgid") and "msgstr" in self.seen) or (
            base == "msgctxt" and "msgid" in self.seen
        ):
            self._close()
        if not self.started:
            self.pending.line = number
            self.pending.obsolete = obsolete
            self.started = True
        if base in self.seen and (base != "msgstr" or index is None):
            raise POSyntaxError(number, f"{keyword} appears twice in one entry")
        if base == "msgstr" and "msgid" not in self.seen:
            raise POSyntaxError(number, "msgstr without a msgid before it")
        if base == "msgid_plural":
            self.pending.plural = True
        if index is not None and not self.pending.plural:
            raise POSyntaxError(number, f"{keyword} in an entry without msgid_plural")
        self.seen.add(base)
        value = _string(number, rest)
        self.field = base if index in (None, "0") else "ignored"
        if self.field == "msgid_plural":
            self.field = "ignored"
        self._append(self.field, value, first=True)

    def _comment(self, number: int, line: str) -> None:
        if "msgstr" in self.seen:
            self._close()
        kind, text = line[:2], line[2:].strip()
        if kind == "#,":
            self.pending.flags.extend(f.strip() for f in text.split(",") if f.strip())
        elif kind == "#.":
            self.pending.extracted.append(text)
        elif kind == "#:":
            self.pending.references.extend(text.split())
        elif kind == "#|" and text.startswith("msgid "):
            self.pending.previous_msgid = _string(number, text[len("msgid ") :])
        elif kind == "#|" and text.startswith('"') and self.pending.previous_msgid is not None:
            self.pending.previous_msgid += _string(number, text)

    def _append(self, field_name: str, value: str, first: bool = False) -> None:
        if field_name == "ignored":
            return
        current = "" if first else getattr(self.pending, field_name) or ""
        setattr(self.pending, field_name, current + value)

    def _close(self) -> None:
        if self.started:
            if "msgstr" not in self.seen:
                raise POSyntaxError(self.pending.line, "an entry without msgstr")
            self.entries.append(self.pending)
        self.pending = POEntry(msgid="")
        self.started = False
        self.field = None
        self.seen = set()

    def finish(self) -> None:
        if self.started:
            self._close()


def _string(number: int, text: str) -> str:
    match = _STRING_RE.fullmatch(text.strip())
    if not match:
        raise POSyntaxError(number, f"a string must be one pair of double quotes: {text[:40]!r}")
    return _ESCAPE_IN_RE.sub(lambda m: _unescape(number, m.group(1)), match.group(1))


def _unescape(number: int, code: str) -> str:
    if code[0] == "x":
        return chr(int(code[1:], 16))
    if code[0] in "01234567":
        return chr(int(code, 8))
    if code in _UNESCAPES:
        return _UNESCAPES[code]
    raise POSyntaxError(number, f"unknown escape sequence \\{code}")
