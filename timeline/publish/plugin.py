"""The Datasette plugin: a timeline page at ``/-/timeline``, evidence in context on row pages.

Registered through the ``datasette`` entry point, so ``timeline serve`` and a plain
``datasette timeline.db`` both load it. The page reads three streams in date order -- dated
events, events with only an end date ("before Jan 2003"), and statements not tied to an event
-- each through an index, and merges them with a keyset cursor so that paging costs the same on
the first page and the thousandth. Every value reaches the page through Jinja autoescaping or
``tojson``; the page's script builds popups with ``textContent``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import sqlite_timelimit
from datasette.utils.asgi import Response, asgi_static
from jinja2 import ChoiceLoader, FileSystemLoader

from timeline.display import describe_date
from timeline.errors import InputError
from timeline.models import EVENT_STATUSES
from timeline.store import alias_key

PLUGIN_ROOT = Path(__file__).resolve().parent
TEMPLATES_DIR = PLUGIN_ROOT / "templates"
STATIC_DIR = PLUGIN_ROOT / "static"
PAGE_PATH = "/-/timeline"
STATIC_PATH = "/-/timeline/static"
DEFAULT_PAGE_SIZE = 50
# Bigger pages are capped, not refused: a reader who asks for 10,000 still gets a fast page.
MAX_PAGE_SIZE = 200
# Claims nested under the events of one page; a heavily quoted event does not swamp the page.
MAX_CLAIMS_PER_EVENT = 20
# Evidence passages on a row page: characters of article text shown either side of the span.
CONTEXT_CHARS = 400
MAX_EVIDENCE_PASSAGES = 20
# The page's own queries stop here even when Datasette's sql_time_limit_ms is more generous.
QUERY_TIME_LIMIT_MS = 2000
SHOW_CHOICES = ("all", "events")
# An entity in more events than this is read by walking the date index and testing each event:
# its first page turns up quickly. A rarer one is cheaper to fetch whole and sort.
POPULAR_ENTITY_EVENTS = 2000
# Sort rank within one day: events first, then the statements of that day.
EVENT_RANK, CLAIM_RANK = 0, 1
_DATE_BOUND = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_FTS_WORD = re.compile(r"\w+", re.UNICODE)
# Cursor values only ever reach SQL as bound parameters; the pattern keeps links short and sane.
_CURSOR = re.compile(r"^([0-9T:+.-]{4,32})~([01])~([0-9T:+.-]{0,32})~(\d{1,18})$")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


# --- what the reader asked for -----------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: the sort key of the last item of the page before."""

    sort_date: str
    rank: int
    tiebreak: str
    row_id: int

    def encode(self) -> str:
        return f"{self.sort_date}~{self.rank}~{self.tiebreak}~{self.row_id}"


@dataclass(frozen=True)
class TimelineFilters:
    """The filters of one timeline page, as read from its URL."""

    entity: str = ""
    date_from: str = ""
    date_to: str = ""
    status: str = ""
    text: str = ""
    show: str = "all"
    size: int = DEFAULT_PAGE_SIZE
    after: Cursor | None = None

    def query_string(self, **changes: Any) -> str:
        """The URL query for these filters with ``changes`` applied; defaults are left out."""
        chosen = replace(self, **changes)
        pairs = [
            ("entity", chosen.entity), ("from", chosen.date_from), ("to", chosen.date_to),
            ("status", chosen.status), ("q", chosen.text),
            ("show", "" if chosen.show == "all" else chosen.show),
            ("size", "" if chosen.size == DEFAULT_PAGE_SIZE else str(chosen.size)),
            ("after", chosen.after.encode() if chosen.after else ""),
        ]
        return urlencode([(name, value) for name, value in pairs if value])


def parse_filters(arguments: dict[str, str]) -> tuple[TimelineFilters, list[str], list[str]]:
    """Filters from URL arguments, the problems found in them, and notices, in words.

    Takes a mapping of query-string names to values. A filter that cannot be read is a problem:
    the page shows nothing rather than something the reader did not ask for. A page size beyond
    MAX_PAGE_SIZE is capped, with a notice.
    """
    problems: list[str] = []
    notices: list[str] = []
    date_from, date_to = _read_range(arguments, problems)
    status = arguments.get("status", "").strip()
    if status and status not in EVENT_STATUSES:
        problems.append(f"Unknown status {status!r}: choose one of {', '.join(EVENT_STATUSES)}.")
    show = arguments.get("show", "all").strip() or "all"
    if show not in SHOW_CHOICES:
        problems.append(f"Unknown choice show={show!r}: use 'all' or 'events'.")
    size = _read_size(arguments.get("size", ""), problems, notices)
    after = _read_cursor(arguments.get("after", ""), problems)
    filters = TimelineFilters(
        entity=arguments.get("entity", "").strip(), date_from=date_from, date_to=date_to,
        status=status, text=arguments.get("q", "").strip(), show=show, size=size, after=after,
    )
    return filters, problems, notices


def date_bounds(text: str) -> tuple[str, str]:
    """The first and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as ISO strings.

    Raises InputError naming the accepted forms when ``text`` is none of them or no real date.
    """
    match = _DATE_BOUND.match(text.strip())
    if match is None:
        raise InputError(f"Could not read the date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD.")
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if day is not None:
            exact = date(year, int(month), int(day)).isoformat()
            return exact, exact
        if month is not None:
            first = date(year, int(month), 1)
            following = date(year + (first.month == 12), first.month % 12 + 1, 1)
            return first.isoformat(), date.fromordinal(following.toordinal() - 1).isoformat()
    except ValueError:
        raise InputError(f"{text!r} is not a date on the calendar.") from None
    if year < 1:
        raise InputError(f"{text!r} is not a date on the calendar.")
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def _read_range(arguments: dict[str, str], problems: list[str]) -> tuple[str, str]:
    bounds = []
    for name, pick in (("from", 0), ("to", 1)):
        raw = arguments.get(name, "").strip()
        if not raw:
            bounds.append("")
            continue
        try:
            bounds.append(date_bounds(raw)[pick])
        except InputError as error:
            problems.append(f"{name}: {error}")
            bounds.append("")
    if bounds[0] and bounds[1] and bounds[0] > bounds[1]:
        problems.append(f"The range ends ({bounds[1]}) before it starts ({bounds[0]}).")
    return bounds[0], bounds[1]


def _read_size(raw: str, problems: list[str], notices: list[str]) -> int:
    raw = raw.strip()
    if not raw:
        return DEFAULT_PAGE_SIZE
    if not raw.isdigit() or int(raw[:12]) < 1:
        problems.append(f"Page size {raw[:20]!r} is not a positive whole number.")
        return DEFAULT_PAGE_SIZE
    # Only the leading digits are read: a thousand-digit size is simply large.
    if len(raw) > 6 or int(raw) > MAX_PAGE_SIZE:
        notices.append(f"Page size capped at {MAX_PAGE_SIZE} (asked for {raw[:20]}).")
        return MAX_PAGE_SIZE
    return int(raw)


def _read_cursor(raw: str, problems: list[str]) -> Cursor | None:
    if not raw:
        return None
    match = _CURSOR.match(raw)
    if match is None:
        problems.append("The page link is damaged: start again from the first page.")
        return None
    return Cursor(match[1], int(match[2]), match[3], int(match[4]))


def fts_phrase(text: str) -> str:
    """A full-text query matching every word of ``text``; FTS5 syntax in it is not obeyed."""
    return " ".join(f'"{word}"' for word in _FTS_WORD.findall(text))


# --- what the page shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemClaim:
    """A statement as the timeline shows it."""

    id: int
    speaker: str
    cue: str
    content: str
    kind: str
    via: str | None
    said: str
    article_id: int | None
    event_id: int | None


@dataclass(frozen=True)
class TimelineItem:
    """One entry of the timeline: an event, or a statement not tied to an event."""

    kind: str  # "event" or "claim"
    id: int
    cursor: Cursor
    date_words: str
    precision: str
    summary: str = ""
    status: str = "occurred"
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    actors: tuple[str, ...] = ()
    sources: int = 0
    first_article_id: int | None = None
    claims: tuple[ItemClaim, ...] = ()
    claim: ItemClaim | None = None
    date_end: str | None = None

    @property
    def within_one_year(self) -> bool:
        return not self.date_end or self.date_end[:4] == self.cursor.sort_date[:4]

    @property
    def group(self) -> tuple[str, str]:
        """(year heading, month heading) the item is listed under."""
        year = self.cursor.sort_date[:4]
        if self.precision in ("day", "month"):
            return year.lstrip("0") or "0", MONTH_NAMES[int(self.cursor.sort_date[5:7]) - 1]
        if self.precision == "year" and self.within_one_year:
            return year.lstrip("0") or "0", "Month not known"
        return self.date_words[:1].upper() + self.date_words[1:], ""


@dataclass
class TimelinePage:
    """The items of one page in date order, and what the reader needs to move on."""

    items: list[TimelineItem] = field(default_factory=list)
    next_cursor: Cursor | None = None
    entity_names: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)

    def grouped(self) -> list[tuple[str, list[tuple[str, list[TimelineItem]]]]]:
        """Items under year headings and, within a year, month headings, in page order."""
        years: list[tuple[str, list[tuple[str, list[TimelineItem]]]]] = []
        for item in self.items:
            year, month = item.group
            if not years or years[-1][0] != year:
                years.append((year, []))
            months = years[-1][1]
            if not months or months[-1][0] != month:
                months.append((month, []))
            months[-1][1].append(item)
        return years

    def map_points(self, row_url) -> list[dict[str, Any]]:
        """Located events of the page as plain values for the map script."""
        return [
            {"lat": item.latitude, "lon": item.longitude, "place": item.place,
             "date": item.date_words, "summary": item.summary, "url": row_url(item.id)}
            for item in self.items
            if item.kind == "event" and item.latitude is not None and item.longitude is not None
        ]


# --- reading the page from the database -----------------------------------------------------


def read_timeline_page(connection: sqlite3.Connection, filters: TimelineFilters) -> TimelinePage:
    """One page of the timeline for ``filters`` from a SQLite connection to the database.

    Returns an empty page carrying a problem when the entity is unknown; raises
    sqlite3.OperationalError when a query is interrupted by the time limit.
    """
    page = TimelinePage()
    entity_ids: list[int] = []
    if filters.entity:
        entity_ids, page.entity_names = _resolve_entity(connection, filters.entity)
        if not entity_ids:
            page.problems.append(
                f"No entity called {filters.entity!r}: try a name or alias from the entities "
                "table."
            )
            return page
    if filters.text and not fts_phrase(filters.text):
        page.problems.append(f"Nothing to search for in {filters.text!r}: give a word.")
        return page
    limit = filters.size + 1
    walk_dates = bool(entity_ids) and \
        _entity_event_count(connection, entity_ids) > POPULAR_ENTITY_EVENTS
    candidates = _dated_events(connection, filters, entity_ids, limit, walk_dates=walk_dates)
    candidates += _end_dated_events(connection, filters, entity_ids, limit)
    if filters.show == "all" and not filters.status:
        candidates += _loose_claims(connection, filters, entity_ids, limit)
    candidates.sort(key=lambda row: _sort_key(row["cursor"]))
    chosen = candidates[: filters.size]
    if len(candidates) > filters.size:
        page.next_cursor = chosen[-1]["cursor"]
    page.items = _complete_items(connection, chosen)
    return page


def _sort_key(cursor: Cursor) -> tuple[str, int, str, int]:
    return cursor.sort_date, cursor.rank, cursor.tiebreak, cursor.row_id


def _resolve_entity(connection: sqlite3.Connection, name: str) -> tuple[list[int], tuple[str, ...]]:
    rows = connection.execute(
        "select e.id, e.name from entities e where e.id in ("
        "select entity_id from entity_aliases where alias_key = ? "
        "union select id from entities where name = ?) order by e.id",
        (alias_key(name), name.strip()),
    ).fetchall()
    return [row[0] for row in rows], tuple(dict.fromkeys(row[1] for row in rows))


def _entity_event_count(connection: sqlite3.Connection, entity_ids: Sequence[int]) -> int:
    marks = _in_list(entity_ids)
    return connection.execute(
        f"select (select count(*) from event_participants where entity_id in ({marks})) + "
        f"(select count(*) from events where location_id in ({marks}))",
        [*entity_ids, *entity_ids],
    ).fetchone()[0]


def _after_condition(
    cursor: Cursor | None, rank: int, date_column: str, tiebreak: str, id_column: str
) -> tuple[str, list[Any]]:
    """SQL saying "sorts after ``cursor``" for a stream whose items all have ``rank``."""
    if cursor is None:
        return "1", []
    if rank > cursor.rank:
        return f"{date_column} >= ?", [cursor.sort_date]
    if rank < cursor.rank:
        return f"{date_column} > ?", [cursor.sort_date]
    # The plain comparison gives SQLite the index range; the row value breaks ties exactly.
    return (
        f"{date_column} >= ? and ({date_column}, {tiebreak}, {id_column}) > (?, ?, ?)",
        [cursor.sort_date, cursor.sort_date, cursor.tiebreak, cursor.row_id],
    )


def _event_filters(filters: TimelineFilters, entity_ids: Sequence[int]) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    arguments: list[Any] = []
    if entity_ids:
        marks = ", ".join("?" * len(entity_ids))
        clauses.append(
            f"(e.id in (select event_id from event_participants where entity_id in ({marks}))"
            f" or e.location_id in ({marks}))"
        )
        arguments += [*entity_ids, *entity_ids]
    if filters.date_from:
        # Open-ended dates overlap on their open side, as in `timeline list` and the
        # events_between query: an open end runs on, an open start may be as early as any.
        clauses.append("coalesce(e.date_end, '9999') >= ?")
        arguments.append(filters.date_from)
    if filters.date_to:
        clauses.append("coalesce(e.date_start, '0000') <= ?")
        arguments.append(filters.date_to)
    if filters.status:
        clauses.append("e.status = ?")
        arguments.append(filters.status)
    if filters.text:
        clauses.append("e.id in (select rowid from events_fts where events_fts match ?)")
        arguments.append(fts_phrase(filters.text))
    return " and ".join(clauses) or "1", arguments


EVENT_COLUMNS = (
    "e.id, e.summary, e.date_start, e.date_end, e.date_precision, e.date_edtf, e.status, "
    "loc.name as place, loc.latitude, loc.longitude"
)


def _dated_events(
    connection, filters, entity_ids, limit, *, walk_dates: bool = False
) -> list[dict[str, Any]]:
    after, after_arguments = _after_condition(
        filters.after, EVENT_RANK, "e.date_start", "ifnull(e.date_end, '')", "e.id"
    )
    where, arguments = _event_filters(filters, entity_ids)
    events = "events e indexed by ix_events_date_order" if walk_dates else "events e"
    rows = connection.execute(
        f"select {EVENT_COLUMNS} from {events} left join entities loc on loc.id = e.location_id "
        f"where e.date_start is not null and {after} and {where} "
        "order by e.date_start, e.date_end, e.id limit ?",
        [*after_arguments, *arguments, limit],
    ).fetchall()
    return [_event_candidate(row, row["date_start"], row["date_end"] or "") for row in rows]


def _end_dated_events(connection, filters, entity_ids, limit) -> list[dict[str, Any]]:
    # Few events have only an end date ("before Jan 2003"): they sort by it, in a small sort.
    after, after_arguments = _after_condition(
        filters.after, EVENT_RANK, "e.date_end", "''", "e.id"
    )
    where, arguments = _event_filters(filters, entity_ids)
    rows = connection.execute(
        f"select {EVENT_COLUMNS} from events e left join entities loc on loc.id = e.location_id "
        f"where e.date_start is null and e.date_end is not null and {after} and {where} "
        "order by e.date_end, e.id limit ?",
        [*after_arguments, *arguments, limit],
    ).fetchall()
    return [_event_candidate(row, row["date_end"], "") for row in rows]


def _event_candidate(row: sqlite3.Row, sort_date: str, tiebreak: str) -> dict[str, Any]:
    return {"kind": "event", "row": row,
            "cursor": Cursor(sort_date, EVENT_RANK, tiebreak, row["id"])}


CLAIM_COLUMNS = (
    "c.id, coalesce(speaker.name, c.speaker_text, 'someone') as speaker, c.cue, c.content, "
    "c.kind, via.name as via, c.said_on, c.said_on_precision, c.article_id, c.event_id"
)
CLAIM_JOINS = (
    "left join entities speaker on speaker.id = c.speaker_id "
    "left join sources via on via.id = c.via_id"
)


def _loose_claims(connection, filters, entity_ids, limit) -> list[dict[str, Any]]:
    after, after_arguments = _after_condition(filters.after, CLAIM_RANK, "c.said_on", "''", "c.id")
    # "+" keeps SQLite off the event_id index: walking said_on in order finds a page sooner
    # than collecting every free-standing statement and sorting them.
    clauses = ["+c.event_id is null", "c.said_on is not null"]
    arguments: list[Any] = []
    if entity_ids:
        clauses.append(f"c.speaker_id in ({', '.join('?' * len(entity_ids))})")
        arguments += entity_ids
    if filters.date_from:
        clauses.append("c.said_on >= ?")
        arguments.append(filters.date_from)
    if filters.date_to:
        clauses.append("c.said_on <= ?")
        arguments.append(filters.date_to)
    if filters.text:
        clauses.append("c.id in (select rowid from claims_fts where claims_fts match ?)")
        arguments.append(fts_phrase(filters.text))
    rows = connection.execute(
        f"select {CLAIM_COLUMNS} from claims c {CLAIM_JOINS} "
        f"where {after} and {' and '.join(clauses)} order by c.said_on, c.id limit ?",
        [*after_arguments, *arguments, limit],
    ).fetchall()
    return [{"kind": "claim", "row": row,
             "cursor": Cursor(row["said_on"], CLAIM_RANK, "", row["id"])} for row in rows]


def _complete_items(connection, chosen: list[dict[str, Any]]) -> list[TimelineItem]:
    event_ids = [candidate["row"]["id"] for candidate in chosen if candidate["kind"] == "event"]
    actors = _actors_of(connection, event_ids)
    sources = _sources_of(connection, event_ids)
    claims = _claims_of(connection, event_ids)
    items = []
    for candidate in chosen:
        row = candidate["row"]
        if candidate["kind"] == "claim":
            claim = _item_claim(row)
            items.append(TimelineItem(
                kind="claim", id=row["id"], cursor=candidate["cursor"], date_words=claim.said,
                precision=row["said_on_precision"], claim=claim,
            ))
            continue
        count, first_article = sources.get(row["id"], (0, None))
        items.append(TimelineItem(
            kind="event", id=row["id"], cursor=candidate["cursor"],
            date_words=describe_date(row["date_start"], row["date_end"],
                                     row["date_precision"], row["date_edtf"]),
            precision=row["date_precision"], date_end=row["date_end"],
            summary=row["summary"], status=row["status"],
            place=row["place"], latitude=row["latitude"], longitude=row["longitude"],
            actors=tuple(actors.get(row["id"], ())), sources=count,
            first_article_id=first_article, claims=tuple(claims.get(row["id"], ())),
        ))
    return items


def _in_list(ids: Sequence[int]) -> str:
    return ", ".join("?" * len(ids))


def _actors_of(connection, event_ids: Sequence[int]) -> dict[int, list[str]]:
    actors: dict[int, list[str]] = {}
    if not event_ids:
        return actors
    for event_id, name in connection.execute(
        f"select p.event_id, en.name from event_participants p "
        f"join entities en on en.id = p.entity_id where p.event_id in ({_in_list(event_ids)}) "
        "order by p.event_id, p.role, en.name", list(event_ids),
    ):
        if name not in actors.setdefault(event_id, []):
            actors[event_id].append(name)
    return actors


def _sources_of(connection, event_ids: Sequence[int]) -> dict[int, tuple[int, int | None]]:
    if not event_ids:
        return {}
    rows = connection.execute(
        f"select event_id, count(distinct article_id), min(article_id) from event_evidence "
        f"where event_id in ({_in_list(event_ids)}) group by event_id", list(event_ids),
    )
    return {event_id: (count, first) for event_id, count, first in rows}


def _claims_of(connection, event_ids: Sequence[int]) -> dict[int, list[ItemClaim]]:
    claims: dict[int, list[ItemClaim]] = {}
    if not event_ids:
        return claims
    for row in connection.execute(
        f"select {CLAIM_COLUMNS} from claims c {CLAIM_JOINS} "
        f"where c.event_id in ({_in_list(event_ids)}) order by c.said_on, c.id",
        list(event_ids),
    ):
        listed = claims.setdefault(row["event_id"], [])
        if len(listed) < MAX_CLAIMS_PER_EVENT:
            listed.append(_item_claim(row))
    return claims


def _item_claim(row: sqlite3.Row) -> ItemClaim:
    said = describe_date(row["said_on"], row["said_on"], row["said_on_precision"]) \
        if row["said_on"] else "date unknown"
    return ItemClaim(
        id=row["id"], speaker=row["speaker"], cue=row["cue"] or "said", content=row["content"],
        kind=row["kind"], via=row["via"], said=said, article_id=row["article_id"],
        event_id=row["event_id"],
    )


# --- evidence in context ------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of article text; ``mark`` names the span it belongs to, or is empty."""

    text: str
    mark: str = ""


@dataclass(frozen=True)
class Passage:
    """An article passage around highlighted spans, with the article it comes from."""

    article_id: int
    title: str
    published_on: str | None
    segments: tuple[Segment, ...]


def passage_segments(
    text: str, spans: Iterable[tuple[int, int, str]], context: int = CONTEXT_CHARS
) -> tuple[Segment, ...]:
    """The text around ``spans`` cut into plain and marked segments.

    ``spans`` are (start, end, mark) Python offsets into ``text``; spans out of range or
    overlapping one already taken are dropped rather than mis-highlighted. The passage reaches
    ``context`` characters beyond the spans, cut at a paragraph break or a space, with an
    ellipsis where it does not reach the end of the text.
    """
    taken: list[tuple[int, int, str]] = []
    for start, end, mark in sorted(spans):
        if 0 <= start < end <= len(text) and all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, mark))
    if not taken:
        return ()
    first = _cut_before(text, max(0, taken[0][0] - context), taken[0][0])
    last = _cut_after(text, min(len(text), max(e for _, e, _ in taken) + context),
                      max(e for _, e, _ in taken))
    segments = [Segment("… ")] if first > 0 else []
    position = first
    for start, end, mark in taken:
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], mark))
        position = end
    if last > position:
        segments.append(Segment(text[position:last]))
    if last < len(text):
        segments.append(Segment(" …"))
    return tuple(segments)


def _cut_before(text: str, earliest: int, span_start: int) -> int:
    # The passage opens at the span's paragraph when that is near enough.
    paragraph = text.rfind("\n\n", earliest, span_start)
    if paragraph != -1:
        return paragraph + 2
    if earliest == 0:
        return 0
    space = text.find(" ", earliest, span_start)
    return space + 1 if space != -1 else earliest


def _cut_after(text: str, latest: int, span_end: int) -> int:
    paragraph = text.find("\n\n", span_end, latest)
    if paragraph != -1:
        return paragraph
    if latest >= len(text):
        return len(text)
    space = text.rfind(" ", span_end, latest)
    return space if space != -1 else latest


def read_event_evidence(connection: sqlite3.Connection, event_id: int) -> list[Passage]:
    """The passages reporting event ``event_id``, earliest article first."""
    rows = connection.execute(
        "select ev.article_id, ev.start, ev.end, a.title, a.published_on, a.text "
        "from event_evidence ev join articles a on a.id = ev.article_id "
        "where ev.event_id = ? order by a.published_on, a.id, ev.start limit ?",
        (event_id, MAX_EVIDENCE_PASSAGES),
    ).fetchall()
    return [
        Passage(row["article_id"], row["title"] or f"Article {row['article_id']}",
                row["published_on"],
                passage_segments(row["text"], [(row["start"], row["end"], "evidence")]))
        for row in rows
    ]


def read_claim_evidence(connection: sqlite3.Connection, claim_id: int) -> list[Passage]:
    """The passage a claim was read from: its words, speaker and cue marked."""
    row = connection.execute(
        "select c.article_id, c.start, c.end, c.source_start, c.source_end, c.cue_start, "
        "c.cue_end, a.title, a.published_on, a.text from claims c "
        "join articles a on a.id = c.article_id where c.id = ?",
        (claim_id,),
    ).fetchone()
    if row is None or row["start"] is None or row["end"] is None:
        return []
    spans = [(row["start"], row["end"], "content")]
    for prefix, mark in (("source", "speaker"), ("cue", "cue")):
        if row[f"{prefix}_start"] is not None and row[f"{prefix}_end"] is not None:
            spans.append((row[f"{prefix}_start"], row[f"{prefix}_end"], mark))
    return [Passage(row["article_id"], row["title"] or f"Article {row['article_id']}",
                    row["published_on"], passage_segments(row["text"], spans))]


EVIDENCE_READERS = {"events": read_event_evidence, "claims": read_claim_evidence}


# --- Datasette hooks ----------------------------------------------------------------------------


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # The plugin is a module, not a package, so Datasette does not find its templates itself.
    # They go just before Datasette's defaults: a --template-dir still overrides them.
    loaders = env.loader.loaders if isinstance(env.loader, ChoiceLoader) else [env.loader]
    search = getattr(loaders[0], "searchpath", None)
    if isinstance(search, list) and str(TEMPLATES_DIR) not in search:
        search.insert(max(len(search) - 1, 0), str(TEMPLATES_DIR))
    elif search is None:
        env.loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES_DIR)), *loaders])


@hookimpl
def register_routes(datasette):
    return [
        (r"^/-/timeline$", timeline_view),
        (r"^/-/timeline/refresh$", refresh_view),
        (r"^/-/timeline/static/(?P<path>.*)$", asgi_static(STATIC_DIR)),
    ]


async def refresh_view(datasette, request):
    """``POST /-/timeline/refresh``: rebuild the snapshot of a non-SQLite database."""
    from timeline.errors import NotFoundError
    from timeline.publish.refresh import refresh_snapshot

    if request.method != "POST":
        return Response.json({"ok": False, "error": "POST to refresh the snapshot"},
                             status=405)
    try:
        path = await refresh_snapshot()
    except NotFoundError as error:
        return Response.json({"ok": False, "error": str(error)}, status=404)
    return Response.json({"ok": True, "snapshot": path.name})


@hookimpl
def skip_csrf(datasette, scope):
    # Refreshing re-reads the live database and changes no data, so it needs no form token.
    return scope.get("path") == "/-/timeline/refresh"


@hookimpl
def menu_links(datasette, actor, request):
    return [{"href": datasette.urls.path(PAGE_PATH), "label": "Timeline"}]


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    if view_name != "row" or table not in EVIDENCE_READERS or request is None:
        return {}

    async def evidence_vars():
        row_id = request.url_vars.get("pks", "")
        if not row_id.isdigit():
            return {}
        reader = EVIDENCE_READERS[table]
        passages = await datasette.get_database(database).execute_fn(
            lambda connection: _with_rows(connection, reader, int(row_id))
        )
        return {"timeline_evidence": passages,
                "timeline_article_url": datasette.urls.table(database, "articles")}

    return evidence_vars


def _with_rows(connection: sqlite3.Connection, reader, *arguments):
    previous = connection.row_factory
    connection.row_factory = sqlite3.Row
    try:
        with sqlite_timelimit(connection, QUERY_TIME_LIMIT_MS):
            return reader(connection, *arguments)
    finally:
        connection.row_factory = previous


def _map_config(datasette) -> dict[str, Any]:
    # Tiles come from elsewhere, so they are off unless the site asks for them in its
    # metadata: {"plugins": {"timeline": {"tile_url": ".../{z}/{x}/{y}.png",
    # "tile_attribution": "..."}}}. Without them the map draws the bundled country outlines.
    config = datasette.plugin_config("timeline") or {}
    return {
        "world": datasette.urls.path(f"{STATIC_PATH}/world-countries-110m.json"),
        "tiles": config.get("tile_url"),
        "tile_attribution": config.get("tile_attribution", ""),
    }


async def timeline_database(datasette):
    """The first attached database with an ``events`` table, or None."""
    for name, database in datasette.databases.items():
        if name != "_internal" and await database.table_exists("events"):
            return database
    return None


async def timeline_view(datasette, request):
    """The timeline page: filters from the URL, one page of items, a map of located events."""
    database = await timeline_database(datasette)
    if database is None:
        return Response.html("No database here has an events table.", status=404)
    filters, problems, notices = parse_filters(
        {name: request.args.get(name) or "" for name in request.args.keys()}
    )
    page = TimelinePage()
    if not problems:
        try:
            page = await database.execute_fn(
                lambda connection: _with_rows(connection, read_timeline_page, filters)
            )
        except sqlite3.OperationalError as error:
            page.problems.append(f"The database could not answer in time ({error}).")
    row_base = datasette.urls.table(database.name, "events")

    def row_url(event_id: int) -> str:
        return f"{row_base}/{event_id}"

    next_url = (f"{PAGE_PATH}?{filters.query_string(after=page.next_cursor)}"
                if page.next_cursor else None)
    return Response.html(await datasette.render_template(
        "timeline.html",
        {
            "filters": filters, "problems": problems + page.problems, "notices": notices,
            "page": page,
            "years": page.grouped(), "map_points": page.map_points(row_url),
            "statuses": EVENT_STATUSES, "next_url": next_url,
            "first_url": f"{PAGE_PATH}?{filters.query_string(after=None)}"
            if filters.after else None,
            "database": database.name, "static": STATIC_PATH,
            "events_url": row_base, "claims_url": datasette.urls.table(database.name, "claims"),
            "articles_url": datasette.urls.table(database.name, "articles"),
            "max_page_size": MAX_PAGE_SIZE,
            "map_config": _map_config(datasette),
        },
        request=request,
    ))
