"""The ingest write path: an extracted article to rows, with as few statements as it takes.

Ingest writes thousands of articles, each with dozens of entities, events and claims, so this
path runs plain SQL on the driver connection under the session's transaction rather than the
ORM, batches rows into executemany where it can, and remembers what
it has looked up (sources, entities by alias, aliases already stored) in a ``WriteCache`` that
lives as long as the ingest. Matching rules are the ones curation uses (``store``); only the
cost differs. Nothing here commits: the caller owns the transaction, and must call
``WriteCache.forget`` when it rolls one back, since ids created inside it are gone.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection

from timeline.corroborate import event_fingerprint, pick_same_event
from timeline.models import FULL_TEXT_COLUMNS, event_facets, utc_now
from timeline.store import alias_key, choose_entity, content_hash

if TYPE_CHECKING:
    from timeline.articles import ParsedArticle
    from timeline.extract import ArticleExtraction
    from timeline.extract.claims import Claim as ClaimRecord
    from timeline.extract.events import Event as EventRecord

# Claim speaker kinds stored as entities; "unknown" speakers keep only their text.
SPEAKER_ENTITY_KINDS = frozenset({"person", "organization", "country", "group"})
# Entity kinds an extracted actor is stored as.
ACTOR_KINDS = frozenset({"person", "organization", "country", "group", "place"})
NO_DATE = {"date_start": None, "date_end": None, "date_precision": "unknown", "date_edtf": None}

EntityRow = tuple[int, str, str]  # id, canonical name, kind

# The ingest path runs SQL on the driver's connection (inside the caller's transaction):
# SQLAlchemy's per-statement work cost more than SQLite's. Named ":param" placeholders are
# rewritten to the driver's style once per statement.
ARTICLES_BY_HASH = "SELECT content_hash, id FROM articles WHERE content_hash IN ({names})"
ALL_SOURCES = "SELECT id, name FROM sources"
ENTITY_BY_ID = "SELECT id, name, kind FROM entities WHERE id = :entity_id"
SET_DESCRIPTION = ("UPDATE entities SET description = :description "
                   "WHERE id = :entity_id AND description IS NULL")
SET_COORDINATES = ("UPDATE entities SET latitude = :latitude, longitude = :longitude "
                   "WHERE id = :entity_id AND latitude IS NULL")
EVENTS_BY_FINGERPRINT = ("SELECT id, summary, status, date_start, date_end, fingerprint "
                         "FROM events WHERE fingerprint IN ({names}) ORDER BY id")
ENTITIES_BY_KEYS = ("SELECT e.id, e.name, e.kind, a.alias_key FROM entities e "
                    "JOIN entity_aliases a ON a.entity_id = e.id WHERE a.alias_key IN ({names})")
PAUSE_FTS_TRIGGERS = "INSERT OR IGNORE INTO fts_paused (id) VALUES (1)"
RESUME_FTS_TRIGGERS = "DELETE FROM fts_paused"
LAST_IDS = "SELECT " + ", ".join(f"(SELECT max(id) FROM {table})"
                                 for table in FULL_TEXT_COLUMNS)
# Ids PostgreSQL hands the writer per round trip, per table: new entities and events then
# travel with their ids in one statement per article instead of one round trip each.
ID_BLOCK = 64
# Rows per multi-row INSERT on PostgreSQL: one statement costs its server a parse, a plan and
# an execution where executemany costs an execution a row.
# Well under PostgreSQL's 65,535 parameters for the widest table.
ROWS_PER_INSERT = 500
# Values per IN (...) lookup: within SQLite's oldest limit on parameters (999).
VALUES_PER_LOOKUP = 900
_NAMED = re.compile(r"(?<!:):([a-z_][a-z0-9_]*)")


class DriverStatements:
    """Runs SQL on the DBAPI connection under a SQLAlchemy connection's transaction."""

    def __init__(self, connection: Connection):
        self.raw = connection.connection.driver_connection
        self.postgres = connection.dialect.name == "postgresql"
        self.cursor = self.raw.cursor()  # type: ignore[union-attr]
        self.reserved: dict[str, collections.deque[int]] = {}  # PostgreSQL's, by table
        self.next_free: dict[str, int] = {}  # SQLite's, by table

    def _native(self, sql: str) -> str:
        return _pyformat(sql) if self.postgres else sql

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        self.cursor.execute(self._native(sql), params or {})
        return self.cursor.fetchall()

    def run(self, sql: str, params: dict[str, Any]) -> None:
        self.cursor.execute(self._native(sql), params)

    def run_many(self, sql: str, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self.cursor.executemany(self._native(sql), rows)

    def insert(self, table: str, values: dict[str, Any]) -> int:
        """Insert one row and return its id (on PostgreSQL without waiting for the server:
        the id comes from ``next_ids``)."""
        if self.postgres:
            return self.insert_all(table, [values])[0]
        self.cursor.execute(_insert_sql(table, tuple(values), " RETURNING id"), values)
        return self.cursor.fetchone()[0]

    def next_ids(self, table: str, count: int) -> list[int]:
        """``count`` fresh ids for rows of ``table``, so that rows and the rows pointing at
        them can be sent together.

        PostgreSQL's come from the table's sequence, ID_BLOCK or more at a time (ids reserved
        and not used are skipped, as after any rollback). SQLite's follow the largest id in
        the table: call only once this transaction has written, when SQLite lets no other
        connection add rows until it ends.
        """
        if not self.postgres:
            first = self.next_free.get(table)
            if first is None:
                first = self.rows(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")[0][0]
            self.next_free[table] = first + count
            return list(range(first, first + count))
        reserved = self.reserved.setdefault(table, collections.deque())
        if len(reserved) < count:
            reserved.extend(row[0] for row in self.rows(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
                "FROM generate_series(1, :count)", {"count": max(count, ID_BLOCK)}))
        return [reserved.popleft() for _ in range(count)]

    def insert_all(self, table: str, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert rows of the same columns with ids from ``next_ids`` (see there for when it
        may be called) and return the ids, in order."""
        ids = self.next_ids(table, len(rows))
        self.insert_many(table, [{"id": row_id, **row}
                                 for row_id, row in zip(ids, rows, strict=True)])
        return ids

    def insert_many(self, table: str, rows: Sequence[dict[str, Any]],
                    ignore_duplicates: bool = False) -> None:
        """Insert rows of the same columns: executemany on SQLite, which prepares the
        statement once; multi-row INSERTs on PostgreSQL (see ROWS_PER_INSERT)."""
        if not rows:
            return
        suffix = " ON CONFLICT DO NOTHING" if ignore_duplicates else ""
        columns = tuple(rows[0])
        if not self.postgres:
            self.run_many(_insert_sql(table, columns, suffix), rows)
            return
        for start in range(0, len(rows), ROWS_PER_INSERT):
            part = rows[start:start + ROWS_PER_INSERT]
            self.cursor.execute(_multi_row_insert_sql(table, columns, len(part), suffix),
                                [row[column] for row in part for column in columns])

    def in_list(self, sql: str, values: Sequence[str]) -> list[tuple]:
        """Run ``sql`` whose ``{names}`` is a list of placeholders for ``values``, in parts of
        at most VALUES_PER_LOOKUP values (rows ordered within a part only)."""
        rows = []
        for start in range(0, len(values), VALUES_PER_LOOKUP):
            params = {f"v{i}": value
                      for i, value in enumerate(values[start:start + VALUES_PER_LOOKUP])}
            rows += self.rows(sql.format(names=", ".join(f":{name}" for name in params)),
                              params)
        return rows


@functools.lru_cache(maxsize=256)
def _pyformat(sql: str) -> str:
    return _NAMED.sub(r"%(\1)s", sql)


@functools.lru_cache(maxsize=512)
def _multi_row_insert_sql(table: str, columns: tuple[str, ...], count: int, suffix: str) -> str:
    quoted = ", ".join(f'"{column}"' for column in columns)
    row = f"({', '.join(['%s'] * len(columns))})"
    return f"INSERT INTO {table} ({quoted}) VALUES {', '.join([row] * count)}{suffix}"


@functools.lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...], suffix: str) -> str:
    quoted = ", ".join(f'"{column}"' for column in columns)
    return (f"INSERT INTO {table} ({quoted}) VALUES "
            f"({', '.join(f':{column}' for column in columns)}){suffix}")


# The names one ingest has met grow with its input: 87,000 keys and 44 MB of cache at
# 20,000 stories. Past this many the cache starts again, so a long ingest's memory is flat.
WRITE_CACHE_KEYS = 200_000


@dataclass
class WriteCache:
    """What one ingest has looked up or written, so it is not asked for twice."""

    sources: dict[str, int] = field(default_factory=dict)
    entities_by_key: dict[str, list[EntityRow]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)
    aliases: set[tuple[int, str]] = field(default_factory=set)
    described: set[int] = field(default_factory=set)
    located: set[int] = field(default_factory=set)

    def trim(self) -> None:
        """Between transactions: drop everything once more than WRITE_CACHE_KEYS names are
        remembered (what is dropped is looked up again when next met)."""
        if len(self.entities_by_key) > WRITE_CACHE_KEYS:
            self.forget()

    def forget(self) -> None:
        """Drop everything: after a rollback, remembered ids may no longer exist."""
        self.sources.clear()
        self.entities_by_key.clear()
        self.names.clear()
        self.kinds.clear()
        self.aliases.clear()
        self.described.clear()
        self.located.clear()


class ArticleWriter:
    """Writes extracted articles through one connection, inside the caller's transaction."""

    def __init__(self, connection: Connection, cache: WriteCache | None = None):
        self.cache = cache if cache is not None else WriteCache()
        self.sql = DriverStatements(connection)
        # SQLite keeps datetimes as text in SQLAlchemy's layout; PostgreSQL takes the value.
        now = utc_now()
        self.now: Any = now if self.sql.postgres else now.strftime("%Y-%m-%d %H:%M:%S.%f")
        self.pending_aliases: list[dict[str, Any]] = []
        # Entities made but not yet sent, by id: sent together before rows that refer to them.
        self.pending_entities: dict[int, dict[str, Any]] = {}
        # What this transaction knows of the database (see ``look_ahead``): the ids of
        # articles by digest, with every digest looked up, and the stored events by
        # fingerprint, kept up to date with the events it adds.
        self.article_ids: dict[str, int] = {}
        self.digests_looked_up: set[str] = set()
        self.events_by_fingerprint: dict[str, list[_StoredEvent]] = {}

    def look_ahead(self, articles: Sequence[PreparedArticle]) -> None:
        """Look up, in a few statements, what saving ``articles`` will ask the database:
        whether each is stored already, the entities their names may refer to, and the
        stored events their events may corroborate (by the fingerprints of the names as
        written; those of other names are still looked up when met). On PostgreSQL the
        writer then rarely waits for the server while it saves them."""
        self._look_up_articles(article.digest for article in articles)
        self._load_entities(name for article in articles for name in article.names)
        self._look_up_events({
            fingerprint for article in articles for event in article.events
            if (fingerprint := event_fingerprint(
                [alias_key(name) for name, _, _ in event.actors], event.row["date_start"]))
        })

    def save(self, article: PreparedArticle, *, origin: str | None) -> tuple[int, bool]:
        """Store a prepared article (see ``prepare``); returns (article id, created).

        An article whose text is stored already is left as it is (created False).
        """
        self._look_up_articles((article.digest,))
        if article.digest in self.article_ids:
            return self.article_ids[article.digest], False
        article_id = self.sql.insert("articles", {
            **article.row,
            "source_id": self.source_id(article.agency, "agency") if article.agency else None,
            "collection_id": self.source_id(article.collection, "collection")
            if article.collection else None,
            "origin": origin,
            "ingested_at": self.now,
        })
        self.article_ids[article.digest] = article_id
        self.sql.insert_many("article_credits", [{**credit, "article_id": article_id}
                                                 for credit in article.credits])
        self._load_entities(article.names)
        for entity in article.entities:
            self.save_entity(entity)
        about: dict[int, int] = {}
        for event_id, event in self._save_events(article.events, article_id):
            if event.claim is not None:
                about.setdefault(event.claim, event_id)
        claims = [self._claim_values(claim, article_id, about.get(index))
                  for index, claim in enumerate(article.claims)]
        self._flush_entities()
        self.sql.insert_many("claims", claims)
        self._flush_aliases()
        return article_id, True

    def _look_up_articles(self, digests: Iterable[str]) -> None:
        """Note in ``article_ids`` which of ``digests`` not yet looked up are stored."""
        unknown = sorted(set(digests) - self.digests_looked_up)
        self.article_ids.update(self.sql.in_list(ARTICLES_BY_HASH, unknown))
        self.digests_looked_up.update(unknown)

    @contextlib.contextmanager
    def bulk_writing(self) -> Iterator[None]:
        """Set the transaction up for writing many articles.

        On SQLite, the rows written in the block are indexed for full-text search in one
        statement per table when it ends, not row by row by the triggers (which cost a third
        of the write). The triggers are paused by a row of ``fts_paused`` that lives only
        inside the caller's transaction, so no other connection sees them paused; an error
        rolls it back with the rest. On PostgreSQL, whose full-text indexes need nothing of
        this, lookups go by index and statements are pipelined."""
        if self.sql.postgres:
            # Every lookup here is by an indexed key, but until autovacuum first analyzes a
            # growing table the planner reads it whole for each one (1.4M rows read per
            # 1,000 articles from a fresh database). For this transaction only, it must not.
            self.sql.run("SET LOCAL enable_seqscan = off", {})
            # Whatever must still read a table whole (the few sources) then looks costly
            # enough to be compiled first: 17 ms a time for ten rows.
            self.sql.run("SET LOCAL jit = off", {})
            # Pipelined: inserts go out without waiting for the server's answer, so it works
            # while the writer prepares the next rows; a lookup waits for what precedes it.
            # An error surfaces at the next wait, inside this transaction all the same.
            with self.sql.raw.pipeline():  # type: ignore[union-attr]
                yield
            return
        # The pause is a write, so the write lock is held from here: the rows above the
        # last ids read next are this transaction's own.
        self.sql.run(PAUSE_FTS_TRIGGERS, {})
        last_ids = dict(zip(FULL_TEXT_COLUMNS, self.sql.rows(LAST_IDS)[0], strict=True))
        yield
        for table, columns in FULL_TEXT_COLUMNS.items():
            listed = ", ".join(columns)
            self.sql.run(f"INSERT INTO {table}_fts (rowid, {listed}) "
                         f"SELECT id, {listed} FROM {table} WHERE id > :last",
                         {"last": last_ids[table] or 0})
        self.sql.run(RESUME_FTS_TRIGGERS, {})

    # --- sources and entities -------------------------------------------------------------

    def source_id(self, name: str, kind: str) -> int:
        """The id of the source called ``name`` (folded), created when new."""
        key = alias_key(name)
        if key in self.cache.sources:
            return self.cache.sources[key]
        rows = self.sql.rows(ALL_SOURCES)
        found = next((row[0] for row in rows if alias_key(row[1]) == key), None)
        if found is None:
            found = self.sql.insert("sources", {"name": name, "kind": kind,
                                                "created_at": self.now})
        self.cache.sources[key] = found
        return found

    def _load_entities(self, names: Iterable[str]) -> None:
        """Look up, in one statement, every name's key this ingest has not looked up yet."""
        # Tested key by key: ``set - dict.keys()`` walks every key the ingest has cached.
        known = self.cache.entities_by_key
        keys = {key for key in map(alias_key, names) if key and key not in known}
        if not keys:
            return
        for key in keys:
            self.cache.entities_by_key[key] = []
        for entity_id, name, kind, key in self.sql.in_list(ENTITIES_BY_KEYS, sorted(keys)):
            self.cache.entities_by_key[key].append((entity_id, name, kind))
            self.cache.names[entity_id], self.cache.kinds[entity_id] = name, kind

    def _entities_with_key(self, key: str) -> list[EntityRow]:
        if key not in self.cache.entities_by_key:
            self._load_entities((key,))
        return self.cache.entities_by_key.get(key, [])

    def entity_id(self, name: str, kind: str, description: str | None = None) -> int:
        """The entity ``name`` refers to (store.choose_entity's rules), created when none fits."""
        key = alias_key(name)
        chosen = choose_entity(self._entities_with_key(key), kind, key)
        if chosen is not None:
            entity_id = chosen[0]
            if description and entity_id not in self.cache.described:
                self._fill_in(entity_id, SET_DESCRIPTION, description=description)
                self.cache.described.add(entity_id)
            return entity_id
        entity_id = self._create_entity({
            "name": name, "kind": kind, "description": description, "created_by": "extractor",
            "created_at": self.now, "latitude": None, "longitude": None,
        })
        if description:
            self.cache.described.add(entity_id)
        self.cache.entities_by_key.setdefault(key, []).append((entity_id, name, kind))
        self.cache.names[entity_id], self.cache.kinds[entity_id] = name, kind
        self.add_aliases(entity_id, (name,))
        return entity_id

    def add_aliases(self, entity_id: int, names: Iterable[str]) -> None:
        """Record each name as an alias of the entity unless it is one already (written with
        the rest of the article)."""
        for name in names:
            key = alias_key(name)
            if not key or (entity_id, key) in self.cache.aliases:
                continue
            self.cache.aliases.add((entity_id, key))
            self.pending_aliases.append({"entity_id": entity_id, "alias": name,
                                         "alias_key": key, "created_by": "extractor"})
            entities = self.cache.entities_by_key.get(key)
            if entities is not None and all(row[0] != entity_id for row in entities):
                entities.append(self._entity_row(entity_id))

    def _create_entity(self, row: dict[str, Any]) -> int:
        entity_id = self.sql.next_ids("entities", 1)[0]
        self.pending_entities[entity_id] = {"id": entity_id, **row}
        return entity_id

    def _fill_in(self, entity_id: int, update: str, **columns: Any) -> None:
        """Set columns an entity has empty: in its row when it is not sent yet, else with
        ``update`` (whose parameters are named as the columns)."""
        pending = self.pending_entities.get(entity_id)
        if pending is not None:
            pending.update(columns)
        else:
            self.sql.run(update, {"entity_id": entity_id, **columns})

    def _flush_entities(self) -> None:
        """Send the entities made since the last flush: before any row that refers to them."""
        self.sql.insert_many("entities", list(self.pending_entities.values()))
        self.pending_entities = {}

    def _flush_aliases(self) -> None:
        self._flush_entities()
        self.sql.insert_many("entity_aliases", self.pending_aliases, ignore_duplicates=True)
        self.pending_aliases = []

    def _entity_row(self, entity_id: int) -> EntityRow:
        if entity_id in self.cache.names and entity_id in self.cache.kinds:
            return (entity_id, self.cache.names[entity_id], self.cache.kinds[entity_id])
        found_id, name, kind = self.sql.rows(ENTITY_BY_ID, {"entity_id": entity_id})[0]
        self.cache.names[found_id], self.cache.kinds[found_id] = name, kind
        return (found_id, name, kind)

    def save_entity(self, record: PreparedEntity) -> int:
        """Store an extracted entity with its aliases and coordinates; returns its id."""
        entity_id = self.entity_id(record.name, record.kind, record.description)
        self.add_aliases(entity_id, record.aliases)
        if record.latitude is not None and entity_id not in self.cache.located:
            self._fill_in(entity_id, SET_COORDINATES, latitude=record.latitude,
                          longitude=record.longitude)
            self.cache.located.add(entity_id)
        return entity_id

    # --- claims and events ------------------------------------------------------------------

    def _claim_values(self, claim: PreparedClaim, article_id: int,
                      event_id: int | None) -> dict[str, Any]:
        return {
            **claim.row,
            "speaker_id": self.entity_id(*claim.speaker) if claim.speaker else None,
            "via_id": self.source_id(claim.via, "agency") if claim.via else None,
            "article_id": article_id,
            "event_id": event_id,
            "created_at": self.now,
        }

    def _save_events(
        self, events: Sequence[PreparedEvent], article_id: int
    ) -> list[tuple[int, PreparedEvent]]:
        """Store events, folding each into a stored event it corroborates (or one met earlier
        in this article); returns (event id, event) pairs in order."""
        planned = []
        for event in events:
            actors = [(self.entity_id(name, kind), role) for name, kind, role in event.actors]
            fingerprint = event_fingerprint(
                [alias_key(self._entity_name(entity_id)) for entity_id, _ in actors],
                event.row["date_start"],
            )
            planned.append((event, actors, fingerprint))
        self._look_up_events({p[2] for p in planned if p[2]})
        candidates = self.events_by_fingerprint
        targets: list[_StoredEvent] = []
        new_rows: list[dict[str, Any]] = []
        new_targets: list[_StoredEvent] = []
        for event, _, fingerprint in planned:
            row = event.row
            same = pick_same_event(
                candidates.get(fingerprint, ()), summary=row["summary"], status=row["status"],
                date_start=row["date_start"], date_end=row["date_end"],
            ) if fingerprint else None
            if same is None:
                same = _StoredEvent(None, row["summary"], row["status"], row["date_start"],
                                    row["date_end"])
                new_rows.append(self._event_values(event, fingerprint))
                new_targets.append(same)
                if fingerprint:
                    candidates.setdefault(fingerprint, []).append(same)
            targets.append(same)
        self._flush_entities()
        for target, event_id in zip(new_targets, self.sql.insert_all("events", new_rows),
                                    strict=True):
            target.id = event_id
        participants, evidence = [], []
        for target, (event, actors, _) in zip(targets, planned, strict=True):
            participants += [{"event_id": target.id, "entity_id": entity_id, "role": role}
                             for entity_id, role in actors]
            start, end, excerpt = event.evidence
            evidence.append({"event_id": target.id, "article_id": article_id,
                             "start": start, "end": end, "excerpt": excerpt})
        self.sql.insert_many("event_participants", participants, ignore_duplicates=True)
        self.sql.insert_many("event_evidence", evidence, ignore_duplicates=True)
        return [(_stored_id(target), event)
                for target, (event, *_) in zip(targets, planned, strict=True)]

    def _entity_name(self, entity_id: int) -> str:
        name = self.cache.names.get(entity_id)
        return name if name is not None else self._entity_row(entity_id)[1]

    def _look_up_events(self, fingerprints: set[str]) -> None:
        """Add to ``events_by_fingerprint`` the stored events of ``fingerprints`` not yet
        known; the caller adds there the events it makes."""
        known = self.events_by_fingerprint
        unknown = sorted(fingerprint for fingerprint in fingerprints if fingerprint not in known)
        for fingerprint in unknown:
            known[fingerprint] = []
        for row in self.sql.in_list(EVENTS_BY_FINGERPRINT, unknown):
            known[row[5]].append(_StoredEvent(*row[:5]))

    def _event_values(self, event: PreparedEvent, fingerprint: str | None) -> dict[str, Any]:
        location_id = self.entity_id(event.location, "place") if event.location else None
        return {**event.row, "location_id": location_id, "fingerprint": fingerprint,
                "created_at": self.now, "updated_at": self.now}


def _stored_id(event: _StoredEvent) -> int:
    assert event.id is not None, "every planned event was inserted"
    return event.id


@dataclass
class _StoredEvent:
    id: int | None  # None until a new event is inserted
    summary: str
    status: str
    date_start: str | None
    date_end: str | None


# --- what the extracting processes hand the writer ---------------------------------------


class PreparedEntity(NamedTuple):
    """An extracted entity as stored: ``save_entity`` resolves it to a row."""

    name: str
    kind: str
    description: str | None
    aliases: tuple[str, ...]
    latitude: float | None
    longitude: float | None


class PreparedEvent(NamedTuple):
    """An extracted event: its ``events`` row but for the columns that need the database
    (location, fingerprint, timestamps), its actors as (name, kind, role), its evidence as
    (start, end, excerpt), and the index of the claim it reports, if any."""

    row: dict[str, Any]
    actors: tuple[tuple[str, str, str], ...]
    location: str | None
    evidence: tuple[int, int, str]
    claim: int | None


class PreparedClaim(NamedTuple):
    """An extracted claim: its ``claims`` row but for ids and timestamps, the speaker stored
    as an entity as (name, kind, description) or None, and the relaying agency."""

    row: dict[str, Any]
    speaker: tuple[str, str, str | None] | None
    via: str | None


class PreparedArticle(NamedTuple):
    """An extraction reduced to plain values: the rows of everything that does not depend
    on what the database holds. ``prepare`` makes it in the extracting process, so that the
    one writing process only resolves ids and inserts; plain tuples also cross between
    processes at a tenth of the cost of the extraction's records."""

    row: dict[str, Any]
    agency: str | None
    collection: str | None
    credits: tuple[dict[str, Any], ...]
    names: tuple[str, ...]
    entities: tuple[PreparedEntity, ...]
    events: tuple[PreparedEvent, ...]
    claims: tuple[PreparedClaim, ...]

    @property
    def digest(self) -> str:
        """The article's natural key (``store.content_hash`` of its text)."""
        return self.row["content_hash"]


def prepare(extraction: ArticleExtraction) -> PreparedArticle:
    """The rows of an extracted article as far as they do not depend on the database."""
    parsed = extraction.article
    entities = tuple(
        PreparedEntity(e.name, e.kind, e.description, tuple(e.aliases), e.latitude, e.longitude)
        for e in extraction.entities
    )
    events = tuple(_prepared_event(event) for event in extraction.events)
    claims = tuple(_prepared_claim(claim) for claim in extraction.claims)
    # Every name the writer will look up as an entity, to be fetched in one statement.
    names = [entity.name for entity in entities]
    names += [alias for entity in entities for alias in entity.aliases]
    names += [claim.speaker[0] for claim in claims if claim.speaker]
    for event in events:
        names += [name for name, _, _ in event.actors]
        if event.location:
            names.append(event.location)
    agency = parsed.agency or (parsed.dateline.agency if parsed.dateline else None)
    return PreparedArticle(
        row=_article_row(parsed), agency=agency,
        collection=parsed.collection, credits=_credit_rows(parsed), names=tuple(names),
        entities=entities, events=events, claims=claims,
    )


def _article_row(parsed: ParsedArticle) -> dict[str, Any]:
    dateline = parsed.dateline
    return {
        "collection_issue": parsed.issue,
        "collection_item": parsed.item,
        "title": parsed.title.text if parsed.title else None,
        "authors": "; ".join(parsed.authors) or None,
        "dateline": dateline.span.text if dateline else None,
        "dateline_places": json.dumps(list(dateline.places))
        if dateline and dateline.places else None,
        "published_on": parsed.date.value.isoformat() if parsed.date else None,
        "published_precision": parsed.date.precision if parsed.date else "unknown",
        "published_source": parsed.date.source if parsed.date else None,
        "text": parsed.text,
        "content_hash": content_hash(parsed.text),
    }


def _credit_rows(parsed: ParsedArticle) -> tuple[dict[str, Any], ...]:
    credits: list[tuple[str, str, str | None]] = [
        (name, "author", None) for name in parsed.authors
    ]
    credits += [(c.name, c.role, c.place) for c in parsed.contributors if c.role != "author"]
    rows, seen = [], set()
    for position, (name, role, place) in enumerate(credits):
        if (name, role) not in seen:
            seen.add((name, role))
            rows.append({"name": name, "role": role, "place": place, "position": position})
    return tuple(rows)


def _prepared_claim(claim: ClaimRecord) -> PreparedClaim:
    speaker = None
    if claim.speaker and claim.speaker_kind in SPEAKER_ENTITY_KINDS:
        speaker = (claim.speaker, claim.speaker_kind, claim.speaker_description)
    row = {
        "speaker_text": claim.source.text if claim.source else None,
        "speaker_description": claim.speaker_description,
        "cue": claim.cue.text if claim.cue else None,
        "content": claim.content.text,
        "kind": claim.kind,
        "said_on": claim.said_on,
        "said_on_precision": claim.said_on_precision,
        "start": claim.content.start,
        "end": claim.content.end,
        "source_start": claim.source.start if claim.source else None,
        "source_end": claim.source.end if claim.source else None,
        "cue_start": claim.cue.start if claim.cue else None,
        "cue_end": claim.cue.end if claim.cue else None,
        "pattern": claim.pattern,
        "confidence": claim.confidence,
        "verified": False,
        "created_by": "extractor",
    }
    return PreparedClaim(row=row, speaker=speaker, via=claim.via)


def _prepared_event(event: EventRecord) -> PreparedEvent:
    columns: dict[str, Any] = event.date.as_columns() if event.date else NO_DATE
    row = {
        "summary": event.summary, "status": event.status, "date_text": event.date_text,
        "date_resolution": event.date_resolution, "confidence": 1.0, "verified": False,
        "created_by": "extractor", **columns,
        **event_facets(columns["date_start"], columns["date_end"], columns["date_precision"]),
    }
    evidence = event.evidence
    return PreparedEvent(
        row=row,
        actors=tuple((a.name, a.kind, a.role) for a in event.actors if a.kind in ACTOR_KINDS),
        location=event.location,
        evidence=(evidence.start, evidence.end, evidence.text),
        claim=event.claim,
    )
