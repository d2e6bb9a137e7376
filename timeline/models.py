"""The stored tables, and nothing else.

Dates are ISO strings (``YYYY-MM-DD``) so that SQLite sorts and compares them as text, with a
precision column beside each one; ``events.date_edtf`` holds the same date in EDTF. Character
offsets are Python string offsets into ``articles.text``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    UniqueConstraint,
    event,
    text,
)
from sqlmodel import Field, SQLModel

# Named constraints make SQLite batch migrations (which rebuild tables) able to find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)

SOURCE_KINDS = (
    "agency", "newspaper", "broadcaster", "collection", "website", "government", "other"
)
ENTITY_KINDS = ("person", "organization", "country", "place", "outlet", "group")
EVENT_STATUSES = ("occurred", "scheduled", "reported", "ongoing", "hypothetical")
PARTICIPANT_ROLES = ("agent", "target", "participant")
CLAIM_KINDS = ("direct", "indirect", "mixed")
DATE_PRECISIONS = ("day", "month", "year", "decade", "century", "unknown")
# The text each table is searched by: SQLite's FTS5 table ``<table>_fts`` indexes these
# columns, PostgreSQL a GIN index over their ``to_tsvector``.
FULL_TEXT_COLUMNS = {
    "events": ("summary",),
    "claims": ("content", "speaker_text"),
    "articles": ("title", "text"),
}


def require_id(row: SQLModel) -> int:
    """The primary key of a flushed row (the ORM types it Optional until it is stored)."""
    row_id = getattr(row, "id", None)
    if row_id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush the session first")
    return int(row_id)


def utc_now() -> datetime:
    """The current time, for audit columns only: never for a date a fact happened on."""
    return datetime.now(UTC)


def _cascade_fk(
    target: str, *, nullable: bool = False, on_delete: str = "CASCADE", index: bool = True
) -> Column:
    # index=False where a unique constraint leads with the column: its index serves the
    # lookups, and a second one only costs every insert.
    return Column(
        Integer, ForeignKey(target, ondelete=on_delete), nullable=nullable, index=index
    )


class Source(SQLModel, table=True):
    """An outlet, agency or collection that carries articles or relays claims."""

    __tablename__ = "sources"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    kind: str = Field(default="other", index=True)
    url: str | None = None
    created_at: datetime = Field(default_factory=utc_now)


class Article(SQLModel, table=True):
    """One story as ingested; ``text`` is what every span in the database points into."""

    __tablename__ = "articles"

    id: int | None = Field(default=None, primary_key=True)
    source_id: int | None = Field(
        default=None, sa_column=_cascade_fk("sources.id", nullable=True, on_delete="SET NULL")
    )
    collection_id: int | None = Field(
        default=None, sa_column=_cascade_fk("sources.id", nullable=True, on_delete="SET NULL")
    )
    collection_issue: str | None = None
    collection_item: int | None = None
    title: str | None = None
    authors: str | None = None
    dateline: str | None = None
    dateline_places: str | None = None
    published_on: str | None = Field(default=None, index=True)
    published_precision: str = "unknown"
    published_source: str | None = None
    text: str
    content_hash: str = Field(unique=True)
    origin: str | None = None
    ingested_at: datetime = Field(default_factory=utc_now)


class ArticleCredit(SQLModel, table=True):
    """A person credited on an article: author, additional reporting, editing."""

    __tablename__ = "article_credits"
    __table_args__ = (UniqueConstraint("article_id", "name", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(sa_column=_cascade_fk("articles.id", index=False))
    name: str
    role: str = "author"
    place: str | None = None
    position: int = 0


class Entity(SQLModel, table=True):
    """A person, organization, country, place or outlet, under one canonical name."""

    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("name", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str  # looked up through the (name, kind) unique index
    kind: str = Field(index=True)
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    wikidata_id: str | None = None
    created_by: str = "extractor"
    created_at: datetime = Field(default_factory=utc_now)


class EntityAlias(SQLModel, table=True):
    """Another name an entity goes by; ``alias_key`` is the folded form lookups use."""

    __tablename__ = "entity_aliases"
    __table_args__ = (UniqueConstraint("alias_key", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=_cascade_fk("entities.id"))
    alias: str
    alias_key: str  # looked up through the (alias_key, entity_id) unique index
    created_by: str = "extractor"


class EntityMerge(SQLModel, table=True):
    """History of ``merge-entities``: what was folded into what, and when."""

    __tablename__ = "entity_merges"

    id: int | None = Field(default=None, primary_key=True)
    merged_name: str
    merged_kind: str
    merged_entity_id: int
    into_entity_id: int | None = Field(
        default=None, sa_column=_cascade_fk("entities.id", nullable=True, on_delete="SET NULL")
    )
    merged_at: datetime = Field(default_factory=utc_now)
    merged_by: str | None = None


# Events spanning more than SHORT_SPAN_DAYS, or open at one end ("since 1990"), are long: few
# (4% of a million), but one of them may overlap any date asked for. A date range finds short
# events through the timeline order by their start alone, and long ones through their own
# partial index, which holds every column the overlap test reads.
SHORT_SPAN_DAYS = 366


def long_event_condition(qualifier: str = "") -> str:
    """SQL true for a long event, its columns prefixed with ``qualifier`` ("e.")."""
    return (f"{qualifier}date_sort IS NOT NULL AND ({qualifier}date_span_days IS NULL "
            f"OR {qualifier}date_span_days > {SHORT_SPAN_DAYS})")


LONG_EVENT = long_event_condition()


class Event(SQLModel, table=True):
    """Something that happened (or is scheduled, reported, hypothetical), with its dates."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_date_order", "date_start", "date_end"),
        Index("ix_events_timeline_order", "date_sort", "date_end", "id"),
        Index("ix_events_long_order", "date_sort", "date_end", "id", "date_start",
              sqlite_where=text(LONG_EVENT), postgresql_where=text(LONG_EVENT)),
    )

    id: int | None = Field(default=None, primary_key=True)
    summary: str
    date_start: str | None = None
    date_end: str | None = None
    date_precision: str = Field(default="unknown", index=True)
    date_edtf: str | None = None
    date_text: str | None = None
    date_resolution: str | None = None
    year: int | None = Field(default=None, index=True)
    year_month: str | None = Field(default=None, index=True)
    date_sort: str | None = None
    date_span_days: int | None = None
    status: str = Field(default="occurred", index=True)
    location_id: int | None = Field(
        default=None, sa_column=_cascade_fk("entities.id", nullable=True, on_delete="SET NULL")
    )
    confidence: float = 1.0
    verified: bool = False
    # Blocking key for corroboration: folded actor names and start month (corroborate.py).
    fingerprint: str | None = Field(default=None, index=True)
    created_by: str = "extractor"
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class EventParticipant(SQLModel, table=True):
    """An entity taking part in an event, as agent, target or participant."""

    __tablename__ = "event_participants"
    __table_args__ = (UniqueConstraint("event_id", "entity_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(sa_column=_cascade_fk("events.id", index=False))
    entity_id: int = Field(sa_column=_cascade_fk("entities.id"))
    role: str = "participant"


class EventEvidence(SQLModel, table=True):
    """The passage of an article that reports an event; one row per article carrying it."""

    __tablename__ = "event_evidence"
    __table_args__ = (UniqueConstraint("event_id", "article_id", "start", "end"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(sa_column=_cascade_fk("events.id", index=False))
    article_id: int = Field(sa_column=_cascade_fk("articles.id"))
    start: int
    end: int
    excerpt: str


class Claim(SQLModel, table=True):
    """Who said what, in which words, when, and through which outlet."""

    __tablename__ = "claims"

    id: int | None = Field(default=None, primary_key=True)
    speaker_id: int | None = Field(
        default=None, sa_column=_cascade_fk("entities.id", nullable=True, on_delete="SET NULL")
    )
    speaker_text: str | None = None
    speaker_description: str | None = None
    cue: str | None = None
    content: str
    kind: str = Field(default="indirect", index=True)
    said_on: str | None = Field(default=None, index=True)
    said_on_precision: str = "unknown"
    via_id: int | None = Field(
        default=None, sa_column=_cascade_fk("sources.id", nullable=True, on_delete="SET NULL")
    )
    event_id: int | None = Field(
        default=None, sa_column=_cascade_fk("events.id", nullable=True, on_delete="SET NULL")
    )
    article_id: int | None = Field(
        default=None, sa_column=_cascade_fk("articles.id", nullable=True, on_delete="CASCADE")
    )
    start: int | None = None
    end: int | None = None
    source_start: int | None = None
    source_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    pattern: str | None = None
    confidence: float = 1.0
    verified: bool = False
    created_by: str = "extractor"
    created_at: datetime = Field(default_factory=utc_now)


@event.listens_for(Event, "before_insert")
def _before_event_insert(mapper, connection, target: Event) -> None:
    _derive_event_facets(target)


@event.listens_for(Event, "before_update")
def _before_event_update(mapper, connection, target: Event) -> None:
    _derive_event_facets(target)
    target.updated_at = utc_now()


def event_facets(date_start: str | None, date_end: str | None, precision: str) -> dict:
    """The columns derived from an event's dates: the ``year`` and ``year_month`` facets,
    ``date_sort`` (where the timeline places it: its start, else its end) and
    ``date_span_days`` (days from start to end; None when either side is open), which lets
    date-range queries walk an index instead of every event.

    A decade or a century is not put under its first year: that would mislead the facet.
    """
    anchor = date_start or date_end
    span = None
    if date_start and date_end:
        span = (datetime.fromisoformat(date_end) - datetime.fromisoformat(date_start)).days
    return {
        "year": int(anchor[:4]) if anchor and precision in ("day", "month", "year") else None,
        "year_month": anchor[:7] if anchor and precision in ("day", "month") else None,
        "date_sort": anchor,
        "date_span_days": span,
    }


def _derive_event_facets(target: Event) -> None:
    # Derived here so that every ORM writer keeps them in step; the Core ingest path calls
    # event_facets itself.
    for column, value in event_facets(target.date_start, target.date_end,
                                      target.date_precision).items():
        setattr(target, column, value)
