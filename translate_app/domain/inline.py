"""Inline markup inside a segment, as numbered tags the translator moves around.

A segment's text holds its bold, italics, links and line breaks as tokens: ``<1>`` and
``</1>`` around a span, ``<2/>`` for a line break. What each number stands for is kept
beside the text in a tag map, ``{"1": {"type": "b"}, "2": {"type": "br"}}``, so the
translator never sees or edits raw HTML and a URL cannot be mistyped. Only numbers in
the map are tags: in a segment without markup, ``<1>`` is text like any other.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

#: Tag types: spans (bold, italics, inline code, a link) and the empty line break.
SPAN_TYPES = frozenset({"b", "i", "code", "a"})
EMPTY_TYPES = frozenset({"br"})
TOKEN = re.compile(r"<(/?)(\d{1,3})(/?)>")

Tags = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class Piece:
    """A run of text, or one tag token: ``kind`` is text, open, close or empty."""

    kind: str
    value: str  # the text, or the tag's number
    token: str = ""  # the token as written, for a piece read from text


def pieces(text: str, tags: Tags) -> Iterator[Piece]:
    """``text`` cut into text runs and the tokens of tags in ``tags``."""
    at = 0
    for match in TOKEN.finditer(text):
        closing, number, empty = match.groups()
        if number not in tags or (closing and empty):
            continue
        if match.start() > at:
            yield Piece("text", text[at : match.start()])
        kind = "close" if closing else "empty" if empty else "open"
        yield Piece(kind, number, match.group())
        at = match.end()
    if at < len(text):
        yield Piece("text", text[at:])


def plain(text: str, tags: Tags) -> str:
    """The text without its tags: what word counts and searches read."""
    if not tags:
        return text
    return "".join(p.value for p in pieces(text, tags) if p.kind == "text")


def token(number: str, tag: Mapping[str, str]) -> tuple[str, str]:
    """The tokens a tag is written with: (opening, closing), or (empty, "")."""
    if tag.get("type") in EMPTY_TYPES:
        return f"<{number}/>", ""
    return f"<{number}>", f"</{number}>"


class InlineBuilder:
    """Collects a segment's text and tags while a reader walks its inline content."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.tags: dict[str, dict[str, str]] = {}

    def text(self, value: str) -> None:
        self._parts.append(value)

    def open(self, type_: str, **attributes: str) -> str:
        """Start a span; returns its number, to pass to ``close``."""
        number = self._add(type_, attributes)
        self._parts.append(f"<{number}>")
        return number

    def close(self, number: str) -> None:
        # A span that holds nothing marks nothing up: drop it rather than give the
        # translator a pair of tags with nothing between them.
        if self._parts and self._parts[-1] == f"<{number}>":
            self._parts.pop()
            del self.tags[number]
            return
        self._parts.append(f"</{number}>")

    def empty(self, type_: str, **attributes: str) -> None:
        number = self._add(type_, attributes)
        self._parts.append(f"<{number}/>")

    def _add(self, type_: str, attributes: Mapping[str, str]) -> str:
        if type_ not in SPAN_TYPES | EMPTY_TYPES:
            raise ValueError(f"unknown inline tag type {type_!r}")
        number = str(len(self.tags) + 1)
        while number in self.tags:  # after a dropped empty span
            number = str(int(number) + 1)
        self.tags[number] = {"type": type_, **attributes}
        return number

    def result(self) -> tuple[str, dict[str, dict[str, str]]]:
        """The text with its tokens, whitespace folded and trimmed, and the tag map."""
        text = re.sub(r"[ \t\n\r\f\v]+", " ", "".join(self._parts))
        # Spaces just inside a span belong outside it; tokens hug the words they mark.
        return _trim(text), dict(self.tags)


def _trim(text: str) -> str:
    text = text.strip()
    text = re.sub(r"\s+(<\d{1,3}/>)", r"\1", text)
    return re.sub(r"(<\d{1,3}/>)\s+", r"\1", text)
