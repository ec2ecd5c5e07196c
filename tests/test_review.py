"""Review with reasons: rejections, the rule against approving one's own work, the
review queue, the quality report and the article's derived state."""

import pytest
from sqlalchemy import select

from translate_app.domain.quality import (
    MAX_NOTE_CHARS,
    ArticleState,
    Category,
    Severity,
    VerdictError,
    article_state,
    parse_category,
    parse_note,
    parse_severity,
    quality_report,
)
from translate_app.domain.states import State, TransitionError, state_after_rejection
from translate_app.extensions import db
from translate_app.models import AuditEvent
from translate_app.services.accounts import create_user, issue_token
from translate_app.services.articles import get_segment_translation
from translate_app.services.errors import Conflict, InvalidInput, PermissionDenied
from translate_app.services.reviewing import (
    approve_all_translated,
    approve_translation,
    quality,
    reject_translation,
    review_queue,
    set_self_approval,
    state_of,
)
from translate_app.services.translating import save_translation

from .conftest import PASSWORD, SLUG, login

HTMX = {"HX-Request": "true"}


# The domain: verdicts, scores, states.


@pytest.mark.parametrize(
    ("current", "allowed"),
    [(s, s in (State.TRANSLATED, State.NEEDS_REVIEW)) for s in State],
)
def test_only_translated_segments_can_be_rejected(current, allowed):
    if allowed:
        assert state_after_rejection(current) == State.REJECTED
    else:
        with pytest.raises(TransitionError, match="only translated segments can be rejected"):
            state_after_rejection(current)


def test_verdict_parsing():
    assert parse_category("terminology") == Category.TERMINOLOGY
    assert parse_category("locale-convention") == Category.LOCALE_CONVENTION
    assert parse_severity("critical") == Severity.CRITICAL
    assert parse_note("  why  ") == "why"
    assert parse_note(None) == ""
    assert parse_note("가" * MAX_NOTE_CHARS) == "가" * MAX_NOTE_CHARS
    for call, value, message in [
        (parse_category, "grammar", "unknown error category 'grammar': use one of accuracy"),
        (parse_category, "", "name the error category: one of accuracy, fluency"),
        (parse_category, None, "name the error category"),
        (parse_severity, "fatal", "unknown severity 'fatal': use one of minor, major, critical"),
        (parse_severity, None, "name the severity: one of minor"),
        (parse_note, "가" * (MAX_NOTE_CHARS + 1), "2001 characters; at most 2000"),
    ]:
        with pytest.raises(VerdictError, match=message):
            call(value)


def test_quality_score_is_penalty_points_per_thousand_words():
    report = quality_report(
        [
            ("mina", "accuracy", "critical"),
            ("mina", "fluency", "minor"),
            ("jun", "terminology", "major"),
            ("jun", "terminology", "major"),
        ],
        article_words=2000,
        translator_words={"mina": 500, "jun": 1000, "ara": 500},
    )
    assert report.overall.count == 4
    assert report.overall.penalty == 10 + 1 + 5 + 5
    assert report.overall.per_thousand_words == pytest.approx(10.5)
    assert report.overall.cell(Category.TERMINOLOGY, Severity.MAJOR) == 2
    assert report.overall.cell(Category.STYLE, Severity.MINOR) == 0
    assert list(report.by_translator) == ["ara", "jun", "mina"]
    assert report.by_translator["mina"].per_thousand_words == pytest.approx(22.0)
    assert report.by_translator["jun"].per_thousand_words == pytest.approx(10.0)
    assert report.by_translator["ara"].count == 0
    assert report.by_translator["ara"].per_thousand_words == 0.0
    assert quality_report([], 0, {}).overall.per_thousand_words == 0.0


U, D, R, T, N, A = (
    State.UNTRANSLATED,
    State.DRAFT,
    State.REJECTED,
    State.TRANSLATED,
    State.NEEDS_REVIEW,
    State.APPROVED,
)


@pytest.mark.parametrize(
    ("counts", "published", "expected"),
    [
        ({}, False, ArticleState.IN_TRANSLATION),
        ({U: 3}, False, ArticleState.IN_TRANSLATION),
        ({A: 3, D: 1}, True, ArticleState.IN_TRANSLATION),
        ({A: 3, R: 1}, False, ArticleState.IN_TRANSLATION),
        ({A: 3, U: 1, T: 2}, False, ArticleState.IN_TRANSLATION),
        ({A: 3, T: 1}, False, ArticleState.IN_REVIEW),
        ({A: 3, N: 1}, True, ArticleState.IN_REVIEW),
        ({T: 3}, False, ArticleState.IN_REVIEW),
        ({A: 3, U: 0}, False, ArticleState.APPROVED),
        ({A: 3}, True, ArticleState.PUBLISHED),
    ],
)
def test_article_state_is_derived_from_its_segments(counts, published, expected):
    assert article_state(counts, published) == expected


# The services.


@pytest.fixture
def translated(article, users):
    """Segment 2, saved as translated by the translator."""
    st = get_segment_translation(article.segments[1].id, "ko")
    save_translation(st, users["translator"], text="평양 번역", base_revision=0, state="translated")
    db.session.commit()
    return st


def test_reject_keeps_the_text_records_the_reason_and_a_new_save_clears_it(translated, users):
    st = reject_translation(
        translated, users["editor"], category="terminology", severity="major", note="평양의 표기"
    )
    db.session.commit()
    assert st.state == State.REJECTED and st.text == "평양 번역"
    review = st.last_review
    assert (review.category, review.severity, review.note, review.editor.name) == (
        "terminology",
        "major",
        "평양의 표기",
        "editor",
    )
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "reject")).one()
    assert event.detail == "terminology, major: 평양의 표기"
    save_translation(st, users["translator"], text="평양 번역 2", base_revision=1, state="draft")
    assert st.state == State.DRAFT and st.last_review is None


def test_rejections_are_refused_with_reasons(article, translated, users):
    with pytest.raises(PermissionDenied, match="only editors and admins"):
        reject_translation(translated, users["translator"], category="style", severity="minor")
    with pytest.raises(InvalidInput, match="unknown severity"):
        reject_translation(translated, users["editor"], category="style", severity="huge")
    with pytest.raises(Conflict, match="changed since you read it; nothing was rejected"):
        reject_translation(
            translated, users["editor"], category="style", severity="minor", base_revision=0
        )
    untouched = get_segment_translation(article.segments[2].id, "ko")
    with pytest.raises(Conflict, match="only translated segments can be rejected"):
        reject_translation(untouched, users["editor"], category="style", severity="minor")
    assert translated.state == State.TRANSLATED


def test_an_editor_may_not_approve_their_own_version_but_an_admin_may(article, users):
    editor, admin = users["editor"], users["admin"]
    mine = get_segment_translation(article.segments[1].id, "ko")
    save_translation(mine, editor, text="내 번역", base_revision=0, state="translated")
    with pytest.raises(PermissionDenied, match="you wrote this version"):
        approve_translation(mine, editor)
    assert mine.state == State.TRANSLATED
    other = create_user("second", "editor", PASSWORD)
    assert approve_translation(mine, other).state == State.APPROVED
    own_admin = get_segment_translation(article.segments[2].id, "ko")
    save_translation(own_admin, admin, text="관리자 번역", base_revision=0, state="translated")
    assert approve_translation(own_admin, admin).state == State.APPROVED


def test_self_approval_can_be_allowed_per_article_by_an_admin(article, users):
    editor = users["editor"]
    with pytest.raises(PermissionDenied, match="only admins"):
        set_self_approval(article, editor, True)
    set_self_approval(article, users["admin"], True)
    mine = get_segment_translation(article.segments[1].id, "ko")
    save_translation(mine, editor, text="내 번역", base_revision=0, state="translated")
    assert approve_translation(mine, editor).state == State.APPROVED
    set_self_approval(article, users["admin"], False)
    assert not article.self_approval_allowed


def test_approve_all_leaves_the_editors_own_versions(article, users):
    for n, author in enumerate(["translator", "editor", "translator"], start=1):
        st = get_segment_translation(article.segments[n].id, "ko")
        save_translation(st, users[author], text=f"문단 {n}", base_revision=0, state="translated")
    done = approve_all_translated(article, "ko", users["editor"])
    assert (done.approved, done.skipped_own) == (2, 1)
    assert get_segment_translation(article.segments[2].id, "ko").state == State.TRANSLATED


def test_the_queue_is_oldest_first_and_filters_by_translator(article, users, clock):
    other = create_user("mina", "translator", PASSWORD)
    order = [(3, users["translator"]), (1, other), (2, users["translator"])]
    for n, author in order:
        st = get_segment_translation(article.segments[n].id, "ko")
        save_translation(st, author, text=f"문단 {n}", base_revision=0, state="translated")
        clock.advance(minutes=1)
    draft = get_segment_translation(article.segments[4].id, "ko")
    save_translation(draft, other, text="초안", base_revision=0, state="draft")
    queue = review_queue(article, "ko")
    assert [st.segment.position for st in queue.rows] == [4, 2, 3]
    assert queue.translators == ["mina", "translator"]
    assert [st.segment.position for st in review_queue(article, "ko", "mina").rows] == [2]
    assert review_queue(article, "ko", "nobody").rows == []


def test_quality_report_counts_rejections_per_translator(article, users):
    for n in (1, 2):
        st = get_segment_translation(article.segments[n].id, "ko")
        save_translation(
            st, users["translator"], text=f"문단 {n}", base_revision=0, state="translated"
        )
        reject_translation(st, users["editor"], category="accuracy", severity="major")
    report = quality(article, "ko")
    words = sum(s.words for s in article.segments if s.translatable)
    assert report.overall.words == words
    assert report.overall.penalty == 10
    mine = report.by_translator["translator"]
    assert mine.words == article.segments[1].words + article.segments[2].words
    assert mine.cell(Category.ACCURACY, Severity.MAJOR) == 2


def test_state_of_an_article(article, users, translated):
    assert state_of(article, "ko") == ArticleState.IN_TRANSLATION


# The pages.


def test_reject_in_the_editor_and_the_translator_sees_why(client, app, translated):
    token = login(client, "editor")
    response = client.post(
        f"/segments/{translated.segment_id}/ko/reject",
        data={
            "category": "fluency",
            "severity": "minor",
            "note": "어색한 문장",
            "text": "평양 번역",
        },
        headers={**HTMX, "X-CSRFToken": token},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "state-rejected" in body and "Rejected by editor" in body and "어색한 문장" in body
    assert "progress-changed" in response.headers["HX-Trigger"]
    login(client, "translator")
    html = client.get(f"/articles/{SLUG}/ko/?state=rejected").get_data(as_text=True)
    assert html.count('<tr id="segment-') == 1
    assert "Fluency" in html and "Minor" in html and "어색한 문장" in html


def test_a_rejection_without_a_category_is_422_and_keeps_the_typed_text(client, translated):
    token = login(client, "editor")
    response = client.post(
        f"/segments/{translated.segment_id}/ko/reject",
        data={"severity": "minor", "text": "고친 번역"},
        headers={**HTMX, "X-CSRFToken": token},
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "name the error category" in body and "고친 번역" in body


def test_own_approval_in_the_editor_is_403_with_the_reason(client, article, users):
    st = get_segment_translation(article.segments[1].id, "ko")
    save_translation(st, users["editor"], text="내 번역", base_revision=0, state="translated")
    db.session.commit()
    token = login(client, "editor")
    response = client.post(
        f"/segments/{st.segment_id}/ko/approve", headers={**HTMX, "X-CSRFToken": token}
    )
    assert response.status_code == 403
    assert "you wrote this version" in response.get_data(as_text=True)


def test_queue_and_quality_pages(client, article, translated, users):
    login(client, "editor")
    queue = client.get(f"/articles/{SLUG}/ko/review").get_data(as_text=True)
    assert "1 segment waiting" in queue and "평양 번역" in queue
    assert "<option selected>translator</option>" not in queue
    filtered = client.get(f"/articles/{SLUG}/ko/review?translator=translator")
    assert "<option selected>translator</option>" in filtered.get_data(as_text=True)
    report = client.get(f"/articles/{SLUG}/ko/quality").get_data(as_text=True)
    assert "0.0 points per 1,000 words" in report and "Locale convention" in report
    editor_page = client.get(f"/articles/{SLUG}/ko/").get_data(as_text=True)
    assert "In translation" in editor_page and "Review queue" in editor_page


def test_the_admin_switches_self_approval_on_the_queue_page(client, article, users):
    token = login(client, "admin")
    page = client.get(f"/articles/{SLUG}/ko/review").get_data(as_text=True)
    assert "Allow self-approval" in page
    response = client.post(
        f"/articles/{SLUG}/ko/self-approval", data={"allowed": "1", "csrf_token": token}
    )
    assert response.status_code == 303
    db.session.refresh(article)
    assert article.self_approval_allowed
    assert "Require a second editor" in client.get(f"/articles/{SLUG}/ko/review").get_data(
        as_text=True
    )


# The API.


def test_reject_through_the_api(client, article, translated, users):
    token = issue_token(users["editor"])
    own = issue_token(users["translator"])
    db.session.commit()
    url = f"/api/v1/segments/{translated.segment_id}/translations/ko/reject"
    auth = {"Authorization": f"Bearer {token}"}
    bad = client.post(url, json={"category": "nope", "severity": "minor"}, headers=auth)
    assert bad.status_code == 400 and "'category' must be one of accuracy" in bad.json["error"]
    missing = client.post(url, json={"category": "style"}, headers=auth)
    assert missing.status_code == 400 and "name the severity" in missing.json["error"]
    long_note = {"category": "style", "severity": "minor", "note": "x" * 2001}
    assert client.post(url, json=long_note, headers=auth).status_code == 400
    refused = client.post(
        url,
        json={"category": "style", "severity": "minor"},
        headers={"Authorization": f"Bearer {own}"},
    )
    assert refused.status_code == 403
    done = client.post(
        url, json={"category": "style", "severity": "critical", "note": "x" * 2000}, headers=auth
    )
    assert done.status_code == 200
    assert done.json["state"] == "rejected"
    review = done.json["last_review"]
    assert (review["category"], review["severity"], review["by"]) == ("style", "critical", "editor")
    assert len(review["note"]) == 2000 and review["at"]
    assert done.json["updated_by"] == "translator"
    again = client.post(url, json={"category": "style", "severity": "minor"}, headers=auth)
    assert again.status_code == 409


def test_own_approval_through_the_api_is_403(client, article, users):
    token = issue_token(users["editor"])
    db.session.commit()
    auth = {"Authorization": f"Bearer {token}"}
    segment = article.segments[1].id
    client.put(
        f"/api/v1/segments/{segment}/translations/ko",
        json={"text": "내 번역", "base_revision": 0, "state": "translated"},
        headers=auth,
    )
    refused = client.post(f"/api/v1/segments/{segment}/translations/ko/approve", headers=auth)
    assert refused.status_code == 403 and "you wrote this version" in refused.json["error"]


def test_full_refusal_messages_and_translators_without_words():
    with pytest.raises(VerdictError) as missing:
        parse_category(None)
    assert str(missing.value) == (
        "name the error category: one of accuracy, fluency, terminology, style, locale-convention"
    )
    with pytest.raises(VerdictError) as wrong:
        parse_category("grammar")
    assert str(wrong.value) == (
        "unknown error category 'grammar': use one of accuracy, fluency, terminology, style, "
        "locale-convention"
    )
    with pytest.raises(VerdictError) as unknown:
        parse_severity("huge")
    assert str(unknown.value) == "unknown severity 'huge': use one of minor, major, critical"
    with pytest.raises(VerdictError) as none:
        parse_severity("")
    assert str(none.value) == "name the severity: one of minor, major, critical"
    report = quality_report([("gone", "style", "minor")], 100, {})
    assert report.by_translator["gone"].words == 0
    assert report.by_translator["gone"].per_thousand_words == 0.0
    assert report.overall.per_thousand_words == 10.0


def test_progress_state_knows_publication():
    from translate_app.domain.progress import Progress, Tally
    from translate_app.domain.quality import progress_state

    approved = Progress({State.APPROVED: Tally(3, 30)})
    assert progress_state(approved, True) == ArticleState.PUBLISHED
    assert progress_state(approved, False) == ArticleState.APPROVED
