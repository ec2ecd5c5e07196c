"""Importing an article published in two languages: upload both files, confirm or fix
the pairs of paragraphs, and import them as approved translations.

Both uploads are held between the pages; each page carries their tokens and the pairs
as they stand, and every edit aligns the held files again rather than trusting the
page for anything but paragraph numbers.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..extensions import csrf, db
from ..services import aligning, held_uploads, importing, jobs
from ..services.errors import InvalidInput, ServiceError
from .forms import FORM_ALLOWANCE, uploaded_file

bp = Blueprint("aligning", __name__)

DEFAULTS = {"source_lang": "en", "target_lang": "ko", "slug": ""}
#: Pairs below this confidence are counted at the top of the review page.
LOW = 0.10
MEDIUM = 0.50


@bp.get("/import/aligned")
@login_required
def form():
    _check_may_import()
    return _form_page(DEFAULTS)


@bp.post("/import/aligned")
@csrf.exempt  # checked below, once the body limit fits two of the largest files
@login_required
def submit():
    _check_may_import()
    request.max_content_length = 2 * importing.max_import_bytes() + FORM_ALLOWANCE
    values = dict(DEFAULTS)
    try:
        csrf.protect()
        values = _values()
        source = uploaded_file(gettext("choose the original file"), "source_file")
        target = uploaded_file(gettext("choose the translation file"), "target_file")
        found = _align(source, target, values)
        values["slug"] = aligning.choose_slug(values["slug"], found.source_name)
    except RequestEntityTooLarge:
        return _refused(DEFAULTS, importing.too_large("the files"))
    except ServiceError as exc:
        return _refused(values, exc)
    tokens = {
        "source_upload": held_uploads.hold(current_user, source[1], source[0]),
        "target_upload": held_uploads.hold(current_user, target[1], target[0]),
    }
    return _review(found, found.pairs, values, tokens)


@bp.post("/import/aligned/edit")
@login_required
def edit():
    _check_may_import()
    values, tokens = _values(), _tokens()
    found = _align(*(held_uploads.peek(current_user, t) for t in tokens.values()), values)
    pairs = aligning.parse_beads(found, request.form.get("beads", ""))
    operation, _, index = request.form.get("edit", "").partition(" ")
    try:
        edited = aligning.edit_pairs(pairs, operation, _index(index))
    except InvalidInput as exc:
        return _review(found, pairs, values, tokens, error=str(exc), status=exc.status)
    return _review(found, edited, values, tokens)


@bp.post("/import/aligned/confirm")
@login_required
def confirm():
    _check_may_import()
    values, tokens = _values(), _tokens()
    found = _align(*(held_uploads.take(current_user, t) for t in tokens.values()), values)
    pairs = aligning.parse_beads(found, request.form.get("beads", ""))
    done = aligning.import_aligned(found, pairs, slug=values["slug"], user=current_user)
    db.session.commit()
    flash(
        gettext(
            "Imported %(slug)s: %(num)s translations approved.",
            slug=done.article.slug,
            num=done.approved,
        ),
        "info",
    )
    return redirect(
        url_for("translating.editor", slug=done.article.slug, lang=found.target_lang), 303
    )


def _check_may_import() -> None:
    jobs.check_may_run_jobs(current_user)


def _values() -> dict:
    return {name: request.form.get(name, "").strip() for name in DEFAULTS}


def _tokens() -> dict:
    return {name: request.form.get(name, "") for name in ("source_upload", "target_upload")}


def _index(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 6:
        raise InvalidInput(gettext("the edit names no pair: reload the page and try again"))
    return int(raw)


def _align(source: tuple[str, bytes], target: tuple[str, bytes], values: dict):
    return aligning.align_files(
        source[1],
        source[0],
        target[1],
        target[0],
        source_lang=values["source_lang"],
        target_lang=values["target_lang"],
    )


def _review(found, pairs, values, tokens, *, error=None, status=200):
    low = [n for n, pair in enumerate(pairs, start=1) if pair.confidence < LOW]
    page = render_template(
        "aligning/review.html",
        found=found,
        pairs=pairs,
        beads=aligning.beads_json(pairs),
        values=values,
        tokens=tokens,
        low=low,
        level=_level,
        error=error,
    )
    return page, status


def _level(confidence: float) -> str:
    return "low" if confidence < LOW else "medium" if confidence < MEDIUM else "high"


def _refused(values: dict, exc: ServiceError):
    db.session.rollback()
    return _form_page(values, str(exc), exc.status)


def _form_page(values: dict, error: str | None = None, status: int = 200):
    limit = importing.describe_size(importing.max_import_bytes())
    return render_template("aligning/form.html", values=values, error=error, limit=limit), status
