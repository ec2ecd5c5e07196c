"""Logging in: throttled per user name and per client address, every attempt audited.

Failed attempts are counted from the audit log, in the database, so every worker
process of the server sees the same counts.
"""

import math
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..models import AuditEvent, User
from . import audit, clock
from .accounts import authenticate
from .errors import ServiceError


class Throttled(ServiceError):
    status = 429

    def __init__(self, retry_after: int):
        minutes = math.ceil(retry_after / 60)
        super().__init__(
            f"too many failed logins for this name or from this address; "
            f"try again in {minutes} minute{'s' if minutes != 1 else ''}"
        )
        self.retry_after = retry_after


def log_in(name: str, password: str) -> User | None:
    """The user when name and password match, None when not; Throttled while locked.

    A throttled attempt checks no password at all, so even the right one is refused
    until the window has passed.
    """
    wait = retry_after(name, audit.client_address())
    if wait:
        raise Throttled(wait)
    user = authenticate(name, password)
    if user is None:
        audit.record("login_failed", target=audit.user_target(name))
    return user


def retry_after(name: str, address: str | None) -> int:
    """Seconds until a login for ``name`` from ``address`` is allowed again; 0 if it is now."""
    config = current_app.config
    window = timedelta(minutes=config["LOGIN_THROTTLE_WINDOW_MINUTES"])
    now = clock.now()
    since = now - window
    # A successful login for the name clears its earlier failures (not the address's).
    last_ok = db.session.scalar(
        select(func.max(AuditEvent.created_at)).where(
            AuditEvent.action == "login_ok",
            AuditEvent.target == audit.user_target(name),
            AuditEvent.created_at > since,
        )
    )
    waits = [
        _wait(
            AuditEvent.target == audit.user_target(name),
            max(since, last_ok) if last_ok else since,
            config["LOGIN_MAX_FAILURES_PER_NAME"],
        )
    ]
    if address:
        waits.append(
            _wait(AuditEvent.address == address, since, config["LOGIN_MAX_FAILURES_PER_ADDRESS"])
        )
    unlocks = [moment for moment in waits if moment is not None]
    if not unlocks:
        return 0
    return max(1, math.ceil((max(unlocks) + window - now).total_seconds()))


def _wait(condition, since: datetime, limit: int) -> datetime | None:
    """The failure whose expiry brings the count under ``limit``, if it is reached."""
    return db.session.scalar(
        select(AuditEvent.created_at)
        .where(AuditEvent.action == "login_failed", condition, AuditEvent.created_at > since)
        .order_by(AuditEvent.created_at.desc())
        .offset(limit - 1)
        .limit(1)
    )
