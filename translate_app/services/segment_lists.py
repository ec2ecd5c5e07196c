"""The segments the editor and the API show: filtered, searched and paged in the database."""

from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import contains_eager

from ..domain.segment_filter import PAGE_SIZE, FilterError, SegmentFilter, parse_filter
from ..extensions import db
from ..models import Article, Rejection, Segment, SegmentTranslation, TranslationVersion
from .articles import check_target
from .errors import InvalidInput


@dataclass(frozen=True)
class Page:
    rows: list[SegmentTranslation]
    #: The position to continue after, or None on the last page.
    next_after: int | None


def read_filter(args) -> SegmentFilter:
    """The filter named by request parameters; InvalidInput (400) names what is wrong."""
    try:
        return parse_filter(args)
    except FilterError as exc:
        raise InvalidInput(str(exc)) from None


def page(article: Article, lang: str, flt: SegmentFilter, size: int = PAGE_SIZE) -> Page:
    """One page of matching segments after ``flt.after``, in reading order."""
    statement = _matching(article, lang, flt)
    if flt.after is not None:
        statement = statement.where(Segment.position > flt.after)
    # One row more than the page tells whether another page follows, without a count.
    rows = list(db.session.scalars(statement.limit(size + 1)))
    if len(rows) > size:
        return Page(rows[:size], rows[size - 1].segment.position)
    return Page(rows, None)


def matching(article: Article, lang: str, flt: SegmentFilter) -> list[SegmentTranslation]:
    """Every matching segment (the API does not page)."""
    return list(db.session.scalars(_matching(article, lang, flt)))


def _matching(article: Article, lang: str, flt: SegmentFilter) -> Select:
    check_target(article, lang)
    statement = (
        select(SegmentTranslation)
        .join(SegmentTranslation.segment)
        .outerjoin(SegmentTranslation.current_version)
        .where(Segment.article_id == article.id, SegmentTranslation.lang == lang)
        .options(
            contains_eager(SegmentTranslation.segment),
            # The row names the current version's author, and a rejection's reason.
            contains_eager(SegmentTranslation.current_version).joinedload(
                TranslationVersion.author
            ),
            contains_eager(SegmentTranslation.current_version)
            .selectinload(TranslationVersion.rejections)
            .joinedload(Rejection.editor),
            # And the findings of the checks that editors set aside.
            contains_eager(SegmentTranslation.current_version).selectinload(
                TranslationVersion.dismissals
            ),
        )
        .order_by(Segment.position)
    )
    if flt.state is not None:
        statement = statement.where(SegmentTranslation.state == int(flt.state))
    if flt.query:
        statement = statement.where(
            or_(
                Segment.source.icontains(flt.query, autoescape=True),
                TranslationVersion.text.icontains(flt.query, autoescape=True),
            )
        )
    return statement


def reference_texts(segment_ids: list[int], lang: str) -> dict[int, str]:
    """The current text of each segment in another target language (none if untranslated)."""
    if not segment_ids:
        return {}
    rows = db.session.execute(
        select(SegmentTranslation.segment_id, TranslationVersion.text)
        .join(TranslationVersion, TranslationVersion.id == SegmentTranslation.current_version_id)
        .where(SegmentTranslation.segment_id.in_(segment_ids), SegmentTranslation.lang == lang)
    )
    return {segment_id: text for segment_id, text in rows}
