"""PostgreSQL full-text search: GIN indexes over the same text SQLite's FTS5 tables index.

Revision ID: 5c1e0f7a9b21
Revises: 74f8721e3484
Create Date: 2026-11-28 06:10:00

The expressions must stay identical to ``timeline.queries.search_condition`` for PostgreSQL to
use the indexes. SQLite needs nothing here: its FTS5 tables came with the first revision.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5c1e0f7a9b21"
down_revision: str | None = "74f8721e3484"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# index name -> (table, indexed columns); mirrors the FTS5 tables of the first revision.
FULL_TEXT_INDEXES = {
    "ix_events_search": ("events", ("summary",)),
    "ix_claims_search": ("claims", ("content", "speaker_text")),
    "ix_articles_search": ("articles", ("title", "text")),
}


def _document(columns: tuple[str, ...]) -> str:
    return " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (table, columns) in FULL_TEXT_INDEXES.items():
        op.execute(
            f"CREATE INDEX {name} ON {table} "
            f"USING gin (to_tsvector('english', {_document(columns)}))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in FULL_TEXT_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
