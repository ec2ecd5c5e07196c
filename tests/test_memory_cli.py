"""`translate-app memory import`, `memory lookup` and `memory rebuild`."""

import json
from datetime import UTC, datetime

from sqlalchemy import delete, func, select

from translate_app.domain.memory import score
from translate_app.domain.tmx import TmxUnit, write_tmx
from translate_app.extensions import db
from translate_app.models import MemoryEntry, MemoryPosting, MemoryTerm
from translate_app.services.articles import get_segment_translation
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

PAIRS = [
    ("The harvest failed in the northern provinces.", "북부 지방에서 수확이 실패했다."),
    ("Rice prices doubled at the markets of Sinuiju.", "신의주 시장에서 쌀값이 두 배가 되었다."),
]


def write_memory(path) -> None:
    units = [TmxUnit(s, t, "en", "ko") for s, t in PAIRS]
    extra = b'<tu><tuv xml:lang="en"><seg>Only English</seg></tuv></tu></body>'
    data = write_tmx(units, source_lang="en", created=datetime(2026, 11, 1, tzinfo=UTC))
    path.write_bytes(data.replace(b"</body>", extra))


def test_import_then_lookup_as_json(runner, tmp_path):
    path = tmp_path / "memory.tmx"
    write_memory(path)
    result = runner.invoke(
        args=["memory", "import", str(path), "--source-lang", "en", "--target-lang", "ko"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "imported 2 pairs into the en -> ko memory (and its reverse); skipped 1"
    assert lines[1].startswith("skipped: line ") and "tu has no tuv in ko" in lines[1]

    query = "Rice prices tripled at the markets of Sinuiju."
    args = ["memory", "lookup", query, "--source-lang", "en", "--target-lang", "ko", "--json"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert (found[0]["source"], found[0]["target"], found[0]["score"]) == (
        PAIRS[1][0],
        PAIRS[1][1],
        int(score(query, PAIRS[1][0])),
    )
    # The other pair, at its own score: best first, none under 50.
    assert [m["score"] for m in found[1:]] == [int(score(query, PAIRS[0][0]))]
    assert found[0]["score"] > found[1]["score"] >= 50
    assert found[0]["origin"] == "memory.tmx"

    back = ["memory", "lookup", PAIRS[0][1], "--source-lang", "ko", "--target-lang", "en"]
    result = runner.invoke(args=[*back, "--json"])
    assert [(m["target"], m["score"]) for m in json.loads(result.output)] == [(PAIRS[0][0], 100)]
    result = runner.invoke(args=back)
    assert result.output.splitlines() == [
        f"100%  {PAIRS[0][1]}",
        f"      {PAIRS[0][0]}",
        "      (memory.tmx)",
    ]

    again = runner.invoke(
        args=["memory", "import", str(path), "--source-lang", "en", "--target-lang", "ko"]
    )
    assert again.output.splitlines()[0] == (
        "imported 0 pairs into the en -> ko memory (and its reverse); skipped 3"
    )


def test_lookup_in_an_empty_memory_and_refusals(runner, tmp_path):
    args = ["memory", "lookup", "anything", "--source-lang", "en", "--target-lang", "ko"]
    result = runner.invoke(args=[*args, "--json"])
    assert result.exit_code == 0 and json.loads(result.output) == []
    assert runner.invoke(args=args).output == "no match of 50% or more\n"
    result = runner.invoke(args=[*args, "--limit", "51"])
    assert result.exit_code == 1
    assert "the limit is 51; it must be from 1 to 50" in result.output
    bad = tmp_path / "memory.csv"
    bad.write_text("a,b\n")
    result = runner.invoke(
        args=["memory", "import", str(bad), "--source-lang", "en", "--target-lang", "ko"]
    )
    assert result.exit_code == 1
    assert "memory.csv: unknown kind of file '.csv'" in result.output


def test_rebuild_puts_translations_approved_before_the_memory_back(runner, article, users):
    text = "최근 나는 평양 중앙 엘리트층의 한 인사와 이야기를 나누었다."
    st = get_segment_translation(article.segments[1].id, "ko")
    save_translation(st, users["translator"], text=text, base_revision=0, state="translated")
    approve_translation(st, users["editor"])
    draft = get_segment_translation(article.segments[2].id, "ko")
    save_translation(draft, users["translator"], text="초안", base_revision=0, state="draft")
    # As a database upgraded from before the memory: approved translations, no memory.
    for table in (MemoryEntry, MemoryPosting, MemoryTerm):
        db.session.execute(delete(table))
    db.session.commit()
    result = runner.invoke(args=["memory", "rebuild"])
    assert result.exit_code == 0, result.output
    assert result.output == "remembered 1 approved translations\n"
    db.session.expire_all()
    sources = db.session.scalars(
        select(MemoryEntry.source).where(MemoryEntry.level == "paragraph")
    ).all()
    assert sorted(sources) == sorted([article.segments[1].source, text])
    args = ["memory", "lookup", article.segments[1].source, "--source-lang", "en",
            "--target-lang", "ko", "--json"]  # fmt: skip
    found = json.loads(runner.invoke(args=args).output)
    assert [(f["target"], f["score"]) for f in found] == [(text, 100)]
    again = runner.invoke(args=["memory", "rebuild"])
    assert again.output == "remembered 1 approved translations\n"
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(MemoryEntry)) == len(sources)
