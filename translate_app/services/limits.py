"""Configured size limits, enforced the same way by every operation."""

from ..config import current_limits, setting_name
from ..domain.limits import LimitError, Limits, check_limit
from .errors import InvalidInput

__all__ = ["Limits", "current_limits", "enforce_limit", "setting_name"]


def enforce_limit(subject: str, count: int, unit: str, setting: str, limit: int) -> None:
    """Raise InvalidInput naming the size, the limit and the setting that raises it."""
    try:
        check_limit(subject, count, unit, limit, setting_name(setting))
    except LimitError as exc:
        raise InvalidInput(str(exc)) from None
