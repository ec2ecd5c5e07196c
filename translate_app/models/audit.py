from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import UTCDateTime


class AuditEvent(db.Model):
    """Who did what, when and from where. Append-only.

    The actor is a plain id and name, not a foreign key: the line outlives the
    account, and ids are never reused, so it keeps naming the right person.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        # Login throttling counts recent failures per attempted name and per address.
        Index("ix_audit_events_action_target_created_at", "action", "target", "created_at"),
        Index("ix_audit_events_action_address_created_at", "action", "address", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[int | None]
    actor_name: Mapped[str | None] = mapped_column(String(80), index=True)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str | None] = mapped_column(String(64))
