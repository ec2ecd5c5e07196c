"""Publishing editions from compiled catalogs, and rendering them for readers and files."""

import hashlib
import json
import sqlite3
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import aliased

from ..domain.catalogs import checksum, read_translations
from ..domain.editions import EditionRow, EditionSnapshot, parse_reason
from ..extensions import db
from ..models import (
    Approval,
    Article,
    Edition,
    Segment,
    SegmentTranslation,
    TranslationVersion,
    User,
)
from . import audit, clock
from .articles import check_target, live_segments
from .compiling import compile_article
from .edition_documents import FORMATS, render_edition
from .edition_files import stage_edition, sweep_editions
from .errors import Conflict, InvalidInput, NotFound, NothingChanged, PermissionDenied

__all__ = ["FORMATS", "default_lang", "get_edition", "publish_edition", "render_edition"]


def publish_edition(
    article: Article,
    lang: str,
    user: User | None,
    *,
    locales_dir: Path,
    editions_dir: Path,
    force: bool = False,
    publisher: str | None = None,
) -> Edition:
    """Compile the catalog, read it back, and freeze it as edition N+1.

    N+1 is decided when the publish starts. If another publish takes that number
    first, this one is refused (409) and changes nothing, like a stale save: two
    people pressing Publish at once get one edition, not two identical ones. A
    publish whose text equals the latest edition's is refused too, unless ``force``
    (kept on the edition). ``publisher`` names who published when there is no user
    (the command line without ``--user``).
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
    rows = [
        EditionRow(
            s.position,
            s.kind,
            s.source,
            # What is not for translation (separators, code, boilerplate) stays as it is.
            translations.get((s.key, s.source)) if s.translatable else s.source,
            s.key,
            translatable=s.translatable,
            tags=s.tags,
            structure=s.structure,
        )
        for s in live_segments(article)
    ]
    now = clock.now()
    translators, approvers = credits(article, lang, {r.key for r in rows if r.translation})
    snapshot = EditionSnapshot(
        slug=slug,
        number=number,
        title=article.title,
        translated_title=next((r.translation for r in rows if r.kind == "title"), None),
        source_lang=article.source_lang,
        target_lang=lang,
        published_at=now.isoformat(timespec="seconds"),
        published_by=user.name if user else (publisher or ""),
        catalog_checksum=checksum(compiled),
        rows=rows,
        translators=translators,
        approvers=approvers,
        source_checksum=source_checksum(rows),
        forced=force,
    )
    check_changed(article, lang, snapshot, force=force)
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
            forced=force,
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
    audit.record(
        "publish",
        actor=user,
        target=f"edition:{slug}/{lang}/{number}",
        detail="forced: nothing had changed" if force else "",
    )
    return edition


def withdraw_edition(edition: Edition, user: User, reason: str | None) -> Edition:
    """Withdraw an edition from readers. It stays in the record, with who and why."""
    if not user.can("publish"):
        raise PermissionDenied(f"{user.name} is a {user.role}: only editors and admins withdraw")
    try:
        reason = parse_reason(reason)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    slug = edition.article.slug
    if edition.withdrawn:
        raise Conflict(
            f"edition {edition.number} of {slug} ({edition.lang}) was already withdrawn "
            f"on {edition.withdrawn_at:%Y-%m-%d}"
        )
    edition.withdrawn_at = clock.now()
    edition.withdrawn_by = user
    edition.withdrawn_reason = reason
    audit.record(
        "withdraw",
        actor=user,
        target=f"edition:{slug}/{edition.lang}/{edition.number}",
        detail=reason,
    )
    return edition


def check_changed(article: Article, lang: str, snapshot: EditionSnapshot, *, force: bool):
    """Refuse an edition a reader could not tell from the latest one."""
    latest = db.session.scalar(
        select(Edition)
        .where(Edition.article_id == article.id, Edition.lang == lang)
        .order_by(Edition.number.desc())
        .limit(1)
    )
    if force or latest is None or not latest.load().same_text(snapshot):
        return
    raise NothingChanged(
        f"nothing changed in {article.slug} ({lang}) since edition {latest.number}, "
        f"published {latest.created_at:%Y-%m-%d %H:%M} UTC"
        + (" and withdrawn since" if latest.withdrawn else "")
        + ": approve a change first, or force the publish to make an identical edition"
    )


def credits(article: Article, lang: str, keys: set[str]) -> tuple[list[str], list[str]]:
    """Who wrote and who approved the approved texts of the segments ``keys``."""
    author = aliased(User)
    approver = aliased(User)
    rows = db.session.execute(
        select(Segment.key, author.name, approver.name)
        .select_from(SegmentTranslation)
        .join(Segment, Segment.id == SegmentTranslation.segment_id)
        .join(TranslationVersion, TranslationVersion.id == SegmentTranslation.approved_version_id)
        .join(author, author.id == TranslationVersion.author_id)
        .outerjoin(Approval, Approval.version_id == TranslationVersion.id)
        .outerjoin(approver, approver.id == Approval.editor_id)
        .where(Segment.article_id == article.id, SegmentTranslation.lang == lang)
    ).all()
    # Filtered here rather than in SQL: an article of thousands of keys would bind them all.
    rows = [(author_name, approver_name) for key, author_name, approver_name in rows if key in keys]
    return (
        sorted({name for name, _ in rows}),
        sorted({name for _, name in rows if name}),
    )


def source_checksum(rows) -> str:
    """Names the revision of the source an edition was made from."""
    text = json.dumps([(row.kind, row.source) for row in rows], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


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
