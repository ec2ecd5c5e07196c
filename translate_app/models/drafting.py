from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import UTCDateTime, utcnow


class Autosave(db.Model):
    """What a translator typed and has not saved yet, kept as they type.

    One per person, segment and language, overwritten by the next keystrokes; not a
    version, so the history holds only what people chose to save. It counts only while
    ``base_revision`` is the segment's revision: a save moves the revision on.
    """

    __tablename__ = "autosaves"
    __table_args__ = (UniqueConstraint("user_id", "segment_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(Text)
    base_revision: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Presence(db.Model):
    """Who has an article open in the editor, as of their last heartbeat."""

    __tablename__ = "presence"
    __table_args__ = (UniqueConstraint("user_id", "article_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str] = mapped_column(String(35))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
