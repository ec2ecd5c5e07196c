"""Edition snapshots and their renderings that need no template (Markdown).

A snapshot is everything a reader sees, frozen at publish time; later edits to
the article never reach it.
"""

import json
import re
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class EditionRow:
    position: int
    kind: str
    source: str
    translation: str | None  # None: not approved when published, the source stands alone


@dataclass(frozen=True)
class EditionSnapshot:
    slug: str
    number: int
    title: str
    translated_title: str | None
    source_lang: str
    target_lang: str
    published_at: str  # ISO 8601, UTC
    published_by: str
    catalog_checksum: str
    rows: list[EditionRow] = field(default_factory=list)

    @property
    def translated_count(self) -> int:
        return sum(1 for row in self.rows if row.translation is not None)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "EditionSnapshot":
        data = json.loads(text)
        data["rows"] = [EditionRow(**row) for row in data["rows"]]
        return cls(**data)


def pair_rows(
    segments: list[tuple[int, str, str, str]], translations: dict[tuple[str, str], str]
) -> list[EditionRow]:
    """Join (position, kind, key, source) segments with a catalog's (key, source) -> text."""
    return [
        EditionRow(position, kind, source, translations.get((key, source)))
        for position, kind, key, source in segments
    ]


UNTRANSLATED_MARK = "(not yet translated)"


def render_markdown(edition: EditionSnapshot) -> str:
    """Interleaved bilingual Markdown: each block in the source, then in translation."""
    lines = [
        f"<!-- {edition.slug}, edition {edition.number}, {edition.source_lang} -> "
        f"{edition.target_lang}, published {edition.published_at} -->",
        "",
    ]
    for row in edition.rows:
        for text in (row.source, row.translation):
            lines.extend((_markdown_block(row.kind, text), ""))
    return "\n".join(lines)


def _markdown_block(kind: str, text: str | None) -> str:
    if text is None:
        return f"*{UNTRANSLATED_MARK}*"
    text = escape_markdown(text)
    if kind == "title":
        return f"# {text}"
    if kind == "heading":
        return f"## {text}"
    if kind == "blockquote":
        return f"> {text}"
    return text


# Characters that start markup anywhere in a line: escapes, code spans, emphasis, links and
# images, raw HTML and autolinks, entities, strikethrough, and a heading's closing hashes.
_MD_INLINE = re.compile(r"([\\`*_\[\]<&~#])")
# Markers that make a block of a line that begins with them: lists ("-", "+", "1." and
# "1)"), thematic breaks ("---"), block quotes (">"), setext underlines ("=").
_MD_LEADING = ("-", "+", ">", "=")
_MD_ORDERED = re.compile(r"[0-9]{1,9}(?=[.)])")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def escape_markdown(text: str) -> str:
    """One line of Markdown that any CommonMark renderer shows as ``text``, letter for letter.

    Segment text is prose, not Markdown: a translator's "<script>" or "[x](javascript:..)"
    must reach a reader of the exported file as those characters, never as markup.
    Backslash escapes (valid before any ASCII punctuation) keep the file readable as text.
    """
    # Line breaks would end the block, and leading spaces would make it code.
    text = _ASCII_SPACE.sub(" ", text).strip(" ")
    text = _MD_INLINE.sub(r"\\\1", text)
    if match := _MD_ORDERED.match(text):
        return f"{match.group(0)}\\{text[match.end() :]}"
    if text.startswith(_MD_LEADING):
        return "\\" + text
    return text
