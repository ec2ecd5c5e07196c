from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import UTCDateTime, utcnow


class MtCacheEntry(db.Model):
    """A machine translation as a provider gave it: asking again for the same text in
    the same pair (and, for a language model, with the same glossary) costs nothing."""

    __tablename__ = "mt_cache"
    __table_args__ = (
        # Named by hand: the convention's name would pass PostgreSQL's 63 characters.
        UniqueConstraint(
            "provider",
            "model",
            "source_lang",
            "target_lang",
            "source_key",
            "glossary_key",
            name="uq_mt_cache_request",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(32))
    # The OpenAI-compatible model; "" for providers without a choice of model.
    model: Mapped[str] = mapped_column(String(200), default="", server_default="")
    source_lang: Mapped[str] = mapped_column(String(35))
    target_lang: Mapped[str] = mapped_column(String(35))
    # sha256 of the exact text asked for: a changed space may change the translation.
    source_key: Mapped[str] = mapped_column(String(64))
    # Digest of the glossary lines the prompt carried; "" when none.
    glossary_key: Mapped[str] = mapped_column(String(64), default="", server_default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
