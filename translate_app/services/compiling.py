"""Compiling approved translations into gettext catalogs (.po and .mo)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..domain.catalogs import CatalogEntry, CatalogInfo, build_catalog, mo_bytes, po_bytes
from ..domain.languages import parse_language
from ..domain.states import State
from ..extensions import db
from ..files import FolderLock, atomic_write, is_temporary, remove
from ..models import Article, Segment, SegmentTranslation, TranslationVersion
from .articles import check_target, list_articles
from .errors import StorageFailed


@dataclass(frozen=True)
class CompiledCatalog:
    slug: str
    lang: str
    po_path: Path
    mo_path: Path
    approved: int
    total: int


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


def _compile_one(article: Article, lang: str, locales_dir: Path) -> CompiledCatalog:
    rows = db.session.scalars(
        select(SegmentTranslation)
        .join(SegmentTranslation.segment)
        .where(Segment.article_id == article.id, SegmentTranslation.lang == lang)
        .options(
            joinedload(SegmentTranslation.segment),
            joinedload(SegmentTranslation.approved_version).joinedload(TranslationVersion.author),
        )
        .order_by(Segment.position)
    ).all()
    entries = [
        CatalogEntry(
            key=st.segment.key,
            source=st.segment.source,
            translation=_approved_text(st),
            comment=f"{article.slug}: {article.title}\nparagraph {st.segment.position} "
            f"({st.segment.kind})",
        )
        for st in rows
    ]
    approved = [st.approved_version for st in rows if _approved_text(st)]
    latest = max(approved, key=lambda v: v.created_at, default=None)
    info = CatalogInfo(
        domain=article.slug,
        title=article.title,
        source_lang=article.source_lang,
        language=parse_language(lang),
        created=article.created_at,
        revised=datetime.now(UTC),
        last_translator=latest.author.name if latest else "",
    )
    po = build_catalog(info, entries)
    po_path, mo_path = catalog_paths(locales_dir, article.slug, lang)
    # Each file is replaced atomically; a kill between the two leaves a .po newer than
    # its .mo, both whole, and the next compile (every publish starts with one) agrees them.
    try:
        with FolderLock(locales_dir, exclusive=False):
            atomic_write(po_path, po_bytes(po))
            atomic_write(mo_path, mo_bytes(po))
    except OSError as exc:
        raise StorageFailed(
            f"could not write the catalog of {article.slug} ({lang}) in {po_path.parent}: {exc}"
        ) from None
    return CompiledCatalog(article.slug, lang, po_path, mo_path, len(approved), len(entries))


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


def _approved_text(st: SegmentTranslation) -> str:
    # The last approved version stands while a newer edit awaits review; a source
    # change (needs review) withdraws it, since it translated another text.
    if st.approved_version is None or st.state == State.NEEDS_REVIEW:
        return ""
    return st.approved_version.text
