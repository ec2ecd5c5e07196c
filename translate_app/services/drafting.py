"""Work not yet saved: autosaved drafts, and who else has an article open."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Article, Autosave, Presence, SegmentTranslation, User
from . import clock
from .errors import StaleRevision
from .translating import check_length, check_typing

#: Someone whose editor has not called in for this long has left the article.
PRESENCE_WINDOW = timedelta(seconds=60)


def autosave(st: SegmentTranslation, user: User, *, text: str, base_revision: int) -> Autosave:
    """Keep what ``user`` typed in the segment, overwriting their previous autosave.

    Kept only while ``base_revision`` is current: typing on a text someone has since
    replaced is refused (StaleRevision), so the editor can show both texts instead.
    """
    check_typing(st, user, text)
    check_length(text)
    if base_revision != st.revision:
        raise StaleRevision(st, "this segment was saved by someone else; nothing was autosaved")
    values = {"text": text, "base_revision": base_revision, "updated_at": clock.now()}
    key = (Autosave.user_id == user.id, Autosave.segment_id == st.segment_id,
           Autosave.lang == st.lang)  # fmt: skip
    # An update first: after the first keystrokes of a segment there is always a row.
    if db.session.execute(update(Autosave).where(*key).values(**values)).rowcount == 0:
        try:
            with db.session.begin_nested():
                db.session.add(Autosave(user_id=user.id, segment_id=st.segment_id, lang=st.lang,
                                        **values))  # fmt: skip
        except IntegrityError:
            # Another tab of the same person inserted it first: theirs is overwritten.
            db.session.execute(update(Autosave).where(*key).values(**values))
    return db.session.scalars(select(Autosave).where(*key)).one()


def discard(st: SegmentTranslation, user: User) -> None:
    db.session.execute(
        Autosave.__table__.delete().where(
            Autosave.user_id == user.id,
            Autosave.segment_id == st.segment_id,
            Autosave.lang == st.lang,
        )
    )


@dataclass(frozen=True)
class Unsaved:
    """An autosave to put back in the editor box."""

    text: str
    at: object
    #: Someone else saved the segment since this was typed: show both texts.
    conflict: bool


def unsaved_for(user: User, rows: list[SegmentTranslation]) -> dict[int, Unsaved]:
    """The user's autosaves for these rows, by segment id (one query for the page).

    An autosave typed on the current revision comes back as is. One typed on an older
    revision comes back as a conflict when someone else saved since; when the user
    saved since, it is spent.
    """
    if not rows:
        return {}
    by_segment = {st.segment_id: st for st in rows}
    lang = rows[0].lang
    found: dict[int, Unsaved] = {}
    for saved in db.session.scalars(
        select(Autosave).where(
            Autosave.user_id == user.id,
            Autosave.lang == lang,
            Autosave.segment_id.in_(list(by_segment)),
        )
    ):
        st = by_segment[saved.segment_id]
        if saved.text == (st.text or ""):
            continue
        if saved.base_revision == st.revision:
            found[st.segment_id] = Unsaved(saved.text, saved.updated_at, conflict=False)
        elif st.current_version is not None and st.current_version.author_id != user.id:
            found[st.segment_id] = Unsaved(saved.text, saved.updated_at, conflict=True)
    return found


def here(article: Article, lang: str, user: User) -> list[str]:
    """Record that ``user`` has the article open; the names of the others who do."""
    now = clock.now()
    key = (Presence.user_id == user.id, Presence.article_id == article.id,
           Presence.lang == lang)  # fmt: skip
    if db.session.execute(update(Presence).where(*key).values(seen_at=now)).rowcount == 0:
        try:
            with db.session.begin_nested():
                db.session.add(
                    Presence(user_id=user.id, article_id=article.id, lang=lang, seen_at=now)
                )
        except IntegrityError:
            pass  # another tab of the same person: it is here already
    return list(
        db.session.scalars(
            select(User.name)
            .join(Presence, Presence.user_id == User.id)
            .where(
                Presence.article_id == article.id,
                Presence.lang == lang,
                Presence.user_id != user.id,
                Presence.seen_at >= now - PRESENCE_WINDOW,
            )
            .order_by(User.name)
        )
    )
