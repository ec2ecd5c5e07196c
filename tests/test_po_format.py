"""The PO writer and reader and the MO writer, against GNU gettext and Python's gettext."""

import gettext
import io
import subprocess
from datetime import UTC, datetime

import polib
import pytest

from translate_app.domain.catalogs import (
    CatalogEntry,
    CatalogInfo,
    mo_bytes,
    po_bytes,
    read_translations,
)
from translate_app.domain.languages import parse_language
from translate_app.domain.mo import MAGIC, mo_key, write_mo
from translate_app.domain.po import POEntry, POSyntaxError, quote, read_po, write_po

WHEN = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
HARD = 'Quotes " and \\ backslash,\ttab, 평양의 "수도"'
ENTRIES = [
    CatalogEntry("t-1", "The provincialization of Pyongyang", "평양의 지방화", 1, "title"),
    CatalogEntry("p-2", "Same paragraph.", "", 2, "paragraph"),
    CatalogEntry("p-3", "Same paragraph.", "같은 문단.", 3, "paragraph"),
    CatalogEntry("p-4", HARD, "초안 " + HARD, 4, "paragraph", fuzzy=True, previous_source="Old."),
    CatalogEntry("p-5", "x" * 5000, "긴 " * 3000, 5, "paragraph"),
]
KO = CatalogInfo("art", "Title", "en", parse_language("ko"), WHEN, WHEN, "kim")
POT = CatalogInfo("art", "Title", "en", None, WHEN)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True)


def test_msgfmt_check_accepts_the_po_without_a_warning(tmp_path):
    path = tmp_path / "art.po"
    path.write_bytes(po_bytes(KO, ENTRIES))
    result = run("msgfmt", "--check", "--statistics", "-o", str(tmp_path / "x.mo"), str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == (
        "3 translated messages, 1 fuzzy translation, 1 untranslated message."
    )


def test_the_template_passes_msgfmt_and_msgcmp_agrees_with_it(tmp_path):
    pot, po = tmp_path / "art.pot", tmp_path / "art.po"
    pot.write_bytes(po_bytes(POT, ENTRIES))
    po.write_bytes(po_bytes(KO, ENTRIES))
    check = run("msgfmt", "--check", "-o", "/dev/null", str(pot))
    assert check.returncode == 0, check.stderr
    # A template has no language: that is the one thing msgfmt may say about it.
    assert [line for line in check.stderr.splitlines() if "'Language'" not in line] == []
    compared = run("msgcmp", "--use-untranslated", "--use-fuzzy", str(po), str(pot))
    assert compared.returncode == 0, compared.stderr
    entries = polib.pofile(str(pot))
    assert [e.msgstr for e in entries] == [""] * len(ENTRIES)


def test_msgunfmt_reads_our_mo_as_msgfmt_would_write_it(tmp_path):
    po = tmp_path / "art.po"
    po.write_bytes(po_bytes(KO, ENTRIES))
    ours = tmp_path / "ours.mo"
    ours.write_bytes(mo_bytes(KO, ENTRIES))
    theirs = tmp_path / "theirs.mo"
    assert run("msgfmt", "-o", str(theirs), str(po)).returncode == 0
    assert run("msgunfmt", str(ours)).stdout == run("msgunfmt", str(theirs)).stdout


def test_pythons_gettext_finds_every_approved_text_by_context():
    catalog = gettext.GNUTranslations(io.BytesIO(mo_bytes(KO, ENTRIES)))
    assert catalog.pgettext("t-1", "The provincialization of Pyongyang") == "평양의 지방화"
    # Identical sources apart by their keys; the untranslated one falls back to the source.
    assert catalog.pgettext("p-3", "Same paragraph.") == "같은 문단."
    assert catalog.pgettext("p-2", "Same paragraph.") == "Same paragraph."
    assert catalog.pgettext("p-4", HARD) == HARD  # fuzzy: never in the binary catalog
    assert catalog.pgettext("p-5", "x" * 5000) == "긴 " * 3000
    assert catalog.info()["language"] == "ko"
    assert catalog.info()["plural-forms"] == "nplurals=1; plural=0;"


def test_mo_layout_sorted_originals_and_no_hash_table():
    data = write_mo("Language: ko\n", [("b", "x", "2"), ("a", "x", "1"), (None, "empty", "")])
    assert int.from_bytes(data[:4], "little") == MAGIC
    count = int.from_bytes(data[8:12], "little")
    assert count == 3  # the header and two messages; the empty one is left out
    assert int.from_bytes(data[20:24], "little") == 0
    assert data.index(mo_key("a", "x")) < data.index(mo_key("b", "x"))
    assert mo_key("a", "x") == b"a\x04x" and mo_key(None, "x") == b"x"


def test_po_header_has_every_field_and_no_line_is_wrapped():
    text = po_bytes(KO, ENTRIES).decode()
    po = polib.pofile(text)
    assert list(po.metadata) == [
        "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
        "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
        "Content-Transfer-Encoding", "Plural-Forms", "X-Generator", "X-Source-Language",
    ]  # fmt: skip
    assert po.metadata["PO-Revision-Date"] == "2026-11-29 03:00+0000"
    assert po.metadata["Language-Team"] == "Korean <ko>"
    assert any(len(line) > 5000 for line in text.splitlines())
    entry = po.find(HARD, msgctxt="p-4")
    assert entry.msgstr == "초안 " + HARD
    assert "fuzzy" in entry.flags and entry.previous_msgid == "Old."
    assert entry.comment == "art: Title\nparagraph 4 (paragraph)"
    assert entry.occurrences == [("art", "4")]


def test_the_template_leaves_every_translation_and_fuzzy_mark_out():
    text = po_bytes(POT, ENTRIES).decode()
    assert [line for line in text.splitlines() if line.startswith("msgstr ")] == ['msgstr ""'] * (
        len(ENTRIES) + 1
    )
    assert '#, fuzzy\nmsgid ""' in text  # only the header is fuzzy, as in any template
    assert text.count("#, fuzzy") == 1 and "#|" not in text
    assert '"Language: \\n"' in text and "Plural-Forms" not in text


@pytest.mark.parametrize(
    "text",
    ["", "plain", 'quote " and \\', "tab\tnewline\nreturn\r", '평양은 "수도"', "\\n literal"],
)
def test_quote_and_read_back_are_inverse(text):
    po = read_po(write_po([], {"Content-Type": "text/plain; charset=UTF-8"},
                          [POEntry(msgid=text or "x", msgstr=text, msgctxt="k")]))  # fmt: skip
    assert po.entries[0].msgstr == text
    assert quote(text).startswith('"') and quote(text).endswith('"')


HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_reader_takes_what_po_editors_write():
    text = HEADER + (
        "# translator comment\n#. extracted\n#: file:1 file:2\n#, fuzzy, python-format\n"
        '#| msgid "old"\n#| "er"\nmsgctxt "k1"\nmsgid ""\n"long "\n"source"\nmsgstr ""\n'
        '"번역"\n\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "하나"\nmsgstr[1] "여럿"\n\n'
        '#~ msgid "gone"\n#~ msgstr "사라짐"\n#~| msgid "older"\n\nmsgid "\\x41\\101"\nmsgstr "b"\n'
    )
    po = read_po(text)
    first, plural, obsolete, escaped = po.entries
    assert (first.msgctxt, first.msgid, first.msgstr) == ("k1", "long source", "번역")
    assert first.fuzzy and first.previous_msgid == "older"
    assert first.flags == ["fuzzy", "python-format"]
    assert first.extracted == ["extracted"] and first.references == ["file:1", "file:2"]
    assert first.line == 10
    assert plural.plural and plural.msgstr == "하나"
    assert obsolete.obsolete and obsolete.msgid == "gone"
    assert escaped.msgid == "AA"
    assert po.header["Content-Type"] == "text/plain; charset=UTF-8"


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        ('msgid "a\nmsgstr "b"\n', 4, "one pair of double quotes"),
        ('msgid "a"\nmsgstr "b"\nfoo "x"\n', 6, "unknown keyword"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 7, "duplicate message definition"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 6, "msgid appears twice"),
        ('msgctxt "k"\nmsgstr "b"\n', 5, "msgstr without a msgid"),
        ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 6, "msgstr appears twice"),
        ('msgctxt "k"\nmsgid "a"\nmsgctxt "j"\nmsgid "b"\nmsgstr ""\n', 4, "without msgstr"),
        ('msgid "a"\nmsgid "b"\nmsgstr "c"\n', 5, "msgid appears twice"),
        ('msgid "a"\nmsgstr[0] "b"\n', 5, "without msgid_plural"),
        ('msgid "a"\nmsgstr "b"\n"c" "d"\n', 6, "one pair of double quotes"),
        ('msgid "a\\q"\nmsgstr "b"\n', 4, "unknown escape sequence \\q"),
        ('msgid "a"\n', 4, "an entry without msgstr"),
    ],
)
def test_reader_refuses_what_msgfmt_refuses_naming_the_line(body, line, problem):
    with pytest.raises(POSyntaxError) as caught:
        read_po(HEADER + body)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"line {line}: ") and problem in str(caught.value)


def test_reader_refuses_a_string_before_any_keyword():
    with pytest.raises(POSyntaxError, match="line 2: a string outside any msgid"):
        read_po('# comment\n"orphan"\n' + HEADER)


def test_reader_needs_a_header():
    with pytest.raises(POSyntaxError, match="line 1: there is no header entry"):
        read_po('msgid "a"\nmsgstr "b"\n')


def test_same_msgid_in_two_contexts_is_no_duplicate():
    po = read_po(
        HEADER + 'msgctxt "a"\nmsgid "x"\nmsgstr ""\n\nmsgctxt "b"\nmsgid "x"\nmsgstr ""\n'
    )
    assert [(e.msgctxt, e.msgid) for e in po.entries] == [("a", "x"), ("b", "x")]


def test_written_po_is_exactly_the_expected_text():
    text = write_po(
        ["Title", ""],
        {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"},
        [POEntry(msgid="a", msgstr="ㄱ", msgctxt="k", flags=["fuzzy", "no-wrap"],
                 previous_msgid="old", extracted=["one", ""], references=["art:1", "art:2"]),
         POEntry(msgid="b")],
    )  # fmt: skip
    assert text == (
        '# Title\n#\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: ko\\n"\n\n#. one\n#.\n#: art:1\n#: art:2\n#, fuzzy, no-wrap\n'
        '#| msgid "old"\nmsgctxt "k"\nmsgid "a"\nmsgstr "ㄱ"\n\nmsgid "b"\nmsgstr ""\n'
    )


def test_every_header_field_of_a_po_and_a_template():
    po = read_po(po_bytes(KO, ENTRIES).decode())
    assert po.header == {
        "Project-Id-Version": "art", "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2026-11-29 03:00+0000", "PO-Revision-Date": "2026-11-29 03:00+0000",
        "Last-Translator": "kim", "Language-Team": "Korean <ko>", "Language": "ko",
        "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit", "Plural-Forms": "nplurals=1; plural=0;",
        "X-Generator": "translate_app 0.1.0", "X-Source-Language": "en",
    }  # fmt: skip
    pot_text = po_bytes(POT, ENTRIES).decode()
    pot = read_po(pot_text)
    assert pot.header["Language-Team"] == "" and pot.header["Language"] == ""
    assert "Plural-Forms" not in pot.header and "X-Exported-At" not in pot.header
    assert pot_text.startswith("# Title\n# Template of the article 'art' (en source).\n#, fuzzy\n")
    assert (
        po_bytes(KO, ENTRIES)
        .decode()
        .startswith("# Title\n# Translations of the article 'art' (en source).\nmsgid")
    )
    exported = CatalogInfo("art", "T", "en", parse_language("ko"), WHEN, exported_at=WHEN)
    assert read_po(po_bytes(exported, []).decode()).header["X-Exported-At"] == (
        "2026-11-29T03:00:00.000000+00:00"
    )


def test_the_mo_header_leaves_the_template_date_out():
    catalog = gettext.GNUTranslations(io.BytesIO(mo_bytes(KO, ENTRIES)))
    assert "pot-creation-date" not in catalog.info()
    assert catalog.info()["po-revision-date"] == "2026-11-29 03:00+0000"


def test_read_translations_of_a_compiled_catalog():
    assert read_translations(mo_bytes(KO, ENTRIES)) == {
        ("t-1", "The provincialization of Pyongyang"): "평양의 지방화",
        ("p-3", "Same paragraph."): "같은 문단.",
        ("p-5", "x" * 5000): "긴 " * 3000,
    }


def test_reader_details_po_editors_rely_on():
    text = HEADER.replace("\n", "\r\n") + (
        '#.no space\r\n#| msgid "prev"\r\n#: file:3\r\nmsgid "a"\r\nmsgstr "b"\r\n'
    )
    entry = read_po(text).entries[0]
    assert (entry.msgid, entry.msgstr) == ("a", "b")
    assert entry.extracted == ["no space"] and entry.previous_msgid == "prev"
    assert entry.references == ["file:3"]
    header = read_po('msgid ""\nmsgstr "Content-Type: x\\nno colon here\\n: empty name\\n"\n')
    assert header.header == {"Content-Type": "x"}


def test_a_duplicate_after_an_obsolete_entry_is_still_found():
    text = (
        HEADER + '#~ msgid "gone"\n#~ msgstr ""\n\nmsgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n'
    )
    with pytest.raises(POSyntaxError, match=r"line 10: duplicate message definition \(first "
                       r"defined at line 7\)"):  # fmt: skip
        read_po(text)
