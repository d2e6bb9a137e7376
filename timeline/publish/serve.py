"""``timeline serve``: Datasette over the database, read-only, with the project's metadata."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from timeline.db import database_url, open_database, sqlite_path
from timeline.errors import DatabaseError

METADATA_PATH = Path(__file__).resolve().parents[2] / "datasette-metadata.json"
METADATA_DATABASE = "timeline"
# Datasette settings: a runaway query is stopped; pages stay a sensible size.
DATASETTE_SETTINGS = {
    "sql_time_limit_ms": 3000,
    "default_page_size": 50,
    "max_returned_rows": 1000,
    "facet_time_limit_ms": 500,
    "allow_download": True,
}


def load_metadata(database_name: str = METADATA_DATABASE) -> dict[str, Any]:
    """The project's Datasette metadata, its database section keyed by ``database_name``.

    Datasette names a database after its file, so a database saved as ``news.db`` would not
    pick up the descriptions written for ``timeline``; the section is renamed to match.
    """
    metadata = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if database_name != METADATA_DATABASE and METADATA_DATABASE in databases:
        databases[database_name] = databases.pop(METADATA_DATABASE)
    return metadata


def register_plugin() -> None:
    """Make sure Datasette has the timeline plugin, even when the package's entry point is not
    installed (a checkout used without ``pip install -e``); registering twice is avoided."""
    from datasette.plugins import pm

    from timeline.publish import plugin

    if not pm.is_registered(plugin) and pm.get_plugin(plugin.__name__) is None:
        pm.register(plugin, plugin.__name__)


def build_datasette(db_path: Path):
    """A Datasette app on ``db_path`` configured exactly as ``timeline serve`` runs it."""
    from datasette.app import Datasette

    register_plugin()
    return Datasette(
        [str(db_path)], metadata=load_metadata(db_path.stem), settings=DATASETTE_SETTINGS
    )


def datasette_arguments(db_path: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    """The ``datasette serve`` command line for ``db_path``."""
    arguments = ["serve", str(db_path), "--metadata", str(metadata_path),
                 "--host", host, "--port", str(port)]
    for name, value in DATASETTE_SETTINGS.items():
        arguments += ["--setting", name, str(value).lower() if isinstance(value, bool)
                      else str(value)]
    return arguments


def serve(db: str | None, *, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the database in Datasette until interrupted.

    A SQLite database is served in place (Datasette reads it with ``mode=ro``); any other
    backend is served from a SQLite snapshot written first, which ``POST /-/timeline/refresh``
    rebuilds from the live database. Raises DatabaseError when the
    database is missing or not at head.
    """
    from datasette.cli import cli as datasette_cli

    register_plugin()
    engine = open_database(db, create=False)
    db_path = sqlite_path(database_url(db))
    with tempfile.TemporaryDirectory(prefix="timeline-serve-") as workdir:
        engine.dispose()
        if db_path is None:
            from timeline.publish.refresh import take_first_snapshot

            db_path = take_first_snapshot(database_url(db), Path(workdir), METADATA_DATABASE)
        metadata_path = Path(workdir) / "metadata.json"
        metadata_path.write_text(json.dumps(load_metadata(db_path.stem)), encoding="utf-8")
        try:
            datasette_cli.main(datasette_arguments(db_path, metadata_path, host, port),
                               prog_name="timeline serve", standalone_mode=True)
        except SystemExit as done:
            if done.code not in (0, None):
                raise DatabaseError(f"Datasette stopped with exit code {done.code}") from None
