"""Source revisions: the plan that maps old segments onto a revised text, and what
revising an article does to its translations."""

import pytest
from sqlalchemy import func, select

from translate_app.domain.revisions import (
    MIN_LIKENESS,
    Change,
    NewBlock,
    OldSegment,
    RevisionSummary,
    plan_revision,
)
from translate_app.domain.states import State
from translate_app.extensions import db
from translate_app.models import (
    AuditEvent,
    Segment,
    SegmentTranslation,
    SourceRevision,
    TranslationVersion,
)
from translate_app.services.articles import get_segment_translation, live_segments
from translate_app.services.errors import InvalidInput, NothingChanged
from translate_app.services.reviewing import approve_translation
from translate_app.services.revising import preview_revision, revise_article, revisions_of
from translate_app.services.translating import save_translation

from .conftest import SEED, SLUG


def old(*texts: str) -> list[OldSegment]:
    return [OldSegment(f"k{n}", text) for n, text in enumerate(texts)]


def new(*texts: str) -> list[NewBlock]:
    return [NewBlock(text) for text in texts]


def changes(plan) -> list[tuple[str, str | None]]:
    return [(m.change.value, m.key) for m in plan.blocks]


A = "Pyongyang was once a city apart from the provinces of North Korea."
B = "The Public Distribution System fed the capital long after it failed elsewhere."
C = "Markets now feed most people, and officials look for income outside the state."
D = "Some think the succession will not change the way the country is run."


def test_identical_text_changes_nothing():
    plan = plan_revision(old(A, B, C), new(A, B, C))
    assert changes(plan) == [("unchanged", "k0"), ("unchanged", "k1"), ("unchanged", "k2")]
    assert plan.retired == []
    assert not plan.changed


def test_whitespace_alone_is_no_change():
    plan = plan_revision(old(A), new("  " + A.replace(" ", "  ") + " "))
    assert changes(plan) == [("unchanged", "k0")]


def test_an_edit_keeps_the_key_an_insert_is_new_a_deletion_is_retired():
    edited = B.replace("long after", "for years after")
    plan = plan_revision(old(A, B, C, D), new(A, edited, "A new paragraph entirely.", D))
    assert changes(plan) == [
        ("unchanged", "k0"),
        ("edited", "k1"),
        ("new", None),
        ("unchanged", "k3"),
    ]
    assert plan.retired == ["k2"]
    assert plan.changed
    assert [plan.count(c) for c in Change] == [2, 0, 1, 1, 1]


def test_swapped_paragraphs_keep_their_keys_and_one_of_them_moved():
    plan = plan_revision(old(A, B, C, D), new(A, C, B, D))
    assert [m.key for m in plan.blocks] == ["k0", "k2", "k1", "k3"]
    assert sorted(m.change.value for m in plan.blocks) == ["moved"] + ["unchanged"] * 3
    assert plan.retired == []


def test_a_paragraph_moved_to_the_end_is_the_one_that_moved():
    plan = plan_revision(old(A, B, C, D), new(B, C, D, A))
    assert changes(plan) == [
        ("unchanged", "k1"),
        ("unchanged", "k2"),
        ("unchanged", "k3"),
        ("moved", "k0"),
    ]


def test_repeated_paragraphs_pair_in_order():
    plan = plan_revision(old("*", A, "*", B), new("*", A, "*", C, B))
    assert changes(plan) == [
        ("unchanged", "k0"),
        ("unchanged", "k1"),
        ("unchanged", "k2"),
        ("new", None),
        ("unchanged", "k3"),
    ]


def test_an_edit_is_found_between_the_same_unmoved_neighbours_first():
    # Two edited paragraphs: each pairs with the old one in its own stretch, though
    # the other is about as alike.
    b2, c2 = B + " Indeed.", C + " Indeed."
    plan = plan_revision(old(A, B, D, C), new(A, b2, D, c2))
    assert changes(plan) == [
        ("unchanged", "k0"),
        ("edited", "k1"),
        ("unchanged", "k2"),
        ("edited", "k3"),
    ]


def test_an_edited_paragraph_whose_neighbours_swapped_keeps_its_key():
    edited = B.replace("long after", "for years after")
    plan = plan_revision(old(A, B, C, D), new(C, edited, A, D))
    assert changes(plan) == [
        ("moved", "k2"),
        ("edited", "k1"),
        ("unchanged", "k0"),
        ("unchanged", "k3"),
    ]
    assert plan.retired == []


def test_an_edited_paragraph_moved_far_is_still_found():
    edited = B.replace("long after", "for years after")
    plan = plan_revision(old(A, B, C, D), new(A, C, D, edited))
    assert changes(plan) == [
        ("unchanged", "k0"),
        ("unchanged", "k2"),
        ("unchanged", "k3"),
        ("edited", "k1"),
    ]
    assert plan.retired == []


def test_text_for_translation_never_pairs_with_text_that_is_not():
    plan = plan_revision(
        [OldSegment("k0", "* * *", translatable=False)], [NewBlock("* * *", translatable=True)]
    )
    assert changes(plan) == [("new", None)]
    assert plan.retired == ["k0"]


@pytest.mark.parametrize(
    ("old_text", "new_text", "change"),
    [
        # 4 trigrams each, 2 shared: 2*2/8 = 0.5, exactly the limit.
        ("abcdef", "abcdxy", "edited"),
        # 4 and 5 trigrams, 2 shared: 4/9, just under it.
        ("abcdef", "abcdxyz", "new"),
    ],
)
def test_likeness_at_the_limit_and_just_under_it(old_text, new_text, change):
    assert MIN_LIKENESS == 0.5
    plan = plan_revision(old(old_text), new(new_text))
    assert plan.blocks[0].change.value == change


def test_korean_edits_are_recognised_by_their_characters():
    before = "평양은 점차 지방처럼 변하고 있다고 그는 말했다."
    after = "평양이 점차 지방처럼 변해 가고 있다고 그는 말했다."
    plan = plan_revision(old(before), new(after))
    assert changes(plan) == [("edited", "k0")]


def test_a_large_rewrite_compares_nearby_paragraphs_only():
    before = [f"Paragraph {n} says something about market {n} in the city." for n in range(300)]
    after = [text.replace("says", "tells") for text in before]
    plan = plan_revision(old(*before), new(*after))
    assert [m.key for m in plan.blocks] == [f"k{n}" for n in range(300)]
    assert {m.change for m in plan.blocks} == {Change.EDITED}


def test_empty_versions():
    assert changes(plan_revision([], new(A))) == [("new", None)]
    assert plan_revision(old(A), []).retired == ["k0"]


def test_summary_survives_json():
    summary = RevisionSummary({"new": 1}, rule="markdown", notes=["converted from CP949"])
    assert RevisionSummary.from_json(summary.to_json()) == summary
    assert RevisionSummary.from_json("{}") == RevisionSummary({})


# Revising an article ----------------------------------------------------------------


def paragraphs(path=SEED) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n\n")


def write(tmp_path, blocks: list[str], name="provincialization-of-pyongyang.en.txt"):
    path = tmp_path / name
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return path


def translate(st, user, text, state="translated"):
    return save_translation(st, user, text=text, base_revision=st.revision, state=state)


def state_of(segment_key: str) -> State:
    segment = db.session.scalar(select(Segment).where(Segment.key == segment_key))
    return get_segment_translation(segment.id, "ko").state_enum


@pytest.fixture
def worked(article, users):
    """The seed article with paragraphs 1-5 translated and 1-3 of them approved."""
    segments = [s for s in live_segments(article) if s.kind == "paragraph"][:5]
    for n, segment in enumerate(segments):
        st = get_segment_translation(segment.id, "ko")
        translate(st, users["translator"], f"번역 {n + 1}")
        if n < 3:
            approve_translation(st, users["editor"], base_revision=st.revision)
    db.session.commit()
    return segments


def test_the_seed_article_is_revision_one(article):
    assert article.revision == 1
    (revision,) = revisions_of(article)
    assert revision.number == 1
    assert revision.load().rule == "blank lines"


def test_revising_keeps_every_translation_whose_source_did_not_change(
    article, users, worked, tmp_path
):
    blocks = paragraphs()
    p1, p2, p3, p4, p5 = (s.source for s in worked)
    assert blocks[1:6] == [p1, p2, p3, p4, p5]
    typed = {s.key: get_segment_translation(s.id, "ko").text for s in worked}
    revised = list(blocks)
    revised[1] = p1.replace("Recently, I had", "Not long ago, I had")  # approved: edited
    revised[2], revised[3] = p3, p2  # approved and approved, swapped
    revised.insert(5, "An editor's note inserted in the middle of the article.")
    del revised[8]  # an untranslated paragraph deleted
    path = write(tmp_path, revised)

    revision = revise_article(article, path.read_bytes(), path.name, user=users["editor"])
    db.session.commit()

    assert (revision.number, article.revision) == (2, 2)
    counts = revision.load().counts
    assert counts == {"unchanged": 10, "moved": 1, "edited": 1, "new": 1, "retired": 1}
    k1, k2, k3, k4, k5 = (s.key for s in worked)
    assert state_of(k1) is State.NEEDS_REVIEW
    assert (state_of(k2), state_of(k3)) == (State.APPROVED, State.APPROVED)
    assert (state_of(k4), state_of(k5)) == (State.TRANSLATED, State.TRANSLATED)
    # Nothing typed is lost: every text is still the current version.
    for key, text in typed.items():
        segment = db.session.scalar(select(Segment).where(Segment.key == key))
        assert get_segment_translation(segment.id, "ko").text == text
    edited = db.session.scalar(select(Segment).where(Segment.key == k1))
    assert edited.previous_source == p1
    assert edited.source.startswith("Not long ago, I had")
    assert edited.source_revision == 2
    live = live_segments(article)
    assert [s.source for s in live] == revised
    assert [s.position for s in live] == list(range(1, len(revised) + 1))
    assert [s.key for s in live][1:4] == [k1, k3, k2]
    retired = db.session.scalars(select(Segment).where(Segment.retired_revision.is_not(None))).all()
    assert [s.source for s in retired] == [blocks[7]]
    assert retired[0].position < 0
    assert (
        db.session.scalar(
            select(func.count()).where(SegmentTranslation.segment_id == retired[0].id)
        )
        == 0
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "revise_source"))
    assert (event.actor_name, event.target) == ("editor", f"article:{SLUG}")


def test_an_edited_segment_goes_back_to_review_and_a_save_clears_it(
    article, users, worked, tmp_path
):
    revised = paragraphs()
    revised[4] = revised[4] + " One more sentence."
    path = write(tmp_path, revised)
    revise_article(article, path.read_bytes(), path.name, author="root (command line)")
    st = get_segment_translation(worked[3].id, "ko")
    assert st.state_enum is State.NEEDS_REVIEW
    translate(st, users["translator"], "번역 4, 고침")
    assert st.state_enum is State.TRANSLATED


def test_untranslated_edited_segments_stay_untranslated(article, tmp_path):
    revised = paragraphs()
    revised[10] = revised[10].replace("The markets", "Markets")
    path = write(tmp_path, revised)
    revise_article(article, path.read_bytes(), path.name)
    segment = live_segments(article)[10]
    assert segment.previous_source is not None
    assert get_segment_translation(segment.id, "ko").state_enum is State.UNTRANSLATED


def test_a_second_edit_before_review_still_diffs_against_the_first_text(article, worked, tmp_path):
    original = worked[0].source
    revised = paragraphs()
    revised[1] = original + " Second."
    path = write(tmp_path, revised)
    revise_article(article, path.read_bytes(), path.name)
    revised[1] = original + " Second. Third."
    path = write(tmp_path, revised)
    revise_article(article, path.read_bytes(), path.name)
    assert worked[0].previous_source == original
    assert article.revision == 3


def test_a_revision_with_the_same_text_is_refused_and_changes_nothing(article, tmp_path):
    path = write(tmp_path, paragraphs())
    with pytest.raises(NothingChanged, match="same text as revision 1"):
        revise_article(article, path.read_bytes(), path.name)
    db.session.rollback()
    assert article.revision == 1
    assert db.session.scalar(select(func.count()).select_from(SourceRevision)) == 1


def test_a_bad_file_refuses_the_revision_whole(article, tmp_path):
    path = tmp_path / "new.txt"
    path.write_bytes(b"\x00\x01binary")
    with pytest.raises(InvalidInput, match=r"new\.txt looks like a binary file"):
        revise_article(article, path.read_bytes(), path.name)


def test_the_preview_changes_nothing(article, tmp_path):
    revised = paragraphs()[:-1]
    path = write(tmp_path, revised)
    preview = preview_revision(article, path.read_bytes(), path.name)
    assert preview.number == 2
    assert preview.plan.retired == [live_segments(article)[-1].key]
    assert preview.summary().changes[-1].change == "retired"
    db.session.commit()
    assert article.revision == 1
    assert len(live_segments(article)) == len(paragraphs())


def test_history_of_a_retired_paragraph_is_kept(article, users, worked, tmp_path):
    revised = paragraphs()
    del revised[1]
    path = write(tmp_path, revised)
    revise_article(article, path.read_bytes(), path.name)
    db.session.commit()
    versions = db.session.scalars(
        select(TranslationVersion.text).where(TranslationVersion.segment_id == worked[0].id)
    ).all()
    assert versions == ["번역 1"]


# The command line --------------------------------------------------------------------


def test_import_revise_from_the_command_line(runner, article, tmp_path):
    revised = paragraphs()
    revised[2] = revised[2] + " Added."
    path = write(tmp_path, revised)
    result = runner.invoke(args=["import", str(path), "--revise"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"revised {SLUG}: revision 2 (12 unchanged, 0 moved, 1 edited, 0 new, 0 retired)"
    )
    assert "read as plain text, a paragraph between blank lines" in result.output
    latest, _ = revisions_of(article)
    assert latest.author.endswith("(command line)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--slug", "no-such-article"], "no article with the slug 'no-such-article' to revise"),
        (["--source-lang", "ko"], "cannot change its language to ko"),
        (["--target-lang", "ja"], "keeps the article's target languages"),
        (["--user", "nobody"], "nobody"),
    ],
)
def test_import_revise_refusals(runner, article, tmp_path, args, message):
    revised = paragraphs()
    revised[2] = revised[2] + " Added."
    path = write(tmp_path, revised)
    result = runner.invoke(args=["import", str(path), "--revise", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert article.revision == 1


def test_an_existing_slug_is_still_refused_without_revise(runner, article, tmp_path):
    path = write(tmp_path, paragraphs())
    result = runner.invoke(args=["import", str(path), "--source-lang", "en", "--target-lang", "ko"])
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_import_without_languages_names_the_missing_option(runner, ctx, tmp_path):
    path = write(tmp_path, paragraphs())
    result = runner.invoke(args=["import", str(path), "--target-lang", "ko"])
    assert result.exit_code == 2
    assert "Missing option '--source-lang'" in result.output
