"""The glossary services: editing terms, importing and exporting files, the demo's seed."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from translate_app.domain.glossary import Term, read_csv, read_tbx
from translate_app.extensions import db
from translate_app.models import AuditEvent, GlossaryTerm
from translate_app.services import audit
from translate_app.services.demo import seed_demo
from translate_app.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from translate_app.services.glossary import (
    SEED_FILE,
    add_term,
    delete_term,
    export_glossary,
    import_glossary,
    list_terms,
    seed_glossary,
    terms_for,
    update_term,
)

from .conftest import ROOT


def count() -> int:
    return db.session.scalar(select(func.count(GlossaryTerm.id)))


def actions() -> list[str]:
    found = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id))
    return [action for action in found if action.startswith(("glossary", "dismiss"))]


def by_source(source: str) -> GlossaryTerm:
    return next(row for row in list_terms("en", "ko") if row.source == source)


def test_editors_add_update_and_delete_terms(users):
    editor = users["editor"]
    row = add_term(editor, "en", "ko", source=" Pyongyang ", target="평양", part_of_speech="noun")
    assert (row.source, row.target, row.status, row.created_by_id) == (
        "Pyongyang",
        "평양",
        "preferred",
        editor.id,
    )
    add_term(users["admin"], "en", "ko", source="Pyongyang", target="평향", status="forbidden")
    add_term(editor, "en", "ja", source="Pyongyang", target="平壌")
    assert terms_for("en", "ko") == [
        Term("Pyongyang", "평양", "preferred", "noun"),
        Term("Pyongyang", "평향", "forbidden"),
    ]
    update_term(editor, row.id, note="the capital", status="preferred")
    assert by_source("Pyongyang").note == "the capital"
    delete_term(editor, row.id)
    assert [t.target for t in list_terms("en", "ko")] == ["평향"]
    assert actions() == ["glossary_add", "glossary_add", "glossary_add", "glossary_update",
                         "glossary_delete"]  # fmt: skip
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "glossary_update")
    ).one()
    assert event.detail == "Pyongyang -> 평양 (preferred) => Pyongyang -> 평양 (preferred)"
    assert {"glossary_add", "glossary_update", "glossary_delete", "glossary_import",
            "dismiss_check"} <= set(audit.ACTIONS)  # fmt: skip


def test_translators_may_not_change_the_glossary(users):
    row = add_term(users["editor"], "en", "ko", source="Pyongyang", target="평양")
    translator = users["translator"]
    with pytest.raises(PermissionDenied, match="only editors and admins can change the glossary"):
        add_term(translator, "en", "ko", source="Seoul", target="서울")
    with pytest.raises(PermissionDenied):
        update_term(translator, row.id, target="평향")
    with pytest.raises(PermissionDenied):
        delete_term(translator, row.id)
    with pytest.raises(PermissionDenied):
        import_glossary(b"source,target\nSeoul,\xec\x84\x9c\xec\x9a\xb8\n", "g.csv", "en", "ko",
                        translator)  # fmt: skip
    assert [(t.source, t.target) for t in list_terms("en", "ko")] == [("Pyongyang", "평양")]


def test_bad_terms_are_refused_with_the_reason(users):
    editor = users["editor"]
    row = add_term(editor, "en", "ko", source="Pyongyang", target="평양")
    add_term(editor, "en", "ko", source="Seoul", target="서울")
    cases = [
        (lambda: add_term(editor, "en", "ko", source="", target="x"), InvalidInput,
         "the source term is empty"),
        (lambda: add_term(editor, "en", "ko", source="a", target="b", status="banned"),
         InvalidInput, "unknown status 'banned': use one of preferred, forbidden, do-not"),
        (lambda: add_term(editor, "en", "ko", source="가" * 301, target="b"), InvalidInput,
         "the source term has 301 characters; at most 300 are allowed"),
        (lambda: add_term(editor, "en", "xx-!", source="a", target="b"), InvalidInput,
         "unknown language code"),
        (lambda: add_term(editor, "en", "en", source="a", target="b"), InvalidInput,
         "not en to itself"),
        (lambda: add_term(editor, "en", "ko", source="Pyongyang", target="평양"), Conflict,
         "already has “Pyongyang” → “평양”"),
        (lambda: update_term(editor, row.id, source="Seoul", target="서울"), Conflict,
         "already has “Seoul” → “서울”; nothing was changed"),
        (lambda: update_term(editor, row.id, colour="red"), InvalidInput, "unknown field 'colour'"),
        (lambda: update_term(editor, 99999, note="x"), NotFound, "no glossary term 99999"),
        (lambda: delete_term(editor, 99999), NotFound, "no glossary term 99999"),
    ]  # fmt: skip
    for call, error, message in cases:
        with pytest.raises(error, match=message):
            call()
    assert add_term(editor, "en", "ko", source="가" * 300, target="나" * 300).source == "가" * 300
    assert [t.source for t in list_terms("en", "ko")] == ["Pyongyang", "Seoul", "가" * 300]


CSV = (
    "source,target,note,status\n"
    "Pyongyang,평양,the capital,preferred\n"
    "black market,장마당,,\n"
    "black market,암시장,,forbidden\n"
    "Kim Jong-il,,,banned\n"
).encode()


def test_import_adds_updates_and_reports_problem_lines(users):
    editor = users["editor"]
    add_term(editor, "en", "ko", source="Pyongyang", target="평양", note="old note")
    result = import_glossary(CSV, "terms.csv", "en", "ko", editor)
    assert (result.added, result.updated, result.skipped) == (2, 1, 0)
    assert result.problems == (
        "line 5: unknown status 'banned': use one of preferred, forbidden, do-not-translate",
    )
    assert by_source("Pyongyang").note == "the capital"
    again = import_glossary(CSV, "terms.csv", "en", "ko", editor)
    assert (again.added, again.updated, again.skipped) == (0, 0, 3)
    assert actions().count("glossary_import") == 1
    assert count() == 3


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (CSV, "terms.txt", "terms.txt is not a glossary file: use .csv"),
        (CSV, "terms", "terms is not a glossary file"),
        (
            "source,target\n평양,x\n".encode("cp949"),
            "t.csv",
            "t.csv: line 2: the file is not valid UTF-8",
        ),
        (b"source\nPyongyang\n", "t.csv", "t.csv: line 1: the header has no target column"),
        (CSV, "t.tbx", "t.tbx: line 1: not well-formed XML"),
        (
            b'<!DOCTYPE m [<!ENTITY x "y">]><martif/>',
            "t.tbx",
            "entity declarations are not accepted",
        ),
    ],
)
def test_a_file_that_cannot_be_read_changes_nothing(users, data, filename, message):
    add_term(users["editor"], "en", "ko", source="Seoul", target="서울")
    with pytest.raises(InvalidInput, match=message):
        import_glossary(data, filename, "en", "ko", users["editor"])
    assert count() == 1


@pytest.mark.parametrize(("extra", "ok"), [(0, True), (1, False)])
def test_the_upload_limit_applies_to_glossary_files(app, users, extra, ok):
    header = b"source,target\n"
    app.config["MAX_IMPORT_BYTES"] = len(header) + 20
    data = header + b"Pyongyang," + b"x" * (10 + extra) + b"\n"
    data = data[: len(header) + 20 + extra]
    assert len(data) == len(header) + 20 + extra
    if ok:
        assert import_glossary(data, "g.csv", "en", "ko").added == 1
    else:
        with pytest.raises(InvalidInput, match=r"g.csv has 35 bytes; the limit is 34"):
            import_glossary(data, "g.csv", "en", "ko")
        assert count() == 0


@pytest.mark.parametrize("fmt", ["csv", "tbx"])
def test_export_then_import_round_trips(users, fmt):
    editor = users["editor"]
    add_term(editor, "en", "ko", source="Pyongyang", target="평양", part_of_speech="noun",
             note="the capital")  # fmt: skip
    add_term(editor, "en", "ko", source="black market", target="암시장", status="forbidden")
    add_term(editor, "en", "ko", source="PDS", target="", status="do-not-translate")
    add_term(editor, "en", "ja", source="Pyongyang", target="平壌")
    data = export_glossary("en", "ko", fmt)
    read = read_csv(data) if fmt == "csv" else read_tbx(data, "en", "ko")
    assert len(read.terms) == 3
    assert set(read.terms) == set(terms_for("en", "ko"))
    for row in list_terms("en", "ko"):
        delete_term(editor, row.id)
    result = import_glossary(data, f"back.{fmt}", "en", "ko", editor)
    assert (result.added, result.problems) == (3, ())
    statuses = {t.source: t.status for t in terms_for("en", "ko")}
    assert statuses == {"Pyongyang": "preferred", "black market": "forbidden",
                        "PDS": "do-not-translate"}  # fmt: skip
    with pytest.raises(InvalidInput, match="unknown glossary format 'xlsx'"):
        export_glossary("en", "ko", "xlsx")


def test_the_seed_imports_the_sample_glossary_once(ctx):
    first = seed_glossary()
    assert first.problems == ()
    assert 10 <= first.added <= 40
    assert count() == first.added
    again = seed_glossary()
    assert (again.added, again.updated, again.skipped) == (0, 0, first.added)
    targets = {t.target for t in terms_for("en", "ko") if t.source == "Public Distribution System"}
    assert targets == {"배급제", "공공배급체계", "공공분배체계"}
    assert SEED_FILE == ROOT / "corpus" / "glossary.en-ko.csv"


def test_the_demo_seeds_the_glossary_and_does_not_take_it_for_an_article(app, ctx):
    from translate_app.models import Article

    lines = seed_demo(Path(app.instance_path), ROOT / "corpus")
    db.session.commit()
    assert [a.slug for a in db.session.scalars(select(Article))] == [
        "provincialization-of-pyongyang"
    ]
    assert any(line.startswith("sample glossary en -> ko: ") for line in lines)
    assert count() == len(read_csv(SEED_FILE.read_bytes()).terms)
    again = seed_demo(Path(app.instance_path), ROOT / "corpus")
    assert not any("glossary" in line for line in again)
    assert count() == len(read_csv(SEED_FILE.read_bytes()).terms)
