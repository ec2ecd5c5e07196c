"""Restoring a backup (see backup.py) into a database migrated to the same revision.

The rows go in as one transaction. The files are staged under temporary names
first, so a full disk refuses the restore before the database is touched, and
they move into place after the commit.
"""

import json
import os
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Integer, delete, func, select

from ..extensions import db
from ..files import FolderLock, fsync_dir, remove, write_temporary
from . import pending
from .backup import BATCH, decoder, read_manifest
from .edition_files import put_in_place, write_folder
from .errors import Conflict, InvalidInput, StorageFailed


def restore_backup(source: Path, *, locales_dir: Path, editions_dir: Path, force: bool) -> dict:
    """Load the backup in ``source``; refuse a database that has content, unless ``force``."""
    source = Path(source).absolute()
    manifest = read_manifest(source)
    revision = MigrationContext.configure(db.session.connection()).get_current_revision()
    wanted = manifest["alembic_revision"]
    if revision is None:
        raise Conflict("the database has no schema yet: run `translate-app init` first")
    if revision != wanted:
        raise Conflict(
            f"the database is at revision {revision} but the backup was taken at revision "
            f"{wanted}: migrate the database to {wanted} first (with the translate_app "
            "version that made the backup), then restore"
        )
    tables = db.metadata.sorted_tables
    entries = {entry["name"]: entry for entry in manifest["tables"]}
    if sorted(entries) != sorted(t.name for t in tables):
        raise InvalidInput(
            f"the backup has the tables {', '.join(sorted(entries))}, the database "
            f"{', '.join(sorted(t.name for t in tables))}"
        )
    counts = {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in tables}
    if any(counts.values()) and not force:
        filled = ", ".join(f"{n} {name}" for name, n in counts.items() if n)
        raise Conflict(
            f"the database is not empty ({filled}): restore into an empty database, "
            "or pass --force to replace its content"
        )
    _stage_files(source, manifest, Path(locales_dir), Path(editions_dir))
    if force:
        for table in reversed(tables):
            db.session.execute(delete(table))
    for table in tables:
        _insert_rows(table, source / entries[table.name]["path"], entries[table.name]["rows"])
    _reset_sequences(tables)
    db.session.flush()
    return manifest


def _insert_rows(table, path: Path, expected: int) -> None:
    decoders = {column.name: decoder(column) for column in table.columns}
    batch: list[dict] = []
    count = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if set(row) != set(decoders):
                raise InvalidInput(
                    f"{path.name} line {count + 1} has the columns {sorted(row)}, "
                    f"the table {table.name} {sorted(decoders)}"
                )
            batch.append({name: decoders[name](value) for name, value in row.items()})
            count += 1
            if len(batch) == BATCH:
                db.session.execute(table.insert(), batch)
                batch = []
    if batch:
        db.session.execute(table.insert(), batch)
    if count != expected:
        raise InvalidInput(f"{path.name} has {count} rows, its manifest says {expected}")


def _reset_sequences(tables) -> None:
    """Rows came with their ids: the next id a sequence hands out must follow them."""
    if db.session.get_bind().dialect.name != "postgresql":
        return  # SQLite takes the next rowid (or the AUTOINCREMENT counter) from the rows
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and isinstance(keys[0].type, Integer):
            # A NULL sequence name (no sequence behind the column) makes setval a no-op.
            db.session.execute(
                select(
                    func.setval(
                        func.pg_get_serial_sequence(table.name, keys[0].name),
                        func.coalesce(func.max(keys[0]), 0) + 1,
                        False,
                    )
                ).select_from(table)
            )


def _stage_files(source: Path, manifest: dict, locales_dir: Path, editions_dir: Path) -> None:
    """Write every file beside its final place; they move in when the restore commits."""
    locks = []
    moves: list[tuple[Path, Path]] = []

    def discard() -> None:
        for temp, _final in moves:
            remove(temp)
        for lock in locks:
            lock.release()

    def finish() -> None:
        try:
            for temp, final in moves:
                if final.parent.name == "LC_MESSAGES":
                    os.replace(temp, final)
                    fsync_dir(final.parent)
                else:
                    put_in_place(editions_dir, temp, final)
        finally:
            for lock in locks:
                lock.release()

    folders: dict[Path, dict[str, bytes]] = {}
    try:
        locks.append(FolderLock(locales_dir, exclusive=False))
        locks.append(FolderLock(editions_dir, exclusive=False))
        for entry in manifest["files"]:
            area, *rest = Path(entry["path"]).parts
            data = (source / entry["path"]).read_bytes()
            if area == "catalogs":
                final = locales_dir.joinpath(*rest)
                moves.append((write_temporary(final, data), final))
            else:
                folders.setdefault(editions_dir.joinpath(*rest[:-1]), {})[rest[-1]] = data
        for final, files in folders.items():
            moves.append((write_folder(final, files), final))
    except OSError as exc:
        discard()
        raise StorageFailed(
            f"could not write the restored files: {exc}; nothing was restored"
        ) from None
    pending.after_commit(finish, discard)
