"""The memory, the glossary and the checks where translators and editors meet them: the
editor's suggestions, terms marked in the source, findings under the box, approval held
by errors, the review queue's check filter and the memory and glossary pages."""

import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from translate_app.domain.checks import CHECK_NAMES
from translate_app.domain.memory import score
from translate_app.domain.states import State
from translate_app.domain.tmx import TmxUnit, write_tmx
from translate_app.extensions import db
from translate_app.models import CheckDismissal, MemoryEntry, TranslationVersion
from translate_app.services import glossary
from translate_app.services.accounts import issue_token
from translate_app.services.articles import get_segment_translation, live_segments
from translate_app.services.errors import Conflict, InvalidInput, PermissionDenied
from translate_app.services.importing import import_article
from translate_app.services.memory import lookup, memory_size
from translate_app.services.reviewing import (
    approve_all_translated,
    approve_translation,
    dismiss_current_finding,
    review_queue,
)
from translate_app.services.translating import MAX_ORIGIN_DETAIL_CHARS, save_translation
from translate_app.web.formatting import CHECK_LABELS

from .conftest import ROOT, SEED, login
from .test_jobs import post_form

KOREAN = ROOT / "tests" / "data" / "provincialization-of-pyongyang.ko.txt"
HTMX = {"HX-Request": "true"}


def blocks(path):
    return [block.strip() for block in path.read_text(encoding="utf-8").split("\n\n")]


ENGLISH_BLOCKS = blocks(SEED)
KOREAN_BLOCKS = blocks(KOREAN)


def translate(article, position, user, text=None, state="translated"):
    """Segment ``position`` (1-based) saved with the Korean sample's paragraph."""
    segment = next(s for s in live_segments(article) if s.position == position)
    st = get_segment_translation(segment.id, "ko")
    save_translation(
        st,
        user,
        text=KOREAN_BLOCKS[position - 1] if text is None else text,
        base_revision=st.revision,
        state=state,
    )
    return st


def edited(text: str) -> str:
    """The paragraph with a few words changed, as a later article would repeat it."""
    return text.replace("Recently", "Last month").replace("long-time", "old")


@pytest.fixture
def tagged(ctx):
    """An article whose one paragraph has inline markup: a translation without its tags
    is an error the checks find."""
    text = "Markets\n\nThe **central elite** is looking for ways to survive outside the system.\n"
    made = import_article(text.encode(), "markets.md", source_lang="en", target_langs=["ko"])
    db.session.commit()
    return get_segment_translation(live_segments(made)[1].id, "ko")


UNTAGGED = "중앙 엘리트도 체제 밖에서 살아남을 방법을 찾고 있다."


@pytest.fixture
def pyongyang(ctx, users):
    glossary.add_term(users["editor"], "en", "ko", source="Pyongyang", target="평양")
    db.session.commit()


# Saving and approving.


def test_a_save_records_its_findings_and_where_its_text_came_from(article, users):
    st = translate(article, 2, users["translator"])
    version = st.current_version
    assert version.checks == []
    assert (version.origin, version.origin_detail, version.suggestion) == ("typed", "", None)
    st = translate(article, 1, users["translator"], text="평양의 지방화가 진행되고 있다")
    assert [finding["check"] for finding in st.current_version.checks] == ["numbers", "brackets"]


def test_a_text_taken_from_the_memory_keeps_the_suggestion(article, users):
    segment = live_segments(article)[1]
    st = get_segment_translation(segment.id, "ko")
    save_translation(
        st,
        users["translator"],
        text=KOREAN_BLOCKS[1] + " 추가",
        base_revision=0,
        state="translated",
        origin="memory",
        origin_detail="memory 87%",
        suggestion=KOREAN_BLOCKS[1],
    )
    version = st.current_version
    assert (version.origin, version.origin_detail) == ("memory", "memory 87%")
    assert version.suggestion == KOREAN_BLOCKS[1]


@pytest.mark.parametrize(
    ("origin", "detail", "suggestion", "message"),
    [
        ("pasted", "", "x", "unknown origin 'pasted': use one of typed, memory, mt"),
        ("memory", "m", "", "a text taken from memory must send the suggestion it took"),
        ("mt", "x" * (MAX_ORIGIN_DETAIL_CHARS + 1), "x", "201 characters; at most 200"),
    ],
)
def test_an_origin_that_makes_no_sense_is_refused(
    article, users, origin, detail, suggestion, message
):
    st = get_segment_translation(live_segments(article)[1].id, "ko")
    with pytest.raises(InvalidInput, match=re.escape(message)):
        save_translation(
            st,
            users["translator"],
            text="번역",
            base_revision=0,
            state="translated",
            origin=origin,
            origin_detail=detail,
            suggestion=suggestion,
        )
    assert st.revision == 0


def test_an_origin_description_of_exactly_the_limit_is_kept(article, users):
    st = get_segment_translation(live_segments(article)[1].id, "ko")
    detail = "x" * MAX_ORIGIN_DETAIL_CHARS
    save_translation(
        st,
        users["translator"],
        text="번역",
        base_revision=0,
        state="translated",
        origin="mt",
        origin_detail=detail,
        suggestion="번역",
    )
    assert st.current_version.origin_detail == detail


def test_an_error_holds_the_approval_until_an_editor_overrides_it(tagged, users):
    st = tagged
    save_translation(st, users["translator"], text=UNTAGGED, base_revision=0, state="translated")
    with pytest.raises(Conflict, match="the checks found errors in this version"):
        approve_translation(st, users["editor"])
    assert st.state == State.TRANSLATED
    errors = [f["check"] for f in st.current_version.checks if f["severity"] == "error"]
    assert errors
    with pytest.raises(PermissionDenied):
        dismiss_current_finding(st, users["translator"], check=errors[0], reason="fine")
    for check in errors:
        dismiss_current_finding(st, users["editor"], check=check, reason="the tag is not needed")
    assert approve_translation(st, users["editor"]).state == State.APPROVED
    reasons = db.session.scalars(select(CheckDismissal.reason)).all()
    assert errors == ["tags"]
    assert reasons == ["the tag is not needed"]


def test_warnings_do_not_hold_an_approval_but_hold_approve_all_that_pass(article, users, pyongyang):
    clean = translate(article, 2, users["translator"])
    flagged = translate(
        article, 3, users["translator"], text=KOREAN_BLOCKS[2].replace("평양", "수도")
    )
    assert [f["check"] for f in flagged.current_version.checks] == ["glossary"]
    done = approve_all_translated(article, "ko", users["editor"], only_passing=True)
    assert (done.approved, done.held_by_checks) == (1, 1)
    assert clean.state == State.APPROVED and flagged.state == State.TRANSLATED
    done = approve_all_translated(article, "ko", users["editor"])
    assert (done.approved, done.held_by_checks) == (1, 0)
    assert flagged.state == State.APPROVED


def test_the_review_queue_filters_by_failing_check(article, users, pyongyang):
    translate(article, 2, users["translator"])
    translate(article, 3, users["translator"], text=KOREAN_BLOCKS[2].replace("평양", "수도"))
    assert len(review_queue(article, "ko").rows) == 2
    failing = review_queue(article, "ko", check="glossary")
    assert [st.segment.position for st in failing.rows] == [3]
    assert review_queue(article, "ko", check="numbers").rows == []
    with pytest.raises(InvalidInput, match="unknown check 'spelling'"):
        review_queue(article, "ko", check="spelling")


# The walk of a new user: five approved paragraphs, then a second article.


def test_the_memory_offers_repeated_paragraphs_of_a_second_article(
    client, app, article, users, pyongyang
):
    for position in range(2, 7):
        translate(article, position, users["translator"])
        approve_translation(translate_state(article, position), users["editor"])
    db.session.commit()
    later = "\n\n".join(
        ["A second look at Pyongyang", edited(ENGLISH_BLOCKS[1]), ENGLISH_BLOCKS[2] + " Again."]
    )
    second = import_article(
        later.encode(), "second-look.txt", source_lang="en", target_langs=["ko"]
    )
    db.session.commit()
    login(client, "translator")
    rows = live_segments(second)
    for segment, original in ((rows[1], ENGLISH_BLOCKS[1]), (rows[2], ENGLISH_BLOCKS[2])):
        page = client.get(f"/segments/{segment.id}/ko/suggestions", headers=HTMX).get_data(
            as_text=True
        )
        expected = int(score(original, segment.source))
        assert 50 < expected < 100
        assert f'<span class="score">{expected}%</span>' in page
        assert KOREAN_BLOCKS[ENGLISH_BLOCKS.index(original)] in page
        assert "<ins>" in page or "<del>" in page
    first = client.get(f"/segments/{rows[1].id}/ko/suggestions", headers=HTMX).get_data(
        as_text=True
    )
    assert "<del>Recently</del>" in first and "<ins>Last month</ins>" in first
    editor = client.get(f"/articles/{second.slug}/ko/").get_data(as_text=True)
    term = r'<button type="button" class="term" data-insert="평양" title="평양 \([^)]*\)">'
    assert re.search(term + "Pyongyang</button>", editor)


def translate_state(article, position):
    segment = next(s for s in live_segments(article) if s.position == position)
    return get_segment_translation(segment.id, "ko")


def test_a_target_that_drops_pyongyang_is_flagged_in_its_row(client, article, users, pyongyang):
    token = login(client, "translator")
    segment = live_segments(article)[2]
    response = client.post(
        f"/segments/{segment.id}/ko",
        data={
            "text": KOREAN_BLOCKS[2].replace("평양", "수도"),
            "base_revision": 0,
            "state": "translated",
            "csrf_token": token,
        },
        headers=HTMX,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="finding severity-warning"' in page
    assert "평양" in page.split('class="findings"')[1]


def test_an_editor_overrides_an_error_in_the_row_and_approves(client, tagged, users):
    st = tagged
    save_translation(st, users["translator"], text=UNTAGGED, base_revision=0, state="translated")
    db.session.commit()
    token = login(client, "editor")
    url = f"/segments/{st.segment_id}/ko"
    refused = client.post(f"{url}/approve", data={"csrf_token": token}, headers=HTMX)
    assert refused.status_code == 409
    assert "the checks found errors" in refused.get_data(as_text=True)
    for finding in [f for f in st.current_version.checks if f["severity"] == "error"]:
        check = finding["check"]
        empty = client.post(
            f"{url}/checks/{check}/dismiss", data={"csrf_token": token}, headers=HTMX
        )
        assert empty.status_code == 422
        done = client.post(
            f"{url}/checks/{check}/dismiss",
            data={"csrf_token": token, f"reason-{check}": "kept on purpose"},
            headers=HTMX,
        )
        assert done.status_code == 200
    approved = client.post(f"{url}/approve", data={"csrf_token": token}, headers=HTMX)
    assert approved.status_code == 200
    db.session.refresh(st)
    assert st.state == State.APPROVED


# The memory and glossary pages.


def test_the_memory_page_searches_both_languages_and_editors_correct_entries(
    client, article, users
):
    translate(article, 2, users["translator"])
    approve_translation(translate_state(article, 2), users["editor"])
    db.session.commit()
    login(client, "translator")
    english = client.get("/memory?source_lang=en&target_lang=ko&q=long-time+friend").get_data(
        as_text=True
    )
    assert "1 entry holds" in english and KOREAN_BLOCKS[1] in english
    korean = client.get("/memory?pair=en%3Eko&q=엘리트층").get_data(as_text=True)
    assert "entr" in korean and ENGLISH_BLOCKS[1] in korean
    entry = db.session.scalar(
        select(MemoryEntry).where(MemoryEntry.source_lang == "en", MemoryEntry.level == "paragraph")
    )
    token = login(client, "translator")
    assert client.post(f"/memory/{entry.id}/delete", data={"csrf_token": token}).status_code == 403
    token = login(client, "editor")
    changed = client.post(
        f"/memory/{entry.id}",
        data={
            "csrf_token": token,
            "source": entry.source,
            "target": "고친 번역",
            "source_lang": "en",
            "target_lang": "ko",
        },
    )
    assert changed.status_code == 303
    db.session.expire_all()
    assert db.session.get(MemoryEntry, entry.id).target == "고친 번역"
    assert "고친 번역" in client.get("/memory?pair=en%3Eko&q=long-time").get_data(as_text=True)
    deleted = client.post(f"/memory/{entry.id}/delete", data={"csrf_token": token})
    assert deleted.status_code == 303
    db.session.expunge_all()
    assert db.session.get(MemoryEntry, entry.id) is None
    assert "0 entries hold" in client.get("/memory?pair=en%3Eko&q=long-time").get_data(as_text=True)


def test_the_glossary_page_adds_imports_and_exports_terms(client, ctx, users):
    token = login(client, "editor")
    added = client.post(
        "/glossary",
        data={
            "csrf_token": token,
            "source": "Kim Jong-il",
            "target": "김정일",
            "status": "preferred",
            "source_lang": "en",
            "target_lang": "ko",
        },
    )
    assert added.status_code == 303
    refused = client.post(
        "/glossary",
        data={
            "csrf_token": token,
            "source": "x",
            "target": "y",
            "status": "maybe",
            "source_lang": "en",
            "target_lang": "ko",
        },
    )
    assert refused.status_code == 400
    assert "maybe" in refused.get_data(as_text=True)
    csv = "source,target,note,status\nPyongyang,평양,,preferred\n".encode()
    imported = client.post(
        "/glossary/import",
        data={
            "csrf_token": token,
            "source_lang": "en",
            "target_lang": "ko",
            "file": (__import__("io").BytesIO(csv), "terms.csv"),
        },
        content_type="multipart/form-data",
    )
    assert imported.status_code == 303
    page = client.get("/glossary?source_lang=en&target_lang=ko").get_data(as_text=True)
    assert "김정일" in page and "평양" in page
    exported = client.get("/glossary/export/csv?source_lang=en&target_lang=ko")
    assert exported.status_code == 200
    assert "Pyongyang,평양" in exported.get_data(as_text=True)
    assert client.get("/glossary/export/tbx?source_lang=en&target_lang=ko").data.startswith(
        b"<?xml"
    )
    assert client.get("/glossary/export/pdf").status_code == 400
    count = db.session.scalar(select(func.count()).select_from(TranslationVersion))
    assert count == 0


# The API.


def bearer(user) -> dict:
    token = issue_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_the_api_gives_matches_terms_and_findings(client, article, users, pyongyang):
    translate(article, 3, users["translator"])
    approve_translation(translate_state(article, 3), users["editor"])
    headers = bearer(users["translator"])
    query = {"text": ENGLISH_BLOCKS[2] + " Again.", "source_lang": "en", "target_lang": "ko"}
    matches = client.get("/api/v1/memory/matches", query_string=query, headers=headers).json
    assert matches[0]["target"] == KOREAN_BLOCKS[2]
    assert matches[0]["score"] == int(score(ENGLISH_BLOCKS[2], query["text"]))
    assert matches[0]["level"] == "paragraph" and matches[0]["in_context"] is False
    reverse = {"text": KOREAN_BLOCKS[2], "source_lang": "ko", "target_lang": "en", "limit": 1}
    back = client.get("/api/v1/memory/matches", query_string=reverse, headers=headers).json
    assert [(m["target"], m["score"]) for m in back] == [(ENGLISH_BLOCKS[2], 100)]
    too_many = client.get(
        "/api/v1/memory/matches", query_string=query | {"limit": 51}, headers=headers
    )
    assert too_many.status_code == 400
    terms = client.get(
        "/api/v1/glossary", query_string={"source_lang": "en", "target_lang": "ko"}, headers=headers
    ).json
    assert terms == [
        {
            "source": "Pyongyang",
            "target": "평양",
            "status": "preferred",
            "part_of_speech": "",
            "note": "",
        }
    ]
    body = {"source": "Pyongyang", "target": "수도", "source_lang": "en", "target_lang": "ko"}
    found = client.post("/api/v1/checks", json=body, headers=headers).json
    assert [f["check"] for f in found] == ["glossary"]
    clean = client.post("/api/v1/checks", json=body | {"target": "평양"}, headers=headers)
    assert clean.json == []
    assert client.post("/api/v1/checks", json={"source": "x"}, headers=headers).status_code == 400


def test_an_api_save_records_its_origin_and_answers_its_findings(client, article, users, pyongyang):
    headers = bearer(users["translator"])
    segment = live_segments(article)[2]
    body = {
        "text": KOREAN_BLOCKS[2].replace("평양", "수도"),
        "base_revision": 0,
        "state": "translated",
        "origin": "memory",
        "origin_detail": "memory 92%",
        "suggestion": KOREAN_BLOCKS[2],
    }
    answer = client.put(
        f"/api/v1/segments/{segment.id}/translations/ko", json=body, headers=headers
    )
    assert answer.status_code == 200, answer.json
    assert [f["check"] for f in answer.json["checks"]] == ["glossary"]
    version = db.session.scalar(select(TranslationVersion).order_by(TranslationVersion.id.desc()))
    assert (version.origin, version.origin_detail) == ("memory", "memory 92%")
    refused = client.put(
        f"/api/v1/segments/{segment.id}/translations/ko",
        json=body | {"base_revision": 1, "origin": "pasted"},
        headers=headers,
    )
    assert refused.status_code == 400
    assert "'origin' must be one of typed, memory, mt" in refused.json["error"]


def test_every_check_has_a_label_in_the_interface():
    assert set(CHECK_LABELS) == set(CHECK_NAMES)


@pytest.mark.parametrize("limit", [2000, None])  # None: the default, 5 MiB
def test_a_memory_file_at_exactly_the_limit_and_one_past(app, client, ctx, users, limit):
    if limit is not None:
        app.config["MAX_IMPORT_BYTES"] = limit
    limit = limit or 5 * 1024 * 1024
    token = login(client, "editor")
    unit = TmxUnit("Pyongyang is the capital.", "평양은 수도다.", "en", "ko")
    tmx = write_tmx([unit], source_lang="en", created=datetime(2026, 11, 1, tzinfo=UTC))

    def send(size: int):
        data = tmx + b" " * (size - len(tmx))  # whitespace after the root is still XML
        form = {"csrf_token": token, "source_lang": "en", "target_lang": "ko"}
        return post_form(client, "/memory/import", form | {"file": (data, "old.tmx")})

    refused = send(limit + 1)
    assert refused.status_code == 400
    assert f"old.tmx has {limit + 1:,} bytes; the limit is {limit:,}" in refused.get_data(
        as_text=True
    )
    assert memory_size("en", "ko") == 0
    assert send(limit).status_code == 303
    assert memory_size("en", "ko") == 1
    missing_token = client.post(
        "/memory/import",
        data={"source_lang": "en", "target_lang": "ko", "file": (io.BytesIO(tmx), "old.tmx")},
        content_type="multipart/form-data",
    )
    assert missing_token.status_code == 400


def test_approve_all_remembers_what_approving_one_by_one_does(ctx, users):
    text = "\n\n".join(ENGLISH_BLOCKS[:6])

    def remembered(slug: str, one_by_one: bool) -> set[tuple]:
        made = import_article(text.encode(), f"{slug}.txt", source_lang="en", target_langs=["ko"])
        for n, segment in enumerate(live_segments(made)):
            st = get_segment_translation(segment.id, "ko")
            save_translation(
                st, users["translator"], text=KOREAN_BLOCKS[n], base_revision=0, state="translated"
            )
            if one_by_one:
                approve_translation(st, users["editor"])
        if not one_by_one:
            assert approve_all_translated(made, "ko", users["editor"]).approved == 6
        rows = db.session.execute(
            select(
                MemoryEntry.source_lang,
                MemoryEntry.source,
                MemoryEntry.target,
                MemoryEntry.level,
                MemoryEntry.context_key,
            ).where(MemoryEntry.article_id == made.id)
        ).all()
        return set(rows)

    single = remembered("one-by-one", True)
    bulk = remembered("all-at-once", False)
    assert bulk == single
    levels = {row.level for row in bulk}
    assert levels == {"paragraph", "sentence"}
    assert sum(1 for row in bulk if row.level == "paragraph") == 12
    assert sum(1 for row in bulk if row.context_key is not None) >= 10


def test_a_lookup_is_as_long_as_a_paragraph_may_be(app, ctx):
    app.config["MAX_SEGMENT_CHARS"] = 60
    assert lookup("가" * 60, "ko", "en") == []
    with pytest.raises(InvalidInput, match="the text has 61 characters; the limit is 60"):
        lookup("가" * 61, "ko", "en")


def test_a_missing_tag_is_listed_once_among_the_findings(client, tagged, users):
    token = login(client, "translator")
    saved = client.post(
        f"/segments/{tagged.segment_id}/ko",
        data={"text": UNTAGGED, "base_revision": 0, "state": "translated", "csrf_token": token},
        headers=HTMX,
    ).get_data(as_text=True)
    assert saved.count('class="finding severity-error"') == 1
    assert 'class="tag-problems"' not in saved
    # A version saved before the checks existed still has its tags checked in the row.
    db.session.refresh(tagged)
    tagged.current_version.checks = None
    db.session.commit()
    editor = client.get(f"/articles/{tagged.segment.article.slug}/ko/").get_data(as_text=True)
    assert 'class="tag-problems"' in editor and 'class="findings"' not in editor
