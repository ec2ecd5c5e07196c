import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.roles import Role, can
from ..extensions import db
from ._types import UTCDateTime, utcnow


def hash_secret(secret: str) -> str:
    """Tokens and session secrets are stored as hashes: a leaked database opens nothing."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # An id is never given twice, so an old cookie, token or audit line can never
    # come to name a later account (SQLite reuses the highest id without this;
    # PostgreSQL sequences never do).
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A disabled account keeps its name on the history it wrote but cannot log in.
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Target languages this person may save, approve or reject in, separated by spaces;
    # empty for every language. A column, not a table: it is read on every save, with
    # the user the request already loaded.
    languages: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # The language of the user interface this person chose (a code such as "ko"); None
    # follows the browser's Accept-Language.
    ui_lang: Mapped[str | None] = mapped_column(String(35))

    tokens: Mapped[list["ApiToken"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    sessions: Mapped[list["UserSession"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def can(self, action: str) -> bool:
        return can(self.role, action)

    @property
    def language_list(self) -> list[str]:
        return self.languages.split()

    def may_work_on(self, lang: str) -> bool:
        return not self.languages or lang in self.language_list

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    hash = staticmethod(hash_secret)
    new_secret = staticmethod(new_secret)


class UserSession(db.Model):
    """One login in one browser. The cookie carries the secret; the row can be revoked."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    address: Mapped[str | None] = mapped_column(String(64))

    user: Mapped[User] = relationship(back_populates="sessions")
