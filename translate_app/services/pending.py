"""File moves that wait for the database: done after its commit, undone on a rollback.

The database is the truth. A service that must put files in place stages them under
a temporary name and registers here how to finish (rename into place) and how to
discard (remove); the view or command that commits never needs to know.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db

KEY = "translate_app.pending_files"


@dataclass
class Pending:
    finish: Callable[[], None]
    discard: Callable[[], None]


def after_commit(finish: Callable[[], None], discard: Callable[[], None]) -> None:
    db.session.info.setdefault(KEY, []).append(Pending(finish, discard))


@event.listens_for(Session, "after_commit")
def _finish(session: Session) -> None:
    for pending in session.info.pop(KEY, []):
        try:
            pending.finish()
        except OSError as exc:
            # The commit stands; the next sweep puts the files in place from the database.
            current_app.logger.warning("could not put files in place after commit: %s", exc)
            pending.discard()


@event.listens_for(Session, "after_transaction_end")
def _discard(session: Session, transaction) -> None:
    if transaction.parent is None:
        for pending in session.info.pop(KEY, []):
            pending.discard()
