"""The extraction pipeline over one parsed article: tag dates, then claims, entities, events.

Everything here is pure: an article in, records with spans into ``article.text`` out.
``extraction_record`` turns the result into the JSON object of ``timeline extract``
(CONTRACT.md), with offsets into the text the article was cut from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from timeline.articles import ParsedArticle
from timeline.extract.claims import Claim, extract_claims, find_quotations
from timeline.extract.entities import Entity, EntityMention, extract_entities, find_entity_mentions
from timeline.extract.events import Event, extract_events
from timeline.extract.timex import Timex, tag_timexes
from timeline.gazetteer import default_gazetteer, fold
from timeline.spans import Span


@dataclass(frozen=True)
class ArticleExtraction:
    """What was found in one article; spans are offsets into ``article.text``."""

    article: ParsedArticle
    timexes: tuple[Timex, ...]
    claims: tuple[Claim, ...]
    mentions: tuple[EntityMention, ...] = ()
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()


def extract_article(article: ParsedArticle) -> ArticleExtraction:
    """Run every extractor over the article's story text (chrome set aside)."""
    dct = article.date.value if article.date else None
    timexes = tuple(
        t for t in tag_timexes(article.text, dct) if not _inside_any(t.span, article.chrome)
    )
    # Claims and events both read the quotations: found once, here.
    quotes = find_quotations(article.text)
    claims = tuple(
        extract_claims(article.text, dct=dct, timexes=timexes, skip=article.chrome,
                       quotes=quotes)
    )
    dateline_spans = (article.dateline.span,) if article.dateline else ()
    mentions = tuple(
        find_entity_mentions(article.text, skip=article.chrome, places=dateline_spans)
    )
    entities = extract_entities(article.text, mentions=mentions)
    claims = speakers_as_entities(claims, entities)
    events = tuple(
        extract_events(
            article.text, dct=dct, timexes=timexes, mentions=mentions, claims=claims,
            skip=(*article.chrome, *dateline_spans), dateline_place=dateline_place(article),
            quotes=quotes,
        )
    )
    return ArticleExtraction(article=article, timexes=timexes, claims=claims,
                             mentions=mentions, entities=entities, events=events)


# Entity kinds a claim's speaker may be rewritten to.
SPEAKER_KINDS = frozenset({"person", "organization", "country", "group"})


def speakers_as_entities(
    claims: tuple[Claim, ...], entities: tuple[Entity, ...]
) -> tuple[Claim, ...]:
    """The claims with each speaker named as the article's entity that went under that name
    ("Airbus" said -> the organization Airbus, "Washington" -> United States), so a speaker
    and an actor are one entity, not two under different kinds or spellings."""
    by_alias = {fold(alias): entity for entity in entities if entity.kind in SPEAKER_KINDS
                for alias in entity.aliases}
    rewritten = []
    for claim in claims:
        entity = by_alias.get(fold(claim.speaker)) if claim.speaker else None
        if entity is not None and (entity.name, entity.kind) != (claim.speaker,
                                                                   claim.speaker_kind):
            claim = replace(claim, speaker=entity.name, speaker_kind=entity.kind)
        rewritten.append(claim)
    return tuple(rewritten)


def dateline_place(article: ParsedArticle) -> str | None:
    """The first dateline place as the gazetteer names it ("SEOUL" -> "Seoul"), the place
    ending it when a byline ran into it, else as written (None when only a byline is left)."""
    if article.dateline is None or not article.dateline.places:
        return None
    written = article.dateline.places[0].title()
    words = written.split()
    # "By Lewis Krauskopf New York": a byline run into the dateline; the place ends it.
    for first in range(len(words)):
        place = default_gazetteer().place(" ".join(words[first:]))
        if place is not None:
            return place.name
    return None if words[0] == "By" else written


def _inside_any(span: Span, regions: tuple[Span, ...]) -> bool:
    return any(region.start <= span.start and span.end <= region.end for region in regions)


def article_record(article: ParsedArticle) -> dict[str, Any]:
    """The ``article`` object of the extraction JSON."""
    dateline = article.dateline
    return {
        "title": article.title.text if article.title else None,
        "authors": list(article.authors),
        "contributors": [
            {"name": c.name, "role": c.role, "place": c.place} for c in article.contributors
        ],
        "dateline": {
            "places": list(dateline.places) if dateline else [],
            "agency": (dateline.agency if dateline else None) or article.agency,
            "text": dateline.span.text if dateline else None,
        },
        "collection": article.collection,
        "issue": article.issue,
        "item": article.item,
        "date": article.date.value.isoformat() if article.date else None,
        "date_precision": article.date.precision if article.date else "unknown",
        "date_source": article.date.source if article.date else None,
    }


def _shift(span_dict: dict[str, Any] | None, offset: int) -> dict[str, Any] | None:
    if span_dict is None or offset == 0:
        return span_dict
    return {**span_dict, "start": span_dict["start"] + offset, "end": span_dict["end"] + offset}


def extraction_record(doc_id: str, extraction: ArticleExtraction) -> dict[str, Any]:
    """The CONTRACT's JSON object for one article, offsets into the text it was cut from."""
    offset = extraction.article.start
    timexes = [_shift(t.as_dict(), offset) for t in extraction.timexes]
    claims = []
    for claim in extraction.claims:
        record = claim.as_dict()
        for key in ("source", "cue", "content"):
            record[key] = _shift(record[key], offset)
        claims.append(record)
    return {
        "doc_id": doc_id,
        "article": article_record(extraction.article),
        "timexes": timexes,
        "claims": claims,
        "events": [
            {**event.as_dict(), "evidence": _shift(event.evidence.as_dict(), offset)}
            for event in extraction.events
        ],
        "entities": [entity.as_dict() for entity in extraction.entities],
    }
