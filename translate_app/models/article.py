from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import UTCDateTime, utcnow


class Article(db.Model):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(Text)
    source_lang: Mapped[str] = mapped_column(String(35))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Off by default: a version needs a second pair of eyes (an admin may still approve
    # their own; an admin may switch this on for an article with a single editor).
    self_approval_allowed: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false()
    )

    segments: Mapped[list["Segment"]] = relationship(
        back_populates="article", order_by="Segment.position", cascade="all, delete-orphan"
    )
    targets: Mapped[list["ArticleTarget"]] = relationship(
        back_populates="article", order_by="ArticleTarget.lang", cascade="all, delete-orphan"
    )

    @property
    def target_langs(self) -> list[str]:
        return [t.lang for t in self.targets]


class ArticleTarget(db.Model):
    """A language the article is translated into."""

    __tablename__ = "article_targets"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(String(35), primary_key=True)

    article: Mapped[Article] = relationship(back_populates="targets")


class Segment(db.Model):
    __tablename__ = "segments"
    __table_args__ = (
        UniqueConstraint("article_id", "position"),
        UniqueConstraint("article_id", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # The key outlives position and text, so that a revised source can keep translations.
    key: Mapped[str] = mapped_column(String(32))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(Text)
    # Source words, counted once at import: progress sums them in the database instead
    # of reading every paragraph of the article after each save.
    words: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    article: Mapped[Article] = relationship(back_populates="segments")
