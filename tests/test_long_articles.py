"""Long articles in the editor: paged rows, filters and search in the database, and
first screens and saves that cost the same whatever the article's size."""

import re

import pytest

from translate_app.domain.segment_filter import PAGE_SIZE
from translate_app.extensions import db
from translate_app.services.articles import get_article, progress, segment_translations
from translate_app.services.importing import import_article

from .conftest import login
from .test_api import auth, tokens  # noqa: F401  (fixture)
from .test_hot_paths import statements

HTMX = {"HX-Request": "true"}
ROW = re.compile(r'<tr id="segment-(\d+)"')


def make_article(slug: str, paragraphs: int):
    text = "\n\n".join(
        [f"Long article {slug}", *(f"Paragraph {n} about Pyongyang." for n in range(paragraphs))]
    )
    made = import_article(text.encode(), f"{slug}.en.txt", source_lang="en", target_langs=["ko"])
    db.session.commit()
    return made


def positions(html: str) -> list[int]:
    ids = [int(i) for i in ROW.findall(html)]
    by_id = {st.segment.id: st.segment.position for st in segment_translations(LONG[0], "ko")}
    return [by_id[i] for i in ids]


LONG = []


@pytest.fixture
def long_article(ctx, users):
    made = make_article("long", 2 * PAGE_SIZE + 19)  # 120 segments with the title
    LONG[:] = [made]
    return made


def test_the_editor_pages_its_rows_and_the_last_row_loads_the_next_page(client, long_article):
    login(client, "translator")
    first = client.get("/articles/long/ko/").get_data(as_text=True)
    assert positions(first) == list(range(1, PAGE_SIZE + 1))
    assert 'class="more" hx-get="/articles/long/ko/?after=50" hx-trigger="revealed"' in first
    assert "120 segments" in first

    second = client.get("/articles/long/ko/?after=50", headers=HTMX)
    body = second.get_data(as_text=True)
    assert "<html" not in body and "<table" not in body
    assert positions(body) == list(range(51, 101))
    assert "?after=100" in body

    last = client.get("/articles/long/ko/?after=100", headers=HTMX).get_data(as_text=True)
    assert positions(last) == list(range(101, 121))
    assert 'class="more"' not in last


def test_without_scripts_the_link_opens_the_next_page(client, long_article):
    login(client, "translator")
    html = client.get("/articles/long/ko/?after=50").get_data(as_text=True)
    assert "<html" in html
    assert positions(html) == list(range(51, 101))
    assert "Back to the first segment" in html


def test_a_page_of_exactly_page_size_rows_has_no_next_page(client, ctx, users):
    make_article("exact", PAGE_SIZE - 1)  # with the title: exactly PAGE_SIZE
    LONG[:] = [get_article("exact")]
    login(client, "translator")
    html = client.get("/articles/exact/ko/").get_data(as_text=True)
    assert len(positions(html)) == PAGE_SIZE
    assert 'class="more"' not in html
    make_article("one-more", PAGE_SIZE)
    LONG[:] = [get_article("one-more")]
    html = client.get("/articles/one-more/ko/").get_data(as_text=True)
    assert len(positions(html)) == PAGE_SIZE and "?after=50" in html


def save(client, token, segment_id, text, state="translated"):
    response = client.post(
        f"/segments/{segment_id}/ko",
        data={"text": text, "base_revision": 0, "state": state},
        headers={**HTMX, "X-CSRFToken": token},
    )
    assert response.status_code == 200
    return response


def test_filter_by_state_and_search_run_in_the_database(client, long_article):
    token = login(client, "translator")
    rows = segment_translations(long_article, "ko")
    save(client, token, rows[3].segment.id, "평양의 배급 100%")
    save(client, token, rows[70].segment.id, "초안", state="draft")

    html = client.get("/articles/long/ko/?state=translated").get_data(as_text=True)
    assert positions(html) == [4]
    assert "Showing segments that match the filter" in html
    assert '<option value="translated" selected>' in html
    assert positions(client.get("/articles/long/ko/?state=draft").get_data(as_text=True)) == [71]
    # Case-insensitive over the source, and over the translation.
    assert positions(client.get("/articles/long/ko/?q=PARAGRAPH+7+").get_data(as_text=True)) == [
        9,
        *range(72, 82),
    ]
    assert positions(client.get("/articles/long/ko/?q=배급").get_data(as_text=True)) == [4]
    # LIKE's wildcards are literal characters here.
    assert positions(client.get("/articles/long/ko/?q=%25").get_data(as_text=True)) == [4]
    assert positions(client.get("/articles/long/ko/?q=_").get_data(as_text=True)) == []
    empty = client.get("/articles/long/ko/?q=nowhere").get_data(as_text=True)
    assert "No segment matches." in empty


def test_paging_keeps_the_filter(client, long_article):
    login(client, "translator")
    html = client.get("/articles/long/ko/?q=about").get_data(as_text=True)
    assert len(positions(html)) == PAGE_SIZE
    assert "?q=about&amp;after=51" in html
    rest = client.get("/articles/long/ko/?q=about&after=51", headers=HTMX).get_data(as_text=True)
    assert positions(rest)[0] == 52


def test_an_htmx_filter_answers_the_segments_block_only(client, long_article):
    login(client, "translator")
    response = client.get("/articles/long/ko/?state=untranslated", headers=HTMX)
    body = response.get_data(as_text=True)
    assert body.startswith('<div id="segments">') and "<html" not in body
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("state=finished", "unknown state &#39;finished&#39;"),
        ("q=" + "가" * 201, "201 characters; at most 200 are allowed"),
        ("after=x", "&#39;after&#39; must be a segment number"),
    ],
)
def test_bad_filters_are_400_with_the_reason(client, long_article, query, message):
    login(client, "translator")
    response = client.get(f"/articles/long/ko/?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_search_of_exactly_200_characters_is_run(client, long_article):
    login(client, "translator")
    assert client.get("/articles/long/ko/?q=" + "가" * 200).status_code == 200


def test_the_api_filters_by_state_and_text(client, tokens, long_article):  # noqa: F811
    rows = segment_translations(long_article, "ko")
    token = tokens["translator"]
    url = f"/api/v1/segments/{rows[5].segment.id}/translations/ko"
    body = {"text": "평양 번역", "base_revision": 0, "state": "draft"}
    assert client.put(url, json=body, headers=auth(token)).status_code == 200
    base = "/api/v1/articles/long/segments?lang=ko"

    def get(query):
        return client.get(base + query, headers=auth(token))

    assert len(get("").json) == 120
    assert [s["position"] for s in get("&state=draft").json] == [6]
    assert [s["position"] for s in get("&q=평양").json] == [6]
    assert len(get("&q=pyongyang").json) == 119
    assert [s["position"] for s in get("&state=untranslated&q=paragraph+5+about").json] == [7]
    refused = get("&state=done")
    assert refused.status_code == 400 and "'state' must be one of untranslated" in str(refused.json)
    assert get("&q=" + "x" * 200).status_code == 200
    too_long = get("&q=" + "x" * 201)
    assert too_long.status_code == 400 and "at most 200 characters" in str(too_long.json)


def test_progress_counts_words_in_the_database(ctx, long_article):
    counted = progress(long_article, "ko")
    assert counted.total.segments == 120
    assert counted.total.words == sum(len(s.source.split()) for s in long_article.segments)


def test_first_screen_and_save_cost_the_same_for_13_and_2000_segments(ctx, users, article, client):
    make_article("huge", 1999)
    token = login(client, "translator")
    counts, sizes, saves = {}, {}, {}
    for slug in (article.slug, "huge"):
        with statements() as seen:
            response = client.get(f"/articles/{slug}/ko/")
        counts[slug], sizes[slug] = len(seen), len(response.data)
        segment = segment_translations(get_article(slug), "ko")[1].segment.id
        with statements() as seen:
            save(client, token, segment, "번역")
            assert client.get(f"/articles/{slug}/ko/progress").status_code == 200
        saves[slug] = len(seen)
    assert counts[article.slug] == counts["huge"], counts
    assert saves[article.slug] == saves["huge"], saves
    # Fifty rows instead of thirteen, never two thousand.
    assert sizes["huge"] < 5 * sizes[article.slug], sizes


def test_the_migration_counts_the_words_of_existing_segments(ctx, users):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from translate_app.models import Segment

    db.session.remove()
    downgrade(revision="0003")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (id, slug, title, source_lang, created_at) "
                "VALUES (1, 'old', 'Old', 'en', CURRENT_TIMESTAMP)"
            )
        )
        for n in range(1, 1203):  # more than one batch of the migration
            connection.execute(
                text(
                    "INSERT INTO segments (article_id, key, position, kind, source) "
                    "VALUES (1, :key, :n, 'paragraph', :source)"
                ),
                {"key": f"k{n}", "n": n, "source": " ".join(["평양의 배급"] * (n % 7)) or " "},
            )
    upgrade()
    words = dict(db.session.execute(db.select(Segment.position, Segment.words)).all())
    assert len(words) == 1202
    assert all(words[n] == 2 * (n % 7) for n in words)
    db.session.remove()
    db.engine.dispose()
