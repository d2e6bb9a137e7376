"""Input shapes for curation, kept apart from the stored tables in ``models.py``.

They are what a person (through the CLI) or a script hands to ``curate``; the library checks
them and turns them into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from timeline.dates import DateInterval

MANUAL_CREATOR = "person"


@dataclass(frozen=True)
class ActorRef:
    """An entity taking part in an event, by name or id, with its role."""

    name: str
    role: str = "participant"


@dataclass(frozen=True)
class EventCreate:
    summary: str
    date: DateInterval | None = None
    date_text: str | None = None
    actors: tuple[ActorRef, ...] = ()
    location: str | None = None
    status: str = "occurred"
    article_id: int | None = None
    evidence_text: str | None = None
    confidence: float = 1.0
    verified: bool = True
    created_by: str = MANUAL_CREATOR


@dataclass(frozen=True)
class ClaimCreate:
    speaker: str | None
    content: str
    cue: str | None = None
    kind: str = "indirect"
    said_on: DateInterval | None = None
    via: str | None = None
    article_id: int | None = None
    event_id: int | None = None
    speaker_description: str | None = None
    confidence: float = 1.0
    verified: bool = True
    created_by: str = MANUAL_CREATOR


@dataclass(frozen=True)
class EntityCreate:
    name: str
    kind: str
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    wikidata_id: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    created_by: str = MANUAL_CREATOR
