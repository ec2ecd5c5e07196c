"""Importing an article published in English and Korean: pairs by length, confirmed by
an editor, stored as approved translations."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from translate_app.domain.alignment import AlignedPair
from translate_app.domain.segmentation import Block, SegmentKind, join_blocks
from translate_app.domain.sources import read_source
from translate_app.domain.states import State
from translate_app.extensions import db
from translate_app.models import (
    Approval,
    Article,
    AuditEvent,
    Segment,
    SegmentTranslation,
    TranslationVersion,
)
from translate_app.services import aligning
from translate_app.services.errors import Conflict, InvalidInput, PermissionDenied
from translate_app.services.exchange_files import memory_units

from .conftest import SEED, SLUG

KOREAN = Path(__file__).resolve().parent / "data" / "provincialization-of-pyongyang.ko.txt"
#: The sample's 13 blocks less the "*" separator, which is not aligned.
PAIRS = 12
SEPARATOR = 6  # its index among the blocks


def counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Article, Segment, SegmentTranslation, TranslationVersion, Approval)
    )


def run_align(runner, *extra, source=SEED, target=KOREAN):
    languages = ["--source-lang", "en", "--target-lang", "ko"]
    return runner.invoke(args=["align", str(source), str(target), *languages, *extra])


def korean_blocks() -> list[str]:
    parsed = read_source(KOREAN.read_bytes(), KOREAN.name)
    return [block.text for block in parsed.blocks if block.translatable]


def sample() -> aligning.Alignment:
    return aligning.align_files(
        SEED.read_bytes(),
        SEED.name,
        KOREAN.read_bytes(),
        KOREAN.name,
        source_lang="en",
        target_lang="ko",
    )


# The command line


def test_apply_stores_every_paragraph_with_its_korean_translation_approved(ctx, users, runner):
    result = run_align(runner, "--apply", "--user", "editor")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        f"imported {SLUG}: 13 segments, en -> ko; {PAIRS} aligned translations approved by editor"
    )
    article = db.session.scalar(select(Article).where(Article.slug == SLUG))
    assert article.target_langs == ["ko"]
    segments = article.segments
    assert [s.position for s in segments] == list(range(1, 14))
    separator = segments[SEPARATOR]
    assert (separator.kind, separator.source, separator.translatable) == ("separator", "*", False)
    translated = [s for s in segments if s.translatable]
    rows = {
        st.segment_id: st
        for st in db.session.scalars(
            select(SegmentTranslation).where(SegmentTranslation.lang == "ko")
        )
    }
    assert len(rows) == PAIRS  # none for the separator
    texts = []
    for segment in translated:
        st = rows[segment.id]
        assert st.state == int(State.APPROVED)
        assert st.approved_version_id == st.current_version_id is not None
        assert st.current_version.author.name == "editor"
        texts.append(st.current_version.text)
    assert texts == korean_blocks()
    assert translated[-2].source == "Jang Jin-sung, Editor-in-chief"
    assert rows[translated[-2].id].current_version.text == "장진성, 편집장"
    assert rows[translated[-1].id].current_version.text.startswith("이 기사가 마음에 드셨나요?")

    notes = db.session.scalars(select(Approval.note)).all()
    assert len(notes) == PAIRS
    assert all(note.startswith("aligned import, confidence 0.") for note in notes)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import_aligned"))
    assert event.actor_name == "editor" and event.target == f"article:{SLUG}"

    units = memory_units("en", "ko")
    assert len(units) == PAIRS
    assert [u.target for u in units] == korean_blocks()
    assert [u.source for u in units] == [s.source for s in translated]


def test_without_apply_nothing_is_stored_and_the_pairs_are_listed(ctx, users, runner):
    before = counts()
    result = run_align(runner)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == PAIRS + 1
    assert lines[0].startswith("  1  1-1  0.97  The provincialization of Pyongyang is u… | 평양의")
    for number, line in enumerate(lines[:-1], start=1):
        assert line.split()[:2] == [str(number), "1-1"]
        assert " | " in line
    assert lines[-1] == f"{PAIRS} pairs: {PAIRS} 1-1; lowest confidence 0.02 (pair {PAIRS})"
    assert counts() == before


def test_json_lists_the_pairs_with_their_texts(ctx, runner):
    result = run_align(runner, "--json")
    assert result.exit_code == 0, result.output
    pairs = json.loads(result.output)
    assert len(pairs) == PAIRS
    assert pairs[0]["source"] == [0] and pairs[0]["target"] == [0]
    assert set(pairs[0]) == {"source", "target", "confidence", "source_text", "target_text"}
    assert pairs[-2]["source_text"] == "Jang Jin-sung, Editor-in-chief"
    assert pairs[-2]["target_text"] == "장진성, 편집장"
    assert all(0 <= pair["confidence"] <= 1 for pair in pairs)
    assert counts() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--apply"], "--apply needs --user"),
        (["--user", "editor"], "--user goes with --apply"),
        (["--apply", "--user", "translator"], "only editors and admins"),
        (["--apply", "--user", "nobody"], "nobody"),
        (["--apply", "--user", "editor", "--slug", "Bad Slug"], "invalid slug"),
    ],
)
def test_refusals_change_nothing(ctx, users, runner, extra, message):
    result = run_align(runner, *extra)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert counts() == (0, 0, 0, 0, 0)


def test_an_existing_slug_is_refused(ctx, users, runner, article):
    before = counts()
    result = run_align(runner, "--apply", "--user", "editor")
    assert result.exit_code == 1
    assert f"an article with the slug '{SLUG}' already exists" in result.output
    assert counts() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
        (b"", "is empty"),
        ("Title\n\nCafé crème".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_import_s_message(
    ctx, users, runner, tmp_path, content, message
):
    bad = tmp_path / "translation.ko.txt"
    bad.write_bytes(content)
    result = run_align(runner, "--apply", "--user", "editor", target=bad)
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert counts() == (0, 0, 0, 0, 0)


# The service


def test_confidences_come_from_the_aligner_and_edited_pairs_are_the_editor_s(ctx):
    found = sample()
    sent = aligning.beads_json(aligning.edit_pairs(found.pairs, "merge", 2))
    pairs = aligning.parse_beads(found, sent)
    assert pairs[2] == AlignedPair((2, 3), (2, 3), 1.0)
    assert pairs[0] == found.pairs[0] and pairs[4] == found.pairs[5]


def test_several_paragraphs_in_one_pair_make_one_segment_and_target_only_pairs_drop(ctx, users):
    found = sample()
    pairs = aligning.edit_pairs(found.pairs, "merge", 2)  # 3 and 4 together
    pairs = aligning.edit_pairs(pairs, "source_down", 5)  # pair 6: 0-1, then pair 7: 2-1
    assert (pairs[5].source, pairs[5].target) == ((), (6,))
    done = aligning.import_aligned(found, pairs, slug="merged", user=users["editor"])
    db.session.commit()
    assert (done.approved, done.dropped) == (10, 1)
    segments = done.article.segments
    assert len(segments) == 11  # 12 paragraphs in 10 pairs with a source, the separator
    assert segments[2].source == f"{found.source[2].text} {found.source[3].text}"
    st = db.session.scalar(
        select(SegmentTranslation).where(SegmentTranslation.segment_id == segments[2].id)
    )
    assert st.current_version.text == f"{korean_blocks()[2]} {korean_blocks()[3]}"
    # The separator keeps its place among the blocks (after the source's 6th paragraph).
    assert [s.kind for s in segments].index("separator") == 5


def test_refusals_of_the_service(ctx, users, article):
    found = sample()
    with pytest.raises(Conflict, match="already exists"):
        aligning.import_aligned(found, found.pairs, slug=SLUG, user=users["editor"])
    with pytest.raises(PermissionDenied):
        aligning.import_aligned(found, found.pairs, slug="other", user=users["translator"])
    with pytest.raises(InvalidInput, match="source paragraph 12 is in no pair"):
        aligning.import_aligned(found, found.pairs[:-1], slug="other", user=users["editor"])


def test_joined_blocks_keep_their_tags_apart():
    first = Block(
        SegmentKind.PARAGRAPH, "a <1>b</1><2/>", {"1": {"type": "b"}, "2": {"type": "br"}}
    )
    second = Block(SegmentKind.HEADING, "<1>c</1>", {"1": {"type": "i"}}, {"level": 2})
    joined = join_blocks([first, second])
    assert joined.kind == SegmentKind.PARAGRAPH
    assert joined.text == "a <1>b</1><2/> <3>c</3>"
    assert joined.tags == {"1": {"type": "b"}, "2": {"type": "br"}, "3": {"type": "i"}}
    assert join_blocks([second]) is second
