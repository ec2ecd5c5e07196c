import secrets
from pathlib import PurePath

from sqlalchemy import select

from ..domain.languages import LanguageError, parse_language
from ..domain.segmentation import (
    MARKDOWN_SUFFIXES,
    SourceError,
    check_slug,
    decode_source,
    parse_article,
    slug_from_filename,
)
from ..domain.states import State
from ..extensions import db
from ..models import Article, ArticleTarget, Segment, SegmentTranslation
from .errors import Conflict, InvalidInput
from .limits import Limits, current_limits, enforce_limit


def import_article(
    data: bytes,
    filename: str,
    *,
    source_lang: str,
    target_langs: list[str],
    slug: str | None = None,
    limits: Limits | None = None,
) -> Article:
    """Create an article with its segments, or raise before anything is added."""
    limits = limits or current_limits()
    name = PurePath(filename).name
    check_import_size(name, len(data), limits)
    try:
        source = parse_language(source_lang).code
        targets = list(dict.fromkeys(parse_language(code).code for code in target_langs))
        if not targets:
            raise InvalidInput("name at least one target language")
        if source in targets:
            raise InvalidInput(f"the target language {source} is the source language")
        slug = check_slug(slug or slug_from_filename(filename))
        text = decode_source(data, name)
        parsed = parse_article(
            text, markdown=PurePath(filename).suffix.lower() in MARKDOWN_SUFFIXES
        )
    except (LanguageError, SourceError) as exc:
        raise InvalidInput(str(exc)) from None
    _check_sizes(name, parsed.blocks, limits)
    if db.session.scalar(select(Article.id).where(Article.slug == slug)) is not None:
        raise Conflict(f"an article with the slug {slug!r} already exists; choose another --slug")

    article = Article(slug=slug, title=parsed.title, source_lang=source)
    article.targets = [ArticleTarget(lang=lang) for lang in targets]
    article.segments = [
        Segment(position=n, kind=block.kind.value, source=block.text, key=new_segment_key())
        for n, block in enumerate(parsed.blocks, start=1)
    ]
    db.session.add(article)
    db.session.flush()
    db.session.add_all(
        SegmentTranslation(segment=segment, lang=lang, state=int(State.UNTRANSLATED), revision=0)
        for segment in article.segments
        for lang in targets
    )
    db.session.flush()
    return article


def check_import_size(name: str, size: int, limits: Limits) -> None:
    """Refuse a file past the import limit (callers may check before reading it)."""
    enforce_limit(name, size, "bytes", "MAX_IMPORT_BYTES", limits.max_import_bytes)


def _check_sizes(name: str, blocks: list, limits: Limits) -> None:
    # Each segment is a row of the editor page: the page grows with the count and the length.
    enforce_limit(name, len(blocks), "segments", "MAX_SEGMENTS", limits.max_segments)
    for position, block in enumerate(blocks, start=1):
        enforce_limit(
            f"segment {position} of {name}",
            len(block.text),
            "characters",
            "MAX_SEGMENT_CHARS",
            limits.max_segment_chars,
        )


def new_segment_key() -> str:
    return secrets.token_hex(6)
