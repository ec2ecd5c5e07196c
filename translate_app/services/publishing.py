"""Publishing editions from compiled catalogs, and rendering them for readers and files."""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from ..domain.catalogs import checksum, read_translations
from ..domain.editions import EditionSnapshot, pair_rows
from ..extensions import db
from ..models import Article, Edition, User
from . import audit
from .articles import check_target
from .compiling import compile_article
from .edition_files import FORMATS, render_edition, stage_edition, sweep_editions
from .errors import Conflict, InvalidInput, NotFound, PermissionDenied

__all__ = ["FORMATS", "default_lang", "get_edition", "publish_edition", "render_edition"]


def publish_edition(
    article: Article, lang: str, user: User | None, *, locales_dir: Path, editions_dir: Path
) -> Edition:
    """Compile the catalog, read it back, and freeze it as edition N+1.

    N+1 is decided when the publish starts. If another publish takes that number
    first, this one is refused (409) and changes nothing, like a stale save: two
    people pressing Publish at once get one edition, not two identical ones.
    """
    check_target(article, lang)
    if user is not None and not user.can("publish"):
        raise PermissionDenied(f"{user.name} is a {user.role}: only editors and admins publish")
    sweep_editions(editions_dir, article, lang)
    slug = article.slug
    number = latest_number(article, lang) + 1
    catalog = compile_article(article, locales_dir, [lang])[0]
    compiled = catalog.mo_path.read_bytes()
    translations = read_translations(compiled)
    if not translations:
        raise Conflict(
            f"nothing in {slug} is approved in {lang} yet; approve at least one "
            "segment before publishing"
        )
    rows = pair_rows(
        [(s.position, s.kind, s.key, s.source) for s in article.segments], translations
    )
    now = datetime.now(UTC)
    snapshot = EditionSnapshot(
        slug=slug,
        number=number,
        title=article.title,
        translated_title=next((r.translation for r in rows if r.kind == "title"), None),
        source_lang=article.source_lang,
        target_lang=lang,
        published_at=now.isoformat(timespec="seconds"),
        published_by=user.name if user else "",
        catalog_checksum=checksum(compiled),
        rows=rows,
    )
    # Written before the database is touched: a full disk refuses the publish whole.
    stage_edition(editions_dir, snapshot)
    db.session.add(
        edition := Edition(
            article=article,
            source_lang=article.source_lang,
            lang=lang,
            number=number,
            created_at=now,
            published_by=user,
            catalog_checksum=snapshot.catalog_checksum,
            snapshot=snapshot.to_json(),
        )
    )
    try:
        db.session.flush()
    except (IntegrityError, OperationalError) as exc:
        # The session is unusable until the caller rolls back: use nothing loaded from it.
        if isinstance(exc, OperationalError):
            if not _is_busy(exc):
                raise
            raise Conflict(
                f"the database stayed busy with another change while publishing {slug} "
                f"({lang}); nothing was changed: publish again"
            ) from None
        raise Conflict(
            f"edition {number} of {slug} ({lang}) was just published by someone else; "
            "nothing was changed: publish again for the next edition"
        ) from None
    audit.record("publish", actor=user, target=f"edition:{slug}/{lang}/{number}")
    return edition


def _is_busy(exc: OperationalError) -> bool:
    """SQLite gave up waiting for another writer (its busy timeout passed)."""
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return isinstance(exc.orig, sqlite3.OperationalError) and (code or 0) & 0xFF in (
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
    )


def get_edition(article: Article, lang: str, number: int | None = None) -> Edition:
    """Edition ``number``, or the latest one."""
    check_target(article, lang)
    query = select(Edition).where(Edition.article_id == article.id, Edition.lang == lang)
    query = (
        query.where(Edition.number == number)
        if number is not None
        else query.order_by(Edition.number.desc()).limit(1)
    )
    edition = db.session.scalar(query)
    if edition is None:
        raise NotFound(
            f"{article.slug} has no edition {number} in {lang}"
            if number is not None
            else f"{article.slug} has no published edition in {lang} yet"
        )
    return edition


def latest_number(article: Article, lang: str) -> int:
    """The number of the latest edition in ``lang``; 0 before the first publish."""
    return (
        db.session.scalar(
            select(func.max(Edition.number)).where(
                Edition.article_id == article.id, Edition.lang == lang
            )
        )
        or 0
    )


def default_lang(article: Article, lang: str | None) -> str:
    if lang:
        return check_target(article, lang)
    if len(article.target_langs) != 1:
        raise InvalidInput(
            f"{article.slug} has several target languages "
            f"({', '.join(article.target_langs)}): name one with --lang"
        )
    return article.target_langs[0]
