"""The check services: findings of a saved text with the pair's glossary and the other
articles, and editors dismissing them with a reason."""

import pytest
from sqlalchemy import select

from translate_app.domain.memory import text_key
from translate_app.extensions import db
from translate_app.models import AuditEvent, CheckDismissal
from translate_app.services.articles import get_segment_translation
from translate_app.services.checks import (
    MAX_REASON_CHARS,
    blocking_findings,
    dismiss_finding,
    findings_for,
    open_findings,
    remembered_sources,
)
from translate_app.services.errors import Conflict, InvalidInput, PermissionDenied
from translate_app.services.glossary import add_term
from translate_app.services.importing import import_article
from translate_app.services.reviewing import approve_all_translated, approve_translation
from translate_app.services.translating import save_translation

from .conftest import SEED
from .test_checks_domain import KOREAN

TITLE = "평양의 지방화가 진행되고 있다 (1·2부)"


@pytest.fixture
def glossary(users):
    add_term(users["editor"], "en", "ko", source="Pyongyang", target="평양")
    add_term(users["editor"], "en", "ko", source="Pyongyang", target="평향", status="forbidden")
    db.session.commit()


def checks(found) -> list[tuple[str, str]]:
    return [(f.check, f.severity) for f in found]


def test_findings_use_the_pairs_glossary(article, glossary):
    st = get_segment_translation(article.segments[0].id, "ko")
    assert findings_for(st, TITLE) == []
    assert checks(findings_for(st, "수도의 지방화가 진행되고 있다 (1부)")) == [
        ("numbers", "warning"),
        ("glossary", "warning"),
    ]
    assert checks(findings_for(st, "평향의 지방화가 진행되고 있다 (1·2부)")) == [
        ("glossary", "error"),
        ("glossary", "warning"),
    ]
    assert checks(findings_for(st, "")) == [("empty", "error")]


def test_findings_of_a_korean_source(ctx, users):
    korean = import_article(
        "평양의 지방화\n\n평양에서는 1998년에 배급이 끊겼다.\n".encode(),
        "chiban.ko.txt",
        source_lang="ko",
        target_langs=["en"],
    )
    add_term(users["editor"], "ko", "en", source="평양", target="Pyongyang")
    st = get_segment_translation(korean.segments[1].id, "en")
    assert findings_for(st, "In Pyongyang, rations stopped in 1998.") == []
    assert checks(findings_for(st, "In the capital, rations stopped")) == [
        ("numbers", "warning"),
        ("end_punctuation", "warning"),
        ("glossary", "warning"),
    ]


def test_the_segments_tags_are_checked(ctx):
    html = b"<html><body><p>The <b>Public Distribution System</b> failed.</p></body></html>"
    tagged = import_article(html, "tagged.en.html", source_lang="en", target_langs=["ko"])
    (segment,) = [s for s in tagged.segments if s.tags]
    st = get_segment_translation(segment.id, "ko")
    assert findings_for(st, "<1>배급제</1>는 실패했다.") == []
    (finding,) = findings_for(st, "배급제는 실패했다.")
    assert (finding.check, finding.message) == ("tags", "tag 1 (bold) is missing")


@pytest.fixture
def other(article, users):
    """The same article again, its title approved as a shorter translation."""
    made = import_article(
        SEED.read_bytes(), SEED.name, source_lang="en", target_langs=["ko", "ja"], slug="other"
    )
    st = get_segment_translation(made.segments[0].id, "ko")
    save_translation(st, users["translator"], text="평양의 지방화 (1·2부)", base_revision=0,
                     state="translated")  # fmt: skip
    approve_translation(st, users["editor"])
    db.session.commit()
    return made


def test_a_different_approved_translation_of_the_same_source_is_inconsistent(article, other):
    st = get_segment_translation(article.segments[0].id, "ko")
    (finding,) = findings_for(st, TITLE)
    assert finding.as_dict() == {
        "check": "inconsistent",
        "severity": "warning",
        "message": "the same source is translated differently in “The provincialization of "
        "Pyongyang is underway (Pts 1 & 2)”, paragraph 1: “평양의 지방화 (1·2부)”",
    }
    assert findings_for(st, "평양의 지방화 (1·2부)") == []


def test_another_languages_translation_is_no_comparison(article, other, users):
    ja = get_segment_translation(other.segments[0].id, "ja")
    save_translation(
        ja, users["translator"], text="平壌の地方化", base_revision=0, state="translated"
    )
    approve_translation(ja, users["editor"])
    st = get_segment_translation(article.segments[0].id, "ko")
    assert findings_for(st, "평양의 지방화 (1·2부)") == []


def test_only_live_translatable_segments_count(article, other):
    st = get_segment_translation(article.segments[0].id, "ko")
    other.segments[0].retired_revision = 2
    db.session.flush()
    assert findings_for(st, TITLE) == []
    other.segments[0].retired_revision = None
    other.segments[0].translatable = False
    db.session.flush()
    assert findings_for(st, TITLE) == []


def test_an_unapproved_translation_elsewhere_is_no_reference(article, users):
    made = import_article(SEED.read_bytes(), SEED.name, source_lang="en", target_langs=["ko"],
                          slug="third")  # fmt: skip
    draft = get_segment_translation(made.segments[0].id, "ko")
    save_translation(
        draft, users["translator"], text="다른 제목", base_revision=0, state="translated"
    )
    st = get_segment_translation(article.segments[0].id, "ko")
    assert findings_for(st, TITLE) == []


@pytest.fixture
def version(article, glossary, users):
    """A saved version of the title, with the findings of its save."""
    st = get_segment_translation(article.segments[0].id, "ko")
    text = "수도의 지방화가 진행되고 있다 (1부)"
    save_translation(st, users["translator"], text=text, base_revision=0, state="translated")
    st.current_version.checks = [f.as_dict() for f in findings_for(st, text)]
    db.session.commit()
    return st.current_version


def test_warnings_are_dismissed_with_a_reason(version, users):
    assert checks(open_findings(version)) == [("numbers", "warning"), ("glossary", "warning")]
    assert blocking_findings(version) == []
    dismissal = dismiss_finding(
        version, "numbers", "  part 2 is a separate article  ", users["editor"]
    )
    db.session.commit()
    assert (dismissal.check, dismissal.reason, dismissal.editor_id) == (
        "numbers",
        "part 2 is a separate article",
        users["editor"].id,
    )
    assert checks(open_findings(version)) == [("glossary", "warning")]
    dismiss_finding(version, "glossary", "the capital is meant", users["admin"])
    assert open_findings(version) == []
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "dismiss_check")
    ).first()
    assert event.detail == f"version {version.id}, numbers: part 2 is a separate article"
    assert event.target == f"segment:{version.segment_id}/ko"


def test_errors_block_until_an_editor_overrides_them(article, glossary, users):
    st = get_segment_translation(article.segments[0].id, "ko")
    text = "평향의 지방화가 진행되고 있다 (1·2부)"
    save_translation(st, users["translator"], text=text, base_revision=0, state="translated")
    version = st.current_version
    assert checks(blocking_findings(version)) == [("glossary", "error")]
    dismiss_finding(version, "glossary", "평향 is the dialect form quoted", users["editor"])
    assert blocking_findings(version) == []
    assert open_findings(version) == []


def test_a_version_without_findings_has_none_open(article, users):
    st = get_segment_translation(article.segments[0].id, "ko")
    save_translation(st, users["translator"], text=TITLE, base_revision=0, state="translated")
    assert open_findings(st.current_version) == []
    assert blocking_findings(st.current_version) == []


@pytest.mark.parametrize(
    ("length", "ok"), [(MAX_REASON_CHARS, True), (MAX_REASON_CHARS + 1, False)]
)
def test_the_reason_is_at_most_2000_characters(version, users, length, ok):
    assert MAX_REASON_CHARS == 2000
    if ok:
        assert (
            dismiss_finding(version, "numbers", "가" * length, users["editor"]).reason
            == "가" * length
        )
    else:
        with pytest.raises(InvalidInput, match="the reason has 2001 characters; at most 2000"):
            dismiss_finding(version, "numbers", "가" * length, users["editor"])
        assert db.session.scalars(select(CheckDismissal)).all() == []


def test_bad_dismissals_are_refused(version, users):
    editor = users["editor"]
    cases = [
        (lambda: dismiss_finding(version, "numbers", "why", users["translator"]), PermissionDenied,
         "only editors and admins can dismiss"),
        (lambda: dismiss_finding(version, "numbers", "   ", editor), InvalidInput,
         "the reason is empty"),
        (lambda: dismiss_finding(version, "numbers", None, editor), InvalidInput,
         "the reason is empty"),
        (lambda: dismiss_finding(version, "urls", "why", editor), InvalidInput,
         f"version {version.id} has no finding of the check 'urls' \\(its findings: numbers, "
         "glossary\\)"),
    ]  # fmt: skip
    for call, error, message in cases:
        with pytest.raises(error, match=message):
            call()
    assert db.session.scalars(select(CheckDismissal)).all() == []
    dismiss_finding(version, "numbers", "why", editor)
    with pytest.raises(Conflict, match=f"the numbers finding of version {version.id} is already"):
        dismiss_finding(version, "numbers", "again", users["admin"])
    assert len(db.session.scalars(select(CheckDismissal)).all()) == 1


def test_approving_a_whole_article_finds_inconsistencies(article, other, users):
    first, second = (get_segment_translation(s.id, "ko") for s in article.segments[:2])
    save_translation(first, users["translator"], text=TITLE, base_revision=0, state="translated")
    save_translation(second, users["translator"], text=KOREAN[1].strip(), base_revision=0,
                     state="translated")  # fmt: skip
    result = approve_all_translated(article, "ko", users["editor"], only_passing=True)
    assert (result.approved, result.held_by_checks) == (1, 1)
    assert [item["check"] for item in first.current_version.checks] == ["inconsistent"]
    assert first.approved_version_id is None
    assert second.approved_version_id == second.current_version_id


def test_remembered_sources_are_those_with_an_approved_paragraph(article, other):
    segments = article.segments[:3]
    assert remembered_sources(segments, "ko") == {text_key(segments[0].source)}
    assert remembered_sources(segments, "ja") == set()
    assert remembered_sources([], "ko") == set()
