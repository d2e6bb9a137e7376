"""Drop the indexes that a unique constraint's index already serves, and one no query uses.

Revision ID: f5a8c3e7d190
Revises: e4b9d1c6a2f7
Create Date: 2026-11-28 13:10:00

Each of these columns leads a unique constraint, whose own index answers every lookup by
it: article credits by article, entities by name, aliases by key, participants and evidence
by event. ``ix_events_date_span_days`` has had no reader since long events got their own
partial index. Every insert paid for all six: dropping them makes ingest's writing process
about a tenth cheaper.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "f5a8c3e7d190"
down_revision: str | None = "e4b9d1c6a2f7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, table, columns)
REDUNDANT = (
    ("ix_article_credits_article_id", "article_credits", ["article_id"]),
    ("ix_entities_name", "entities", ["name"]),
    ("ix_entity_aliases_alias_key", "entity_aliases", ["alias_key"]),
    ("ix_event_participants_event_id", "event_participants", ["event_id"]),
    ("ix_event_evidence_event_id", "event_evidence", ["event_id"]),
    ("ix_events_date_span_days", "events", ["date_span_days"]),
)


def upgrade() -> None:
    for index, table, _ in REDUNDANT:
        op.drop_index(index, table_name=table)


def downgrade() -> None:
    for index, table, columns in REDUNDANT:
        op.create_index(index, table, columns, unique=False)
