from flask import Blueprint, flash, request, url_for
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..extensions import db
from ..services import articles
from ..services.errors import Conflict, InvalidInput
from ..services.reviewing import approve_all_translated, approve_translation
from . import htmx
from .forms import revision_field

bp = Blueprint("reviewing", __name__)


@bp.post("/segments/<dbint:segment_id>/<lang>/approve")
@login_required
def approve(segment_id: int, lang: str):
    st = articles.get_segment_translation(segment_id, lang)
    # The row's form comes along: an edit typed but not saved must survive the swap.
    typed = request.form.get("text")
    try:
        approve_translation(st, current_user, base_revision=revision_field(required=False))
    except Conflict as exc:
        db.session.rollback()
        db.session.refresh(st)
        return htmx.fragment("translating/_row.html", 409, st=st, typed=typed, error=str(exc))
    except InvalidInput as exc:
        db.session.rollback()
        return htmx.fragment("translating/_row.html", 422, st=st, typed=typed, error=str(exc))
    db.session.commit()
    return htmx.fragment("translating/_row.html", st=st, typed=typed, trigger="progress-changed")


@bp.post("/articles/<slug>/<lang>/approve-all")
@login_required
def approve_all(slug: str, lang: str):
    count = approve_all_translated(articles.get_article(slug), lang, current_user)
    db.session.commit()
    flash(ngettext("Approved %(num)d segment.", "Approved %(num)d segments.", count), "info")
    return htmx.redirect(url_for("translating.editor", slug=slug, lang=lang))
