"""Who may do what. One table, read by services and templates alike."""

from enum import StrEnum


class Role(StrEnum):
    TRANSLATOR = "translator"
    EDITOR = "editor"
    ADMIN = "admin"


_PERMISSIONS: dict[str, frozenset[Role]] = {
    "translate": frozenset({Role.TRANSLATOR, Role.EDITOR, Role.ADMIN}),
    "approve": frozenset({Role.EDITOR, Role.ADMIN}),
    "publish": frozenset({Role.EDITOR, Role.ADMIN}),
    # Imports and batch exports through the browser, run by the worker.
    "run_jobs": frozenset({Role.EDITOR, Role.ADMIN}),
    "audit": frozenset({Role.ADMIN}),
}


def can(role: str, action: str) -> bool:
    return Role(role) in _PERMISSIONS[action]
