import gettext
import os
import subprocess

import polib
import pytest

from translate_app.extensions import db
from translate_app.services.articles import get_segment_translation
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .conftest import SEED, SLUG


@pytest.fixture
def translated(article, users):
    """Segment 2 approved, segment 3 translated but not approved, segment 4 a draft."""
    t, e = users["translator"], users["editor"]
    plan = [(2, "승인된 번역", "translated", True), (3, "검토 전", "translated", False),
            (4, "초안일 뿐", "draft", False)]  # fmt: skip
    segments = {}
    for position, text, state, approve in plan:
        segment = article.segments[position - 1]
        st = get_segment_translation(segment.id, "ko")
        save_translation(st, t, text=text, base_revision=0, state=state)
        if approve:
            approve_translation(st, e)
        segments[position] = segment
    db.session.commit()
    return segments


def compile_ok(runner, *args):
    result = runner.invoke(args=["compile", *args])
    assert result.exit_code == 0, result.output
    return result


def test_compile_writes_po_and_mo_that_gnu_gettext_accepts(app, runner, translated):
    result = compile_ok(runner)
    po_path = app.config["LOCALES_DIR"] + f"/ko/LC_MESSAGES/{SLUG}.po"
    assert f"{po_path} (1/12 approved)" in result.output  # the "*" separator is not in it
    check = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", po_path],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert "1 translated message, 11 untranslated messages" in check.stderr


def test_mo_gives_the_approved_text_and_never_a_draft(app, runner, translated):
    compile_ok(runner, SLUG)
    mo_path = app.config["LOCALES_DIR"] + f"/ko/LC_MESSAGES/{SLUG}.mo"
    with open(mo_path, "rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for position, expected in [(2, "승인된 번역"), (3, None), (4, None)]:
        segment = translated[position]
        assert catalog.pgettext(segment.key, segment.source) == (expected or segment.source)
    assert catalog.info()["language"] == "ko"


def test_po_entries_carry_key_source_and_comments(app, runner, article, translated):
    compile_ok(runner)
    po = polib.pofile(app.config["LOCALES_DIR"] + f"/ko/LC_MESSAGES/{SLUG}.po")
    assert len(po) == len([s for s in article.segments if s.translatable])
    entry = po.find(translated[2].source, msgctxt=translated[2].key)
    assert entry.msgstr == "승인된 번역"
    assert f"{SLUG}: {article.title}" in entry.comment
    assert "paragraph 2 (paragraph)" in entry.comment
    assert po.find(translated[4].source, msgctxt=translated[4].key).msgstr == ""
    meta = po.metadata
    assert meta["Language"] == "ko"
    assert meta["Plural-Forms"] == "nplurals=1; plural=0;"
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["PO-Revision-Date"][:4].isdigit()
    assert meta["Last-Translator"] == "translator"


def test_an_edit_after_approval_keeps_the_approved_text_in_the_catalog(app, runner, translated):
    segment = translated[2]
    st = get_segment_translation(segment.id, "ko")
    save_translation(st, st.current_version.author, text="새 초안", base_revision=1, state="draft")
    db.session.commit()
    compile_ok(runner)
    po = polib.pofile(app.config["LOCALES_DIR"] + f"/ko/LC_MESSAGES/{SLUG}.po")
    entry = po.find(segment.source, msgctxt=segment.key)
    assert (entry.msgstr, entry.fuzzy) == ("승인된 번역", False)
    with open(app.config["LOCALES_DIR"] + f"/ko/LC_MESSAGES/{SLUG}.mo", "rb") as handle:
        assert (
            gettext.GNUTranslations(handle).pgettext(segment.key, segment.source) == "승인된 번역"
        )


def test_compile_leaves_no_temporary_files(app, runner, translated):
    compile_ok(runner)
    compile_ok(runner)
    folder = app.config["LOCALES_DIR"] + "/ko/LC_MESSAGES"
    assert sorted(os.listdir(folder)) == [f"{SLUG}.mo", f"{SLUG}.po"]


def test_compile_of_an_unknown_article_fails(runner, article):
    result = runner.invoke(args=["compile", "no-such-article"])
    assert result.exit_code != 0
    assert "no article with the slug 'no-such-article'" in result.output


def test_compile_with_nothing_changed_rewrites_nothing(app, runner, users, translated):
    compile_ok(runner, SLUG)
    folder = app.config["LOCALES_DIR"] + "/ko/LC_MESSAGES"
    before = {name: os.stat(f"{folder}/{name}").st_ino for name in os.listdir(folder)}
    compile_ok(runner, SLUG)
    assert {name: os.stat(f"{folder}/{name}").st_ino for name in os.listdir(folder)} == before
    # An approval changes the catalog, and only then is it written again.
    st = get_segment_translation(translated[3].id, "ko")
    approve_translation(st, users["editor"])
    db.session.commit()
    compile_ok(runner, SLUG)
    after = {name: os.stat(f"{folder}/{name}").st_ino for name in os.listdir(folder)}
    assert all(after[name] != before[name] for name in before)
    po = polib.pofile(f"{folder}/{SLUG}.po")
    assert po.find(translated[3].source, msgctxt=translated[3].key).msgstr == "검토 전"


def export(runner, tmp_path, *args):
    out = tmp_path / "out"
    result = runner.invoke(args=["export", SLUG, *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_export_po_approved_only_by_default(runner, tmp_path, translated):
    out, output = export(runner, tmp_path, "--lang", "ko", "--format", "po")
    assert output.strip() == f"wrote the po of {SLUG} (ko) to {out}"
    po = polib.pofile(str(out))
    texts = {e.msgctxt: (e.msgstr, e.fuzzy) for e in po}
    assert texts[translated[2].key] == ("승인된 번역", False)
    assert texts[translated[3].key] == ("", False)
    assert texts[translated[4].key] == ("", False)
    assert po.metadata["X-Exported-At"].startswith("20")
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], capture_output=True)
    assert check.returncode == 0 and check.stderr == b""


def test_export_po_with_unapproved_marks_drafts_fuzzy(runner, tmp_path, translated):
    out, _ = export(runner, tmp_path, "--lang", "ko", "--format", "po", "--include-unapproved")
    texts = {e.msgctxt: (e.msgstr, e.fuzzy) for e in polib.pofile(str(out))}
    assert texts[translated[2].key] == ("승인된 번역", False)
    assert texts[translated[3].key] == ("검토 전", False)
    assert texts[translated[4].key] == ("초안일 뿐", True)


def test_export_pot_and_mo_agree_with_gnu_gettext(runner, tmp_path, translated):
    pot, output = export(runner, tmp_path, "--format", "pot")
    assert output.strip() == f"wrote the pot of {SLUG} to {pot}"
    po, _ = export(runner, tmp_path / "po", "--lang", "ko", "--format", "po")
    compared = subprocess.run(
        ["msgcmp", "--use-untranslated", "--use-fuzzy", str(po), str(pot)], capture_output=True
    )
    assert compared.returncode == 0, compared.stderr
    mo, _ = export(runner, tmp_path / "mo", "--lang", "ko", "--format", "mo")
    with open(mo, "rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.pgettext(translated[2].key, translated[2].source) == "승인된 번역"
    assert catalog.pgettext(translated[3].key, translated[3].source) == translated[3].source


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "po", "--edition", "1"], "--edition is for editions (html, md, ...), not po"),
        (["--format", "mo", "--layout", "interleaved"], "--layout is for editions (html, md, ...)"),
        (["--format", "html", "--include-unapproved"], "--include-unapproved is for catalogs"),
        (["--format", "po", "--lang", "fr"], "is not translated into 'fr'"),
        (["--format", "xls"], "'xls' is not one of"),
    ],
)
def test_export_refuses_options_that_do_not_fit(runner, tmp_path, article, args, message):
    result = runner.invoke(args=["export", SLUG, *args, "-o", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "x").exists()


def test_identical_paragraphs_in_two_articles_never_collide(app, runner, tmp_path, article, users):
    from translate_app.services.importing import import_article

    twin = import_article(SEED.read_bytes(), "twin.en.txt", source_lang="en", target_langs=["ko"],
                          slug="twin")  # fmt: skip
    for source_article, text in [(article, "첫 기사의 번역"), (twin, "둘째 기사의 번역")]:
        st = get_segment_translation(source_article.segments[1].id, "ko")
        save_translation(st, users["translator"], text=text, base_revision=0, state="translated")
        approve_translation(st, users["editor"])
    db.session.commit()
    compile_ok(runner)
    folder = app.config["LOCALES_DIR"] + "/ko/LC_MESSAGES"
    for slug, text in [(SLUG, "첫 기사의 번역"), ("twin", "둘째 기사의 번역")]:
        with open(f"{folder}/{slug}.mo", "rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        assert catalog.pgettext(article.segments[1].key if slug == SLUG else twin.segments[1].key,
                                article.segments[1].source) == text  # fmt: skip
    # Even merged into one catalog, the keys keep the two apart: no conflict markers.
    merged = subprocess.run(["msgcat", f"{folder}/{SLUG}.po", f"{folder}/twin.po"],
                            capture_output=True, text=True)  # fmt: skip
    assert merged.returncode == 0, merged.stderr
    entries = [e for e in polib.pofile(merged.stdout) if e.msgid]
    assert len(entries) == 2 * len([s for s in article.segments if s.translatable])
    assert not any("#-#-#-#-#" in e.msgstr for e in entries)  # only the headers differ
    assert article.segments[1].key != twin.segments[1].key
