"""Comments on segments: threads one level deep, @mentions, resolving."""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..domain.mentions import CommentError, check_comment, mentioned
from ..domain.roles import Role
from ..domain.text import CharacterError, check_characters
from ..extensions import db
from ..models import Comment, CommentMention, Segment, SegmentTranslation, User
from . import clock
from .accounts import check_language
from .errors import InvalidInput, NotFound, PermissionDenied

#: Mentions listed on a person's Mentions page.
MENTIONS_SHOWN = 50


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def comments(st: SegmentTranslation) -> list[Comment]:
    """Every comment on the segment in this language, oldest first."""
    return list(
        db.session.scalars(
            select(Comment)
            .where(Comment.segment_id == st.segment_id, Comment.lang == st.lang)
            .options(joinedload(Comment.author), joinedload(Comment.resolved_by))
            .order_by(Comment.id)
        )
    )


def threads(st: SegmentTranslation) -> list[Thread]:
    found: dict[int, Thread] = {}
    for comment in comments(st):
        if comment.parent_id is None:
            found[comment.id] = Thread(comment)
        elif comment.parent_id in found:
            found[comment.parent_id].replies.append(comment)
    return list(found.values())


def add_comment(
    st: SegmentTranslation, user: User, text: str | None, parent_id: int | None = None
) -> Comment:
    check_language(user, st.lang)
    try:
        text = check_characters(check_comment(text))
    except (CommentError, CharacterError) as exc:
        raise InvalidInput(str(exc)) from None
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None or (parent.segment_id, parent.lang) != (st.segment_id, st.lang):
            raise NotFound(f"no comment {parent_id} on this segment to reply to")
        # One level of threads: a reply to a reply joins the same thread.
        parent_id = parent.parent_id or parent.id
    comment = Comment(
        segment_id=st.segment_id,
        lang=st.lang,
        parent_id=parent_id,
        author_id=user.id,
        text=text,
        created_at=clock.now(),
    )
    db.session.add(comment)
    db.session.flush()
    names = mentioned(text)
    if names:
        for user_id in db.session.scalars(select(User.id).where(User.name.in_(names))):
            db.session.add(CommentMention(comment_id=comment.id, user_id=user_id))
        db.session.flush()
    return comment


def get_comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"no comment {comment_id}")
    return comment


def set_resolved(comment: Comment, user: User, resolved: bool) -> Comment:
    """Mark a thread resolved (or open again): its author, editors and admins may."""
    if comment.author_id != user.id and user.role not in (Role.EDITOR, Role.ADMIN):
        raise PermissionDenied("only the comment's author, editors and admins resolve it")
    check_language(user, comment.lang)
    if resolved:
        comment.resolved_at, comment.resolved_by = clock.now(), user
    else:
        comment.resolved_at, comment.resolved_by = None, None
    db.session.flush()
    return comment


def open_counts(segment_ids: list[int], lang: str) -> dict[int, int]:
    """Unresolved comments per segment, for the rows of one editor page (one query)."""
    if not segment_ids:
        return {}
    return dict(
        db.session.execute(
            select(Comment.segment_id, func.count())
            .where(
                Comment.segment_id.in_(segment_ids),
                Comment.lang == lang,
                Comment.resolved_at.is_(None),
            )
            .group_by(Comment.segment_id)
        ).all()
    )


def mentions(user: User) -> list[Comment]:
    """Open comments that name ``user``, newest first, with their segment and article."""
    return list(
        db.session.scalars(
            select(Comment)
            .join(CommentMention, CommentMention.comment_id == Comment.id)
            .where(CommentMention.user_id == user.id, Comment.resolved_at.is_(None))
            .options(
                joinedload(Comment.author),
                joinedload(Comment.segment).joinedload(Segment.article),
            )
            .order_by(Comment.id.desc())
            .limit(MENTIONS_SHOWN)
        )
    )


def user_names() -> set[str]:
    return set(db.session.scalars(select(User.name)))
