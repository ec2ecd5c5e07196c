"""Pages for admins: the audit log."""

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..domain.limits import in_db_int_range
from ..services import audit
from ..services.errors import InvalidInput, PermissionDenied

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def require_admin():
    if not current_user.can("audit"):
        raise PermissionDenied("only admins can read the audit log")


@bp.get("/audit")
def audit_log():
    action = request.args.get("action", "").strip()
    user = request.args.get("user", "").strip()
    page = audit.list_events(action=action, user=user, page=_page_number())
    return render_template(
        "admin/audit.html", page=page, action=action, user=user, actions=audit.ACTIONS
    )


def _page_number() -> int:
    raw = request.args.get("page", "1")
    number = int(raw) if raw.isascii() and raw.isdigit() else 0
    if not in_db_int_range(number, minimum=1):
        raise InvalidInput(f"the page number must be a whole number from 1 on, not {raw!r}")
    return number
