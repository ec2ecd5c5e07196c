"""The translation memory's matching: normalising, index terms, scores and ranking.

An index narrows, rapidfuzz ranks. A text's index tokens are its words, a Korean word
cut to its first two syllables so that 평양의, 평양은 and 평양 meet; each token becomes a
64-bit term of one direction (en>ko differs from ko>en), and a lookup reads the postings
of only its rarest terms. The score is on characters, never on words, so that Korean,
written without a space between a word and its particle, scores as finely as English.
"""

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from rapidfuzz import fuzz, process

from .sentences import split_sentences

#: Matches scoring below this are not shown, as in other CAT tools.
MIN_SCORE = 50
DEFAULT_LIMIT = 5
MAX_LIMIT = 50
#: A lookup reads the postings of at most this many of the query's terms...
MAX_TERMS = 12
#: ...and stops adding terms once their postings would pass this many rows,
MAX_POSTINGS = 20_000
#: ...but always reads the rarest few, however common they are.
MIN_TERMS = 4
MAX_PHRASE_CHARS = 200

_WORD = re.compile(r"\w+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def normalize(text: str) -> str:
    # split() collapses and strips the same whitespace as \s+, several times faster.
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def text_key(text: str) -> str:
    return hashlib.sha256(normalize(text).encode()).hexdigest()


def tokens(text: str, lang: str) -> set[str]:
    """The index tokens of ``text``. ``lang`` is accepted for symmetry: the rules follow
    the script of each word, since a Korean paragraph holds English names and the other
    way round."""
    found = set()
    for word in _WORD.findall(normalize(text)):
        if _HANGUL.search(word):
            # The stem before the particle: two syllables name most Korean nouns.
            found.add(word[:2])
        else:
            found.add(word)
    return found


def phrase_matcher(phrase: str) -> Callable[[str], bool]:
    """Whether a text holds ``phrase`` as whole words, ignoring case and spacing. A phrase
    ending in Hangul may go on with a particle (평양 in 평양의), as its index stem does."""
    wanted = normalize(phrase)
    ends_korean = bool(wanted) and bool(_HANGUL.fullmatch(wanted[-1]))
    after = "" if ends_korean else r"(?!\w)"
    pattern = re.compile(rf"(?<!\w){re.escape(wanted)}{after}")
    return lambda text: pattern.search(normalize(text)) is not None


# Words recur across paragraphs and both directions: approving a long article hashes
# each of its common words once, not once a paragraph.
@lru_cache(maxsize=1 << 16)
def term(source_lang: str, target_lang: str, token: str) -> int:
    """A signed 64-bit term: fits a BIGINT and keeps each direction's postings apart."""
    digest = hashlib.blake2b(f"{source_lang}>{target_lang}|{token}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def terms(text: str, source_lang: str, target_lang: str) -> set[int]:
    return {term(source_lang, target_lang, t) for t in tokens(text, source_lang)}


def pick_terms(
    dfs: Mapping[int, int],
    *,
    max_terms: int = MAX_TERMS,
    max_postings: int = MAX_POSTINGS,
    min_terms: int = MIN_TERMS,
) -> list[int]:
    """The query's rarest terms, rarest first, within the caps.

    A term no entry holds finds nothing (df 0). Rare terms are what tell one paragraph
    from the others; the common ones only add rows to read.
    """
    present = sorted((df, t) for t, df in dfs.items() if df > 0)
    picked: list[int] = []
    total = 0
    for df, t in present:
        if len(picked) >= max_terms:
            break
        if len(picked) >= min_terms and total + df > max_postings:
            break
        picked.append(t)
        total += df
    return picked


def score(a: str, b: str, *, cutoff: float = 0) -> float:
    """0-100 on the characters of the normalised texts; 100 only when they are equal.
    Below ``cutoff`` it is 0, which rapidfuzz finds sooner than the exact figure."""
    return fuzz.ratio(normalize(a), normalize(b), score_cutoff=cutoff)


def scores(query: str, texts: list[str], *, cutoff: float = 0) -> list[float]:
    """score(query, text) for each text, at once: rapidfuzz prepares the query one time."""
    found = [0.0] * len(texts)
    normalised = [normalize(text) for text in texts]
    for _, value, index in process.extract(
        normalize(query), normalised, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
    ):
        found[index] = value
    return found


def whole_score(value: float) -> int:
    """Rounded down, so a near miss never shows as a 100% match."""
    return int(value)


@dataclass(frozen=True)
class Candidate:
    """What ranking needs of a match."""

    key: int  # the entry's id
    source: str
    target: str
    score: float
    context_key: str | None
    created_at: datetime


def rank(
    candidates: Iterable[Candidate], *, context_key: str | None, limit: int
) -> list[Candidate]:
    """Exact in-context matches first, then by score, then newest; one per text pair."""

    def order(c: Candidate):
        in_context = c.score == 100 and context_key is not None and c.context_key == context_key
        return (not in_context, -c.score, -c.created_at.timestamp(), -c.key)

    kept: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for c in sorted(candidates, key=order):
        pair = (c.source, c.target)
        if pair in seen:
            continue
        seen.add(pair)
        kept.append(c)
        if len(kept) == limit:
            break
    return kept


def sentence_pairs(
    source: str, target: str, source_lang: str, target_lang: str
) -> list[tuple[str, str]]:
    """The paragraph's sentences paired in order, when both sides have the same number
    (more than one); otherwise nothing, since a guess would teach the memory wrong pairs.

    Cut by punctuation, Korean too: every approval does this, and an editor approving a
    long article at once would otherwise wait a minute for the Korean model."""
    sources = split_sentences(source, source_lang, model=False)
    targets = split_sentences(target, target_lang, model=False)
    if len(sources) != len(targets) or len(sources) < 2:
        return []
    return list(zip(sources, targets, strict=True))
