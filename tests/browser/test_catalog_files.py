"""Catalog files in Chromium: download a half-translated article's PO from the Files
menu, fill it in another editor (polib stands in for Poedit), upload it, and read what
came in and what was held back."""

import polib
from playwright.sync_api import expect

from tests.conftest import SLUG
from translate_app.extensions import db
from translate_app.services.accounts import get_user
from translate_app.services.articles import get_segment_translation
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .test_at_work import shoot
from .test_editor import open_editor, row, save_as_translated, stored


def test_download_fill_and_upload_a_po(page, live_app, tmp_path):
    open_editor(page, "translator")
    for position in (1, 2, 3):
        save_as_translated(page, position, f"번역 {position}")
    with live_app.app_context():
        approve_translation(get_segment_translation(
            get_segment_translation_id(live_app, 1), "ko"), get_user("editor"))  # fmt: skip
        db.session.commit()

    page.locator(".downloads summary").click()
    with page.expect_download() as started:
        page.get_by_role("link", name="PO, all work (drafts marked fuzzy)").click()
    download = started.value
    assert download.suggested_filename == f"{SLUG}.ko.po"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    po = polib.pofile(str(path))
    for entry in po:
        if not entry.msgstr:
            entry.msgstr = f"채움 {entry.occurrences[0][1]}"
    po.find(po[2].msgid, msgctxt=po[2].msgctxt).msgstr = "파일에서 고침"
    po.save(str(path))
    # Meanwhile paragraph 3 changes in the app: the file's change to it must not win.
    with live_app.app_context():
        st = get_segment_translation(get_segment_translation_id(live_app, 3), "ko")
        save_translation(st, get_user("editor"), text="앱에서 고침", base_revision=st.revision,
                         state="translated")  # fmt: skip
        db.session.commit()

    # The menu is still open from the download.
    page.get_by_role("link", name="Upload translations…").click()
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    # 12 entries (the "*" separator is not in the catalog): 9 filled, 2 unchanged, 1 conflict.
    expect(page.locator("p[role=status]")).to_have_text(
        "9 translated, 0 drafts, 2 unchanged, 0 empty, 1 conflicts, 0 not found."
    )
    conflict = page.locator("table.conflicts tbody tr")
    expect(conflict).to_have_count(1)
    expect(conflict).to_contain_text("앱에서 고침")
    expect(conflict).to_contain_text("파일에서 고침")
    shoot(page, "upload-report")

    assert stored(live_app, 1) == ("번역 1", "approved", 1)
    assert stored(live_app, 3)[0] == "앱에서 고침"
    assert stored(live_app, 4)[:2] == ("채움 4", "translated")
    page.get_by_role("link", name="Back to the editor").click()
    expect(row(page, 13).locator(".badge")).to_have_text("Translated")


def get_segment_translation_id(app, position: int) -> int:
    from translate_app.services.articles import get_article

    with app.app_context():
        return get_article(SLUG).segments[position - 1].id
