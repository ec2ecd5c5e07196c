import getpass
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from translate_app.extensions import db
from translate_app.models import Edition
from translate_app.services.articles import get_segment_translation
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .conftest import SLUG

KOREAN = {2: "최근 나는 평양 중앙 엘리트의 한 사람과 대화를 나누었다.",
          3: "내가 자세히 말해 달라고 하자, 그는 평양이 지방처럼 변하고 있다고 말했다.",
          4: "이론적으로 북한의 공공배급체계는 모든 주민의 식량을 책임진다."}  # fmt: skip


@pytest.fixture
def approved(article, users):
    for position, text in KOREAN.items():
        st = get_segment_translation(article.segments[position - 1].id, "ko")
        save_translation(st, users["translator"], text=text, base_revision=0, state="translated")
        approve_translation(st, users["editor"])
    db.session.commit()
    return article


def publish(runner, *args):
    return runner.invoke(args=["publish", SLUG, *args])


def test_publish_makes_numbered_editions_from_the_catalog(app, runner, approved):
    result = publish(runner)
    assert result.exit_code == 0, result.output
    assert f"published {SLUG} edition 1 (ko): 3/12 segments approved, by " in result.output
    assert "edition 2" in publish(runner, "--force").output
    folder = Path(app.config["EDITIONS_DIR"]) / SLUG / "ko"
    assert sorted(p.name for p in folder.iterdir()) == ["1", "2"]
    snapshot = json.loads((folder / "1" / "edition.json").read_text())
    rows = {row["position"]: row["translation"] for row in snapshot["rows"]}
    assert {p: rows[p] for p in KOREAN} == KOREAN
    assert rows[1] is None and rows[5] is None
    assert len(snapshot["catalog_checksum"]) == 64


def test_publishing_with_nothing_approved_is_refused(runner, article):
    result = publish(runner)
    assert result.exit_code != 0
    assert "approve at least one segment before publishing" in result.output


def test_edition_is_a_snapshot_that_later_edits_do_not_change(client, runner, approved, users):
    assert publish(runner).exit_code == 0
    st = get_segment_translation(approved.segments[1].id, "ko")
    save_translation(st, users["translator"], text="고친 문장", base_revision=1, state="translated")
    approve_translation(st, users["editor"])
    db.session.commit()
    first = article_of(client.get(f"/read/{SLUG}/ko/1/"))
    assert KOREAN[2] in first and "고친 문장" not in first
    assert publish(runner).exit_code == 0
    second = article_of(client.get(f"/read/{SLUG}/ko/"))
    assert "고친 문장" in second and KOREAN[2] not in second
    # The page around it now links to the newer edition; the text is as it was.
    assert article_of(client.get(f"/read/{SLUG}/ko/1/")) == first


def article_of(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index("<article") : html.index("</article>")]


def test_reading_page_is_public_and_pairs_paragraphs(client, runner, approved):
    assert publish(runner).exit_code == 0
    response = client.get(f"/read/{SLUG}/ko/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    source = approved.segments[2].source
    pair = html[html.index('id="p3"') : html.index('id="p4"')]
    assert source in pair and KOREAN[3] in pair
    assert 'lang="ko"' in pair
    untranslated = html[html.index('id="p5"') : html.index('id="p6"')]
    # Worded in the edition's language, like the text it stands for.
    assert '<p class="text target untranslated" lang="ko">아직 번역되지 않음</p>' in untranslated


def test_missing_editions_are_404(client, runner, approved):
    assert client.get(f"/read/{SLUG}/ko/").status_code == 404
    assert publish(runner).exit_code == 0
    assert client.get(f"/read/{SLUG}/ko/2/").status_code == 404
    assert client.get(f"/read/{SLUG}/ja/").status_code == 404
    assert client.get("/read/nothing/ko/").status_code == 404


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_export_writes_the_latest_edition(runner, approved, tmp_path, fmt):
    assert publish(runner).exit_code == 0
    out = tmp_path / f"edition.{fmt}"
    result = runner.invoke(args=["export", SLUG, "--lang", "ko", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert all(korean in text for korean in KOREAN.values())
    assert approved.segments[1].source in text
    if fmt == "md":
        # The untranslated title heads the file alone, the other eight are in the body:
        # the separator is not for translation and never shows the placeholder.
        assert text.count("*아직 번역되지 않음*") == 8
        # The title's "&" is escaped so that no renderer reads an entity into it.
        assert "\n# " + approved.title.replace("&", "\\&") + "\n" in text
    else:
        assert text.startswith("<!doctype html>") and "<style>" in text


def test_export_of_a_given_edition_and_bad_requests(runner, approved, tmp_path):
    out = tmp_path / "out.md"
    args = ["export", SLUG, "--format", "md", "-o", str(out)]
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and "no published edition in ko" in result.output
    assert publish(runner).exit_code == 0
    assert runner.invoke(args=[*args, "--edition", "1"]).exit_code == 0
    result = runner.invoke(args=[*args, "--edition", "7"])
    assert result.exit_code != 0 and "no edition 7" in result.output
    assert runner.invoke(args=[*args, "--format", "odt"]).exit_code != 0
    result = runner.invoke(args=[*args, "--layout", "diagonal"])
    assert result.exit_code != 0 and "'diagonal' is not one of" in result.output


def test_publish_records_the_user_named_on_the_command_line(runner, approved):
    assert publish(runner, "--user", "admin").exit_code == 0
    assert publish(runner, "--force").exit_code == 0
    first, second = db.session.scalars(select(Edition).order_by(Edition.number))
    assert first.published_by.name == "admin" and first.load().published_by == "admin"
    # Without --user the system account is kept, marked as the command line's.
    assert second.published_by is None
    assert second.load().published_by == f"{getpass.getuser()} (command line)"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nobody", "no user named 'nobody'"),
        ("translator", "translator is a translator: only editors and admins publish"),
    ],
)
def test_publish_refuses_a_user_who_cannot_publish(runner, approved, name, message):
    result = publish(runner, "--user", name)
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert db.session.scalar(select(func.count()).select_from(Edition)) == 0
