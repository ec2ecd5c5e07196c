"""Sentences of a paragraph, for English, Korean and other languages.

Korean sentences are found by Kiwi (kiwipiepy), whose morphological model tells a
sentence ending (다. 요. 까?) from a date or a number (2011. 12. 17., 3.5%) and sees quoted
speech followed by 라고/며 as part of the sentence around it. English sentences are found
by rules: a stop followed by a space and something that can open a sentence, unless the
word before the stop is an abbreviation or an initial. Other languages get the same rules
without the English abbreviations, plus the full stops of Chinese and Japanese.

A span is ``(start, end)`` in the paragraph, stripped of whitespace; the spans of a
paragraph are in order and hold every character of it but the whitespace between them.
"""

import functools
import itertools
import re
import unicodedata

CLOSERS = "\"'”’»›)]}」』）】〕》〉"
OPENERS = "\"'“‘«‹([{「『（【〔《〈"

# A stop, the quotes and brackets that close around it, then a space: a boundary, if what
# follows the space can start a sentence (see _opens_sentence) and the word is no
# abbreviation. Groups in the lookahead name the next character without consuming it.
_STOP = re.compile(rf"[.?!…]+[{re.escape(CLOSERS)}]*(?=\s+(\S))")
# The full stops of Chinese and Japanese end a sentence whatever follows: no spaces there.
_CJK_STOP = re.compile(rf"[。！？]+[{re.escape(CLOSERS)}]*(?=\s*\S)")

# Abbreviations that a name, a number or more of the sentence always follows.
# fmt: off
ABBREVIATIONS = frozenset({
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sr.", "Jr.", "St.", "Gen.", "Col.", "Lt.", "Sgt.",
    "Capt.", "Gov.", "Sen.", "Rep.", "Rev.", "Hon.", "vs.", "e.g.", "i.e.", "No.", "Vol.",
    "pp.", "p.", "approx.", "cf.", "Fig.", "fig.", "Sec.", "Art.", "Ch.", "para.",
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.",
    "Dec.",
})
# Abbreviations that often end a sentence too (``at 5 p.m. The``): a boundary only when a
# word that plainly starts a sentence follows. Dotted initialisms (U.S., D.P.R.K.) are of
# this kind as well.
FINAL_ABBREVIATIONS = frozenset({
    "Inc.", "Corp.", "Ltd.", "Co.", "etc.", "a.m.", "p.m.", "A.M.", "P.M.",
})
SENTENCE_STARTERS = frozenset({
    "The", "A", "An", "It", "He", "She", "They", "We", "I", "You", "This", "That", "These",
    "Those", "There", "Its", "His", "Her", "Their", "Our", "My", "But", "And", "Yet", "So",
    "However", "Meanwhile", "Then", "In", "On", "At", "After", "Before", "When", "While",
    "As", "If",
})
# fmt: on
_INITIALISM = re.compile(r"(?:[A-Za-z]\.){2,}")
_INITIAL = re.compile(r"[A-Z]\.")
# 3.2.1. anywhere, or a label such as 1. a. iv. opening the paragraph or a sentence.
_SECTION_NUMBER = re.compile(r"\d+(?:\.\d+)+\.")
_LABEL = re.compile(r"(?:\d{1,3}|[A-Za-z]|[ivx]{1,5}|[IVX]{1,5})\.")
_WORD = re.compile(r"[^\W\d_]+")


def sentence_spans(text: str, lang: str, *, model: bool = True) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` starts and ends, stripped of whitespace, in order.

    Korean is cut by a model (some 30 ms a paragraph); ``model=False`` cuts it by the
    punctuation rules instead, for work done on every approval of a long article.
    """
    base = _base_language(lang)
    korean_model = base == "ko" and model
    cuts = _korean_cuts(text) if korean_model else _rule_cuts(text, english=base == "en")
    return _spans(text, cuts)


def split_sentences(text: str, lang: str, *, model: bool = True) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text, lang, model=model)]


def cut_paragraph(text: str, lang: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut between sentences.

    Each piece holds as many whole sentences as fit; a sentence longer than ``limit`` is
    cut at its last space before the limit, or at the limit when it has none there.
    """
    if limit < 1:
        raise ValueError(f"the limit must be at least 1 character, not {limit}")
    if len(text) <= limit:
        return [text]
    units = [
        part
        for start, end in sentence_spans(text, lang)
        for part in _cut_sentence(text, start, end, limit)
    ]
    if not units:
        return []  # nothing but whitespace
    pieces = []
    start, end = units[0]
    for unit_start, unit_end in units[1:]:
        if unit_end - start <= limit:
            end = unit_end
        else:
            pieces.append(text[start:end])
            start, end = unit_start, unit_end
    pieces.append(text[start:end])
    return pieces


def _cut_sentence(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    parts = []
    while end - start > limit:
        space = _last_space(text, start + 1, start + limit + 1)
        if space is None:
            cut = start + limit
            # A combining mark stays with the letter before it.
            while cut > start + 1 and unicodedata.combining(text[cut]):
                cut -= 1
            parts.append((start, cut))
            start = cut
        else:
            parts.append(_strip(text, start, space))
            start = _strip(text, space, end)[0]
    parts.append((start, end))
    return parts


def _last_space(text: str, lo: int, hi: int) -> int | None:
    for i in range(hi - 1, lo - 1, -1):
        if text[i].isspace():
            return i
    return None


def _base_language(lang: str) -> str:
    return lang.strip().replace("_", "-").split("-")[0].lower()


def _spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """The stripped, non-empty stretches of ``text`` between the cut points."""
    bounds = sorted({0, *cuts, len(text)})
    spans = []
    for lo, hi in itertools.pairwise(bounds):
        start, end = _strip(text, lo, hi)
        if start < end:
            spans.append((start, end))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@functools.cache
def _kiwi():
    from kiwipiepy import Kiwi  # loading the model takes a second or two: only when needed

    return Kiwi()


def _korean_cuts(text: str) -> list[int]:
    if not text.strip():
        return []
    return [sentence.start for sentence in _kiwi().split_into_sents(text)]


def _rule_cuts(text: str, *, english: bool) -> list[int]:
    cuts = [0]
    for match in _STOP.finditer(text):
        if _opens_sentence(match.group(1)) and not _continues(text, match, cuts[-1], english):
            cuts.append(match.end())
    if not english:
        cuts.extend(match.end() for match in _CJK_STOP.finditer(text))
    return cuts


def _opens_sentence(char: str) -> bool:
    if char.isupper() or char.isdigit() or char in OPENERS:
        return True
    return char.isalpha() and not unicodedata.name(char, "").startswith("LATIN")


def _continues(text: str, match: re.Match, sentence_start: int, english: bool) -> bool:
    """Whether the stop of ``match`` ends an abbreviation or an initial, not a sentence."""
    if match.group(0).rstrip(CLOSERS) != ".":
        return False  # ? ! … and ... end a sentence whatever comes before them
    word = _last_word(text, match.start() + 1)
    if english and word in ABBREVIATIONS:
        return True
    if word == "I." and english:  # the pronoun more often than an initial
        return _next_word(text, match.end()) not in SENTENCE_STARTERS
    if _INITIAL.fullmatch(word) or _SECTION_NUMBER.fullmatch(word):
        return True
    word_start = match.start() + 1 - len(word)
    if _LABEL.fullmatch(word) and not text[sentence_start:word_start].strip():
        return True  # a list label opening the sentence: "1. The first point"
    if _INITIALISM.fullmatch(word) or (english and word in FINAL_ABBREVIATIONS):
        return not english or _next_word(text, match.end()) not in SENTENCE_STARTERS
    return False


def _last_word(text: str, end: int) -> str:
    """The word that ends at ``end`` (its stop included), without quotes or brackets before."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(OPENERS)


def _next_word(text: str, at: int) -> str:
    """The word after the space at ``at``, past opening quotes; "" for a number or an initial."""
    while at < len(text) and (text[at].isspace() or text[at] in OPENERS):
        at += 1
    match = _WORD.match(text, at)
    if not match or text.startswith(".", match.end()):
        return ""
    return match.group(0)
