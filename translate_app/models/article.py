from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.revisions import RevisionSummary
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
    # The source revision the segments now hold; 1 as imported.
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Whether the article's translations are held to a share of machine output they
    # may keep unmodified (domain/mt.py, GATE_SHARE).
    mt_gate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

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
    # Inline markup as numbered tags in ``source`` (see domain/inline.py), and where the
    # block sits (list, table, heading level) for exports to rebuild it.
    tags: Mapped[dict | None] = mapped_column(JSON)
    structure: Mapped[dict | None] = mapped_column(JSON)
    # Separators, code and boilerplate marked "do not translate" have no translations:
    # editions show their source as it is.
    translatable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    # The source revision that last changed this text, and the text before that change,
    # which the editor shows as a diff until a translator saves against the new text.
    source_revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    previous_source: Mapped[str | None] = mapped_column(Text)
    # A paragraph a later revision deleted: kept with its history, out of the article.
    # Its position is then negative (minus its id), so positions stay unique.
    retired_revision: Mapped[int | None] = mapped_column(Integer)

    article: Mapped[Article] = relationship(back_populates="segments")


class SourceRevision(db.Model):
    """One version of an article's source text, and what changed from the one before."""

    __tablename__ = "source_revisions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Who, as shown: a user's name, or the system account for the command line.
    author: Mapped[str] = mapped_column(String(200), default="", server_default="")
    filename: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # JSON: counts and the changed paragraphs (see domain/revisions.py).
    summary: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")

    article: Mapped[Article] = relationship()

    def load(self) -> RevisionSummary:
        return RevisionSummary.from_json(self.summary)
