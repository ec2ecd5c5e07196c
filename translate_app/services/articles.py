"""Reading articles, their segments and their progress."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..domain.progress import Progress, from_counts
from ..extensions import db
from ..models import Article, ArticleTarget, Segment, SegmentTranslation
from .errors import NotFound


def list_articles() -> list[Article]:
    return list(
        db.session.scalars(
            select(Article)
            .options(selectinload(Article.targets))
            .order_by(Article.created_at.desc(), Article.id.desc())
        )
    )


def language_pairs() -> list[tuple[str, str]]:
    """Every (source, target) pair some article is translated in, in both directions,
    since the memory and the glossary serve both; en -> ko when there is no article yet."""
    found = db.session.execute(
        select(Article.source_lang, ArticleTarget.lang).join(Article.targets).distinct()
    ).all()
    pairs = {(source, target) for source, target in found}
    pairs |= {(target, source) for source, target in pairs}
    return sorted(pairs) or [("en", "ko")]


def get_article(slug: str) -> Article:
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None:
        raise NotFound(f"no article with the slug {slug!r}")
    return article


def live_segments(article: Article) -> list[Segment]:
    """The article's segments in reading order, without those a revision retired."""
    return list(
        db.session.scalars(
            select(Segment)
            .where(Segment.article_id == article.id, Segment.retired_revision.is_(None))
            .order_by(Segment.position)
        )
    )


def check_target(article: Article, lang: str) -> str:
    if lang not in article.target_langs:
        targets = ", ".join(article.target_langs) or "none"
        raise NotFound(f"{article.slug} is not translated into {lang!r} (targets: {targets})")
    return lang


def segment_translations(article: Article, lang: str) -> list[SegmentTranslation]:
    """Every segment of the article in ``lang``, in reading order, with its current text."""
    check_target(article, lang)
    return list(
        db.session.scalars(
            select(SegmentTranslation)
            .join(SegmentTranslation.segment)
            .where(Segment.article_id == article.id, SegmentTranslation.lang == lang)
            .options(
                joinedload(SegmentTranslation.segment),
                joinedload(SegmentTranslation.current_version),
            )
            .order_by(Segment.position)
        )
    )


def get_segment_translation(segment_id: int, lang: str) -> SegmentTranslation:
    found = db.session.scalar(
        select(SegmentTranslation)
        .where(SegmentTranslation.segment_id == segment_id, SegmentTranslation.lang == lang)
        # The row a save answers with names the article's source language.
        .options(joinedload(SegmentTranslation.segment).joinedload(Segment.article))
    )
    if found is None:
        raise NotFound(f"no segment {segment_id} with a {lang!r} translation")
    return found


def progress(article: Article, lang: str) -> Progress:
    # Counted and summed in the database: one row per state, whatever the article's size.
    rows = db.session.execute(
        select(SegmentTranslation.state, func.count(), func.sum(Segment.words))
        .join(SegmentTranslation.segment)
        .where(Segment.article_id == article.id, SegmentTranslation.lang == lang)
        .group_by(SegmentTranslation.state)
    )
    return from_counts(rows)
