"""Approving translations."""

from sqlalchemy import select

from ..domain.states import State, TransitionError, state_after_approval
from ..extensions import db
from ..models import Approval, Article, Segment, SegmentTranslation, User
from . import audit
from .articles import check_target
from .errors import Conflict, PermissionDenied, StaleRevision


def approve_translation(
    st: SegmentTranslation, user: User, *, base_revision: int | None = None, note: str = ""
) -> SegmentTranslation:
    """Approve the current version. With ``base_revision``, only if it is still current."""
    if not user.can("approve"):
        raise PermissionDenied("only editors and admins can approve translations")
    if base_revision is not None and base_revision != st.revision:
        raise StaleRevision(st, "the translation changed since you read it; nothing was approved")
    if st.state == State.APPROVED and st.approved_version_id == st.current_version_id:
        return st
    try:
        st.state = int(state_after_approval(State(st.state)))
    except TransitionError as exc:
        raise Conflict(str(exc)) from None
    db.session.add(Approval(version_id=st.current_version_id, editor_id=user.id, note=note))
    st.approved_version_id = st.current_version_id
    audit.record("approve", actor=user, target=f"segment:{st.segment_id}/{st.lang}", detail=note)
    db.session.flush()
    return st


def approve_all_translated(article: Article, lang: str, user: User) -> int:
    if not user.can("approve"):
        raise PermissionDenied("only editors and admins can approve translations")
    check_target(article, lang)
    pending = db.session.scalars(
        select(SegmentTranslation)
        .join(SegmentTranslation.segment)
        .where(
            Segment.article_id == article.id,
            SegmentTranslation.lang == lang,
            SegmentTranslation.state == int(State.TRANSLATED),
        )
    ).all()
    for st in pending:
        approve_translation(st, user)
    return len(pending)
