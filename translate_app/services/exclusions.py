"""Boilerplate an editor marks "do not translate", and marks for translation again.

A segment out of translation has no translation rows: it leaves the editor, the
progress and the catalogs, and editions show its source as it is. Its history stays.
"""

from sqlalchemy import delete, select

from ..domain.segmentation import UNTRANSLATABLE_KINDS
from ..domain.states import State
from ..extensions import db
from ..models import Segment, SegmentTranslation, User
from . import audit
from .errors import Conflict, NotFound, PermissionDenied


def get_live_segment(segment_id: int) -> Segment:
    segment = db.session.get(Segment, segment_id)
    if segment is None or segment.retired_revision is not None:
        raise NotFound(f"no segment {segment_id} in any article")
    return segment


def check_may_exclude(user: User) -> None:
    if not user.can("approve"):
        raise PermissionDenied(
            f"{user.name} is a {user.role}: only editors and admins decide what is translated"
        )


def set_translatable(segment: Segment, user: User, translatable: bool) -> Segment:
    check_may_exclude(user)
    if segment.kind in UNTRANSLATABLE_KINDS:
        raise Conflict(f"segment {segment.position} is a {segment.kind}: it is never translated")
    if segment.translatable == translatable:
        return segment
    segment.translatable = translatable
    if translatable:
        db.session.add_all(
            SegmentTranslation(segment=segment, lang=lang, state=int(State.UNTRANSLATED))
            for lang in segment.article.target_langs
        )
    else:
        db.session.execute(
            delete(SegmentTranslation).where(SegmentTranslation.segment_id == segment.id)
        )
    db.session.flush()
    audit.record(
        "translate_again" if translatable else "do_not_translate",
        user,
        f"article:{segment.article.slug}",
        f"segment {segment.position}",
    )
    return segment


def excluded_segments(article) -> list[Segment]:
    """Segments of the article an editor took out of translation, in reading order."""
    return list(
        db.session.scalars(
            select(Segment)
            .where(
                Segment.article_id == article.id,
                Segment.retired_revision.is_(None),
                Segment.translatable.is_(False),
                Segment.kind.not_in([kind.value for kind in UNTRANSLATABLE_KINDS]),
            )
            .order_by(Segment.position)
        )
    )
