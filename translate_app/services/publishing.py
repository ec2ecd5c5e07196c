"""Publishing editions from compiled catalogs, and rendering them for readers and files."""

from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..domain.catalogs import checksum, read_translations
from ..domain.editions import EditionSnapshot, pair_rows, render_markdown
from ..extensions import db
from ..files import atomic_write
from ..models import Article, Edition, User
from .articles import check_target
from .compiling import compile_article
from .errors import Conflict, InvalidInput, NotFound

FORMATS = ("html", "md")


def publish_edition(
    article: Article, lang: str, user: User | None, *, locales_dir: Path, editions_dir: Path
) -> Edition:
    """Compile the catalog, read it back, and freeze it as edition N+1."""
    check_target(article, lang)
    catalog = compile_article(article, locales_dir, [lang])[0]
    compiled = catalog.mo_path.read_bytes()
    translations = read_translations(compiled)
    if not translations:
        raise Conflict(
            f"nothing in {article.slug} is approved in {lang} yet; approve at least one "
            "segment before publishing"
        )
    rows = pair_rows(
        [(s.position, s.kind, s.key, s.source) for s in article.segments], translations
    )
    number = latest_number(article, lang) + 1
    now = datetime.now(UTC)
    snapshot = EditionSnapshot(
        slug=article.slug,
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
    edition = Edition(
        article=article,
        source_lang=article.source_lang,
        lang=lang,
        number=number,
        created_at=now,
        published_by=user,
        catalog_checksum=snapshot.catalog_checksum,
        snapshot=snapshot.to_json(),
    )
    db.session.add(edition)
    try:
        db.session.flush()
    except IntegrityError:
        # Another publish took number N at the same moment; the caller rolls back.
        raise Conflict(
            f"edition {number} of {article.slug} ({lang}) was just published by someone "
            "else; publish again for the next number"
        ) from None
    folder = Path(editions_dir) / article.slug / lang / str(number)
    atomic_write(folder / "edition.json", snapshot.to_json().encode())
    for fmt in FORMATS:
        atomic_write(folder / f"edition.{fmt}", render_edition(snapshot, fmt))
    return edition


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


def render_edition(snapshot: EditionSnapshot, fmt: str) -> bytes:
    if fmt == "md":
        return render_markdown(snapshot).encode()
    if fmt == "html":
        template = current_app.jinja_env.get_template("publishing/edition.html")
        return template.render(edition=snapshot, standalone=True).encode()
    raise InvalidInput(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
