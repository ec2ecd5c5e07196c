"""The import form, the job page and the export button, without a worker: what happens
at once, before any job runs."""

import stat

import pytest
from sqlalchemy import func, select

from translate_app.domain.limits import DB_INT_MAX
from translate_app.extensions import db
from translate_app.models import Job
from translate_app.services import jobs
from translate_app.worker import job_queue

from .conftest import SEED, SLUG, login
from .test_jobs import job_id_of, post_form, submit_import

HTMX = {"HX-Request": "true"}


def job_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Job))


def uploads() -> list:
    folder = jobs.uploads_dir()
    return sorted(folder.iterdir()) if folder.exists() else []


def test_the_article_list_links_the_import_and_the_export_for_editors(client, users):
    login(client, "editor")
    html = client.get("/").get_data(as_text=True)
    assert 'href="/import"' in html
    assert 'action="/export"' in html and "Export all editions" in html
    form = client.get("/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form
    assert "at most 5 MiB" in form


def test_translators_see_neither(client, users):
    login(client, "translator")
    html = client.get("/").get_data(as_text=True)
    assert 'href="/import"' not in html and 'action="/export"' not in html


def test_translators_get_403_on_the_import_the_export_and_the_jobs(ctx, client, users, article):
    job = jobs.create_export_job(users["editor"])
    db.session.commit()
    token = login(client, "translator")
    assert client.get("/import").status_code == 403
    response = submit_import(client, token, SEED.read_bytes(), SEED.name, slug="mine")
    assert response.status_code == 403
    assert "only editors and admins can import and export" in response.get_data(as_text=True)
    assert client.post("/export", data={"csrf_token": token}).status_code == 403
    assert client.get(f"/jobs/{job.id}").status_code == 403
    assert client.get(f"/jobs/{job.id}/download").status_code == 403
    assert job_count() == 1 and uploads() == []


@pytest.mark.parametrize(
    ("filename", "fields", "status", "message"),
    [
        (None, {}, 400, "choose a file to import"),
        ("", {}, 400, "choose a file to import"),
        ("essay.pdf", {}, 400, "essay.pdf is not a file type that can be imported"),
        ("essay.docx", {}, 400, "essay.docx is not a Word document (.docx)"),
        ("essay.txt", {"source_lang": "xx"}, 400, "unknown language code &#39;xx&#39;"),
        ("essay.txt", {"target_langs": "ko english"}, 400, "unknown language code &#39;english"),
        ("essay.txt", {"target_langs": " , "}, 400, "name at least one target language"),
        ("essay.txt", {"target_langs": "ko,en"}, 400, "the target language en is the source"),
        ("essay.txt", {"slug": "Bad Slug"}, 400, "invalid slug &#39;Bad Slug&#39;"),
        ("essay.txt", {"slug": SLUG}, 409, f"an article with the slug &#39;{SLUG}&#39; already"),
        (SEED.name, {}, 409, f"an article with the slug &#39;{SLUG}&#39; already"),
    ],
)
def test_quick_refusals_show_on_the_form_without_a_job(
    ctx, client, users, article, filename, fields, status, message
):
    token = login(client, "editor")
    form = {"source_lang": "en", "target_langs": "ko", "slug": "", **fields, "csrf_token": token}
    if filename is not None:
        form["file"] = (b"Title\n\nBody.", filename)
    response = post_form(client, "/import", form)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert f'<p class="error" role="alert" id="import-error">{message}' in html
    for name, value in fields.items():  # what was typed stays in the form
        assert f'name="{name}" value="{value.strip()}"' in html.replace("&#39;", "'")
    assert job_count() == 0 and uploads() == []


def test_an_import_without_the_csrf_token_is_refused(ctx, client, users):
    login(client, "editor")
    response = post_form(
        client, "/import", {"source_lang": "en", "target_langs": "ko", "file": (b"T\n\nB", "a.txt")}
    )
    assert response.status_code == 400
    assert job_count() == 0 and uploads() == []


def sized(size: int) -> bytes:
    head = b"Title\n\n"
    return head + b"x" * (size - len(head))


@pytest.mark.parametrize("limit", [1000, None])  # None: the default, 5 MiB
def test_the_size_limit_at_exactly_the_limit_and_one_past(app, ctx, client, users, limit):
    if limit is not None:
        app.config["MAX_IMPORT_BYTES"] = limit
    limit = limit or 5 * 1024 * 1024
    token = login(client, "editor")
    refused = submit_import(client, token, sized(limit + 1), "big.txt")
    assert refused.status_code == 400
    message = f"big.txt has {limit + 1:,} bytes; the limit is {limit:,} "
    assert message + "(TRANSLATE_APP_MAX_IMPORT_BYTES)" in refused.get_data(as_text=True)
    assert job_count() == 0 and uploads() == []

    job_id = job_id_of(submit_import(client, token, sized(limit), "big.txt"))
    job = db.session.get(Job, job_id)
    assert (job.kind, job.status, job.created_by.name) == ("import", "queued", "editor")
    assert job.options["slug"] == "big" and job.options["filename"] == "big.txt"
    [upload] = uploads()
    assert upload == jobs.upload_path(job)
    assert upload.read_bytes() == sized(limit)
    assert stat.S_IMODE(upload.stat().st_mode) == 0o600
    assert stat.S_IMODE(upload.parent.stat().st_mode) == 0o700


def test_a_body_far_past_the_limit_is_refused_on_the_form(app, ctx, client, users):
    app.config["MAX_IMPORT_BYTES"] = 1000
    token = login(client, "editor")
    response = submit_import(client, token, sized(1000 + 65 * 1024), "huge.txt")
    assert response.status_code == 400
    assert "the file is larger than 1000 bytes" in response.get_data(as_text=True)
    assert job_count() == 0 and uploads() == []


def test_a_queued_job_polls_every_second(ctx, client, users):
    token = login(client, "editor")
    job_id = job_id_of(submit_import(client, token, SEED.read_bytes(), SEED.name, slug="queued"))
    page = client.get(f"/jobs/{job_id}")
    html = page.get_data(as_text=True)
    assert "<h1>Import of provincialization-of-pyongyang.en.txt</h1>" in html
    assert "Vary" in page.headers and "HX-Request" in page.headers["Vary"]
    fragment = client.get(f"/jobs/{job_id}", headers=HTMX).get_data(as_text=True)
    assert fragment.lstrip().startswith("{#") is False and "<h1>" not in fragment
    assert 'data-status="queued"' in fragment
    assert f'hx-get="/jobs/{job_id}" hx-trigger="every 1s" hx-swap="outerHTML"' in fragment
    assert "Waiting for the worker" in fragment
    assert '<progress class="job-bar" aria-label="Progress" max="1">' in fragment  # indeterminate


def test_a_running_job_shows_the_live_progress_from_the_queue(app, ctx, client, users):
    job = jobs.create_export_job(users["admin"])
    db.session.commit()
    assert jobs.start_job(job.id) is job
    db.session.commit()
    login(client, "admin")
    fragment = client.get(f"/jobs/{job.id}", headers=HTMX).get_data(as_text=True)
    assert 'data-status="running"' in fragment and 'hx-trigger="every 1s"' in fragment
    assert 'max="1">' in fragment  # nothing reported yet: size unknown
    job_queue(app).report(job.id, 3, 13)
    fragment = client.get(f"/jobs/{job.id}", headers=HTMX).get_data(as_text=True)
    assert "3 of 13 articles" in fragment
    assert '<progress class="job-bar" aria-label="Progress" max="13" value="3">23%' in fragment
    assert 'hx-trigger="every 1s"' in fragment


def test_an_export_with_nothing_published_is_refused_at_once(ctx, client, users, article):
    token = login(client, "editor")
    response = client.post("/export", data={"csrf_token": token})
    assert response.status_code == 409
    assert "nothing is published yet" in response.get_data(as_text=True)
    assert job_count() == 0


def test_downloads_only_for_a_finished_export(app, ctx, client, users):
    importing = jobs.create_import_job(users["editor"], b"T\n\nB", _options())
    export = jobs.create_export_job(users["editor"])
    db.session.commit()
    login(client, "editor")
    response = client.get(f"/jobs/{importing.id}/download")
    assert response.status_code == 404
    assert "it has nothing to download" in response.get_data(as_text=True)
    response = client.get(f"/jobs/{export.id}/download")
    assert response.status_code == 409
    assert "its zip is ready once it is done" in response.get_data(as_text=True)
    jobs.start_job(export.id)
    jobs.finish_job(export, result="editions-x.zip", message="exported", done=0, total=0)
    db.session.commit()
    response = client.get(f"/jobs/{export.id}/download")
    assert response.status_code == 404
    assert "is no longer there; export again" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/jobs/99", f"/jobs/{DB_INT_MAX + 1}", "/jobs/99/download",
                                  f"/jobs/{DB_INT_MAX + 1}/download"])  # fmt: skip
def test_unknown_jobs_are_404(client, users, path):
    login(client, "editor")
    assert client.get(path).status_code == 404


def _options():
    from translate_app.services.importing import ImportOptions

    return ImportOptions("a.txt", "en", ["ko"], "a")
