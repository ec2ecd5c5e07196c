"""Importing an article already published in two languages: its paragraphs are paired
by length, an editor confirms or fixes the pairs, and each pair is stored as an
approved translation (and so becomes translation memory)."""

import json
from dataclasses import dataclass, field

from sqlalchemy import select

from ..domain import alignment as beads_
from ..domain import inline
from ..domain.alignment import AlignedPair, align, check_beads, length_model
from ..domain.languages import LanguageError
from ..domain.segmentation import (
    Block,
    ParsedArticle,
    SourceError,
    check_slug,
    join_blocks,
    slug_from_filename,
)
from ..domain.states import State
from ..extensions import db
from ..models import Approval, Article, SegmentTranslation, TranslationVersion, User
from . import audit, memory
from .accounts import check_language
from .errors import InvalidInput, PermissionDenied
from .importing import check_languages, check_slug_free, create_article, read_article
from .limits import Limits, current_limits, enforce_limit


@dataclass(frozen=True)
class Alignment:
    """Two files read and their translatable paragraphs paired.

    ``kept`` holds the source's untranslatable blocks (separators, code) with their
    positions among all its blocks: they stay out of the pairing and keep their place
    in the article. The target's are left out altogether.
    """

    source_lang: str
    target_lang: str
    source_name: str
    target_name: str
    source: list[Block]
    target: list[Block]
    kept: list[tuple[int, Block]]
    pairs: list[AlignedPair]
    title: str | None = None
    rule: str = ""
    notes: list[str] = field(default_factory=list)

    def source_text(self, pair: AlignedPair) -> list[str]:
        return [inline.plain(self.source[i].text, self.source[i].tags) for i in pair.source]

    def target_text(self, pair: AlignedPair) -> list[str]:
        return [inline.plain(self.target[j].text, self.target[j].tags) for j in pair.target]


def align_files(
    source_data: bytes,
    source_name: str,
    target_data: bytes,
    target_name: str,
    *,
    source_lang: str,
    target_lang: str,
    limits: Limits | None = None,
) -> Alignment:
    """Read both files and pair their translatable paragraphs; InvalidInput naming the
    file and the reason when either cannot be read."""
    try:
        source_code, (target_code,) = check_languages(source_lang, [target_lang])
    except LanguageError as exc:
        raise InvalidInput(str(exc)) from None
    parsed = read_article(source_data, source_name, source_code, limits)
    translated = read_article(target_data, target_name, target_code, limits)
    source = [block for block in parsed.blocks if block.translatable]
    target = [block for block in translated.blocks if block.translatable]
    kept = [(n, block) for n, block in enumerate(parsed.blocks) if not block.translatable]
    pairs = align(
        [inline.plain(b.text, b.tags) for b in source],
        [inline.plain(b.text, b.tags) for b in target],
        length_model(source_code, target_code),
    )
    return Alignment(
        source_code,
        target_code,
        source_name,
        target_name,
        source,
        target,
        kept,
        pairs,
        parsed.title,
        parsed.rule,
        list(parsed.notes),
    )


def choose_slug(slug: str | None, source_name: str) -> str:
    """``slug``, or the one the source file's name gives, if it is valid and free."""
    try:
        slug = check_slug(slug or slug_from_filename(source_name))
    except SourceError as exc:
        raise InvalidInput(str(exc)) from None
    check_slug_free(slug)
    return slug


# --- The pairs an editor sends back ---------------------------------------------------------

#: The edits a review page offers, by the name its buttons send.
EDITS = {
    "merge": beads_.merge_with_next,
    "split": beads_.split_pair,
    "target_down": lambda pairs, k: beads_.move_target(pairs, k, "down"),
    "target_up": lambda pairs, k: beads_.move_target(pairs, k, "up"),
    "source_down": lambda pairs, k: beads_.move_source(pairs, k, "down"),
    "source_up": lambda pairs, k: beads_.move_source(pairs, k, "up"),
}


def beads_json(pairs: list[AlignedPair]) -> str:
    """The pairs as a form carries them: ``[[[0], [0]], [[1, 2], [1]], ...]``."""
    return json.dumps([[list(p.source), list(p.target)] for p in pairs], separators=(",", ":"))


def parse_beads(alignment: Alignment, raw: str) -> list[AlignedPair]:
    """The pairs a form sent back, checked against the alignment's paragraphs.

    Only the paragraph numbers come from the form: a pair the aligner made keeps the
    aligner's confidence, any other is the editor's (1.0).
    """
    try:
        data = json.loads(raw or "")
    except ValueError:
        raise InvalidInput("the pairs sent are not valid JSON: reload the page") from None
    if not isinstance(data, list) or not all(_is_bead(item) for item in data):
        raise InvalidInput("the pairs sent are not a list of [source, target] paragraph lists")
    aligned = {(p.source, p.target): p.confidence for p in alignment.pairs}
    pairs = []
    for source, target in data:
        key = (tuple(source), tuple(target))
        pairs.append(AlignedPair(*key, aligned.get(key, beads_.EDITED)))
    check_pairs(alignment, pairs)
    return pairs


def _is_bead(item) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 2
        and all(
            isinstance(side, list)
            and all(isinstance(n, int) and not isinstance(n, bool) for n in side)
            for side in item
        )
    )


def check_pairs(alignment: Alignment, pairs: list[AlignedPair]) -> None:
    try:
        check_beads(pairs, len(alignment.source), len(alignment.target))
    except ValueError as exc:
        raise InvalidInput(f"these pairs cannot be imported: {exc}") from None


def edit_pairs(pairs: list[AlignedPair], operation: str, index: int) -> list[AlignedPair]:
    """Apply one of EDITS to pair ``index`` (counted from 0)."""
    edit = EDITS.get(operation)
    if edit is None:
        raise InvalidInput(f"unknown edit {operation!r}: use one of {', '.join(EDITS)}")
    try:
        return edit(pairs, index)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


# --- Importing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlignedImport:
    article: Article
    #: Segments stored with an approved translation.
    approved: int
    #: Pairs holding only target paragraphs: nothing in the source to translate.
    dropped: int


def import_aligned(
    alignment: Alignment, pairs: list[AlignedPair], *, slug: str, user: User
) -> AlignedImport:
    """Create the article of ``alignment``'s source, one segment per pair, and store each
    pair's target paragraphs as the approved translation of its segment.

    The languages are the alignment's (its length model and sentence cuts depend on
    them). Flushes only; nothing is added when it refuses.
    """
    check_pairs(alignment, pairs)
    if not user.can("approve"):
        raise PermissionDenied("only editors and admins can import approved translations")
    check_language(user, alignment.target_lang)
    slug = choose_slug(slug, alignment.source_name)

    blocks, translations, dropped = _segments(alignment, pairs)
    _check_lengths(blocks, translations)
    article = create_article(
        ParsedArticle(alignment.title, blocks, alignment.rule, alignment.notes),
        alignment.source_name,
        slug=slug,
        source_lang=alignment.source_lang,
        target_langs=[alignment.target_lang],
    )
    rows = {
        st.segment_id: st
        for st in db.session.scalars(
            select(SegmentTranslation).where(
                SegmentTranslation.segment_id.in_([s.id for s in article.segments])
            )
        )
    }
    done = [
        (rows[segment.id], *translation)
        for segment, translation in zip(article.segments, translations, strict=True)
        if translation is not None
    ]
    _approve(done, user)
    approved = len(done)
    audit.record(
        "import_aligned",
        actor=user,
        target=f"article:{slug}",
        detail=(
            f"{alignment.source_lang} -> {alignment.target_lang}: {len(blocks)} segments, "
            f"{approved} approved, {dropped} target-only pairs dropped"
        ),
    )
    db.session.flush()
    return AlignedImport(article, approved, dropped)


def _segments(alignment: Alignment, pairs: list[AlignedPair]):
    """The article's blocks in order, with each one's (translation, confidence) or None,
    and the count of pairs dropped for holding no source paragraph."""
    starts = {pair.source[0]: pair for pair in pairs if pair.source}
    kept = dict(alignment.kept)
    blocks: list[Block] = []
    translations: list[tuple[str, float] | None] = []
    translatable = 0
    for position in range(len(alignment.source) + len(kept)):
        if position in kept:
            blocks.append(kept[position])
            translations.append(None)
            continue
        pair = starts.get(translatable)
        translatable += 1
        if pair is None:
            continue  # joined to an earlier pair's segment
        blocks.append(join_blocks([alignment.source[i] for i in pair.source]))
        text = " ".join(alignment.target_text(pair))
        translations.append((text, pair.confidence) if text.strip() else None)
    return blocks, translations, sum(1 for pair in pairs if not pair.source)


def _check_lengths(blocks: list[Block], translations) -> None:
    limit = current_limits().max_segment_chars
    for position, (block, translation) in enumerate(
        zip(blocks, translations, strict=True), start=1
    ):
        if block.translatable:
            enforce_limit(
                f"segment {position}", len(block.text), "characters", "MAX_SEGMENT_CHARS", limit
            )
        if translation is not None:
            enforce_limit(
                f"the translation of segment {position}",
                len(translation[0]),
                "characters",
                "MAX_SEGMENT_CHARS",
                limit,
            )


def _approve(done: list[tuple[SegmentTranslation, str, float]], user: User) -> None:
    """Each row's text as its first version, approved by ``user``: the translation was
    published already, so the editor who confirms the pairs approves it."""
    versions = [
        TranslationVersion(
            segment_id=st.segment_id,
            lang=st.lang,
            text=text,
            state=int(State.APPROVED),
            author_id=user.id,
        )
        for st, text, _ in done
    ]
    db.session.add_all(versions)
    db.session.flush()
    for (st, _, confidence), version in zip(done, versions, strict=True):
        st.current_version = version
        st.approved_version_id = version.id
        st.state = int(State.APPROVED)
        st.revision = 1
        db.session.add(
            Approval(
                version_id=version.id,
                editor_id=user.id,
                note=f"aligned import, confidence {confidence:.2f}",
            )
        )
    memory.remember_approvals([st for st, _, _ in done])
