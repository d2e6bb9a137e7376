"""Reading: lists with filters, single records with what hangs on them, read-only SQL.

Results are plain dicts of column -> value, ready for a table on screen or for ``--json``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from timeline.dates import DateInterval
from timeline.errors import NotFoundError, TimelineError
from timeline.models import FULL_TEXT_COLUMNS, SHORT_SPAN_DAYS, long_event_condition
from timeline.store import find_entity

DEFAULT_LIMIT = 100
_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)



@dataclass(frozen=True)
class Filters:
    """What ``list`` narrows by; every field is optional."""

    entity: str | None = None
    date_from: DateInterval | None = None
    date_to: DateInterval | None = None
    search: str | None = None
    status: str | None = None
    kind: str | None = None
    limit: int = DEFAULT_LIMIT


def fts_match_expression(query: str) -> str:
    """An FTS5 MATCH expression that finds rows holding every word of ``query``.

    Each word is quoted, so that user text with quotes, hyphens or FTS operators (AND, NEAR,
    ``*``) cannot make a syntax error. Raises TimelineError when the query has no word.
    """
    words = _FTS_TOKEN.findall(query)
    if not words:
        raise TimelineError(f"nothing to search for in {query!r}: give at least one word")
    return " ".join(f'"{word}"' for word in words)


def search_condition(table: str, alias: str, dialect: str) -> str:
    """A WHERE fragment matching ``:search`` against the table's text, on either backend."""
    fts_table, columns = f"{table}_fts", FULL_TEXT_COLUMNS[table]
    if dialect == "postgresql":
        document = " || ' ' || ".join(f"coalesce({alias}.{c}, '')" for c in columns)
        return f"to_tsvector('english', {document}) @@ plainto_tsquery('english', :search)"
    return f"{alias}.id IN (SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH :search)"


def _search_parameter(query: str, dialect: str) -> str:
    return query if dialect == "postgresql" else fts_match_expression(query)


def _date_range_conditions(
    filters: Filters, start_column: str, end_column: str, params: dict[str, Any]
) -> list[str]:
    # An interval overlaps [from, to] unless it ends before `from` or starts after `to`;
    # an open end (NULL) never ends, an open start never starts late.
    conditions = []
    if filters.date_from is not None:
        bound = filters.date_from.start or filters.date_from.end
        if bound is not None:
            params["date_from"] = bound.isoformat()
            conditions.append(f"coalesce({end_column}, {start_column}, '9999') >= :date_from")
    if filters.date_to is not None:
        bound = filters.date_to.end or filters.date_to.start
        if bound is not None:
            params["date_to"] = bound.isoformat()
            conditions.append(f"coalesce({start_column}, {end_column}, '0000') <= :date_to")
    return conditions


EARLIEST, LATEST = "0000-01-01", "9999-12-31"


def _event_overlap_parts(filters: Filters, params: dict[str, Any]) -> list[str]:
    """Conditions whose union is the events overlapping [from, to] (open sides never end),
    each answered from an index in timeline order: short events by their start, long ones
    from their partial index (models.LONG_EVENT). Empty without a date filter; undated
    events never match one."""
    if filters.date_from is None and filters.date_to is None:
        return []
    lower = filters.date_from.start or filters.date_from.end if filters.date_from else None
    upper = filters.date_to.end or filters.date_to.start if filters.date_to else None
    params["date_from"] = lower.isoformat() if lower else EARLIEST
    params["date_to"] = upper.isoformat() if upper else LATEST
    params["sort_from"] = (
        (lower - datetime.timedelta(days=SHORT_SPAN_DAYS)).isoformat()
        if lower and lower.year > 1 else EARLIEST
    )
    # A short event starts at most SHORT_SPAN_DAYS before any day it covers.
    short = (f"e.date_sort BETWEEN :sort_from AND :date_to "
             f"AND e.date_span_days <= {SHORT_SPAN_DAYS} AND e.date_end >= :date_from")
    # Written as the partial index's condition, so that both databases use the index.
    long = (f"{long_event_condition('e.')} "
            "AND (e.date_start IS NULL OR e.date_start <= :date_to) "
            "AND (e.date_end IS NULL OR e.date_end >= :date_from)")
    return [short, long]


def list_events(filters: Filters, *, session: Session) -> list[dict[str, Any]]:
    """Events in date order with actors, location and number of sources, narrowed by
    ``filters`` (entity as actor or location, date overlap, text search, status)."""
    dialect = session.get_bind().dialect.name
    params: dict[str, Any] = {"limit": filters.limit}
    conditions = []
    if filters.entity:
        params["entity_id"] = find_entity(filters.entity, session=session).id
        conditions.append(
            "(e.location_id = :entity_id OR e.id IN (SELECT event_id FROM event_participants "
            "WHERE entity_id = :entity_id))"
        )
    if filters.search:
        params["search"] = _search_parameter(filters.search, dialect)
        conditions.append(search_condition("events", "e", dialect))
    if filters.status:
        params["status"] = filters.status
        conditions.append("e.status = :status")
    order = "ORDER BY e.date_sort, e.date_end, e.id LIMIT :limit"
    parts = _event_overlap_parts(filters, params)
    if parts:
        # Each part's own first page, then the first page of their union: a date range never
        # collects every event it overlaps to sort them.
        pages = " UNION ALL ".join(
            f"SELECT * FROM (SELECT e.* FROM events e "
            f"WHERE {' AND '.join([part, *conditions])} {order}) AS part{index}"
            for index, part in enumerate(parts)
        )
        page = f"SELECT e.* FROM ({pages}) AS e {order}"
    else:
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        page = f"SELECT e.* FROM events e {where} {order}"
    # The page is chosen first and only its rows get their actors, place and sources: the
    # `timeline` view computes those for every event, which PostgreSQL cannot push a LIMIT into.
    actors = _names_list("actor.name", dialect)
    sql = f"""
        WITH page AS ({page})
        SELECT page.*,
            (SELECT {actors} FROM (
                SELECT en.name AS name FROM event_participants p
                JOIN entities en ON en.id = p.entity_id
                WHERE p.event_id = page.id ORDER BY p.role, en.name
            ) AS actor) AS actors,
            loc.name AS location,
            (SELECT count(DISTINCT ev.article_id) FROM event_evidence ev
             WHERE ev.event_id = page.id) AS sources,
            (SELECT ev.article_id FROM event_evidence ev JOIN articles a ON a.id = ev.article_id
             WHERE ev.event_id = page.id ORDER BY a.published_on, a.id LIMIT 1)
                AS first_article_id
        FROM page LEFT JOIN entities loc ON loc.id = page.location_id
        ORDER BY page.date_sort, page.date_end, page.id
    """
    return _rows(session, sql, params)


def _names_list(expression: str, dialect: str) -> str:
    if dialect == "postgresql":
        return f"string_agg({expression}, '; ')"
    return f"group_concat({expression}, '; ')"


def list_claims(filters: Filters, *, session: Session) -> list[dict[str, Any]]:
    """Claims in the order they were said, with speaker and outlet names."""
    dialect = session.get_bind().dialect.name
    params: dict[str, Any] = {"limit": filters.limit}
    conditions = _date_range_conditions(filters, "c.said_on", "c.said_on", params)
    if filters.entity:
        params["entity_id"] = find_entity(filters.entity, session=session).id
        conditions.append("c.speaker_id = :entity_id")
    if filters.search:
        params["search"] = _search_parameter(filters.search, dialect)
        conditions.append(search_condition("claims", "c", dialect))
    if filters.kind:
        params["kind"] = filters.kind
        conditions.append("c.kind = :kind")
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = f"""
        SELECT c.*, coalesce(speaker.name, c.speaker_text) AS speaker, via.name AS via
        FROM claims c
        LEFT JOIN entities speaker ON speaker.id = c.speaker_id
        LEFT JOIN sources via ON via.id = c.via_id
        {where}
        ORDER BY c.said_on, c.id
        LIMIT :limit
    """
    return _rows(session, sql, params)


def list_entities(filters: Filters, *, session: Session) -> list[dict[str, Any]]:
    """Entities by name with their aliases and how many events and claims they appear in."""
    aliases = _names_list("a.alias", session.get_bind().dialect.name)
    params: dict[str, Any] = {"limit": filters.limit}
    conditions = []
    if filters.kind:
        params["kind"] = filters.kind
        conditions.append("en.kind = :kind")
    if filters.search:
        params["pattern"] = f"%{filters.search.casefold()}%"
        conditions.append(
            "en.id IN (SELECT entity_id FROM entity_aliases WHERE alias_key LIKE :pattern)"
        )
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = f"""
        SELECT en.*,
            (SELECT {aliases} FROM entity_aliases a WHERE a.entity_id = en.id) AS aliases,
            (SELECT count(*) FROM event_participants p WHERE p.entity_id = en.id) AS events,
            (SELECT count(*) FROM claims c WHERE c.speaker_id = en.id) AS claims
        FROM entities en {where}
        ORDER BY en.name, en.id
        LIMIT :limit
    """
    return _rows(session, sql, params)


def show_event(event_id: int, *, session: Session) -> dict[str, Any]:
    """One event with its participants, evidence passages and the claims about it."""
    rows = _rows(
        session,
        "SELECT e.*, t.actors, t.location, t.sources FROM events e "
        "JOIN timeline t ON t.event_id = e.id WHERE e.id = :id AND t.event_id = :id",
        {"id": event_id},
    )
    if not rows:
        raise NotFoundError(f"no event with id {event_id}: see `timeline list events`")
    record = rows[0]
    record["participants"] = _rows(
        session,
        "SELECT en.id AS entity_id, en.name, en.kind, p.role FROM event_participants p "
        "JOIN entities en ON en.id = p.entity_id WHERE p.event_id = :id ORDER BY p.role, en.name",
        {"id": event_id},
    )
    record["evidence"] = _rows(
        session,
        'SELECT ev.article_id, a.title, ev.start, ev."end", ev.excerpt FROM event_evidence ev '
        "JOIN articles a ON a.id = ev.article_id WHERE ev.event_id = :id ORDER BY ev.article_id",
        {"id": event_id},
    )
    record["claims"] = _rows(
        session,
        "SELECT claim_id, speaker, via, content, said_on FROM who_said_what "
        "WHERE event_id = :id ORDER BY said_on, claim_id",
        {"id": event_id},
    )
    return record


def show_claim(claim_id: int, *, session: Session) -> dict[str, Any]:
    """One claim with speaker, outlet, event and article names."""
    rows = _rows(
        session,
        "SELECT c.*, w.speaker, w.via, w.about_event, w.article_title FROM claims c "
        "JOIN who_said_what w ON w.claim_id = c.id WHERE c.id = :id",
        {"id": claim_id},
    )
    if not rows:
        raise NotFoundError(f"no claim with id {claim_id}: see `timeline list claims`")
    return rows[0]


def show_entity(reference: str, *, session: Session) -> dict[str, Any]:
    """One entity with its aliases, the events it takes part in and the claims it made."""
    entity = find_entity(reference, session=session)
    record = entity.model_dump()
    record["aliases"] = [
        row["alias"] for row in _rows(
            session, "SELECT alias FROM entity_aliases WHERE entity_id = :id ORDER BY alias",
            {"id": entity.id},
        )
    ]
    record["events"] = list_events(Filters(entity=str(entity.id)), session=session)
    record["claims"] = list_claims(Filters(entity=str(entity.id)), session=session)
    return record


def _rows(session: Session, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    result = session.connection().execute(text(sql), params)
    return [dict(row._mapping) for row in result]


def run_read_only_query(
    engine: Engine, sql: str, params: dict[str, Any] | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` on an engine opened read-only; returns column names and rows.

    The engine comes from ``open_database(read_only=True)``: the database itself refuses
    writes (SQLite ``mode=ro`` with ``query_only`` and no ATTACH; PostgreSQL sessions whose
    transactions are read-only), so no statement can change anything however it is spelled.
    Raises TimelineError with the database's own message for bad SQL or an attempted write.
    """
    try:
        with engine.connect() as connection:
            result = connection.execute(text(sql), params or {})
            if not result.returns_rows:
                return [], []
            return list(result.keys()), [tuple(row) for row in result]
    except DBAPIError as error:
        message = str(error.orig).splitlines()[0]
        if "readonly" in message or "read-only" in message or "read only" in message:
            raise TimelineError(
                "query is read-only: the statement tried to write; use `timeline add`, "
                "`edit` or `delete` to change records"
            ) from error
        raise TimelineError(f"query failed: {message}") from error
