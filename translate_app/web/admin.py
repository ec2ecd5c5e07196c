"""Pages for admins: accounts (roles, passwords, languages) and the audit log."""

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ..domain.limits import in_db_int_range
from ..domain.roles import Role
from ..extensions import db
from ..services import accounts, audit
from ..services.errors import InvalidInput, PermissionDenied, ServiceError
from . import htmx
from .formatting import role_label

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def require_admin():
    if not current_user.can("audit"):
        raise PermissionDenied(gettext("only admins can manage accounts and read the audit log"))


@bp.get("/audit")
def audit_log():
    action = request.args.get("action", "").strip()
    user = request.args.get("user", "").strip()
    page = audit.list_events(action=action, user=user, page=_page_number())
    return render_template(
        "admin/audit.html", page=page, action=action, user=user, actions=audit.ACTIONS
    )


@bp.get("/users")
def users():
    return _users_page()


@bp.post("/users")
def create_user():
    form = request.form
    try:
        user = accounts.create_user(
            form.get("name", ""),
            form.get("role", ""),
            form.get("password", ""),
            form.getlist("languages"),
        )
    except ServiceError as exc:
        db.session.rollback()
        # The form comes back filled in (but for the password), with the reason.
        return _users_page(exc.status, error=str(exc), typed=form)
    db.session.commit()
    flash(gettext("Created %(role)s %(name)s.", role=role_label(user.role), name=user.name), "info")
    return htmx.redirect(url_for("admin.users"))


@bp.post("/users/<dbint:user_id>")
def update_user(user_id: int):
    user = accounts.get_user_by_id(user_id)
    change = request.form.get("change", "")
    try:
        done = _change(user, change)
    except ServiceError as exc:
        db.session.rollback()
        return _users_page(exc.status, error=f"{user.name}: {exc}")
    db.session.commit()
    flash(done, "info")
    return htmx.redirect(url_for("admin.users"))


def _change(user, change: str) -> str:
    form = request.form
    if change == "role":
        accounts.change_role(user, form.get("role", ""))
        return gettext("%(name)s is now %(role)s.", name=user.name, role=role_label(user.role))
    if change == "password":
        sessions, tokens = accounts.change_password(user, form.get("password", ""))
        return gettext(
            "New password for %(name)s; %(sessions)d sessions and %(tokens)d tokens ended.",
            name=user.name,
            sessions=sessions,
            tokens=tokens,
        )
    if change == "languages":
        codes = accounts.set_languages(user, form.getlist("languages"))
        return gettext(
            "%(name)s works on %(langs)s.",
            name=user.name,
            langs=" ".join(codes) or gettext("every language"),
        )
    if change == "disable":
        accounts.disable_user(user)
        return gettext("%(name)s is disabled.", name=user.name)
    if change == "enable":
        accounts.enable_user(user)
        return gettext("%(name)s is enabled.", name=user.name)
    raise InvalidInput(
        gettext(
            "unknown change %(change)s: use role, password, languages, disable or enable",
            change=repr(change[:40]),
        )
    )


def _users_page(status: int = 200, **context):
    return (
        render_template(
            "admin/users.html",
            users=accounts.list_users(),
            roles=[r.value for r in Role],
            min_password=accounts.MIN_PASSWORD,
            **context,
        ),
        status,
    )


def _page_number() -> int:
    raw = request.args.get("page", "1")
    number = int(raw) if raw.isascii() and raw.isdigit() else 0
    if not in_db_int_range(number, minimum=1):
        raise InvalidInput(
            gettext("the page number must be a whole number from 1 on, not %(raw)s", raw=repr(raw))
        )
    return number
