from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.states import State
from ..extensions import db
from ._types import UTCDateTime, utcnow
from .article import Segment
from .user import User


class TranslationVersion(db.Model):
    """One saved text. Its text is never updated nor the version deleted: the history is
    append-only. Only what the checks found in it is refreshed, at approval."""

    __tablename__ = "translation_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(Text)
    # The state the author asked for when saving (draft or translated).
    state: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("translation_versions.id"))
    # What the quality checks found when it was saved: [{"check", "severity", "message"}].
    checks: Mapped[list | None] = mapped_column(JSON)
    # Where the text came from: typed, memory or mt; with the suggestion that was taken,
    # so how much of it the translator changed can be measured.
    origin: Mapped[str] = mapped_column(String(20), default="typed", server_default="typed")
    origin_detail: Mapped[str] = mapped_column(String(200), default="", server_default="")
    suggestion: Mapped[str | None] = mapped_column(Text)

    segment: Mapped[Segment] = relationship()
    author: Mapped[User] = relationship()
    parent: Mapped["TranslationVersion | None"] = relationship(remote_side=[id])
    rejections: Mapped[list["Rejection"]] = relationship(
        back_populates="version", order_by="Rejection.id.desc()", viewonly=True
    )
    dismissals: Mapped[list["CheckDismissal"]] = relationship(
        back_populates="version", order_by="CheckDismissal.id", viewonly=True
    )


class SegmentTranslation(db.Model):
    """The current state of one segment in one target language.

    ``revision`` counts saved versions; a save must name the revision it was based
    on, and the update is a compare-and-set on it, so a stale save changes nothing.
    """

    __tablename__ = "segment_translations"
    __table_args__ = (UniqueConstraint("segment_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(35))
    state: Mapped[int] = mapped_column(Integer, default=int(State.UNTRANSLATED))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    current_version_id: Mapped[int | None] = mapped_column(ForeignKey("translation_versions.id"))
    approved_version_id: Mapped[int | None] = mapped_column(ForeignKey("translation_versions.id"))

    segment: Mapped[Segment] = relationship()
    current_version: Mapped[TranslationVersion | None] = relationship(
        foreign_keys=[current_version_id]
    )
    approved_version: Mapped[TranslationVersion | None] = relationship(
        foreign_keys=[approved_version_id]
    )

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def text(self) -> str | None:
        return self.current_version.text if self.current_version else None

    @property
    def updated_by(self) -> str | None:
        return self.current_version.author.name if self.current_version else None

    @property
    def updated_at(self) -> datetime | None:
        return self.current_version.created_at if self.current_version else None

    @property
    def last_review(self) -> "Rejection | None":
        """The latest rejection of the current version; a new version starts clean."""
        version = self.current_version
        return version.rejections[0] if version is not None and version.rejections else None


class Approval(db.Model):
    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("translation_versions.id", ondelete="CASCADE"), index=True
    )
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[TranslationVersion] = relationship()
    editor: Mapped[User] = relationship()


class Rejection(db.Model):
    """An editor sent a version back: what is wrong with it, how badly, and why."""

    __tablename__ = "rejections"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("translation_versions.id", ondelete="CASCADE"), index=True
    )
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    category: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[TranslationVersion] = relationship(back_populates="rejections")
    editor: Mapped[User] = relationship()


class CheckDismissal(db.Model):
    """An editor set aside one check's finding on one version, and said why.

    For a warning this dismisses it; for an error it is the override that lets the
    version be approved anyway.
    """

    __tablename__ = "check_dismissals"
    __table_args__ = (UniqueConstraint("version_id", "check"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("translation_versions.id", ondelete="CASCADE"), index=True
    )
    check: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text)
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    version: Mapped[TranslationVersion] = relationship(back_populates="dismissals")
    editor: Mapped[User] = relationship()
