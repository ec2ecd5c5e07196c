"""User accounts, passwords, roles and API tokens."""

import functools
import secrets
from collections.abc import Iterable
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.languages import LanguageError, parse_language
from ..domain.roles import Role
from ..extensions import db
from ..models import (
    ApiToken,
    Approval,
    Comment,
    Edition,
    Job,
    Rejection,
    TranslationVersion,
    User,
)
from . import audit, clock
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied
from .sessions import BOOKKEEPING, revoke_all_sessions

MIN_PASSWORD = 8
#: Room for the language codes of one account (the column's size).
MAX_LANGUAGES_CHARS = 255
MAX_TOKEN_DAYS = 3650
# A token's last use (and its audit line) is written at most this often.
TOKEN_USE_INTERVAL = timedelta(hours=1)


def create_user(name: str, role: str, password: str, languages: Iterable[str] = ()) -> User:
    """A new account; ``languages`` limits it to those target languages (none: every one)."""
    name = (name or "").strip()
    if not name or len(name) > 80 or any(ch.isspace() for ch in name):
        raise InvalidInput("a user name is 1 to 80 characters without spaces")
    role = _check_role(role)
    _check_password(password)
    codes = _check_languages(languages)
    if find_user(name) is not None:
        raise Conflict(f"a user named {name!r} already exists")
    user = User(name=name, role=role, created_at=clock.now(), languages=" ".join(codes))
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    detail = f"role {role}" + (f", languages {' '.join(codes)}" if codes else "")
    audit.record("user_create", target=audit.user_target(name), detail=detail)
    return user


def set_languages(user: User, languages: Iterable[str]) -> list[str]:
    """Limit ``user`` to these target languages; none means every language."""
    codes = _check_languages(languages)
    before = user.languages or "every language"
    user.languages = " ".join(codes)
    audit.record(
        "languages_change",
        target=audit.user_target(user.name),
        detail=f"{before} -> {user.languages or 'every language'}",
    )
    db.session.flush()
    return codes


def check_language(user: User, lang: str) -> None:
    """Refuse work in a language the user is not given (PermissionDenied, 403)."""
    if not user.may_work_on(lang):
        raise PermissionDenied(
            f"you work on {', '.join(user.language_list)} only, not {lang}: "
            "an admin can give you more languages"
        )


def _check_languages(languages: Iterable[str]) -> list[str]:
    codes: list[str] = []
    for raw in languages:
        for code in (raw or "").replace(",", " ").split():
            try:
                parsed = parse_language(code).code
            except LanguageError as exc:
                raise InvalidInput(str(exc)) from None
            if parsed not in codes:
                codes.append(parsed)
    if len(" ".join(codes)) > MAX_LANGUAGES_CHARS:
        raise InvalidInput(f"too many languages: at most {MAX_LANGUAGES_CHARS} characters of codes")
    return codes


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.name)))


def get_user_by_id(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user with the id {user_id}")
    return user


def find_user(name: str) -> User | None:
    return db.session.scalar(select(User).where(User.name == name))


def get_user(name: str) -> User:
    user = find_user(name)
    if user is None:
        raise NotFound(f"no user named {name!r}")
    return user


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(name: str, password: str) -> User | None:
    """The user if the password is right and the account open.

    An unknown name costs one password check too (against a hash of nothing), so
    the time of the answer does not tell which names exist.
    """
    user = find_user(name)
    matches = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    return user if user is not None and matches and user.is_active else None


def change_password(user: User, password: str) -> tuple[int, int]:
    """Set a new password and end every session and token of the user.

    Returns how many sessions and tokens were revoked.
    """
    _check_password(password)
    user.set_password(password)
    return _revoke_everything(user, "password_change")


def change_role(user: User, role: str) -> str:
    """Give ``user`` another role; returns the role it had."""
    role = _check_role(role)
    before = user.role
    if role == before:
        raise Conflict(f"{user.name} is already {role}")
    user.role = role
    audit.record("role_change", target=audit.user_target(user.name), detail=f"{before} -> {role}")
    db.session.flush()
    return before


def set_ui_language(user: User, lang: str | None) -> None:
    """Remember the language ``user`` reads the interface in (None: the browser's)."""
    if lang == user.ui_lang:
        return
    before = user.ui_lang or "-"
    user.ui_lang = lang
    audit.record(
        "ui_language_change",
        actor=user,
        target=audit.user_target(user.name),
        detail=f"{before} -> {lang or '-'}",
    )
    db.session.flush()


def delete_user(user: User) -> None:
    """Delete an account that left nothing behind.

    Who wrote, approved, published or ran something stays on the record: such an
    account can be disabled, not deleted.
    """
    written = _count(TranslationVersion, TranslationVersion.author_id == user.id)
    approved = _count(Approval, Approval.editor_id == user.id)
    rejected = _count(Rejection, Rejection.editor_id == user.id)
    commented = _count(Comment, Comment.author_id == user.id) + _count(
        Comment, Comment.resolved_by_id == user.id
    )
    published = _count(Edition, Edition.published_by_id == user.id)
    jobs = _count(Job, Job.created_by_id == user.id)
    if written or approved or rejected or commented or published or jobs:
        raise Conflict(
            f"{user.name} is named in the history ({written} saved versions, {approved} "
            f"approvals, {rejected} rejections, {commented} comments, {published} editions, "
            f"{jobs} jobs) and "
            f"cannot be deleted; disable the account instead: translate-app users disable "
            f"{user.name}"
        )
    audit.record("user_delete", target=audit.user_target(user.name), detail=f"id {user.id}")
    db.session.delete(user)
    db.session.flush()


def disable_user(user: User) -> tuple[int, int]:
    if not user.is_active:
        raise Conflict(f"{user.name} is already disabled")
    user.disabled_at = clock.now()
    return _revoke_everything(user, "user_disable")


def enable_user(user: User) -> None:
    if user.is_active:
        raise Conflict(f"{user.name} is not disabled")
    user.disabled_at = None
    audit.record("user_enable", target=audit.user_target(user.name))
    db.session.flush()


def _check_role(role: str) -> str:
    try:
        return Role(role).value
    except ValueError:
        raise InvalidInput(f"unknown role {role!r}: use translator, editor or admin") from None


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"the password must have at least {MIN_PASSWORD} characters")


def _count(model, condition) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(condition))


def _revoke_everything(user: User, action: str) -> tuple[int, int]:
    """End every session and token of ``user``, recorded as one ``action`` event."""
    revoked = revoke_all_sessions(user), revoke_all_tokens(user, record=False)
    audit.record(
        action,
        target=audit.user_target(user.name),
        detail=f"revoked {revoked[0]} sessions and {revoked[1]} tokens",
    )
    db.session.flush()
    return revoked


# API tokens -------------------------------------------------------------------------


def issue_token(user: User, days: int | None = None) -> str:
    """A new token for ``user``, valid ``days`` (TOKEN_LIFETIME_DAYS by default)."""
    if days is None:
        days = current_app.config["TOKEN_LIFETIME_DAYS"]
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput(f"a token lives 1 to {MAX_TOKEN_DAYS} days, not {days}")
    if not user.is_active:
        raise Conflict(f"{user.name} is disabled: enable the account before issuing a token")
    secret = ApiToken.new_secret()
    now = clock.now()
    token = ApiToken(
        user=user,
        token_hash=ApiToken.hash(secret),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "token_issue",
        target=audit.user_target(user.name),
        detail=f"token {token.id}, expires {token.expires_at:%Y-%m-%d %H:%M} UTC",
    )
    return secret


def list_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
        )
    )


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one token of ``user``; False when it was revoked already."""
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )
    if token is None:
        raise NotFound(f"{user.name} has no token {token_id}")
    if token.revoked_at is not None:
        return False
    token.revoked_at = clock.now()
    audit.record("token_revoke", target=audit.user_target(user.name), detail=f"token {token.id}")
    db.session.flush()
    return True


def revoke_all_tokens(user: User, *, record: bool = True) -> int:
    """Revoke every token of ``user`` not revoked yet; returns how many."""
    result = db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )
    if record and result.rowcount:
        audit.record(
            "token_revoke",
            target=audit.user_target(user.name),
            detail=f"all {result.rowcount} tokens",
        )
    return result.rowcount


def user_for_token(secret: str) -> User | None:
    """The user a bearer token stands for, or None if it is unknown, expired or revoked."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(secret)))
    now = clock.now()
    if (
        token is None
        or token.revoked_at is not None
        or now >= token.expires_at
        or not token.user.is_active
    ):
        return None
    # Conditional, so that of two requests at the same moment only one writes the line.
    marked = db.session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token.id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= now - TOKEN_USE_INTERVAL),
        )
        .values(last_used_at=now)
    )
    if marked.rowcount:
        audit.record(
            "token_use",
            actor=token.user,
            target=audit.user_target(token.user.name),
            detail=f"token {token.id}",
        )
        db.session.flush()
        db.session.info[BOOKKEEPING] = True
    return token.user
