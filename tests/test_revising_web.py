"""Revisions, upload previews, "do not translate" and inline tags, through the browser's
routes (the pages and fragments a person gets)."""

import re

from sqlalchemy import func, select

from translate_app.domain.states import State
from translate_app.extensions import db
from translate_app.models import Job, Segment, SourceRevision
from translate_app.services import held_uploads
from translate_app.services.articles import get_segment_translation, live_segments
from translate_app.services.importing import import_article
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .conftest import SEED, SLUG, login
from .test_jobs import post_form

HELD = re.compile(r'name="upload" value="([^"]+)"')


def blocks() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n\n")


def upload_revision(client, token, text: str, name=SEED.name):
    return post_form(
        client,
        f"/articles/{SLUG}/revisions",
        {"csrf_token": token, "file": (text.encode("utf-8"), name)},
    )


def confirm(client, token, held: str, path=f"/articles/{SLUG}/revisions/confirm"):
    return client.post(path, data={"csrf_token": token, "upload": held})


def test_the_revision_list_shows_the_first_import(client, users, article):
    login(client, "translator")
    html = client.get(f"/articles/{SLUG}/revisions").get_data(as_text=True)
    assert "Revision 1" in html and "As first imported." in html
    assert "Upload a new version" not in html  # translators may not revise


def test_an_editor_previews_then_confirms_a_revision(client, users, article):
    st = get_segment_translation(live_segments(article)[1].id, "ko")
    save_translation(st, users["translator"], text="번역", base_revision=0, state="translated")
    approve_translation(st, users["editor"])
    db.session.commit()
    token = login(client, "editor")
    revised = blocks()
    revised[1] = revised[1].replace("Recently, I had", "Not long ago, I had")
    preview = upload_revision(client, token, "\n\n".join(revised))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    assert "Preview of revision 2" in html
    assert "Edited: 1" in html and "Unchanged: 12" in html
    assert "<del>Recently</del>" in html and "<ins>Not long ago</ins>" in html
    assert db.session.scalar(select(func.count()).select_from(SourceRevision)) == 1

    done = confirm(client, token, HELD.search(html).group(1))
    assert done.status_code == 303
    assert done.headers["Location"].endswith(f"/articles/{SLUG}/revisions")
    db.session.expire_all()
    assert article.revision == 2
    assert get_segment_translation(st.segment_id, "ko").state_enum is State.NEEDS_REVIEW
    page = client.get(f"/articles/{SLUG}/revisions").get_data(as_text=True)
    assert "Revision 2 of the source is in place." in page
    assert "Revision 2" in page and "editor" in page

    editor = client.get(f"/articles/{SLUG}/ko/").get_data(as_text=True)
    assert "The source changed in revision 2" in editor
    assert "<ins>Not long ago</ins>" in editor

    again = confirm(client, token, HELD.search(html).group(1))
    assert again.status_code == 400
    assert "already confirmed" in again.get_data(as_text=True)


def test_a_revision_that_changes_nothing_is_refused_at_the_preview(client, users, article):
    token = login(client, "editor")
    response = upload_revision(client, token, SEED.read_text(encoding="utf-8"))
    assert response.status_code == 409
    assert "there is nothing to revise" in response.get_data(as_text=True)


def test_a_bad_file_is_refused_at_the_preview(client, users, article):
    token = login(client, "editor")
    response = post_form(
        client,
        f"/articles/{SLUG}/revisions",
        {"csrf_token": token, "file": (b"\x00\x01\x02", "new.txt")},
    )
    assert response.status_code == 400
    assert "new.txt looks like a binary file" in response.get_data(as_text=True)


def test_a_preview_token_is_the_uploaders_own(client, users, article, app):
    token = login(client, "editor")
    revised = blocks()
    revised[2] += " More."
    held = HELD.search(upload_revision(client, token, "\n\n".join(revised)).get_data(as_text=True))
    client.post("/logout", data={"csrf_token": token})
    other = login(client, "admin")
    response = confirm(client, other, held.group(1))
    assert response.status_code == 400
    assert "belongs to someone else" in response.get_data(as_text=True)
    forged = confirm(client, other, held.group(1)[:-2] + "xx")
    assert "not valid" in forged.get_data(as_text=True)
    assert article.revision == 1


def test_translators_may_not_revise(client, users, article):
    token = login(client, "translator")
    response = upload_revision(client, token, "Title\n\nText.")
    assert response.status_code == 403


def test_the_import_shows_its_segments_before_anything_is_imported(client, users, ctx):
    token = login(client, "editor")
    text = "Title\n\nFirst paragraph.\n\n* * *\n\nSecond paragraph.\n"
    response = post_form(
        client,
        "/import",
        {
            "csrf_token": token,
            "source_lang": "en",
            "target_langs": "ko",
            "slug": "",
            "file": (text.encode(), "short.txt"),
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "Nothing is imported yet" in html
    assert "plain text, a paragraph between blank lines" in html
    assert "Separator (not translated)" in html
    assert "Import 4 segments" in html
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0
    confirmed = client.post(
        "/import/confirm",
        data={
            "csrf_token": token,
            "upload": HELD.search(html).group(1),
            "source_lang": "en",
            "target_langs": "ko",
            "slug": "",
        },
    )
    assert confirmed.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1
    assert not list(held_uploads.held_dir().glob("held-*"))


def test_an_editor_takes_boilerplate_out_of_translation_and_back(client, users, article):
    token = login(client, "editor")
    footer = live_segments(article)[-1]
    row = client.post(
        f"/segments/{footer.id}/translatable",
        data={"translatable": "0", "lang": "ko"},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert row.status_code == 200
    assert "is now not for translation" in row.get_data(as_text=True)
    db.session.expire_all()
    assert footer.translatable is False
    editor = client.get(f"/articles/{SLUG}/ko/").get_data(as_text=True)
    assert f'id="segment-{footer.id}"' not in editor
    page = client.get(f"/articles/{SLUG}/revisions").get_data(as_text=True)
    assert "Not for translation" in page and "Like this article?" in page

    back = client.post(
        f"/segments/{footer.id}/translatable",
        data={"translatable": "1", "csrf_token": token},
    )
    assert back.status_code == 303
    db.session.expire_all()
    assert footer.translatable is True
    assert get_segment_translation(footer.id, "ko").state_enum is State.UNTRANSLATED


def test_translators_may_not_take_text_out_of_translation(client, users, article):
    token = login(client, "translator")
    segment = live_segments(article)[-1]
    response = client.post(
        f"/segments/{segment.id}/translatable",
        data={"translatable": "0"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 403


def test_a_separator_is_never_for_translation(client, users, article):
    token = login(client, "editor")
    separator = next(s for s in live_segments(article) if s.kind == "separator")
    response = client.post(
        f"/segments/{separator.id}/translatable",
        data={"translatable": "1"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 409
    assert "it is never translated" in response.get_data(as_text=True)


def test_inline_tags_show_as_badges_and_a_lost_tag_is_flagged(client, users, ctx):
    text = "# Title\n\nThe **Public Distribution System** is [gone](https://example.org/pds).\n"
    article = import_article(
        text.encode(), "tags.md", source_lang="en", target_langs=["ko"], slug="tags"
    )
    db.session.commit()
    segment = live_segments(article)[1]
    assert segment.source == "The <1>Public Distribution System</1> is <2>gone</2>."
    token = login(client, "translator")
    html = client.get("/articles/tags/ko/").get_data(as_text=True)
    assert '<span class="tag" data-tag="1" title="bold">1</span>' in html
    assert 'data-source="The &lt;1&gt;Public Distribution System&lt;/1&gt;' in html
    assert 'data-open="&lt;2&gt;" data-close="&lt;/2&gt;"' in html
    row = client.post(
        f"/segments/{segment.id}/ko",
        data={
            "text": "<1>공공배급체계</1>는 사라졌다.",
            "base_revision": "0",
            "state": "translated",
        },
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert row.status_code == 200
    assert "tag 2 (link to https://example.org/pds) is missing" in row.get_data(as_text=True)


def test_a_long_paragraph_shows_its_sentences(client, users, article):
    login(client, "translator")
    html = client.get(f"/articles/{SLUG}/ko/").get_data(as_text=True)
    longest = max(live_segments(article), key=lambda s: len(s.source))
    assert len(longest.source) > 500
    assert html.count('<span class="sentence">') >= 5
    assert db.session.scalar(select(func.count()).select_from(Segment)) == 13
