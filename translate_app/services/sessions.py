"""Server-side sessions: the browser's cookie carries a secret naming one row here.

The row is what makes a session end for real: logging out, a password change or a
disabled account revokes it, and a copied cookie then opens nothing.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import User, UserSession
from ..models.user import hash_secret, new_secret
from . import audit, clock

# last_seen_at is written at most this often, not on every request.
TOUCH_INTERVAL = timedelta(minutes=1)
# Set on the database session when a request wrote only bookkeeping (a session's
# last use, a token's last use) that the web layer commits after the response.
BOOKKEEPING = "bookkeeping"


def lifetime() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_LIFETIME_HOURS"])


def idle_limit() -> timedelta | None:
    minutes = current_app.config["SESSION_IDLE_MINUTES"]
    return timedelta(minutes=minutes) if minutes else None


def start_session(user: User, *, user_agent: str = "") -> str:
    """A new session for ``user``; returns the secret for the cookie (stored only hashed)."""
    now = clock.now()
    # The user's dead sessions are of no further use: drop them as a new one starts.
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id,
            or_(UserSession.revoked_at.is_not(None), UserSession.created_at <= now - lifetime()),
        )
    )
    secret = new_secret()
    db.session.add(
        UserSession(
            user=user,
            secret_hash=hash_secret(secret),
            created_at=now,
            last_seen_at=now,
            user_agent=user_agent[:255],
            address=audit.client_address(),
        )
    )
    audit.record("login_ok", actor=user, target=audit.user_target(user.name))
    db.session.flush()
    return secret


def user_for_session(secret: str | None) -> User | None:
    """The user of a live session: not revoked, not past its lifetime nor idle too long."""
    if not secret:
        return None
    row = _find(secret)
    now = clock.now()
    if row is None or not _alive(row, now) or not row.user.is_active:
        return None
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = now
        db.session.flush()
        db.session.info[BOOKKEEPING] = True
    return row.user


def _find(secret: str) -> UserSession | None:
    # The user comes in the same statement: this runs on every request of a page.
    query = (
        select(UserSession)
        .options(joinedload(UserSession.user))
        .where(UserSession.secret_hash == hash_secret(secret))
    )
    return db.session.scalar(query)


def _alive(row: UserSession, now: datetime) -> bool:
    if row.revoked_at is not None or now >= row.created_at + lifetime():
        return False
    idle = idle_limit()
    return idle is None or now < row.last_seen_at + idle


def end_session(secret: str | None) -> None:
    """Log out: the session's row is revoked, so a copy of the cookie is worthless."""
    if not secret:
        return
    row = _find(secret)
    if row is None or row.revoked_at is not None:
        return
    row.revoked_at = clock.now()
    audit.record("logout", actor=row.user, target=audit.user_target(row.user.name))
    db.session.flush()


def revoke_all_sessions(user: User) -> int:
    """Revoke every live session of ``user``; returns how many there were."""
    now = clock.now()
    result = db.session.execute(
        update(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.revoked_at.is_(None),
            UserSession.created_at > now - lifetime(),
        )
        .values(revoked_at=now)
    )
    return result.rowcount
