"""Backup and restore: the database, the article catalogs and the editions, in one folder.

A backup is database-agnostic, so one taken on SQLite restores on PostgreSQL and
the other way round: every table of the models' metadata is written as JSON Lines,
in dependency order and by primary key, and ``manifest.json`` names the format,
the Alembic revision, the time, and each file's row count, size and SHA-256.

```
DIR/manifest.json
DIR/tables/<table>.jsonl
DIR/catalogs/<lang>/LC_MESSAGES/<slug>.po, .mo      (as under LOCALES_DIR)
DIR/editions/<slug>/<lang>/<N>/edition.*            (as under EDITIONS_DIR)
```
"""

import base64
import hashlib
import json
import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath

from alembic.runtime.migration import MigrationContext
from sqlalchemy import TypeDecorator, select

from ..domain.editions import EditionSnapshot
from ..extensions import db
from ..files import FolderLock, fsync_dir, remove, temporary_folder, write_synced
from ..models import Article, ArticleTarget, Edition
from .compiling import catalog_paths
from .edition_files import FILES, edition_folder, render_files
from .errors import InvalidInput, StorageFailed

FORMAT = "translate_app backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH = 1000


def create_backup(target: Path, *, locales_dir: Path, editions_dir: Path) -> dict:
    """Write a backup into the new folder ``target``: whole, or not at all."""
    target = Path(target).absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InvalidInput(f"{target} already exists and is not an empty folder: name a new one")
    try:
        staging = temporary_folder(target.parent, target.name)
    except OSError as exc:
        raise StorageFailed(f"could not write the backup to {target}: {exc}") from None
    try:
        manifest = _write_backup(staging, Path(locales_dir), Path(editions_dir))
        os.rename(staging, target)
        fsync_dir(target.parent)
    except OSError as exc:
        remove(staging)
        raise StorageFailed(f"could not write the backup to {target}: {exc}") from None
    except BaseException:
        remove(staging)
        raise
    return manifest


def _write_backup(staging: Path, locales_dir: Path, editions_dir: Path) -> dict:
    files: list[dict] = []
    tables: list[dict] = []
    # One read transaction: every table, and the files chosen from it, from one moment.
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        else:
            conn.exec_driver_sql("BEGIN")
        revision = MigrationContext.configure(conn).get_current_revision()
        (staging / "tables").mkdir()
        for table in db.metadata.sorted_tables:
            path = staging / "tables" / f"{table.name}.jsonl"
            rows = conn.execute(select(table).order_by(*table.primary_key.columns))
            count = 0
            with path.open("wb") as handle:
                for row in rows.mappings():
                    line = json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False)
                    handle.write(line.encode() + b"\n")
                    count += 1
                handle.flush()
                os.fsync(handle.fileno())
            tables.append({"name": table.name, "rows": count, **_describe(staging, path)})
        catalogs = conn.execute(
            select(Article.slug, ArticleTarget.lang).join(ArticleTarget.article)
        ).all()
        for slug, lang in catalogs:
            for path in catalog_paths(locales_dir, slug, lang):
                if path.is_file():
                    copy = staging / "catalogs" / path.relative_to(locales_dir)
                    files.append(_store(staging, copy, path.read_bytes()))
        editions = conn.execute(
            select(Article.slug, Edition.lang, Edition.number, Edition.snapshot).join(
                Edition.article
            )
        )
        with FolderLock(editions_dir, exclusive=False):
            for slug, lang, number, snapshot in editions:
                folder = edition_folder(editions_dir, slug, lang, number)
                content = _edition_content(folder, snapshot)
                for name, data in content.items():
                    copy = staging / "editions" / slug / lang / str(number) / name
                    files.append(_store(staging, copy, data))
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "alembic_revision": revision,
        "database": db.engine.dialect.name,
        "tables": tables,
        "files": files,
    }
    write_synced(staging / MANIFEST, json.dumps(manifest, indent=2).encode() + b"\n")
    fsync_dir(staging)
    return manifest


def _edition_content(folder: Path, snapshot: str) -> dict[str, bytes]:
    """The files as published; rendered from the snapshot if the folder is not whole."""
    paths = [folder / name for name in FILES]
    if all(p.is_file() for p in paths) and paths[0].read_bytes() == snapshot.encode():
        return {p.name: p.read_bytes() for p in paths}
    return render_files(EditionSnapshot.from_json(snapshot))


def _store(staging: Path, path: Path, data: bytes) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_synced(path, data)
    return _describe(staging, path)


def _describe(staging: Path, path: Path) -> dict:
    return {
        "path": path.relative_to(staging).as_posix(),
        "bytes": path.stat().st_size,
        "sha256": _sha256(path),
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _encode(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, Decimal):
        return str(value)
    # JSON columns (a segment's tags, a version's findings) are written as they are.
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def decoder(column):
    kind = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    try:
        python_type = kind.python_type
    except NotImplementedError:
        return lambda value: value
    parse = {
        datetime: datetime.fromisoformat,
        date: date.fromisoformat,
        bytes: base64.b64decode,
        Decimal: Decimal,
    }.get(python_type)
    if parse is None:
        return lambda value: value
    return lambda value: None if value is None else parse(value)


def read_manifest(source: Path) -> dict:
    """The manifest of the backup in ``source``, once every file in it checks out."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"{source} has no {MANIFEST}: not a translate_app backup") from None
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read {source / MANIFEST}: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InvalidInput(f"{source / MANIFEST} does not describe a translate_app backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise InvalidInput(
            f"{source} is a backup of format version {manifest.get('format_version')!r}; "
            f"this version of translate_app reads version {FORMAT_VERSION}"
        )
    problems = []
    listed = {MANIFEST}
    for entry, shape in [
        *((e, ("tables", 2)) for e in manifest["tables"]),
        *(
            (e, ("catalogs", 4) if e["path"].startswith("catalogs/") else ("editions", 5))
            for e in manifest["files"]
        ),
    ]:
        relative = PurePosixPath(entry["path"])
        if (
            relative.is_absolute()
            or ".." in relative.parts
            or (relative.parts[0], len(relative.parts)) != shape
        ):
            problems.append(f"{entry['path']}: not a place for a file of a backup")
            continue
        listed.add(str(relative))
        path = source / relative
        if not path.is_file():
            problems.append(f"{relative}: missing")
        elif path.stat().st_size != entry["bytes"] or _sha256(path) != entry["sha256"]:
            problems.append(f"{relative}: its checksum does not match the manifest")
    present = {p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()}
    problems += [f"{extra}: not in the manifest" for extra in sorted(present - listed)]
    if problems:
        raise InvalidInput(
            f"the backup in {source} is damaged; nothing was restored: " + "; ".join(problems)
        )
    return manifest
