"""Comments per segment: threads, @mentions, resolving, and the API."""

import pytest

from translate_app.domain.mentions import (
    MAX_COMMENT_CHARS,
    CommentError,
    Piece,
    check_comment,
    mentioned,
    pieces,
)
from translate_app.extensions import db
from translate_app.services import comments
from translate_app.services.accounts import create_user, issue_token
from translate_app.services.articles import get_segment_translation
from translate_app.services.errors import InvalidInput, NotFound, PermissionDenied

from .conftest import PASSWORD, SLUG, login

HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("@mina 확인해 주세요", ["mina"]),
        ("(@mina) and @jun.", ["mina", "jun"]),
        ("mail me@mina.kr, not @@x", []),
        ("@mina @mina @editor,", ["mina", "editor"]),
        ("no one", []),
    ],
)
def test_mentions_are_found(text, names):
    assert mentioned(text) == names


def test_pieces_mark_known_names_only():
    assert pieces("hi @mina and @ghost.", {"mina"}) == [
        Piece("hi "),
        Piece("@mina", mention="mina"),
        Piece(" and @ghost."),
    ]
    assert pieces("@jun.", {"jun"}) == [Piece("@jun", mention="jun"), Piece(".")]
    assert pieces("plain", set()) == [Piece("plain")]


def test_comment_size():
    assert check_comment("  가  ") == "가"
    assert check_comment("x" * MAX_COMMENT_CHARS) == "x" * MAX_COMMENT_CHARS
    with pytest.raises(CommentError, match="2001 characters; at most 2000"):
        check_comment("x" * (MAX_COMMENT_CHARS + 1))
    with pytest.raises(CommentError, match="the comment is empty"):
        check_comment("   ")


def test_threads_mentions_and_resolving(article, users):
    st = get_segment_translation(article.segments[1].id, "ko")
    t, e = users["translator"], users["editor"]
    first = comments.add_comment(st, t, "@editor PDS는 어떻게 옮길까요?")
    reply = comments.add_comment(st, e, "공공배급체계로 @translator", first.id)
    nested = comments.add_comment(st, t, "고마워요", reply.id)
    assert nested.parent_id == first.id  # one level of threads
    other = comments.add_comment(st, e, "두 번째 이야기")
    threads = comments.threads(st)
    assert [(th.comment.id, [r.id for r in th.replies]) for th in threads] == [
        (first.id, [reply.id, nested.id]),
        (other.id, []),
    ]
    assert [c.id for c in comments.mentions(e)] == [first.id]
    assert [c.id for c in comments.mentions(t)] == [reply.id]
    assert comments.open_counts([st.segment_id, 999], "ko") == {st.segment_id: 4}
    with pytest.raises(PermissionDenied, match="only the comment's author, editors and admins"):
        comments.set_resolved(other, t, True)
    comments.set_resolved(first, t, True)
    assert first.resolved and first.resolved_by.name == "translator"
    assert comments.mentions(e) == []
    comments.set_resolved(first, e, False)
    assert not first.resolved and first.resolved_by_id is None


def test_bad_comments_are_refused(article, users):
    st = get_segment_translation(article.segments[1].id, "ko")
    other = get_segment_translation(article.segments[2].id, "ko")
    elsewhere = comments.add_comment(other, users["editor"], "다른 문단")
    with pytest.raises(InvalidInput, match="the comment is empty"):
        comments.add_comment(st, users["translator"], " ")
    with pytest.raises(InvalidInput, match="U\\+0007"):
        comments.add_comment(st, users["translator"], "a\x07")
    with pytest.raises(NotFound, match=f"no comment {elsewhere.id} on this segment"):
        comments.add_comment(st, users["translator"], "답", elsewhere.id)
    create_user("mina", "translator", PASSWORD, ["ja"])
    with pytest.raises(PermissionDenied, match="you work on ja only"):
        comments.add_comment(
            st,
            comments.db.session.scalars(
                comments.select(comments.User).where(comments.User.name == "mina")
            ).one(),
            "안녕",
        )


def test_the_comments_panel_in_the_editor(client, article, users):
    token = login(client, "translator")
    segment = article.segments[1].id
    url = f"/segments/{segment}/ko/comments"
    headers = {**HTMX, "X-CSRFToken": token}
    empty = client.get(url, headers=HTMX).get_data(as_text=True)
    assert "No comments yet." in empty
    posted = client.post(url, data={"text": "@editor 확인 부탁해요"}, headers=headers)
    body = posted.get_data(as_text=True)
    assert posted.status_code == 200
    assert '<strong class="mention">@editor</strong> <span lang="ko">확인 부탁해요</span>' in body
    too_long = client.post(url, data={"text": "가" * 2001}, headers=headers)
    assert too_long.status_code == 422
    assert "2001 characters" in too_long.get_data(as_text=True)
    assert "가" * 2001 in too_long.get_data(as_text=True)
    editor_page = client.get(f"/articles/{SLUG}/ko/").get_data(as_text=True)
    assert "Comments (1 open)" in editor_page
    login(client, "editor")
    mentions = client.get("/mentions").get_data(as_text=True)
    assert "확인 부탁해요" in mentions and "#2" in mentions
    comment_id = comments.comments(get_segment_translation(segment, "ko"))[0].id
    token = login(client, "editor")
    resolved = client.post(
        f"/comments/{comment_id}/resolve",
        data={"resolved": "1"},
        headers={**HTMX, "X-CSRFToken": token},
    ).get_data(as_text=True)
    assert "resolved by editor" in resolved and "Reopen" in resolved
    assert "Nobody has mentioned you" in client.get("/mentions").get_data(as_text=True)


def test_comments_through_the_api(client, article, users):
    token = issue_token(users["translator"])
    db.session.commit()
    auth = {"Authorization": f"Bearer {token}"}
    segment = article.segments[1].id
    url = f"/api/v1/segments/{segment}/comments"
    made = client.post(url, json={"lang": "ko", "text": "@editor 질문"}, headers=auth)
    assert made.status_code == 201
    assert set(made.json) == {"id", "author", "text", "created_at", "resolved", "parent_id"}
    assert (made.json["author"], made.json["resolved"], made.json["parent_id"]) == (
        "translator",
        False,
        None,
    )
    reply = client.post(
        url, json={"lang": "ko", "text": "답", "parent_id": made.json["id"]}, headers=auth
    )
    assert reply.status_code == 201 and reply.json["parent_id"] == made.json["id"]
    listed = client.get(f"{url}?lang=ko", headers=auth)
    assert [c["text"] for c in listed.json] == ["@editor 질문", "답"]
    assert client.get(url, headers=auth).status_code == 400
    assert client.get(f"{url}?lang=ja", headers=auth).status_code == 404
    limit = {"lang": "ko", "text": "x" * 2000}
    assert client.post(url, json=limit, headers=auth).status_code == 201
    past = client.post(url, json={"lang": "ko", "text": "x" * 2001}, headers=auth)
    assert past.status_code == 400 and "1 to 2000 characters" in past.json["error"]
    assert client.post(url, json={"lang": "ko", "text": ""}, headers=auth).status_code == 400
    foreign = client.post(url, json={"lang": "ko", "text": "답", "parent_id": 9999}, headers=auth)
    assert foreign.status_code == 404


def test_mentions_and_pieces_at_the_edges():
    assert mentioned("@MAX.") == ["MAX"]
    assert pieces("@MAX. @ghost @jun", {"MAX", "jun"}) == [
        Piece("@MAX", mention="MAX"),
        Piece(". @ghost "),
        Piece("@jun", mention="jun"),
    ]
    assert pieces("hi @jun", {"jun"}) == [Piece("hi "), Piece("@jun", mention="jun")]
    with pytest.raises(CommentError, match=r"^the comment is empty$"):
        check_comment(None)
