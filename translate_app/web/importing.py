"""Import through the browser: the form checks what it can at once, the worker does the rest."""

import re
from pathlib import PurePath

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

from ..extensions import csrf, db
from ..services import importing, jobs
from ..services.errors import InvalidInput, ServiceError
from ..worker import job_queue

bp = Blueprint("importing", __name__)

#: Room for the form's other fields and the multipart framing around the file.
FORM_ALLOWANCE = 64 * 1024
DEFAULTS = {"source_lang": "en", "target_langs": "ko", "slug": ""}


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
        name, data = _read(request.files.get("file"))
        options = importing.check_import_options(
            name,
            len(data),
            source_lang=values["source_lang"],
            target_langs=[code for code in re.split(r"[\s,]+", values["target_langs"]) if code],
            slug=values["slug"] or None,
        )
    except RequestEntityTooLarge:
        return _refused(DEFAULTS, importing.too_large("the file"))
    except ServiceError as exc:
        return _refused(values, exc)
    job = jobs.create_import_job(current_user, data, options)
    db.session.commit()
    job_queue(current_app).enqueue(job.id)
    return redirect(url_for("jobs.show", job_id=job.id), 303)


def _read(upload: FileStorage | None) -> tuple[str, bytes]:
    if upload is None or not upload.filename:
        raise InvalidInput(gettext("choose a .txt or .md file to import"))
    name = PurePath(upload.filename.replace("\\", "/")).name
    # One byte past the limit is enough to refuse; the rest is never read.
    data = upload.stream.read(importing.max_import_bytes() + 1)
    importing.check_import_size(name, len(data))
    return name, data


def _refused(values: dict, exc: ServiceError):
    db.session.rollback()
    return _page(values, str(exc), exc.status)


def _page(values: dict, error: str | None = None, status: int = 200):
    limit = importing.describe_size(importing.max_import_bytes())
    return render_template("importing/form.html", values=values, error=error, limit=limit), status
