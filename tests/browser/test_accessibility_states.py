"""WCAG 2.1 AA, checked by axe-core, on what the page shows after work has been done on it:
a stale save's conflict, a refused save, the panels and dialogs of the editor, suggestions
and check findings, and the pages reached by posting a form. In English and in Korean, at
a desktop width and at a phone's; any violation, of any impact, fails.

The states of one page are gathered into one test (each test builds its world anew) and
every violation is reported before the test fails, not only the first state's."""

import re
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.conftest import SEED, SLUG
from tests.mt_servers import FakeProvider
from translate_app.extensions import db
from translate_app.models import Article, User
from translate_app.services import drafting, glossary, jobs
from translate_app.services.articles import get_segment_translation, live_segments
from translate_app.services.catalog_exports import export_catalog
from translate_app.services.importing import import_article
from translate_app.services.revising import revise_article
from translate_app.services.translating import save_translation

from .axe import describe, lang_gaps, violations
from .test_accessibility import EDITOR, LOCALES, WIDTHS, live_app, visit  # noqa: F401
from .test_editor import row

KOREAN_FILE = Path(__file__).resolve().parents[1] / "data" / "provincialization-of-pyongyang.ko.txt"
GLOSSARY_FILE = SEED.parent / "glossary.en-ko.csv"
SECOND = "a-second-look"
SECOND_EDITOR = f"/articles/{SECOND}/ko/"
REMEMBERED = "최근 나는 사업차 해외에 나와 있던 평양 중앙 엘리트 한 사람과 대화를 나누었다."
SAVE_TRANSLATED = "button[type=submit][name=state][value=translated].primary"


class KoreanProvider(FakeProvider):
    """A machine translation in Korean, as a real provider gives, so that the suggestion's
    ``lang`` is true of its text."""

    def answer(self, path: str, headers, body: dict) -> tuple[int, dict]:
        status, reply = super().answer(path, headers, body)
        if status == 200:
            reply["translatedText"] = f"기계 번역 {len(body['q'])}자"
        return status, reply


class Axe:
    """Runs axe at both widths and keeps what it finds, so that one run of a test names
    every state with a violation. At either width the page must not scroll sideways as
    well (WCAG 1.4.10, reflow), which axe does not check, and no text may sit in the
    wrong ``lang``."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.checked = 0

    def check(self, page: Page, where: str) -> None:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            found = violations(page)
            self.checked += 1
            if found:
                self.found.append(f"{where} at {width}px ({page.url}):\n{describe(found)}")
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                self.found.append(f"{where} at {width}px ({page.url}): {wide}px wide")
        gaps = lang_gaps(page)
        if gaps:
            self.found.append(f"{where}: text in the wrong lang:\n" + "\n".join(gaps))
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})

    def assert_clean(self) -> None:
        assert self.checked, "nothing was checked"
        assert not self.found, "axe-core found violations:\n\n" + "\n\n".join(self.found)


@pytest.fixture
def axe() -> Axe:
    return Axe()


@pytest.fixture
def world(live_app) -> Iterator:  # noqa: F811
    """The accessibility world, and more: a glossary term; paragraph 3's source edited;
    paragraph 9 translated with
    warnings, waiting for review; the editor's unsaved text of paragraph 10, kept by
    autosave; a second article, in Markdown, whose paragraph 2 the memory knows and whose
    paragraph 3, marked up, lost its URL and its tags in translation (errors to override).
    Machine translation from one provider that answers and one that refuses the key."""
    with live_app.app_context():
        article = db.session.query(Article).filter_by(slug=SLUG).one()
        translator = db.session.query(User).filter_by(name="translator").one()
        editor = db.session.query(User).filter_by(name="editor").one()
        glossary.add_term(editor, "en", "ko", source="Pyongyang", target="평양")
        segments = {s.position: s for s in live_segments(article)}
        # No end punctuation and a double space: warnings to dismiss.
        waiting = get_segment_translation(segments[9].id, "ko")
        save_translation(
            waiting, translator, text="평양에는  중앙 기관이 모여 있다", base_revision=0,
            state="translated",
        )  # fmt: skip
        # Revision 2 of the source edits paragraph 3, approved: it goes back to review,
        # and the editor shows what changed in its source.
        blocks = SEED.read_text(encoding="utf-8").split("\n\n")
        blocks[2] = blocks[2].replace("to elaborate", "to explain")
        revise_article(article, "\n\n".join(blocks).encode(), SEED.name, user=editor)
        drafting.autosave(
            get_segment_translation(segments[10].id, "ko"), editor,
            text="저장하지 않은 편집자의 글", base_revision=0,
        )  # fmt: skip
        repeated = segments[2].source.replace("Recently", "Last month")
        text = (
            f"# A second look\n\n{repeated}\n\n"
            "In **Pyongyang**, prices rose *again*, as https://example.org/prices shows."
        )
        second = import_article(
            text.encode(), f"{SECOND}.md", source_lang="en", target_langs=["ko"]
        )
        db.session.flush()
        lost = get_segment_translation(second.segments[2].id, "ko")
        assert lost.segment.tags, "the marked-up paragraph has no tags"
        save_translation(
            lost, translator, text="평양에서는 물가가 다시 올랐다.", base_revision=0,
            state="translated",
        )  # fmt: skip
        db.session.commit()
        db.session.remove()
    answering = KoreanProvider("libretranslate").start()
    refusing = FakeProvider("deepl", key="the-right-key").start()
    live_app.config.update(
        LIBRETRANSLATE_URL=answering.url, DEEPL_URL=refusing.url, DEEPL_KEY="a-wrong-key"
    )
    try:
        yield live_app
    finally:
        answering.stop()
        refusing.stop()


def save_from_elsewhere(app, position: int, text: str) -> None:
    """Another person's save, landing while the page is open."""
    with app.app_context():
        article = db.session.query(Article).filter_by(slug=SLUG).one()
        st = get_segment_translation(article.segments[position - 1].id, "ko")
        translator = db.session.query(User).filter_by(name="translator").one()
        save_translation(st, translator, text=text, base_revision=st.revision, state="translated")
        db.session.commit()
        db.session.remove()


def suggested(*rows: Locator) -> None:
    """Wait for the suggestions a focus in these rows asked for. They push what is below
    down as they arrive: a click meant for a later row must not land while they do."""
    for focused in rows:
        expect(focused.locator(".suggestions .machine .match")).to_have_count(2)


@pytest.mark.parametrize("ui", LOCALES)
def test_the_editors_states_pass_axe(visit, world, axe, ui):  # noqa: F811
    page = visit(ui, "editor")
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(EDITOR)
    expect(page.locator("tr.segment")).to_have_count(12)
    expect(row(page, 10).locator(".restored .discard")).to_be_visible()
    expect(row(page, 3).locator(".source-change ins")).to_have_text("explain")

    # A stale save: someone saved paragraph 6 after this page was loaded.
    save_from_elsewhere(world, 6, "바깥에서 저장한 글")
    stale = row(page, 6)
    stale.locator("textarea").fill("이 화면에서 쓴 글")
    stale.locator(SAVE_TRANSLATED).click()
    expect(stale.locator(".conflict")).to_be_visible()
    # A refused save: a text over the limit.
    limit, world.config["MAX_SEGMENT_CHARS"] = world.config["MAX_SEGMENT_CHARS"], 40
    refused = row(page, 8)
    refused.locator("textarea").fill("이 번역은 너무 길어서 저장할 수 없다. " * 4)
    refused.locator(SAVE_TRANSLATED).click()
    expect(refused.locator(".error[role=alert]")).to_contain_text("MAX_SEGMENT_CHARS")
    world.config["MAX_SEGMENT_CHARS"] = limit
    # History of the rejected paragraph 4, two versions compared; comments of 2, one
    # of them refused for being empty.
    row(page, 4).locator(".changed .panel-open").first.click()
    history = row(page, 4).locator(".history")
    history.locator("form.compare button[type=submit]").click()
    expect(history.locator(".compared .diff")).to_be_visible()
    row(page, 2).locator(".changed .panel-open").nth(1).click()
    comments = row(page, 2).locator("section.comments")
    expect(comments.locator(".mention")).to_be_visible()
    comments.locator("form.new-comment button[type=submit]").click()
    expect(comments.locator(".error[role=alert]")).to_be_visible()
    suggested(row(page, 2), row(page, 4))
    # Paragraph 9 waits for review: its reject form and its findings' details open.
    waiting = row(page, 9)
    waiting.locator("details.reject summary").click()
    expect(waiting.locator(".reject-form")).to_be_visible()
    dismiss = waiting.locator("details.dismiss")
    expect(dismiss).not_to_have_count(0)
    for n in range(dismiss.count()):
        dismiss.nth(n).locator("summary").click()
    expect(waiting.locator("details.dismiss[open] input[type=text]")).to_have_count(dismiss.count())
    suggested(waiting)
    # Paragraph 12 out of translation.
    row(page, 12).locator("button.do-not-translate").click()
    expect(page.locator("tr.segment.excluded")).to_have_count(1)
    axe.check(
        page,
        f"editor: source changed, autosaved text, conflict, refused save, excluded "
        f"segment, history, comments, reject form, findings ({ui})",
    )

    page.locator(".shortcuts-open").click()
    expect(page.locator("dialog#shortcuts")).to_be_visible()
    axe.check(page, f"editor, keyboard shortcuts ({ui})")
    page.keyboard.press("Escape")
    expect(page.locator("dialog#shortcuts")).to_be_hidden()

    # Suggestions: a memory match, a machine translation and a refused provider; for
    # paragraph 3, none from the memory. Its source's tags and glossary term; its error
    # findings (the lost URL and tags) opened for an override.
    page.goto(SECOND_EDITOR)
    remembered = row(page, 2)
    remembered.locator("textarea").focus()
    expect(remembered.locator(".suggestions .matches:not(.machine) .match")).to_have_count(1)
    expect(remembered.locator(".suggestions .machine .match")).to_have_count(2)
    expect(remembered.locator(".suggestions .machine .error")).to_be_visible()
    lost = row(page, 3)
    lost.locator("textarea").focus()
    expect(lost.locator(".suggestions > .note")).to_be_visible()
    expect(lost.locator(".suggestions .machine .match")).to_have_count(2)
    expect(lost.locator("td.source button.term")).to_be_visible()
    expect(lost.locator("td.source .tag")).not_to_have_count(0)
    expect(lost.locator("button.tag-insert")).not_to_have_count(0)
    errors = lost.locator(".finding.severity-error details.dismiss")
    expect(errors).to_have_count(2)
    for n in range(2):
        errors.nth(n).locator("summary").click()
    expect(lost.locator("details.dismiss[open] input")).to_have_count(2)
    axe.check(page, f"editor, suggestions, tags, a term and error findings ({ui})")

    axe.assert_clean()


def filled_catalog(app, tmp_path: Path) -> Path:
    """A PO of the article's work, filled in elsewhere while paragraph 5 changed here, and
    with one entry the article does not have."""
    with app.app_context():
        article = db.session.query(Article).filter_by(slug=SLUG).one()
        exported = export_catalog(article, "ko", "po", include_unapproved=True)
        db.session.remove()
    path = tmp_path / exported.filename
    path.write_bytes(exported.data)
    save_from_elsewhere(app, 5, "앱에서 고친 글")
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = entry.msgstr or f"파일에서 채움 {entry.occurrences[0][1]}"
        if "초안" in entry.msgstr:
            entry.msgstr = "파일에서 고친 글"
            entry.flags = []
    po.append(polib.POEntry(msgctxt="no-such-segment", msgid="Nowhere", msgstr="어디에도 없음"))
    po.save(str(path))
    return path


def revised_source(tmp_path: Path) -> Path:
    blocks = SEED.read_text(encoding="utf-8").split("\n\n")
    blocks[2] = blocks[2].replace("he said that", "he said plainly that")
    blocks[1], blocks[3] = blocks[3], blocks[1]
    blocks.insert(9, "A paragraph the author added after translation began.")
    del blocks[11]
    path = tmp_path / SEED.name
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return path


@pytest.mark.parametrize("ui", LOCALES)
def test_pages_reached_by_posting_pass_axe(visit, world, axe, ui, tmp_path):  # noqa: F811
    page = visit(ui, "editor")

    page.goto("/import")
    page.locator("input[name=file]").set_input_files(str(SEED))
    page.locator("input[name=source_lang]").fill("xx")
    page.locator("input[name=target_langs]").fill("ko")
    page.locator("form button[type=submit].primary").click()
    expect(page.locator(".error[role=alert]")).to_contain_text("'xx'")
    axe.check(page, f"import form, refused ({ui})")
    page.locator("input[name=file]").set_input_files(str(SEED))
    page.locator("input[name=source_lang]").fill("en")
    page.locator("input[name=slug]").fill("pyongyang-again")
    page.locator("form button[type=submit].primary").click()
    expect(page.locator("table.preview tbody tr")).to_have_count(13)
    axe.check(page, f"import preview ({ui})")
    page.locator("form button[type=submit].primary").click()
    # A queued job is checked with the plain pages; done and failed show more.
    job = page.locator("section.job")
    expect(job).to_have_attribute("data-status", "queued")
    job_id = int(page.url.rsplit("/", 1)[1])
    with world.app_context():
        jobs.finish_job(
            jobs.start_job(job_id), result="pyongyang-again", done=13, total=13,
            message="imported pyongyang-again: 13 segments, en -> ko",
        )  # fmt: skip
        db.session.commit()
        db.session.remove()
    page.reload()
    expect(job).to_have_attribute("data-status", "done")
    axe.check(page, f"job page, finished import ({ui})")
    with world.app_context():
        jobs.fail_job(job_id, "the worker stopped: disk full")
        db.session.commit()
        db.session.remove()
    page.reload()
    expect(job).to_have_attribute("data-status", "failed")
    axe.check(page, f"job page, failed import ({ui})")

    page.goto("/import/aligned")
    page.locator("input[name=source_file]").set_input_files(str(SEED))
    page.locator("input[name=target_file]").set_input_files(str(KOREAN_FILE))
    page.locator("input[name=source_lang]").fill("en")
    page.locator("input[name=target_lang]").fill("ko")
    page.locator("input[name=slug]").fill("aligned-pyongyang")
    page.locator("form button[type=submit].primary").click()
    expect(page.locator("table.alignment tbody tr")).not_to_have_count(0)
    axe.check(page, f"aligned import, the pairs to check ({ui})")

    page.goto(f"/articles/{SLUG}/ko/upload")
    garbage = tmp_path / "garbage.po"
    garbage.write_bytes(b'msgid "unclosed\nmsgstr 3\n')
    page.locator("input[type=file]").set_input_files(str(garbage))
    page.locator("form button[type=submit].primary").click()
    expect(page.locator(".error[role=alert]")).to_contain_text("garbage.po")
    axe.check(page, f"catalog upload, refused ({ui})")
    page.locator("input[type=file]").set_input_files(str(filled_catalog(world, tmp_path)))
    page.locator("form button[type=submit].primary").click()
    expect(page.locator("table.conflicts tbody tr")).to_have_count(1)
    expect(page.locator("ul.unknown li")).to_have_count(1)
    axe.check(page, f"catalog upload report ({ui})")

    page.goto(f"/articles/{SLUG}/revisions")
    page.locator("input[type=file]").set_input_files(str(revised_source(tmp_path)))
    page.locator("form button[type=submit].primary").first.click()
    expect(page.locator("ul.changes li.change-edited ins").last).to_contain_text("plainly")
    axe.check(page, f"source revision preview ({ui})")

    page.goto("/glossary")
    terms = page.locator("table.glossary-terms tbody tr")
    expect(terms).to_have_count(1)
    upload = page.locator("form[enctype='multipart/form-data']")
    upload.locator("input[type=file]").set_input_files(str(GLOSSARY_FILE))
    upload.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_be_visible()
    expect(terms).not_to_have_count(1)
    axe.check(page, f"glossary after an import ({ui})")
    form = page.locator("form.glossary-add")
    form.locator("input[name=source]").fill("Pyongyang")
    form.locator("input[name=target]").fill("평양")
    form.locator("button[type=submit]").click()
    expect(page.locator("p.error[role=alert]")).to_be_visible()
    axe.check(page, f"glossary with a term and a refused one ({ui})")

    page.goto("/memory?q=Pyongyang")
    entries = page.locator("table.memory-entries tbody tr")
    expect(entries).not_to_have_count(0)
    entries.first.locator("details.edit-entry summary").click()
    expect(entries.first.locator("details.edit-entry textarea").first).to_be_visible()
    axe.check(page, f"memory with entries, one open to edit ({ui})")

    page.goto(f"/articles/{SLUG}/ko/review")
    expect(page.locator("tr.segment")).not_to_have_count(0)
    row(page, 9).locator("details.reject summary").click()
    expect(row(page, 9).locator(".reject-form")).to_be_visible()
    suggested(row(page, 9))
    axe.check(page, f"review queue with a reject form open ({ui})")
    gate = page.locator("form.inline input[name=on]")
    before = gate.get_attribute("value")
    gate.locator("xpath=..").locator("button[type=submit]").click()
    expect(gate).not_to_have_attribute("value", before)
    axe.check(page, f"review queue after the machine gate is toggled ({ui})")

    # An admin's queue has the self-approval switch too; filtered by a failing check.
    admin = visit(ui, "admin")
    admin.goto(f"/articles/{SLUG}/ko/review?check=end_punctuation")
    expect(row(admin, 9)).to_have_count(1)
    axe.check(admin, f"review queue, an admin's, filtered ({ui})")

    admin.goto("/admin/users")
    created = admin.locator("form[aria-labelledby=new-account]")
    created.locator("input[name=name]").fill("editor")
    created.locator("input[name=password]").fill("a-long-enough-password")
    created.locator("input[name=languages]").fill("ko")
    created.locator("button[type=submit]").click()
    expect(admin.locator("p.error[role=alert]")).to_be_visible()
    axe.check(admin, f"accounts, a refused new account ({ui})")
    admin.goto("/admin/users")
    translator = admin.locator("tbody tr").filter(
        has=admin.locator("td:first-child", has_text=re.compile("^translator$"))
    )
    translator.locator("input[name=change][value=disable] + button").click()
    expect(admin.locator("td .badge")).to_have_count(1)
    axe.check(admin, f"accounts, a disabled account ({ui})")

    axe.assert_clean()
