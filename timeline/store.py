"""Saving to the database: natural keys and upserts, so that a re-run changes nothing.

Every function takes ``*, session`` and never commits: the caller owns the transaction (one
article, one transaction).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from timeline.errors import NotFoundError, TimelineError
from timeline.gazetteer import unaccented
from timeline.models import (
    ENTITY_KINDS,
    SOURCE_KINDS,
    Entity,
    EntityAlias,
    Source,
    require_id,
)

if TYPE_CHECKING:
    from timeline.extract import ArticleExtraction
    from timeline.writer import WriteCache

_NON_WORD = re.compile(r"[^\w]+")


def content_hash(text: str) -> str:
    """SHA-256 of the text with runs of whitespace folded: the article's natural key.

    The same story saved under another name, or with other line endings, hashes the same.
    """
    # str.split() splits on the characters ``\s`` matches; three times as fast as re.sub.
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=262_144)
def alias_key(name: str) -> str:
    """The folded form names are looked up by: case, accents, dots and punctuation ignored.

    "U.N." and "UN" share a key, as do "Itar-Tass" and "ITAR TASS".
    """
    plain = unaccented(name).replace(".", "").replace("'", "").replace("\u2019", "")
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


def entities_named(name: str, *, session: Session) -> list[Entity]:
    """Entities whose canonical name or any alias folds to the same key as ``name``."""
    key = alias_key(name)
    if not key:
        return []
    statement = (
        select(Entity).join(EntityAlias, EntityAlias.entity_id == Entity.id)  # type: ignore[arg-type]
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
        select(Entity).join(EntityAlias, EntityAlias.entity_id == Entity.id)  # type: ignore[arg-type]
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

    Which existing entity fits is ``choose_entity``'s rule.
    """
    check_choice(kind, ENTITY_KINDS, "entity kind")
    candidates = {e.id: e for e in entities_named(name, session=session)}
    chosen = choose_entity(
        [(e.id, e.name, e.kind) for e in candidates.values()], kind, alias_key(name)  # type: ignore[misc]
    )
    if chosen is not None:
        entity = candidates[chosen[0]]
        if description and not entity.description:
            entity.description = description
            session.add(entity)
        return entity
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


def choose_entity(
    candidates: list[tuple[int, str, str]], kind: str, key: str
) -> tuple[int, str, str] | None:
    """Of the (id, name, kind) entities a name's key finds, the one it refers to, or None.

    An entity of the same kind wins, then one of a compatible kind (an organization for a
    group; a country named outright for a place: "in North Korea"). A capital used as an alias
    of its country ("Pyongyang" for North Korea) does not make the city a country: looked up
    as a place, it gets a place entity of its own.
    """
    for candidate in candidates:
        if candidate[2] == kind:
            return candidate
    for candidate in candidates:
        if _compatible(candidate[1], candidate[2], kind, key):
            return candidate
    return None


def _compatible(name: str, candidate_kind: str, kind: str, key: str) -> bool:
    if kind == "place":
        return candidate_kind == "country" and alias_key(name) == key
    return candidate_kind in COMPATIBLE_KINDS.get(kind, ())


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
    row = EntityAlias(entity_id=require_id(entity), alias=alias, alias_key=key,
                      created_by=created_by)
    session.add(row)
    session.flush()
    return row


def save_article(
    extraction: ArticleExtraction,
    *,
    origin: str | None,
    session: Session,
    cache: WriteCache | None = None,
) -> tuple[int, bool]:
    """Store an article and everything extracted from it; returns (article id, created).

    The content hash is the natural key: an article whose text is stored already is left as
    it is (created False) and nothing is written, so a re-run changes nothing. ``cache`` keeps
    lookups across articles of one ingest (see ``timeline.writer``).
    """
    from timeline.writer import ArticleWriter, prepare

    return ArticleWriter(session.connection(), cache).save(prepare(extraction), origin=origin)
