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

from markupsafe import Markup, escape

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


# --- Checking and rendering a segment's tags ------------------------------------------------

#: URL schemes a link may keep; a URL without a scheme (relative, or ``#fragment``) is kept.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([^:/?#]*):")
_UNSAFE_URL_CHARACTER = re.compile(r"[\x00-\x20\x7f-\x9f]")
# A URL from a parsed document has its references decoded; one still written in it is a
# disguise (``&#106;avascript:``), refused whatever a browser would make of it.
_CHARACTER_REFERENCE = re.compile(r"&(?:#|[A-Za-z][A-Za-z0-9]*;)")


def safe_href(href: str | None) -> str | None:
    """``href`` if a link to it is harmless, else None.

    Allowed: http, https and mailto URLs, relative URLs and ``#fragments``. Anything with
    another scheme (javascript:, data:, vbscript:, file:...) is refused, and so is a URL
    holding spaces or control characters, which browsers strip before they read the
    scheme (``java\\tscript:``), or a character reference (``&#106;avascript:``).
    """
    if not href:
        return None
    href = href.strip(" \t\n\r\f")
    if not href or _UNSAFE_URL_CHARACTER.search(href) or _CHARACTER_REFERENCE.search(href):
        return None
    if href.startswith(("\\", "/\\")):  # browsers read a backslash as a slash
        return None
    match = _SCHEME.match(href)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return None
    return href


def describe_tag(tag: Mapping[str, str]) -> str:
    """What a tag stands for, as a translator reads it: ``bold``, ``link to https://...``."""
    type_ = tag.get("type")
    if type_ == "a":
        return f"link to {tag.get('href')}" if tag.get("href") else "link"
    return {"b": "bold", "i": "italics", "code": "code", "br": "line break"}.get(
        str(type_), str(type_)
    )


def _times(count: int) -> str:
    return "twice" if count == 2 else f"{count} times"


def check_tags(source: str, target: str, tags: Tags) -> list[str]:
    """The problems of ``target``'s tags against ``source``'s, as messages for the translator.

    Tags may move and change order (a translation reorders phrases); what is wrong is a tag
    of the source that the target lacks, a token written more than once, a number the
    source does not have, a span closed before it is opened or never closed, and spans that
    overlap instead of nesting. An empty target has no tag problems.
    """
    if not target.strip():
        return []

    def name(number: str) -> str:
        return f"tag {number} ({describe_tag(tags[number])})"

    expected = {p.value: 0 for p in pieces(source, tags) if p.kind != "text"}
    problems: list[str] = []
    unknown: list[str] = []
    opens: dict[str, int] = {}
    closes: dict[str, int] = {}
    empties: dict[str, int] = {}
    stack: list[str] = []
    order: list[str] = []
    for match in TOKEN.finditer(target):
        closing, number, empty = match.groups()
        if number not in tags or number not in expected:
            if match.group() in source and number not in tags:
                continue  # text of the source that only looks like a tag
            if number not in unknown:
                unknown.append(number)
            continue
        if number not in order:
            order.append(number)
        is_empty_type = tags[number].get("type") in EMPTY_TYPES
        if (closing and empty) or (is_empty_type and not empty) or (empty and not is_empty_type):
            right = "".join(token(number, tags[number]))
            problems.append(f"{name(number)} is written {match.group()}: write it {right}")
            continue
        if empty:
            empties[number] = empties.get(number, 0) + 1
        elif not closing:
            opens[number] = opens.get(number, 0) + 1
            stack.append(number)
        else:
            closes[number] = closes.get(number, 0) + 1
            if number not in stack:
                if not opens.get(number):
                    problems.append(f"{name(number)} is closed before it is opened")
                continue
            inner = stack[stack.index(number) + 1 :]
            for other in inner:
                problems.append(f"tags {number} and {other} overlap: close {other} before {number}")
            stack.remove(number)
    for number in unknown:
        problems.append(f"tag {number} is not in the source")
    for number in expected:
        if number not in order:
            problems.append(f"{name(number)} is missing")
    for number in order:
        count = max(opens.get(number, 0), closes.get(number, 0), empties.get(number, 0))
        if count > 1:
            problems.append(f"{name(number)} appears {_times(count)}")
        if number in stack:
            problems.append(f"{name(number)} is opened but never closed")
    return list(dict.fromkeys(problems))


def _well_formed(text: str, tags: Tags) -> list[Piece]:
    """The pieces of ``text`` that make well-formed markup: spans whose opening and
    closing tokens nest properly, and line breaks written as such. Other tokens are
    dropped (not shown as text): the result always balances."""
    found = list(pieces(text, tags))
    keep = [True] * len(found)
    stack: list[tuple[str, int]] = []
    for index, piece in enumerate(found):
        if piece.kind == "text":
            continue
        is_empty_type = tags[piece.value].get("type") in EMPTY_TYPES
        if piece.kind == "empty" or is_empty_type:
            keep[index] = piece.kind == "empty" and is_empty_type
        elif piece.kind == "open":
            stack.append((piece.value, index))
            keep[index] = False  # until its closing token is found
        elif stack and stack[-1][0] == piece.value:
            keep[stack.pop()[1]] = True
        else:
            keep[index] = False
            # A span closed out of order: drop it entirely, and keep the spans inside.
            for at in range(len(stack) - 1, -1, -1):
                if stack[at][0] == piece.value:
                    del stack[at]
                    break
    return [piece for piece, kept in zip(found, keep, strict=True) if kept]


def balanced(text: str, tags: Tags) -> str:
    """``text`` with only the tokens that make well-formed markup (see ``to_html``): what
    a writer of another format can follow without checking the nesting itself."""
    return "".join(
        piece.value if piece.kind == "text" else piece.token for piece in _well_formed(text, tags)
    )


def safe_tags(tags: Tags) -> dict[str, dict[str, str]]:
    """``tags`` with every link whose URL is unsafe (see ``safe_href``) made a plain span
    of text, which writers show without any markup."""
    result: dict[str, dict[str, str]] = {}
    for number, tag in tags.items():
        if tag.get("type") == "a" and safe_href(tag.get("href")) is None:
            result[number] = {"type": "text"}
        else:
            result[number] = dict(tag)
    return result


def _span_html(tag: Mapping[str, str]) -> tuple[str, str]:
    type_ = tag.get("type")
    if type_ == "a":
        href = safe_href(tag.get("href"))
        if href is None:
            return "", ""
        return f'<a href="{escape(href)}" rel="nofollow noopener">', "</a>"
    html = {"b": "strong", "i": "em", "code": "code"}.get(str(type_))
    return (f"<{html}>", f"</{html}>") if html else ("", "")


def to_html(text: str, tags: Tags) -> Markup:
    """``text`` as HTML: escaped, its tags as ``<strong>``, ``<em>``, ``<code>``, links and
    ``<br>``. Ill-formed tokens are left out; link URLs are checked again here."""
    out: list[str] = []
    closing: list[str] = []
    for piece in _well_formed(text, tags):
        if piece.kind == "text":
            out.append(str(escape(piece.value)))
        elif piece.kind == "empty":
            out.append("<br>")
        elif piece.kind == "open":
            start, end = _span_html(tags[piece.value])
            out.append(start)
            closing.append(end)
        else:
            out.append(closing.pop())
    return Markup("".join(out))


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting, for writers of Word documents.
    A line break is a run of its own, with empty text."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None
    line_break: bool = False


def to_runs(text: str, tags: Tags) -> list[Run]:
    """``text`` as runs of uniform formatting; ill-formed tokens and unsafe links dropped."""
    runs: list[Run] = []
    active: list[Mapping[str, str]] = []
    for piece in _well_formed(text, tags):
        if piece.kind == "open":
            active.append(tags[piece.value])
            continue
        if piece.kind == "close":
            active.pop()
            continue
        types = {tag.get("type") for tag in active}
        links = [safe_href(tag.get("href")) for tag in active if tag.get("type") == "a"]
        run = Run(
            text="" if piece.kind == "empty" else piece.value,
            bold="b" in types,
            italic="i" in types,
            code="code" in types,
            href=links[-1] if links else None,
            line_break=piece.kind == "empty",
        )
        last = runs[-1] if runs else None
        if (
            last is not None
            and not run.line_break
            and not last.line_break
            and (last.bold, last.italic, last.code, last.href)
            == (run.bold, run.italic, run.code, run.href)
        ):
            runs[-1] = Run(last.text + run.text, run.bold, run.italic, run.code, run.href)
        else:
            runs.append(run)
    return runs


def editor_html(text: str, tags: Tags) -> Markup:
    """A source text as the editor shows it: the text plain, each token a numbered badge
    whose title says what it stands for."""
    out: list[str] = []
    for piece in pieces(text, tags):
        if piece.kind == "text":
            out.append(str(escape(piece.value)))
            continue
        number = escape(piece.value)
        what = describe_tag(tags[piece.value])
        if piece.kind == "close":
            out.append(
                f'<span class="tag tag-close" data-tag="{number}" '
                f'title="{escape("end of " + what)}">/{number}</span>'
            )
        else:
            out.append(
                f'<span class="tag" data-tag="{number}" title="{escape(what)}">{number}</span>'
            )
    return Markup("".join(out))
