"""Curation by hand: add, edit, delete and merge records.

Each function takes ``*, session`` and leaves the commit to the caller. Errors a person can
cause raise TimelineError subclasses whose message says what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, select

from timeline.dates import DateInterval
from timeline.errors import NotFoundError, TimelineError
from timeline.models import (
    CLAIM_KINDS,
    ENTITY_KINDS,
    EVENT_STATUSES,
    PARTICIPANT_ROLES,
    SOURCE_KINDS,
    Article,
    Claim,
    Entity,
    EntityAlias,
    EntityMerge,
    Event,
    EventEvidence,
    EventParticipant,
    Source,
    require_id,
)
from timeline.schemas import ActorRef, ClaimCreate, EntityCreate, EventCreate
from timeline.store import (
    add_alias_row,
    check_choice,
    entities_named,
    find_actor,
    find_entity,
    get_or_create_source,
    resolve_entity,
)


def get_row(model: type, row_id: int, *, session: Session) -> Any:
    """The row of ``model`` with ``row_id``; raises NotFoundError naming the table."""
    row = session.get(model, row_id)
    if row is None:
        table = model.__tablename__  # type: ignore[attr-defined]
        noun = table.rstrip("s")
        raise NotFoundError(f"no {noun} with id {row_id}: see `timeline list {table}`")
    return row


def add_source(name: str, kind: str, *, session: Session, url: str | None = None) -> Source:
    """A new source; raises TimelineError when one of that name exists."""
    check_choice(kind, SOURCE_KINDS, "source kind")
    if session.exec(select(Source).where(Source.name == name)).first() is not None:
        raise TimelineError(f"source {name!r} exists already")
    source = Source(name=name, kind=kind, url=url)
    session.add(source)
    session.flush()
    return source


def add_entity(spec: EntityCreate, *, session: Session) -> Entity:
    """A new entity with its aliases; raises TimelineError when the name is taken for that kind."""
    check_choice(spec.kind, ENTITY_KINDS, "entity kind")
    if not spec.name.strip():
        raise TimelineError("an entity needs a name: pass a non-empty NAME")
    taken = [e for e in entities_named(spec.name, session=session) if e.kind == spec.kind]
    if taken:
        raise TimelineError(
            f"{spec.kind} {spec.name!r} exists already as entity {taken[0].id}: "
            "use `timeline edit entity` or `timeline add alias`"
        )
    entity = Entity(
        name=spec.name.strip(),
        kind=spec.kind,
        description=spec.description,
        latitude=spec.latitude,
        longitude=spec.longitude,
        wikidata_id=spec.wikidata_id,
        created_by=spec.created_by,
    )
    session.add(entity)
    session.flush()
    for alias in (entity.name, *spec.aliases):
        add_alias_row(entity, alias, session=session, created_by=spec.created_by)
    return entity


def add_alias(reference: str, alias: str, *, session: Session) -> EntityAlias:
    """Give the entity ``reference`` (id or name) another name; raises when it has it already."""
    entity = find_entity(reference, session=session)
    row = add_alias_row(entity, alias, session=session, created_by="person")
    if row is None:
        raise TimelineError(f"{entity.name!r} already has the alias {alias!r}")
    return row


def add_event(spec: EventCreate, *, session: Session) -> Event:
    """A new event with its participants, location and evidence."""
    if not spec.summary.strip():
        raise TimelineError("an event needs a summary: pass --summary TEXT")
    _check_event_fields(status=spec.status, confidence=spec.confidence)
    event = Event(
        summary=spec.summary.strip(),
        status=spec.status,
        date_text=spec.date_text,
        date_resolution="manual" if spec.date else None,
        confidence=spec.confidence,
        verified=spec.verified,
        created_by=spec.created_by,
        **_date_columns(spec.date),
    )
    if spec.location:
        event.location_id = resolve_entity(
            spec.location, "place", session=session, created_by=spec.created_by
        ).id
    session.add(event)
    session.flush()
    for actor in spec.actors:
        add_participant(event, actor, session=session, created_by=spec.created_by)
    if spec.article_id is not None:
        add_evidence(event, spec.article_id, spec.evidence_text, session=session)
    return event


def _date_columns(date: DateInterval | None) -> dict[str, Any]:
    if date is None:
        return {"date_start": None, "date_end": None, "date_precision": "unknown",
                "date_edtf": None}
    return date.as_columns()


def _check_event_fields(**fields: Any) -> None:
    if "summary" in fields and fields["summary"] is not None and not fields["summary"].strip():
        raise TimelineError("an event needs a summary: pass --summary TEXT")
    if fields.get("status") is not None:
        check_choice(fields["status"], EVENT_STATUSES, "status")
    confidence = fields.get("confidence")
    if confidence is not None and not 0.0 <= confidence <= 1.0:
        raise TimelineError(f"confidence {confidence} is outside 0..1")


def add_participant(
    event: Event, actor: ActorRef, *, session: Session, created_by: str = "person"
) -> EventParticipant:
    """Link an entity (found by id or name, else created as an organization) to ``event``."""
    check_choice(actor.role, PARTICIPANT_ROLES, "role")
    try:
        entity = find_actor(actor.name, session=session)
    except NotFoundError:
        if actor.name.isdigit():
            raise
        entity = resolve_entity(actor.name, guess_entity_kind(actor.name), session=session,
                                created_by=created_by)
    existing = session.exec(
        select(EventParticipant).where(
            EventParticipant.event_id == event.id,
            EventParticipant.entity_id == entity.id,
            EventParticipant.role == actor.role,
        )
    ).first()
    if existing is not None:
        return existing
    row = EventParticipant(event_id=require_id(event), entity_id=require_id(entity),
                           role=actor.role)
    session.add(row)
    session.flush()
    return row


def guess_entity_kind(name: str) -> str:
    """The kind a new entity named only by ``name`` most likely has (organization when unsure)."""
    from timeline.extract.names import classify_name

    kind = classify_name(name)
    return kind if kind in ENTITY_KINDS else "organization"


def add_evidence(
    event: Event, article_id: int, passage: str | None, *, session: Session
) -> EventEvidence:
    """Record that ``article_id`` carries ``event``, at ``passage`` when given (it must occur in
    the article's text; the whole article is cited otherwise)."""
    article = get_row(Article, article_id, session=session)
    start, end, excerpt = 0, 0, ""
    if passage:
        start = article.text.find(passage)
        if start < 0:
            raise TimelineError(
                f"the evidence text does not occur in article {article_id}: copy it exactly"
            )
        end, excerpt = start + len(passage), passage
    row = EventEvidence(event_id=require_id(event), article_id=require_id(article), start=start,
                        end=end, excerpt=excerpt)
    session.add(row)
    session.flush()
    return row


def add_claim(spec: ClaimCreate, *, session: Session) -> Claim:
    """A new claim; the speaker and outlet are found or created, the content located in the
    article when an article is given."""
    if not spec.content.strip():
        raise TimelineError("a claim needs content: pass --content TEXT")
    check_choice(spec.kind, CLAIM_KINDS, "claim kind")
    claim = Claim(
        speaker_text=spec.speaker,
        speaker_description=spec.speaker_description,
        cue=spec.cue,
        content=spec.content.strip(),
        kind=spec.kind,
        confidence=spec.confidence,
        verified=spec.verified,
        created_by=spec.created_by,
        **_said_on_columns(spec.said_on),
    )
    if spec.speaker:
        claim.speaker_id = _speaker_entity(spec.speaker, session=session,
                                           created_by=spec.created_by).id
    if spec.via:
        claim.via_id = get_or_create_source(spec.via, "agency", session=session).id
    if spec.event_id is not None:
        claim.event_id = get_row(Event, spec.event_id, session=session).id
    if spec.article_id is not None:
        article = get_row(Article, spec.article_id, session=session)
        claim.article_id = article.id
        start = article.text.find(claim.content)
        if start >= 0:
            claim.start, claim.end = start, start + len(claim.content)
    session.add(claim)
    session.flush()
    return claim


def _speaker_entity(name: str, *, session: Session, created_by: str) -> Entity:
    try:
        return find_entity(name, session=session)
    except NotFoundError:
        if name.isdigit():
            raise
        return resolve_entity(name, "person", session=session, created_by=created_by)


def _said_on_columns(said_on: DateInterval | None) -> dict[str, Any]:
    if said_on is None:
        return {"said_on": None, "said_on_precision": "unknown"}
    anchor = said_on.start or said_on.end
    return {
        "said_on": anchor.isoformat() if anchor else None,
        "said_on_precision": said_on.precision if anchor else "unknown",
    }


EVENT_EDITABLE = ("summary", "status", "confidence", "verified")
CLAIM_EDITABLE = ("content", "cue", "kind", "confidence", "verified", "speaker_description")
ENTITY_EDITABLE = ("name", "kind", "description", "latitude", "longitude", "wikidata_id")


def edit_event(
    event_id: int,
    changes: Mapping[str, Any],
    *,
    session: Session,
    date: DateInterval | None = None,
    date_text: str | None = None,
    location: str | None = None,
    actors: tuple[ActorRef, ...] | None = None,
) -> Event:
    """Change the given fields of an event; raises NotFoundError or TimelineError."""
    event = get_row(Event, event_id, session=session)
    _check_event_fields(**changes)
    _apply(event, changes, EVENT_EDITABLE)
    if date is not None:
        for column, value in date.as_columns().items():
            setattr(event, column, value)
        event.date_text = date_text
        event.date_resolution = "manual"
    if location is not None:
        event.location_id = (
            resolve_entity(location, "place", session=session, created_by="person").id
            if location else None
        )
    if actors is not None:
        for participant in session.exec(
            select(EventParticipant).where(EventParticipant.event_id == event.id)
        ):
            session.delete(participant)
        session.flush()
        for actor in actors:
            add_participant(event, actor, session=session)
    session.add(event)
    session.flush()
    return event


def edit_claim(
    claim_id: int,
    changes: Mapping[str, Any],
    *,
    session: Session,
    speaker: str | None = None,
    via: str | None = None,
    said_on: DateInterval | None = None,
    event_id: int | None = None,
) -> Claim:
    """Change the given fields of a claim; raises NotFoundError or TimelineError."""
    claim = get_row(Claim, claim_id, session=session)
    if "kind" in changes and changes["kind"] is not None:
        check_choice(changes["kind"], CLAIM_KINDS, "claim kind")
    _apply(claim, changes, CLAIM_EDITABLE)
    if speaker is not None:
        claim.speaker_text = speaker
        claim.speaker_id = _speaker_entity(speaker, session=session, created_by="person").id
    if via is not None:
        claim.via_id = get_or_create_source(via, "agency", session=session).id if via else None
    if said_on is not None:
        for column, value in _said_on_columns(said_on).items():
            setattr(claim, column, value)
    if event_id is not None:
        claim.event_id = get_row(Event, event_id, session=session).id
    session.add(claim)
    session.flush()
    return claim


def edit_entity(reference: str, changes: Mapping[str, Any], *, session: Session) -> Entity:
    """Change the given fields of an entity (found by id or name)."""
    entity = find_entity(reference, session=session)
    if changes.get("kind") is not None:
        check_choice(changes["kind"], ENTITY_KINDS, "entity kind")
    _apply(entity, changes, ENTITY_EDITABLE)
    if changes.get("name"):
        add_alias_row(entity, changes["name"], session=session, created_by="person")
    session.add(entity)
    session.flush()
    return entity


def _apply(row: Any, changes: Mapping[str, Any], editable: tuple[str, ...]) -> None:
    for column, value in changes.items():
        if value is None:
            continue
        if column not in editable:
            raise TimelineError(f"{column} cannot be edited here: use one of {', '.join(editable)}")
        setattr(row, column, value)
    if hasattr(row, "verified") and changes.get("verified") is None:
        # A person has looked at the record and corrected it: that is what verified means.
        row.verified = True


def delete_row(model: type, row_id: int, *, session: Session) -> None:
    """Delete the row; participants, evidence and aliases go with it (foreign-key cascade)."""
    row = get_row(model, row_id, session=session)
    session.delete(row)
    session.flush()


def merge_entities(
    merged_reference: str, into_reference: str, *, session: Session, merged_by: str | None = None
) -> EntityMerge:
    """Fold entity A into entity B: A's aliases (its own name included), participations, claims
    and event locations move to B, the merge is recorded, A is removed. Later ingests find B
    under every name A had."""
    merged = find_entity(merged_reference, session=session)
    into = find_entity(into_reference, session=session)
    if merged.id == into.id:
        raise TimelineError(f"{merged.name!r} and {into.name!r} are the same entity already")
    for alias in list(session.exec(select(EntityAlias).where(EntityAlias.entity_id == merged.id))):
        add_alias_row(into, alias.alias, session=session, created_by=alias.created_by)
    _move_participants(merged, into, session=session)
    for claim in session.exec(select(Claim).where(Claim.speaker_id == merged.id)):
        claim.speaker_id = into.id
        session.add(claim)
    for event in session.exec(select(Event).where(Event.location_id == merged.id)):
        event.location_id = into.id
        session.add(event)
    if not into.description and merged.description:
        into.description = merged.description
    record = EntityMerge(
        merged_name=merged.name, merged_kind=merged.kind, merged_entity_id=merged.id or 0,
        into_entity_id=into.id, merged_by=merged_by,
    )
    session.add(record)
    session.flush()
    session.delete(merged)
    session.flush()
    return record


def _move_participants(merged: Entity, into: Entity, *, session: Session) -> None:
    taken = {
        (p.event_id, p.role)
        for p in session.exec(select(EventParticipant).where(EventParticipant.entity_id == into.id))
    }
    for participant in list(
        session.exec(select(EventParticipant).where(EventParticipant.entity_id == merged.id))
    ):
        if (participant.event_id, participant.role) in taken:
            session.delete(participant)
        else:
            participant.entity_id = require_id(into)
            session.add(participant)
    session.flush()
