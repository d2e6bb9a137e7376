"""Browsing speed: the timeline page against Datasette's plain table page, on 100,000 events.

Builds a database of real sentences from the Reuters sample, one event per sentence dated by its
article (until the event extractor lands), with the dateline city as the place and capitalised
names as actors; the set is replicated with shifted dates up to ``--events``. It then serves
the database with ``timeline serve`` on 127.0.0.1 and prints p50 and p95 latency per page.

    .venv/bin/python bench/browse.py [--events 100000] [--repeat 40] [--keep DIR]

Skips with a message when the corpus is missing. Requests go to 127.0.0.1 only; every loop is
bounded.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "reuters_2006_2013_sample20k.jsonl.gz"
TIMELINE = REPO / ".venv" / "bin" / "timeline"
SENTENCE = re.compile(r"[A-Z][^.!?\n]{40,240}[.!?]")
DATELINE_PLACE = re.compile(r"^\s*([A-Z][A-Z .'-]{2,30}?)\s*(?:,[^(]{0,30})?\(Reuters\)", re.M)
NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")
ARTICLES = 2500
EVENTS_PER_ARTICLE = 8
# Each replica of the sample moves every date this many days on.
REPLICA_SHIFT_DAYS = 97
STATUSES = ("occurred", "occurred", "occurred", "reported", "scheduled")
TARGET_P95_MS = 200
TARGET_RATIO = 3.0
SERVER_START_SECONDS = 60


def read_articles(limit: int) -> list[dict]:
    """``limit`` dated articles spread evenly through the sample (it runs 2006 to 2013)."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    dated = [record for record in records if record.get("date") and record.get("text")]
    step = max(1, len(dated) // limit)
    return dated[::step][:limit]


def build_database(path: Path, total_events: int) -> dict:
    """Write the bench database at ``path``; returns names worth filtering by."""
    subprocess.run([str(TIMELINE), "--db", str(path), "db", "upgrade"], check=True,
                   capture_output=True)
    connection = sqlite3.connect(path)
    articles = read_articles(ARTICLES)
    entities: dict[str, int] = {}
    places = _gazetteer()

    def entity_id(name: str, kind: str) -> int:
        if name not in entities:
            place = places(name) if kind == "place" else None
            cursor = connection.execute(
                "insert into entities (name, kind, latitude, longitude, created_by, created_at) "
                "values (?, ?, ?, ?, 'bench', '2026-01-01')",
                (name, kind, place[0] if place else None, place[1] if place else None))
            entities[name] = cursor.lastrowid
            connection.execute(
                "insert into entity_aliases (entity_id, alias, alias_key, created_by) "
                "values (?, ?, ?, 'bench')", (cursor.lastrowid, name, _key(name)))
        return entities[name]

    base_events = []
    for article in articles:
        article_id = connection.execute(
            "insert into articles (title, text, content_hash, published_on, "
            "published_precision, ingested_at) values (?, ?, ?, ?, 'day', '2026-01-01')",
            (article["title"], article["text"], article["id"], article["date"])).lastrowid
        place = DATELINE_PLACE.search(article["text"])
        location = entity_id(place[1].strip().title(), "place") if place else None
        for sentence in list(SENTENCE.finditer(article["text"]))[:EVENTS_PER_ARTICLE]:
            actors = [entity_id(name, "person") for name in NAME.findall(sentence[0])[:2]]
            base_events.append((article_id, article["date"], sentence, location, actors))
    replicas = -(-total_events // max(len(base_events), 1))
    count = 0
    for replica in range(replicas):
        for article_id, day, sentence, location, actors in base_events:
            if count >= total_events:
                break
            _insert_event(connection, count, replica, article_id, day, sentence, location,
                          actors)
            count += 1
    connection.commit()
    connection.execute("analyze")
    connection.close()
    return {"events": count, "articles": len(articles)}


def _insert_event(connection, count, replica, article_id, day, sentence, location, actors):
    shifted = (date.fromisoformat(day) + timedelta(days=replica * REPLICA_SHIFT_DAYS)).isoformat()
    status = STATUSES[count % len(STATUSES)]
    # The derived columns by the writer's own rule: the timeline pages order and filter by
    # date_sort and date_span_days, and would read empty columns otherwise.
    facets = _event_facets(shifted, shifted, "day")
    event_id = connection.execute(
        "insert into events (summary, date_start, date_end, date_precision, date_edtf, "
        "year, year_month, date_sort, date_span_days, status, location_id, confidence, "
        "verified, created_by, created_at, updated_at) values (?, ?, ?, 'day', ?, ?, ?, ?, ?, "
        "?, ?, 0.5, 0, 'bench', '2026-01-01', '2026-01-01')",
        (sentence[0], shifted, shifted, shifted, facets["year"], facets["year_month"],
         facets["date_sort"], facets["date_span_days"], status, location)).lastrowid
    connection.execute(
        "insert into event_evidence (event_id, article_id, start, end, excerpt) "
        "values (?, ?, ?, ?, ?)", (event_id, article_id, sentence.start(), sentence.end(),
                                   sentence[0]))
    for role, actor in zip(("agent", "target"), actors, strict=False):
        connection.execute(
            "insert or ignore into event_participants (event_id, entity_id, role) "
            "values (?, ?, ?)", (event_id, actor, role))
    if count % 4 == 0:
        # A statement for every fourth sentence, alternately tied to the event and free.
        connection.execute(
            "insert into claims (speaker_id, speaker_text, content, kind, said_on, "
            "said_on_precision, event_id, article_id, start, end, confidence, verified, "
            "created_by, created_at) values (?, ?, ?, 'indirect', ?, 'day', ?, ?, ?, ?, 0.5, 0, "
            "'bench', '2026-01-01')",
            (actors[0] if actors else None, None, sentence[0], shifted,
             event_id if count % 8 == 0 else None, article_id, sentence.start(), sentence.end()))


def _event_facets(date_start: str, date_end: str, precision: str) -> dict:
    from timeline.models import event_facets

    return event_facets(date_start, date_end, precision)


def _key(name: str) -> str:
    from timeline.store import alias_key

    return alias_key(name)


def _gazetteer():
    try:
        from timeline.gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    except Exception:  # noqa: BLE001 - the bench runs without the gazetteer too
        return lambda name: None

    def coordinates(name: str):
        place = gazetteer.place(name)
        return (place.latitude, place.longitude) if place and place.latitude else None

    return coordinates


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(TIMELINE), "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start in time")


def time_page(port: int, path: str, repeat: int) -> tuple[float, float, int]:
    """p50 and p95 in milliseconds of ``repeat`` GETs of ``path``, after two warm-ups."""
    url = f"http://127.0.0.1:{port}{path}"
    timings = []
    size = 0
    for attempt in range(repeat + 2):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as response:
            size = len(response.read())
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
        if attempt >= 2:
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))], size


def deep_cursor(db: Path) -> str:
    """A page link nine tenths of the way through the dated events."""
    with sqlite3.connect(db) as connection:
        total = connection.execute("select count(*) from events").fetchone()[0]
        start, end, event_id = connection.execute(
            "select date_start, ifnull(date_end, ''), id from events where date_start is not "
            "null order by date_start, date_end, id limit 1 offset ?", (total * 9 // 10,)
        ).fetchone()
    return f"{start}~0~{end}~{event_id}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="build the database in this folder")
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found")
        return
    workdir = options.keep or Path(tempfile.mkdtemp(prefix="timeline-browse-"))
    db = workdir / "timeline.db"
    if not db.exists():
        started = time.perf_counter()
        built = build_database(db, options.events)
        print(f"built {db}: {built['events']:,} events from {built['articles']:,} articles "
              f"in {time.perf_counter() - started:.0f} s")
    with sqlite3.connect(db) as connection:
        # A mid-ranking entity, and the commonest place (a quarter of all events or so).
        entity = connection.execute(
            "select en.name from entities en join event_participants p on p.entity_id = en.id "
            "group by en.id order by count(*) desc limit 1 offset 20").fetchone()[0]
        common_place = connection.execute(
            "select en.name from entities en join events e on e.location_id = en.id "
            "group by en.id order by count(*) desc limit 1").fetchone()[0]
    word = "oil"
    with sqlite3.connect(db) as connection:
        # The month of the median event: a date range that lands inside the data.
        month = connection.execute(
            "select substr(date_start, 1, 7) from events where date_start is not null "
            "order by date_start limit 1 offset (select count(*) / 2 from events)").fetchone()[0]
    port = free_port()
    server = start_server(db, port)
    quoted = urllib.parse.quote
    pages = [
        ("plain table page /timeline/events", "/timeline/events"),
        ("table page, no facets or count", "/timeline/events?_nofacet=1&_nocount=1"),
        ("timeline: first page", "/-/timeline"),
        ("timeline: one entity", f"/-/timeline?entity={quoted(entity)}"),
        ("timeline: the commonest place", f"/-/timeline?entity={quoted(common_place)}"),
        ("timeline: date range (a month)", f"/-/timeline?from={month}&to={month}"),
        ("timeline: page 9/10 deep (keyset)", f"/-/timeline?after={deep_cursor(db)}"),
        ("timeline: full-text search", f"/-/timeline?q={word}"),
        ("table: full-text search", f"/timeline/events?_search={word}"),
        ("canned query entity_timeline", f"/timeline/entity_timeline?entity={quoted(entity)}"),
    ]
    try:
        results = [(label, *time_page(port, path, options.repeat)) for label, path in pages]
    finally:
        server.terminate()
        server.wait(timeout=10)
    baseline_p95, lean_p95 = results[0][2], results[1][2]
    print(f"entity filter: {entity!r}, place {common_place!r}; month: {month}; "
          f"search word: {word!r}; {options.repeat} requests each")
    print(f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'p95/table':>10} {'p95/lean':>9} {'KB':>6}")
    failures = []
    for label, p50, p95, size in results:
        ratio = p95 / baseline_p95
        print(f"{label:40} {p50:8.1f} {p95:8.1f} {ratio:10.2f} {p95 / lean_p95:9.2f} "
              f"{size / 1024:6.0f}")
        if label.startswith("timeline") and (p95 > TARGET_P95_MS or ratio > TARGET_RATIO):
            failures.append(label)
    print("targets met" if not failures else f"over target: {', '.join(failures)}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
