from flask import Blueprint, render_template, request
from flask_babel import gettext
from flask_login import current_user, login_required

from ..domain.limits import DB_INT_MAX
from ..extensions import db
from ..services import articles, history
from ..services.errors import InvalidInput, StaleRevision
from . import htmx
from .forms import revision_field

bp = Blueprint("history", __name__)


@bp.get("/segments/<dbint:segment_id>/<lang>/history")
@login_required
def panel(segment_id: int, lang: str):
    st = articles.get_segment_translation(segment_id, lang)
    return htmx.fragment("history/_panel.html", st=st, entries=history.history(st))


@bp.get("/segments/<dbint:segment_id>/<lang>/diff")
@login_required
def compare(segment_id: int, lang: str):
    st = articles.get_segment_translation(segment_id, lang)
    older, newer, changes = history.compare(st, _version_arg("a"), _version_arg("b"))
    return htmx.fragment("history/_compare.html", st=st, older=older, newer=newer, changes=changes)


@bp.post("/segments/<dbint:segment_id>/<lang>/restore")
@login_required
def restore(segment_id: int, lang: str):
    st = articles.get_segment_translation(segment_id, lang)
    try:
        history.restore_version(
            st,
            current_user,
            version_id=revision_field("version_id", required=True),
            base_revision=revision_field(required=True),
        )
    except StaleRevision as exc:
        db.session.rollback()
        return htmx.fragment("translating/_row.html", 409, st=exc.current, error=str(exc))
    response = htmx.fragment("translating/_row.html", st=st, trigger="progress-changed")
    db.session.commit()
    return response


@bp.get("/articles/<slug>/<lang>/changes")
@login_required
def recent(slug: str, lang: str):
    article = articles.get_article(slug)
    before = request.args.get("before", "")
    if before and not (before.isascii() and before.isdigit() and int(before) <= DB_INT_MAX):
        raise InvalidInput(
            gettext("'before' must be a version number from 0 to %(max)d", max=DB_INT_MAX)
        )
    changes = history.recent_changes(article, lang, int(before) if before else None)
    return render_template("history/changes.html", article=article, lang=lang, changes=changes)


def _version_arg(name: str) -> int:
    raw = request.args.get(name, "")
    if not (raw.isascii() and raw.isdigit() and int(raw) <= DB_INT_MAX):
        raise InvalidInput(
            gettext(
                "'%(name)s' must name a version: a number from 0 to %(max)d",
                name=name,
                max=DB_INT_MAX,
            )
        )
    return int(raw)
