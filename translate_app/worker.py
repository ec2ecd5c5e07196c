"""The job queue (Huey on its own SQLite file) and the runner its consumer calls.

The web process stores a job row and enqueues the job's id; ``translate-app worker``
runs Huey's consumer, which calls :func:`run_job` inside the Flask app built once for
the worker process. Like a CLI command, the runner is a boundary: it commits.

Live progress is kept in Huey's storage, not in the jobs table. A job does its work in
one database transaction (an import is all or nothing). Progress written inside that
transaction is invisible to others until the commit, and on SQLite a second connection
writing progress would wait for the job's write lock until the job ends. Huey's kv
table lives in another file with its own lock, so the page reads fresh progress while
the job runs. The jobs table records the start (committed before the work) and the
outcome (committed with the work, or after a rollback when it is refused).
"""

import logging
import signal
import threading
import time
from pathlib import Path

from flask import Flask
from huey import SqliteHuey
from huey.api import TaskWrapper
from huey.consumer import Consumer

from .domain.jobs import JobKind, JobProgress
from .extensions import db
from .models import Job
from .services import exporting, jobs
from .services.errors import InvalidInput, ServiceError
from .services.importing import Progress, import_article

log = logging.getLogger(__name__)

#: Seconds between two progress writes; the page polls once a second.
PROGRESS_INTERVAL = 0.25
#: The consumer polls an empty queue at most this many seconds apart.
MAX_POLL_DELAY = 1.0


class JobQueue:
    """The app's Huey instance, created on first use (most commands never need it)."""

    def __init__(self, app: Flask):
        self.app = app
        self._lock = threading.Lock()
        self._huey: SqliteHuey | None = None
        self._task = None

    def _ready(self) -> tuple[SqliteHuey, TaskWrapper]:
        with self._lock:
            if self._huey is None:
                filename = Path(self.app.config["JOBS_DB"])
                filename.parent.mkdir(parents=True, exist_ok=True)
                # Job rows record outcomes; Huey's own result store would only pile up.
                huey = SqliteHuey("translate_app", filename=str(filename), results=False)
                self._task = huey.task(name="run_job")(self._run)
                self._huey = huey
            return self._huey, self._task

    @property
    def huey(self) -> SqliteHuey:
        return self._ready()[0]

    def _run(self, job_id: int) -> None:
        with self.app.app_context():
            run_job(job_id, self)

    def enqueue(self, job_id: int) -> None:
        self._ready()[1](job_id)

    def progress(self, job_id: int) -> JobProgress | None:
        value = self.huey.get(_key(job_id), peek=True)
        return JobProgress(*value) if value is not None else None

    def report(self, job_id: int, done: int, total: int) -> None:
        self.huey.put(_key(job_id), (done, total))

    def clear(self, job_id: int) -> None:
        self.huey.delete(_key(job_id))

    def consume(self, workers: int = 1) -> None:
        """Run the consumer until SIGINT or SIGTERM; either lets the running jobs finish."""
        consumer = _Consumer(
            self.huey,
            workers=workers,
            worker_type="thread",
            periodic=False,
            initial_delay=0.1,
            max_delay=MAX_POLL_DELAY,
        )
        consumer.run()


class _Consumer(Consumer):
    """Huey's consumer, stopping gracefully on SIGTERM as it does on SIGINT.

    Process managers (systemd, containers, ``make run``) stop with SIGTERM; Huey's
    default would abandon a running job, leaving its row "running" for good. A second
    signal still stops at once.
    """

    def _set_signal_handlers(self) -> None:
        self._signal_actions[signal.SIGTERM] = self._signal_actions[signal.SIGINT]
        super()._set_signal_handlers()


def _key(job_id: int) -> str:
    return f"job-progress:{job_id}"


def job_queue(app: Flask) -> JobQueue:
    return app.extensions["jobs"]


def init_app(app: Flask) -> None:
    app.extensions["jobs"] = JobQueue(app)


def run_job(job_id: int, queue: JobQueue) -> None:
    job = jobs.start_job(job_id)
    if job is None:
        db.session.rollback()
        log.warning("job %s is not queued any more; left alone", job_id)
        return
    db.session.commit()
    log.info("job %s (%s) started", job_id, job.kind)
    try:
        RUNNERS[job.kind_enum](job, _Reporter(queue, job_id))
        db.session.commit()
        log.info("job %s done: %s", job_id, job.message)
    except ServiceError as exc:
        db.session.rollback()
        _fail(job_id, str(exc))
    except Exception:
        db.session.rollback()
        log.exception("job %s stopped on an unexpected error", job_id)
        _fail(job_id, "the job stopped on an unexpected error and changed nothing; "
                      "the worker's log has the details")  # fmt: skip
    finally:
        queue.clear(job_id)
        jobs.remove_upload(job)


def _fail(job_id: int, message: str) -> None:
    jobs.fail_job(job_id, message)
    db.session.commit()
    log.info("job %s failed: %s", job_id, message)


class _Reporter:
    """Writes progress at most every PROGRESS_INTERVAL seconds, and always the last step."""

    def __init__(self, queue: JobQueue, job_id: int):
        self.queue, self.job_id, self.last = queue, job_id, float("-inf")

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self.last >= PROGRESS_INTERVAL:
            self.queue.report(self.job_id, done, total)
            self.last = now


def _run_import(job: Job, progress: Progress) -> None:
    options = job.options
    try:
        data = jobs.upload_path(job).read_bytes()
    except FileNotFoundError:
        raise InvalidInput(
            f"the uploaded {options['filename']} is no longer on the server; upload it again"
        ) from None
    article = import_article(
        data,
        options["filename"],
        source_lang=options["source_lang"],
        target_langs=options["target_langs"],
        slug=options["slug"],
        progress=progress,
    )
    count = len(article.segments)
    jobs.finish_job(
        job,
        result=article.slug,
        message=f"imported {article.slug}: {count} segments, "
        f"{article.source_lang} -> {', '.join(article.target_langs)}",
        done=count,
        total=count,
    )


def _run_export(job: Job, progress: Progress) -> None:
    name = f"editions-{job.id}.zip"
    summary = exporting.export_latest_editions(jobs.exports_dir() / name, progress)
    message = (
        f"exported {summary.editions} editions of {summary.articles} articles "
        f"({summary.files} files)"
    )
    if summary.unpublished:
        message += f"; left out {summary.unpublished} with no edition yet"
    jobs.finish_job(
        job, result=name, message=message, done=summary.articles, total=summary.articles
    )


RUNNERS = {JobKind.IMPORT: _run_import, JobKind.EXPORT: _run_export}
