"""Alembic environment.

Tests and the ``timeline`` CLI hand over their own connection through
``config.attributes["connection"]``; Alembic's own command line (``alembic upgrade head``,
``alembic check`` from the repository root) uses ``$TIMELINE_DB`` or ``./timeline.db``, the same
database ``timeline`` uses.
"""

from alembic import context
from sqlmodel import SQLModel

import timeline.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from timeline.db import create_db_engine, database_url, include_schema_name

target_metadata = SQLModel.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_name=include_schema_name,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = create_db_engine(database_url())
    with engine.begin() as connection:
        run_migrations(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("timeline migrations run online only: drop --sql")
run_migrations_online()
