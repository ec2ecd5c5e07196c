"""XLIFF and TMX of a real article: exports valid against the official schemas, and the
way back in through import-translations, as a CAT tool would send them."""

import re

import pytest
from lxml import etree

from translate_app.domain.states import State
from translate_app.extensions import db
from translate_app.models import TranslationVersion
from translate_app.services.articles import get_segment_translation
from translate_app.services.comments import add_comment
from translate_app.services.reviewing import approve_translation, reject_translation
from translate_app.services.translating import save_translation

from .conftest import SLUG
from .exchange_helpers import tmx_dtd, xliff12_schema, xliff20_schema

XLIFF12, XLIFF20, TMX_DTD = xliff12_schema(), xliff20_schema(), tmx_dtd()

NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
NS20 = {"x": "urn:oasis:names:tc:xliff:document:2.0"}


@pytest.fixture
def worked(article, users):
    """1 approved (with a comment), 2 translated, 3 a draft, 4 rejected, the rest nothing."""
    t, e = users["translator"], users["editor"]
    plan = [(1, "평양의 지방화", "translated"), (2, "둘째", "translated"),
            (3, "셋째 초안", "draft"), (4, "넷째", "translated")]  # fmt: skip
    for position, text, state in plan:
        st = get_segment_translation(article.segments[position - 1].id, "ko")
        save_translation(st, t, text=text, base_revision=0, state=state)
        if position == 1:
            approve_translation(st, e)
            add_comment(st, e, "제목은 이대로 좋습니다")
        if position == 4:
            reject_translation(st, e, category="accuracy", severity="major", note="오역")
    db.session.commit()
    return article


def export(runner, tmp_path, fmt, *extra):
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(args=["export", SLUG, "--lang", "ko", "--format", fmt, *extra,
                                 "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote the {fmt} of {SLUG} (ko) to {out}"
    return out


def upload(runner, path):
    return runner.invoke(args=["import-translations", str(path), "--slug", SLUG, "--lang", "ko",
                               "--user", "translator"])  # fmt: skip


@pytest.mark.parametrize(("fmt", "validator"), [("xliff12", XLIFF12), ("xliff20", XLIFF20)])
@pytest.mark.parametrize("extra", [[], ["--include-unapproved"]])
def test_xliff_exports_of_an_article_validate(runner, tmp_path, worked, fmt, validator, extra):
    path = export(runner, tmp_path, fmt, *extra)
    tree = etree.parse(str(path))
    assert validator.validate(tree), validator.error_log
    ns = NS12 if fmt == "xliff12" else NS20
    unit = "x:trans-unit" if fmt == "xliff12" else "x:unit"
    assert len(tree.findall(f".//{unit}", ns)) == sum(s.translatable for s in worked.segments)
    targets = [t.text for t in tree.findall(".//x:target", ns)]
    expected = ["평양의 지방화", "둘째", "셋째 초안", "넷째"] if extra else ["평양의 지방화"]
    assert targets == expected
    assert "editor: 제목은 이대로 좋습니다" in path.read_text(encoding="utf-8")


def test_tmx_export_of_an_article_validates_and_holds_approved_pairs(runner, tmp_path, worked):
    path = export(runner, tmp_path, "tmx")
    tree = etree.parse(str(path))
    assert TMX_DTD.validate(tree), TMX_DTD.error_log
    tus = tree.findall("body/tu")
    assert len(tus) == 1 and tus[0].get("creationid") == "translator"
    assert [s.text for s in tus[0].iter("seg")] == [worked.segments[0].source, "평양의 지방화"]
    assert len(etree.parse(str(export(runner, tmp_path, "tmx", "--include-unapproved")))
               .findall("body/tu")) == 4  # fmt: skip


def test_xliff_round_trip_through_a_cat_tool(runner, tmp_path, worked, users):
    path = export(runner, tmp_path, "xliff12", "--include-unapproved")
    tree = etree.parse(str(path))
    units = tree.findall(".//x:trans-unit", NS12)
    # The CAT tool: fills 5 as translated, 6 as a draft ("new"), changes 2.
    for index, text, state in [(4, "다섯째", "translated"), (5, "여섯째", "new"),
                               (1, "고친 둘째", "translated")]:  # fmt: skip
        target = units[index].find("x:target", NS12)
        if target is None:
            target = etree.SubElement(units[index], f"{{{NS12['x']}}}target")
            units[index].insert(1, target)
        target.text, target.attrib["state"] = text, state
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    # Meanwhile someone changes 2 in the app: the file's change to it is a conflict.
    st2 = get_segment_translation(worked.segments[1].id, "ko")
    save_translation(st2, users["editor"], text="앱의 둘째", base_revision=st2.revision,
                     state="translated")  # fmt: skip
    db.session.commit()
    result = upload(runner, path)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "out.xliff12: 1 translated, 1 drafts, 3 unchanged, 6 empty, 1 conflicts, 0 not found"
    )
    states = {p: get_segment_translation(worked.segments[p - 1].id, "ko") for p in (1, 2, 5, 6)}
    assert (states[5].text, states[5].state_enum) == ("다섯째", State.TRANSLATED)
    assert (states[6].text, states[6].state_enum) == ("여섯째", State.DRAFT)
    assert states[2].text == "앱의 둘째"
    assert states[1].state_enum == State.APPROVED


def test_xliff20_round_trip_and_a_foreign_xliff_never_overwrites(runner, tmp_path, worked):
    path = export(runner, tmp_path, "xliff20", "--include-unapproved")
    text = path.read_text(encoding="utf-8").replace("둘째", "이제 둘째")
    path.write_text(text, encoding="utf-8")
    result = upload(runner, path)
    assert ": 1 translated, 0 drafts" in result.output and "0 conflicts" in result.output
    # Without this app's export date, a text differing from the app's is a conflict.
    foreign = text.replace('category="x-exported-at"', 'category="when"').replace(
        "이제 둘째", "또 다른 둘째")  # fmt: skip
    path.write_text(foreign, encoding="utf-8")
    result = upload(runner, path)
    assert ": 0 translated, 0 drafts" in result.output and "1 conflicts" in result.output
    assert "the file does not say when it was made" in result.output


def test_tmx_of_an_article_comes_back_in_and_reports_what_it_skipped(runner, tmp_path, worked):
    path = export(runner, tmp_path, "tmx", "--include-unapproved")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'<tuv xml:lang="ko">\s*<seg>셋째 초안</seg>\s*</tuv>', "",
                  text.replace("<seg>둘째</seg>", "<seg>새 둘째</seg>"))  # fmt: skip
    assert "셋째 초안" not in text
    path.write_text(text, encoding="utf-8")
    result = upload(runner, path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        lines[0]
        == "out.tmx: 1 translated, 0 drafts, 2 unchanged, 0 empty, 0 conflicts, 1 not found"
    )
    assert lines[1].startswith("not imported: line") and "tu has no tuv in ko" in lines[1]
    assert get_segment_translation(worked.segments[1].id, "ko").text == "새 둘째"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]>\n<x>&a;</x>',
         "bad.xlf: line 2: entity declarations are not accepted"),
        ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
         'trgLang="ja"><file id="f"><unit id="u"><segment><source>a</source></segment></unit>'
         "</file></xliff>", "bad.xlf: the file's target language is ja, but this upload is for ko"),
        ("<xliff><file>", "bad.xlf: line 1: not well-formed XML"),
        ('<tmx version="1.4"><body/></tmx>', "bad.xlf: line 1: not a valid TMX 1.4 file"),
    ],
)  # fmt: skip
def test_bad_xml_uploads_are_refused_whole(runner, tmp_path, worked, content, message):
    path = tmp_path / "bad.xlf"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    versions = db.session.query(TranslationVersion).count()
    result = upload(runner, path)
    assert result.exit_code != 0 and message in result.output, result.output
    assert db.session.query(TranslationVersion).count() == versions


def test_the_whole_memory_of_a_language_pair_as_tmx(runner, tmp_path, worked, users):
    from translate_app.services.importing import import_article

    from .conftest import SEED

    other = import_article(SEED.read_bytes(), "other.en.txt", source_lang="en",
                           target_langs=["ko", "ja"], slug="other")  # fmt: skip
    for lang, text in [("ko", "다른 기사"), ("ja", "別の記事")]:
        st = get_segment_translation(other.segments[2].id, lang)
        save_translation(st, users["translator"], text=text, base_revision=0, state="translated")
        approve_translation(st, users["editor"])
    db.session.commit()
    out = tmp_path / "memory.tmx"
    result = runner.invoke(args=["memory", "export", "--source-lang", "en", "--target-lang", "ko",
                                 "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote 2 translation units (en -> ko) to {out}"
    tree = etree.parse(str(out))
    assert TMX_DTD.validate(tree), TMX_DTD.error_log
    notes = [tu.findtext("note") for tu in tree.findall("body/tu")]
    assert notes == [f"{SLUG}: paragraph 1 (title)", "other: paragraph 3 (paragraph)"]
    assert [tu.get("creationid") for tu in tree.findall("body/tu")] == ["translator"] * 2
    assert all(tu.get("creationdate", "").endswith("Z") for tu in tree.findall("body/tu"))
    result = runner.invoke(args=["memory", "export", "--source-lang", "en", "--target-lang", "xx-!",
                                 "-o", str(out)])  # fmt: skip
    assert result.exit_code != 0 and "unknown language code 'xx-!'" in result.output


def test_text_xml_cannot_carry_is_refused_by_name_not_a_crash(runner, tmp_path, worked, users):
    from translate_app.models import Comment

    # Saves and comments refuse such characters; a row written around them must still
    # not turn an export into a crash.
    db.session.add(Comment(segment_id=worked.segments[0].id, lang="ko",
                           author_id=users["editor"].id, text="bell \x07"))  # fmt: skip
    db.session.commit()
    out = tmp_path / "x.xlf"
    result = runner.invoke(args=["export", SLUG, "--lang", "ko", "--format", "xliff12",
                                 "-o", str(out)])  # fmt: skip
    assert result.exit_code != 0
    assert f"{SLUG} cannot be written as xliff12: " in result.output
    assert "U+0007" in result.output and not out.exists()
