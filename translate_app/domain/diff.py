"""What changed between two versions of a translation, for people proofreading it.

English and other languages written with spaces compare word by word; Korean,
Japanese and Chinese compare character by character, since one changed particle
(평양의 → 평양은) would otherwise mark a whole word.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

#: Languages (primary subtags) compared character by character.
CHARACTER_LANGUAGES = frozenset({"ko", "ja", "zh"})
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")

Op = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Change:
    op: Op
    text: str


def tokens(text: str, lang: str) -> list[str]:
    if lang.split("-")[0].lower() in CHARACTER_LANGUAGES:
        return list(text)
    return _WORDS.findall(text)


def diff(old: str, new: str, lang: str) -> list[Change]:
    """The changes that turn ``old`` into ``new``: deletions before insertions.

    Between two equal runs difflib gives one opcode, so neighbours never share an op.
    """
    a, b = tokens(old, lang), tokens(new, lang)
    changes: list[Change] = []
    # No autojunk: in a long Korean paragraph, spaces and common syllables would be junk.
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.append(Change("equal", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            changes.append(Change("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            changes.append(Change("insert", "".join(b[j1:j2])))
    return changes


def old_text(changes: list[Change]) -> str:
    return "".join(c.text for c in changes if c.op != "insert")


def new_text(changes: list[Change]) -> str:
    return "".join(c.text for c in changes if c.op != "delete")
