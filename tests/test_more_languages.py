"""Articles with several target languages: catalogs per language from Babel's data, and a
second language shown beside the source as a reference."""

import subprocess

import polib
import pytest

from translate_app.extensions import db
from translate_app.services.articles import get_segment_translation
from translate_app.services.importing import import_article
from translate_app.services.translating import save_translation

from .conftest import SEED, login
from .test_hot_paths import statements

TARGETS = ["ko", "ja", "zh-Hans", "de", "pt-BR"]
SLUG = "many"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def many(ctx, users):
    article = import_article(SEED.read_bytes(), "many.en.txt", source_lang="en",
                             target_langs=TARGETS, slug=SLUG)  # fmt: skip
    for position, text in [(1, "平壌の地方化"), (3, "第三段落")]:
        st = get_segment_translation(article.segments[position - 1].id, "ja")
        save_translation(st, users["translator"], text=text, base_revision=0, state="translated")
    db.session.commit()
    return article


@pytest.mark.parametrize(
    ("lang", "folder", "plural", "team"),
    [
        ("ko", "ko", "nplurals=1; plural=0;", "Korean <ko>"),
        ("ja", "ja", "nplurals=1; plural=0;", "Japanese <ja>"),
        ("zh-Hans", "zh_Hans", "nplurals=1; plural=0;", "Chinese (Simplified) <zh-Hans>"),
        ("de", "de", "nplurals=2; plural=(n != 1);", "German <de>"),
        ("pt-BR", "pt_BR", None, "Portuguese (Brazil) <pt-BR>"),
    ],
)
def test_each_target_gets_its_catalog_with_babels_plural_forms(app, runner, many, lang, folder,
                                                                plural, team):  # fmt: skip
    result = runner.invoke(args=["compile", SLUG])
    assert result.exit_code == 0, result.output
    assert result.output.count(f"LC_MESSAGES/{SLUG}.po") == len(TARGETS)
    path = f"{app.config['LOCALES_DIR']}/{folder}/LC_MESSAGES/{SLUG}.po"
    meta = polib.pofile(path).metadata
    assert meta["Language"] == folder and meta["Language-Team"] == team
    if plural:
        assert meta["Plural-Forms"] == plural
    else:
        assert meta["Plural-Forms"].startswith("nplurals=") and "plural=" in meta["Plural-Forms"]
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", path], capture_output=True)
    assert check.returncode == 0 and check.stderr == b""


def rows_html(client, url):
    return client.get(url).get_data(as_text=True)


def test_the_editor_shows_a_reference_language_under_the_source(client, many):
    token = login(client, "translator")
    html = rows_html(client, f"/articles/{SLUG}/ko/?ref=ja")
    assert html.count('class="reference"') == 2
    assert '<span lang="ja">平壌の地方化</span>' in html and "第三段落" in html
    for other in ("ja", "zh-Hans", "de", "pt-BR"):
        assert f'<option value="{other}"' in html
    assert '<option value="ko"' not in html.split('name="ref"')[1].split("</select>")[0]
    # Kept for the article: the next visit, a saved row and the next page show it too.
    assert 'class="reference"' in rows_html(client, f"/articles/{SLUG}/ko/")
    segment = many.segments[0]
    saved = client.post(
        f"/segments/{segment.id}/ko",
        data={"text": "평양의 지방화", "base_revision": 0, "state": "translated"},
        headers={**HTMX, "X-CSRFToken": token},
    ).get_data(as_text=True)
    assert '<span lang="ja">平壌の地方化</span>' in saved
    # Another article keeps its own choice; ref= empty turns it off.
    assert 'class="reference"' not in rows_html(client, f"/articles/{SLUG}/ko/?ref=")
    assert 'class="reference"' not in rows_html(client, f"/articles/{SLUG}/ko/")


def test_a_reference_costs_one_statement_more(client, many):
    login(client, "translator")
    rows_html(client, f"/articles/{SLUG}/ko/?ref=")
    with statements() as without:
        rows_html(client, f"/articles/{SLUG}/ko/")
    rows_html(client, f"/articles/{SLUG}/ko/?ref=ja")
    with statements() as with_reference:
        rows_html(client, f"/articles/{SLUG}/ko/")
    assert len(with_reference) == len(without) + 1


@pytest.mark.parametrize("ref", ["ko", "fr", "xx"])
def test_a_reference_that_is_not_another_target_is_refused(client, many, ref):
    login(client, "translator")
    response = client.get(f"/articles/{SLUG}/ko/?ref={ref}")
    assert response.status_code == 400
    assert "the reference language must be another target language of many" in (
        response.get_data(as_text=True)
    )
