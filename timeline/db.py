"""Engines, sessions and migrations: where a database is opened and brought to the schema.

A plain path means SQLite; a SQLAlchemy URL is used as given. Commands that write bring a new
database to the head revision by themselves; a database behind head is refused with the command
that fixes it, and one from a newer revision of timeline is refused outright.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlmodel import Session

from timeline.errors import DatabaseError

DEFAULT_DB = "timeline.db"
DB_ENV_VAR = "TIMELINE_DB"
PACKAGE_DIR = Path(__file__).resolve().parent
# An installed timeline carries its migrations as timeline/migrations (see pyproject.toml);
# a source checkout, editable installs included, has them at the top of the repository.
MIGRATIONS_DIR = next(
    (folder for folder in (PACKAGE_DIR / "migrations", PACKAGE_DIR.parent / "migrations")
     if (folder / "env.py").is_file()),
    PACKAGE_DIR.parent / "migrations",
)
SQLITE_BUSY_TIMEOUT_MS = 30_000
# An upper bound per connection (the cache grows only as pages are read): together with
# the checkpoint interval, 5-8% off the ingest writer's time at 20,000 stories.
SQLITE_CACHE_KB = 65_536
WAL_CHECKPOINT_PAGES = 10_000


# Full-text tables (and their FTS5 shadow tables) and PostgreSQL's full-text GIN indexes are
# made by hand in the migrations and are not models: autogenerate must not propose dropping them.
FTS_TABLE_SUFFIXES = (
    "_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config", "_fts_content"
)
FULL_TEXT_INDEX_SUFFIX = "_search"
# The flag table that pauses SQLite's full-text insert triggers during a bulk write.
FTS_PAUSE_TABLE = "fts_paused"


def include_schema_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's ``include_name`` hook: leave the hand-made full-text objects out of compares."""
    if name is None:
        return True
    if type_ == "table":
        return not name.endswith(FTS_TABLE_SUFFIXES) and name != FTS_PAUSE_TABLE
    if type_ == "index":
        return not name.endswith(FULL_TEXT_INDEX_SUFFIX)
    return True


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for ``db`` (a path or a URL), ``$TIMELINE_DB`` or ``./timeline.db``."""
    db = db or os.environ.get(DB_ENV_VAR) or DEFAULT_DB
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def create_db_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout on every connection.

    With ``read_only`` a SQLite file is opened in ``mode=ro`` so that the database itself
    refuses writes. Raises DatabaseError for a URL SQLAlchemy cannot use.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseError(
            f"cannot read database URL {url!r}: give a file path or a URL such as "
            "sqlite:///timeline.db or postgresql+psycopg://user@host/db"
        ) from error
    if parsed.get_backend_name() != "sqlite":
        # A read-only PostgreSQL session: every transaction on it refuses writes, even one
        # begun after a COMMIT inside the user's SQL.
        options = {"options": "-c default_transaction_read_only=on"} if read_only else {}
        try:
            return create_engine(url, connect_args=options)
        except ModuleNotFoundError as error:
            raise DatabaseError(
                f"the driver for {parsed.drivername} is not installed ({error.name}): "
                "pip install 'timeline[postgres]'"
            ) from None
    path = sqlite_path(url)
    if read_only and path is not None:
        uri = f"file:{path}?mode=ro"
        # The URL names the file (for messages); the creator opens it read-only.
        engine = create_engine(url, creator=lambda: _read_only_connection(uri))
    else:
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def _read_only_connection(uri: str) -> sqlite3.Connection:
    # mode=ro stops writes to the file; ATTACH could still create or write another file, so
    # no database may be attached, and query_only refuses writes of any other kind.
    connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
    connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    connection.execute("PRAGMA query_only = 1")
    return connection


def _configure_sqlite_connection(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    # SQLite's default page cache is 2 MB: past a few thousand articles the indexes an
    # ingest updates no longer fit, and pages are read again and spilled mid-transaction.
    cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
    # WAL lets Datasette read while an ingest writes, and makes a commit an append, not a
    # rewrite: with synchronous=NORMAL a crash can lose the last commits, never consistency.
    mode = cursor.execute("PRAGMA journal_mode").fetchone()
    try:
        if mode and mode[0] not in ("wal", "memory"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Copied back into the database every WAL_CHECKPOINT_PAGES pages rather than
        # SQLite's 1,000, a page an ingest changes in many transactions is copied fewer times.
        cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    except sqlite3.OperationalError:
        pass  # a read-only file keeps the journal it has
    cursor.close()


def alembic_config(connection=None) -> Config:
    """An Alembic config for the project's migrations, sharing ``connection`` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision this version of timeline knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, None for an empty database."""
    with _translate_errors(engine), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run migrations up to ``revision`` on ``engine``."""
    with _translate_errors(engine), engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Run migrations down to ``revision`` (``base`` empties the schema)."""
    if revision != "base" and revision not in known_revisions():
        raise DatabaseError(
            f"unknown revision {revision!r}: see `timeline db current` and the files in migrations/"
        )
    with _translate_errors(engine), engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def open_database(db: str | None, *, create: bool, read_only: bool = False) -> Engine:
    """An engine on a database at head, checked before anything reads or writes it.

    ``create`` makes a missing or empty database and migrates it to head (commands that write);
    without it a missing database is an error (commands that read). Raises DatabaseError when
    the file is not a database, when it is behind head (fix: ``timeline db upgrade``) or when it
    comes from a newer timeline.
    """
    url = database_url(db)
    path = sqlite_path(url)
    if path is not None and not path.exists() and not create:
        raise DatabaseError(
            f"no database at {path}: run `timeline ingest PATH` or `timeline db upgrade` first, "
            "or pass --db"
        )
    if path is not None and not path.parent.exists():
        raise DatabaseError(f"folder {path.parent} does not exist: create it or pass another --db")
    engine = create_db_engine(url)
    current = current_revision(engine)
    head = head_revision()
    if current is None and create:
        _refuse_foreign_tables(engine, url)
        upgrade(engine)
    elif current is None:
        raise DatabaseError(
            f"{_display(url)} is not a timeline database: run `timeline db upgrade` to create one"
        )
    elif current not in known_revisions():
        raise DatabaseError(
            f"{_display(url)} is at revision {current}, newer than this timeline knows: "
            "upgrade the timeline package"
        )
    elif current != head:
        raise DatabaseError(
            f"{_display(url)} is at revision {current}, behind {head}: run `timeline db upgrade`"
        )
    if read_only:
        engine.dispose()
        return create_db_engine(url, read_only=True)
    return engine


def _refuse_foreign_tables(engine: Engine, url: str) -> None:
    # An unversioned database holding other tables is somebody else's: do not build on top of it.
    with _translate_errors(engine):
        tables = inspect(engine).get_table_names()
    if tables:
        raise DatabaseError(
            f"{_display(url)} holds other tables ({', '.join(sorted(tables)[:3])}) and no "
            "timeline schema: pass --db with a new file"
        )


def _display(url: str) -> str:
    path = sqlite_path(url)
    return str(path) if path is not None else make_url(url).render_as_string(hide_password=True)


@contextmanager
def _translate_errors(engine: Engine) -> Iterator[None]:
    try:
        yield
    except (OperationalError, SADatabaseError) as error:
        raise DatabaseError(describe_database_error(error, str(engine.url))) from error


def describe_database_error(error: Exception, url: str) -> str:
    """One line saying what went wrong with the database and what to do about it."""
    message = str(getattr(error, "orig", error)).splitlines()[0]
    where = _display(url)
    if "file is not a database" in message or "file is encrypted" in message:
        return f"{where} is not a SQLite database: pass --db with a timeline database or a new path"
    if "readonly" in message or "read-only" in message:
        return f"{where} is read-only: make it writable or pass --db with a writable path"
    if "database or disk is full" in message:
        return f"the disk holding {where} is full: free some space and run the command again"
    if "unable to open database" in message:
        return f"cannot open {where}: check that the path exists and is readable"
    if "locked" in message:
        return f"{where} is locked by another process: wait for it to finish and run again"
    return f"database error on {where}: {message}"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits when the block ends, rolls everything back if it raises."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
