"""XLIFF and TMX files of an article for CAT tools, made from the database."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..domain.exchange import ExchangeDocument, ExchangeUnit
from ..domain.states import State
from ..domain.tmx import TmxUnit
from ..extensions import db
from ..models import Article, Comment, Segment, SegmentTranslation, TranslationVersion, User
from .compiling import shown_text, translation_rows


def exchange_document(
    article: Article, lang: str, *, include_unapproved: bool, created: datetime
) -> ExchangeDocument:
    """Every paragraph with its translation: the approved one (``include_unapproved``
    False: what compile and publish use) or the newest, each with its state, author and
    open comments."""
    rows = translation_rows(article, lang, approved_only=not include_unapproved)
    authors = {row.author_id for row in rows if row.author_id is not None}
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(authors))).all())
    notes = _open_comments(article, lang)
    units = []
    for row in rows:
        state = _state(row, include_unapproved)
        units.append(
            ExchangeUnit(
                key=row.key,
                position=row.position,
                kind=row.kind,
                source=row.source,
                target=row.text if state != State.UNTRANSLATED else None,
                state=state,
                notes=tuple(notes.get(row.id, ())),
                author=names.get(row.author_id) if state != State.UNTRANSLATED else None,
                changed=row.created_at if state != State.UNTRANSLATED else None,
                created=row.created_at if state != State.UNTRANSLATED else None,
            )
        )
    return ExchangeDocument(
        slug=article.slug,
        title=article.title,
        source_lang=article.source_lang,
        target_lang=lang,
        units=tuple(units),
        created=created,
    )


def _state(row, include_unapproved: bool) -> State:
    # The same text as the catalog shows; approved only, whatever is shown is approved.
    if not shown_text(row, approved_only=not include_unapproved):
        return State.UNTRANSLATED
    return State(row.state) if include_unapproved else State.APPROVED


def _open_comments(article: Article, lang: str) -> dict[int, list[str]]:
    rows = db.session.execute(
        select(Comment.segment_id, User.name, Comment.text)
        .join(Segment, Segment.id == Comment.segment_id)
        .join(User, User.id == Comment.author_id)
        .where(
            Segment.article_id == article.id, Comment.lang == lang, Comment.resolved_at.is_(None)
        )
        .order_by(Comment.id)
    )
    notes: dict[int, list[str]] = {}
    for segment_id, author, text in rows:
        notes.setdefault(segment_id, []).append(f"{author}: {text}")
    return notes


def memory_units(source_lang: str, target_lang: str) -> list[TmxUnit]:
    """Every approved pair of the language pair, across articles: the translation memory
    as it stands, oldest article first."""
    approved = aliased(TranslationVersion)
    rows = db.session.execute(
        select(
            Article.slug,
            Segment.key,
            Segment.position,
            Segment.kind,
            Segment.source,
            approved.text,
            approved.created_at,
            User.name,
        )
        .join(Segment, Segment.article_id == Article.id)
        .join(SegmentTranslation, SegmentTranslation.segment_id == Segment.id)
        .join(approved, approved.id == SegmentTranslation.approved_version_id)
        .join(User, User.id == approved.author_id)
        .where(
            Article.source_lang == source_lang,
            SegmentTranslation.lang == target_lang,
            # A source change withdraws the approval, as in the catalogs.
            SegmentTranslation.state != int(State.NEEDS_REVIEW),
        )
        .order_by(Article.created_at, Article.id, Segment.position)
    )
    return [
        TmxUnit(
            source=row.source,
            target=row.text,
            source_lang=source_lang,
            target_lang=target_lang,
            key=row.key,
            author=row.name,
            created=row.created_at,
            changed=row.created_at,
            note=f"{row.slug}: paragraph {row.position} ({row.kind})",
        )
        for row in rows
    ]
