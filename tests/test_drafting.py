"""No lost work: drafts autosaved as they are typed, conflicts that keep both texts,
and who else has the article open."""

import re

from translate_app.extensions import db
from translate_app.models import Autosave
from translate_app.services.accounts import create_user, get_user
from translate_app.services.articles import get_segment_translation
from translate_app.services.drafting import here
from translate_app.services.translating import save_translation

from .conftest import PASSWORD, SLUG, login

HTMX = {"HX-Request": "true"}
EDITOR = f"/articles/{SLUG}/ko/"


def autosave(client, token, segment, text, base_revision=0):
    return client.post(
        f"/segments/{segment}/ko/autosave",
        data={"text": text, "base_revision": base_revision},
        headers={"X-CSRFToken": token},
    )


def box(html: str, segment: int) -> str:
    row = html.split(f'<tr id="segment-{segment}"', 1)[1].split("</tr>", 1)[0]
    return re.search(r"<textarea[^>]*>([^<]*)</textarea>", row).group(1)


def test_an_autosave_comes_back_after_a_reload_and_a_save_spends_it(client, users, article):
    token = login(client, "translator")
    segment = article.segments[1].id
    first = autosave(client, token, segment, "평양의")
    assert first.status_code == 200 and first.json["saved_at"]
    assert autosave(client, token, segment, "평양의 지방화").status_code == 200
    assert db.session.query(Autosave).count() == 1
    html = client.get(EDITOR).get_data(as_text=True)
    assert box(html, segment) == "평양의 지방화"
    assert "Your unsaved text from" in html and "discard it" in html
    # Nobody else sees it.
    login(client, "editor")
    assert box(client.get(EDITOR).get_data(as_text=True), segment) == ""
    token = login(client, "translator")
    saved = client.post(
        f"/segments/{segment}/ko",
        data={"text": "평양의 지방화", "base_revision": 0, "state": "draft"},
        headers={**HTMX, "X-CSRFToken": token},
    )
    assert saved.status_code == 200
    autosave(client, token, segment, "더 쓴 글", base_revision=1)
    client.post(
        f"/segments/{segment}/ko",
        data={"text": "마지막 글", "base_revision": 1, "state": "draft"},
        headers={**HTMX, "X-CSRFToken": token},
    )
    html = client.get(EDITOR).get_data(as_text=True)
    assert box(html, segment) == "마지막 글" and "Your unsaved text" not in html


def test_discard_drops_the_autosave(client, users, article):
    token = login(client, "translator")
    segment = article.segments[1].id
    autosave(client, token, segment, "버릴 글")
    row = client.post(
        f"/segments/{segment}/ko/discard", headers={**HTMX, "X-CSRFToken": token}
    ).get_data(as_text=True)
    assert row.startswith(f'<tr id="segment-{segment}"') and "버릴 글" not in row
    assert db.session.query(Autosave).count() == 0


def test_an_autosave_on_a_stale_revision_is_refused_and_the_reload_shows_both_texts(
    client, users, article
):
    token = login(client, "translator")
    segment = article.segments[1].id
    autosave(client, token, segment, "내가 쓰던 글")
    st = get_segment_translation(segment, "ko")
    save_translation(st, users["editor"], text="편집자의 글", base_revision=0, state="draft")
    db.session.commit()
    late = autosave(client, token, segment, "내가 쓰던 글 더")
    assert late.status_code == 409 and late.json["revision"] == 1
    assert "saved by someone else; nothing was autosaved" in late.json["error"]
    html = client.get(EDITOR).get_data(as_text=True)
    assert "editor saved this segment at" in html
    assert "편집자의 글" in html and box(html, segment) == "내가 쓰던 글"
    assert 'name="base_revision" value="1"' in html and "Keep theirs" in html


def test_autosave_limits_and_refusals(app, client, users, article):
    token = login(client, "translator")
    segment = article.segments[1].id
    app.config["MAX_SEGMENT_CHARS"] = 10
    assert autosave(client, token, segment, "가" * 10).status_code == 200
    too_long = autosave(client, token, segment, "가" * 11)
    assert too_long.status_code == 400 and "11 characters" in too_long.json["error"]
    bad = autosave(client, token, segment, "a\x00b")
    assert bad.status_code == 400 and "U+0000 (NUL)" in bad.json["error"]
    create_user("mina", "translator", PASSWORD, ["ja"])
    db.session.commit()
    token = login(client, "mina")
    refused = autosave(client, token, segment, "글")
    assert refused.status_code == 403 and "you work on ja only" in refused.json["error"]
    assert db.session.query(Autosave).count() == 1


def test_presence_shows_the_others_seen_within_a_minute(client, users, article, clock):
    translator, editor = users["translator"], users["editor"]
    assert here(article, "ko", translator) == []
    assert here(article, "ko", editor) == ["translator"]
    assert here(article, "ko", translator) == ["editor"]
    clock.advance(seconds=60)
    assert here(article, "ko", editor) == ["translator"]
    clock.advance(seconds=1)
    assert here(article, "ko", editor) == []
    db.session.commit()
    token = login(client, "translator")
    answer = client.post(
        f"/articles/{SLUG}/ko/presence", headers={**HTMX, "X-CSRFToken": token}
    ).get_data(as_text=True)
    assert "Also here: editor" in answer
    assert get_user("translator")
