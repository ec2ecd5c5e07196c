"""The glossary of a language pair in the browser: everyone reads and downloads it;
editors add, remove and import terms."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ..domain.glossary import STATUSES
from ..extensions import csrf, db
from ..services import articles, glossary
from ..services.errors import InvalidInput, ServiceError
from .forms import language_pair, large_upload

bp = Blueprint("glossary", __name__)

#: What the glossary downloads as, by the format in its URL.
EXPORTS = {"csv": "text/csv; charset=utf-8", "tbx": "application/x-tbx+xml"}


@bp.get("/glossary")
@login_required
def index():
    return _page()


def _page(error: str | None = None, status: int = 200, values: dict | None = None):
    source_lang, target_lang = language_pair()
    page = render_template(
        "glossary/index.html",
        pairs=articles.language_pairs(),
        source_lang=source_lang,
        target_lang=target_lang,
        terms=glossary.list_terms(source_lang, target_lang),
        statuses=STATUSES,
        values=values or {},
        error=error,
    )
    return page, status


@bp.post("/glossary")
@login_required
def add():
    source_lang, target_lang = language_pair()
    values = {
        name: request.form.get(name, "")
        for name in ("source", "target", "status", "part_of_speech", "note")
    }
    try:
        glossary.add_term(current_user, source_lang, target_lang, **values)
    except ServiceError as exc:
        db.session.rollback()
        return _page(str(exc), exc.status, values)
    db.session.commit()
    flash(gettext("Added “%(term)s” to the glossary.", term=values["source"].strip()), "info")
    return _back()


@bp.post("/glossary/<dbint:term_id>/delete")
@login_required
def delete(term_id: int):
    glossary.delete_term(current_user, term_id)
    db.session.commit()
    flash(gettext("The term is removed from the glossary."), "info")
    return _back()


@bp.post("/glossary/import")
@csrf.exempt  # checked below, once the body limit fits the largest file an import takes
@login_required
def import_file():
    glossary.check_may_edit(current_user)
    try:
        name, data = large_upload(gettext("choose a CSV or TBX file"))
        source_lang, target_lang = language_pair()
        done = glossary.import_glossary(data, name, source_lang, target_lang, user=current_user)
    except ServiceError as exc:
        db.session.rollback()
        return _page(str(exc), exc.status)
    db.session.commit()
    flash(
        gettext(
            "Imported the glossary: %(added)d added, %(updated)d updated, %(skipped)d skipped.",
            added=done.added,
            updated=done.updated,
            skipped=done.skipped,
        ),
        "info",
    )
    for problem in done.problems[:20]:
        flash(problem, "error")
    return _back()


@bp.get("/glossary/export/<fmt>")
@login_required
def export(fmt: str):
    if fmt not in EXPORTS:
        raise InvalidInput(f"unknown glossary format {fmt!r}: use csv or tbx")
    source_lang, target_lang = language_pair()
    data = glossary.export_glossary(source_lang, target_lang, fmt)
    name = f"glossary.{source_lang}-{target_lang}.{fmt}"
    return (
        data,
        200,
        {
            "Content-Type": EXPORTS[fmt],
            "Content-Disposition": f'attachment; filename="{name}"',
        },
    )


def _back():
    source_lang, target_lang = language_pair()
    return redirect(
        url_for("glossary.index", source_lang=source_lang, target_lang=target_lang), 303
    )
