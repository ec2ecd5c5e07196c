"""The translation memory in the browser: search it for a word or a phrase in either
language, and, for editors, correct or remove an entry or fill it from a file."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from ..extensions import csrf, db
from ..services import articles, memory
from ..services.errors import ServiceError
from .forms import language_pair, large_upload

bp = Blueprint("memory", __name__)


@bp.get("/memory")
@login_required
def index():
    return _page()


def _page(error: str | None = None, status: int = 200):
    source_lang, target_lang = language_pair()
    phrase = request.args.get("q", "").strip()
    found = None
    if phrase and error is None:
        try:
            found = memory.concordance(phrase, source_lang, target_lang)
        except ServiceError as exc:
            error, status = str(exc), exc.status
    page = render_template(
        "memory/index.html",
        pairs=articles.language_pairs(),
        source_lang=source_lang,
        target_lang=target_lang,
        phrase=phrase,
        found=found,
        size=memory.memory_size(source_lang, target_lang),
        error=error,
    )
    return page, status


@bp.post("/memory/<dbint:entry_id>")
@login_required
def update(entry_id: int):
    try:
        memory.update_entry(
            entry_id,
            current_user,
            source=request.form.get("source", ""),
            target=request.form.get("target", ""),
        )
    except ServiceError as exc:
        db.session.rollback()
        return _page(str(exc), exc.status)
    db.session.commit()
    flash(gettext("The memory entry is changed."), "info")
    return _back()


@bp.post("/memory/<dbint:entry_id>/delete")
@login_required
def delete(entry_id: int):
    memory.delete_entry(entry_id, current_user)
    db.session.commit()
    flash(gettext("The memory entry is deleted."), "info")
    return _back()


@bp.post("/memory/import")
@csrf.exempt  # checked below, once the body limit fits the largest file an import takes
@login_required
def import_file():
    memory.check_may_change(current_user)
    try:
        name, data = large_upload(gettext("choose a TMX, PO or XLIFF file"))
        source_lang, target_lang = language_pair()
        done = memory.import_file(data, name, source_lang, target_lang, user=current_user)
    except ServiceError as exc:
        db.session.rollback()
        return _page(str(exc), exc.status)
    db.session.commit()
    flash(
        ngettext("Imported %(num)d pair.", "Imported %(num)d pairs.", done.imported)
        + " "
        + ngettext("Skipped %(num)d.", "Skipped %(num)d.", done.skipped),
        "info",
    )
    return _back()


def _back():
    source_lang, target_lang = language_pair()
    return redirect(
        url_for(
            "memory.index",
            source_lang=source_lang,
            target_lang=target_lang,
            q=request.form.get("q", ""),
        ),
        303,
    )
