"""The public reading site's questions: what is published, in which languages, which
edition is current, and where the files of an edition are kept once made."""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..domain.editions import EditionSnapshot
from ..extensions import db
from ..models import Article, Edition
from .edition_documents import check_format, pick_layout, render_edition
from .edition_files import edition_folder
from .errors import NotFound


@dataclass(frozen=True)
class Listing:
    """One article in the index of a language: its current edition there."""

    slug: str
    lang: str  # the language the reader reads it in
    title: str
    edition_lang: str  # the edition's target language
    number: int
    published_at: str
    layout: str  # how to open it: bilingual, or the source alone for a source language


def current_editions() -> list[Edition]:
    """The newest edition that is not withdrawn, of every article in every language."""
    editions = db.session.scalars(
        select(Edition)
        .where(Edition.withdrawn_at.is_(None))
        .options(joinedload(Edition.article))
        .order_by(Edition.article_id, Edition.lang, Edition.number.desc())
    )
    current: dict[tuple[int, str], Edition] = {}
    for edition in editions:
        current.setdefault((edition.article_id, edition.lang), edition)
    return list(current.values())


def index(lang: str | None = None) -> dict[str, list[Listing]]:
    """Published articles by the language a reader reads them in, newest first.

    A translation is listed under its language; the original under the source language,
    opened in that language alone (from the newest edition of any target).
    """
    by_lang: dict[str, list[Listing]] = {}
    originals: dict[int, tuple[Edition, EditionSnapshot]] = {}
    for edition in current_editions():
        # Each snapshot is read once: the translation and the original both come from it.
        snapshot = edition.load()
        by_lang.setdefault(edition.lang, []).append(
            Listing(
                edition.article.slug,
                edition.lang,
                snapshot.translated_title or snapshot.title,
                edition.lang,
                edition.number,
                snapshot.published_at,
                "side-by-side",
            )
        )
        newest = originals.get(edition.article_id)
        if newest is None or edition.created_at > newest[0].created_at:
            originals[edition.article_id] = (edition, snapshot)
    for edition, snapshot in originals.values():
        by_lang.setdefault(edition.source_lang, []).append(
            Listing(
                edition.article.slug,
                edition.source_lang,
                snapshot.title,
                edition.lang,
                edition.number,
                snapshot.published_at,
                "source-only",
            )
        )
    for listings in by_lang.values():
        listings.sort(key=lambda item: (item.published_at, item.slug), reverse=True)
    if lang is not None:
        return {lang: by_lang.get(lang, [])}
    return dict(sorted(by_lang.items()))


def editions_of(article: Article, lang: str) -> list[Edition]:
    """Every edition of the article in ``lang``, newest first; withdrawn ones too."""
    editions = list(
        db.session.scalars(
            select(Edition)
            .where(Edition.article_id == article.id, Edition.lang == lang)
            .options(joinedload(Edition.published_by), joinedload(Edition.withdrawn_by))
            .order_by(Edition.number.desc())
        )
    )
    if not editions:
        raise NotFound(f"{article.slug} has no published edition in {lang} yet")
    return editions


def current_of(editions: list[Edition]) -> Edition | None:
    """The edition a reader is shown at the article's address: the newest not withdrawn."""
    return next((edition for edition in editions if not edition.withdrawn), None)


def published_langs(article: Article) -> list[str]:
    """The target languages the article has a current edition in."""
    langs = db.session.scalars(
        select(Edition.lang)
        .where(Edition.article_id == article.id, Edition.withdrawn_at.is_(None))
        .distinct()
        .order_by(Edition.lang)
    )
    return list(langs)


def edition_file(
    editions_dir: Path, edition: Edition, snapshot: EditionSnapshot, fmt: str, layout: str | None
) -> tuple[bytes, str]:
    """The bytes of one file of an edition and its layout, made once and kept beside the
    edition (editions never change, so neither do their files)."""
    layout = pick_layout(check_format(fmt), layout)
    folder = edition_folder(editions_dir, snapshot.slug, edition.lang, edition.number)
    path = folder / "files" / f"{layout}.{fmt}"
    try:
        return path.read_bytes(), layout
    except OSError:
        pass
    data = render_edition(snapshot, fmt, layout)
    keep(path, data)
    return data, layout


def keep(path: Path, data: bytes) -> None:
    """Write a made file beside its edition, whole or not at all."""
    temp = None
    try:
        # Only inside an edition folder already in place (not parents=True): a folder
        # made here first would look incomplete to the sweep.
        path.parent.mkdir(exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError:
        # A file that cannot be kept costs time on the next download, not this one.
        if temp is not None:
            Path(temp).unlink(missing_ok=True)


def download_name(snapshot: EditionSnapshot, layout: str, fmt: str) -> str:
    return (
        f"{snapshot.slug}.{snapshot.source_lang}-{snapshot.target_lang}"
        f".edition-{snapshot.number}.{layout}.{fmt}"
    )
