"""Events, entities and corroboration over 500 stories of the Reuters sample.

Ingests the stories into a fresh temporary database, prints events and claims per article,
the shares of events with a day-precise date, a date from the text (beyond the article date),
an actor and a location, entities per article, events with more than one source, then 20
events drawn at random (fixed seed) with their evidence for a person to judge.

    .venv/bin/python bench/events_report.py [--count 500]

Skips with a message when the corpus is missing.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "reuters_2006_2013_sample20k.jsonl.gz"
SAMPLE_SEED = 20030120
SAMPLE_SIZE = 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is missing")
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from timeline.db import open_database
    from timeline.ingest import ParseOptions, ingest_paths

    with tempfile.TemporaryDirectory() as folder:
        stories = Path(folder) / "stories.jsonl"
        with gzip.open(CORPUS, "rt", encoding="utf-8") as source:
            stories.write_text("".join(itertools.islice(source, options.count)),
                               encoding="utf-8")
        db_path = Path(folder) / "bench.db"
        engine = open_database(str(db_path), create=True)
        started = time.perf_counter()
        report = ingest_paths([str(stories)], ParseOptions(), engine=engine)
        elapsed = time.perf_counter() - started
        engine.dispose()
        print(f"articles {report.articles} in {elapsed:.1f}s "
              f"({report.articles / elapsed:.0f}/s, one process)")
        print_report(sqlite3.connect(db_path))
    return 0


def scalar(connection: sqlite3.Connection, sql: str) -> float:
    return connection.execute(sql).fetchone()[0] or 0


def print_report(connection: sqlite3.Connection) -> None:
    articles = scalar(connection, "select count(*) from articles") or 1
    events = scalar(connection, "select count(*) from events") or 1
    lines = {
        "events per article": scalar(connection, "select count(*) from event_evidence")
        / articles,
        "claims per article": scalar(connection, "select count(*) from claims") / articles,
        "entities per article": scalar(
            connection, "select count(distinct entity_id) from entity_aliases") / articles,
        "share day-precise": scalar(
            connection, "select count(*) from events where date_precision = 'day'") / events,
        "share dated from text": scalar(
            connection, "select count(*) from events where date_resolution in "
            "('timex', 'discourse', 'coordinated')") / events,
        "share with actor": scalar(
            connection, "select count(distinct event_id) from event_participants") / events,
        "share with location": scalar(
            connection, "select count(*) from events where location_id is not null") / events,
        "share with actor and text date": scalar(
            connection, "select count(*) from events e where date_resolution in "
            "('timex', 'discourse') and exists (select 1 from event_participants p "
            "where p.event_id = e.id)") / events,
        "events with >1 source": scalar(
            connection, "select count(*) from timeline where sources > 1"),
    }
    for name, value in lines.items():
        print(f"{name:32} {value:.2f}" if isinstance(value, float) else f"{name:32} {value}")
    print(f"\n{SAMPLE_SIZE} events at random (seed {SAMPLE_SEED}):")
    rows = connection.execute(
        "select t.event_id, t.summary, t.date_edtf, t.status, t.actors, t.location, "
        "(select excerpt from event_evidence where event_id = t.event_id limit 1) "
        "from timeline t order by t.event_id").fetchall()
    for row in random.Random(SAMPLE_SEED).sample(rows, min(SAMPLE_SIZE, len(rows))):
        event_id, summary, edtf, status, actors, location, excerpt = row
        print(f"- #{event_id} [{status}] {edtf} | actors: {actors} | at: {location}\n"
              f"  summary:  {summary}\n  evidence: {excerpt}")


if __name__ == "__main__":
    raise SystemExit(main())
