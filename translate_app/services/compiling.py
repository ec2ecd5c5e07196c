"""Compiling translations into gettext catalogs (.po and .mo), and the catalogs of downloads."""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from ..domain.catalogs import CatalogEntry, CatalogInfo, Selection, mo_bytes, po_bytes
from ..domain.languages import parse_language
from ..domain.states import State
from ..extensions import db
from ..files import FolderLock, atomic_write, is_temporary, remove
from ..models import Article, Segment, SegmentTranslation, TranslationVersion, User
from .articles import check_target, list_articles
from .errors import StorageFailed

#: States whose text goes into an unapproved catalog marked fuzzy: not yet meant as final.
FUZZY_STATES = frozenset({State.DRAFT, State.REJECTED, State.NEEDS_REVIEW})


@dataclass(frozen=True)
class CompiledCatalog:
    slug: str
    lang: str
    po_path: Path
    mo_path: Path
    approved: int
    total: int
    written: bool  # False: the files already held exactly this catalog


@dataclass(frozen=True)
class Catalog:
    info: CatalogInfo
    entries: list[CatalogEntry]

    @property
    def translated(self) -> int:
        return sum(1 for e in self.entries if e.translation and not e.fuzzy)

    def po(self) -> bytes:
        return po_bytes(self.info, self.entries)

    def mo(self) -> bytes:
        return mo_bytes(self.info, self.entries)


def catalog_paths(locales_dir: Path, slug: str, lang: str) -> tuple[Path, Path]:
    folder = Path(locales_dir) / parse_language(lang).gettext_code / "LC_MESSAGES"
    return folder / f"{slug}.po", folder / f"{slug}.mo"


def compile_all(locales_dir: Path) -> list[CompiledCatalog]:
    return [c for article in list_articles() for c in compile_article(article, locales_dir)]


def compile_article(
    article: Article, locales_dir: Path, langs: list[str] | None = None
) -> list[CompiledCatalog]:
    sweep_catalogs(locales_dir)
    return [
        _compile_one(article, check_target(article, lang), Path(locales_dir))
        for lang in (langs or article.target_langs)
    ]


def load_catalog(
    article: Article,
    lang: str | None,
    selection: Selection = Selection.APPROVED,
    *,
    exported_at: datetime | None = None,
) -> Catalog:
    """The catalog of ``article`` in ``lang``, or its template when ``lang`` is None.

    Read as plain rows, not objects: a catalog of 100,000 paragraphs is one query
    and no per-row object.
    """
    if lang is None:
        rows = db.session.execute(
            select(Segment.key, Segment.source, Segment.position, Segment.kind)
            .where(Segment.article_id == article.id, *in_catalogs())
            .order_by(Segment.position)
        ).all()
        entries = [CatalogEntry(r.key, r.source, "", r.position, r.kind) for r in rows]
        return Catalog(_info(article, None, None, "", exported_at), entries)
    approved_only = selection is Selection.APPROVED
    rows = translation_rows(article, lang, approved_only=approved_only)
    entries = []
    newest = None
    for row in rows:
        text = shown_text(row, approved_only=approved_only)
        # An approved text is final whatever state a newer edit is in.
        fuzzy = not approved_only and bool(text) and State(row.state) in FUZZY_STATES
        entries.append(CatalogEntry(row.key, row.source, text, row.position, row.kind, fuzzy))
        if text and (newest is None or row.created_at > newest.created_at):
            newest = row
    translator = db.session.get(User, newest.author_id).name if newest else ""
    revised = newest.created_at if newest else None
    return Catalog(_info(article, lang, revised, translator, exported_at), entries)


def translation_rows(article: Article, lang: str, *, approved_only: bool) -> list:
    """Every paragraph of ``article`` in reading order, with the translation in ``lang``
    that a file shows for it (the approved one, or the newest), its state, time and
    author's id: plain rows, one query."""
    check_target(article, lang)
    shown = aliased(TranslationVersion)
    version_id = (
        SegmentTranslation.approved_version_id
        if approved_only
        else SegmentTranslation.current_version_id
    )
    return db.session.execute(
        select(
            Segment.id,
            Segment.key,
            Segment.source,
            Segment.position,
            Segment.kind,
            SegmentTranslation.state,
            shown.text,
            shown.created_at,
            shown.author_id,
        )
        .select_from(Segment)
        .outerjoin(
            SegmentTranslation,
            and_(SegmentTranslation.segment_id == Segment.id, SegmentTranslation.lang == lang),
        )
        .outerjoin(shown, shown.id == version_id)
        .where(Segment.article_id == article.id, *in_catalogs())
        .order_by(Segment.position)
    ).all()


def in_catalogs() -> tuple:
    """Which segments catalogs hold: those to translate, and not retired by a revision."""
    return (Segment.translatable.is_(True), Segment.retired_revision.is_(None))


def shown_text(row, *, approved_only: bool) -> str:
    """The text a file shows for a row of ``translation_rows``; empty for none."""
    if not row.text:
        return ""
    # The last approved version stands while a newer edit awaits review; a source
    # change (needs review) withdraws it, since it translated another text.
    if approved_only and row.state == State.NEEDS_REVIEW:
        return ""
    return row.text


def _info(article, lang, revised, translator, exported_at) -> CatalogInfo:
    return CatalogInfo(
        domain=article.slug,
        title=article.title,
        source_lang=article.source_lang,
        language=parse_language(lang) if lang else None,
        created=article.created_at,
        revised=revised,
        last_translator=translator,
        report_bugs_to=current_app.config["CATALOG_BUGS_ADDRESS"],
        exported_at=exported_at,
    )


def export_time() -> datetime:
    return datetime.now(UTC)


def _compile_one(article: Article, lang: str, locales_dir: Path) -> CompiledCatalog:
    catalog = load_catalog(article, lang)
    po_path, mo_path = catalog_paths(locales_dir, article.slug, lang)
    # Each file is replaced atomically; a kill between the two leaves a .po newer than
    # its .mo, both whole, and the next compile (every publish starts with one) agrees them.
    try:
        with FolderLock(locales_dir, exclusive=False):
            written = _write_if_changed(po_path, catalog.po())
            written = _write_if_changed(mo_path, catalog.mo()) or written
    except OSError as exc:
        raise StorageFailed(
            f"could not write the catalog of {article.slug} ({lang}) in {po_path.parent}: {exc}"
        ) from None
    return CompiledCatalog(
        article.slug, lang, po_path, mo_path, catalog.translated, len(catalog.entries), written
    )


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file holds exactly it: an unchanged article keeps its
    files, their times and whatever serves them."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic_write(path, data)
    return True


def sweep_catalogs(locales_dir: Path, *, wait: bool = False) -> list[Path]:
    """Remove the temporary files a killed compile left in ``<lang>/LC_MESSAGES/``."""
    locales_dir = Path(locales_dir)
    try:
        lock = FolderLock(locales_dir, exclusive=True, wait=wait)
    except OSError as exc:
        raise StorageFailed(f"could not use the catalogs folder {locales_dir}: {exc}") from None
    removed = []
    with lock:
        if lock.acquired:
            for entry in locales_dir.glob("*/LC_MESSAGES/.*"):
                if is_temporary(entry.name):
                    remove(entry)
                    removed.append(entry)
    return removed
