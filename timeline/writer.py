"""The ingest write path: an extracted article to rows, with as few statements as it takes.

Ingest writes thousands of articles, each with dozens of entities, events and claims, so this
path uses SQLAlchemy Core on the session's connection rather than the ORM, and remembers what
it has looked up (sources, entities by alias, aliases already stored) in a ``WriteCache`` that
lives as long as the ingest. Matching rules are the ones curation uses (``store``); only the
cost differs. Nothing here commits: the caller owns the transaction, and must call
``WriteCache.forget`` when it rolls one back, since ids created inside it are gone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from timeline.corroborate import event_fingerprint, pick_same_event
from timeline.models import (
    Article,
    ArticleCredit,
    Claim,
    Entity,
    EntityAlias,
    Event,
    EventEvidence,
    EventParticipant,
    Source,
    event_facets,
    utc_now,
)
from timeline.store import alias_key, choose_entity, content_hash

if TYPE_CHECKING:
    from timeline.articles import ParsedArticle
    from timeline.extract import ArticleExtraction
    from timeline.extract.claims import Claim as ClaimRecord
    from timeline.extract.entities import Entity as EntityRecord
    from timeline.extract.events import Event as EventRecord

ARTICLES: Table = Article.__table__  # type: ignore[attr-defined]
CREDITS: Table = ArticleCredit.__table__  # type: ignore[attr-defined]
SOURCES: Table = Source.__table__  # type: ignore[attr-defined]
ENTITIES: Table = Entity.__table__  # type: ignore[attr-defined]
ALIASES: Table = EntityAlias.__table__  # type: ignore[attr-defined]
EVENTS: Table = Event.__table__  # type: ignore[attr-defined]
PARTICIPANTS: Table = EventParticipant.__table__  # type: ignore[attr-defined]
EVIDENCE: Table = EventEvidence.__table__  # type: ignore[attr-defined]
CLAIMS: Table = Claim.__table__  # type: ignore[attr-defined]

# Claim speaker kinds stored as entities; "unknown" speakers keep only their text.
SPEAKER_ENTITY_KINDS = frozenset({"person", "organization", "country", "group"})
# Entity kinds an extracted actor is stored as.
ACTOR_KINDS = frozenset({"person", "organization", "country", "group", "place"})
NO_DATE = {"date_start": None, "date_end": None, "date_precision": "unknown", "date_edtf": None}

EntityRow = tuple[int, str, str]  # id, canonical name, kind

# Statements built once: building one per row costs more than running it.
ARTICLE_BY_HASH = select(ARTICLES.c.id).where(ARTICLES.c.content_hash == bindparam("digest"))
ENTITIES_BY_KEYS = (
    select(ENTITIES.c.id, ENTITIES.c.name, ENTITIES.c.kind, ALIASES.c.alias_key)
    .join(ALIASES, ALIASES.c.entity_id == ENTITIES.c.id)
    .where(ALIASES.c.alias_key.in_(bindparam("keys", expanding=True)))
)
ENTITY_BY_ID = select(ENTITIES.c.id, ENTITIES.c.name, ENTITIES.c.kind).where(
    ENTITIES.c.id == bindparam("entity_id"))
SET_DESCRIPTION = ENTITIES.update().where(
    ENTITIES.c.id == bindparam("entity_id"), ENTITIES.c.description.is_(None)
).values(description=bindparam("description"))
SET_COORDINATES = ENTITIES.update().where(
    ENTITIES.c.id == bindparam("entity_id"), ENTITIES.c.latitude.is_(None)
).values(latitude=bindparam("lat"), longitude=bindparam("lon"))
SET_ABOUT_EVENT = CLAIMS.update().where(CLAIMS.c.id == bindparam("claim_id")).values(
    event_id=bindparam("about"))
INSERTS = {table.name: table.insert() for table in (ARTICLES, SOURCES, ENTITIES, EVENTS, CLAIMS)}
INSERT_EVENTS_RETURNING = EVENTS.insert().returning(EVENTS.c.id, sort_by_parameter_order=True)


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

    def forget(self) -> None:
        """Drop everything: after a rollback, remembered ids may no longer exist."""
        self.sources.clear()
        self.entities_by_key.clear()
        self.names.clear()
        self.kinds.clear()
        self.aliases.clear()
        self.described.clear()
        self.located.clear()


def insert_ignoring_duplicates(table: Table, dialect: str) -> Insert:
    """An INSERT that skips rows a unique constraint already holds, on either backend."""
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


class ArticleWriter:
    """Writes extracted articles through one connection, inside the caller's transaction."""

    def __init__(self, connection: Connection, cache: WriteCache | None = None):
        self.connection = connection
        self.cache = cache if cache is not None else WriteCache()
        self.dialect = connection.dialect.name
        self.now = utc_now()
        self.pending_aliases: list[dict[str, Any]] = []

    def save(self, extraction: ArticleExtraction, *, origin: str | None) -> tuple[int, bool]:
        """Store the article and what was extracted from it; returns (article id, created).

        An article whose text is stored already is left as it is (created False).
        """
        parsed = extraction.article
        digest = content_hash(parsed.text)
        existing = self.connection.execute(ARTICLE_BY_HASH, {"digest": digest}).scalar()
        if existing is not None:
            return existing, False
        article_id = self._insert(ARTICLES, self._article_values(parsed, digest, origin))
        self._save_credits(article_id, parsed)
        self._load_entities(_names_in(extraction))
        for entity in extraction.entities:
            self.save_entity(entity)
        about: dict[int, int] = {}
        for event_id, event in self._save_events(extraction.events, article_id):
            if event.claim is not None:
                about.setdefault(event.claim, event_id)
        claims = [self._claim_values(claim, article_id, about.get(index))
                  for index, claim in enumerate(extraction.claims)]
        if claims:
            self.connection.execute(INSERTS[CLAIMS.name], claims)
        self._flush_aliases()
        return article_id, True

    # --- sources and entities -------------------------------------------------------------

    def source_id(self, name: str, kind: str) -> int:
        """The id of the source called ``name`` (folded), created when new."""
        key = alias_key(name)
        if key in self.cache.sources:
            return self.cache.sources[key]
        rows = self.connection.execute(select(SOURCES.c.id, SOURCES.c.name)).all()
        found = next((row.id for row in rows if alias_key(row.name) == key), None)
        if found is None:
            found = self._insert(SOURCES, {"name": name, "kind": kind, "created_at": self.now})
        self.cache.sources[key] = found
        return found

    def _load_entities(self, names: Iterable[str]) -> None:
        """Look up, in one statement, every name's key this ingest has not looked up yet."""
        keys = {alias_key(name) for name in names} - self.cache.entities_by_key.keys()
        keys.discard("")
        if not keys:
            return
        for key in keys:
            self.cache.entities_by_key[key] = []
        rows = self.connection.execute(ENTITIES_BY_KEYS, {"keys": sorted(keys)})
        for row in rows:
            self.cache.entities_by_key[row.alias_key].append((row.id, row.name, row.kind))
            self.cache.names[row.id], self.cache.kinds[row.id] = row.name, row.kind

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
                self.connection.execute(
                    SET_DESCRIPTION, {"entity_id": entity_id, "description": description}
                )
                self.cache.described.add(entity_id)
            return entity_id
        entity_id = self._insert(ENTITIES, {
            "name": name, "kind": kind, "description": description, "created_by": "extractor",
            "created_at": self.now,
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

    def _flush_aliases(self) -> None:
        if self.pending_aliases:
            self.connection.execute(insert_ignoring_duplicates(ALIASES, self.dialect),
                                    self.pending_aliases)
            self.pending_aliases = []

    def _entity_row(self, entity_id: int) -> EntityRow:
        if entity_id in self.cache.names and entity_id in self.cache.kinds:
            return (entity_id, self.cache.names[entity_id], self.cache.kinds[entity_id])
        row = self.connection.execute(ENTITY_BY_ID, {"entity_id": entity_id}).one()
        self.cache.names[row.id], self.cache.kinds[row.id] = row.name, row.kind
        return (row.id, row.name, row.kind)

    def save_entity(self, record: EntityRecord) -> int:
        """Store an extracted entity with its aliases and coordinates; returns its id."""
        entity_id = self.entity_id(record.name, record.kind, record.description)
        self.add_aliases(entity_id, record.aliases)
        if record.latitude is not None and entity_id not in self.cache.located:
            self.connection.execute(SET_COORDINATES, {
                "entity_id": entity_id, "lat": record.latitude, "lon": record.longitude})
            self.cache.located.add(entity_id)
        return entity_id

    # --- articles, claims, events ---------------------------------------------------------

    def _article_values(self, parsed: ParsedArticle, digest: str,
                        origin: str | None) -> dict[str, Any]:
        dateline = parsed.dateline
        agency = parsed.agency or (dateline.agency if dateline else None)
        return {
            "source_id": self.source_id(agency, "agency") if agency else None,
            "collection_id": self.source_id(parsed.collection, "collection")
            if parsed.collection else None,
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
            "content_hash": digest,
            "origin": origin,
            "ingested_at": self.now,
        }

    def _save_credits(self, article_id: int, parsed: ParsedArticle) -> None:
        credits = [(name, "author", None) for name in parsed.authors]
        credits += [(c.name, c.role, c.place) for c in parsed.contributors if c.role != "author"]
        rows, seen = [], set()
        for position, (name, role, place) in enumerate(credits):
            if (name, role) not in seen:
                seen.add((name, role))
                rows.append({"article_id": article_id, "name": name, "role": role,
                             "place": place, "position": position})
        if rows:
            self.connection.execute(CREDITS.insert(), rows)

    def _claim_values(self, claim: ClaimRecord, article_id: int,
                      event_id: int | None) -> dict[str, Any]:
        speaker_id = None
        if claim.speaker and claim.speaker_kind in SPEAKER_ENTITY_KINDS:
            speaker_id = self.entity_id(claim.speaker, claim.speaker_kind,
                                        claim.speaker_description)
        return {
            "speaker_id": speaker_id,
            "speaker_text": claim.source.text if claim.source else None,
            "speaker_description": claim.speaker_description,
            "cue": claim.cue.text if claim.cue else None,
            "content": claim.content.text,
            "kind": claim.kind,
            "said_on": claim.said_on,
            "said_on_precision": claim.said_on_precision,
            "via_id": self.source_id(claim.via, "agency") if claim.via else None,
            "article_id": article_id,
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
            "created_at": self.now,
            "event_id": event_id,
        }

    def _save_events(
        self, events: Sequence[EventRecord], article_id: int
    ) -> list[tuple[int, EventRecord]]:
        """Store events, folding each into a stored event it corroborates (or one met earlier
        in this article); returns (event id, event) pairs in order."""
        planned = []
        for event in events:
            actors = [(self.entity_id(a.name, a.kind), a.role)
                      for a in event.actors if a.kind in ACTOR_KINDS]
            columns = event.date.as_columns() if event.date else NO_DATE
            fingerprint = event_fingerprint(
                [alias_key(self._entity_name(entity_id)) for entity_id, _ in actors],
                columns["date_start"],
            )
            planned.append((event, actors, columns, fingerprint))
        candidates = self._events_with_fingerprints({p[3] for p in planned if p[3]})
        targets: list[_StoredEvent] = []
        new_rows: list[dict[str, Any]] = []
        new_targets: list[_StoredEvent] = []
        for event, _, columns, fingerprint in planned:
            same = pick_same_event(
                candidates.get(fingerprint, ()), summary=event.summary, status=event.status,
                date_start=columns["date_start"], date_end=columns["date_end"],
            ) if fingerprint else None
            if same is None:
                same = _StoredEvent(None, event.summary, event.status, columns["date_start"],
                                    columns["date_end"])
                new_rows.append(self._event_values(event, columns, fingerprint))
                new_targets.append(same)
                if fingerprint:
                    candidates.setdefault(fingerprint, []).append(same)
            targets.append(same)
        if new_rows:
            inserted = self.connection.execute(INSERT_EVENTS_RETURNING, new_rows).scalars()
            for target, event_id in zip(new_targets, inserted, strict=True):
                target.id = event_id
        participants, evidence = [], []
        for target, (event, actors, _, _) in zip(targets, planned, strict=True):
            participants += [{"event_id": target.id, "entity_id": entity_id, "role": role}
                             for entity_id, role in actors]
            evidence.append({"event_id": target.id, "article_id": article_id,
                             "start": event.evidence.start, "end": event.evidence.end,
                             "excerpt": event.evidence.text})
        if participants:
            self.connection.execute(insert_ignoring_duplicates(PARTICIPANTS, self.dialect),
                                    participants)
        if evidence:
            self.connection.execute(insert_ignoring_duplicates(EVIDENCE, self.dialect),
                                    evidence)
        return [(target.id, event) for target, (event, *_) in zip(targets, planned, strict=True)]

    def _entity_name(self, entity_id: int) -> str:
        name = self.cache.names.get(entity_id)
        return name if name is not None else self._entity_row(entity_id)[1]

    def _events_with_fingerprints(self, fingerprints: set[str]) -> dict[str, list[_StoredEvent]]:
        found: dict[str, list[_StoredEvent]] = {}
        if not fingerprints:
            return found
        rows = self.connection.execute(
            select(EVENTS.c.id, EVENTS.c.summary, EVENTS.c.status, EVENTS.c.date_start,
                   EVENTS.c.date_end, EVENTS.c.fingerprint)
            .where(EVENTS.c.fingerprint.in_(sorted(fingerprints)))
        )
        for row in rows:
            found.setdefault(row.fingerprint, []).append(
                _StoredEvent(row.id, row.summary, row.status, row.date_start, row.date_end))
        return found

    def _event_values(self, event: EventRecord, columns: dict[str, Any],
                      fingerprint: str | None) -> dict[str, Any]:
        location_id = self.entity_id(event.location, "place") if event.location else None
        return {
            "summary": event.summary, "status": event.status, "date_text": event.date_text,
            "date_resolution": event.date_resolution, "location_id": location_id,
            "fingerprint": fingerprint, "confidence": 1.0, "verified": False,
            "created_by": "extractor", "created_at": self.now, "updated_at": self.now,
            **columns,
            **event_facets(columns["date_start"], columns["date_end"],
                           columns["date_precision"]),
        }

    def _insert(self, table: Table, values: dict[str, Any]) -> int:
        result = self.connection.execute(INSERTS[table.name], values)
        return result.inserted_primary_key[0]  # type: ignore[index]


@dataclass
class _StoredEvent:
    id: int | None  # None until a new event is inserted
    summary: str
    status: str
    date_start: str | None
    date_end: str | None


def _names_in(extraction: ArticleExtraction) -> list[str]:
    """Every name the article's records will look up as an entity."""
    names = [entity.name for entity in extraction.entities]
    names += [alias for entity in extraction.entities for alias in entity.aliases]
    names += [claim.speaker for claim in extraction.claims if claim.speaker]
    for event in extraction.events:
        names += [actor.name for actor in event.actors]
        if event.location:
            names.append(event.location)
    return names
