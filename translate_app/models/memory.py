from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import UTCDateTime, utcnow


class MemoryEntry(db.Model):
    """One pair of the translation memory, in one direction.

    Entries outlive the articles they came from: deleting an article leaves its pairs
    in the memory, only without the link back.
    """

    __tablename__ = "memory_entries"
    __table_args__ = (Index("ix_memory_entries_exact", "source_lang", "target_lang", "source_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_lang: Mapped[str] = mapped_column(String(35))
    target_lang: Mapped[str] = mapped_column(String(35))
    source: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    # Digest of the normalised source: the exact (100%) matches without the n-gram index.
    source_key: Mapped[str] = mapped_column(String(64))
    # Digest of the normalised source of the paragraph before: in-context matches.
    context_key: Mapped[str | None] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(10), default="paragraph")
    # Where the pair came from, for the translator: an article's title or a file's name.
    origin: Mapped[str] = mapped_column(String(255), default="")
    translator: Mapped[str] = mapped_column(String(200), default="")
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("segments.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MemoryPosting(db.Model):
    """The inverted index: which entries hold a term (a word, or a Korean word's stem).

    A term is a 64-bit digest of the language pair, the side and the token, so one
    lookup reads only the postings of its own direction.
    """

    __tablename__ = "memory_postings"
    __table_args__ = ({"sqlite_with_rowid": False},)

    term: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    entry_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class MemoryTerm(db.Model):
    """How many entries hold a term: a lookup reads the postings of its rarest terms only."""

    __tablename__ = "memory_terms"

    term: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    df: Mapped[int] = mapped_column(Integer, default=0)
