"""Catalogs from the browser: the download menu, the files, and the upload of translations."""

import subprocess

import polib
import pytest

from translate_app.domain.states import State
from translate_app.extensions import db
from translate_app.services.accounts import set_languages
from translate_app.services.articles import get_segment_translation
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .conftest import SLUG, login


@pytest.fixture
def started(article, users):
    """Paragraph 2 approved, 3 a draft."""
    st = get_segment_translation(article.segments[1].id, "ko")
    save_translation(
        st, users["translator"], text="승인된 문단", base_revision=0, state="translated"
    )
    approve_translation(st, users["editor"])
    st3 = get_segment_translation(article.segments[2].id, "ko")
    save_translation(st3, users["translator"], text="초안 문단", base_revision=0, state="draft")
    db.session.commit()
    return article


def test_the_editor_offers_every_file_and_the_upload(client, started):
    login(client, "translator")
    page = client.get(f"/articles/{SLUG}/ko/").get_data(as_text=True)
    for href in ("download/po", "download/po?unapproved=1", "download/mo", "download/pot",
                 "download/xliff12?unapproved=1", "download/xliff20?unapproved=1",
                 "download/tmx", "/upload"):  # fmt: skip
        assert f'href="/articles/{SLUG}/ko/{href.lstrip("/")}"' in page


@pytest.mark.parametrize(
    ("path", "filename", "mimetype"),
    [
        ("po", f"{SLUG}.ko.po", "text/x-gettext-translation"),
        ("po?unapproved=1", f"{SLUG}.ko.po", "text/x-gettext-translation"),
        ("mo", f"{SLUG}.ko.mo", "application/x-gettext-translation"),
        ("pot", f"{SLUG}.pot", "text/x-gettext-translation"),
    ],
)
def test_downloads_are_attachments_that_msgfmt_accepts(client, tmp_path, started, path,
                                                       filename, mimetype):  # fmt: skip
    login(client, "editor")
    response = client.get(f"/articles/{SLUG}/ko/download/{path}")
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    saved = tmp_path / filename
    saved.write_bytes(response.data)
    if filename.endswith(".mo"):
        result = subprocess.run(["msgunfmt", str(saved)], capture_output=True, text=True)
        assert "승인된 문단" in result.stdout and "초안 문단" not in result.stdout
    else:
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(saved)],
                                capture_output=True, text=True)  # fmt: skip
        assert result.returncode == 0, result.stderr
        texts = [e.msgstr for e in polib.pofile(str(saved)) if e.msgstr]
        expected = {"po": ["승인된 문단"], "po?unapproved=1": ["승인된 문단", "초안 문단"],
                    "pot": []}[path]  # fmt: skip
        assert texts == expected


def test_a_translator_of_other_languages_may_not_download(client, started, users):
    set_languages(users["translator"], ["ja"])
    db.session.commit()
    login(client, "translator")
    response = client.get(f"/articles/{SLUG}/ko/download/po")
    assert response.status_code == 403
    assert "you work on ja only, not ko" in response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "status"), [("xls", 400), ("po", 200)])
def test_an_unknown_format_is_refused_by_name(client, started, path, status):
    login(client, "translator")
    response = client.get(f"/articles/{SLUG}/ko/download/{path}")
    assert response.status_code == status
    if status == 400:
        assert "unknown format &#39;xls&#39;" in response.get_data(as_text=True)


def test_anonymous_downloads_go_to_the_login(client, started):
    response = client.get(f"/articles/{SLUG}/ko/download/po")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def post_file(client, csrf, name, data):
    from io import BytesIO

    return client.post(
        f"/articles/{SLUG}/ko/upload",
        data={"csrf_token": csrf, "file": (BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_upload_in_the_browser_shows_saved_texts_and_conflicts(client, started, users):
    csrf = login(client, "translator")
    po = polib.pofile(client.get(f"/articles/{SLUG}/ko/download/po?unapproved=1").get_data(
        as_text=True))  # fmt: skip
    segments = started.segments
    po.find(segments[3].source, msgctxt=segments[3].key).msgstr = "새 문단"
    po.find(segments[2].source, msgctxt=segments[2].key).msgstr = "파일의 초안"
    st3 = get_segment_translation(segments[2].id, "ko")
    save_translation(st3, users["editor"], text="앱의 초안", base_revision=st3.revision,
                     state="draft")  # fmt: skip
    db.session.commit()
    response = post_file(client, csrf, "mine.po", str(po).encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "1 translated, 0 drafts, 1 unchanged, 9 empty, 1 conflicts, 0 not found." in page
    assert "앱의 초안" in page and "파일의 초안" in page
    assert f"/articles/{SLUG}/ko/?after=2" in page
    st4 = get_segment_translation(segments[3].id, "ko")
    db.session.refresh(st4)
    assert (st4.text, st4.state_enum) == ("새 문단", State.TRANSLATED)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("", b"", "choose a .po, .xlf or .tmx file to upload"),
        ("bad.po", b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a\n',
         "bad.po: line 4: a string must be one pair of double quotes"),
    ],
)  # fmt: skip
def test_a_refused_upload_shows_the_form_again_with_the_reason(client, started, name, data,
                                                               message):  # fmt: skip
    csrf = login(client, "translator")
    response = post_file(client, csrf, name, data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and 'role="alert"' in page and 'name="file"' in page


def test_an_upload_past_the_limit_is_refused(app, client, started):
    csrf = login(client, "translator")
    app.config["MAX_IMPORT_BYTES"] = 10
    response = post_file(client, csrf, "big.po", b"x" * 11)
    assert response.status_code == 400
    assert "MAX_IMPORT_BYTES" in response.get_data(as_text=True)


def test_an_upload_without_the_csrf_token_is_refused(client, started):
    login(client, "translator")
    response = post_file(client, "", "x.po", b"x")
    assert response.status_code == 400
