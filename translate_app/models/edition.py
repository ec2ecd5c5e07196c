from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.editions import EditionSnapshot
from ..extensions import db
from ._types import UTCDateTime, utcnow
from .article import Article
from .user import User


class Edition(db.Model):
    """A published edition: number N of an article in one target language, never changed."""

    __tablename__ = "editions"
    __table_args__ = (UniqueConstraint("article_id", "lang", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    source_lang: Mapped[str] = mapped_column(String(35))
    lang: Mapped[str] = mapped_column(String(35))
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    catalog_checksum: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[str] = mapped_column(Text)
    # Published although its text equals the edition before it.
    forced: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # A withdrawn edition stays in the record; its page says it was withdrawn, and why.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)

    article: Mapped[Article] = relationship()
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def load(self) -> EditionSnapshot:
        return EditionSnapshot.from_json(self.snapshot)
