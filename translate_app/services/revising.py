"""New source revisions of an article: the translations follow their paragraphs."""

from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import delete, select

from ..domain import inline
from ..domain.revisions import (
    Change,
    ChangeRecord,
    NewBlock,
    OldSegment,
    RevisionPlan,
    RevisionSummary,
    plan_revision,
)
from ..domain.segmentation import Block, ParsedArticle
from ..domain.states import State
from ..domain.text import count_words
from ..extensions import db
from ..models import Article, Segment, SegmentTranslation, SourceRevision, User
from . import audit, clock
from .articles import get_article, live_segments
from .errors import NotFound, NothingChanged, PermissionDenied
from .importing import new_segment, read_article
from .limits import Limits

#: States whose text translated the old source: an edit of the source sends them back
#: for review. Untranslated segments have nothing to review.
_REVIEWED_AGAIN = frozenset(
    {State.DRAFT, State.REJECTED, State.TRANSLATED, State.APPROVED, State.NEEDS_REVIEW}
)


#: The order counts are reported in.
CHANGE_ORDER = tuple(change.value for change in Change)


def article_to_revise(slug: str) -> Article:
    try:
        return get_article(slug)
    except NotFound:
        raise NotFound(
            f"no article with the slug {slug!r} to revise: import it first, without --revise"
        ) from None


def check_may_revise(user: User) -> None:
    if not user.can("run_jobs"):
        raise PermissionDenied("only editors and admins can revise an article's source")


@dataclass(frozen=True)
class RevisionPreview:
    article: Article
    number: int
    parsed: ParsedArticle
    plan: RevisionPlan
    old: list[Segment]

    def summary(self) -> RevisionSummary:
        by_key = {s.key: s for s in self.old}
        changes = []
        for mapped in self.plan.blocks:
            if mapped.change is Change.UNCHANGED:
                continue
            old = by_key.get(mapped.key) if mapped.key else None
            changes.append(
                ChangeRecord(
                    change=mapped.change.value,
                    position=mapped.index + 1,
                    old_position=old.position if old else None,
                    old_text=old.source if old and mapped.change is Change.EDITED else "",
                    new_text=self.parsed.blocks[mapped.index].text,
                )
            )
        for key in self.plan.retired:
            old = by_key[key]
            changes.append(ChangeRecord("retired", None, old.position, old_text=old.source))
        return RevisionSummary(
            counts={change.value: self.plan.count(change) for change in Change},
            changes=changes,
            rule=self.parsed.rule,
            notes=list(self.parsed.notes),
        )


def preview_revision(
    article: Article, data: bytes, filename: str, *, limits: Limits | None = None
) -> RevisionPreview:
    """What revising ``article`` with this file would do; changes nothing."""
    parsed = read_article(data, filename, article.source_lang, limits)
    old = live_segments(article)
    plan = plan_revision(
        [OldSegment(s.key, s.source, s.translatable) for s in old],
        [NewBlock(b.text, b.translatable) for b in parsed.blocks],
    )
    return RevisionPreview(article, article.revision + 1, parsed, plan, old)


def check_changes(preview: RevisionPreview, name: str) -> None:
    if not preview.plan.changed:
        raise NothingChanged(
            f"{name} has the same text as revision {preview.article.revision} of "
            f"{preview.article.slug}; there is nothing to revise"
        )


def revise_article(
    article: Article,
    data: bytes,
    filename: str,
    *,
    user: User | None = None,
    author: str = "",
    limits: Limits | None = None,
) -> SourceRevision:
    """Make the file revision N+1 of ``article``, or raise before anything changes.

    Unchanged and moved paragraphs keep their translations and states; an edited one
    keeps its translation, goes back to review, and remembers its old text for the
    editor's diff; new ones start untranslated; deleted ones are retired with their
    history. Editions already published are not touched.
    """
    if user is not None:
        check_may_revise(user)
    preview = preview_revision(article, data, filename, limits=limits)
    name = PurePath(filename).name
    check_changes(preview, name)
    summary = preview.summary()
    _apply(preview)
    revision = SourceRevision(
        article=article,
        number=preview.number,
        created_at=clock.now(),
        created_by_id=user.id if user else None,
        author=user.name if user else author,
        filename=name[:255],
        summary=summary.to_json(),
    )
    db.session.add(revision)
    db.session.flush()
    counts = ", ".join(f"{n} {change}" for change, n in summary.counts.items())
    audit.record("revise_source", user, f"article:{article.slug}", f"{preview.number}: {counts}")
    return revision


def _apply(preview: RevisionPreview) -> None:
    article, number, blocks = preview.article, preview.number, preview.parsed.blocks
    by_key = {s.key: s for s in preview.old}
    # Every position is about to change: park them all below zero first, since
    # positions are unique within an article at every flush.
    for segment in preview.old:
        segment.position = -segment.id
    db.session.flush()
    for key in preview.plan.retired:
        segment = by_key[key]
        segment.retired_revision = number
        db.session.execute(
            delete(SegmentTranslation).where(SegmentTranslation.segment_id == segment.id)
        )
    targets = article.target_langs
    edited_keys = {m.key for m in preview.plan.blocks if m.change is Change.EDITED}
    translations = _translations_of([by_key[key] for key in edited_keys])
    for mapped in preview.plan.blocks:
        block = blocks[mapped.index]
        position = mapped.index + 1
        if mapped.key is None:
            segment = new_segment(block, position, number)
            segment.article = article
            if segment.translatable:
                db.session.add_all(
                    SegmentTranslation(segment=segment, lang=lang, state=int(State.UNTRANSLATED))
                    for lang in targets
                )
            continue
        segment = by_key[mapped.key]
        segment.position = position
        _describe(segment, block)
        if mapped.change is Change.EDITED:
            _edit(segment, block, number, translations.get(segment.id, []))
    if preview.parsed.title:
        article.title = preview.parsed.title
    article.revision = number
    db.session.flush()


def _describe(segment: Segment, block: Block) -> None:
    # A block found unchanged in text may still have changed kind (a paragraph made a
    # heading) or place in a list or table.
    segment.kind = block.kind.value
    segment.tags = dict(block.tags) or None
    segment.structure = dict(block.structure) or None


def _translations_of(segments: list[Segment]) -> dict[int, list[SegmentTranslation]]:
    """The translations of ``segments`` in every language, by segment id: one query."""
    found: dict[int, list[SegmentTranslation]] = {}
    if segments:
        for st in db.session.scalars(
            select(SegmentTranslation).where(
                SegmentTranslation.segment_id.in_([s.id for s in segments])
            )
        ):
            found.setdefault(st.segment_id, []).append(st)
    return found


def _edit(
    segment: Segment, block: Block, number: int, translations: list[SegmentTranslation]
) -> None:
    # The diff shows the change since the text the translations were made against: an
    # edit of an edit nobody has reviewed yet still compares with the first text.
    awaiting_review = any(st.state_enum is State.NEEDS_REVIEW for st in translations)
    if segment.previous_source is None or not awaiting_review:
        segment.previous_source = segment.source
    segment.source = block.text
    segment.words = count_words(inline.plain(block.text, block.tags))
    segment.source_revision = number
    for st in translations:
        if st.current_version_id is not None and st.state_enum in _REVIEWED_AGAIN:
            st.state = int(State.NEEDS_REVIEW)


def revisions_of(article: Article) -> list[SourceRevision]:
    return list(
        db.session.scalars(
            select(SourceRevision)
            .where(SourceRevision.article_id == article.id)
            .order_by(SourceRevision.number.desc())
        )
    )
