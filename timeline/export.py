"""Export: the whole timeline as JSON, CSV, or a TimelineJS document.

TimelineJS (https://timeline.knightlab.com/docs/json-format.html) takes dates as year, month and
day parts; only the parts the precision vouches for are written, and ``display_date`` says
"about" or "before" where the date is approximate or open.
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

from sqlmodel import Session

from timeline.display import describe_date
from timeline.errors import TimelineError
from timeline.queries import Filters, list_claims, list_entities, list_events

EXPORT_FORMATS = ("json", "csv", "timelinejs")
EXPORT_LIMIT = 10_000_000
CSV_EVENT_COLUMNS = (
    "id", "date_start", "date_end", "date_precision", "date_edtf", "date_text", "summary",
    "status", "actors", "location", "sources", "confidence", "verified", "created_by",
)


def export_timeline(export_format: str, *, session: Session, filters: Filters | None = None) -> str:
    """The timeline in ``export_format`` (json, csv or timelinejs) as text."""
    filters = filters or Filters(limit=EXPORT_LIMIT)
    if export_format == "json":
        return _as_json(session, filters)
    if export_format == "csv":
        return _as_csv(list_events(filters, session=session))
    if export_format == "timelinejs":
        document = timelinejs_document(list_events(filters, session=session))
        return json.dumps(document, indent=2, ensure_ascii=False)
    raise TimelineError(f"unknown format {export_format!r}: use one of {', '.join(EXPORT_FORMATS)}")


def _as_json(session: Session, filters: Filters) -> str:
    document = {
        "events": list_events(filters, session=session),
        "claims": list_claims(Filters(limit=filters.limit), session=session),
        "entities": list_entities(Filters(limit=filters.limit), session=session),
    }
    return json.dumps(document, indent=2, ensure_ascii=False, default=str)


def _as_csv(events: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_EVENT_COLUMNS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(events)
    return buffer.getvalue()


def timelinejs_date(iso: str, precision: str) -> dict[str, str]:
    """TimelineJS date parts from an ISO date, cut to what ``precision`` vouches for."""
    parts = {"year": str(int(iso[:4]))}
    if precision in ("day", "month"):
        parts["month"] = str(int(iso[5:7]))
    if precision == "day":
        parts["day"] = str(int(iso[8:10]))
    return parts


def timelinejs_slide(event: dict[str, Any]) -> dict[str, Any] | None:
    """One event as a TimelineJS slide; None when it has no date at all to place it by."""
    start, end = event.get("date_start"), event.get("date_end")
    anchor = start or end
    if not anchor:
        return None
    precision = event.get("date_precision") or "unknown"
    slide: dict[str, Any] = {
        "unique_id": f"event-{event['id']}",
        "start_date": timelinejs_date(anchor, precision),
        "display_date": describe_date(start, end, precision, event.get("date_edtf")),
        "text": {"headline": event["summary"], "text": _slide_text(event)},
        "group": event.get("status") or "occurred",
    }
    if start and end and end != start and precision in ("day", "month", "year", "decade",
                                                          "century"):
        slide["end_date"] = timelinejs_date(end, precision)
    return slide


def _slide_text(event: dict[str, Any]) -> str:
    details = []
    if event.get("actors"):
        details.append(f"Actors: {event['actors']}")
    if event.get("location"):
        details.append(f"Place: {event['location']}")
    if event.get("sources"):
        details.append(f"Sources: {event['sources']}")
    return "<br>".join(html.escape(detail, quote=False) for detail in details)


def timelinejs_document(events: list[dict[str, Any]]) -> dict[str, Any]:
    """A TimelineJS JSON document of the dated events (undated ones cannot be placed)."""
    slides = [slide for slide in map(timelinejs_slide, events) if slide is not None]
    return {
        "title": {"text": {"headline": "Timeline", "text": f"{len(slides)} dated events"}},
        "events": slides,
    }
