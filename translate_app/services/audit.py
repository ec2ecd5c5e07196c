"""The audit log: who did what to whom, when, and from which address."""

from dataclasses import dataclass

from flask import has_request_context, request
from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import AuditEvent, User
from . import clock
from .errors import InvalidInput

# The actions recorded, in the order the admin page offers them.
ACTIONS = (
    "login_ok",
    "login_failed",
    "logout",
    "approve",
    "reject",
    "set_self_approval",
    "set_machine_gate",
    "restore_version",
    "import_translations",
    "import_aligned",
    "revise_source",
    "do_not_translate",
    "translate_again",
    "languages_change",
    "publish",
    "withdraw",
    "user_create",
    "user_delete",
    "user_disable",
    "user_enable",
    "role_change",
    "password_change",
    "token_issue",
    "token_revoke",
    "token_use",
    "ui_language_change",
    "edit_memory",
    "delete_memory",
    "glossary_add",
    "glossary_update",
    "glossary_delete",
    "glossary_import",
    "dismiss_check",
)
PAGE_SIZE = 50


def user_target(name: str) -> str:
    return f"user:{name}"


def record(action: str, actor: User | None = None, target: str = "", detail: str = "") -> None:
    """Add one event to the current unit of work; it is kept when the caller commits."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    db.session.add(
        AuditEvent(
            created_at=clock.now(),
            actor_id=actor.id if actor is not None else None,
            actor_name=actor.name if actor is not None else None,
            action=action,
            target=target[:200],
            detail=detail,
            address=client_address(),
        )
    )


def client_address() -> str | None:
    """The client's address, when there is a request (a unix socket has none)."""
    address = request.remote_addr if has_request_context() else None
    return address[:64] if address else None


@dataclass(frozen=True)
class Page:
    events: list[AuditEvent]
    number: int
    total: int
    per_page: int

    @property
    def has_next(self) -> bool:
        return self.number * self.per_page < self.total


def list_events(
    *, action: str | None = None, user: str | None = None, page: int = 1, per_page: int = PAGE_SIZE
) -> Page:
    """Newest first. ``user`` matches what the user did and what was done to the account."""
    if action and action not in ACTIONS:
        raise InvalidInput(f"unknown action {action!r}: use one of {', '.join(ACTIONS)}")
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    if user:
        query = query.where(
            or_(AuditEvent.actor_name == user, AuditEvent.target == user_target(user))
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    events = db.session.scalars(
        query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return Page(events=list(events), number=page, total=total, per_page=per_page)
