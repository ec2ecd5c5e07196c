"""Reading an article from a web page (HTML).

Where the article is: the first ``<article>``, else ``<main>``, else the element with
``role="main"``, else ``<body>``. Inside it, navigation, the site's header and footer,
asides, scripts, forms, embedded objects, and anything hidden are left out. A site header
is a ``<header>`` outside ``<article>`` and ``<main>``: the article's own header, which
holds its ``<h1>`` and byline, is read. A ``<footer>`` is left out except inside a
``<blockquote>``, where it holds the quotation's attribution.

The title is the first ``<h1>`` (moved first if something precedes it); without one, the
page's ``<title>`` without a trailing " | Site name" (or a dash) part, when that part
is at most 30 characters; without either, the article has no title and the notes say so.

Text lying loose in a ``<div>`` (not inside a paragraph) is a paragraph; two or more line
breaks in a row there, or in a ``<p>``, end the paragraph and start another, as they do
on the page; one line break is a line break. Elsewhere (list items, quotes, cells,
captions) breaks in a row count as one.

Paragraphs of a list item are list items of the same number, ``"first"`` telling the
first; a table cell or a caption is one block, its paragraphs joined by line breaks.
Nested tables inside a cell are read as the cell's text. Images are left out.

Inline, ``b``/``strong``, ``i``/``em``, ``code``/``kbd`` and links to safe URLs (see
``inline.safe_href``) become tags; a span inside one of its own type (``<b><strong>``)
adds none; other inline elements are unwrapped. The parser reads at most 256 levels of
nesting and drops what lies deeper: such a page is refused rather than read in part.
"""

import codecs
import re
import unicodedata

from lxml import etree

from ..inline import TOKEN, InlineBuilder, plain, safe_href
from ..segmentation import Block, ParsedArticle, SegmentKind, SourceError
from .encoding import checked_text, decode_text, has_visible_text

_DROPPED = frozenset(
    {
        "nav",
        "footer",
        "aside",
        "script",
        "style",
        "noscript",
        "template",
        "form",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "button",
        "select",
        "input",
        "textarea",
        "label",
        "img",
        "picture",
        "video",
        "audio",
        "canvas",
        "map",
        "head",
        "title",
        "meta",
        "link",
        "dialog",
    }
)
_INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "code": "code", "kbd": "code"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that start a block of their own; anything else is read as inline and unwrapped.
_BLOCKS = frozenset(
    {
        *_HEADINGS,
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "hgroup",
        "blockquote",
        "ul",
        "ol",
        "menu",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "figure",
        "figcaption",
        "pre",
        "hr",
        "address",
        "details",
        "summary",
        "center",
        "fieldset",
        "body",
    }
)
_MAX_SPAN = 100  # colspan/rowspan beyond this are taken as this
_MAX_DEPTH = 400  # elements nested deeper than this are read as text

_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_ENCODINGS = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "euc-kr": "cp949",
    "cp949": "cp949",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601-1989": "cp949",
    "ksc5601": "cp949",
    "ksc_5601": "cp949",
    "korean": "cp949",
    "windows-949": "cp949",
    "x-windows-949": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
}
_LABELS = {"cp949": "EUC-KR (CP949)", "cp1252": "Windows-1252 (Latin-1)"}
_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash
_TITLE_SUFFIX = re.compile(rf"^(.+?)\s+(?:\||[{_DASHES}]|::|·)\s+([^|{_DASHES[1:]}]+)$")
_MAX_SUFFIX = 30


def read_html(data: bytes, name: str) -> ParsedArticle:
    """The blocks of the article in the web page ``data``."""
    text, notes = _decode(data, name)
    parser = etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=False,
        default_doctype=False,
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise SourceError(f"{name} has no article text: it could not be read as HTML") from None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        # The parser stops reading past 256 levels of nesting: text would be lost unseen.
        raise SourceError(f"{name} nests its elements too deeply (more than 256 levels) to be read")
    page_title, title_note = _page_title(root)
    _leave_out(root)
    body = _article_root(root)
    reader = _Reader()
    if body is not None:
        reader.container(body, _Context(SegmentKind.PARAGRAPH, split=True), 0)
    blocks = reader.blocks
    if not any(block.translatable for block in blocks):
        raise SourceError(f"{name} has no article text: only markup")
    title = next((b for b in blocks if b.kind is SegmentKind.TITLE), None)
    if title is not None:
        blocks = [title, *(b for b in blocks if b is not title)]
    else:
        notes.append(title_note)
        if page_title is not None:
            blocks = [Block(SegmentKind.TITLE, page_title), *blocks]
    return ParsedArticle(
        title=plain(blocks[0].text, blocks[0].tags)
        if blocks[0].kind is SegmentKind.TITLE
        else None,
        blocks=blocks,
        rule="html",
        notes=notes,
    )


def _decode(data: bytes, name: str) -> tuple[str, list[str]]:
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, note = decode_text(data, name)
        return text, [note] if note else []
    declared = None
    if match := _CHARSET.search(data[:4096]):
        declared = match.group(1).decode("ascii").lower()
    encoding = _ENCODINGS.get(declared or "")
    if encoding is None or encoding == "utf-8":
        # Undeclared, UTF-8, or a label not read here (a "utf-16" label in a page whose
        # bytes are ASCII-compatible is wrong by definition): as any text file.
        text, note = decode_text(data, name)
        return text, [note] if note else []
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{name} declares its encoding as {declared} but is not valid "
            f"{_LABELS[encoding]} (byte {exc.start}): save it as UTF-8 and try again"
        ) from None
    text = checked_text(text, name)
    return text, [f"converted from {_LABELS[encoding]}, as the page declares"]


def _article_root(root):
    for path in ("//article", "//main", "//*[@role='main']", "//body"):
        for found in root.xpath(path):
            return found
    return root


def _page_title(root) -> tuple[str | None, str]:
    element = root.find(".//title")
    text = _fold("".join(element.itertext())) if element is not None else ""
    if not text:
        return None, "the page has no <h1> and no <title>: the article has no title"
    if (match := _TITLE_SUFFIX.match(text)) and len(match.group(2)) <= _MAX_SUFFIX:
        return match.group(1), (
            f"the page has no <h1>: the title is its <title>, without “{match.group(2)}”"
        )
    return text, "the page has no <h1>: the title is its <title>"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text)).strip()


# One pass over the tree for what ``strip_elements`` cannot tell by name alone.
_LEFT_OUT = etree.XPath(
    "//*[@hidden or @aria-hidden or @style]"
    " | //footer[parent::blockquote] | //header[not(ancestor::article or ancestor::main)]"
)


def _leave_out(root) -> None:
    """Removes what is not the article's text, keeping the text that follows each."""
    kept_footers = []
    for element in _LEFT_OUT(root):
        tag = element.tag
        if tag == "footer":  # a quotation's attribution
            element.tag = "blockquote-footer"
            kept_footers.append(element)
        elif tag == "header" or _hidden(element):
            _remove(element)
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    for element in kept_footers:
        element.tag = "footer"


def _hidden(element) -> bool:
    if element.get("hidden") is not None:
        return True
    if (element.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = element.get("style")
    return bool(style) and "display:none" in style.replace(" ", "").lower()


def _remove(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


class _Context:
    """What a paragraph found in a container becomes."""

    def __init__(self, kind, structure=None, *, split=False, join=False) -> None:
        self.kind = kind
        self.structure = structure or {}
        self.split = split  # breaks in a row end a paragraph
        self.join = join  # the whole container is one block
        self.counter = [0]  # blocks emitted, shared with the paragraphs inside

    def paragraph(self) -> "_Context":
        """The context of a ``<p>`` inside this container."""
        child = _Context(self.kind, self.structure, split=True)
        child.counter = self.counter
        return child


class _Inline:
    """The inline content of one block being read."""

    def __init__(self, split: bool) -> None:
        self.builder = InlineBuilder()
        self.split = split
        self.open_types: list[str] = []  # spans open, outermost first
        self.breaks = 0  # line breaks waiting for the text after them
        self.has_text = False

    def flush(self) -> bool:
        """Writes the waiting line break before visible content; returns True instead
        when the breaks end the paragraph."""
        if not self.breaks:
            return False
        ends = self.breaks > 1 and self.split and not self.open_types
        if not ends:
            self.builder.empty("br")
        self.breaks = 0
        return ends

    def text(self, value: str) -> bool:
        """Adds text; returns True (adding nothing) when waiting breaks end the paragraph."""
        if not value:
            return False
        if value.strip():
            if self.flush():
                return True
            self.has_text = True
        self.builder.text(value)
        return False

    def br(self) -> None:
        if self.has_text:
            self.breaks += 1


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.tables = 0
        self.has_title = False

    # Blocks ------------------------------------------------------------------------------

    def emit(self, kind, acc: _Inline, structure=None) -> None:
        if not acc.has_text:
            return
        text, tags = acc.builder.result()
        text = unicodedata.normalize("NFC", text)
        if not _visible(text, tags):
            return
        self.blocks.append(Block(kind, text, tags, dict(structure or {})))

    def emit_in(self, ctx: _Context, acc: _Inline) -> None:
        before = len(self.blocks)
        structure = dict(ctx.structure)
        if ctx.kind is SegmentKind.LIST_ITEM:
            structure["first"] = ctx.counter[0] == 0
        self.emit(ctx.kind, acc, structure)
        ctx.counter[0] += len(self.blocks) - before

    def container(self, element, ctx: _Context, depth: int) -> None:
        """Reads an element whose children may be blocks, paragraphs or loose text."""
        if ctx.join:
            acc = _Inline(split=False)
            self.inline_children(element, acc, depth, blocks_break=True)
            self.emit_in(ctx, acc)
            return
        acc = _Inline(ctx.split)
        acc = self.loose(element.text, acc, ctx)
        for child in element:
            tag = child.tag
            if tag in _BLOCKS and depth < _MAX_DEPTH:
                self.emit_in(ctx, acc)
                acc = _Inline(ctx.split)
                self.block(child, tag, ctx, depth + 1)
            elif tag == "br":
                acc.br()
            else:
                acc = self.inline_element(child, tag, acc, depth + 1, ctx)
            acc = self.loose(child.tail, acc, ctx)
        self.emit_in(ctx, acc)

    def loose(self, value, acc: _Inline, ctx: _Context) -> _Inline:
        if value and acc.text(value):
            self.emit_in(ctx, acc)
            acc = _Inline(ctx.split)
            acc.text(value)
        return acc

    def block(self, element, tag: str, ctx: _Context, depth: int) -> None:
        if tag in _HEADINGS:
            acc = _Inline(split=False)
            self.inline_children(element, acc, depth)
            if tag == "h1" and not self.has_title:
                before = len(self.blocks)
                self.emit(SegmentKind.TITLE, acc)
                self.has_title = len(self.blocks) > before
            else:
                self.emit(SegmentKind.HEADING, acc, {"level": _HEADINGS[tag]})
        elif tag == "p" or tag in ("dt", "dd", "summary", "address"):
            self.container(element, ctx.paragraph(), depth)
        elif tag == "blockquote":
            self.container(element, _Context(SegmentKind.BLOCKQUOTE), depth)
        elif tag in ("ul", "ol", "menu"):
            self.list(element, tag, ctx, depth)
        elif tag == "li":  # outside a list
            self.item(element, {"list": "bullet", "depth": 0, "number": 1, "item": 1}, depth)
        elif tag == "table":
            self.table(element, depth)
        elif tag in ("figcaption", "caption"):
            self.container(element, _Context(SegmentKind.CAPTION, join=True), depth)
        elif tag == "pre":
            self.pre(element)
        elif tag == "hr":
            self.blocks.append(Block(SegmentKind.SEPARATOR, "---"))
        elif tag in ("td", "th", "tr", "thead", "tbody", "tfoot"):  # outside a table
            self.container(element, ctx, depth)
        else:  # div, section, figure...: their paragraphs are as around them
            self.container(element, ctx, depth)

    def list(self, element, tag: str, ctx: _Context, depth: int) -> None:
        ordered = tag == "ol"
        level = ctx.structure.get("depth", -1) + 1 if ctx.kind is SegmentKind.LIST_ITEM else 0
        number = _int(element.get("start"), 1) if ordered else 1
        item = 0
        for child in element:
            if child.tag != "li":
                if child.tag in ("ul", "ol"):
                    self.list(child, child.tag, ctx, depth + 1)
                continue
            item += 1
            if ordered and child.get("value") is not None:
                number = _int(child.get("value"), number)
            structure = {
                "list": "ordered" if ordered else "bullet",
                "depth": level,
                "number": number,
                "item": item,
            }
            self.item(child, structure, depth + 1)
            number += 1

    def item(self, element, structure: dict, depth: int) -> None:
        self.container(element, _Context(SegmentKind.LIST_ITEM, structure), depth)

    def pre(self, element) -> None:
        text = unicodedata.normalize("NFC", "".join(element.itertext()))
        text = text.removeprefix("\r\n").removeprefix("\n").rstrip()
        if not has_visible_text(text):
            return
        structure = {}
        for candidate in (element, *element.iterchildren("code")):
            for cls in (candidate.get("class") or "").split():
                if cls.startswith(("language-", "lang-")):
                    structure["info"] = cls.split("-", 1)[1]
        self.blocks.append(Block(SegmentKind.CODE, text, {}, structure))

    def table(self, element, depth: int) -> None:
        self.tables += 1
        number = self.tables
        first = len(self.blocks)
        rows = []
        for child in element:
            if child.tag == "caption":
                self.container(
                    child, _Context(SegmentKind.CAPTION, {"table": number}, join=True), depth
                )
            elif child.tag == "tr":
                rows.append((child, False))
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows.extend((tr, child.tag == "thead") for tr in child if tr.tag == "tr")
        taken: set[tuple[int, int]] = set()
        cols = 0
        for row, (tr, in_head) in enumerate(rows):
            col = 0
            for cell in tr:
                if cell.tag not in ("td", "th"):
                    continue
                while (row, col) in taken:
                    col += 1
                colspan = min(max(_int(cell.get("colspan"), 1), 1), _MAX_SPAN)
                rowspan = min(max(_int(cell.get("rowspan"), 1), 1), _MAX_SPAN)
                if rowspan > 1:
                    taken.update(
                        (r, c)
                        for r in range(row + 1, min(row + rowspan, len(rows)))
                        for c in range(col, col + colspan)
                    )
                structure = {
                    "table": number,
                    "row": row,
                    "col": col,
                    "header": in_head or cell.tag == "th",
                }
                if colspan > 1:
                    structure["colspan"] = colspan
                if rowspan > 1:
                    structure["rowspan"] = rowspan
                self.container(
                    cell, _Context(SegmentKind.TABLE_CELL, structure, join=True), depth + 1
                )
                col += colspan
                cols = max(cols, col)
        for block in self.blocks[first:]:
            if block.kind is SegmentKind.TABLE_CELL and block.structure.get("table") == number:
                block.structure["cols"] = cols

    # Inline ------------------------------------------------------------------------------

    def inline_children(self, element, acc: _Inline, depth: int, blocks_break=False) -> None:
        if element.text:
            acc.text(element.text)
        for child in element:
            tag = child.tag
            if tag == "br":
                acc.br()
            elif tag == "hr":
                pass
            elif blocks_break and tag in _BLOCKS:
                acc.br()
                self.inline_children(child, acc, depth + 1, blocks_break=True)
                acc.br()
            else:
                self.inline_element(child, tag, acc, depth + 1)
            if child.tail:
                acc.text(child.tail)

    def inline_element(self, element, tag: str, acc: _Inline, depth: int, ctx=None):
        """Reads an inline element into ``acc``; in a container (``ctx``), breaks in a row
        inside it may end the paragraph, and the block being read is returned."""
        if depth >= _MAX_DEPTH:
            acc.text("".join(element.itertext()))
            return acc
        type_, attributes = _INLINE.get(tag), {}
        if tag == "a":
            href = safe_href(element.get("href"))
            if href is not None:
                type_, attributes = "a", {"href": href}
        if type_ is None or type_ in acc.open_types:  # <b> inside <strong> marks nothing more
            self.inline_children(element, acc, depth)
            return acc
        visible = acc.breaks and any(t.strip() for t in element.itertext())
        if visible and acc.flush() and ctx is not None:
            # The breaks before the span end the paragraph: the span starts the next.
            self.emit_in(ctx, acc)
            acc = _Inline(ctx.split)
        acc.open_types.append(type_)
        number = acc.builder.open(type_, **attributes)
        self.inline_children(element, acc, depth)
        acc.breaks = 0  # a break at the end of a span is dropped
        acc.builder.close(number)
        acc.open_types.pop()
        return acc


_WORD = re.compile(r"[^\W_]")


def _visible(text: str, tags) -> bool:
    words = TOKEN.sub("", text) if tags else text
    return bool(_WORD.search(words)) or has_visible_text(words)


def _int(value, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default
