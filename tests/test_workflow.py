"""Saving and approving through the services, the layer every interface shares."""

import pytest
from sqlalchemy import select

from translate_app.domain.states import State
from translate_app.extensions import db
from translate_app.models import Approval, TranslationVersion
from translate_app.services.articles import get_segment_translation, progress
from translate_app.services.errors import (
    Conflict,
    InvalidInput,
    PermissionDenied,
    StaleRevision,
)
from translate_app.services.reviewing import approve_all_translated, approve_translation
from translate_app.services.translating import save_translation


@pytest.fixture
def st(article):
    return get_segment_translation(article.segments[1].id, "ko")


def test_every_save_is_a_new_version_with_its_parent(st, users):
    t = users["translator"]
    save_translation(st, t, text="초안", base_revision=0, state="draft")
    save_translation(st, t, text="  번역\n완료  ", base_revision=1, state="translated")
    db.session.commit()
    versions = db.session.scalars(select(TranslationVersion).order_by(TranslationVersion.id)).all()
    assert [(v.text, v.state) for v in versions] == [("초안", 10), ("번역 완료", 20)]
    assert versions[1].parent_id == versions[0].id
    assert (st.revision, st.state_enum, st.text) == (2, State.TRANSLATED, "번역 완료")


def test_second_save_on_the_same_revision_is_refused_and_the_first_stays(st, users):
    t, e = users["translator"], users["editor"]
    save_translation(st, t, text="첫 번째", base_revision=0, state="translated")
    db.session.commit()
    with pytest.raises(StaleRevision) as refused:
        save_translation(st, e, text="두 번째", base_revision=0, state="translated")
    db.session.rollback()
    assert refused.value.current.text == "첫 번째"
    fresh = get_segment_translation(st.segment_id, "ko")
    assert (fresh.text, fresh.revision) == ("첫 번째", 1)
    assert db.session.scalar(select(TranslationVersion.text).where(
        TranslationVersion.text == "두 번째")) is None  # fmt: skip


@pytest.mark.parametrize(
    ("text", "state", "message"),
    [
        ("   ", "translated", "empty"),
        ("텍스트", "approved", "draft or translated"),
        ("텍스트", "bogus", "unknown state"),
        ("가" * 20_001, "draft", "has 20,001 characters; the limit is 20,000"),
    ],
)
def test_invalid_saves_are_refused(st, users, text, state, message):
    with pytest.raises(InvalidInput, match=message):
        save_translation(st, users["translator"], text=text, base_revision=0, state=state)
    db.session.rollback()
    assert get_segment_translation(st.segment_id, "ko").revision == 0


def test_translators_cannot_approve(st, users):
    save_translation(st, users["translator"], text="번역", base_revision=0, state="translated")
    with pytest.raises(PermissionDenied):
        approve_translation(st, users["translator"])


def test_drafts_cannot_be_approved(st, users):
    save_translation(st, users["translator"], text="초안", base_revision=0, state="draft")
    with pytest.raises(Conflict, match="only translated segments"):
        approve_translation(st, users["editor"])


def test_approval_records_the_editor_and_the_version(st, users):
    save_translation(st, users["translator"], text="번역", base_revision=0, state="translated")
    approve_translation(st, users["editor"], base_revision=1, note="good")
    db.session.commit()
    approval = db.session.scalar(select(Approval))
    assert (approval.editor.name, approval.version.text, approval.note) == (
        "editor",
        "번역",
        "good",
    )
    assert st.state_enum is State.APPROVED
    assert st.approved_version_id == st.current_version_id
    # Approving again is harmless and records nothing new.
    approve_translation(st, users["editor"])
    assert len(db.session.scalars(select(Approval)).all()) == 1


def test_approval_based_on_an_old_revision_is_refused(st, users):
    save_translation(st, users["translator"], text="하나", base_revision=0, state="translated")
    save_translation(st, users["translator"], text="둘", base_revision=1, state="translated")
    with pytest.raises(StaleRevision):
        approve_translation(st, users["editor"], base_revision=1)


def test_approve_all_translated_leaves_drafts_alone(article, users):
    t = users["translator"]
    for n, state in enumerate(["translated", "translated", "draft"], start=1):
        st = get_segment_translation(article.segments[n].id, "ko")
        save_translation(st, t, text=f"문단 {n}", base_revision=0, state=state)
    assert approve_all_translated(article, "ko", users["editor"]).approved == 2
    tallies = progress(article, "ko")
    assert tallies.tally(State.APPROVED).segments == 2
    assert tallies.tally(State.DRAFT).segments == 1
    # 12 segments to translate: the "*" separator has no translation.
    assert tallies.tally(State.UNTRANSLATED).segments == 9
    assert tallies.total.words == sum(
        len(s.source.split()) for s in article.segments if s.translatable
    )
