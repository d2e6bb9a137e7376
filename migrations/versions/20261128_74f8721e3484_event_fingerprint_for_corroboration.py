"""event fingerprint for corroboration

Revision ID: 74f8721e3484
Revises: 255a4e28066d
Create Date: 2026-11-28 05:52:46.887520

A plain ADD/DROP COLUMN rather than a batch rebuild: rebuilding ``events`` would break the
views and full-text triggers that read it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '74f8721e3484'
down_revision: str | None = '255a4e28066d'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'events', sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(), nullable=True)
    )
    op.create_index('ix_events_fingerprint', 'events', ['fingerprint'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_fingerprint', table_name='events')
    op.execute('ALTER TABLE events DROP COLUMN fingerprint')
