"""Imports and exports through the browser, run by a real ``translate-app worker``."""

import io
import re
import zipfile

from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from translate_app.domain.jobs import JobStatus
from translate_app.extensions import db
from translate_app.models import Article, Job, Segment
from translate_app.services import articles, importing, jobs, publishing
from translate_app.services.articles import get_segment_translation
from translate_app.services.importing import import_article
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation
from translate_app.worker import job_queue

from .conftest import SEED, SLUG, login
from .workers import wait_for_job


def submit_import(client, token, data: bytes, filename: str, **fields):
    """Upload a file and, when its preview comes back, confirm it: the confirmation's
    answer, or the upload's refusal."""
    form = {"source_lang": "en", "target_langs": "ko", "slug": "", **fields}
    preview = post_form(client, "/import", {**form, "csrf_token": token, "file": (data, filename)})
    held = _HELD.search(preview.get_data(as_text=True))
    if preview.status_code != 200 or held is None:
        return preview
    return client.post(
        "/import/confirm", data={**form, "csrf_token": token, "upload": held.group(1)}
    )


_HELD = re.compile(r'name="upload" value="([^"]+)"')


def post_form(client, path: str, form: dict):
    """A multipart POST whose encoded body is closed afterwards (the test client spools
    bodies past 500 kB to a temporary file and leaves it open)."""
    files = {k: (io.BytesIO(v[0]), v[1]) for k, v in form.items() if isinstance(v, tuple)}
    builder = EnvironBuilder(path=path, method="POST", data={**form, **files})
    environ = builder.get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()


def job_id_of(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def counts() -> tuple[int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model)) for model in (Article, Segment)
    )


def test_an_import_through_the_browser_runs_in_the_worker(ctx, client, users, worker):
    token = login(client, "editor")
    job_id = job_id_of(submit_import(client, token, SEED.read_bytes(), SEED.name, slug="again"))
    html = wait_for_job(client, job_id, worker)
    assert 'data-status="done"' in html
    assert "hx-trigger" not in html  # polling stops
    assert "imported again: 13 segments, en -&gt; ko" in html
    assert 'href="/articles/again/ko/"' in html
    assert '<progress class="job-bar" aria-label="Progress" max="13" value="13">' in html

    db.session.remove()
    article = articles.get_article("again")
    assert len(article.segments) == 13
    assert article.title.startswith("The provincialization of Pyongyang")
    job = db.session.get(Job, job_id)
    assert (job.status, job.result, job.created_by.name) == ("done", "again", "editor")
    assert (job.progress_done, job.progress_total) == (13, 13)
    assert job.created_at <= job.started_at <= job.finished_at
    assert list(jobs.uploads_dir().iterdir()) == []  # the upload is gone with the job
    assert worker.app.extensions["jobs"].progress(job_id) is None  # so is its live progress
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Import of provincialization-of-pyongyang.en.txt" in page


def test_a_file_that_cannot_be_read_is_refused_at_the_preview(ctx, client, users):
    token = login(client, "admin")
    # Korean CP949 is converted now; Latin-1 is not guessed at.
    data = "Title\n\nCafé crème".encode("latin-1")
    response = submit_import(client, token, data, "latin.txt", source_lang="en", target_langs="ko")
    assert response.status_code == 400
    assert "latin.txt is not valid UTF-8 (byte 10)" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0


def test_a_refused_import_fails_with_the_message_and_imports_nothing(ctx, client, users, worker):
    # A file that changed between the preview and the worker (or was queued otherwise):
    # the worker reads it again and fails the job with the reason.
    token = login(client, "admin")
    before = counts()
    data = "Title\n\nCafé crème".encode("latin-1")
    options = importing.ImportOptions("latin.txt", "en", ["ko"], "latin")
    job = jobs.create_import_job(users["admin"], data, options)
    db.session.commit()
    job_id = job.id
    job_queue(ctx).enqueue(job_id)
    html = wait_for_job(client, job_id, worker)
    assert token
    assert 'data-status="failed"' in html
    assert "hx-trigger" not in html
    assert (
        "latin.txt is not valid UTF-8 (byte 10) nor Korean CP949/EUC-KR: "
        "save it as UTF-8 and try again"
    ) in html
    assert 'role="alert"' in html
    db.session.remove()
    assert counts() == before
    job = db.session.get(Job, job_id)
    assert job.status_enum is JobStatus.FAILED and job.result is None
    assert job.finished_at is not None
    assert list(jobs.uploads_dir().iterdir()) == []


def test_a_markdown_import_with_several_targets(ctx, client, users, worker):
    token = login(client, "editor")
    text = "# 제목\n\n## 소제목\n\n> 인용\n\n본문.\n".encode()
    job_id = job_id_of(submit_import(client, token, text, "notes.md", source_lang="ko",
                                     target_langs="en, ja"))  # fmt: skip
    html = wait_for_job(client, job_id, worker)
    assert "imported notes: 4 segments, ko -&gt; en, ja" in html
    assert 'href="/articles/notes/en/"' in html and 'href="/articles/notes/ja/"' in html
    db.session.remove()
    article = articles.get_article("notes")
    assert [s.kind for s in article.segments] == ["title", "heading", "blockquote", "paragraph"]


def publish_one(article, users) -> None:
    st = get_segment_translation(article.segments[1].id, article.target_langs[0])
    save_translation(st, users["translator"], text="번역", base_revision=0, state="translated")
    approve_translation(st, users["editor"])


def test_the_batch_export_zips_every_latest_edition(app, ctx, client, users, article, worker):
    runner = app.test_cli_runner()
    second = import_article(b"Second\n\nBody.", "second.txt", source_lang="en",
                            target_langs=["ko", "ja"])  # fmt: skip
    import_article(b"Unpublished\n\nBody.", "third.txt", source_lang="en", target_langs=["ko"])
    publish_one(article, users)
    publish_one(second, users)
    db.session.commit()
    for args in ([SLUG], [SLUG, "--force"], ["second", "--lang", "ko"]):
        assert runner.invoke(args=["publish", *args]).exit_code == 0

    token = login(client, "editor")
    job_id = job_id_of(client.post("/export", data={"csrf_token": token}))
    html = wait_for_job(client, job_id, worker)
    assert 'data-status="done"' in html
    assert "exported 2 editions of 2 articles (10 files); left out 1 with no edition yet" in html
    assert '<progress class="job-bar" aria-label="Progress" max="2" value="2">' in html
    assert f'href="/jobs/{job_id}/download"' in html

    with client.get(f"/jobs/{job_id}/download") as response:
        assert response.status_code == 200
        assert response.mimetype == "application/zip"
        assert "attachment; filename=editions-" in response.headers["Content-Disposition"]
        archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    expected = {
        f"{slug}/ko/edition-{number}.{fmt}"
        for slug, number in ((SLUG, 2), ("second", 1))
        for fmt in ("html", "md", "epub", "docx", "pdf")
    }
    assert set(archive.namelist()) == expected
    db.session.remove()
    for name in expected:
        slug, lang, file = name.split("/")
        edition = publishing.get_edition(articles.get_article(slug), lang)
        fmt = file.rsplit(".", 1)[-1]
        assert archive.read(name) == publishing.render_edition(edition.load(), fmt)
    # Written through a temporary file, and only the zip is left.
    assert [p.name for p in jobs.exports_dir().iterdir()] == [f"editions-{job_id}.zip"]
