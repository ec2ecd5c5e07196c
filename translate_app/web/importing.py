"""Import through the browser: the form checks what it can at once, the worker does the rest."""

import re

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..extensions import csrf, db
from ..services import importing, jobs
from ..services.errors import ServiceError
from ..worker import job_queue
from .forms import FORM_ALLOWANCE, uploaded_file

bp = Blueprint("importing", __name__)

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
        name, data = uploaded_file(gettext("choose a .txt or .md file to import"))
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


def _refused(values: dict, exc: ServiceError):
    db.session.rollback()
    return _page(values, str(exc), exc.status)


def _page(values: dict, error: str | None = None, status: int = 200):
    limit = importing.describe_size(importing.max_import_bytes())
    return render_template("importing/form.html", values=values, error=error, limit=limit), status
