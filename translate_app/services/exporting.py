"""Batch export: the latest edition of every article, in every format, in one zip."""

import os
import tempfile
import zipfile
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Article, Edition
from .errors import Conflict
from .importing import Progress
from .publishing import FORMATS, render_edition


@dataclass(frozen=True)
class ExportSummary:
    articles: int
    editions: int
    files: int
    unpublished: int  # articles left out: nothing published yet


def check_anything_published() -> None:
    if db.session.scalar(select(Edition.id).where(Edition.withdrawn_at.is_(None)).limit(1)) is None:
        raise Conflict("nothing is published yet: publish an edition, then export")


def latest_editions() -> list[Edition]:
    """The newest edition not withdrawn of each article in each language, by slug and
    language."""
    newest = (
        select(Edition.article_id, Edition.lang, func.max(Edition.number).label("number"))
        .where(Edition.withdrawn_at.is_(None))
        .group_by(Edition.article_id, Edition.lang)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(Edition)
            .join(
                newest,
                (Edition.article_id == newest.c.article_id)
                & (Edition.lang == newest.c.lang)
                & (Edition.number == newest.c.number),
            )
            .join(Edition.article)
            .options(joinedload(Edition.article))
            .order_by(Article.slug, Edition.lang)
        )
    )


def export_latest_editions(path: Path, progress: Progress | None = None) -> ExportSummary:
    """Write the zip to ``path`` through a temporary file: a reader never sees half of it.

    Entries are ``<slug>/<lang>/edition-<N>.<format>``; ``progress(done, total)`` counts
    articles.
    """
    check_anything_published()
    by_article = [
        (article_id, list(editions))
        for article_id, editions in groupby(latest_editions(), key=lambda e: e.article_id)
    ]
    all_articles = db.session.scalar(select(func.count()).select_from(Article))
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    files = 0
    try:
        with os.fdopen(fd, "wb") as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for done, (_, editions) in enumerate(by_article, start=1):
                    for edition in editions:
                        snapshot = edition.load()
                        for fmt in FORMATS:
                            name = f"{snapshot.slug}/{edition.lang}/edition-{edition.number}.{fmt}"
                            archive.writestr(name, render_edition(snapshot, fmt))
                            files += 1
                    if progress is not None:
                        progress(done, len(by_article))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ExportSummary(
        articles=len(by_article),
        editions=sum(len(editions) for _, editions in by_article),
        files=files,
        unpublished=all_articles - len(by_article),
    )
