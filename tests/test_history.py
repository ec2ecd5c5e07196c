"""Versions and history: diffs, restoring an earlier version, recent changes."""

import itertools
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st_
from sqlalchemy import event, select

from translate_app.domain.diff import Change, diff, new_text, old_text
from translate_app.domain.segment_filter import PAGE_SIZE
from translate_app.domain.states import State
from translate_app.extensions import db
from translate_app.models import AuditEvent
from translate_app.services import history
from translate_app.services.accounts import issue_token
from translate_app.services.articles import get_article, get_segment_translation
from translate_app.services.errors import NotFound, StaleRevision
from translate_app.services.reviewing import approve_translation, reject_translation
from translate_app.services.translating import save_translation

from .conftest import SLUG, login

HTMX = {"HX-Request": "true"}


def test_english_is_compared_word_by_word():
    assert diff("The city grows fast.", "The capital grows slowly.", "en") == [
        Change("equal", "The "),
        Change("delete", "city"),
        Change("insert", "capital"),
        Change("equal", " grows "),
        Change("delete", "fast"),
        Change("insert", "slowly"),
        Change("equal", "."),
    ]


@pytest.mark.parametrize("lang", ["ko", "ja", "zh-Hant", "KO"])
def test_korean_japanese_chinese_are_compared_character_by_character(lang):
    assert diff("평양의 배급", "평양은 배급", lang) == [
        Change("equal", "평양"),
        Change("delete", "의"),
        Change("insert", "은"),
        Change("equal", " 배급"),
    ]


def test_a_first_version_is_all_inserted_and_equal_texts_all_equal():
    assert diff("", "새 번역", "ko") == [Change("insert", "새 번역")]
    assert diff("same words", "same words", "en") == [Change("equal", "same words")]
    assert diff("gone", "", "en") == [Change("delete", "gone")]
    assert diff("", "", "en") == []


@given(st_.text(max_size=60), st_.text(max_size=60), st_.sampled_from(["en", "ko"]))
def test_the_changes_give_back_both_texts(old, new, lang):
    changes = diff(old, new, lang)
    assert old_text(changes) == old
    assert new_text(changes) == new
    # Neighbours never share an operation: each run is marked once.
    assert all(a.op != b.op for a, b in itertools.pairwise(changes))


@pytest.fixture
def three_versions(article, users):
    """Segment 2: a draft, a translated version (approved), a rejected one."""
    st = get_segment_translation(article.segments[1].id, "ko")
    t, e = users["translator"], users["editor"]
    save_translation(st, t, text="평양의 배급", base_revision=0, state="draft")
    save_translation(st, t, text="평양은 배급", base_revision=1, state="translated")
    approve_translation(st, e)
    save_translation(st, t, text="평양은 배급제", base_revision=2, state="translated")
    reject_translation(st, e, category="terminology", severity="minor", note="공공배급체계")
    db.session.commit()
    return st


def test_history_is_newest_first_with_changes_and_verdicts(three_versions):
    entries = history.history(three_versions)
    assert [e.version.text for e in entries] == ["평양은 배급제", "평양은 배급", "평양의 배급"]
    assert [State(e.version.state) for e in entries] == [
        State.TRANSLATED,
        State.TRANSLATED,
        State.DRAFT,
    ]
    assert entries[0].changes == [Change("equal", "평양은 배급"), Change("insert", "제")]
    assert entries[2].changes == [Change("insert", "평양의 배급")]
    assert [a.editor.name for a in entries[1].approvals] == ["editor"]
    assert [(r.category, r.note) for r in entries[0].rejections] == [
        ("terminology", "공공배급체계")
    ]
    assert entries[2].approvals == [] and entries[2].rejections == []


def test_restore_makes_a_new_version_and_the_history_only_grows(three_versions, users):
    st = three_versions
    oldest, approved = history.versions(st)[2], history.versions(st)[1]
    history.restore_version(st, users["translator"], version_id=approved.id, base_revision=3)
    assert st.text == "평양은 배급" and st.state == State.TRANSLATED and st.revision == 4
    history.restore_version(st, users["translator"], version_id=oldest.id, base_revision=4)
    assert st.text == "평양의 배급" and st.state == State.DRAFT
    assert len(history.versions(st)) == 5
    assert history.versions(st)[0].parent_id == history.versions(st)[1].id
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "restore_version"))
    assert [e.detail for e in event] == [f"version {approved.id}", f"version {oldest.id}"]


def test_restore_refuses_stale_and_foreign_versions(three_versions, article, users):
    st = three_versions
    first = history.versions(st)[-1]
    with pytest.raises(StaleRevision):
        history.restore_version(st, users["translator"], version_id=first.id, base_revision=1)
    other = get_segment_translation(article.segments[2].id, "ko")
    with pytest.raises(NotFound, match=f"version {first.id} is not a version of segment"):
        history.restore_version(other, users["translator"], version_id=first.id, base_revision=0)
    with pytest.raises(NotFound):
        history.restore_version(st, users["translator"], version_id=999999, base_revision=3)


def test_recent_changes_are_one_query_and_page_by_fifty(article, users):
    t = users["translator"]
    # The 12 segments to translate (the "*" separator has no translation), title first.
    paragraphs = [*[s for s in article.segments if s.translatable][1:], article.segments[0]]
    for n in range(PAGE_SIZE + 1):
        st = get_segment_translation(paragraphs[n % 12].id, "ko")
        save_translation(st, t, text=f"번역 {n}", base_revision=st.revision, state="draft")
    db.session.commit()
    article = get_article(SLUG)
    assert article.target_langs == ["ko"]  # loaded before counting
    seen = []

    def record(_conn, _cursor, statement, *_):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        first = history.recent_changes(article, "ko")
        [item.version.segment.source + item.version.author.name for item in first.items]
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(seen) == 1, seen
    assert len(first.items) == PAGE_SIZE
    newest = first.items[0]
    assert newest.version.text == f"번역 {PAGE_SIZE}" and newest.old == f"번역 {PAGE_SIZE - 12}"
    rest = history.recent_changes(article, "ko", before=first.next_before)
    assert [i.version.text for i in rest.items] == ["번역 0"] and rest.items[0].old == ""
    assert rest.next_before is None


def test_the_history_panel_the_comparison_and_restore_in_the_editor(client, three_versions):
    token = login(client, "translator")
    segment = three_versions.segment_id
    panel = client.get(f"/segments/{segment}/ko/history", headers=HTMX).get_data(as_text=True)
    assert "<ins>제</ins>" in panel and "approved by editor" in panel
    assert "rejected by editor" in panel and "Restore this version" in panel
    versions = history.versions(three_versions)
    a, b = versions[2].id, versions[0].id
    compared = client.get(f"/segments/{segment}/ko/diff?a={a}&b={b}").get_data(as_text=True)
    assert "<del>의</del><ins>은</ins>" in compared and "<ins>제</ins>" in compared
    bad = client.get(f"/segments/{segment}/ko/diff?a=x&b={b}")
    assert bad.status_code == 400 and "must name a version" in bad.get_data(as_text=True)
    restored = client.post(
        f"/segments/{segment}/ko/restore",
        data={"version_id": a, "base_revision": 3},
        headers={**HTMX, "X-CSRFToken": token},
    )
    assert restored.status_code == 200
    assert "평양의 배급" in restored.get_data(as_text=True)
    stale = client.post(
        f"/segments/{segment}/ko/restore",
        data={"version_id": b, "base_revision": 3},
        headers={**HTMX, "X-CSRFToken": token},
    )
    assert stale.status_code == 409 and "saved by someone else" in stale.get_data(as_text=True)


def test_rows_say_who_changed_them_and_the_recent_changes_page(client, three_versions):
    login(client, "editor")
    editor = client.get(f"/articles/{SLUG}/ko/").get_data(as_text=True)
    assert "Last changed by translator" in editor and "Recent changes" in editor
    page = client.get(f"/articles/{SLUG}/ko/changes").get_data(as_text=True)
    assert page.count("<tr>") == 3 + 1
    assert "<ins>제</ins>" in page
    assert client.get(f"/articles/{SLUG}/ko/changes?before=x").status_code == 400


def test_history_and_restore_through_the_api(client, three_versions, users):
    token = issue_token(users["translator"])
    db.session.commit()
    auth = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/segments/{three_versions.segment_id}/translations/ko"
    listed = client.get(f"{url}/history", headers=auth).json
    assert [v["text"] for v in listed] == ["평양은 배급제", "평양은 배급", "평양의 배급"]
    assert set(listed[0]) == {
        "version_id", "text", "state", "author", "created_at", "parent_id",
        "origin", "origin_detail", "unchanged",
    }  # fmt: skip
    assert (listed[0]["origin"], listed[0]["origin_detail"], listed[0]["unchanged"]) == (
        "typed", "", None,
    )  # fmt: skip
    assert listed[2]["parent_id"] is None and listed[0]["parent_id"] == listed[1]["version_id"]
    assert listed[0]["state"] == "translated" and listed[0]["author"] == "translator"
    body = {"version_id": listed[2]["version_id"], "base_revision": 3}
    done = client.post(f"{url}/restore", json=body, headers=auth)
    assert done.status_code == 200
    assert (done.json["text"], done.json["state"], done.json["revision"]) == (
        "평양의 배급",
        "draft",
        4,
    )
    assert done.json["updated_by"] == "translator" and done.json["last_review"] is None
    stale = client.post(f"{url}/restore", json=body, headers=auth)
    assert stale.status_code == 409 and stale.json["revision"] == 4
    foreign = client.post(
        f"{url}/restore", json={"version_id": 999, "base_revision": 4}, headers=auth
    )
    assert foreign.status_code == 404
    assert client.post(f"{url}/restore", json={"version_id": 1}, headers=auth).status_code == 400


def test_one_syllable_added_to_a_long_korean_paragraph_is_one_insertion():
    # difflib's autojunk treats characters common in a text of 200 or more as junk: in a
    # long Korean paragraph that is every syllable, and the whole paragraph would show as
    # replaced.
    rng = random.Random(1)
    old = "".join(rng.choice("평양의배급제도는지방화되어간다 ") for _ in range(400))
    new = old[:200] + "새" + old[200:]
    assert diff(old, new, "ko") == [
        Change("equal", old[:200]),
        Change("insert", "새"),
        Change("equal", old[200:]),
    ]
