"""Eight translators save at once through gunicorn workers: nothing lost, nothing doubled.

Every accepted save (200) is one version in the history, in the order of the
revisions the server answered; every refused one (409) changed nothing.
"""

import multiprocessing
import re
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy import event, select

from translate_app.extensions import db
from translate_app.models import Segment, SegmentTranslation, TranslationVersion
from translate_app.services import articles
from translate_app.services.accounts import get_user, issue_token
from translate_app.services.importing import import_article
from translate_app.services.translating import save_translation

from .conftest import login
from .save_clients import translate
from .served import Served

CLIENTS, SAVES, SEGMENTS = 8, 200, 20
TIME_LIMIT = 120  # seconds for all the saves; the run takes a fraction of it


def article_of(segments: int) -> bytes:
    paragraphs = [f"Paragraph {n} of the concurrency article." for n in range(1, segments)]
    return "\n\n".join(["Saving at once", *paragraphs]).encode()


def test_concurrent_saves_keep_every_accepted_version_once(app, ctx, users, tmp_path):
    article = import_article(
        article_of(SEGMENTS), "at-once.en.txt", source_lang="en", target_langs=["ko"]
    )
    token = issue_token(get_user("translator"))
    db.session.commit()
    assert len(article.segments) == SEGMENTS
    slug = article.slug
    db.session.remove()

    with Served(app, tmp_path, "--workers", "2") as served:
        spawn = multiprocessing.get_context("spawn")
        started = time.monotonic()
        with ProcessPoolExecutor(CLIENTS, mp_context=spawn) as pool:
            futures = [
                pool.submit(translate, served.url, token, slug, n, SAVES) for n in range(CLIENTS)
            ]
            results = [r for f in futures for r in f.result(timeout=TIME_LIMIT)]
        elapsed = time.monotonic() - started
        assert served.stop() == 0, served.logs()

    statuses = Counter(status for *_, status, _ in results)
    assert set(statuses) <= {200, 409}, statuses
    assert sum(statuses.values()) == CLIENTS * SAVES
    assert statuses[200] > SEGMENTS and statuses[409] > 0, statuses  # a real contest
    assert elapsed < TIME_LIMIT

    accepted = defaultdict(dict)  # segment -> revision -> text
    for segment, text, status, revision in results:
        if status == 200:
            assert revision not in accepted[segment], "two saves accepted at one revision"
            accepted[segment][revision] = text

    stored = db.session.execute(
        select(
            TranslationVersion.segment_id,
            TranslationVersion.id,
            TranslationVersion.text,
            TranslationVersion.parent_id,
        )
        .join(Segment, Segment.id == TranslationVersion.segment_id)
        .where(Segment.article_id == article.id)
    ).all()
    texts = [row.text for row in stored]
    assert len(texts) == statuses[200] == len(set(texts))
    assert set(texts) == {text for saved in accepted.values() for text in saved.values()}

    by_id = {row.id: row for row in stored}
    current = db.session.execute(
        select(SegmentTranslation)
        .join(SegmentTranslation.segment)
        .where(Segment.article_id == article.id, SegmentTranslation.lang == "ko")
    ).scalars()
    for st in current:
        saved = accepted[st.segment_id]
        # The history is one chain, newest to oldest, and its n-th version is the save
        # the server answered with revision n.
        chain, version_id = [], st.current_version_id
        while version_id is not None:
            chain.append(by_id[version_id].text)
            version_id = by_id[version_id].parent_id
        chain.reverse()
        assert st.revision == len(chain) == len(saved)
        assert chain == [saved[revision] for revision in range(1, st.revision + 1)]
        if saved:
            assert st.text == saved[max(saved)]


def another_save_right_after_this_commit(app, segment_id: int, text: str) -> None:
    """The next commit is followed at once by another translator's save of the segment."""

    def save_elsewhere():
        with app.app_context():
            st = articles.get_segment_translation(segment_id, "ko")
            save_translation(
                st, get_user("editor"), text=text, base_revision=st.revision, state="draft"
            )
            db.session.commit()

    def land(_session):
        # Its own thread, so its own app context and session, as another request has.
        other = threading.Thread(target=save_elsewhere)
        other.start()
        other.join()

    event.listen(db.session, "after_commit", land, once=True)


def test_the_answer_to_an_api_save_is_that_save_even_if_another_lands_right_after(
    app, ctx, users, article, client
):
    token = issue_token(users["translator"])
    segment = article.segments[1].id
    db.session.commit()
    another_save_right_after_this_commit(app, segment, "편집자의 글")
    response = client.put(
        f"/api/v1/segments/{segment}/translations/ko",
        json={"text": "번역가의 글", "base_revision": 0, "state": "draft"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    assert (response.json["text"], response.json["revision"]) == ("번역가의 글", 1)
    db.session.expire_all()
    st = articles.get_segment_translation(segment, "ko")
    assert (st.text, st.revision) == ("편집자의 글", 2)


def test_the_row_after_a_save_is_that_save_even_if_another_lands_right_after(
    app, ctx, users, article, client
):
    token = login(client, "translator")
    segment = article.segments[1].id
    db.session.remove()
    another_save_right_after_this_commit(app, segment, "편집자의 글")
    response = client.post(
        f"/segments/{segment}/ko",
        data={"text": "번역가의 글", "base_revision": 0, "state": "draft"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 200
    row = response.get_data(as_text=True)
    # The translator's text at revision 1: saving again from here meets the editor's
    # save as a conflict, instead of silently building on a text never shown.
    assert re.search(r"<textarea[^>]*>번역가의 글</textarea>", row), row
    assert 'name="base_revision" value="1"' in row
