import pytest
from sqlalchemy import func, select

from translate_app.extensions import db
from translate_app.models import Article, Segment, SegmentTranslation

from .conftest import SEED, SLUG


def counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Article, Segment, SegmentTranslation)
    )


def run_import(runner, path, *args):
    return runner.invoke(args=["import", str(path), "--source-lang", "en", *args])


def test_import_the_seed_article(ctx, runner):
    result = run_import(runner, SEED, "--target-lang", "ko")
    assert result.exit_code == 0, result.output
    assert f"imported {SLUG}: 13 segments, en -> ko" in result.output
    article = db.session.scalar(select(Article).where(Article.slug == SLUG))
    assert article.title.startswith("The provincialization of Pyongyang")
    assert article.target_langs == ["ko"]
    assert [s.position for s in article.segments] == list(range(1, 14))
    assert len({s.key for s in article.segments}) == 13
    # The "*" separator has no translation: 12 rows to translate.
    states = db.session.scalars(select(SegmentTranslation.state)).all()
    assert states == [0] * 12
    assert [s.kind for s in article.segments if not s.translatable] == ["separator"]


def test_import_markdown_with_several_targets(ctx, runner, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# 제목\n\n## 소제목\n\n> 인용\n\n본문.\n", encoding="utf-8")
    result = runner.invoke(
        args=["import", str(path), "--source-lang", "ko", "--target-lang", "en",
              "--target-lang", "ja", "--slug", "notes-ko"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    article = db.session.scalar(select(Article).where(Article.slug == "notes-ko"))
    assert article.target_langs == ["en", "ja"]
    assert [s.kind for s in article.segments] == ["title", "heading", "blockquote", "paragraph"]
    assert counts() == (1, 4, 8)


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", ["--target-lang", "ko"], "is empty"),
        ("Title\n\nCafé crème".encode("latin-1"), ["--target-lang", "ko"], "not valid UTF-8"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", ["--target-lang", "ko"], "binary"),
        (b"Title\n\nBody", ["--target-lang", "xx"], "unknown language code 'xx'"),
        (b"Title\n\nBody", ["--target-lang", "english"], "unknown language code 'english'"),
        (b"Title\n\nBody", ["--target-lang", "en"], "is the source language"),
        (b"Title\n\nBody", ["--target-lang", "ko", "--slug", "Bad Slug"], "invalid slug"),
        (b"Title\n\nBody", ["--target-lang", "ko", "--slug", "ok-slug\n"], "invalid slug"),
    ],
)
def test_bad_input_changes_nothing(ctx, runner, tmp_path, content, args, message):
    assert run_import(runner, SEED, "--target-lang", "ko").exit_code == 0
    before = counts()
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_import(runner, path, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1  # one clear line, no traceback
    assert counts() == before


def test_importing_the_same_slug_twice_is_refused(ctx, runner):
    assert run_import(runner, SEED, "--target-lang", "ko").exit_code == 0
    before = counts()
    result = run_import(runner, SEED, "--target-lang", "ko")
    assert result.exit_code != 0
    assert f"an article with the slug '{SLUG}' already exists" in result.output
    assert counts() == before


def test_missing_file_is_refused(ctx, runner, tmp_path):
    result = run_import(runner, tmp_path / "nope.txt", "--target-lang", "ko")
    assert result.exit_code != 0
    assert "does not exist" in result.output
    assert counts() == (0, 0, 0)


def test_an_article_without_a_title_line_is_filed_under_its_slug(ctx, runner, tmp_path):
    path = tmp_path / "market-notes.ko.txt"
    path.write_text("평양은 변하고 있다. 시장이 커졌다.\n배급이 끊겼다.\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(path), "--source-lang", "ko", "--target-lang", "en"])
    assert result.exit_code == 0, result.output
    article = db.session.scalar(select(Article).where(Article.slug == "market-notes"))
    assert article.title == "market-notes"
    assert [(s.kind, s.source) for s in article.segments] == [
        ("paragraph", "평양은 변하고 있다. 시장이 커졌다."),
        ("paragraph", "배급이 끊겼다."),
    ]
