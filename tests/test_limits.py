"""Configurable size limits: at the limit an import or a save goes through, one past it not."""

import pytest
from sqlalchemy import func, select

from translate_app.config import current_limits
from translate_app.domain.limits import Limits
from translate_app.extensions import db
from translate_app.models import Article, Segment, SegmentTranslation
from translate_app.services.accounts import issue_token
from translate_app.services.articles import get_segment_translation
from translate_app.services.errors import InvalidInput
from translate_app.services.importing import import_article
from translate_app.services.translating import save_translation

from .conftest import login, make_app


def counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Article, Segment, SegmentTranslation)
    )


def article_file(tmp_path, paragraphs: list[str], name: str = "limited.txt"):
    path = tmp_path / name
    path.write_text("Title\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def run_import(runner, path, slug):
    return runner.invoke(
        args=["import", str(path), "--source-lang", "en", "--target-lang", "ko", "--slug", slug]
    )


def test_the_limits_default_to_what_the_readme_says(app):
    assert (
        app.config["MAX_SEGMENTS"],
        app.config["MAX_SEGMENT_CHARS"],
        app.config["MAX_IMPORT_BYTES"],
    ) == (20_000, 20_000, 5 * 1024 * 1024)
    assert Limits() == Limits(20_000, 20_000, 5 * 1024 * 1024)


def test_segments_per_article_at_the_limit_and_one_past(app, ctx, runner, tmp_path):
    app.config["MAX_SEGMENTS"] = 4
    at_limit = article_file(tmp_path, ["one", "two", "three"], "at.txt")
    result = run_import(runner, at_limit, "at-limit")
    assert result.exit_code == 0, result.output
    assert "4 segments" in result.output
    before = counts()
    past = article_file(tmp_path, ["one", "two", "three", "four"], "past.txt")
    result = run_import(runner, past, "past-limit")
    assert result.exit_code != 0
    assert result.output.strip() == (
        "Error: past.txt has 5 segments; the limit is 4 (TRANSLATE_APP_MAX_SEGMENTS)"
    )
    assert counts() == before


def test_the_segment_count_is_written_with_thousands_separators(app, ctx, tmp_path):
    app.config["MAX_SEGMENTS"] = 20_000
    data = ("Title\n\n" + "\n\n".join(["p"] * 20_000)).encode()
    with pytest.raises(InvalidInput) as refused:
        import_article(data, "many.txt", source_lang="en", target_langs=["ko"])
    assert str(refused.value) == (
        "many.txt has 20,001 segments; the limit is 20,000 (TRANSLATE_APP_MAX_SEGMENTS)"
    )
    assert counts() == (0, 0, 0)


def test_characters_per_segment_at_the_limit_and_one_past(app, ctx, runner, tmp_path):
    app.config["MAX_SEGMENT_CHARS"] = 10
    result = run_import(runner, article_file(tmp_path, ["가" * 10], "at.txt"), "at-limit")
    assert result.exit_code == 0, result.output
    before = counts()
    # One past the limit: never refused, cut (here, having no sentence end or space, hard).
    past = article_file(tmp_path, ["short", "가" * 11], "past.txt")
    result = run_import(runner, past, "past-limit")
    assert result.exit_code == 0, result.output
    assert "note: block 3 had 11 characters, more than the 10 a segment may hold" in result.output
    sources = db.session.scalars(
        select(Segment.source).join(Article).where(Article.slug == "past-limit")
        .order_by(Segment.position)
    ).all()  # fmt: skip
    assert sources == ["Title", "short", "가" * 10, "가"]
    assert counts() != before


def bytes_message(past, at_limit) -> str:
    return (
        f"past.txt has {past.stat().st_size:,} bytes; the limit is "
        f"{at_limit.stat().st_size:,} (TRANSLATE_APP_MAX_IMPORT_BYTES)"
    )


def test_import_bytes_at_the_limit_and_one_past_from_the_command_line(app, ctx, runner, tmp_path):
    at_limit = article_file(tmp_path, ["x" * 50], "at.txt")
    past = article_file(tmp_path, ["x" * 51], "past.txt")
    app.config["MAX_IMPORT_BYTES"] = at_limit.stat().st_size
    assert run_import(runner, at_limit, "at-limit").exit_code == 0
    result = run_import(runner, past, "past-limit")
    assert result.exit_code != 0
    assert result.output.strip() == f"Error: {bytes_message(past, at_limit)}"
    assert db.session.scalars(select(Article.slug)).all() == ["at-limit"]


def test_import_bytes_at_the_limit_and_one_past_in_the_service(app, ctx, tmp_path):
    at_limit = article_file(tmp_path, ["x" * 50], "at.txt")
    past = article_file(tmp_path, ["x" * 51], "past.txt")
    app.config["MAX_IMPORT_BYTES"] = at_limit.stat().st_size
    import_article(at_limit.read_bytes(), "at.txt", source_lang="en", target_langs=["ko"])
    with pytest.raises(InvalidInput) as refused:
        import_article(past.read_bytes(), "past.txt", source_lang="en", target_langs=["ko"])
    assert str(refused.value) == bytes_message(past, at_limit)
    assert db.session.scalars(select(Article.slug)).all() == ["at"]


def test_saved_translation_at_the_limit_and_one_past(app, article, users):
    app.config["MAX_SEGMENT_CHARS"] = 10
    st = get_segment_translation(article.segments[1].id, "ko")
    with pytest.raises(InvalidInput) as refused:
        save_translation(st, users["translator"], text="가" * 11, base_revision=0, state="draft")
    assert str(refused.value) == (
        "the translation has 11 characters; the limit is 10 (TRANSLATE_APP_MAX_SEGMENT_CHARS)"
    )
    db.session.rollback()
    save_translation(st, users["translator"], text="가" * 10, base_revision=0, state="draft")
    assert (st.text, st.revision) == ("가" * 10, 1)


def test_the_editor_and_the_api_refuse_a_translation_past_the_limit(app, client, article, users):
    app.config["MAX_SEGMENT_CHARS"] = 10
    segment_id = article.segments[1].id
    token = issue_token(users["translator"])
    db.session.commit()
    api = client.put(
        f"/api/v1/segments/{segment_id}/translations/ko",
        json={"text": "가" * 11, "base_revision": 0, "state": "draft"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 400
    assert "the limit is 10 (TRANSLATE_APP_MAX_SEGMENT_CHARS)" in api.json["error"]
    csrf = login(client, "translator")
    editor = client.post(
        f"/segments/{segment_id}/ko",
        data={"text": "가" * 11, "base_revision": 0, "state": "draft"},
        headers={"HX-Request": "true", "X-CSRFToken": csrf},
    )
    assert editor.status_code == 422
    assert "the limit is 10 (TRANSLATE_APP_MAX_SEGMENT_CHARS)" in editor.get_data(as_text=True)
    db.session.expire_all()
    assert get_segment_translation(segment_id, "ko").revision == 0


def test_limits_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSLATE_APP_MAX_SEGMENTS", "7")
    monkeypatch.setenv("TRANSLATE_APP_MAX_SEGMENT_CHARS", "300")
    monkeypatch.setenv("TRANSLATE_APP_MAX_IMPORT_BYTES", "1048576")
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    with app.app_context():
        assert current_limits() == Limits(7, 300, 1_048_576)


@pytest.mark.parametrize("value", ["0", "-5", '"many"', "1.5", "true"])
def test_a_limit_that_is_not_a_positive_whole_number_stops_the_app(tmp_path, monkeypatch, value):
    monkeypatch.setenv("TRANSLATE_APP_MAX_SEGMENTS", value)
    with pytest.raises(ValueError, match="TRANSLATE_APP_MAX_SEGMENTS must be a positive whole"):
        make_app(tmp_path, f"sqlite:///{tmp_path / 'unused.sqlite3'}")
