"""What a save and the editor page cost the database: a few statements, whatever the size."""

import contextlib

from sqlalchemy import event

from translate_app.extensions import db
from translate_app.services.importing import import_article

from .conftest import login


@contextlib.contextmanager
def statements():
    """The SQL statements sent meanwhile, from a fresh session, as a request starts with."""
    db.session.remove()  # the test's app context is shared with the requests it makes
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_a_save_is_seven_statements(ctx, users, article, client):
    token = login(client, "translator")
    segment = article.segments[1].id
    for revision in range(2):
        with statements() as seen:
            response = client.post(
                f"/segments/{segment}/ko",
                data={"text": f"번역 {revision}", "base_revision": revision, "state": "draft"},
                headers={"HX-Request": "true", "X-CSRFToken": token},
            )
        assert response.status_code == 200
        # Who is logged in; the segment with its article; the compare-and-set update
        # (returning the new revision); the pair's glossary and an approved translation
        # of the same source, for the checks; the new version; the pointer to it.
        assert len(seen) <= 7, "\n".join(seen)


def test_the_editor_page_costs_the_same_statements_for_a_longer_article(
    ctx, users, article, client
):
    longer = "\n\n".join(["A longer article", *(f"Paragraph {n}." for n in range(1, 60))])
    import_article(longer.encode(), "longer.en.txt", source_lang="en", target_langs=["ko"])
    db.session.commit()
    login(client, "translator")
    counts = {}
    for slug in (article.slug, "longer"):
        with statements() as seen:
            assert client.get(f"/articles/{slug}/ko/").status_code == 200
        counts[slug] = len(seen)
    # The session and its user; the article; one page of rows (with authors, one more
    # for their reviews when there are versions); the progress; the latest edition;
    # the reader's autosaved drafts on that page; the open comments per row; the
    # pair's glossary, to mark its terms in the sources.
    assert counts[article.slug] == counts["longer"] <= 9, counts
