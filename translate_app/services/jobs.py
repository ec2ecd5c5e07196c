"""Job rows and the files they carry: the stored upload of an import, the zip of an export.

A job is created here (queued), started, and finished or failed by the worker; what
the job does lives in the services it calls (importing, exporting).
"""

import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..domain.jobs import JobKind, JobStatus
from ..extensions import db
from ..models import Job, User
from .errors import Conflict, NotFound, PermissionDenied
from .importing import ImportOptions


def uploads_dir() -> Path:
    return Path(current_app.instance_path) / "uploads"


def exports_dir() -> Path:
    return Path(current_app.instance_path) / "exports"


def check_may_run_jobs(user: User) -> None:
    if not user.can("run_jobs"):
        raise PermissionDenied("only editors and admins can import and export")


def create_import_job(user: User, data: bytes, options: ImportOptions) -> Job:
    """Store the upload, readable by its owner only, and queue its import."""
    name = f"{secrets.token_hex(16)}.upload"
    write_private(uploads_dir() / name, data)
    params = {
        "filename": options.filename,
        "source_lang": options.source_lang,
        "target_langs": options.target_langs,
        "slug": options.slug,
        "upload": name,
    }
    return _create(JobKind.IMPORT, user, params)


def create_export_job(user: User) -> Job:
    return _create(JobKind.EXPORT, user, {})


def _create(kind: JobKind, user: User, params: dict) -> Job:
    job = Job(
        kind=kind.value,
        status=JobStatus.QUEUED.value,
        params=json.dumps(params, ensure_ascii=False),
        created_by=user,
    )
    db.session.add(job)
    db.session.flush()
    return job


def get_job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None:
        raise NotFound(f"no job {job_id}")
    return job


def start_job(job_id: int) -> Job | None:
    """Mark a queued job running; None when it is gone or was already taken."""
    job = db.session.scalar(
        select(Job).where(Job.id == job_id, Job.status == JobStatus.QUEUED.value)
    )
    if job is not None:
        job.status = JobStatus.RUNNING.value
        job.started_at = datetime.now(UTC)
        db.session.flush()
    return job


def finish_job(job: Job, *, result: str, message: str, done: int, total: int) -> None:
    job.status = JobStatus.DONE.value
    job.result, job.message = result, message
    job.progress_done, job.progress_total = done, total
    job.finished_at = datetime.now(UTC)
    db.session.flush()


def fail_job(job_id: int, message: str) -> None:
    job = get_job(job_id)
    job.status = JobStatus.FAILED.value
    job.message = message
    job.finished_at = datetime.now(UTC)
    db.session.flush()


def upload_path(job: Job) -> Path:
    return uploads_dir() / job.options["upload"]


def remove_upload(job: Job) -> None:
    if job.kind_enum is JobKind.IMPORT:
        upload_path(job).unlink(missing_ok=True)


def export_file(job: Job) -> Path:
    """The zip of a finished export, for download."""
    if job.kind_enum is not JobKind.EXPORT:
        raise NotFound(f"job {job.id} is an import; it has nothing to download")
    if job.status_enum is not JobStatus.DONE:
        raise Conflict(f"export {job.id} is {job.status}; its zip is ready once it is done")
    path = exports_dir() / job.result
    if not path.is_file():
        raise NotFound(f"the zip of export {job.id} is no longer there; export again")
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write a new file only this process's user can read, in a folder only it can open."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
