"""Reading an article from a Word document (.docx).

The file is checked as a zip archive before python-docx opens it (see ``check_package``):
a Word document is a zip of XML parts, and a small file can hold parts that inflate to
gigabytes (a "zip bomb"). Limits: at most ``MAX_MEMBERS`` parts; at most
``MAX_TOTAL_SIZE`` bytes once all are inflated; a part larger than ``RATIO_FLOOR`` may be
at most ``MAX_RATIO`` times its compressed size. The sizes the archive declares are
checked first, then every part is inflated once, in chunks, and reading stops as soon as
a part yields more than it declared or the total passes the limit.

Blocks, by paragraph style (the style or one it is based on): "Title" is the title;
"Heading N" (or an outline level) a heading; "Quote" and "Intense Quote" a quotation;
"Caption" a caption; a numbered or bulleted paragraph (numbering properties on it or its
style, or a "List ..." style) a list item. Without a "Title" paragraph, a "Heading 1"
that comes before any other text is the title. A paragraph in "List Paragraph" without
numbering right after a list item continues that item (``"first": False``).

List numbers follow the document's numbering definitions (format and start of each
level), counted per list and level, a level restarting after a shallower item; overrides
of the start in a list instance and legal or custom formats are not read.

Table cells are one block each, their paragraphs joined by line breaks; cells merged
across columns or rows appear once. Footnotes become footnote blocks at the end, in the
order the text refers to them; in the text, the reference mark is left out and the
paragraph's structure lists the footnotes it refers to (``{"footnotes": [2]}``).
Text boxes, page headers and footers, comments, endnotes and deleted text of tracked
changes are not read; inserted text is.
"""

import io
import re
import unicodedata
import zipfile

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ..inline import InlineBuilder, plain, safe_href
from ..segmentation import Block, ParsedArticle, SegmentKind, SourceError
from .encoding import has_visible_text

MAX_MEMBERS = 10_000
MAX_TOTAL_SIZE = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
_CHUNK = 64 * 1024

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _R_, _T, _TAB, _BR, _CR = (_w(t) for t in ("p", "tbl", "r", "t", "tab", "br", "cr"))
_HYPERLINK, _SDT, _SDT_CONTENT = _w("hyperlink"), _w("sdt"), _w("sdtContent")
_FOOTNOTE_REF = _w("footnoteReference")
_VAL = _w("val")
# Containers of runs inside a paragraph whose text is read; anything else (deleted text,
# drawings and text boxes, alternate content, field instructions) is not.
_RUN_CONTAINERS = frozenset(
    _w(t)
    for t in ("ins", "moveTo", "smartTag", "sdt", "sdtContent", "customXml", "fldSimple", "dir")
) | {_w("bdo")}
_FALSE = frozenset({"0", "false", "off"})
_SEPARATOR = re.compile(r"(?:[*\-_=~•·]\s*){3,}|[⁂]")
_HEADING_STYLE = re.compile(r"heading (\d)")
_XML = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_pis=True
)


def read_docx(data: bytes, name: str) -> ParsedArticle:
    """The blocks of the article in the Word document ``data``."""
    parts = check_package(data, name)

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.Error) as exc:
        reason = str(exc).split("\n")[0][:200]
        raise SourceError(f"{name} could not be read as a Word document: {reason}") from None
    reader = _Reader(document, parts)
    reader.body(document.element.body)
    blocks = reader.blocks + reader.footnotes(parts.get("word/footnotes.xml"), parts)
    notes = []
    if not any(block.translatable for block in blocks):
        raise SourceError(f"{name} has no text to translate")
    title = next((b for b in blocks if b.kind is SegmentKind.TITLE), None)
    if title is None:
        notes.append(
            "the document has no paragraph in the Title style (nor a Heading 1 before its "
            "text): the article has no title"
        )
    else:
        blocks = [title, *(b for b in blocks if b is not title)]
    return ParsedArticle(
        title=plain(title.text, title.tags) if title else None,
        blocks=blocks,
        rule="docx",
        notes=notes,
    )


def check_package(data: bytes, name: str) -> dict[str, bytes]:
    """Refuses what is not a safe Word document; returns the parts the reader reads
    itself (footnotes and their relationships)."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # an OLE compound file
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise SourceError(
                f"{name} is encrypted (protected by a password): "
                "remove the password in Word, save, and try again"
            )
        raise SourceError(
            f"{name} is not a Word document (.docx): it is an older Word file (.doc); "
            "save it as .docx and try again"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        raise SourceError(
            f"{name} is not a Word document (.docx): it is not a zip archive"
        ) from None
    with archive:
        if len(members) > MAX_MEMBERS:
            raise SourceError(
                f"{name} has too many parts ({len(members)}, at most {MAX_MEMBERS}) "
                "for a Word document"
            )
        names = {m.filename for m in members}
        if "word/document.xml" not in names:
            raise SourceError(f"{name} is not a Word document (.docx): it has no word/document.xml")
        if any(m.flag_bits & 0x1 for m in members):
            raise SourceError(
                f"{name} is encrypted (protected by a password): "
                "remove the password in Word, save, and try again"
            )
        declared = sum(m.file_size for m in members)
        if declared > MAX_TOTAL_SIZE:
            raise _bomb(name, f"it would inflate to {declared // (1024 * 1024)} MB")
        for member in members:
            if member.file_size > RATIO_FLOOR and (
                member.file_size > MAX_RATIO * max(member.compress_size, 1)
            ):
                raise _bomb(name, f"{member.filename} is compressed more than {MAX_RATIO}:1")
        wanted = {"word/footnotes.xml", "word/_rels/footnotes.xml.rels"}
        return _inflate(archive, members, wanted, name)


def _inflate(archive, members, wanted, name) -> dict[str, bytes]:
    kept: dict[str, bytes] = {}
    total = 0
    for member in members:
        if member.is_dir():
            continue
        size = 0
        chunks = []
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > member.file_size or total > MAX_TOTAL_SIZE:
                        raise _bomb(name, f"{member.filename} inflates past its declared size")
                    if member.filename in wanted:
                        chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
            if isinstance(exc, SourceError):
                raise
            raise SourceError(
                f"{name} is damaged: its part {member.filename} cannot be read"
            ) from None
        if chunks:
            kept[member.filename] = b"".join(chunks)
    return kept


def _bomb(name: str, reason: str) -> SourceError:
    return SourceError(
        f"{name} is not a Word document that can be read safely: {reason} "
        f"(at most {MAX_TOTAL_SIZE // (1024 * 1024)} MB in all and {MAX_RATIO}:1 per part)"
    )


def _on(element, tag: str) -> bool | None:
    """A toggle property (``w:b``, ``w:i``) of a properties element: True, False or None."""
    if element is None:
        return None
    found = element.find(_w(tag))
    if found is None:
        return None
    return found.get(_VAL, "true").lower() not in _FALSE


class _Reader:
    def __init__(self, document, parts) -> None:
        self.document = document
        self.blocks: list[Block] = []
        self.styles = {s.style_id: s for s in document.styles}
        self.default_style = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.title_style: bool | None = None
        self.kinds: dict[str | None, tuple] = {}
        self.char_formats: dict[str, tuple[bool, bool]] = {}
        self.numbering = self._numbering()
        self.counters: dict[tuple[str, int], int] = {}
        self.list_items: dict[str, int] = {}
        self.tables = 0
        self.has_title = False
        self.seen_text = False
        self.footnote_order: list[str] = []
        self.rels = self._document_rels()

    # Document structure -------------------------------------------------------------------

    def body(self, element) -> None:
        for child in element:
            if child.tag == _P:
                self.paragraph(child)
            elif child.tag == _TBL:
                self.table(child)
            elif child.tag in (_SDT_CONTENT, _w("customXml")):
                self.body(child)
            elif child.tag == _SDT and (content := child.find(_SDT_CONTENT)) is not None:
                self.body(content)

    def paragraph(self, p) -> None:
        acc, refs = self.inline(p, self.rels)
        text, tags = acc.result()
        text = unicodedata.normalize("NFC", text)
        words = plain(text, tags)
        kind, structure = self.kind(p)
        if not has_visible_text(words):
            if self._page_break(p) or self._bottom_border(p):
                self.blocks.append(Block(SegmentKind.SEPARATOR, "---"))
            return
        if _SEPARATOR.fullmatch(words.strip()):
            self.blocks.append(Block(SegmentKind.SEPARATOR, words.strip()))
            return
        if refs:
            structure = {**structure, "footnotes": refs}
        if kind is SegmentKind.TITLE and self.has_title:
            kind, structure = SegmentKind.HEADING, {**structure, "level": 1}
        elif (
            kind is SegmentKind.HEADING
            and structure.get("level") == 1
            and not self.seen_text
            and not self._has_title_style()
        ):
            kind, structure = SegmentKind.TITLE, {}
        if kind is SegmentKind.TITLE:
            self.has_title = True
        self.seen_text = True
        self.blocks.append(Block(kind, text, tags, structure))

    def _has_title_style(self) -> bool:
        if self.title_style is None:
            ids = {sid for sid, s in self.styles.items() if self._style_kind(s)[0] == "title"}
            body = self.document.element.body
            self.title_style = any(el.get(_VAL) in ids for el in body.iter(_w("pStyle")))
        return self.title_style

    def table(self, tbl) -> None:
        self.tables += 1
        number = self.tables
        grid = tbl.find(_w("tblGrid"))
        cols = len(grid.findall(_w("gridCol"))) if grid is not None else 0
        first = len(self.blocks)
        widest = 0
        for row, tr in enumerate(tbl.iterchildren(_w("tr"))):
            trpr = tr.find(_w("trPr"))
            header = trpr is not None and _on(trpr, "tblHeader") is True
            col = 0
            if trpr is not None and (before := trpr.find(_w("gridBefore"))) is not None:
                col = _int(before.get(_VAL), 0)
            for tc in tr.iterchildren(_w("tc")):
                tcpr = tc.find(_w("tcPr"))
                span = 1
                merged = False
                if tcpr is not None:
                    if (gs := tcpr.find(_w("gridSpan"))) is not None:
                        span = max(_int(gs.get(_VAL), 1), 1)
                    vmerge = tcpr.find(_w("vMerge"))
                    merged = vmerge is not None and vmerge.get(_VAL, "continue") == "continue"
                if not merged:
                    self.cell(tc, {"table": number, "row": row, "col": col, "header": header}, span)
                col += span
            widest = max(widest, col)
        for block in self.blocks[first:]:
            if block.kind is SegmentKind.TABLE_CELL and block.structure.get("table") == number:
                block.structure["cols"] = max(cols, widest)

    def cell(self, tc, structure: dict, span: int) -> None:
        acc = InlineBuilder()
        refs: list[str] = []
        first = True
        for p in tc.iter(_P):
            inner, found = self.inline(p, self.rels)
            text, tags = inner.result()
            if not has_visible_text(plain(text, tags)):
                continue
            if not first:
                acc.empty("br")
            first = False
            _append(acc, text, tags)
            refs += found
        text, tags = acc.result()
        text = unicodedata.normalize("NFC", text)
        if not has_visible_text(plain(text, tags)):
            return
        if span > 1:
            structure["colspan"] = span
        if refs:
            structure["footnotes"] = refs
        self.blocks.append(Block(SegmentKind.TABLE_CELL, text, tags, structure))

    # Paragraph kinds ----------------------------------------------------------------------

    def kind(self, p) -> tuple[SegmentKind, dict]:
        ppr = p.find(_w("pPr"))
        style_id = None
        if ppr is not None and (ps := ppr.find(_w("pStyle"))) is not None:
            style_id = ps.get(_VAL)
        style = self.styles.get(style_id) if style_id else self.default_style
        if style is None:
            style = self.default_style
        key = style.style_id if style is not None else None
        if key not in self.kinds:
            self.kinds[key] = self._style_kind(style)
        name, level, style_num = self.kinds[key]
        num = self._num(ppr)
        if num is None and style_num is not None:
            # "List Bullet 2" numbers at level 0 of a list of its own: its name says the depth.
            num = (style_num[0], max(style_num[1], level))
        outline = None
        if ppr is not None and (ol := ppr.find(_w("outlineLvl"))) is not None:
            outline = _int(ol.get(_VAL), 9)
        if name == "title":
            return SegmentKind.TITLE, {}
        if name == "heading":
            return SegmentKind.HEADING, {"level": level}
        if outline is not None and outline < 6 and name not in ("quote", "caption"):
            return SegmentKind.HEADING, {"level": outline + 1}
        if name == "quote":
            return SegmentKind.BLOCKQUOTE, {}
        if name == "caption":
            return SegmentKind.CAPTION, {}
        if num is not None and num[0] != "0":
            return SegmentKind.LIST_ITEM, self._item(num, name)
        if name.startswith("list"):
            previous = self.blocks[-1] if self.blocks else None
            if name == "list paragraph" and previous and previous.kind is SegmentKind.LIST_ITEM:
                return SegmentKind.LIST_ITEM, {**previous.structure, "first": False}
            if name != "list paragraph":
                ordered = "number" in name
                return SegmentKind.LIST_ITEM, self._item(
                    (f"style:{name}", level or 0), name, ordered=ordered
                )
        return SegmentKind.PARAGRAPH, {}

    def _style_kind(self, style) -> tuple[str, int, tuple[str, int] | None]:
        """(kind name, level, numbering) of a paragraph style, looking at its bases."""
        num = None
        outline = None
        seen = 0
        while style is not None and seen < 20:
            seen += 1
            name = (style.name or "").lower()
            ppr = style.element.find(_w("pPr"))
            num = num or self._num(ppr)
            if (
                outline is None
                and ppr is not None
                and (ol := ppr.find(_w("outlineLvl"))) is not None
            ):
                outline = _int(ol.get(_VAL), 9)
            if name == "title":
                return "title", 0, num
            if match := _HEADING_STYLE.fullmatch(name):
                return "heading", int(match.group(1)), num
            if name in ("quote", "intense quote"):
                return "quote", 0, num
            if name == "caption":
                return "caption", 0, num
            if name.startswith(("list bullet", "list number", "list paragraph")):
                digits = re.search(r"(\d)$", name)
                return name, (int(digits.group(1)) - 1 if digits else 0), num
            style = getattr(style, "base_style", None)
        if outline is not None and outline < 6:
            return "heading", outline + 1, num
        return "", 0, num

    def _num(self, ppr) -> tuple[str, int] | None:
        if ppr is None or (numpr := ppr.find(_w("numPr"))) is None:
            return None
        num_id = numpr.find(_w("numId"))
        ilvl = numpr.find(_w("ilvl"))
        if num_id is None:
            return None
        return num_id.get(_VAL, "0"), _int(ilvl.get(_VAL) if ilvl is not None else 0, 0)

    def _item(self, num: tuple[str, int], name: str, ordered: bool | None = None) -> dict:
        num_id, depth = num
        fmt, start = self.numbering.get((num_id, depth), (None, 1))
        if ordered is None:
            ordered = fmt not in (None, "bullet", "none") or (fmt is None and "number" in name)
        for key in [k for k in self.counters if k[0] == num_id and k[1] > depth]:
            del self.counters[key]  # a shallower item restarts the deeper levels
        count = self.counters.get((num_id, depth), 0) + 1
        self.counters[(num_id, depth)] = count
        return {
            "list": "ordered" if ordered else "bullet",
            "depth": depth,
            "number": start + count - 1 if ordered else count,
            "item": count,
            "first": True,
        }

    def _numbering(self) -> dict[tuple[str, int], tuple[str, int]]:
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return {}
        abstract = {}
        for an in numbering.iterchildren(_w("abstractNum")):
            levels = {}
            for lvl in an.iterchildren(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                start = lvl.find(_w("start"))
                levels[_int(lvl.get(_w("ilvl")), 0)] = (
                    fmt.get(_VAL) if fmt is not None else "decimal",
                    _int(start.get(_VAL), 1) if start is not None else 1,
                )
            abstract[an.get(_w("abstractNumId"))] = levels
        result = {}
        for num in numbering.iterchildren(_w("num")):
            ref = num.find(_w("abstractNumId"))
            levels = abstract.get(ref.get(_VAL) if ref is not None else None, {})
            for ilvl, value in levels.items():
                result[(num.get(_w("numId")), ilvl)] = value
        return result

    def _page_break(self, p) -> bool:
        return any(br.get(_w("type")) == "page" for br in p.iter(_BR))

    def _bottom_border(self, p) -> bool:
        ppr = p.find(_w("pPr"))
        borders = ppr.find(_w("pBdr")) if ppr is not None else None
        return borders is not None and borders.find(_w("bottom")) is not None

    # Inline content -----------------------------------------------------------------------

    def _document_rels(self) -> dict[str, str]:
        rels = {}
        for rel_id, rel in self.document.part.rels.items():
            if rel.is_external:
                rels[rel_id] = rel.target_ref
        return rels

    def inline(self, p, rels: dict[str, str]) -> tuple[InlineBuilder, list[str]]:
        """The paragraph's text and tags, and the footnotes it refers to."""
        segments: list[tuple] = []
        refs: list[str] = []
        self._collect(p, rels, None, segments, refs)
        builder = InlineBuilder()
        # Open spans: link, bold, italic, always nested in that order. Runs of the same
        # formatting are one span; spaces between them take the formatting around them,
        # and spaces at the edges of a span are written outside it.
        opened: dict[str, str] = {}
        link_key = None
        pending = ""

        def close(*types: str) -> None:
            for type_ in types:
                if type_ in opened:
                    builder.close(opened.pop(type_))

        for text, bold, italic, link, is_break in segments:
            if is_break:
                builder.text(pending)
                pending = ""
                builder.empty("br")
                continue
            combined = pending + text
            core = combined.strip()
            if not core:
                pending = combined
                continue
            key = link[0] if link and link[1] else None
            if key != link_key:
                close("i", "b", "a")
            elif bold != ("b" in opened):
                close("i", "b")
            elif italic != ("i" in opened):
                close("i")
            start = combined.index(core[0])
            builder.text(combined[:start])
            if key is not None and "a" not in opened:
                opened["a"] = builder.open("a", href=link[1])
            link_key = key
            if bold and "b" not in opened:
                opened["b"] = builder.open("b")
            if italic and "i" not in opened:
                opened["i"] = builder.open("i")
            builder.text(core)
            pending = combined[start + len(core) :]
        close("i", "b", "a")
        builder.text(pending)
        return builder, refs

    def _collect(self, element, rels, link, segments, refs) -> None:
        for child in element:
            tag = child.tag
            if tag == _R_:
                self._run(child, link, segments, refs)
            elif tag == _HYPERLINK:
                href = None
                rel_id = child.get(f"{{{_R}}}id")
                if rel_id and rel_id in rels:
                    href = rels[rel_id]
                    if anchor := child.get(_w("anchor")):
                        href = f"{href}#{anchor}"
                # A link to a bookmark inside the document leads nowhere once imported.
                self._collect(child, rels, (id(child), safe_href(href)), segments, refs)
            elif tag in _RUN_CONTAINERS:
                self._collect(child, rels, link, segments, refs)

    def _run(self, r, link, segments, refs) -> None:
        rpr = r.find(_w("rPr"))
        bold, italic = _on(rpr, "b"), _on(rpr, "i")
        if bold is None or italic is None:
            style_bold, style_italic = self._char_format(rpr)
            bold = style_bold if bold is None else bold
            italic = style_italic if italic is None else italic
        for child in r:
            tag = child.tag
            if tag == _T:
                if child.text:
                    segments.append((child.text, bold, italic, link, False))
            elif tag == _TAB:
                segments.append((" ", bold, italic, link, False))
            elif tag == _BR:
                if child.get(_w("type")) in (None, "textWrapping"):
                    segments.append(("", bold, italic, link, True))
            elif tag == _CR:
                segments.append(("", bold, italic, link, True))
            elif tag == _w("noBreakHyphen"):
                segments.append(("-", bold, italic, link, False))
            elif tag == _FOOTNOTE_REF and (ref := child.get(_w("id"))) is not None:
                refs.append(ref)
                if ref not in self.footnote_order:
                    self.footnote_order.append(ref)

    def _char_format(self, rpr) -> tuple[bool, bool]:
        style_id = None
        if rpr is not None and (rs := rpr.find(_w("rStyle"))) is not None:
            style_id = rs.get(_VAL)
        if not style_id:
            return False, False
        if style_id not in self.char_formats:
            bold = italic = None
            style = self.styles.get(style_id)
            seen = 0
            while style is not None and seen < 20 and (bold is None or italic is None):
                seen += 1
                srpr = style.element.find(_w("rPr"))
                bold = _on(srpr, "b") if bold is None else bold
                italic = _on(srpr, "i") if italic is None else italic
                style = getattr(style, "base_style", None)
            self.char_formats[style_id] = (bool(bold), bool(italic))
        return self.char_formats[style_id]

    # Footnotes ----------------------------------------------------------------------------

    def footnotes(self, xml: bytes | None, parts: dict[str, bytes]) -> list[Block]:
        if not xml:
            return []
        try:
            root = etree.fromstring(xml, _XML)
        except etree.XMLSyntaxError:
            return []
        rels = _rels(parts.get("word/_rels/footnotes.xml.rels"))
        found: dict[str, Block] = {}
        for note in root.iterchildren(_w("footnote")):
            note_id = note.get(_w("id"))
            if note_id in (None, "-1", "0") or note.get(_w("type")) not in (None, "normal"):
                continue
            builder = InlineBuilder()
            first = True
            for p in note.iter(_P):
                inner, _ = self.inline(p, rels)
                text, tags = inner.result()
                if not has_visible_text(plain(text, tags)):
                    continue
                if not first:
                    builder.empty("br")
                first = False
                _append(builder, text, tags)
            text, tags = builder.result()
            text = unicodedata.normalize("NFC", text)
            if has_visible_text(plain(text, tags)):
                found[note_id] = Block(
                    SegmentKind.FOOTNOTE, text, tags, {"footnote": _int(note_id, 0)}
                )
        order = [i for i in self.footnote_order if i in found]
        order += [i for i in found if i not in order]
        return [
            Block(b.kind, b.text, b.tags, {**b.structure, "number": n})
            for n, b in enumerate((found[i] for i in order), start=1)
        ]


def _rels(xml: bytes | None) -> dict[str, str]:
    if not xml:
        return {}
    try:
        root = etree.fromstring(xml, _XML)
    except etree.XMLSyntaxError:
        return {}
    return {
        rel.get("Id"): rel.get("Target")
        for rel in root.iterchildren(f"{{{_PKG_RELS}}}Relationship")
        if rel.get("TargetMode") == "External" and rel.get("Id") and rel.get("Target")
    }


def _append(builder: InlineBuilder, text: str, tags: dict) -> None:
    """Adds a block's text and tags to ``builder``, renumbering the tags."""
    from ..inline import pieces

    numbers: dict[str, str] = {}
    for piece in pieces(text, tags):
        if piece.kind == "text":
            builder.text(piece.value)
        elif piece.kind == "empty":
            builder.empty(tags[piece.value]["type"])
        elif piece.kind == "open":
            tag = dict(tags[piece.value])
            numbers[piece.value] = builder.open(tag.pop("type"), **tag)
        else:
            builder.close(numbers[piece.value])


def _int(value, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default
