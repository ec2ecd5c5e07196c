"""Job pages: status and progress (polled by htmx), a batch export, and its download."""

from flask import Blueprint, current_app, redirect, send_file, url_for
from flask_login import current_user, login_required

from ..domain.jobs import JobStatus
from ..extensions import db
from ..services import exporting, jobs
from ..worker import job_queue
from . import htmx

bp = Blueprint("jobs", __name__)


@bp.get("/jobs/<dbint:job_id>")
@login_required
def show(job_id: int):
    jobs.check_may_run_jobs(current_user)
    job = jobs.get_job(job_id)
    progress = job.stored_progress
    if job.status_enum is JobStatus.RUNNING:
        progress = job_queue(current_app).progress(job.id) or progress
    return htmx.page_or_fragment("jobs/show.html", "jobs/_status.html", job=job, progress=progress)


@bp.post("/export")
@login_required
def export():
    jobs.check_may_run_jobs(current_user)
    exporting.check_anything_published()
    job = jobs.create_export_job(current_user)
    db.session.commit()
    job_queue(current_app).enqueue(job.id)
    return redirect(url_for("jobs.show", job_id=job.id), 303)


@bp.get("/jobs/<dbint:job_id>/download")
@login_required
def download(job_id: int):
    jobs.check_may_run_jobs(current_user)
    job = jobs.get_job(job_id)
    path = jobs.export_file(job)
    stamp = job.finished_at.strftime("%Y%m%d-%H%M%S")
    return send_file(
        path, mimetype="application/zip", as_attachment=True, download_name=f"editions-{stamp}.zip"
    )
