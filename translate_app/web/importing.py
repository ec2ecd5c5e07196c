"""Import through the browser: the form reads the file at once and shows the segments it
will make; once confirmed, the worker imports it."""

import re
from collections import Counter

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..extensions import csrf, db
from ..services import held_uploads, importing, jobs
from ..services.errors import ServiceError
from ..worker import job_queue
from .forms import FORM_ALLOWANCE, uploaded_file

bp = Blueprint("importing", __name__)

DEFAULTS = {"source_lang": "en", "target_langs": "ko", "slug": ""}
#: Segments the preview lists; the rest are counted.
PREVIEW_BLOCKS = 200


@bp.get("/import")
@login_required
def form():
    jobs.check_may_run_jobs(current_user)
    return _page(DEFAULTS)


@bp.post("/import")
@csrf.exempt  # checked below, once the body limit fits the largest file an import takes
@login_required
def submit():
    jobs.check_may_run_jobs(current_user)
    request.max_content_length = importing.max_import_bytes() + FORM_ALLOWANCE
    try:
        csrf.protect()
        values = {name: request.form.get(name, "").strip() for name in DEFAULTS}
        name, data = uploaded_file(gettext("choose a file to import"))
        options = _options(name, len(data), values)
        # Read now, for the preview; the worker reads it again to import it.
        parsed = importing.read_article(data, name, options.source_lang)
    except RequestEntityTooLarge:
        return _refused(DEFAULTS, importing.too_large("the file"))
    except ServiceError as exc:
        return _refused(values, exc)
    token = held_uploads.hold(current_user, data, name)
    return render_template(
        "importing/preview.html",
        options=options,
        values=values,
        parsed=parsed,
        shown=parsed.blocks[:PREVIEW_BLOCKS],
        kinds=Counter(block.kind.value for block in parsed.blocks),
        token=token,
    )


@bp.post("/import/confirm")
@login_required
def confirm():
    jobs.check_may_run_jobs(current_user)
    values = {name: request.form.get(name, "").strip() for name in DEFAULTS}
    try:
        name, data = held_uploads.take(current_user, request.form.get("upload", ""))
        options = _options(name, len(data), values)
    except ServiceError as exc:
        return _refused(values, exc)
    job = jobs.create_import_job(current_user, data, options)
    db.session.commit()
    job_queue(current_app).enqueue(job.id)
    return redirect(url_for("jobs.show", job_id=job.id), 303)


def _options(name: str, size: int, values: dict) -> importing.ImportOptions:
    return importing.check_import_options(
        name,
        size,
        source_lang=values["source_lang"],
        target_langs=[code for code in re.split(r"[\s,]+", values["target_langs"]) if code],
        slug=values["slug"] or None,
    )


def _refused(values: dict, exc: ServiceError):
    db.session.rollback()
    return _page(values, str(exc), exc.status)


def _page(values: dict, error: str | None = None, status: int = 200):
    limit = importing.describe_size(importing.max_import_bytes())
    return render_template("importing/form.html", values=values, error=error, limit=limit), status
