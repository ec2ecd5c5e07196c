"""The job runner: live progress while the work's transaction is open, and each way a
job can end. Most tests call the runner in-process, as the worker does."""

import re
import signal
import time

import pytest
from sqlalchemy import func, select

from translate_app.domain.jobs import JobProgress
from translate_app.extensions import db
from translate_app.models import Article, Job
from translate_app.services import articles, jobs
from translate_app.services.importing import IMPORT_BATCH, ImportOptions, import_article
from translate_app.worker import PROGRESS_INTERVAL, _Reporter, job_queue, run_job

from .conftest import login
from .test_jobs import job_id_of, publish_one, submit_import
from .workers import job_status

PARAGRAPHS = 3000
_COUNT = re.compile(r"([\d,]+) of ([\d,]+) segments")  # grouped: 1,234
HTMX = {"HX-Request": "true"}


def many_paragraphs(n: int) -> bytes:
    return ("Many paragraphs\n\n" + "".join(f"Paragraph {i}.\n\n" for i in range(n))).encode()


def test_progress_is_visible_while_the_import_transaction_is_open(ctx, client, users, worker):
    token = login(client, "editor")
    job_id = job_id_of(submit_import(client, token, many_paragraphs(PARAGRAPHS), "many.txt"))
    total = PARAGRAPHS + 1
    seen = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        # The article is looked up first: a job still running afterwards had not
        # committed it then (the article and the job's end commit together).
        db.session.remove()
        visible = db.session.scalar(select(Article.id).where(Article.slug == "many"))
        html = client.get(f"/jobs/{job_id}", headers=HTMX).get_data(as_text=True)
        status = job_status(html)
        if status in ("done", "failed"):
            break
        if status == "running" and (match := _COUNT.search(html)):
            seen.append(int(match.group(1).replace(",", "")))
            assert visible is None
        time.sleep(0.05)
    assert status == "done", worker.output()
    assert f"{total:,} of {total:,} segments" in html  # grouped as the interface formats it
    assert any(0 < n < total for n in seen), f"no progress seen mid-import: {seen}"
    assert seen == sorted(seen)
    db.session.remove()
    assert len(articles.get_article("many").segments) == total


def test_the_import_reports_after_each_batch(ctx):
    calls = []
    n = 2 * IMPORT_BATCH + 49  # with the title: two full batches and one of 50
    import_article(many_paragraphs(n), "many.txt", source_lang="en", target_langs=["ko"],
                   progress=lambda done, total: calls.append((done, total)))  # fmt: skip
    total = n + 1
    assert calls == [(IMPORT_BATCH, total), (2 * IMPORT_BATCH, total), (total, total)]


def test_the_reporter_writes_at_most_every_interval_and_always_the_end(app, ctx):
    queue = job_queue(app)
    report = _Reporter(queue, 7)
    report(1, 10)
    report(2, 10)  # too soon: skipped
    assert queue.progress(7) == JobProgress(1, 10)
    time.sleep(PROGRESS_INTERVAL)
    report(3, 10)
    assert queue.progress(7) == JobProgress(3, 10)
    report(10, 10)  # the end is always written
    assert queue.progress(7) == JobProgress(10, 10)
    queue.clear(7)
    assert queue.progress(7) is None


def queued_import(users, data: bytes, slug: str = "essay") -> Job:
    job = jobs.create_import_job(
        users["editor"], data, ImportOptions("essay.txt", "en", ["ko"], slug)
    )
    db.session.commit()
    return job


def test_a_slug_taken_after_the_form_fails_the_job(app, ctx, users):
    job = queued_import(users, b"Essay\n\nBody.")
    import_article(b"Other\n\nText.", "essay.txt", source_lang="en", target_langs=["ko"])
    db.session.commit()
    run_job(job.id, job_queue(app))
    db.session.refresh(job)
    assert job.status == "failed"
    assert job.message == "an article with the slug 'essay' already exists; choose another --slug"
    assert articles.get_article("essay").title == "Other"
    assert not jobs.upload_path(job).exists()


def test_a_vanished_upload_fails_the_job(app, ctx, users):
    job = queued_import(users, b"Essay\n\nBody.")
    jobs.upload_path(job).unlink()
    run_job(job.id, job_queue(app))
    db.session.refresh(job)
    assert job.status == "failed"
    assert job.message == "the uploaded essay.txt is no longer on the server; upload it again"
    assert db.session.scalar(select(func.count()).select_from(Article)) == 0


def test_an_unexpected_error_fails_the_job_and_leaves_nothing(app, ctx, users, caplog):
    article = import_article(b"Essay\n\nText.", "p.txt", source_lang="en", target_langs=["ko"])
    publish_one(article, users)
    db.session.commit()
    assert app.test_cli_runner().invoke(args=["publish", "p"]).exit_code == 0
    export = jobs.create_export_job(users["editor"])
    db.session.commit()
    # A file where the exports folder should be: a broken instance folder, not bad input.
    jobs.exports_dir().write_text("not a folder")
    run_job(export.id, job_queue(app))
    db.session.refresh(export)
    assert export.status == "failed"
    assert export.message == (
        "the job stopped on an unexpected error and changed nothing; "
        "the worker's log has the details"
    )
    assert f"job {export.id} stopped on an unexpected error" in caplog.text
    assert jobs.exports_dir().read_text() == "not a folder"
    assert job_queue(app).progress(export.id) is None


def test_a_job_that_is_not_queued_is_left_alone(app, ctx, users):
    job = queued_import(users, b"Essay\n\nBody.")
    run_job(job.id, job_queue(app))
    db.session.refresh(job)
    finished = (job.status, job.finished_at, job.message)
    assert job.status == "done"
    run_job(job.id, job_queue(app))  # delivered twice
    run_job(999, job_queue(app))  # gone
    db.session.refresh(job)
    assert (job.status, job.finished_at, job.message) == finished
    assert db.session.scalar(select(func.count()).select_from(Article)) == 1


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_stopping_the_worker_lets_the_running_job_finish(ctx, client, users, worker, signum):
    token = login(client, "editor")
    job_id = job_id_of(submit_import(client, token, many_paragraphs(PARAGRAPHS), "many.txt"))
    deadline = time.monotonic() + 60
    while job_status(client.get(f"/jobs/{job_id}", headers=HTMX).get_data(as_text=True)) != (
        "running"
    ):
        assert time.monotonic() < deadline, worker.output()
        time.sleep(0.02)
    worker.process.send_signal(signum)
    assert worker.process.wait(60) == 0, worker.output()
    html = client.get(f"/jobs/{job_id}", headers=HTMX).get_data(as_text=True)
    assert job_status(html) == "done", worker.output()
    assert "Shutting down gracefully" in worker.output()
    db.session.remove()
    assert len(articles.get_article("many").segments) == PARAGRAPHS + 1
