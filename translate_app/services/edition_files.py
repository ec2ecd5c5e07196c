"""Edition folders on disk: ``EDITIONS_DIR/<slug>/<lang>/<N>/edition.{json,html,md}``.

The database is the truth and holds every snapshot; the folders follow it. A new
folder is written whole under a temporary name, flushed, and renamed into place
after the commit, so a folder at its final name is always complete. What a killed
process leaves behind is put right by ``sweep_editions``: temporary entries are
removed, folders the database knows but that are missing or incomplete are
rendered again from their snapshots, and folders it does not know are moved to
``EDITIONS_DIR/.orphaned/`` (never deleted: they may be all that is left of something).
"""

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from ..domain.editions import EditionSnapshot
from ..extensions import db
from ..files import FolderLock, fsync_dir, is_temporary, remove, temporary_folder, write_synced
from ..models import Article, Edition
from . import pending
from .edition_documents import render_edition
from .errors import StorageFailed

# Written at publish: the snapshot, and the two text formats in their default layouts.
# The other formats and layouts are made when first downloaded (reading.edition_file).
PUBLISHED_FORMATS = ("html", "md")
FILES = ("edition.json", "edition.html", "edition.md")
ORPHANED = ".orphaned"


def render_files(snapshot: EditionSnapshot) -> dict[str, bytes]:
    files = {"edition.json": snapshot.to_json().encode()}
    files.update({f"edition.{fmt}": render_edition(snapshot, fmt) for fmt in PUBLISHED_FORMATS})
    return files


def edition_folder(editions_dir: Path, slug: str, lang: str, number: int) -> Path:
    return Path(editions_dir) / slug / lang / str(number)


def stage_edition(editions_dir: Path, snapshot: EditionSnapshot) -> None:
    """Write the edition's folder under a temporary name; it moves into place on commit."""
    editions_dir = Path(editions_dir)
    final = edition_folder(editions_dir, snapshot.slug, snapshot.target_lang, snapshot.number)
    files = render_files(snapshot)
    try:
        lock = FolderLock(editions_dir, exclusive=False)
    except OSError as exc:
        raise _failed(snapshot, editions_dir, exc) from None
    try:
        temp = write_folder(final, files)
    except OSError as exc:
        lock.release()
        raise _failed(snapshot, final.parent, exc) from None

    def finish() -> None:
        try:
            put_in_place(editions_dir, temp, final)
        finally:
            lock.release()

    def discard() -> None:
        remove(temp)
        lock.release()

    pending.after_commit(finish, discard)


def _failed(snapshot: EditionSnapshot, folder: Path, exc: OSError) -> StorageFailed:
    return StorageFailed(
        f"could not write edition {snapshot.number} of {snapshot.slug} ({snapshot.target_lang}) "
        f"in {folder}: {exc}; nothing was published"
    )


def write_folder(final: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` into a new temporary folder beside ``final``; removed on failure."""
    temp = temporary_folder(final.parent, final.name)
    try:
        for name, data in files.items():
            write_synced(temp / name, data)
        fsync_dir(temp)
    except BaseException:
        remove(temp)
        raise
    return temp


def put_in_place(editions_dir: Path, temp: Path, final: Path) -> None:
    if final.exists():
        orphan(editions_dir, final)
    os.rename(temp, final)
    fsync_dir(final.parent)


def orphan(editions_dir: Path, path: Path) -> Path:
    """Move ``path`` out of the way, under ``.orphaned/`` with the time it was moved."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    place = path.relative_to(editions_dir).parent
    target = editions_dir / ORPHANED / place / f"{path.name}.{stamp}"
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(path, target)
    return target


@dataclass
class SweepReport:
    skipped: bool = False  # another process was writing: nothing was looked at
    removed: list[Path] = field(default_factory=list)
    rebuilt: list[Path] = field(default_factory=list)
    orphaned: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"editions: {len(self.removed)} temporary removed, {len(self.rebuilt)} rebuilt "
            f"from the database, {len(self.orphaned)} unknown moved to {ORPHANED}/"
        )


def sweep_editions(
    editions_dir: Path, article: Article | None = None, lang: str | None = None, *, wait=False
) -> SweepReport:
    """Make the folders agree with the database, for one article's language or for all."""
    editions_dir = Path(editions_dir)
    try:
        lock = FolderLock(editions_dir, exclusive=True, wait=wait)
    except OSError as exc:
        raise StorageFailed(
            f"could not write to the editions folder {editions_dir}: {exc}; nothing was changed"
        ) from None
    if not lock.acquired:
        return SweepReport(skipped=True)
    with lock:
        try:
            return _sweep(editions_dir, article, lang)
        except OSError as exc:
            raise StorageFailed(f"could not tidy the editions in {editions_dir}: {exc}") from None


def _sweep(editions_dir: Path, article: Article | None, lang: str | None) -> SweepReport:
    query = select(Edition.id, Article.slug, Edition.lang, Edition.number).join(Edition.article)
    if article is not None:
        query = query.where(Edition.article_id == article.id, Edition.lang == lang)
    known: dict[tuple[str, str], dict[str, int]] = {}
    for edition_id, slug, edition_lang, number in db.session.execute(query):
        known.setdefault((slug, edition_lang), {})[str(number)] = edition_id
    if article is not None:
        places = {(article.slug, lang)}
    else:
        places = set(known) | {
            (slug_dir.name, lang_dir.name)
            for slug_dir in _visible_dirs(editions_dir)
            for lang_dir in _visible_dirs(slug_dir)
        }
    report = SweepReport()
    for slug, place_lang in sorted(places):
        numbers = known.get((slug, place_lang), {})
        _sweep_place(editions_dir, editions_dir / slug / place_lang, numbers, report)
    return report


def _visible_dirs(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]


def _sweep_place(editions_dir: Path, folder: Path, known: dict[str, int], report) -> None:
    complete = set()
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if is_temporary(entry.name):
            remove(entry)
            report.removed.append(entry)
        elif entry.name.startswith("."):
            continue
        elif entry.name in known and _is_complete(entry, known[entry.name], report):
            complete.add(entry.name)
        else:
            report.orphaned.append(orphan(editions_dir, entry))
    for name, edition_id in known.items():
        if name not in complete:
            snapshot = EditionSnapshot.from_json(_snapshot_text(edition_id))
            final = folder / name
            put_in_place(editions_dir, write_folder(final, render_files(snapshot)), final)
            report.rebuilt.append(final)


def _is_complete(folder: Path, edition_id: int, report: SweepReport) -> bool:
    if not folder.is_dir():
        return False
    for entry in folder.iterdir():
        if is_temporary(entry.name):
            remove(entry)
            report.removed.append(entry)
    if not all((folder / name).is_file() and (folder / name).stat().st_size for name in FILES):
        return False
    return (folder / "edition.json").read_bytes() == _snapshot_text(edition_id).encode()


def _snapshot_text(edition_id: int) -> str:
    return db.session.scalar(select(Edition.snapshot).where(Edition.id == edition_id))
