"""Serving a database that is not SQLite: Datasette reads a SQLite snapshot of it, and the
snapshot is rebuilt on request (``POST /-/timeline/refresh``) without restarting the server."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from timeline.db import create_db_engine
from timeline.errors import NotFoundError
from timeline.publish.snapshot import publish_snapshot

REFRESH_PATH = "/-/timeline/refresh"


@dataclass
class SnapshotSource:
    """The database a served snapshot was taken from, and where snapshots are written."""

    url: str
    folder: Path
    database_name: str
    generation: itertools.count = field(default_factory=lambda: itertools.count(1))


_source: SnapshotSource | None = None


def take_first_snapshot(url: str, folder: Path, database_name: str) -> Path:
    """Publish the first snapshot of ``url`` into ``folder`` and remember where it came from,
    so that later refreshes can repeat it; returns the snapshot's path."""
    global _source
    _source = SnapshotSource(url=url, folder=folder, database_name=database_name)
    return _publish(_source, folder / f"{database_name}.db")


def _publish(source: SnapshotSource, path: Path) -> Path:
    engine = create_db_engine(source.url)
    try:
        return publish_snapshot(engine, path)
    finally:
        engine.dispose()


async def refresh_snapshot() -> Path:
    """Take a new snapshot and copy it over the one being served; returns the served path.

    The copy goes through SQLite's backup API into the served file, so Datasette's open
    read-only connections see the new rows on their next query, and a reader never sees half
    a copy. Raises NotFoundError when the served database is SQLite itself (always current).
    """
    source = _source
    if source is None:
        raise NotFoundError("this database is served in place and is always current")
    fresh = source.folder / f"{source.database_name}-{next(source.generation)}.db"
    served = source.folder / f"{source.database_name}.db"
    await asyncio.to_thread(_publish, source, fresh)
    await asyncio.to_thread(_copy_over, fresh, served)
    fresh.unlink(missing_ok=True)
    return served


def _copy_over(fresh: Path, served: Path) -> None:
    with sqlite3.connect(fresh) as origin, sqlite3.connect(served, timeout=30) as target:
        origin.backup(target)
    origin.close()
    target.close()
