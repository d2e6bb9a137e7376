"""Saving to the database: natural keys and upserts, so that a re-run changes nothing.

Every function takes ``*, session`` and never commits: the caller owns the transaction (one
article, one transaction).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from timeline.errors import NotFoundError, TimelineError
from timeline.models import (
    ENTITY_KINDS,
    SOURCE_KINDS,
    Article,
    ArticleCredit,
    Entity,
    EntityAlias,
    EventEvidence,
    EventParticipant,
    Source,
)
from timeline.models import Claim as ClaimRow
from timeline.models import Event as EventRow

if TYPE_CHECKING:
    from timeline.articles import ParsedArticle
    from timeline.extract import ArticleExtraction
    from timeline.extract.claims import Claim
    from timeline.extract.entities import Entity as EntityRecord
    from timeline.extract.events import Event

_NON_WORD = re.compile(r"[^\w]+")
_WHITESPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """SHA-256 of the text with runs of whitespace folded: the article's natural key.

    The same story saved under another name, or with other line endings, hashes the same.
    """
    folded = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def alias_key(name: str) -> str:
    """The folded form names are looked up by: case, accents, dots and punctuation ignored.

    "U.N." and "UN" share a key, as do "Itar-Tass" and "ITAR TASS".
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace(".", "").replace("'", "").replace("\u2019", "")
    return _NON_WORD.sub(" ", plain).strip()


def check_choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    """``value`` when it is one of ``allowed``; raises TimelineError naming the choices."""
    if value not in allowed:
        raise TimelineError(f"unknown {what} {value!r}: use one of {', '.join(allowed)}")
    return value


def get_or_create_source(name: str, kind: str = "other", *, session: Session) -> Source:
    """The source called ``name`` (case and punctuation folded), created when new."""
    check_choice(kind, SOURCE_KINDS, "source kind")
    key = alias_key(name)
    for source in session.exec(select(Source).where(Source.name == name)):
        return source
    for source in session.exec(select(Source)):
        if alias_key(source.name) == key:
            return source
    source = Source(name=name, kind=kind)
    session.add(source)
    session.flush()
    return source


def find_source(reference: str, *, session: Session) -> Source:
    """The source with this id or name; raises NotFoundError."""
    if reference.isdigit():
        source = session.get(Source, int(reference))
        if source is not None:
            return source
    key = alias_key(reference)
    for source in session.exec(select(Source)):
        if alias_key(source.name) == key:
            return source
    raise NotFoundError(f"no source {reference!r}: see `timeline query \"select * from sources\"`")


def entities_named(name: str, *, session: Session) -> list[Entity]:
    """Entities whose canonical name or any alias folds to the same key as ``name``."""
    key = alias_key(name)
    if not key:
        return []
    statement = (
        select(Entity).join(EntityAlias, EntityAlias.entity_id == Entity.id)
        .where(EntityAlias.alias_key == key)
        .distinct()
    )
    found = list(session.exec(statement))
    if found or " " in key:
        return found
    return people_with_surname(key, session=session)


def people_with_surname(key: str, *, session: Session) -> list[Entity]:
    """People whose name ends with the word ``key``: "Losyukov" finds "Alexander Losyukov"."""
    statement = (
        select(Entity).join(EntityAlias, EntityAlias.entity_id == Entity.id)
        .where(Entity.kind == "person", EntityAlias.alias_key.like(f"% {key}"))  # type: ignore[attr-defined]
        .distinct()
    )
    return list(session.exec(statement))


def find_entity(reference: str | int, *, session: Session, kind: str | None = None) -> Entity:
    """The entity with this id, name or alias; raises NotFoundError, or TimelineError when the
    name fits several entities (the message lists their ids)."""
    if isinstance(reference, int) or str(reference).isdigit():
        entity = session.get(Entity, int(reference))
        if entity is None:
            raise NotFoundError(f"no entity with id {reference}: see `timeline list entities`")
        return entity
    candidates = entities_named(str(reference), session=session)
    if kind is not None:
        candidates = [e for e in candidates if e.kind == kind] or candidates
    if len(candidates) > 1:
        # A name that is some entity's own name beats the same words used as another's alias.
        key = alias_key(str(reference))
        candidates = [e for e in candidates if alias_key(e.name) == key] or candidates
    if not candidates:
        raise NotFoundError(
            f"no entity named {reference!r}: see `timeline list entities` or add it with "
            "`timeline add entity`"
        )
    if len(candidates) > 1:
        listed = ", ".join(f"{e.id} ({e.name}, {e.kind})" for e in candidates)
        raise TimelineError(f"{reference!r} names several entities: {listed}; give the id")
    return candidates[0]


def find_actor(reference: str, *, session: Session) -> Entity:
    """The entity acting under ``reference``: a capital used as an actor is its country
    ("Pyongyang said" is North Korea), so places give way to the other kinds here."""
    candidates = entities_named(reference, session=session)
    actors = [e for e in candidates if e.kind != "place"]
    if len(actors) == 1:
        return actors[0]
    return find_entity(reference, session=session)


def resolve_entity(
    name: str,
    kind: str,
    *,
    session: Session,
    description: str | None = None,
    created_by: str = "extractor",
) -> Entity:
    """The entity ``name`` refers to, created (with its name as first alias) when none fits.

    An entity of the same kind wins, then one of a compatible kind (an organization for a
    group; a country named outright for a place: "in North Korea"). A capital used as an alias
    of its country ("Pyongyang" for North Korea) does not make the city a country: looked up
    as a place, it gets a place entity of its own.
    """
    check_choice(kind, ENTITY_KINDS, "entity kind")
    key = alias_key(name)
    candidates = entities_named(name, session=session)
    chosen = next((e for e in candidates if e.kind == kind), None) or next(
        (e for e in candidates if _compatible(e, kind, key)), None
    )
    if chosen is not None:
        if description and not chosen.description:
            chosen.description = description
            session.add(chosen)
        return chosen
    entity = Entity(name=name, kind=kind, description=description, created_by=created_by)
    session.add(entity)
    session.flush()
    add_alias_row(entity, name, session=session, created_by=created_by)
    return entity


COMPATIBLE_KINDS = {
    "organization": ("group", "outlet"),
    "group": ("organization",),
    "outlet": ("organization",),
}


def _compatible(entity: Entity, kind: str, key: str) -> bool:
    if kind == "place":
        return entity.kind == "country" and alias_key(entity.name) == key
    return entity.kind in COMPATIBLE_KINDS.get(kind, ())


def add_alias_row(
    entity: Entity, alias: str, *, session: Session, created_by: str = "extractor"
) -> EntityAlias | None:
    """Record ``alias`` for ``entity`` unless it already has it; returns the new row or None."""
    key = alias_key(alias)
    if not key:
        return None
    existing = session.exec(
        select(EntityAlias).where(EntityAlias.entity_id == entity.id, EntityAlias.alias_key == key)
    ).first()
    if existing is not None:
        return None
    row = EntityAlias(entity_id=entity.id, alias=alias, alias_key=key, created_by=created_by)
    session.add(row)
    session.flush()
    return row


SPEAKER_ENTITY_KINDS = {
    "person": "person",
    "organization": "organization",
    "country": "country",
    "group": "group",
}


def find_article_by_hash(digest: str, *, session: Session) -> Article | None:
    return session.exec(select(Article).where(Article.content_hash == digest)).first()


def save_article(
    extraction: ArticleExtraction, *, origin: str | None, session: Session
) -> tuple[Article, bool]:
    """Store an article and everything extracted from it; returns (article, created).

    The content hash is the natural key: an article whose text is stored already is returned
    as it is (created False) and nothing is written, so a re-run changes nothing.
    """
    parsed = extraction.article
    digest = content_hash(parsed.text)
    existing = find_article_by_hash(digest, session=session)
    if existing is not None:
        return existing, False
    article = _article_row(parsed, digest, origin, session=session)
    session.add(article)
    session.flush()
    _save_credits(article, parsed, session=session)
    for entity in extraction.entities:
        save_entity(entity, session=session)
    claim_rows = [_claim_row(claim, article, session=session) for claim in extraction.claims]
    session.add_all(claim_rows)
    for event in extraction.events:
        row = save_event(event, article, session=session)
        if event.claim is not None and event.claim < len(claim_rows):
            if claim_rows[event.claim].event_id is None:
                claim_rows[event.claim].event_id = row.id
    session.flush()
    return article, True


# Entity kinds an extracted actor is stored as; "unknown" actors are left out.
ACTOR_KINDS = frozenset({"person", "organization", "country", "group", "place"})


def save_entity(record: EntityRecord, *, session: Session) -> Entity:
    """The stored entity for an extracted one, with its aliases and coordinates added.

    Aliases a person added (or a merge moved) are honoured: the lookup goes through them.
    """
    entity = resolve_entity(record.name, record.kind, session=session,
                            description=record.description)
    for alias in record.aliases:
        add_alias_row(entity, alias, session=session)
    if entity.latitude is None and record.latitude is not None:
        entity.latitude, entity.longitude = record.latitude, record.longitude
        session.add(entity)
    return entity


def save_event(event: Event, article: Article, *, session: Session) -> EventRow:
    """Store an extracted event, or add this article's evidence to the stored event it
    corroborates (same actors and month, overlapping dates, similar summary)."""
    from timeline.corroborate import event_fingerprint, find_same_event

    actors = [
        (resolve_entity(actor.name, actor.kind, session=session), actor.role)
        for actor in event.actors if actor.kind in ACTOR_KINDS
    ]
    columns = event.date.as_columns() if event.date else {
        "date_start": None, "date_end": None, "date_precision": "unknown", "date_edtf": None
    }
    fingerprint = event_fingerprint(
        [alias_key(entity.name) for entity, _ in actors], columns["date_start"]
    )
    row = find_same_event(
        fingerprint, summary=event.summary, status=event.status,
        date_start=columns["date_start"], date_end=columns["date_end"], session=session,
    )
    if row is None:
        row = _new_event_row(event, columns, fingerprint, session=session)
    for entity, role in actors:
        _add_participant_row(row, entity, role, session=session)
    _add_evidence_row(row, article, event, session=session)
    return row


def _new_event_row(event: Event, columns: dict, fingerprint: str | None, *,
                   session: Session) -> EventRow:
    location_id = (
        resolve_entity(event.location, "place", session=session).id if event.location else None
    )
    row = EventRow(
        summary=event.summary, status=event.status, date_text=event.date_text,
        date_resolution=event.date_resolution, location_id=location_id,
        fingerprint=fingerprint, created_by="extractor", **columns,
    )
    session.add(row)
    session.flush()
    return row


def _add_participant_row(event: EventRow, entity: Entity, role: str, *, session: Session) -> None:
    existing = session.exec(
        select(EventParticipant).where(
            EventParticipant.event_id == event.id, EventParticipant.entity_id == entity.id,
            EventParticipant.role == role,
        )
    ).first()
    if existing is None:
        session.add(EventParticipant(event_id=event.id, entity_id=entity.id, role=role))
        session.flush()


def _add_evidence_row(event: EventRow, article: Article, extracted: Event, *,
                      session: Session) -> None:
    span = extracted.evidence
    existing = session.exec(
        select(EventEvidence).where(
            EventEvidence.event_id == event.id, EventEvidence.article_id == article.id,
            EventEvidence.start == span.start, EventEvidence.end == span.end,
        )
    ).first()
    if existing is None:
        session.add(EventEvidence(event_id=event.id, article_id=article.id, start=span.start,
                                  end=span.end, excerpt=span.text))
        session.flush()


def _article_row(parsed: ParsedArticle, digest: str, origin: str | None, *,
                 session: Session) -> Article:
    dateline = parsed.dateline
    agency = parsed.agency or (dateline.agency if dateline else None)
    return Article(
        source_id=get_or_create_source(agency, "agency", session=session).id if agency else None,
        collection_id=(
            get_or_create_source(parsed.collection, "collection", session=session).id
            if parsed.collection else None
        ),
        collection_issue=parsed.issue,
        collection_item=parsed.item,
        title=parsed.title.text if parsed.title else None,
        authors="; ".join(parsed.authors) or None,
        dateline=dateline.span.text if dateline else None,
        dateline_places=json.dumps(list(dateline.places)) if dateline and dateline.places
        else None,
        published_on=parsed.date.value.isoformat() if parsed.date else None,
        published_precision=parsed.date.precision if parsed.date else "unknown",
        published_source=parsed.date.source if parsed.date else None,
        text=parsed.text,
        content_hash=digest,
        origin=origin,
    )


def _save_credits(article: Article, parsed: ParsedArticle, *, session: Session) -> None:
    credits = [(name, "author", None) for name in parsed.authors]
    credits += [(c.name, c.role, c.place) for c in parsed.contributors if c.role != "author"]
    seen: set[tuple[str, str]] = set()
    for position, (name, role, place) in enumerate(credits):
        if (name, role) in seen:
            continue
        seen.add((name, role))
        session.add(ArticleCredit(article_id=article.id, name=name, role=role, place=place,
                                  position=position))


def _claim_row(claim: Claim, article: Article, *, session: Session) -> ClaimRow:
    speaker_kind = SPEAKER_ENTITY_KINDS.get(claim.speaker_kind)
    speaker_id = None
    if claim.speaker and speaker_kind:
        speaker_id = resolve_entity(
            claim.speaker, speaker_kind, session=session, description=claim.speaker_description
        ).id
    via_id = get_or_create_source(claim.via, "agency", session=session).id if claim.via else None
    return ClaimRow(
        speaker_id=speaker_id,
        speaker_text=claim.source.text if claim.source else None,
        speaker_description=claim.speaker_description,
        cue=claim.cue.text if claim.cue else None,
        content=claim.content.text,
        kind=claim.kind,
        said_on=claim.said_on,
        said_on_precision=claim.said_on_precision,
        via_id=via_id,
        article_id=article.id,
        start=claim.content.start,
        end=claim.content.end,
        source_start=claim.source.start if claim.source else None,
        source_end=claim.source.end if claim.source else None,
        cue_start=claim.cue.start if claim.cue else None,
        cue_end=claim.cue.end if claim.cue else None,
        pattern=claim.pattern,
        confidence=claim.confidence,
        created_by="extractor",
    )
