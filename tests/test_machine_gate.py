"""The per-article hold on machine translation: a version more than 85% unchanged
machine output waits for an editor's override before it is approved."""

import pytest
from sqlalchemy import select

from translate_app.extensions import db
from translate_app.models import AuditEvent
from translate_app.services.articles import get_segment_translation
from translate_app.services.checks import blocking_findings, dismiss_finding, findings_for
from translate_app.services.errors import Conflict, PermissionDenied
from translate_app.services.importing import import_article
from translate_app.services.reviewing import (
    approve_all_translated,
    approve_translation,
    set_machine_gate,
)
from translate_app.services.translating import save_translation

from .conftest import login

#: Twenty words of machine output, and what a translator made of it.
MACHINE = " ".join(f"word{n}" for n in range(20))


def edited(changed: int) -> str:
    """The machine output with its first ``changed`` words replaced: 20 - changed of its
    20 words stay, in order."""
    words = MACHINE.split()
    return " ".join([f"mine{n}" for n in range(changed)] + words[changed:])


@pytest.fixture
def korean_article(ctx):
    made = import_article(
        "평양의 지방화\n\n평양에서는 1998년에 배급이 끊겼다.\n".encode(),
        "chiban.ko.txt",
        source_lang="ko",
        target_langs=["en"],
    )
    db.session.commit()
    return made


@pytest.fixture
def gated(korean_article, users):
    set_machine_gate(korean_article, users["editor"], True)
    db.session.commit()
    return korean_article


def st_of(made, lang, position=2):
    return get_segment_translation(made.segments[position - 1].id, lang)


def names(found) -> list[tuple[str, str]]:
    return [(f.check, f.severity) for f in found]


@pytest.mark.parametrize(
    ("changed", "held"),
    [(0, True), (2, True), (3, False), (20, False)],
    ids=["unchanged", "90%", "exactly 85%", "rewritten"],
)
def test_more_than_85_percent_of_the_words_unchanged_is_held(gated, changed, held):
    st = st_of(gated, "en")
    found = findings_for(st, edited(changed), machine=MACHINE, provider="DeepL")
    machine = [f for f in found if f.check == "machine"]
    if not held:
        assert machine == []
        return
    (finding,) = machine
    share = (20 - changed) * 5
    assert finding.severity == "error"
    assert finding.message == (
        f"{share}% of this version's words are unchanged machine translation (DeepL); "
        "this article asks for at most 85%: edit it, or override with a reason"
    )


def test_korean_is_measured_by_characters(article, users):
    set_machine_gate(article, users["editor"], True)
    st = get_segment_translation(article.segments[1].id, "ko")
    machine = "가나다라마바사아자차" * 2  # 20 characters
    # 17 of the 20 characters kept (spaces do not count): exactly 85%, not held.
    kept = "하하하" + machine[3:]
    assert [f for f in findings_for(st, kept, machine=machine) if f.check == "machine"] == []
    # 18 of 20, with a space added: 90%, held.
    more = "하하 " + machine[2:]
    (finding,) = [f for f in findings_for(st, more, machine=machine) if f.check == "machine"]
    assert finding.message.startswith("90% of this version's characters are unchanged")
    assert "(" not in finding.message.split(";")[0]


def test_no_hold_without_the_gate_or_without_machine_output(korean_article, users):
    st = st_of(korean_article, "en")
    assert "machine" not in {f.check for f in findings_for(st, MACHINE, machine=MACHINE)}
    set_machine_gate(korean_article, users["editor"], True)
    assert "machine" in {f.check for f in findings_for(st, MACHINE, machine=MACHINE)}
    assert "machine" not in {f.check for f in findings_for(st, MACHINE)}


def save(st, user, text, **origin):
    return save_translation(
        st, user, text=text, base_revision=st.revision, state="translated", **origin
    )


def test_an_unedited_machine_translation_waits_for_an_override(gated, users):
    st = st_of(gated, "en")
    save(st, users["translator"], MACHINE, origin="mt", origin_detail="DeepL", suggestion=MACHINE)
    db.session.commit()
    assert names(blocking_findings(st.current_version)) == [("machine", "error")]
    with pytest.raises(Conflict, match=r"100% of this version's words are unchanged machine"):
        approve_translation(st, users["editor"])
    dismiss_finding(st.current_version, "machine", "read against the source", users["editor"])
    approve_translation(st, users["editor"])
    db.session.commit()
    assert st.approved_version_id == st.current_version_id


def test_an_edited_machine_translation_is_approved(gated, users):
    st = st_of(gated, "en")
    save(st, users["translator"], edited(5), origin="mt", origin_detail="DeepL", suggestion=MACHINE)
    approve_translation(st, users["editor"])
    assert st.approved_version_id == st.current_version_id


def test_a_memory_match_is_never_held(gated, users):
    st = st_of(gated, "en")
    save(st, users["translator"], MACHINE, origin="memory", origin_detail="memory 100%",
         suggestion=MACHINE)  # fmt: skip
    assert "machine" not in {f.check for f in findings_for(st, MACHINE)}
    approve_translation(st, users["editor"])
    assert st.approved_version_id == st.current_version_id


def test_the_gate_turned_on_after_the_save_holds_at_approval(korean_article, users):
    st = st_of(korean_article, "en")
    save(st, users["translator"], MACHINE, origin="mt", origin_detail="DeepL", suggestion=MACHINE)
    assert st.current_version.checks in (None, []) or "machine" not in {
        item["check"] for item in st.current_version.checks
    }
    set_machine_gate(korean_article, users["editor"], True)
    with pytest.raises(Conflict, match="unchanged machine translation"):
        approve_translation(st, users["editor"])


def test_approve_all_that_pass_leaves_held_versions(gated, users):
    first, second = st_of(gated, "en", 1), st_of(gated, "en", 2)
    save(first, users["translator"], "The provincialization of Pyongyang")
    save(second, users["translator"], MACHINE, origin="mt", origin_detail="DeepL",
         suggestion=MACHINE)  # fmt: skip
    result = approve_all_translated(gated, "en", users["editor"], only_passing=True)
    assert (result.approved, result.held_by_checks) == (1, 1)
    assert second.approved_version_id is None


def test_editors_turn_the_gate_on_and_off(korean_article, users):
    with pytest.raises(PermissionDenied, match="only editors and admins"):
        set_machine_gate(korean_article, users["translator"], True)
    assert korean_article.mt_gate is False
    set_machine_gate(korean_article, users["editor"], True)
    set_machine_gate(korean_article, users["admin"], False)
    db.session.commit()
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "set_machine_gate").order_by(AuditEvent.id)
    ).all()
    assert [(e.target, e.detail) for e in events] == [
        (f"article:{korean_article.slug}", "on"),
        (f"article:{korean_article.slug}", "off"),
    ]


def test_the_review_queue_turns_the_gate_on(client, korean_article, users):
    slug = korean_article.slug
    token = login(client, "editor")
    page = client.get(f"/articles/{slug}/en/review").get_data(as_text=True)
    assert "Hold mostly unedited machine translation" in page
    answer = client.post(f"/articles/{slug}/en/machine-gate", data={"on": "1", "csrf_token": token})
    assert answer.status_code == 303
    page = client.get(f"/articles/{slug}/en/review").get_data(as_text=True)
    assert "more than 85% unchanged machine translation waits" in page
    assert "Stop holding machine translation" in page
    db.session.expire_all()
    assert korean_article.mt_gate is True
    client.post(f"/articles/{slug}/en/machine-gate", data={"on": "0", "csrf_token": token})
    db.session.expire_all()
    assert korean_article.mt_gate is False


def test_a_translator_cannot_turn_the_gate_on(client, korean_article, users):
    token = login(client, "translator")
    answer = client.post(
        f"/articles/{korean_article.slug}/en/machine-gate", data={"on": "1", "csrf_token": token}
    )
    assert answer.status_code == 403
    db.session.expire_all()
    assert korean_article.mt_gate is False


def test_the_history_says_where_a_version_came_from(client, korean_article, users):
    st = st_of(korean_article, "en")
    save(st, users["translator"], "typed by hand")
    save(st, users["translator"], edited(5), origin="mt", origin_detail="DeepL",
         suggestion=MACHINE)  # fmt: skip
    save(st, users["translator"], "word1 word2", origin="memory", origin_detail="memory 87%",
         suggestion="word1 word2 word3 word4")  # fmt: skip
    db.session.commit()
    login(client, "editor")
    panel = client.get(f"/segments/{st.segment_id}/en/history").get_data(as_text=True)
    assert "machine translation by DeepL, 75% unchanged" in panel
    assert "from the translation memory (memory 87%), 100% unchanged" in panel
    assert panel.count('class="origin"') == 2
