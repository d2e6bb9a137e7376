"""The same models, migrations and commands on PostgreSQL.

Needs a server: ``eval "$(bash .ci/postgres.sh)"`` starts one (installing Debian's postgresql
when missing) and sets TIMELINE_TEST_POSTGRES_URL; `.ci/run` does this. Without it these skip.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import SEEDS, TimelineRunner
from timeline import db

ADMIN_URL = os.environ.get("TIMELINE_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(
    not ADMIN_URL,
    reason='no PostgreSQL: run `eval "$(bash .ci/postgres.sh)"` to start one for these tests',
)


@pytest.fixture
def pg_url():
    """A new, empty database on the test server, dropped afterwards."""
    name = f"timeline_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_cli(pg_url):
    return TimelineRunner(pg_url)


def test_migrations_reach_the_models_and_round_trip(pg_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel


    engine = db.create_db_engine(pg_url)
    db.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": db.include_schema_name}
        )
        assert compare_metadata(context, SQLModel.metadata) == []
    with engine.begin() as connection:
        indexes = {row[0] for row in connection.execute(text(
            "select indexname from pg_indexes where indexname like '%_search'"))}
    assert indexes == {"ix_events_search", "ix_claims_search", "ix_articles_search"}
    db.downgrade(engine, "base")
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    engine.dispose()


def test_curation_listing_and_search(pg_cli):
    pg_cli.ok("add", "entity", "North Korea", "--kind", "country", "--alias", "the North")
    pg_cli.ok("add", "event", "--summary", "Pyongyang ejects U.N. nuclear inspectors",
              "--date", "between October 2002 and 20 January 2003", "--actor", "agent:the North")
    pg_cli.ok("add", "event", "--summary", "The Korean War", "--date", "1950-53",
              "--actor", "North Korea")
    events = pg_cli.json("list", "events", "--actor", "the North")
    assert [(e["summary"], e["date_edtf"]) for e in events] == [
        ("The Korean War", "1950/1953"),
        ("Pyongyang ejects U.N. nuclear inspectors", "2002-10/2003-01-20"),
    ]
    assert [e["summary"] for e in pg_cli.json("list", "events", "--search", "inspector")] == [
        "Pyongyang ejects U.N. nuclear inspectors"]  # stemmed, as PostgreSQL's search does
    assert events[0]["actors"] == "North Korea"


def test_query_cannot_write_on_postgresql(pg_cli):
    pg_cli.ok("add", "event", "--summary", "x", "--date", "2003")
    for statement in ("delete from events", "update events set summary = 'y'",
                      "create table intruder (id int)"):
        result = pg_cli("query", statement)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: query is read-only")
    assert json.loads(pg_cli.ok("query", "select count(*) as n from events", "--json")) == [
        {"n": 1}]


def test_ingest_is_idempotent_and_publishes_to_sqlite(pg_cli, tmp_path):
    assert pg_cli.ok("ingest", str(SEEDS)).startswith("1 article added")
    assert pg_cli.ok("ingest", str(SEEDS)).startswith("0 articles added, 1 unchanged")
    counts = pg_cli.json("query", "select (select count(*) from events) as events, "
                         "(select count(*) from claims) as claims")[0]
    snapshot = tmp_path / "snapshot.db"
    pg_cli.ok("publish", "--to", str(snapshot))
    with sqlite3.connect(snapshot) as connection:
        assert connection.execute("select count(*) from events").fetchone()[0] == counts["events"]
        assert connection.execute("select count(*) from claims").fetchone()[0] == counts["claims"]
        assert connection.execute(
            "select count(*) from articles_fts where articles_fts match 'Losyukov'"
        ).fetchone() == (1,)
        assert connection.execute("select count(*) from timeline").fetchone()[0] == \
            counts["events"]


@pytest.mark.asyncio
async def test_served_snapshot_refreshes_on_request(pg_cli, pg_url, tmp_path):
    from timeline.publish.refresh import take_first_snapshot
    from timeline.publish.serve import build_datasette

    pg_cli.ok("add", "event", "--summary", "First event", "--date", "2003-01-20")
    datasette = build_datasette(take_first_snapshot(pg_url, tmp_path, "timeline"))
    count = "/timeline.json?sql=select+count(*)+as+n+from+events&_shape=array"
    assert (await datasette.client.get(count)).json() == [{"n": 1}]
    pg_cli.ok("add", "event", "--summary", "Second event", "--date", "2003-01-21")
    response = await datasette.client.post("/-/timeline/refresh")
    assert response.status_code == 200 and response.json()["ok"] is True
    assert (await datasette.client.get(count)).json() == [{"n": 2}]
    assert (await datasette.client.get("/timeline/events")).status_code == 200


# What an ingest stored, by names rather than ids (PostgreSQL hands out entity ids in blocks).
STORED_CONTENT = {
    "entities": "select name, kind, description, latitude, longitude from entities",
    "aliases": "select e.name, e.kind, a.alias from entity_aliases a "
               "join entities e on e.id = a.entity_id",
    "events": "select v.summary, v.date_start, v.date_end, v.status, v.fingerprint, l.name "
              "from events v left join entities l on l.id = v.location_id",
    "participants": "select v.summary, e.name, p.role from event_participants p "
                    "join events v on v.id = p.event_id join entities e on e.id = p.entity_id",
    "claims": "select c.content, e.name, c.kind, c.said_on, s.name from claims c "
              "left join entities e on e.id = c.speaker_id left join sources s on s.id = c.via_id",
}


def stored_content(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        content = {name: sorted(tuple(row) for row in connection.execute(text(sql)))
                   for name, sql in STORED_CONTENT.items()}
    engine.dispose()
    return content


def test_an_ingest_stores_on_postgresql_what_it_stores_on_sqlite(pg_cli, pg_url, tmp_path):
    from tests.test_faults import write_stories

    stories = write_stories(tmp_path / "stories.jsonl", range(60))
    sqlite_path = tmp_path / "t.db"
    for runner, workers in ((TimelineRunner(sqlite_path), "1"), (pg_cli, "2")):
        runner.ok("ingest", str(SEEDS), str(stories), "--workers", workers)
    on_sqlite, on_postgres = stored_content(f"sqlite:///{sqlite_path}"), stored_content(pg_url)
    assert on_sqlite["entities"] and on_sqlite["participants"] and on_sqlite["claims"]
    assert on_postgres == on_sqlite


def test_an_ingest_looks_rows_up_by_index_in_a_fresh_database(pg_cli, pg_url, tmp_path):
    # A fresh database has no statistics until autovacuum analyzes it: the planner would read
    # the growing events and aliases tables whole for every article's lookups.
    from tests.test_faults import write_stories

    pg_cli.ok("ingest", str(write_stories(tmp_path / "stories.jsonl", range(60))))
    engine = create_engine(pg_url)
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_stat_force_next_flush()"))
        read_whole = dict(connection.execute(text(
            "SELECT relname, seq_tup_read FROM pg_stat_user_tables "
            "WHERE relname IN ('events', 'entities', 'entity_aliases', 'articles')")).all())
    engine.dispose()
    assert read_whole == {"events": 0, "entities": 0, "entity_aliases": 0, "articles": 0}


def test_two_ingests_at_once_both_finish_and_store_what_one_does(pg_cli, pg_url, tmp_path):
    # Overlapping stories make the two writers meet on the same articles and entities: the
    # loser's batch fails on a unique key (raised when its pipeline syncs) and is retried.
    from tests.test_faults import timeline_process, write_stories

    pg_cli.ok("db", "upgrade")
    first = write_stories(tmp_path / "first.jsonl", range(0, 60))
    second = write_stories(tmp_path / "second.jsonl", range(30, 90))
    processes = [timeline_process(pg_url, "ingest", str(path)) for path in (first, second)]
    outputs = [process.communicate(timeout=300) for process in processes]
    for process, (_, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr
    alone = tmp_path / "alone.db"
    TimelineRunner(alone).ok("ingest", str(write_stories(tmp_path / "all.jsonl", range(90))))
    engine = create_engine(pg_url)
    with engine.connect() as connection:
        assert connection.execute(text("select count(*) from articles")).scalar() == 90
    engine.dispose()
    together, by_one = stored_content(pg_url), stored_content(f"sqlite:///{alone}")
    # An entity keeps the first description stored ("Finance Minister"), and which story
    # came first depends on which writer got there first: compared without it.
    for content in (together, by_one):
        content["entities"] = sorted((name, kind) for name, kind, *_ in content["entities"])
    assert together == by_one
