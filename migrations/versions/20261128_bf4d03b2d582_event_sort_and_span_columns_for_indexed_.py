"""Event sort and span columns, so the timeline's order and date ranges walk an index.

Revision ID: bf4d03b2d582
Revises: 5c1e0f7a9b21
Create Date: 2026-11-28 06:41:39

``date_sort`` is where the timeline places an event (its start, else its end) and
``date_span_days`` the days from start to end (NULL when a side is open). Plain ADD/DROP
COLUMN rather than a batch rebuild, which would break the views and FTS triggers on events.
Existing rows are filled in here with the same rule as ``timeline.models.event_facets``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "bf4d03b2d582"
down_revision: str | None = "5c1e0f7a9b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("events", sa.Column("date_sort", sqlmodel.sql.sqltypes.AutoString(),
                                      nullable=True))
    op.add_column("events", sa.Column("date_span_days", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        span = "(date_end::date - date_start::date)"
    else:
        span = "CAST(julianday(date_end) - julianday(date_start) AS INTEGER)"
    op.execute(
        "UPDATE events SET date_sort = coalesce(date_start, date_end), "
        f"date_span_days = CASE WHEN date_start IS NOT NULL AND date_end IS NOT NULL "
        f"THEN {span} END"
    )
    op.create_index("ix_events_date_span_days", "events", ["date_span_days"], unique=False)
    op.create_index("ix_events_timeline_order", "events", ["date_sort", "date_end", "id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_events_timeline_order", table_name="events")
    op.drop_index("ix_events_date_span_days", table_name="events")
    op.execute("ALTER TABLE events DROP COLUMN date_span_days")
    op.execute("ALTER TABLE events DROP COLUMN date_sort")
