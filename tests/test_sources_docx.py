"""Reading an article from a Word document: styles to blocks, runs to inline tags,
footnotes, and the files refused before python-docx opens them."""

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from translate_app.domain.segmentation import SegmentKind, SourceError
from translate_app.domain.sources import read_source
from translate_app.domain.sources.docx import MAX_TOTAL_SIZE, read_docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def add_hyperlink(paragraph, url: str, text: str, *, bold: bool = False) -> None:
    """python-docx has no call for a hyperlink: the usual recipe, a relationship and a
    ``w:hyperlink`` around a run."""
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def add_footnote_reference(paragraph, note_id: int) -> None:
    run = OxmlElement("w:r")
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), str(note_id))
    run.append(ref)
    paragraph._p.append(run)


def to_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0">
    <w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>
    <w:r><w:t xml:space="preserve"> The second note, cited first.</w:t></w:r></w:p></w:footnote>
  <w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>
    <w:r><w:t xml:space="preserve"> See </w:t></w:r>
    <w:hyperlink r:id="rIdNote"><w:r><w:t>the report</w:t></w:r></w:hyperlink>
    <w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve"> (2019)</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""
FOOTNOTE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rIdNote" TargetMode="External"
    Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
    Target="https://example.org/report"/>
</Relationships>"""


def with_footnotes(data: bytes) -> bytes:
    """Adds a footnotes part (python-docx cannot write one) by rewriting the zip."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
                    b"</Types>",
                )
            if item.filename == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", FOOTNOTES)
        target.writestr("word/_rels/footnotes.xml.rels", FOOTNOTE_RELS)
    return out.getvalue()


def sample_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("평양의 지방화", style="Title")
    intro = document.add_paragraph("The ")
    # One bold phrase split over three runs, as Word saves a word typed in several goes.
    for piece in ("provin", "cialization", " of Pyongyang"):
        intro.add_run(piece).bold = True
    intro.add_run(" is ")
    intro.add_run("underway").italic = True
    intro.add_run(", says ")
    add_hyperlink(intro, "https://example.com/interview", "an interview")
    intro.add_run(".")
    add_footnote_reference(intro, 2)
    bad = document.add_paragraph("A ")
    add_hyperlink(bad, "javascript:alert(1)", "hostile link")
    bad.add_run(" stays text.")
    document.add_heading("배급 체계", level=2)
    lines = document.add_paragraph("First line")
    lines.add_run().add_break()
    lines.add_run("second line\tafter a tab")
    add_footnote_reference(lines, 1)
    document.add_paragraph("Markets replaced the ration.", style="Quote")
    for text in ("rice", "corn", "flour"):
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph("nested", style="List Bullet 2")
    for text in ("first step", "second step"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("")
    document.add_paragraph("   ")
    document.add_paragraph("* * *")
    table = document.add_table(rows=3, cols=3)
    table.rows[0].cells[0].text = "City"
    table.rows[0].cells[1].text = "Price"
    merged = table.cell(0, 2).merge(table.cell(1, 2))
    merged.text = "Note"
    table.rows[1].cells[0].text = "Pyongyang"
    table.rows[1].cells[1].text = "5,000"
    wide = table.cell(2, 0).merge(table.cell(2, 1))
    wide.text = "Source: traders"
    wide.add_paragraph("second paragraph")
    document.add_paragraph("Table 1: prices in won", style="Caption")
    breaker = document.add_paragraph()
    breaker.add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("The end.")
    return with_footnotes(to_bytes(document))


@pytest.fixture(scope="module")
def parsed():
    return read_docx(sample_document(), "article.docx")


def test_styles_become_kinds(parsed):
    assert parsed.rule == "docx"
    assert parsed.title == "평양의 지방화"
    got = [(b.kind, b.text) for b in parsed.blocks]
    assert got[0] == (SegmentKind.TITLE, "평양의 지방화")
    assert (SegmentKind.HEADING, "배급 체계") in got
    assert (SegmentKind.BLOCKQUOTE, "Markets replaced the ration.") in got
    assert (SegmentKind.CAPTION, "Table 1: prices in won") in got
    assert (SegmentKind.SEPARATOR, "* * *") in got
    assert (SegmentKind.SEPARATOR, "---") in got  # the page break
    assert got[-3] == (SegmentKind.PARAGRAPH, "The end.")
    heading = next(b for b in parsed.blocks if b.kind is SegmentKind.HEADING)
    assert heading.structure == {"level": 2}
    assert all(b.text.strip() for b in parsed.blocks)


def test_runs_of_one_format_are_one_tag(parsed):
    intro = parsed.blocks[1]
    assert intro.text == (
        "The <1>provincialization of Pyongyang</1> is <2>underway</2>, says <3>an interview</3>."
    )
    assert intro.tags == {
        "1": {"type": "b"},
        "2": {"type": "i"},
        "3": {"type": "a", "href": "https://example.com/interview"},
    }
    assert intro.structure == {"footnotes": ["2"]}


def test_unsafe_link_keeps_its_text(parsed):
    block = parsed.blocks[2]
    assert block.text == "A hostile link stays text."
    assert block.tags == {}


def test_line_break_and_tab(parsed):
    lines = next(b for b in parsed.blocks if b.text.startswith("First line"))
    assert lines.text == "First line<1/>second line after a tab"
    assert lines.tags == {"1": {"type": "br"}}


def test_lists(parsed):
    items = [b for b in parsed.blocks if b.kind is SegmentKind.LIST_ITEM]
    assert [(b.text, b.structure["list"], b.structure["depth"]) for b in items] == [
        ("rice", "bullet", 0),
        ("corn", "bullet", 0),
        ("flour", "bullet", 0),
        ("nested", "bullet", 1),
        ("first step", "ordered", 0),
        ("second step", "ordered", 0),
    ]
    assert [b.structure["number"] for b in items[4:]] == [1, 2]
    assert [b.structure["item"] for b in items[:3]] == [1, 2, 3]
    assert all(b.structure["first"] for b in items)


def test_table_cells_once_each(parsed):
    cells = [b for b in parsed.blocks if b.kind is SegmentKind.TABLE_CELL]
    assert [(b.text, b.structure["row"], b.structure["col"]) for b in cells] == [
        ("City", 0, 0),
        ("Price", 0, 1),
        ("Note", 0, 2),
        ("Pyongyang", 1, 0),
        ("5,000", 1, 1),
        ("Source: traders<1/>second paragraph", 2, 0),
    ]
    assert {b.structure["cols"] for b in cells} == {3}
    assert {b.structure["table"] for b in cells} == {1}
    assert cells[-1].structure["colspan"] == 2


def test_footnotes_at_the_end_in_reference_order(parsed):
    notes = [b for b in parsed.blocks if b.kind is SegmentKind.FOOTNOTE]
    assert parsed.blocks[-2:] == notes
    assert [(b.text, b.structure) for b in notes] == [
        ("See <1>the report</1> <2>(2019)</2>", {"footnote": 2, "number": 1}),
        ("The second note, cited first.", {"footnote": 1, "number": 2}),
    ]
    assert notes[0].tags["1"] == {"type": "a", "href": "https://example.org/report"}


def test_read_source_dispatches_on_the_suffix():
    parsed = read_source(sample_document(), "uploads/Article.DOCX")
    assert parsed.rule == "docx"


def test_first_heading_is_the_title_without_a_title_style():
    document = docx.Document()
    document.add_heading("A heading first", level=1)
    document.add_paragraph("Body.")
    document.add_heading("Another", level=1)
    parsed = read_docx(to_bytes(document), "h.docx")
    assert parsed.title == "A heading first"
    assert [b.kind for b in parsed.blocks] == [
        SegmentKind.TITLE,
        SegmentKind.PARAGRAPH,
        SegmentKind.HEADING,
    ]


def test_no_title_is_noted():
    document = docx.Document()
    document.add_paragraph("Just a paragraph.")
    parsed = read_docx(to_bytes(document), "n.docx")
    assert parsed.title is None
    assert "no title" in parsed.notes[0]


def test_empty_document_is_refused():
    document = docx.Document()
    for _ in range(5):
        document.add_paragraph("")
    document.add_paragraph(" \t ")
    with pytest.raises(SourceError, match=r"empty\.docx has no text to translate"):
        read_docx(to_bytes(document), "empty.docx")


def test_not_a_zip():
    with pytest.raises(SourceError, match=r"notes\.docx is not a Word document \(\.docx\)"):
        read_docx(b"Just some text pretending to be a document.", "notes.docx")


def test_zip_without_document_xml():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(SourceError, match=r"a\.docx is not a Word document \(\.docx\)"):
        read_docx(out.getvalue(), "a.docx")


def test_old_doc_and_encrypted_files():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    with pytest.raises(SourceError, match=r"old\.docx .*older Word file \(\.doc\)"):
        read_docx(ole, "old.docx")
    encrypted = ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    with pytest.raises(SourceError, match=r"secret\.docx is encrypted"):
        read_docx(encrypted, "secret.docx")


def test_zip_bomb_is_refused_by_its_declared_size():
    # 300 MB of zeros deflate to about 300 KB; written in chunks to stay light on memory.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    data = out.getvalue()
    assert len(data) < 2 * 1024 * 1024
    with pytest.raises(SourceError, match=r"bomb\.docx is not a Word document that can be read"):
        read_docx(data, "bomb.docx")


def test_zip_bomb_lying_about_its_size_is_stopped():
    # A part that declares 10 KB but inflates to 50 MB: the ratio and the total look fine.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/zeros.bin", bytes(50 * 1024 * 1024))
    data = bytearray(out.getvalue())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("word/media/zeros.bin")
    real = (50 * 1024 * 1024).to_bytes(4, "little")
    declared = (10 * 1024).to_bytes(4, "little")
    # The uncompressed size sits in the local header and in the central directory.
    assert bytes(data).count(real) == 2
    data = bytes(data).replace(real, declared)
    assert info.file_size < MAX_TOTAL_SIZE
    with pytest.raises(SourceError, match=r"lying\.docx .*(inflates past|damaged)"):
        read_docx(data, "lying.docx")


def test_too_many_parts():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(10_001):
            archive.writestr(f"p/{n}", b"")
    with pytest.raises(SourceError, match=r"many\.docx has too many parts"):
        read_docx(out.getvalue(), "many.docx")


def test_encrypted_zip_member_is_refused():
    data = bytearray(to_bytes(docx.Document()))
    # Set the "encrypted" flag in every header of the archive, as a zip password does.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + offset] |= 0x1
            at = data.find(signature, at + 4)
    with pytest.raises(SourceError, match=r"locked\.docx is encrypted"):
        read_docx(bytes(data), "locked.docx")


def test_two_thousand_paragraphs():
    document = docx.Document()
    document.add_paragraph("Long", style="Title")
    for n in range(2000):
        paragraph = document.add_paragraph(f"Paragraph {n} has ")
        paragraph.add_run("bold").bold = True
        paragraph.add_run(" and plain words.")
    parsed = read_docx(to_bytes(document), "long.docx")
    assert len(parsed.blocks) == 2001
    assert parsed.blocks[-1].text == "Paragraph 1999 has <1>bold</1> and plain words."


def rebuilt(data: bytes, replaced: dict[str, bytes]) -> bytes:
    """``data`` with some parts replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: source.read(name) for name in source.namelist()}
    parts.update(replaced)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_zip_that_is_not_a_package_or_holds_broken_xml_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(SourceError, match=r"bare\.docx could not be read as a Word document"):
        read_docx(out.getvalue(), "bare.docx")
    broken = rebuilt(to_bytes(docx.Document()), {"word/document.xml": b"<not xml"})
    with pytest.raises(SourceError, match=r"broken\.docx could not be read as a Word document"):
        read_docx(broken, "broken.docx")


def test_entities_are_not_expanded():
    body = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r><w:t>&b;</w:t>'
        b"</w:r></w:p></w:body></w:document>"
    )
    with pytest.raises(SourceError, match=r"laughs\.docx has no text to translate"):
        read_docx(rebuilt(to_bytes(docx.Document()), {"word/document.xml": body}), "laughs.docx")


def test_only_a_separator_is_no_text():
    document = docx.Document()
    document.add_paragraph("* * *")
    with pytest.raises(SourceError, match=r"stars\.docx has no text to translate"):
        read_docx(to_bytes(document), "stars.docx")
