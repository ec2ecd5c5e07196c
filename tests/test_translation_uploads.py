"""PO round trip: download, edit in another tool (polib stands in for Poedit), upload."""

from pathlib import Path

import polib
import pytest

from translate_app.domain.po import read_po
from translate_app.domain.states import State
from translate_app.extensions import db
from translate_app.models import AuditEvent, TranslationVersion
from translate_app.services.articles import get_segment_translation
from translate_app.services.reviewing import approve_translation
from translate_app.services.translating import save_translation

from .conftest import SLUG

WTFORMS = Path(polib.__file__).parent / "wtforms" / "locale"


@pytest.fixture
def half_done(article, users):
    """Segments 1-3 approved, 4 translated, 5 a draft, the rest untranslated."""
    t, e = users["translator"], users["editor"]
    for position in range(1, 6):
        st = get_segment_translation(article.segments[position - 1].id, "ko")
        state = "draft" if position == 5 else "translated"
        save_translation(st, t, text=f"번역 {position}", base_revision=0, state=state)
        if position <= 3:
            approve_translation(st, e)
    db.session.commit()
    return article


def download(runner, tmp_path, *extra) -> Path:
    out = tmp_path / "download.po"
    result = runner.invoke(args=["export", SLUG, "--lang", "ko", "--format", "po", *extra,
                                 "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def upload(runner, path, user="translator", lang="ko"):
    return runner.invoke(
        args=["import-translations", str(path), "--slug", SLUG, "--lang", lang, "--user", user]
    )


def state_of(article, position):
    st = get_segment_translation(article.segments[position - 1].id, "ko")
    db.session.refresh(st)
    return st


def test_round_trip_through_another_editor(runner, tmp_path, half_done, users):
    article = half_done
    path = download(runner, tmp_path, "--include-unapproved")
    po = polib.pofile(str(path))
    entries = {e.msgctxt: e for e in po}
    # Position 7 is the "*" separator: not in catalogs.
    key = {p: article.segments[p - 1].key for p in range(1, 14) if p != 7}
    assert entries[key[5]].fuzzy and entries[key[5]].msgstr == "번역 5"
    for position in (6, *range(8, 14)):
        entries[key[position]].msgstr = f"새 번역 {position}"
    entries[key[13]].flags.append("fuzzy")
    entries[key[5]].msgstr = "고친 초안"
    entries[key[5]].flags.remove("fuzzy")
    entries[key[4]].msgstr = "내 판"  # changed in the app meanwhile: a conflict
    po.save(str(path))
    st4 = state_of(article, 4)
    save_translation(st4, users["editor"], text="앱에서 고침", base_revision=st4.revision,
                     state="translated")  # fmt: skip
    db.session.commit()
    versions_before = db.session.query(TranslationVersion).count()

    result = upload(runner, path)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "download.po: 7 translated, 1 drafts, 3 unchanged, 0 empty, 1 conflicts, 0 not found"
    )
    assert "conflict: line" in result.output and "paragraph 4" in result.output
    assert "'앱에서 고침'" in result.output and "'내 판'" in result.output
    assert db.session.query(TranslationVersion).count() == versions_before + 8
    for position in range(1, 4):  # approved ones untouched
        st = state_of(article, position)
        assert (st.state_enum, st.text) == (State.APPROVED, f"번역 {position}")
    assert (state_of(article, 4).text, state_of(article, 4).state_enum) == (
        "앱에서 고침", State.TRANSLATED)  # fmt: skip
    assert (state_of(article, 5).text, state_of(article, 5).state_enum) == (
        "고친 초안", State.TRANSLATED)  # fmt: skip
    for position in (6, *range(8, 13)):  # 7 is the separator
        st = state_of(article, position)
        assert (st.text, st.state_enum) == (f"새 번역 {position}", State.TRANSLATED)
        assert st.current_version.author.name == "translator"
    assert state_of(article, 13).state_enum == State.DRAFT
    event = db.session.query(AuditEvent).filter_by(action="import_translations").one()
    assert event.target == f"article:{SLUG}/ko" and event.detail.startswith("download.po: 7")


def test_a_file_of_approved_texts_does_not_undo_an_edit_awaiting_review(
    runner, tmp_path, half_done, users
):
    path = download(runner, tmp_path)  # approved only
    st = state_of(half_done, 1)
    save_translation(st, users["translator"], text="검토 대기", base_revision=st.revision,
                     state="translated")  # fmt: skip
    db.session.commit()
    result = upload(runner, path)
    assert "0 translated, 0 drafts, 3 unchanged" in result.output
    assert state_of(half_done, 1).text == "검토 대기"


def test_an_export_time_without_a_zone_is_taken_as_utc(runner, tmp_path, half_done, users):
    path = download(runner, tmp_path, "--include-unapproved")
    po = polib.pofile(str(path))
    po.metadata["X-Exported-At"] = "2000-01-01T00:00:00"  # long before any version
    po.find(half_done.segments[3].source, msgctxt=half_done.segments[3].key).msgstr = "딴 번역"
    po.save(str(path))
    result = upload(runner, path)
    assert result.exit_code == 0, result.output
    assert "0 translated" in result.output and "1 conflicts" in result.output


def test_a_file_that_does_not_say_when_it_was_made_never_overwrites(runner, tmp_path, half_done):
    path = download(runner, tmp_path, "--include-unapproved")
    po = polib.pofile(str(path))
    del po.metadata["X-Exported-At"]
    po.find(half_done.segments[3].source, msgctxt=half_done.segments[3].key).msgstr = "딴 번역"
    po.find(half_done.segments[7].source, msgctxt=half_done.segments[7].key).msgstr = "빈 곳"
    po.save(str(path))
    result = upload(runner, path)
    assert "1 translated, 0 drafts" in result.output and "1 conflicts" in result.output
    assert "the file does not say when it was made" in result.output
    assert state_of(half_done, 4).text == "번역 4"
    assert state_of(half_done, 8).text == "빈 곳"


def test_entries_are_matched_by_source_when_the_key_is_unknown_and_the_rest_reported(
    runner, tmp_path, half_done
):
    source6, source2 = half_done.segments[5].source, half_done.segments[1].source
    path = tmp_path / "other.po"
    path.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nLanguage: ko_KR\\n"\n\n'
        f'msgid "{source6}"\nmsgstr "출처로 찾음"\n\n'
        'msgctxt "nope"\nmsgid "No such paragraph"\nmsgstr "없음"\n\n'
        f'msgctxt "{half_done.segments[1].key}"\nmsgid "{source2} (changed)"\nmsgstr "x"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "하나"\n\n'
        f'msgctxt "{half_done.segments[5].key}"\nmsgid "{source6}"\nmsgstr "두 번째"\n\n'
        'msgid "empty"\nmsgstr ""\n\n#~ msgid "old"\n#~ msgstr "옛"\n',
        encoding="utf-8",
    )
    result = upload(runner, path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        lines[0]
        == "other.po: 1 translated, 0 drafts, 0 unchanged, 0 empty, 0 conflicts, 5 not found"
    )
    assert (
        lines[1]
        == "not imported: line 7: no paragraph has the key 'nope' or the source 'No such paragraph'"
    )
    assert lines[2].startswith("not imported: line 11: the source of paragraph 2 changed")
    assert lines[3] == "not imported: line 15: a plural entry (msgid_plural); articles have none"
    assert lines[4] == "not imported: line 19: paragraph 6 was already given at line 4"
    assert lines[5].startswith("not imported: line 23: no paragraph has the key None")
    assert state_of(half_done, 6).text == "출처로 찾음"


HEAD = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n"Language: ko\\n"\n\n'
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEAD.format(charset="UTF-8") + 'msgid "a\nmsgstr "b"\n',
         "bad.po: line 6: a string must be one pair of double quotes"),
        (HEAD.format(charset="EUC-KR").encode() + 'msgid "a"\nmsgstr "번역"\n'.encode("euc-kr"),
         "bad.po: line 3: the file declares charset EUC-KR; only UTF-8 is accepted"),
        (HEAD.format(charset="UTF-8").encode() + 'msgid "a"\nmsgstr "번역"\n'.encode("euc-kr"),
         "bad.po: line 7: byte 0xb9 is not UTF-8, though the header says so"),
        ('msgid ""\nmsgstr "Language: ko\\n"\n\nmsgid "a"\nmsgstr "b"\n',
         "bad.po: the header declares no charset"),
        (HEAD.format(charset="UTF-8").replace("ko", "ja") + 'msgid "a"\nmsgstr "b"\n',
         "bad.po: the header's Language is ja, but this upload is for ko"),
        (HEAD.format(charset="UTF-8").replace('"Language', '"X-Exported-At: soon\\n"\n"Language')
         + 'msgid "a"\nmsgstr "b"\n', "bad.po: the header's X-Exported-At is not a date: 'soon'"),
        ('msgid "a"\nmsgstr "b"\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
         "bad.po: line 1: there is no header entry"),
    ],
)  # fmt: skip
def test_a_malformed_file_is_refused_naming_the_line(runner, tmp_path, half_done, content,
                                                     message):  # fmt: skip
    bad = tmp_path / "bad.po"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = upload(runner, bad)
    assert result.exit_code != 0
    assert message in result.output, result.output


def filled(runner, tmp_path) -> str:
    po = polib.pofile(str(download(runner, tmp_path, "--include-unapproved")))
    for entry in po:
        entry.msgstr = entry.msgstr or "채움"
    return str(po)


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        ('\nmsgid "x\nmsgstr ""\n', "line {n}: a string must be one pair of double quotes"),
        ("", "line {first}: the translation has 2 characters; the limit is 1"),
    ],
)
def test_one_bad_entry_refuses_the_whole_file(app, runner, tmp_path, half_done, tail, message):
    text = filled(runner, tmp_path) + tail
    if not tail:
        app.config["MAX_SEGMENT_CHARS"] = 1  # the first filled entry is too long to save
    bad = tmp_path / "bad.po"
    bad.write_text(text, encoding="utf-8")
    versions = db.session.query(TranslationVersion).count()
    result = upload(runner, bad)
    assert result.exit_code != 0
    lines = text.splitlines()
    filled_at = lines.index('msgstr "채움"')
    first = max(n for n in range(filled_at) if lines[n].startswith("msgctxt")) + 1
    expected = message.format(n=text.count("\n") - 1, first=first)
    assert f"bad.po: {expected}" in result.output, result.output
    db.session.rollback()
    assert db.session.query(TranslationVersion).count() == versions


@pytest.mark.parametrize(
    ("user", "lang", "message"),
    [
        ("translator", "fr", "is not translated into 'fr'"),
        ("nobody", "ko", "no user"),
    ],
)
def test_who_and_what_language_are_checked_first(runner, tmp_path, half_done, user, lang, message):
    path = download(runner, tmp_path)
    result = upload(runner, path, user=user, lang=lang)
    assert result.exit_code != 0 and message in result.output


def test_a_user_limited_to_other_languages_may_not_upload(runner, tmp_path, half_done, users):
    assert runner.invoke(args=["users", "langs", "translator", "--lang", "ja"]).exit_code == 0
    result = upload(runner, download(runner, tmp_path))
    assert result.exit_code != 0 and "ja" in result.output


def test_a_file_past_the_import_limit_is_refused(app, runner, tmp_path, half_done):
    path = download(runner, tmp_path)
    app.config["MAX_IMPORT_BYTES"] = path.stat().st_size - 1
    result = upload(runner, path)
    assert result.exit_code != 0 and "MAX_IMPORT_BYTES" in result.output
    app.config["MAX_IMPORT_BYTES"] = path.stat().st_size
    assert upload(runner, path).exit_code == 0


@pytest.mark.parametrize("path", sorted(WTFORMS.glob("*/LC_MESSAGES/wtforms.po")), ids=str)
def test_real_po_files_read_as_polib_reads_them(path):
    ours = read_po(path.read_text(encoding="utf-8"))
    theirs = polib.pofile(str(path))
    assert [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy) for e in ours.entries if not e.obsolete] == [
        (e.msgctxt, e.msgid, e.msgstr or e.msgstr_plural.get(0, ""), e.fuzzy)
        for e in theirs if not e.obsolete
    ]  # fmt: skip
    assert ours.header["Content-Type"].lower().endswith("utf-8")


def test_a_real_po_of_another_project_is_reported_not_imported(runner, half_done):
    result = upload(runner, WTFORMS / "ko" / "LC_MESSAGES" / "wtforms.po")
    assert result.exit_code == 0, result.output
    assert ": 0 translated, 0 drafts" in result.output
    assert result.output.count("not imported: line") >= 20
