"""The timeline plugin driven in-process: URL filters, paging, evidence in context, escaping."""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests.conftest import SEEDS
from timeline.errors import InputError
from timeline.publish.plugin import (
    MAX_PAGE_SIZE,
    Cursor,
    Segment,
    TimelineFilters,
    date_bounds,
    fts_phrase,
    parse_filters,
    passage_segments,
    read_timeline_page,
)
from timeline.publish.serve import build_datasette

HOSTILE = "Rally <script>alert(1)</script> and <img src=x onerror=alert(2)>"


@pytest.mark.parametrize("text, expected", [
    ("2003", ("2003-01-01", "2003-12-31")),
    ("2002-10", ("2002-10-01", "2002-10-31")),
    ("2004-02", ("2004-02-01", "2004-02-29")),
    ("2002-12", ("2002-12-01", "2002-12-31")),
    ("2003-01-20", ("2003-01-20", "2003-01-20")),
    (" 2003-01-20 ", ("2003-01-20", "2003-01-20")),
])
def test_date_bounds(text, expected):
    assert date_bounds(text) == expected


@pytest.mark.parametrize("text, message", [
    ("yesterday", "use YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2003-13", "not a date on the calendar"),
    ("2003-02-30", "not a date on the calendar"),
    ("0000", "not a date on the calendar"),
    ("20 Jan 2003", "use YYYY"),
])
def test_date_bounds_refuses(text, message):
    with pytest.raises(InputError, match=message):
        date_bounds(text)


@pytest.mark.parametrize("arguments, expected, problems, notices", [
    ({}, TimelineFilters(), [], []),
    ({"entity": " Pyongyang ", "from": "2002-10", "to": "2003", "status": "scheduled",
      "q": "talks", "show": "events", "size": "10"},
     TimelineFilters(entity="Pyongyang", date_from="2002-10-01", date_to="2003-12-31",
                     status="scheduled", text="talks", show="events", size=10), [], []),
    ({"size": "5000"}, TimelineFilters(size=MAX_PAGE_SIZE), [],
     ["Page size capped at 200 (asked for 5000)."]),
    ({"size": "9" * 5000}, TimelineFilters(size=MAX_PAGE_SIZE), [],
     [f"Page size capped at 200 (asked for {'9' * 20})."]),
    ({"size": "-3"}, TimelineFilters(), ["Page size '-3' is not a positive whole number."], []),
    ({"from": "soon"}, TimelineFilters(),
     ["from: Could not read the date 'soon': use YYYY, YYYY-MM or YYYY-MM-DD."], []),
    ({"from": "2004", "to": "2003"}, TimelineFilters(date_from="2004-01-01",
                                                     date_to="2003-12-31"),
     ["The range ends (2003-12-31) before it starts (2004-01-01)."], []),
    ({"status": "rumoured"}, TimelineFilters(status="rumoured"),
     ["Unknown status 'rumoured': choose one of occurred, scheduled, reported, ongoing, "
      "hypothetical."], []),
    ({"after": "2003-01-20~1~~7"}, TimelineFilters(after=Cursor("2003-01-20", 1, "", 7)), [],
     []),
    ({"after": "x'; drop table events"}, TimelineFilters(),
     ["The page link is damaged: start again from the first page."], []),
])
def test_parse_filters(arguments, expected, problems, notices):
    assert parse_filters(arguments) == (expected, problems, notices)


@pytest.mark.parametrize("filters, expected", [
    (TimelineFilters(), ""),
    (TimelineFilters(entity="Kim Jong-il", date_from="2003-01-01", size=10),
     "entity=Kim+Jong-il&from=2003-01-01&size=10"),
    (TimelineFilters(after=Cursor("2003-01-20", 0, "2003-01-21", 4)),
     "after=2003-01-20~0~2003-01-21~4"),
])
def test_query_string_keeps_only_what_differs_from_defaults(filters, expected):
    assert filters.query_string() == expected


@pytest.mark.parametrize("text, expected", [
    ("nuclear talks", '"nuclear" "talks"'),
    ('talks" OR x:*', '"talks" "OR" "x"'),
    ("***", ""),
])
def test_fts_phrase(text, expected):
    assert fts_phrase(text) == expected


@pytest.mark.parametrize("text, spans, context, expected", [
    ("one two three four", [(4, 7, "evidence")], 100,
     (Segment("one "), Segment("two", "evidence"), Segment(" three four"))),
    ("First para.\n\nSecond has the span here.\n\nThird.", [(20, 28, "evidence")], 100,
     (Segment("… "), Segment("Second "), Segment("has the ", "evidence"),
      Segment("span here."), Segment(" …"))),
    ("alpha beta gamma delta epsilon", [(11, 16, "evidence")], 7,
     (Segment("… "), Segment("beta "), Segment("gamma", "evidence"), Segment(" delta"),
      Segment(" …"))),
    ("Bolton said it was time", [(0, 6, "speaker"), (7, 11, "cue"), (12, 23, "content")], 50,
     (Segment("Bolton", "speaker"), Segment(" "), Segment("said", "cue"), Segment(" "),
      Segment("it was time", "content"))),
    ("overlap here", [(0, 7, "content"), (3, 9, "speaker")], 50,
     (Segment("overlap", "content"), Segment(" here"))),
    ("short", [(3, 99, "evidence")], 50, ()),
])
def test_passage_segments(text, spans, context, expected):
    assert passage_segments(text, spans, context) == expected


# --- against a database ------------------------------------------------------------------------


@pytest.fixture
def story(cli, db_path):
    """Events at several precisions and statuses, places with coordinates, a hostile article."""
    # Places first, so that ingest resolves the article's mentions to them.
    cli.ok("add", "entity", "Pyongyang", "--kind", "place", "--lat", "39.03", "--lon", "125.75")
    cli.ok("add", "entity", "Beijing", "--kind", "place", "--lat", "39.9", "--lon", "116.4")
    cli.ok("ingest", str(SEEDS))
    # The extractor's events change as it improves: these tests use only events added here.
    for extracted in cli.json("list", "events"):
        cli.ok("delete", "event", str(extracted["id"]), "--yes")
    meeting = cli.json(
        "add", "event", "--summary", "Losyukov meets Kim Jong-il", "--date", "2003-01-20",
        "--actor", "agent:Alexander Losyukov", "--actor", "target:Kim Jong-il",
        "--location", "Pyongyang", "--article", "1", "--evidence", "six hours of talks on Monday")
    cli.ok("add", "event", "--summary", "Envoy due back in Beijing", "--date", "2003-01-21",
           "--status", "scheduled", "--location", "Beijing", "--actor", "Alexander Losyukov")
    cli.ok("add", "event", "--summary", "Washington says the North admitted a programme",
           "--date", "Oct 2002")
    cli.ok("add", "event", "--summary", "The Korean War", "--date", "1950-1953")
    cli.ok("add", "event", "--summary", "Talks sometime that winter",
           "--date", "2002-10/2003-01")
    cli.ok("add", "event", "--summary", HOSTILE, "--date", "2003-02-01", "--location",
           "Pyongyang")
    cli.ok("add", "claim", "--speaker", "Alexander Losyukov", "--content",
           "The meeting was very substantive", "--said-on", "2003-01-20",
           "--event", str(meeting["id"]))
    return db_path


@pytest.fixture
def connection(story):
    with sqlite3.connect(story) as opened:
        opened.row_factory = sqlite3.Row
        yield opened


def one(db_path, sql):
    with sqlite3.connect(db_path) as opened:
        return opened.execute(sql).fetchone()[0]


def event_summaries(page):
    return [item.summary for item in page.items if item.kind == "event"]


@pytest.mark.parametrize("filters, expected", [
    (TimelineFilters(show="events"),
     ["The Korean War", "Washington says the North admitted a programme",
      "Talks sometime that winter", "Losyukov meets Kim Jong-il", "Envoy due back in Beijing",
      HOSTILE]),
    (TimelineFilters(entity="Pyongyang"), ["Losyukov meets Kim Jong-il", HOSTILE]),
    (TimelineFilters(entity="alexander losyukov", show="events"),
     ["Losyukov meets Kim Jong-il", "Envoy due back in Beijing"]),
    (TimelineFilters(date_from="2003-01-21", date_to="2003-01-31", show="events"),
     ["Talks sometime that winter", "Envoy due back in Beijing"]),
    (TimelineFilters(status="scheduled"), ["Envoy due back in Beijing"]),
    (TimelineFilters(text="Korean war"), ["The Korean War"]),
])
def test_read_timeline_page_filters(connection, filters, expected):
    assert event_summaries(read_timeline_page(connection, filters)) == expected



@pytest.mark.parametrize("date_from, date_to, expected", [
    ("2010-01-01", "2010-12-31", ["sanctions after October 2002"]),
    ("2001-01-01", "2001-12-31", ["talks before March 2003"]),
    ("2003-01-01", "2003-01-31", ["sanctions after October 2002", "talks before March 2003"]),
])
def test_a_date_range_takes_open_ended_events_as_the_cli_does(cli, db_path, date_from, date_to,
                                                             expected):
    cli.ok("add", "event", "--summary", "sanctions after October 2002",
           "--date", "after October 2002")
    cli.ok("add", "event", "--summary", "talks before March 2003", "--date", "before March 2003")
    cli.ok("add", "event", "--summary", "talks in 1999", "--date", "1999-05-01")
    cli.ok("add", "event", "--summary", "an undated event")
    with sqlite3.connect(db_path) as opened:
        opened.row_factory = sqlite3.Row
        page = read_timeline_page(opened, TimelineFilters(date_from=date_from, date_to=date_to,
                                                          show="events"))
    assert event_summaries(page) == expected
    listed = cli.json("list", "events", "--from", date_from, "--to", date_to)
    assert [event["summary"] for event in listed] == expected

def test_unknown_entity_says_so_and_shows_nothing(connection):
    page = read_timeline_page(connection, TimelineFilters(entity="Atlantis"))
    assert page.items == []
    assert page.problems == [
        "No entity called 'Atlantis': try a name or alias from the entities table."
    ]


def test_statements_interleave_with_events_and_nest_under_theirs(connection):
    page = read_timeline_page(connection, TimelineFilters(size=200))
    kinds = [(item.kind, item.cursor.sort_date) for item in page.items]
    assert kinds == sorted(kinds, key=lambda pair: pair[1])
    meeting = next(item for item in page.items if item.summary == "Losyukov meets Kim Jong-il")
    assert [claim.content for claim in meeting.claims] == ["The meeting was very substantive"]
    assert meeting.actors == ("Alexander Losyukov", "Kim Jong-il")
    assert (meeting.place, meeting.sources, meeting.first_article_id) == ("Pyongyang", 1, 1)
    statements = [item for item in page.items if item.kind == "claim"]
    loose = connection.execute(
        "select count(*) from claims where event_id is null and said_on is not null").fetchone()
    assert len(statements) == loose[0] > 10
    assert all(item.claim.event_id is None for item in statements)


def test_paging_visits_every_item_once_in_order(connection):
    everything = read_timeline_page(connection, TimelineFilters(size=200)).items
    seen, cursor = [], None
    for _ in range(100):  # bounded: a few dozen items in pages of 4
        page = read_timeline_page(connection, TimelineFilters(size=4, after=cursor))
        seen += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    assert [(item.kind, item.id) for item in seen] == \
        [(item.kind, item.id) for item in everything]
    assert len(everything) > 20 and len({(item.kind, item.id) for item in seen}) == len(seen)


@pytest.mark.parametrize("filters, expected", [
    (TimelineFilters(show="events"),
     [("The Korean War", "1950-1953", ("1950-1953", "")),
      ("Washington says the North admitted a programme", "Oct 2002", ("2002", "October")),
      ("Talks sometime that winter", "between Oct 2002 and Jan 2003", ("2002", "October")),
      ("Losyukov meets Kim Jong-il", "20 Jan 2003", ("2003", "January"))]),
])
def test_dates_read_at_their_precision(connection, filters, expected):
    page = read_timeline_page(connection, filters)
    assert [(item.summary, item.date_words, item.group) for item in page.items[:4]] == expected


def test_entity_filter_uses_indexes(connection):
    plan = " ".join(row[3] for row in connection.execute(
        "explain query plan select e.id from events e where e.date_start is not null and "
        "(e.id in (select event_id from event_participants where entity_id in (1)) "
        "or e.location_id in (1)) order by e.date_start, e.date_end, e.id"))
    # Matching events come through the participants and location indexes, never a scan.
    assert "ix_event_participants_entity_id" in plan and "ix_events_location_id" in plan
    assert "SCAN e" not in plan


# --- pages ---------------------------------------------------------------------------------------


@pytest.fixture
def datasette(story):
    return build_datasette(story)


async def page_text(datasette, path):
    response = await datasette.client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return response.text


@pytest.mark.asyncio
async def test_timeline_page_lists_events_with_dates_links_and_map(datasette, story):
    meeting = one(story, "select id from events where summary like 'Losyukov meets%'")
    html = await page_text(datasette, "/-/timeline")
    for expected in ("1950-1953", "Oct 2002", "between Oct 2002 and Jan 2003", "20 Jan 2003",
                     '<h2 class="tl-year-heading">2003</h2>', "January 2003",
                     '<span class="tl-status">scheduled</span>',
                     f'href="/timeline/events/{meeting}"',
                     f'href="/timeline/events/{meeting}#evidence"',
                     "Alexander Losyukov, Kim Jong-il", "in Pyongyang", "1 source",
                     "/-/timeline/static/leaflet/leaflet.js"):
        assert expected in html, expected
    points = re.search(r'id="timeline-map-points">(.*?)</script>', html)[1]
    assert '"place": "Pyongyang"' in points and '"place": "Beijing"' in points


@pytest.mark.asyncio
@pytest.mark.parametrize("path, shown, hidden", [
    ("/-/timeline?entity=Beijing", ["Envoy due back in Beijing"], ["Korean War"]),
    ("/-/timeline?status=scheduled", ["Envoy due back in Beijing"], ["Losyukov meets"]),
    ("/-/timeline?q=Korean+war", ["The Korean War"], ["Envoy due back"]),
    ("/-/timeline?from=2003-01-21&to=2003-01&show=events", ["Envoy due back"], ["Korean War"]),
    ("/-/timeline?entity=Atlantis", ["No entity called &#39;Atlantis&#39;"], ["tl-event"]),
    ("/-/timeline?from=2003-02-31", ["is not a date on the calendar"], ["tl-event"]),
    ("/-/timeline?to=next+week", ["Could not read the date"], ["tl-event", "tl-statement"]),
    ("/-/timeline?size=100000", ["Page size capped at 200"], []),
])
async def test_filters_in_the_url(datasette, path, shown, hidden):
    html = await page_text(datasette, path)
    for text in shown:
        assert text in html, text
    for text in hidden:
        assert text not in html, text


@pytest.mark.asyncio
async def test_article_text_is_escaped_everywhere(datasette, story):
    hostile = one(story, "select id from events where summary like 'Rally%'")
    for path in ("/-/timeline", "/-/timeline?q=rally", f"/timeline/events/{hostile}",
                 "/timeline/timeline", "/timeline/events"):
        html = await page_text(datasette, path)
        assert "<script>alert(1)" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert(1)" in html or "\\u003cscript\\u003e" in html, path


@pytest.mark.asyncio
async def test_event_row_page_shows_the_evidence_in_context(datasette, story):
    meeting = one(story, "select id from events where summary like 'Losyukov meets%'")
    html = await page_text(datasette, f"/timeline/events/{meeting}")
    assert 'id="evidence"' in html
    assert '<mark class="tl-mark-evidence">six hours of talks on Monday</mark>' in html
    assert 'href="/timeline/articles/1">Russia envoy says &#39;successful&#39; talks' in html


@pytest.mark.asyncio
async def test_claim_row_page_marks_speaker_cue_and_words(datasette, story):
    quoted = one(story, "select id from claims where content like '\"The meeting was very%' "
                        "and article_id is not null")
    html = await page_text(datasette, f"/timeline/claims/{quoted}")
    assert '<mark class="tl-mark-content">&#34;The meeting was very substantive.' in html \
        or '<mark class="tl-mark-content">&quot;The meeting' in html \
        or '<mark class="tl-mark-content">"The meeting' in html
    assert re.search(r'<mark class="tl-mark-speaker">Losyukov</mark>', html)
    assert '<mark class="tl-mark-cue">said</mark>' in html


@pytest.mark.asyncio
async def test_a_claim_without_a_passage_says_so(datasette, story):
    by_hand = one(story, "select id from claims where article_id is null")
    html = await page_text(datasette, f"/timeline/claims/{by_hand}")
    assert "No article passage is recorded for this row." in html


@pytest.mark.asyncio
async def test_other_row_pages_are_left_alone(datasette):
    html = await page_text(datasette, "/timeline/articles/1")
    assert 'id="evidence"' not in html


@pytest.mark.asyncio
async def test_static_files_are_served_by_the_server_itself(datasette):
    for path in ("/-/timeline/static/leaflet/leaflet.js", "/-/timeline/static/timeline.js",
                 "/-/timeline/static/timeline.css",
                 "/-/timeline/static/world-countries-110m.json"):
        response = await datasette.client.get(path)
        assert response.status_code == 200, path
    response = await datasette.client.get("/-/timeline/static/../plugin.py")
    assert response.status_code == 404


@pytest.mark.asyncio
async def test_the_page_loads_nothing_from_elsewhere(datasette):
    html = await page_text(datasette, "/-/timeline")
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith(("/", "#", "?")) for s in sources
                           if not s.startswith("https://datasette.io")), sources
    assert not re.search(r"<[^>]*\son[a-z]+=", html)  # no inline event handlers


@pytest.mark.asyncio
async def test_the_plugin_is_installed_through_the_entry_point(datasette):
    plugins = (await datasette.client.get("/-/plugins.json")).json()
    assert any(p["name"] == "timeline" and "register_routes" in p["hooks"] for p in plugins)


TABLES_AND_VIEWS = ("articles", "sources", "entities", "entity_aliases", "events",
                    "event_participants", "event_evidence", "claims", "timeline",
                    "who_said_what")
CANNED_QUERIES = ("entity_timeline?entity=Pyongyang", "claims_by_speaker?speaker=Bolton",
                  "events_between?from_date=2003-01-01&to_date=2003-12-31",
                  "who_said_what_about?word=talks", "corroborated_events", "articles_by_source")


@pytest.mark.asyncio
@pytest.mark.parametrize("path", [*TABLES_AND_VIEWS, *CANNED_QUERIES])
@pytest.mark.parametrize("extension", [".json", ".csv"])
async def test_datasette_json_and_csv_keep_working(datasette, path, extension):
    name, _, query = path.partition("?")
    response = await datasette.client.get(f"/timeline/{name}{extension}?{query}")
    assert response.status_code == 200, (path, response.text[:300])
    if extension == ".json":
        assert "rows" in response.json()
    else:
        assert response.text.count("\n") >= 1


@pytest.mark.asyncio
async def test_a_tile_server_is_used_only_when_configured(story):
    html = await page_text(build_datasette(story), "/-/timeline")
    assert '"tiles": null' in html
