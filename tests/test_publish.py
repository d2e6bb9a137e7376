"""Datasette over the database, driven in-process as ``timeline serve`` configures it."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.conftest import SEEDS
from timeline.models import SHORT_SPAN_DAYS
from timeline.publish.serve import METADATA_PATH, build_datasette, datasette_arguments
from timeline.publish.snapshot import publish_snapshot


@pytest.fixture
def seeded(cli, db_path):
    cli.ok("ingest", str(SEEDS))
    # These tests check serving, not extraction: start from the one event added by hand.
    with sqlite3.connect(db_path) as connection:
        for table in ("event_participants", "event_evidence", "events"):
            connection.execute(f"delete from {table}")
    cli.ok("add", "event", "--summary", "Losyukov meets Kim Jong-il near Pyongyang",
           "--date", "2003-01-20", "--actor", "agent:Alexander Losyukov", "--article", "1",
           "--evidence", "six hours of talks on Monday")
    return db_path


@pytest.fixture
def datasette(seeded):
    return build_datasette(seeded)


async def get_json(datasette, path):
    response = await datasette.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


def test_every_table_and_column_is_described(engine, db_path):
    metadata = json.loads(METADATA_PATH.read_text())
    described = metadata["databases"]["timeline"]["tables"]
    with sqlite3.connect(db_path) as connection:
        tables = [row[0] for row in connection.execute(
            "select name from sqlite_master where type in ('table', 'view') "
            "and name not like 'sqlite_%' and name not like '%_fts%' and name != 'alembic_version'"
        )]
        for table in tables:
            assert described[table]["description"], table
            columns = [row[1] for row in connection.execute(f"pragma table_info({table})")]
            missing = set(columns) - set(described[table]["columns"])
            assert not missing, (table, missing)
    for key in ("title", "description_html", "license", "source"):
        assert metadata[key]
    assert len(metadata["databases"]["timeline"]["queries"]) >= 5


def test_events_between_splits_short_and_long_events_where_the_library_does():
    # The canned query cannot import models.SHORT_SPAN_DAYS: it must say the same number, or
    # events of a span between the two would be found by neither part.
    queries = json.loads(METADATA_PATH.read_text())["databases"]["timeline"]["queries"]
    sql = queries["events_between"]["sql"]
    for part in (f"'-{SHORT_SPAN_DAYS} days'", f"date_span_days <= {SHORT_SPAN_DAYS}",
                 f"date_span_days > {SHORT_SPAN_DAYS}"):
        assert part in sql


@pytest.mark.asyncio
async def test_tables_and_views_serve_json(datasette):
    rows = await get_json(datasette, "/timeline/timeline.json?_shape=array")
    assert rows[0]["summary"] == "Losyukov meets Kim Jong-il near Pyongyang"
    assert rows[0]["sources"] == 1 and rows[0]["actors"] == "Alexander Losyukov"
    claims = await get_json(datasette, "/timeline/who_said_what.json?_shape=array&_size=100")
    assert any(c["speaker"] == "Alexander Losyukov" and c["via"] == "Itar-Tass" for c in claims)


@pytest.mark.asyncio
async def test_table_pages_show_descriptions_and_labels(datasette):
    response = await datasette.client.get("/timeline/events")
    assert response.status_code == 200
    assert "dated at the precision its source allows" in response.text
    response = await datasette.client.get("/timeline/event_participants")
    assert "Alexander Losyukov" in response.text  # the label column, not a bare id


@pytest.mark.asyncio
@pytest.mark.parametrize("table, query, column, expected", [
    ("events", "Pyongyang", "summary", "Losyukov meets Kim Jong-il near Pyongyang"),
    ("articles", "Losyukov", "title", "Russia envoy says 'successful' talks with N. Korea"),
])
async def test_search_box_works(datasette, table, query, column, expected):
    rows = await get_json(datasette, f"/timeline/{table}.json?_search={query}&_shape=array")
    assert [row[column] for row in rows] == [expected]


@pytest.mark.asyncio
async def test_claims_search(datasette):
    rows = await get_json(datasette, "/timeline/claims.json?_search=substantive&_shape=array")
    assert len(rows) >= 1 and all("substantive" in row["content"] for row in rows)


@pytest.mark.asyncio
@pytest.mark.parametrize("query, params, check", [
    ("entity_timeline", "entity=Alexander+Losyukov",
     lambda rows: [r["summary"][:8] for r in rows] == ["Losyukov"]),
    ("claims_by_speaker", "speaker=Alexander+Losyukov",
     lambda rows: len(rows) >= 3 and {r["speaker"] for r in rows} == {"Alexander Losyukov"}),
    ("events_between", "from_date=2003-01-01&to_date=2003-01-31", lambda rows: len(rows) == 1),
    ("events_between", "from_date=2004-01-01&to_date=2004-12-31", lambda rows: rows == []),
    ("who_said_what_about", "word=optimistic", lambda rows: len(rows) >= 1),
    ("corroborated_events", "", lambda rows: rows == []),
    ("articles_by_source", "", lambda rows: {r["name"] for r in rows} >= {"Reuters"}),
])
async def test_canned_queries(datasette, query, params, check):
    rows = await get_json(datasette, f"/timeline/{query}.json?_shape=array&{params}")
    assert check(rows), rows


@pytest.mark.asyncio
async def test_writes_through_datasette_are_not_possible(datasette):
    response = await datasette.client.post("/timeline/-/query", data={"sql": "delete from events"})
    assert response.status_code in (403, 405, 400)
    rows = await get_json(datasette, "/timeline.json?sql=select+count(*)+as+n+from+events"
                                     "&_shape=array")
    assert rows == [{"n": 1}]


def test_serve_arguments_bind_to_localhost_with_a_time_limit(tmp_path):
    arguments = datasette_arguments(tmp_path / "x.db", tmp_path / "m.json", "127.0.0.1", 8001)
    assert arguments[:2] == ["serve", str(tmp_path / "x.db")]
    assert arguments[arguments.index("--host") + 1] == "127.0.0.1"
    assert "sql_time_limit_ms" in arguments


def test_a_database_under_another_name_keeps_its_descriptions(seeded, tmp_path):
    renamed = tmp_path / "news.db"
    publish_snapshot(build_engine(seeded), renamed)
    datasette = build_datasette(renamed)
    assert datasette.metadata("description", database="news", table="events")


def build_engine(path):
    from timeline.db import create_db_engine, database_url

    return create_db_engine(database_url(str(path)))


def test_publish_writes_a_complete_sqlite_snapshot(seeded, tmp_path, cli):
    target = tmp_path / "snapshot.db"
    assert cli.ok("publish", "--to", str(target)) == f"wrote {target}\n"
    with sqlite3.connect(target) as connection:
        assert connection.execute("select count(*) from timeline").fetchone() == (1,)
        assert connection.execute(
            "select count(*) from events_fts where events_fts match 'Pyongyang'").fetchone() \
            == (1,)


@pytest.mark.asyncio
async def test_a_sqlite_database_has_nothing_to_refresh(datasette, monkeypatch):
    from timeline.publish import refresh

    monkeypatch.setattr(refresh, "_source", None)
    response = await datasette.client.post("/-/timeline/refresh")
    assert response.status_code == 404
    assert response.json()["error"] == "this database is served in place and is always current"


@pytest.mark.asyncio
@pytest.mark.parametrize("from_date, to_date, expected", [
    ("2010-01-01", "2010-12-31", ["sanctions after October 2002"]),  # an open end runs on
    ("2001-01-01", "2001-12-31", ["talks before March 2003"]),  # an open start may be early
    ("2002-06-01", "2002-06-30", ["talks before March 2003"]),
    ("2003-01-01", "2003-01-31", ["sanctions after October 2002",
                                  "Losyukov meets Kim Jong-il near Pyongyang",
                                  "talks before March 2003"]),  # by start, else by end
])
async def test_events_between_overlaps_open_ended_dates_as_the_cli_does(
        seeded, cli, from_date, to_date, expected):
    cli.ok("add", "event", "--summary", "sanctions after October 2002",
           "--date", "after October 2002")
    cli.ok("add", "event", "--summary", "talks before March 2003", "--date", "before March 2003")
    cli.ok("add", "event", "--summary", "an undated event")
    rows = await get_json(build_datasette(seeded), "/timeline/events_between.json?_shape=array"
                          f"&from_date={from_date}&to_date={to_date}")
    assert [row["summary"] for row in rows] == expected
    listed = cli.json("list", "events", "--from", from_date, "--to", to_date)
    assert [event["summary"] for event in listed] == expected


@pytest.mark.asyncio
async def test_corroborated_events_and_articles_by_source_count_articles(cli, db_path, tmp_path):
    from tests.test_corroborate import FIRST, SECOND

    for number, text in enumerate((FIRST, SECOND)):
        (tmp_path / f"story{number}.txt").write_text(text, encoding="utf-8")
    cli.ok("ingest", str(tmp_path / "story0.txt"), str(tmp_path / "story1.txt"),
           "--date", "2008-03-03")
    datasette = build_datasette(db_path)
    corroborated = await get_json(datasette, "/timeline/corroborated_events.json?_shape=array")
    assert [(row["sources"], "cut gas supplies" in row["summary"]) for row in corroborated] == \
        [(2, True)]
    by_source = await get_json(datasette, "/timeline/articles_by_source.json?_shape=array")
    assert {row["name"]: row["articles"] for row in by_source}["Reuters"] == 2
    assert all(row["first"] == "2008-03-03" for row in by_source if row["articles"])
