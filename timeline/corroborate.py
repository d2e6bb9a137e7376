"""Corroboration: two articles reporting the same event make one event with two evidence rows.

Machine-coded event data counts reports, not events, when it merges records only on exact
equality of every field. Here an event found in a new article is matched against stored
events through an indexed blocking key, ``events.fingerprint`` (the folded set of actor
names and the month the event starts in), and then accepted as the same event when the dates
overlap and the summaries share enough words. Only events in the same block are compared, so
the cost per new event does not grow with the size of the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol, TypeVar

# Share of content words two summaries must have in common (Jaccard) to be one event.
MIN_SUMMARY_OVERLAP = 0.3
# Words that carry no meaning of their own when comparing summaries.
STOP_WORDS = frozenset(
    """
    a an the of to in on at for with by from and or but as is are was were be been has have
    had its it his her their this that which who will would could may might said says on
    """.split()
)
WORD = re.compile(r"[a-z0-9]+")
UNDATED_BUCKET = "undated"
# A story telling an event and another attributing it to a source report the same thing.
STATUS_FAMILY = {"occurred": "past", "reported": "past"}


def event_fingerprint(actor_keys: Iterable[str], date_start: str | None) -> str | None:
    """The blocking key of an event: sorted folded actor names and the start month.

    Takes the actors' folded names (``store.alias_key``) and the ISO start date; returns
    None when the event has no actor (such events are never merged: nothing says who).
    """
    keys = sorted({key for key in actor_keys if key})
    if not keys:
        return None
    bucket = date_start[:7] if date_start else UNDATED_BUCKET
    return f"{'|'.join(keys)}@{bucket}"


def summary_words(summary: str) -> frozenset[str]:
    """The content words of a summary, lowercased, with a crude plural fold."""
    words = WORD.findall(summary.lower())
    return frozenset(word.rstrip("s") for word in words if word not in STOP_WORDS)


def summary_overlap(first: str, second: str) -> float:
    """Jaccard overlap of the content words of two summaries, 0..1."""
    a, b = summary_words(first), summary_words(second)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class StoredEvent(Protocol):
    """What corroboration reads of a stored event (an ``Event`` row or a lighter record)."""

    summary: str
    status: str
    date_start: str | None
    date_end: str | None


def dates_compatible(first: StoredEvent, start: str | None, end: str | None) -> bool:
    """Whether a stored event's dates and the interval ``start``..``end`` can be one time."""
    if first.date_start is None and first.date_end is None:
        return start is None and end is None
    lower = max(first.date_start or "0000", start or "0000")
    upper = min(first.date_end or "9999", end or "9999")
    return lower <= upper


StoredT = TypeVar("StoredT", bound=StoredEvent)


def pick_same_event(
    candidates: Iterable[StoredT],
    *,
    summary: str,
    status: str,
    date_start: str | None,
    date_end: str | None,
) -> StoredT | None:
    """The candidate (events sharing the new one's fingerprint) that the new event reports
    again: same status family, overlapping dates, and the summary overlapping most, at least
    MIN_SUMMARY_OVERLAP. None when no candidate qualifies."""
    best, best_score = None, MIN_SUMMARY_OVERLAP
    for candidate in candidates:
        same_status = STATUS_FAMILY.get(candidate.status, candidate.status) == \
            STATUS_FAMILY.get(status, status)
        if not same_status or not dates_compatible(candidate, date_start, date_end):
            continue
        score = summary_overlap(candidate.summary, summary)
        if score >= best_score:
            best, best_score = candidate, score
    return best
