"""Uploads held between a preview and its confirmation.

A person uploads a file, sees what it will become, and confirms. The file waits on
disk in the meantime, and the page carries only a signed token naming it and its
owner: nobody else can confirm it, a token cannot be forged to name another file,
and a preview left unconfirmed expires.
"""

import secrets
import time
from datetime import timedelta
from pathlib import Path

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..models import User
from . import pending
from .errors import InvalidInput
from .jobs import uploads_dir, write_private

#: How long a preview can be confirmed, and how long its file is kept.
HELD_FOR = timedelta(hours=12)
_PREFIX = "held-"


def held_dir() -> Path:
    # Beside the uploads of queued imports: one private folder for files in waiting.
    return uploads_dir()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="held-upload")


def hold(user: User, data: bytes, filename: str) -> str:
    """Keep ``data`` for ``user`` and return the token that confirms it."""
    sweep_held()
    name = f"{_PREFIX}{secrets.token_hex(16)}.upload"
    write_private(held_dir() / name, data)
    return _serializer().dumps({"file": name, "user": user.id, "filename": filename})


def take(user: User, token: str) -> tuple[str, bytes]:
    """The file name and bytes a token holds for ``user``; the file is removed once the
    confirmation commits, and kept for another try if it is refused."""
    path, filename, data = _read(user, token)
    pending.after_commit(lambda: path.unlink(missing_ok=True), lambda: None)
    return filename, data


def peek(user: User, token: str) -> tuple[str, bytes]:
    """As ``take``, but the file stays held: for a preview that is edited before it is
    confirmed."""
    _, filename, data = _read(user, token)
    return filename, data


def _read(user: User, token: str) -> tuple[Path, str, bytes]:
    try:
        held = _serializer().loads(token or "", max_age=int(HELD_FOR.total_seconds()))
    except SignatureExpired:
        raise InvalidInput("this preview has expired: upload the file again") from None
    except BadSignature:
        raise InvalidInput("this preview is not valid: upload the file again") from None
    if held.get("user") != user.id:
        raise InvalidInput("this preview belongs to someone else: upload the file yourself")
    path = held_dir() / held["file"]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput("this preview was already confirmed or has expired") from None
    return path, held["filename"], data


def sweep_held() -> None:
    """Remove held files older than a preview lasts."""
    cutoff = time.time() - HELD_FOR.total_seconds()
    for path in held_dir().glob(f"{_PREFIX}*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass
