from sqlalchemy import select

from ..domain.roles import Role
from ..extensions import db
from ..models import ApiToken, User
from .errors import Conflict, InvalidInput, NotFound

MIN_PASSWORD = 8


def create_user(name: str, role: str, password: str) -> User:
    name = (name or "").strip()
    if not name or len(name) > 80 or any(ch.isspace() for ch in name):
        raise InvalidInput("a user name is 1 to 80 characters without spaces")
    try:
        role = Role(role).value
    except ValueError:
        raise InvalidInput(f"unknown role {role!r}: use translator, editor or admin") from None
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"the password must have at least {MIN_PASSWORD} characters")
    if find_user(name) is not None:
        raise Conflict(f"a user named {name!r} already exists")
    user = User(name=name, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def find_user(name: str) -> User | None:
    return db.session.scalar(select(User).where(User.name == name))


def get_user(name: str) -> User:
    user = find_user(name)
    if user is None:
        raise NotFound(f"no user named {name!r}")
    return user


def authenticate(name: str, password: str) -> User | None:
    user = find_user(name)
    return user if user is not None and user.check_password(password) else None


def issue_token(user: User) -> str:
    secret = ApiToken.new_secret()
    db.session.add(ApiToken(user=user, token_hash=ApiToken.hash(secret)))
    db.session.flush()
    return secret


def user_for_token(secret: str) -> User | None:
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(secret)))
    return token.user if token else None
