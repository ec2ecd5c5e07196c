import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import select

from ..domain import inline
from ..domain.languages import LanguageError, parse_language
from ..domain.revisions import RevisionSummary
from ..domain.segmentation import (
    Block,
    ParsedArticle,
    SourceError,
    check_slug,
    cut_long_blocks,
    slug_from_filename,
)
from ..domain.sentences import cut_paragraph
from ..domain.sources import read_source, source_format
from ..domain.states import State
from ..domain.text import count_words
from ..extensions import db
from ..models import Article, ArticleTarget, Segment, SegmentTranslation, SourceRevision
from . import clock
from .errors import Conflict, InvalidInput
from .limits import Limits, current_limits, enforce_limit, setting_name

#: Segments written per flush; progress is reported after each batch.
IMPORT_BATCH = 200

Progress = Callable[[int, int], None]


def max_import_bytes() -> int:
    """The largest source file an import takes, in bytes."""
    return current_limits().max_import_bytes


def too_large(name: str) -> InvalidInput:
    """For a body refused before its size is known."""
    return InvalidInput(
        f"{name} is larger than {describe_size(max_import_bytes())} "
        f"({setting_name('MAX_IMPORT_BYTES')})"
    )


def describe_size(size: int) -> str:
    mib = 1024 * 1024
    return f"{size // mib} MiB" if size % mib == 0 else f"{size} bytes"


@dataclass(frozen=True)
class ImportOptions:
    filename: str
    source_lang: str
    target_langs: list[str]
    slug: str


def check_import_options(
    filename: str, size: int, *, source_lang: str, target_langs: list[str], slug: str | None
) -> ImportOptions:
    """The checks an upload can pass before its content is read, without changing anything."""
    name = PurePath(filename).name
    check_import_size(name, size)
    try:
        source_format(name)
        source, targets = check_languages(source_lang, target_langs)
        slug = check_slug(slug or slug_from_filename(name))
    except (LanguageError, SourceError) as exc:
        raise InvalidInput(str(exc)) from None
    check_slug_free(slug)
    return ImportOptions(name, source, targets, slug)


def check_languages(source_lang: str, target_langs: list[str]) -> tuple[str, list[str]]:
    source = parse_language(source_lang).code
    targets = list(dict.fromkeys(parse_language(code).code for code in target_langs))
    if not targets:
        raise InvalidInput("name at least one target language")
    if source in targets:
        raise InvalidInput(f"the target language {source} is the source language")
    return source, targets


def check_slug_free(slug: str) -> None:
    if db.session.scalar(select(Article.id).where(Article.slug == slug)) is not None:
        raise Conflict(f"an article with the slug {slug!r} already exists; choose another --slug")


def read_article(
    data: bytes, filename: str, lang: str, limits: Limits | None = None
) -> ParsedArticle:
    """The blocks of a source file in language ``lang``, paragraphs past the segment
    limit cut at sentence boundaries; or InvalidInput naming the file and the reason."""
    limits = limits or current_limits()
    name = PurePath(filename).name
    check_import_size(name, len(data), limits)
    try:
        parsed = read_source(data, name)
    except SourceError as exc:
        raise InvalidInput(str(exc)) from None
    parsed = cut_long_blocks(
        parsed, limits.max_segment_chars, lambda text, limit: cut_paragraph(text, lang, limit)
    )
    _check_sizes(name, parsed.blocks, limits)
    return parsed


def import_article(
    data: bytes,
    filename: str,
    *,
    source_lang: str,
    target_langs: list[str],
    slug: str | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> Article:
    """Create an article with its segments, or raise before anything is added.

    ``progress(done, total)`` is called after each batch of segments is flushed.
    """
    limits = limits or current_limits()
    try:
        source, targets = check_languages(source_lang, target_langs)
        slug = check_slug(slug or slug_from_filename(filename))
    except (LanguageError, SourceError) as exc:
        raise InvalidInput(str(exc)) from None
    parsed = read_article(data, filename, source, limits)
    check_slug_free(slug)
    return create_article(
        parsed, filename, slug=slug, source_lang=source, target_langs=targets, progress=progress
    )


def create_article(
    parsed: ParsedArticle,
    filename: str,
    *,
    slug: str,
    source_lang: str,
    target_langs: list[str],
    progress: Progress | None = None,
) -> Article:
    """The article of ``parsed``: its first source revision, a segment per block and an
    untranslated row per translatable segment and target language. The caller has
    checked the languages and that the slug is free."""
    source, targets = source_lang, target_langs
    article = Article(slug=slug, title=parsed.title or slug, source_lang=source)
    article.targets = [ArticleTarget(lang=lang) for lang in targets]
    db.session.add(article)
    db.session.add(
        SourceRevision(
            article=article,
            number=1,
            created_at=clock.now(),
            filename=PurePath(filename).name[:255],
            summary=RevisionSummary(
                counts={"new": len(parsed.blocks)}, rule=parsed.rule, notes=parsed.notes
            ).to_json(),
        )
    )
    total = len(parsed.blocks)
    for start in range(0, total, IMPORT_BATCH):
        batch = [
            new_segment(block, n)
            for n, block in enumerate(parsed.blocks[start : start + IMPORT_BATCH], start=start + 1)
        ]
        article.segments.extend(batch)
        db.session.flush()
        db.session.add_all(
            SegmentTranslation(segment=s, lang=lang, state=int(State.UNTRANSLATED), revision=0)
            for s in batch
            if s.translatable
            for lang in targets
        )
        db.session.flush()
        if progress is not None:
            progress(start + len(batch), total)
    return article


def new_segment(block: Block, position: int, revision: int = 1) -> Segment:
    """A segment for ``block`` at ``position``, under a key of its own."""
    return Segment(
        position=position,
        kind=block.kind.value,
        source=block.text,
        words=count_words(inline.plain(block.text, block.tags)),
        key=new_segment_key(),
        tags=dict(block.tags) or None,
        structure=dict(block.structure) or None,
        translatable=block.translatable,
        source_revision=revision,
    )


def check_import_size(name: str, size: int, limits: Limits | None = None) -> None:
    """Refuse a file past the import limit (callers may check before reading it)."""
    limit = (limits or current_limits()).max_import_bytes
    enforce_limit(name, size, "bytes", "MAX_IMPORT_BYTES", limit)


def _check_sizes(name: str, blocks: list[Block], limits: Limits) -> None:
    # Each segment is a row of the editor page: the page grows with the count and the length.
    enforce_limit(name, len(blocks), "segments", "MAX_SEGMENTS", limits.max_segments)
    for position, block in enumerate(blocks, start=1):
        if not block.translatable:
            continue  # never saved, never a row of the editor: the file's size bounds it
        enforce_limit(
            f"segment {position} of {name}",
            len(block.text),
            "characters",
            "MAX_SEGMENT_CHARS",
            limits.max_segment_chars,
        )


def new_segment_key() -> str:
    return secrets.token_hex(6)
