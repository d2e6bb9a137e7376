"""``timeline publish``: a SQLite copy of the database, views and full-text search included."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, MetaData, select
from sqlmodel import SQLModel

from timeline.db import create_db_engine, sqlite_path, upgrade
from timeline.errors import DatabaseError

COPY_BATCH = 5_000


def publish_snapshot(engine: Engine, target: Path) -> Path:
    """Write a SQLite snapshot of ``engine``'s database to ``target`` and return its path.

    A SQLite source is copied with SQLite's online backup (consistent while others write);
    any other backend gets a fresh SQLite database built by the migrations, the rows copied
    table by table (the triggers fill the full-text indexes). Raises DatabaseError when ``target``
    cannot be written.
    """
    target = target.expanduser().resolve()
    if not target.parent.is_dir():
        raise DatabaseError(f"folder {target.parent} does not exist: create it or choose --to")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source_path = sqlite_path(str(engine.url))
    if source_path is not None and source_path.resolve() == target:
        raise DatabaseError("--to names the database itself: choose another path")
    try:
        if source_path is not None:
            _backup_sqlite(source_path, partial)
        else:
            _copy_any_backend(engine, partial)
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"cannot write {target}: {error.strerror}") from None
    return target


def _backup_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as origin, \
            sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()


def _copy_any_backend(engine: Engine, target: Path) -> None:
    snapshot = create_db_engine(f"sqlite:///{target}")
    upgrade(snapshot)
    source_tables = MetaData()
    source_tables.reflect(bind=engine, only=list(SQLModel.metadata.tables))
    with engine.connect() as reader, snapshot.begin() as writer:
        for table in SQLModel.metadata.sorted_tables:
            rows = reader.execution_options(stream_results=True).execute(
                select(source_tables.tables[table.name])
            )
            while batch := rows.fetchmany(COPY_BATCH):
                # The FTS triggers index each row as it lands.
                writer.execute(table.insert(), [dict(row._mapping) for row in batch])
    snapshot.dispose()
