"""The time services go by. Tests put a callable under ``CLOCK`` to move it without sleeping."""

from datetime import datetime

from flask import current_app, has_app_context

from ..models._types import utcnow


def now() -> datetime:
    clock = current_app.config.get("CLOCK") if has_app_context() else None
    return clock() if clock is not None else utcnow()
