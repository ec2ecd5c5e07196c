"""The translation memory on the database: approvals and files in, fuzzy matches, the
reverse direction, concordance, corrections, and an index that stays exact."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from translate_app.domain.diff import Change
from translate_app.domain.memory import MAX_LIMIT, MAX_PHRASE_CHARS, score, terms, text_key
from translate_app.domain.sentences import split_sentences
from translate_app.domain.tmx import TmxUnit, write_tmx
from translate_app.extensions import db
from translate_app.models import AuditEvent, MemoryEntry, MemoryPosting, MemoryTerm
from translate_app.services import memory
from translate_app.services.articles import get_segment_translation
from translate_app.services.errors import InvalidInput, NotFound, PermissionDenied
from translate_app.services.importing import import_article
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

PARAGRAPHS = range(1, 6)  # the five paragraphs after the title of the sample article


def korean(n: int, source: str, *, one_sentence: bool = False) -> str:
    """A Korean text with as many sentences as ``source`` (one, if asked), its own words."""
    count = 1 if one_sentence else len(split_sentences(source, "en"))
    return " ".join(
        f"평양 {n}문단의 {i}번째 문장은 시장{n}에 관한 이야기입니다." for i in range(count)
    )


def approve(st, users, text: str) -> None:
    save_translation(
        st, users["translator"], text=text, base_revision=st.revision, state="translated"
    )
    approve_translation(st, users["editor"])
    memory.remember_approval(st)


@pytest.fixture
def remembered(article, users):
    """Paragraphs 1-5 approved and remembered; the fifth without matching sentences."""
    sts = {}
    for n in PARAGRAPHS:
        st = get_segment_translation(article.segments[n].id, "ko")
        approve(st, users, korean(n, st.segment.source, one_sentence=n == 5))
        sts[n] = st
    db.session.commit()
    return sts


def edit_words(text: str, swaps: dict[str, str]) -> str:
    for old, new in swaps.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


def check_index_exact() -> None:
    """Postings are the terms of each entry's text, and each df their count."""
    expected = {
        (t, e.id)
        for e in db.session.scalars(select(MemoryEntry))
        for t in terms(e.source, e.source_lang, e.target_lang)
    }
    postings = set(db.session.execute(select(MemoryPosting.term, MemoryPosting.entry_id)).all())
    assert postings == expected
    recount = dict(
        db.session.execute(
            select(MemoryPosting.term, func.count()).group_by(MemoryPosting.term)
        ).all()
    )
    assert dict(db.session.execute(select(MemoryTerm.term, MemoryTerm.df)).all()) == recount


def test_approved_paragraphs_and_their_sentences_enter_both_directions(remembered):
    sentences = sum(
        len(split_sentences(remembered[n].segment.source, "en")) for n in PARAGRAPHS if n != 5
    )
    assert sentences > 4
    assert memory.memory_size("en", "ko") == 5 + sentences
    assert memory.memory_size("ko", "en") == 5 + sentences
    first = remembered[1]
    entry = db.session.scalars(
        select(MemoryEntry).where(
            MemoryEntry.segment_id == first.segment_id,
            MemoryEntry.source_lang == "en",
            MemoryEntry.level == "paragraph",
        )
    ).one()
    assert (entry.source, entry.target) == (first.segment.source, first.approved_version.text)
    assert entry.origin == first.segment.article.title
    assert entry.translator == "translator"
    assert entry.article_id == first.segment.article_id
    assert entry.source_key == text_key(first.segment.source)
    # The paragraph before the first is the title.
    assert entry.context_key == text_key(first.segment.article.segments[0].source)
    fifth = db.session.scalars(
        select(MemoryEntry).where(MemoryEntry.segment_id == remembered[5].segment_id)
    ).all()
    assert sorted(e.level for e in fifth) == ["paragraph", "paragraph"]
    check_index_exact()


def test_edited_paragraphs_of_another_article_find_their_originals(remembered):
    second, fourth = remembered[2].segment.source, remembered[4].segment.source
    edited_second = edit_words(second, {"elaborate": "explain", "increasingly": "rapidly"})
    edited_fourth = edit_words(fourth, {"quickly": "slowly", "military": "army"})
    new = "A paragraph about the weather in Busan, written for this article alone."
    text = f"Another article\n\n{edited_second}\n\n{new}\n\n{edited_fourth}\n"
    other = import_article(text.encode(), "other.txt", source_lang="en", target_langs=["ko"])
    db.session.commit()
    assert [s.source for s in other.segments[1:]] == [edited_second, new, edited_fourth]

    for edited, n, old, added in [
        (edited_second, 2, "elaborate", "explain"),
        (edited_fourth, 4, "quickly", "slowly"),
    ]:
        top = memory.lookup(edited, "en", "ko")[0]
        expected = score(edited, remembered[n].segment.source)
        assert 50 < expected < 100
        assert (top.source, top.target) == (
            remembered[n].segment.source,
            remembered[n].approved_version.text,
        )
        assert top.score == int(expected) and top.level == "paragraph"
        assert top.origin == remembered[n].segment.article.title
        assert top.translator == "translator" and not top.in_context
        assert Change("delete", old) in top.changes
        assert Change("insert", added) in top.changes
    assert memory.lookup(new, "en", "ko") == []


def test_the_reverse_direction_finds_the_english(remembered):
    target = remembered[3].approved_version.text
    edited = target.replace("시장3에", "시장에", 1)
    found = memory.lookup(edited, "ko", "en")
    assert found[0].source == target
    assert found[0].target == remembered[3].segment.source
    assert 50 < found[0].score < 100
    # Korean differences are marked by characters: the one dropped digit.
    assert Change("delete", "3") in found[0].changes
    # One direction's terms never find the other's entries.
    assert memory.lookup(target, "en", "ko") == []


def test_exact_matches_in_context_come_first(remembered):
    source = remembered[2].segment.source
    before = remembered[1].segment.source
    found = memory.lookup(source, "en", "ko", context=before)
    assert (found[0].score, found[0].in_context) == (100, True)
    plain = memory.lookup(source, "en", "ko", context="Some other paragraph.")
    assert (plain[0].score, plain[0].in_context) == (100, False)
    # The same text from another article, newer but out of context, comes second.
    memory.add_pairs([memory.PairIn("en", "ko", source, "다른 번역", origin="elsewhere")])
    found = memory.lookup(source, "en", "ko", context=before)
    assert [(m.target, m.in_context) for m in found[:2]] == [
        (remembered[2].approved_version.text, True),
        ("다른 번역", False),
    ]
    assert memory.lookup(source, "en", "ko")[0].target == "다른 번역"  # newest first


def test_reapproval_replaces_the_segments_entries(remembered, users):
    st = remembered[1]
    size = memory.memory_size("en", "ko"), memory.memory_size("ko", "en")
    old_text = st.approved_version.text
    new_text = old_text.replace("이야기입니다", "글입니다")
    approve(st, users, new_text)
    assert (memory.memory_size("en", "ko"), memory.memory_size("ko", "en")) == size
    found = memory.lookup(st.segment.source, "en", "ko")
    assert [(m.score, m.target) for m in found if m.score == 100] == [(100, new_text)]
    assert all(m.source != old_text for m in memory.lookup(old_text, "ko", "en"))
    check_index_exact()


def test_segments_not_for_translation_are_not_remembered(remembered):
    st = remembered[2]
    st.segment.translatable = False
    memory.remember_approval(st)
    assert not db.session.scalars(
        select(MemoryEntry).where(MemoryEntry.segment_id == st.segment_id)
    ).all()
    check_index_exact()


def test_lookup_limits_and_texts_without_words(remembered):
    source = remembered[1].segment.source
    assert len(memory.lookup(source, "en", "ko", limit=1)) == 1
    assert memory.lookup(source, "en", "ko", limit=MAX_LIMIT)
    for limit in (0, MAX_LIMIT + 1):
        with pytest.raises(InvalidInput, match=f"the limit is {limit}; it must be from 1 to 50"):
            memory.lookup(source, "en", "ko", limit=limit)
    with pytest.raises(InvalidInput, match="the text is empty"):
        memory.lookup("  ", "en", "ko")
    # No word to index: the exact match still comes, by its digest.
    memory.add_pairs([memory.PairIn("en", "ko", "— … —", "— … —")])
    assert [m.score for m in memory.lookup("— …  —", "en", "ko")] == [100]


# Files.


def tmx(units: list[tuple[str, str]], extra: str = "") -> bytes:
    when = datetime(2026, 11, 1, tzinfo=UTC)
    data = write_tmx(
        [TmxUnit(s, t, "en", "ko", author="mina") for s, t in units],
        source_lang="en",
        created=when,
    )
    return data.replace(b"</body>", extra.encode() + b"</body>")


PAIRS = [
    ("The harvest failed in the northern provinces.", "북부 지방에서 수확이 실패했다."),
    ("Rice prices doubled at the markets of Sinuiju.", "신의주 시장에서 쌀값이 두 배가 되었다."),
]


def test_a_tmx_fills_both_directions_and_a_second_import_skips_its_pairs(ctx):
    missing = '<tu><tuv xml:lang="en"><seg>Only English</seg></tuv></tu>'
    result = memory.import_file(tmx(PAIRS, missing), "old/memory.tmx", "en", "ko")
    assert (result.imported, result.skipped) == (2, 1)
    assert len(result.problems) == 1 and "tu has no tuv in ko" in result.problems[0]
    assert memory.memory_size("en", "ko") == memory.memory_size("ko", "en") == 2
    found = memory.lookup("Rice prices tripled at the markets of Sinuiju.", "en", "ko")
    assert (found[0].target, found[0].origin, found[0].translator) == (
        PAIRS[1][1],
        "memory.tmx",
        "mina",
    )
    back = memory.lookup("북부 지방에서 수확이 실패했다", "ko", "en")
    assert back[0].target == PAIRS[0][0]
    again = memory.import_file(tmx([*PAIRS, ("New one.", "새것.")]), "m.tmx", "en", "ko")
    assert (again.imported, again.skipped, again.problems) == (1, 2, [])
    assert memory.memory_size("en", "ko") == 3
    check_index_exact()


PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: ko\\n"

msgid "The harvest failed in the northern provinces."
msgstr "북부 지방에서 수확이 실패했다."

#, fuzzy
msgid "A guess."
msgstr "추측."

msgid "Not yet."
msgstr ""

msgctxt "again"
msgid "The harvest failed in the northern provinces."
msgstr "북부 지방에서 수확이 실패했다."

#~ msgid "Gone."
#~ msgstr "사라짐."
"""


def test_a_po_brings_its_translated_entries(ctx):
    result = memory.import_file(PO.encode(), "work.ko.po", "en", "ko")
    assert result.imported == 1
    assert result.skipped == 3  # fuzzy, untranslated, and the same pair twice
    assert [p.split(": ", 1)[1] for p in result.problems] == ["fuzzy entry", "untranslated entry"]
    assert memory.lookup("The harvest failed in the northern provinces", "en", "ko")[0].score > 90
    assert memory.memory_size("ko", "en") == 1


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a" source-language="en" target-language="ko" datatype="plaintext"><body>
<trans-unit id="1"><source>Rice prices doubled.</source>
  <target state="translated">쌀값이 두 배가 되었다.</target></trans-unit>
<trans-unit id="2"><source>Still a draft.</source><target state="new">초안.</target></trans-unit>
<trans-unit id="3"><source>Nothing yet.</source></trans-unit>
</body></file></xliff>
"""


def test_an_xliff_brings_its_translated_units(ctx):
    result = memory.import_file(XLIFF.encode(), "work.xlf", "en", "ko")
    assert (result.imported, result.skipped) == (1, 2)
    assert [p.split(": ", 1)[1] for p in result.problems] == ["draft unit", "untranslated unit"]
    assert memory.lookup("쌀값이 두 배가 되었다.", "ko", "en")[0].target == "Rice prices doubled."
    with pytest.raises(InvalidInput, match="target language is ko, not ja; nothing was imported"):
        memory.import_file(XLIFF.encode(), "work.xliff", "en", "ja")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"anything", "memory.csv", "memory.csv: unknown kind of file '.csv': use a .tmx"),
        (b"anything", "memory", r"memory: unknown kind of file '\(no extension\)'"),
        (b"<tmx version='1.4'><body/></tmx>", "bad.tmx", "bad.tmx: .*not a valid TMX 1.4"),
        (b'msgid "a"\nmsgstr "\xb0\xa1"\n', "euc.po", "euc.po: line 2: the file is not UTF-8"),
        (b'msgid "a\nmsgstr "b"\n', "broken.po", "broken.po: line 1"),
        (b"<html/>", "page.xlf", "page.xlf: .*not an XLIFF 1.2 or 2.0 file"),
    ],
)
def test_bad_files_are_refused_whole(ctx, data, name, message):
    with pytest.raises(InvalidInput, match=message + ".*nothing was imported"):
        memory.import_file(data, name, "en", "ko")
    assert memory.memory_size("en", "ko") == 0
    assert db.session.scalar(select(func.count()).select_from(MemoryTerm)) == 0


def test_files_count_against_the_import_limit(app, ctx):
    data = tmx(PAIRS)
    app.config["MAX_IMPORT_BYTES"] = len(data) - 1
    with pytest.raises(InvalidInput, match="MAX_IMPORT_BYTES"):
        memory.import_file(data, "memory.tmx", "en", "ko")
    assert memory.memory_size("en", "ko") == 0
    app.config["MAX_IMPORT_BYTES"] = len(data)
    assert memory.import_file(data, "memory.tmx", "en", "ko").imported == 2


def test_only_editors_and_admins_fill_the_memory_from_files(users):
    with pytest.raises(PermissionDenied, match="only editors and admins"):
        memory.import_file(tmx(PAIRS), "m.tmx", "en", "ko", user=users["translator"])
    assert memory.import_file(tmx(PAIRS), "m.tmx", "en", "ko", user=users["editor"]).imported == 2


# Concordance.


def test_concordance_finds_a_phrase_in_either_language(remembered):
    found = memory.concordance("BLACK MARKET", "en", "ko")
    assert all((e.source_lang, e.target_lang) == ("en", "ko") for e in found)
    # Whole words: "black markets" holds the phrase's letters, not its words.
    holding = {
        e.id
        for e in db.session.scalars(select(MemoryEntry).where(MemoryEntry.source_lang == "en"))
        if re.search(r"\bblack market\b", e.source.lower())
    }
    plural = [e for e in found if "black markets" in e.source.lower()]
    assert holding and {e.id for e in found} == holding
    assert plural == [] or all(re.search(r"\bblack market\b", e.source.lower()) for e in plural)
    # A Korean word is found with its particles: 평양 in 평양의.
    assert {e.segment_id for e in memory.concordance("평양", "en", "ko")} == {
        st.segment_id for st in remembered.values()
    }
    # A Korean phrase is looked for in the targets: 시장4 is only in paragraph 4's.
    korean_found = memory.concordance("시장4에", "en", "ko")
    assert korean_found
    assert {e.segment_id for e in korean_found} == {remembered[4].segment_id}
    assert all("시장4에" in e.target for e in korean_found)
    assert memory.concordance("zebra crossing", "en", "ko") == []
    assert len(memory.concordance("Pyongyang", "en", "ko", limit=2)) == 2


def test_concordance_refuses_empty_and_long_phrases(ctx):
    assert memory.concordance("x" * MAX_PHRASE_CHARS, "en", "ko") == []
    with pytest.raises(InvalidInput, match="201 characters; at most 200"):
        memory.concordance("x" * (MAX_PHRASE_CHARS + 1), "en", "ko")
    with pytest.raises(InvalidInput, match="the phrase is empty"):
        memory.concordance(" ", "en", "ko")


# Corrections.


def entry_of(source: str, lang: str = "en") -> MemoryEntry:
    return db.session.scalars(
        select(MemoryEntry).where(MemoryEntry.source == source, MemoryEntry.source_lang == lang)
    ).one()


def test_an_edited_entry_is_found_by_its_new_words_with_its_reverse(ctx, users):
    memory.import_file(tmx(PAIRS), "m.tmx", "en", "ko")
    entry = entry_of(PAIRS[0][0])
    new_source = "The wheat harvest collapsed in the eastern counties."
    memory.update_entry(entry.id, users["editor"], source=new_source, target="동부 밀 수확 붕괴.")
    db.session.commit()
    assert memory.lookup(new_source, "en", "ko")[0].target == "동부 밀 수확 붕괴."
    assert all(m.source != PAIRS[0][0] for m in memory.lookup(PAIRS[0][0], "en", "ko"))
    assert memory.lookup("동부 밀 수확 붕괴.", "ko", "en")[0].target == new_source
    assert all(m.source != PAIRS[0][1] for m in memory.lookup(PAIRS[0][1], "ko", "en"))
    assert memory.concordance("wheat", "en", "ko")[0].id == entry.id
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "edit_memory")).one()
    assert (event.actor_name, event.target) == ("editor", f"memory:{entry.id}")
    check_index_exact()


def test_a_deleted_entry_is_no_longer_found_in_either_direction(ctx, users):
    memory.import_file(tmx(PAIRS), "m.tmx", "en", "ko")
    entry_id = entry_of(PAIRS[1][0]).id
    memory.delete_entry(entry_id, users["admin"])
    db.session.commit()
    assert memory.lookup(PAIRS[1][0], "en", "ko") == []
    assert memory.lookup(PAIRS[1][1], "ko", "en") == []
    assert memory.memory_size("en", "ko") == memory.memory_size("ko", "en") == 1
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "delete_memory")).one()
    assert event.target == f"memory:{entry_id}"
    check_index_exact()


def test_corrections_need_an_editor_an_entry_and_two_texts(ctx, users):
    memory.import_file(tmx(PAIRS), "m.tmx", "en", "ko")
    entry = entry_of(PAIRS[0][0])
    with pytest.raises(PermissionDenied, match="only editors and admins"):
        memory.update_entry(entry.id, users["translator"], source="a", target="b")
    with pytest.raises(PermissionDenied, match="only editors and admins"):
        memory.delete_entry(entry.id, users["translator"])
    with pytest.raises(NotFound, match="no translation memory entry 999999"):
        memory.delete_entry(999999, users["editor"])
    with pytest.raises(InvalidInput, match="needs both a source and a target"):
        memory.update_entry(entry.id, users["editor"], source="a", target=" ")
    assert entry_of(PAIRS[0][0]).target == PAIRS[0][1]
    assert memory.memory_size("en", "ko") == 2
    check_index_exact()
