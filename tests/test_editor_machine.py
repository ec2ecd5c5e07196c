"""Machine translation in the editor: each configured provider's suggestion after the
memory's matches, what a save taken from one records, and the history's account of it."""

import re

import pytest

from translate_app.extensions import db
from translate_app.services.accounts import create_user, issue_token
from translate_app.services.articles import get_segment_translation
from translate_app.services.importing import import_article
from translate_app.services.translating import save_translation

from .conftest import PASSWORD, SEED, login, make_app
from .mt_servers import FakeProvider
from .test_mt import DEEPL_KEY


@pytest.fixture
def servers():
    made = {
        "libretranslate": FakeProvider("libretranslate").start(),
        "deepl": FakeProvider("deepl", key=DEEPL_KEY).start(),
    }
    yield made
    for server in made.values():
        server.stop()


@pytest.fixture
def app(tmp_path, database_url, servers):
    """The app with two providers, LibreTranslate and DeepL, on local stand-ins."""
    app = make_app(
        tmp_path,
        database_url,
        LIBRETRANSLATE_URL=servers["libretranslate"].url,
        DEEPL_KEY=DEEPL_KEY,
        DEEPL_URL=servers["deepl"].url,
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_panel_asks_the_providers_after_the_memory(client, article, users):
    segment = article.segments[1]
    login(client, "translator")
    panel = client.get(f"/segments/{segment.id}/ko/suggestions").get_data(as_text=True)
    assert "Asking LibreTranslate, DeepL…" in panel
    (url,) = re.findall(r'hx-get="([^"]+/machine[^"]*)"', panel)
    assert url == f"/segments/{segment.id}/ko/machine?first=1"


def test_each_provider_offers_its_translation(client, article, users, servers):
    segment = article.segments[1]
    login(client, "translator")
    answer = client.get(f"/segments/{segment.id}/ko/machine?first=3")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    buttons = re.findall(r'<button type="button" class="suggestion-insert"([^>]+)>', html)
    assert len(buttons) == 2
    assert 'data-origin="mt" data-detail="LibreTranslate"' in buttons[0]
    assert f'data-text="libretranslate en&gt;ko: {segment.source[:20]}' in buttons[0]
    assert "Ctrl+Shift+3" in buttons[0] and "Ctrl+Shift+4" in buttons[1]
    assert 'data-detail="DeepL"' in buttons[1]
    assert html.count("machine translation · ") == 2
    # Asked again, the answers come from the cache: the providers hear nothing more.
    client.get(f"/segments/{segment.id}/ko/machine?first=1")
    assert [len(s.requests) for s in servers.values()] == [1, 1]


def test_a_failing_provider_says_why_and_takes_no_number(client, article, users, servers):
    servers["libretranslate"].failure = (500, b'{"error": "model not loaded"}')
    login(client, "translator")
    html = client.get(f"/segments/{article.segments[1].id}/ko/machine?first=2").get_data(
        as_text=True
    )
    assert "LibreTranslate answered 500: model not loaded" in html
    (button,) = re.findall(r'class="suggestion-insert"([^>]+)>', html)
    assert 'data-detail="DeepL"' in button and "Ctrl+Shift+2" in button


@pytest.mark.parametrize(("first", "shown"), [("0", 1), ("9", 9), ("10", None), ("x", 1)])
def test_the_first_number_is_kept_in_range(client, article, users, first, shown):
    login(client, "translator")
    html = client.get(f"/segments/{article.segments[1].id}/ko/machine?first={first}").get_data(
        as_text=True
    )
    if shown is None:
        assert "Ctrl+Shift" not in html and "Insert this translation" in html
    else:
        assert f"Ctrl+Shift+{shown}" in html


def test_without_providers_the_panel_asks_none(tmp_path, database_url):
    app = make_app(tmp_path, database_url)
    with app.app_context():
        made = import_article(SEED.read_bytes(), SEED.name, source_lang="en", target_langs=["ko"])
        create_user("translator", "translator", PASSWORD)
        db.session.commit()
        segment_id = made.segments[1].id
        client = app.test_client()
        login(client, "translator")
        panel = client.get(f"/segments/{segment_id}/ko/suggestions").get_data(as_text=True)
        assert "machine" not in panel and "Asking" not in panel
        db.session.remove()
        db.engine.dispose()


def test_a_saved_machine_translation_is_recorded_with_how_much_was_kept(client, article, users):
    st = get_segment_translation(article.segments[1].id, "ko")
    save_translation(st, users["translator"], text="손으로 쓴 번역", base_revision=0,
                     state="draft")  # fmt: skip
    save_translation(st, users["translator"], text="평양은 조선의 수도다.", base_revision=1,
                     state="translated", origin="mt", origin_detail="DeepL",
                     suggestion="평양은 북한의 수도이다.")  # fmt: skip
    db.session.commit()
    headers = {"Authorization": f"Bearer {issue_token(users['editor'])}"}
    db.session.commit()
    history = client.get(f"/api/v1/segments/{st.segment_id}/translations/ko/history",
                         headers=headers)  # fmt: skip
    assert history.status_code == 200
    # 평양은조선의수도다. keeps 8 of its 10 characters (spaces aside) from the provider's
    # 평양은북한의수도이다.: 평양은 and 의수도 and 다.
    assert [(v["origin"], v["origin_detail"], v["unchanged"]) for v in history.json] == [
        ("mt", "DeepL", 80),
        ("typed", "", None),
    ]
