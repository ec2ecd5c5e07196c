"""``glossary import``, ``glossary export`` and ``check`` from the command line."""

import json

import pytest
from sqlalchemy import func, select

from translate_app.domain.glossary import read_tbx
from translate_app.extensions import db
from translate_app.models import GlossaryTerm
from translate_app.services.glossary import terms_for

from .conftest import ROOT

SEED = ROOT / "corpus" / "glossary.en-ko.csv"


def count() -> int:
    return db.session.scalar(select(func.count(GlossaryTerm.id)))


def test_import_then_export_as_csv_and_tbx(runner, ctx, tmp_path):
    result = runner.invoke(args=["glossary", "import", str(SEED), "--source-lang", "en",
                                 "--target-lang", "ko"])  # fmt: skip
    assert result.exit_code == 0, result.output
    added = count()
    assert result.output == (
        f"glossary en -> ko from glossary.en-ko.csv: {added} added, 0 updated, 0 unchanged, "
        "0 not imported\n"
    )
    for suffix in ("csv", "tbx"):
        out = tmp_path / f"out.{suffix}"
        result = runner.invoke(args=["glossary", "export", "--source-lang", "en", "--target-lang",
                                     "ko", "-o", str(out)])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert result.output == f"wrote {added} glossary terms (en -> ko) to {out}\n"
    assert set(read_tbx((tmp_path / "out.tbx").read_bytes(), "en", "ko").terms) == set(
        terms_for("en", "ko")
    )
    result = runner.invoke(args=["glossary", "import", str(tmp_path / "out.tbx"), "--source-lang",
                                 "en", "--target-lang", "ko"])  # fmt: skip
    assert result.output.endswith(f": 0 added, 0 updated, {added} unchanged, 0 not imported\n")


def test_problem_lines_are_listed(runner, ctx, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("source,target,status\nPyongyang,평양,\nSeoul,서울,banned\n", encoding="utf-8")
    result = runner.invoke(args=["glossary", "import", str(path), "--source-lang", "en",
                                 "--target-lang", "ko"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "glossary en -> ko from terms.csv: 1 added, 0 updated, 0 unchanged, 1 not imported",
        "not imported: line 3: unknown status 'banned': use one of preferred, forbidden, "
        "do-not-translate",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "terms.csv",
            "source,target\n평양,x\n".encode("cp949"),
            "terms.csv: line 2: the file is not valid UTF-8",
        ),
        ("terms.csv", b"source,note\nx,y\n", "terms.csv: line 1: the header has no target column"),
        ("terms.xlsx", b"PK\x03\x04", "terms.xlsx is not a glossary file: use .csv"),
        ("terms.tbx", b"<martif", "terms.tbx: line 1: not well-formed XML"),
    ],
)
def test_an_unreadable_file_is_refused_with_one_line(runner, ctx, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(args=["glossary", "import", str(path), "--source-lang", "en",
                                 "--target-lang", "ko"])  # fmt: skip
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {message}")
    assert len(result.output.splitlines()) == 1
    assert count() == 0


def test_export_needs_a_csv_or_tbx_name(runner, ctx, tmp_path):
    result = runner.invoke(args=["glossary", "export", "--source-lang", "en", "--target-lang",
                                 "ko", "-o", str(tmp_path / "terms.xlsx")])  # fmt: skip
    assert result.exit_code == 2
    assert "terms.xlsx: name a .csv or .tbx file" in result.output
    assert not (tmp_path / "terms.xlsx").exists()


def check(runner, *args):
    return runner.invoke(args=["check", "--source-lang", "en", "--target-lang", "ko", *args])


def test_check_prints_json_findings_with_the_stored_glossary(runner, ctx):
    runner.invoke(args=["glossary", "import", str(SEED), "--source-lang", "en",
                        "--target-lang", "ko"])  # fmt: skip
    source = "Outside Pyongyang, rations stopped in 1998."
    result = check(runner, "--source", source, "--target", "평양 밖에서는 1998년에 배급이 끊겼다.",
                   "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == "[]\n"
    result = check(runner, "--source", source, "--target", "수도 밖에서는 1998년에 배급이 끊겼다.",
                   "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {
            "check": "glossary",
            "severity": "warning",
            "message": "the glossary translates “Pyongyang” as “평양”, "
            "which the translation does not use",
        }
    ]
    result = check(runner, "--source", "They trade in black markets in 1998.", "--target",
                   "그들은 암시장에서 장사한다.", "--json")  # fmt: skip
    assert [(f["check"], f["severity"]) for f in json.loads(result.output)] == [
        ("numbers", "warning"),
        ("glossary", "error"),
        ("glossary", "warning"),
    ]


def test_check_prints_one_line_a_finding_and_exits_0(runner, ctx):
    result = check(runner, "--source", "It was 1998.", "--target", "그때였다")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "warning numbers: the number 1998 in the source is missing from the translation",
        "warning end_punctuation: the translation ends with “다” without a period: "
        "the source ends with “.”",
    ]
    result = check(runner, "--source", "It was 1998.", "--target", "1998년이었다.")
    assert result.output == "no problems found\n"
    result = runner.invoke(args=["check", "--source", "a", "--target", "b", "--source-lang",
                                 "xx-!", "--target-lang", "ko"])  # fmt: skip
    assert result.exit_code == 2 and "unknown language code 'xx-!'" in result.output
