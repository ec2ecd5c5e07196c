"""Importing an article published in English and Korean: pairs by length, confirmed by
an editor, stored as approved translations."""

import json
import re
from html import unescape
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
from translate_app.services import aligning, held_uploads
from translate_app.services.errors import Conflict, InvalidInput, PermissionDenied
from translate_app.services.exchange_files import memory_units

from .conftest import SEED, SLUG, login
from .test_jobs import post_form

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


# Holding both uploads


def test_peek_reads_a_held_upload_and_leaves_it_held(ctx, users):
    token = held_uploads.hold(users["editor"], b"Title\n\nBody", "notes.txt")
    assert held_uploads.peek(users["editor"], token) == ("notes.txt", b"Title\n\nBody")
    db.session.commit()
    assert held_uploads.peek(users["editor"], token) == ("notes.txt", b"Title\n\nBody")
    with pytest.raises(InvalidInput, match="belongs to someone else"):
        held_uploads.peek(users["admin"], token)
    with pytest.raises(InvalidInput, match="not valid"):
        held_uploads.peek(users["editor"], token + "x")
    held_uploads.take(users["editor"], token)
    db.session.commit()
    with pytest.raises(InvalidInput, match="already confirmed"):
        held_uploads.peek(users["editor"], token)


# The browser

FIELD = re.compile(
    r'name="(beads|source_upload|target_upload|slug|source_lang|target_lang)" value="([^"]*)"'
)


def upload(client, token, target: bytes | None = None, **fields):
    form = {
        "csrf_token": token,
        "source_lang": "en",
        "target_lang": "ko",
        "slug": "",
        "source_file": (SEED.read_bytes(), SEED.name),
        "target_file": (KOREAN.read_bytes() if target is None else target, KOREAN.name),
        **fields,
    }
    return post_form(client, "/import/aligned", form)


def fields_of(response) -> dict:
    html = response.get_data(as_text=True)
    return {name: unescape(value) for name, value in FIELD.findall(html)}


def rows(response) -> int:
    return response.get_data(as_text=True).count('<tr id="pair-')


def edit(client, token, page, operation: str):
    return client.post(
        "/import/aligned/edit", data={**fields_of(page), "csrf_token": token, "edit": operation}
    )


def test_the_browser_flow_as_an_editor(ctx, client, users):
    token = login(client, "editor")
    assert "Import both files" in client.get("/import").get_data(as_text=True)
    form = client.get("/import/aligned").get_data(as_text=True)
    assert 'name="source_file"' in form and 'name="target_file"' in form

    page = upload(client, token)
    assert page.status_code == 200, page.get_data(as_text=True)
    html = page.get_data(as_text=True)
    assert rows(page) == PAIRS
    assert "97%" in html and "(high)" in html
    assert "2 pairs below 10% — check them" in html
    assert '<td lang="en">' in html and '<td lang="ko">' in html
    assert fields_of(page)["slug"] == SLUG
    assert counts() == (0, 0, 0, 0, 0)

    merged = edit(client, token, page, "merge 2")
    assert rows(merged) == PAIRS - 1
    assert json.loads(fields_of(merged)["beads"])[2] == [[2, 3], [2, 3]]
    split = edit(client, token, merged, "split 2")
    assert json.loads(fields_of(split)["beads"]) == json.loads(fields_of(page)["beads"])
    down = edit(client, token, split, "target_down 4")
    assert json.loads(fields_of(down)["beads"])[4:6] == [[[4], []], [[5], [4, 5]]]
    up = edit(client, token, down, "target_up 4")
    assert json.loads(fields_of(up)["beads"]) == json.loads(fields_of(page)["beads"])
    refused = edit(client, token, up, "split 0")
    assert refused.status_code == 400
    assert "nothing to split" in refused.get_data(as_text=True)
    assert rows(refused) == PAIRS

    done = client.post("/import/aligned/confirm", data={**fields_of(up), "csrf_token": token})
    assert done.status_code == 303
    assert done.headers["Location"].endswith(f"/articles/{SLUG}/ko/")
    assert f"Imported {SLUG}: {PAIRS} translations approved." in client.get(
        done.headers["Location"]
    ).get_data(as_text=True)
    states = db.session.scalars(select(SegmentTranslation.state)).all()
    assert states == [int(State.APPROVED)] * PAIRS
    again = client.post("/import/aligned/confirm", data={**fields_of(up), "csrf_token": token})
    assert again.status_code == 400  # the held files went with the import


def test_translators_get_403(ctx, client, users):
    token = login(client, "translator")
    assert client.get("/import/aligned").status_code == 403
    assert upload(client, token).status_code == 403
    assert counts() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("beads", "message"),
    [
        ("[[[0,1],[0]],[[1],[1]]]", "source paragraph 2 is in pair 2 and in an earlier pair"),
        ("[[[0],[0]],[[2],[1]]]", "source paragraph 2 is in no pair"),
        ("[[[0],[0]],[[99],[1]]]", "names source paragraph 100, but there are 12"),
        ("not json", "not valid JSON"),
        ('{"source": [0]}', "not a list of [source, target] paragraph lists"),
    ],
)
def test_tampered_pairs_are_refused(ctx, client, users, beads, message):
    token = login(client, "editor")
    fields = {**fields_of(upload(client, token)), "beads": beads, "csrf_token": token}
    for path in ("/import/aligned/confirm", "/import/aligned/edit"):
        response = client.post(path, data={**fields, "edit": "merge 0"})
        assert response.status_code == 400
        assert message in unescape(response.get_data(as_text=True))
    assert counts() == (0, 0, 0, 0, 0)


def test_another_user_s_held_files_are_refused(ctx, client, users, app):
    token = login(client, "editor")
    fields = fields_of(upload(client, token))
    other = app.test_client()
    other_token = login(other, "admin")
    response = other.post("/import/aligned/confirm", data={**fields, "csrf_token": other_token})
    assert response.status_code == 400
    assert "belongs to someone else" in response.get_data(as_text=True)
    assert counts() == (0, 0, 0, 0, 0)


def test_the_form_refuses_a_binary_translation_and_a_taken_slug(ctx, client, users, article):
    token = login(client, "editor")
    binary = upload(client, token, target=b"\x7fELF\x02\x01\x01\x00\x00\x00", slug="other")
    assert binary.status_code == 400
    assert "binary" in binary.get_data(as_text=True)
    taken = upload(client, token)
    assert taken.status_code == 409
    assert f"an article with the slug &#39;{SLUG}&#39; already exists" in taken.get_data(
        as_text=True
    )
    assert rows(taken) == 0
