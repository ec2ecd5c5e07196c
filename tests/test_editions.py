"""Editions as versions: refused when nothing changed, forced on purpose, credited,
withdrawn, compared; and the public reading site around them."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from translate_app.domain.editions import MAX_REASON_CHARS
from translate_app.extensions import db
from translate_app.models import AuditEvent, Edition
from translate_app.services.articles import get_segment_translation
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .conftest import SLUG, login

KOREAN = {
    2: "최근 나는 평양 중앙 엘리트의 한 사람과 대화를 나누었다.",
    3: "내가 자세히 말해 달라고 하자, 그는 평양이 지방처럼 변하고 있다고 말했다.",
}
TITLE = "평양의 지방화가 진행 중이다"


def translate(article, users, position: int, text: str) -> None:
    st = get_segment_translation(article.segments[position - 1].id, "ko")
    save_translation(
        st, users["translator"], text=text, base_revision=st.revision, state="translated"
    )
    approve_translation(st, users["editor"])
    db.session.commit()


@pytest.fixture
def approved(article, users, clock):
    clock.now = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    translate(article, users, 1, TITLE)
    for position, text in KOREAN.items():
        translate(article, users, position, text)
    return article


def publish(runner, *args):
    return runner.invoke(args=["publish", SLUG, "--user", "editor", *args])


def article_of(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index("<article") : html.index("</article>")]


def editions():
    return list(db.session.scalars(select(Edition).order_by(Edition.number)))


def test_a_publish_with_nothing_changed_is_refused_naming_the_edition(runner, approved):
    assert publish(runner).exit_code == 0
    result = publish(runner)
    assert result.exit_code == 1
    assert (
        f"nothing changed in {SLUG} (ko) since edition 1, published 2026-11-27 09:30 UTC: "
        "approve a change first, or force the publish to make an identical edition (--force)"
    ) in result.output
    assert [e.number for e in editions()] == [1]


def test_force_makes_an_identical_edition_and_says_so(runner, approved):
    assert publish(runner).exit_code == 0
    result = publish(runner, "--force")
    assert result.exit_code == 0, result.output
    assert "edition 2 (ko): 3/12 segments approved, by editor, forced" in result.output
    first, second = editions()
    assert (first.forced, second.forced) == (False, True)
    assert (first.load().forced, second.load().forced) == (False, True)
    assert first.load().same_text(second.load())
    details = db.session.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "publish").order_by(AuditEvent.id)
    )
    assert list(details) == ["", "forced: nothing had changed"]


def test_a_changed_paragraph_is_a_change(runner, approved, users):
    assert publish(runner).exit_code == 0
    translate(approved, users, 2, "고친 문장입니다.")
    assert publish(runner).exit_code == 0
    assert [e.number for e in editions()] == [1, 2]


def test_an_edition_credits_its_translators_and_approvers(runner, approved, users, ctx):
    from translate_app.services.accounts import create_user

    create_user("second", "translator", "password-123456")
    db.session.commit()
    st = get_segment_translation(approved.segments[4].id, "ko")
    save_translation(st, users["translator"], text="초안", base_revision=0, state="draft")
    db.session.commit()
    assert publish(runner).exit_code == 0
    snapshot = editions()[0].load()
    # A draft is not published, so its author is not credited for it.
    assert (snapshot.translators, snapshot.approvers) == (["translator"], ["editor"])
    assert snapshot.published_by == "editor"
    assert len(snapshot.source_checksum) == 64
    assert [row.key for row in snapshot.rows] == [s.key for s in approved.segments]


def test_the_reading_page_has_both_mastheads_with_dates_in_each_language(client, runner, approved):
    assert publish(runner).exit_code == 0
    html = client.get(f"/read/{SLUG}/ko/").get_data(as_text=True)
    assert f'<h1 class="text" lang="ko">{TITLE}</h1>' in html
    assert f'<p class="subtitle text" lang="en">{approved.title.replace("&", "&amp;")}</p>' in html
    assert (
        "제1판 · <time" in html
        and ">2026년 11월 27일</time> · 번역 translator, 승인 editor" in html
    )
    assert (
        "Edition 1 · <time" in html
        and ">November 27, 2026</time> · Translated by translator" in html
    )


def test_english_paragraphs_of_a_korean_edition_carry_their_own_language(client, runner, approved):
    assert publish(runner).exit_code == 0
    html = client.get(f"/read/{SLUG}/ko/").get_data(as_text=True)
    body = html[html.index("<article") : html.index("</article>")]
    blocks = re.findall(r'<(p|h2|blockquote) class="text ([a-z -]+)" lang="([a-z]+)">', body)
    # Twelve rows below the title: the separator, the same in both languages, shown once.
    assert len(blocks) == 2 * 11
    assert {(side.split()[0], lang) for _, side, lang in blocks} == {
        ("source", "en"),
        ("target", "ko"),
    }
    # The stylesheet sets the font per block language, never through the page's own.
    assert '[lang|="ko"] { font-family: var(--ko); word-break: keep-all;' in html
    assert "[lang] { font-family: var(--latin);" in html


@pytest.mark.parametrize(
    ("layout", "sides"),
    [
        ("side-by-side", ["source", "target"]),
        ("interleaved", ["source", "target"]),
        ("target-only", ["target"]),
        ("source-only", ["source"]),
    ],
)
def test_every_layout_shows_its_sides(client, runner, approved, layout, sides):
    assert publish(runner).exit_code == 0
    html = client.get(f"/read/{SLUG}/ko/1/?layout={layout}").get_data(as_text=True)
    assert f'<body class="layout-{layout}">' in html
    row = html[html.index('id="p3"') : html.index('id="p4"')]
    assert re.findall(r'class="text (source|target)', row) == sides
    assert 'aria-current="page">' in html
    current = re.search(r'<a href="[^"]*layout=([a-z-]+)" aria-current="page">', html)
    assert current.group(1) == layout
    untranslated = html[html.index('id="p5"') : html.index('id="p6"')]
    if layout == "target-only":
        # The original stands in, in its own language, where nothing was approved.
        assert 'class="text target stand-in" lang="en"' in untranslated
    elif layout != "source-only":
        assert "아직 번역되지 않음" in untranslated


def test_an_unknown_layout_is_refused_by_name(client, runner, approved):
    assert publish(runner).exit_code == 0
    response = client.get(f"/read/{SLUG}/ko/1/?layout=diagonal")
    assert response.status_code == 400
    assert (
        "unknown layout &#39;diagonal&#39;: use one of side-by-side, interleaved, "
        "target-only, source-only" in response.get_data(as_text=True)
    )


def test_language_editions_link_to_each_other(client, runner, approved):
    assert publish(runner).exit_code == 0
    html = client.get(f"/read/{SLUG}/ko/").get_data(as_text=True)
    assert f'<link rel="canonical" href="http://localhost/read/{SLUG}/ko/1/">' in html
    assert (
        f'<link rel="alternate" hreflang="en" href="http://localhost/read/{SLUG}/ko/'
        '?layout=source-only">' in html
    )
    # From the original, the way back is the translation.
    original = client.get(f"/read/{SLUG}/ko/?layout=source-only").get_data(as_text=True)
    assert f'<link rel="alternate" hreflang="ko" href="http://localhost/read/{SLUG}/ko/">' in (
        original
    )
    assert 'hreflang="en"' not in original


def test_segment_text_cannot_inject_markup(client, runner, approved, users):
    translate(approved, users, 4, '<script>alert("x")</script><img src=x onerror=alert(1)>')
    assert publish(runner).exit_code == 0
    html = client.get(f"/read/{SLUG}/ko/").get_data(as_text=True)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x" in html


def test_the_index_lists_articles_per_language(client, runner, approved):
    assert "아직 발행된 기사가 없습니다" in client.get(
        "/read/", headers={"Accept-Language": "ko"}
    ).get_data(as_text=True)
    assert publish(runner).exit_code == 0
    html = client.get("/read/").get_data(as_text=True)
    korean = html[html.index(">Korean</h2>") :]
    assert f'<a href="/read/{SLUG}/ko/" lang="ko" hreflang="ko">{TITLE}</a>' in korean
    english = html[html.index(">English</h2>") : html.index(">Korean</h2>")]
    assert f'href="/read/{SLUG}/ko/?layout=source-only" lang="en" hreflang="en">' in english
    only = client.get("/read/?lang=ko").get_data(as_text=True)
    assert ">Korean</h2>" in only and ">English</h2>" not in only


def test_the_article_address_sends_a_reader_to_a_published_language(client, runner, approved):
    assert client.get(f"/read/{SLUG}/").status_code == 404
    assert publish(runner).exit_code == 0
    response = client.get(f"/read/{SLUG}/", headers={"Accept-Language": "ja, ko;q=0.5"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/read/{SLUG}/ko/"
    assert client.get("/read/nothing/").status_code == 404


def test_change_one_paragraph_and_the_diff_shows_exactly_it(client, runner, approved, users):
    assert publish(runner).exit_code == 0
    first = article_of(client.get(f"/read/{SLUG}/ko/1/"))
    translate(
        approved, users, 3, "내가 자세히 말해 달라고 하자, 그는 평양이 시골처럼 변한다고 말했다."
    )
    assert publish(runner).exit_code == 0
    # Edition 1 reads as before at its own address.
    assert article_of(client.get(f"/read/{SLUG}/ko/1/")) == first
    assert "시골처럼" in client.get(f"/read/{SLUG}/ko/").get_data(as_text=True)
    diff = client.get(f"/read/{SLUG}/ko/diff/1/2/").get_data(as_text=True)
    assert re.findall(r'<section class="diff-row" id="p(\d+)">', diff) == ["3"]
    assert "<del>지방</del><ins>시골</ins>" in diff and "<ins>다고</ins>" not in diff
    same = client.get(f"/read/{SLUG}/ko/diff/1/1/").get_data(as_text=True)
    assert "No paragraph changed between these editions." in same
    assert client.get(f"/read/{SLUG}/ko/diff/1/9/").status_code == 404


def test_the_editions_page_lists_every_edition_with_links(client, runner, approved, users):
    assert publish(runner).exit_code == 0
    translate(approved, users, 2, "고친 문장입니다.")
    assert publish(runner).exit_code == 0
    html = client.get(f"/read/{SLUG}/ko/editions/").get_data(as_text=True)
    assert re.findall(r'<tr id="edition-(\d+)">', html) == ["2", "1"]
    assert f'href="/read/{SLUG}/ko/diff/1/2/">Changes since edition 1</a>' in html
    # Readers get no withdraw or publish buttons.
    assert "Withdraw" not in html and "Publish a new edition" not in html
    login(client, "editor")
    html = client.get(f"/read/{SLUG}/ko/editions/").get_data(as_text=True)
    assert html.count(">Withdraw</button>") == 2 and "Publish even if nothing changed" in html


def withdraw(runner, number: int, reason: str = "a factual error", user: str = "editor"):
    return runner.invoke(
        args=["withdraw", SLUG, "--edition", str(number), "--user", user, "--reason", reason]
    )


def test_a_withdrawn_edition_stays_on_record_and_says_so(client, runner, approved, users):
    assert publish(runner).exit_code == 0
    translate(approved, users, 2, "고친 문장입니다.")
    assert publish(runner).exit_code == 0
    result = withdraw(runner, 2, "  a factual\nerror  ")
    assert result.exit_code == 0, result.output
    assert f"withdrew {SLUG} edition 2 (ko)" in result.output
    page = client.get(f"/read/{SLUG}/ko/2/")
    assert page.status_code == 410
    html = page.get_data(as_text=True)
    assert "Edition 2 was withdrawn on" in html and "Reason: a factual error" in html
    assert "고친 문장입니다." not in html and "<article" not in html
    assert f'<a href="/read/{SLUG}/ko/">Read the current edition</a>' in html
    # The article's address falls back to the newest edition still standing.
    latest = client.get(f"/read/{SLUG}/ko/")
    assert latest.status_code == 200 and KOREAN[2] in latest.get_data(as_text=True)
    assert client.get(f"/read/{SLUG}/ko/2/download/md").status_code == 410
    assert client.get(f"/read/{SLUG}/ko/1/download/md").status_code == 200
    edition = editions()[1]
    assert edition.withdrawn_by.name == "editor" and edition.withdrawn_reason == "a factual error"
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "withdraw"))
    assert [(e.actor_name, e.target) for e in events] == [("editor", f"edition:{SLUG}/ko/2")]


def test_a_withdrawal_reason_is_marked_with_its_own_language(client, runner, approved):
    """A screen reader reads the Korean of a reason in Korean on an English page, and
    one typed in English in English on a Korean page; markup in it stays text."""
    assert publish(runner).exit_code == 0
    assert withdraw(runner, 1, "가격 <b>오류</b>").exit_code == 0
    for path in (f"/read/{SLUG}/ko/1/", f"/read/{SLUG}/ko/editions/"):
        html = client.get(path).get_data(as_text=True)
        marked = '<span lang="ko">가격</span> &lt;b&gt;<span lang="ko">오류</span>&lt;/b&gt;'
        assert marked in html, path
        korean = client.get(path, headers={"Accept-Language": "ko"}).get_data(as_text=True)
        assert "가격 &lt;b&gt;오류&lt;/b&gt;" in korean and '<span lang="ko">가격' not in korean


def test_an_english_withdrawal_reason_on_a_korean_page_is_marked_english(client, runner, approved):
    assert publish(runner).exit_code == 0
    assert withdraw(runner, 1).exit_code == 0
    html = client.get(f"/read/{SLUG}/ko/1/", headers={"Accept-Language": "ko"})
    assert '<span lang="en">a factual error</span>' in html.get_data(as_text=True)
    english = client.get(f"/read/{SLUG}/ko/1/").get_data(as_text=True)
    assert "Reason: a factual error" in english


def test_withdrawing_every_edition_leaves_a_notice_and_no_listing(client, runner, approved):
    assert publish(runner).exit_code == 0
    assert withdraw(runner, 1).exit_code == 0
    response = client.get(f"/read/{SLUG}/ko/")
    assert response.status_code == 410 and "Edition 1 was withdrawn" in response.get_data(
        as_text=True
    )
    assert SLUG not in client.get("/read/").get_data(as_text=True)
    assert client.get(f"/read/{SLUG}/").status_code == 404
    # A publish with the same text as the withdrawn edition is still a repeat of it.
    result = publish(runner)
    assert result.exit_code == 1 and "since edition 1" in result.output
    assert "and withdrawn since" in result.output


@pytest.mark.parametrize(
    ("reason", "user", "message"),
    [
        ("", "editor", "say why the edition is withdrawn"),
        ("   ", "editor", "say why the edition is withdrawn"),
        ("x" * (MAX_REASON_CHARS + 1), "editor", "the reason has 1001 characters; at most 1000"),
        ("fine", "translator", "translator is a translator: only editors and admins withdraw"),
    ],
)
def test_a_withdrawal_needs_a_reason_and_an_editor(runner, approved, reason, user, message):
    assert publish(runner).exit_code == 0
    result = withdraw(runner, 1, reason, user)
    assert result.exit_code == 1 and message in result.output
    assert not editions()[0].withdrawn


def test_a_reason_of_exactly_the_limit_is_kept_and_a_second_withdrawal_refused(runner, approved):
    assert publish(runner).exit_code == 0
    assert withdraw(runner, 1, "x" * MAX_REASON_CHARS).exit_code == 0
    assert len(editions()[0].withdrawn_reason) == MAX_REASON_CHARS
    result = withdraw(runner, 1)
    assert result.exit_code == 1
    assert f"edition 1 of {SLUG} (ko) was already withdrawn on 2026-11-27" in result.output


def test_withdraw_and_force_in_the_browser(client, runner, approved):
    assert publish(runner).exit_code == 0
    token = login(client, "editor")
    refused = client.post(f"/articles/{SLUG}/ko/publish", data={"csrf_token": token})
    assert refused.status_code == 409
    assert "“Publish even if nothing changed” on the editions page" in refused.get_data(
        as_text=True
    )
    forced = client.post(f"/articles/{SLUG}/ko/publish", data={"csrf_token": token, "force": "1"})
    assert forced.status_code == 303 and forced.headers["Location"] == f"/read/{SLUG}/ko/2/"
    empty = client.post(
        f"/articles/{SLUG}/ko/editions/2/withdraw", data={"csrf_token": token, "reason": ""}
    )
    assert empty.status_code == 400
    done = client.post(
        f"/articles/{SLUG}/ko/editions/2/withdraw", data={"csrf_token": token, "reason": "dup"}
    )
    assert done.status_code == 303 and done.headers["Location"] == f"/read/{SLUG}/ko/editions/"
    assert [(e.forced, e.withdrawn, e.published_by.name) for e in editions()] == [
        (False, False, "editor"),
        (True, True, "editor"),
    ]
