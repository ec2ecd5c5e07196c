"""Comments on segments: their size, and the @names in them."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Longest comment, in characters.
MAX_COMMENT_CHARS = 2000
# A name as accounts have them (no spaces), after an @ that does not follow a word
# character: "@mina" and "(@mina)" mention, "me@mina.kr" does not.
_MENTION = re.compile(r"(?<![\w@])@([^\s@,;:!?()\[\]{}<>\"']{1,80})")


class CommentError(ValueError):
    """A comment that is empty or too long."""


def check_comment(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise CommentError("the comment is empty")
    if len(text) > MAX_COMMENT_CHARS:
        raise CommentError(
            f"the comment has {len(text)} characters; at most {MAX_COMMENT_CHARS} are allowed"
        )
    return text


def mentioned(text: str) -> list[str]:
    """The names after an @, in order, each once (a trailing full stop is not part of one)."""
    names: list[str] = []
    for match in _MENTION.finditer(text):
        name = match.group(1).rstrip(".")
        if name and name not in names:
            names.append(name)
    return names


@dataclass(frozen=True)
class Piece:
    text: str
    #: The user named, when this piece is a mention of a known user.
    mention: str | None = None


def pieces(text: str, known: Iterable[str]) -> list[Piece]:
    """The comment cut into plain text and mentions of ``known`` names, for display."""
    known = set(known)
    out: list[Piece] = []
    last = 0
    for match in _MENTION.finditer(text):
        name = match.group(1).rstrip(".")
        if name not in known:
            continue
        end = match.start(1) + len(name)
        if match.start() > last:
            out.append(Piece(text[last : match.start()]))
        out.append(Piece(text[match.start() : end], mention=name))
        last = end
    if last < len(text):
        out.append(Piece(text[last:]))
    return out
