"""Scale: whole-pipeline ingest speed and memory, then query latency over a million events.

    python bench/scale.py [--sizes 1000,5000,20000] [--workers 1,2] [--events 1000000]
                          [--postgres URL] [--skip-ingest] [--skip-events]

Part 1, for each size of the Reuters sample: articles/s of the whole ingest (read, parse, tag,
extract, store) with each worker count, the storage floor (the same stories inserted with
plain sqlite3 ``executemany`` in the same run) and the ratio, peak memory, database size per
article, seconds per 1,000 articles (flat when the cost stays linear), and the CPU each
article cost the writing process and the extracting workers (on 2 cores, 2,000 ms over their
sum bounds the articles/s any scheduling could reach). With --postgres
(or $TIMELINE_TEST_POSTGRES_URL) the largest worker count is run on PostgreSQL too.

Part 2: a database of --events events (the events of a real ingest, replicated with shifted
dates) on SQLite, and on PostgreSQL when given; p50/p95 of the library's timeline listing
filtered by one entity and by a date range, and of a full-text search, with the rows each
returned; then, on the SQLite file, of the canned queries Datasette publishes (the `timeline`
view by entity and by dates, corroborated events, articles by source).

Each ingest runs in its own process so that peak memory is its own. Skips cleanly without
../shared. Queries go only to the local database server.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    REPO,
    REUTERS_SAMPLE,
    peak_memory_mb,
    require,
    sqlite_floor,
    write_sample,
)
from timeline.models import event_facets  # noqa: E402

QUERY_REPEAT = 30
REPLICA_SHIFT_DAYS = 401
TARGETS = {"articles_per_s_2_workers": 500, "peak_mb_20000": 500, "postgres_ratio": 2.0,
           "p95_ms": 100}


# --- part 1: ingest -----------------------------------------------------------------------


def ingest_worker(sample: Path, url: str, workers: int) -> dict:
    from timeline.db import open_database
    from timeline.ingest import ParseOptions, ingest_paths

    engine = open_database(url, create=True)
    started = time.perf_counter()
    own_before = _cpu_seconds(resource.RUSAGE_SELF)
    report = ingest_paths([str(sample)], ParseOptions(), engine=engine, workers=workers)
    elapsed = time.perf_counter() - started
    engine.dispose()
    # Worker processes have their own peaks; RUSAGE_CHILDREN holds the largest of them.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"articles": report.added, "seconds": elapsed,
            "peak_mb": max(peak_memory_mb(), children.ru_maxrss / 1024),
            "cpu_writer": _cpu_seconds(resource.RUSAGE_SELF) - own_before,
            "cpu_workers": _cpu_seconds(resource.RUSAGE_CHILDREN)}


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def in_subprocess(*arguments: str) -> dict:
    command = [sys.executable, __file__, "--worker", *arguments]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"worker failed: {result.stderr.strip().splitlines()[-1:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def fresh_postgres_database(admin_url: str) -> tuple[str, callable]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"timeline_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def run_ingest(sizes: list[int], worker_counts: list[int], postgres: str | None,
               workdir: Path) -> Path:
    """Part 1; returns the SQLite database of the largest run, for part 2."""
    largest = None
    print("== ingest: whole pipeline (read, parse, tag, extract, store)")
    print(f"{'stories':>8} {'backend':>9} {'workers':>7} {'art/s':>8} {'s/1000':>7} "
          f"{'floor/s':>9} {'ratio':>6} {'peak MB':>8} {'KB/art':>7} {'cpu ms/art':>11}")
    per_thousand: dict[tuple[str, int], list[float]] = {}
    for size in sizes:
        sample = write_sample(workdir / f"sample{size}.jsonl", size)
        floor = in_subprocess("floor", str(sample), str(workdir / f"floor{size}.db"))
        floor_rate = floor["articles"] / floor["seconds"]
        runs = [("sqlite", workers) for workers in worker_counts]
        if postgres:
            runs.append(("postgres", max(worker_counts)))
        for backend, workers in runs:
            drop = None
            if backend == "sqlite":
                path = workdir / f"ingest{size}_{workers}.db"
                url = str(path)
            else:
                url, drop = fresh_postgres_database(postgres)
            run = in_subprocess("ingest", str(sample), url, str(workers))
            rate = run["articles"] / run["seconds"]
            size_kb = (path.stat().st_size / 1024 / max(run["articles"], 1)
                       if backend == "sqlite" else float("nan"))
            per_thousand.setdefault((backend, workers), []).append(
                1000 * run["seconds"] / max(run["articles"], 1))
            print(f"{size:>8} {backend:>9} {workers:>7} {rate:>8.0f} "
                  f"{per_thousand[(backend, workers)][-1]:>7.2f} {floor_rate:>9.0f} "
                  f"{floor_rate / rate:>6.1f} {run['peak_mb']:>8.0f} {size_kb:>7.1f} "
                  f"{_cpu_split(run)}", flush=True)
            if drop:
                drop()
            if backend == "sqlite" and workers == max(worker_counts):
                largest = path
    for (backend, workers), seconds in per_thousand.items():
        growth = seconds[-1] / seconds[0] if seconds[0] else float("nan")
        print(f"growth {backend} x{workers}: seconds per 1,000 articles from the smallest to "
              f"the largest size x{growth:.2f} (1.0 = linear)")
    assert largest is not None
    return largest


def _cpu_split(run: dict) -> str:
    """CPU ms per article of the writing process + the extracting workers (with 1 worker the
    one process does both): with 2 cores, 2,000 / their sum is the ceiling on articles/s."""
    articles = max(run["articles"], 1)
    writer, workers = (1000 * run[key] / articles for key in ("cpu_writer", "cpu_workers"))
    return f"{writer:.1f}+{workers:.1f}" if workers else f"{writer:.1f}"


# --- part 2: a million events --------------------------------------------------------------


def replicate_events(source: Path, target: Path, total: int) -> None:
    """Fill ``target`` (a database at head) with ``total`` events copied from ``source``,
    each copy shifted REPLICA_SHIFT_DAYS further on, with participants and evidence."""
    with sqlite3.connect(source) as origin:
        events = origin.execute(
            "select id, summary, date_start, date_end, date_precision, date_edtf, status, "
            "location_id from events").fetchall()
        participants = origin.execute(
            "select event_id, entity_id, role from event_participants").fetchall()
        evidence = origin.execute(
            "select event_id, article_id, start, \"end\", excerpt from event_evidence").fetchall()
    if not events:
        raise SystemExit("the ingest produced no events to replicate")
    by_event: dict[int, list] = {}
    for row in participants:
        by_event.setdefault(row[0], []).append(row)
    evidence_of = {row[0]: row for row in evidence}
    connection = sqlite3.connect(target)
    connection.execute("attach database ? as origin", (str(source),))
    for table in ("sources", "articles", "entities", "entity_aliases"):
        connection.execute(f"insert into {table} select * from origin.{table}")
    connection.commit()
    connection.execute("detach database origin")
    now = "2026-01-01 00:00:00"
    next_id, replica = 1, 0
    while next_id <= total:
        shift = timedelta(days=REPLICA_SHIFT_DAYS * replica)
        event_rows, participant_rows, evidence_rows = [], [], []
        for event in events:
            if next_id > total:
                break
            start, end = _shifted(event[2], shift), _shifted(event[3], shift)
            # The derived columns by the writer's own rule: the queries timed below walk
            # date_sort and date_span_days, and would find nothing where they are empty.
            facets = event_facets(start, end, event[4])
            event_rows.append((next_id, event[1], start, end, event[4], None, event[6],
                               event[7], facets["year"], facets["year_month"],
                               facets["date_sort"], facets["date_span_days"], now, now))
            participant_rows += [(next_id, entity, role) for _, entity, role
                                 in by_event.get(event[0], [])]
            if event[0] in evidence_of:
                _, article, start_at, end_at, excerpt = evidence_of[event[0]]
                evidence_rows.append((next_id, article, start_at, end_at, excerpt))
            next_id += 1
        with connection:
            connection.executemany(
                "insert into events (id, summary, date_start, date_end, date_precision, "
                "date_edtf, status, location_id, year, year_month, date_sort, date_span_days, "
                "confidence, verified, created_by, created_at, updated_at) values "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, 'extractor', ?, ?)", event_rows)
            connection.executemany("insert or ignore into event_participants (event_id, "
                                   "entity_id, role) values (?, ?, ?)", participant_rows)
            connection.executemany("insert or ignore into event_evidence (event_id, article_id,"
                                   " start, \"end\", excerpt) values (?, ?, ?, ?, ?)",
                                   evidence_rows)
        replica += 1
    connection.execute("analyze")
    connection.close()


def _shifted(iso: str | None, shift: timedelta) -> str | None:
    return (date.fromisoformat(iso) + shift).isoformat() if iso else None


def copy_to_postgres(source: Path, url: str) -> None:
    """The same rows in a PostgreSQL database at head (via ``timeline publish``'s inverse:
    COPY of every table in dependency order)."""
    import psycopg
    from sqlalchemy.engine import make_url
    from sqlmodel import SQLModel

    from timeline.db import create_db_engine, upgrade

    engine = create_db_engine(url)
    upgrade(engine)
    engine.dispose()
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with sqlite3.connect(source) as origin, psycopg.connect(plain) as target:
        for table in SQLModel.metadata.sorted_tables:
            columns = [row[1] for row in origin.execute(f"pragma table_info({table.name})")]
            quoted = ", ".join(f'"{c}"' for c in columns)
            booleans = {i for i, c in enumerate(columns) if c == "verified"}
            with target.cursor().copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
                for row in origin.execute(f"select {quoted} from {table.name}"):
                    copy.write_row([bool(v) if i in booleans and v is not None else v
                                    for i, v in enumerate(row)])
            if "id" in columns:
                target.execute(f"select setval(pg_get_serial_sequence('{table.name}', 'id'), "
                               f"coalesce(max(id), 1)) from {table.name}")
        target.execute("analyze")


def time_queries(url: str, label: str) -> list[tuple[str, float, float]]:
    from timeline.dates import parse_date_text
    from timeline.db import open_database, session_scope
    from timeline.queries import Filters, list_events

    engine = open_database(url, create=False)
    with session_scope(engine) as session:
        busiest = session.connection().exec_driver_sql(
            "select entity_id, count(*) from event_participants group by entity_id "
            "order by count(*) desc limit 20").fetchall()
        word = "oil"
    rng = random.Random(7)

    def one_month() -> Filters:
        month = parse_date_text(f"{rng.randint(2008, 2040)}-{rng.randint(1, 12):02d}")
        return Filters(date_from=month, date_to=month, limit=50)

    cases = {
        "timeline, one entity": lambda: Filters(entity=str(rng.choice(busiest)[0]), limit=50),
        "timeline, one month": one_month,
        "timeline, full-text search": lambda: Filters(search=word, limit=50),
    }

    def listed(make_filters) -> int:
        with session_scope(engine) as session:
            return len(list_events(make_filters(), session=session))

    results = [(f"{label}: {name}", *_timed(label, name, lambda make=make_filters: listed(make)))
               for name, make_filters in cases.items()]
    engine.dispose()
    return results


def _timed(label: str, name: str, query) -> tuple[float, float]:
    """Run ``query`` (which returns its number of rows) QUERY_REPEAT times; print and return
    p50 and p95 in ms."""
    timings, returned = [], 0
    for _ in range(QUERY_REPEAT):
        started = time.perf_counter()
        returned += query()
        timings.append(1000 * (time.perf_counter() - started))
    timings.sort()
    p50, p95 = statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]
    # Rows per query: a query that finds nothing is fast for the wrong reason.
    print(f"{label:>9} {name:<28} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
          f"rows {returned / QUERY_REPEAT:.0f}", flush=True)
    return p50, p95


# The published canned queries, as Datasette runs them: the `timeline` view filtered by an
# entity and by dates, the corroborated events, and the articles each source carried.
PUBLISHED_QUERIES = ("entity_timeline", "events_between", "corroborated_events",
                     "articles_by_source")


def time_published_queries(database: Path) -> None:
    """p50/p95 of the canned queries over the `timeline` view on the SQLite file Datasette
    would serve, run as Datasette runs them (every row, at most 1,001 fetched)."""
    metadata = json.loads((REPO / "datasette-metadata.json").read_text(encoding="utf-8"))
    queries = metadata["databases"]["timeline"]["queries"]
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    names = [row[0] for row in connection.execute(
        "select a.alias from event_participants p join entity_aliases a "
        "on a.entity_id = p.entity_id group by p.entity_id order by count(*) desc limit 20")]
    rng = random.Random(7)

    def fetched(sql: str) -> int:
        year, month = rng.randint(2008, 2040), rng.randint(1, 12)
        params = {"entity": rng.choice(names), "from_date": f"{year}-{month:02d}-01",
                  "to_date": f"{year}-{month:02d}-28"}
        return len(connection.execute(sql, params).fetchmany(1001))

    for name in PUBLISHED_QUERIES:
        _timed("datasette", name, lambda sql=queries[name]["sql"]: fetched(sql))
    connection.close()


def run_events(source: Path, total: int, postgres: str | None, workdir: Path) -> None:
    from timeline.db import create_db_engine, database_url, upgrade

    print(f"== {total:,} events: p50/p95 over {QUERY_REPEAT} queries each")
    target = workdir / "million.db"
    engine = create_db_engine(database_url(str(target)))
    upgrade(engine)
    engine.dispose()
    started = time.perf_counter()
    replicate_events(source, target, total)
    print(f"built {total:,} events on SQLite in {time.perf_counter() - started:.0f} s "
          f"({target.stat().st_size / 2**20:.0f} MB)", flush=True)
    time_queries(str(target), "sqlite")
    time_published_queries(target)
    if postgres:
        url, drop = fresh_postgres_database(postgres)
        try:
            started = time.perf_counter()
            copy_to_postgres(target, url)
            print(f"copied to PostgreSQL in {time.perf_counter() - started:.0f} s", flush=True)
            time_queries(url, "postgres")
        finally:
            drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("TIMELINE_TEST_POSTGRES_URL"))
    parser.add_argument("--skip-ingest", type=Path, metavar="DB",
                        help="reuse this SQLite database instead of part 1")
    parser.add_argument("--skip-events", action="store_true")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        run = ingest_worker(Path(rest[0]), rest[1], int(rest[2])) if kind == "ingest" \
            else sqlite_floor(Path(rest[0]), Path(rest[1]))
        print(json.dumps(run))
        return
    require(REUTERS_SAMPLE)
    sizes = [int(s) for s in args.sizes.split(",")]
    worker_counts = [int(w) for w in args.workers.split(",")]
    print(f"targets here: {TARGETS}")
    with tempfile.TemporaryDirectory(prefix="timeline-scale-") as workdir:
        source = args.skip_ingest or run_ingest(sizes, worker_counts, args.postgres,
                                                Path(workdir))
        if not args.skip_events:
            run_events(source, args.events, args.postgres, Path(workdir))


if __name__ == "__main__":
    main()
