"""The command line as a user meets it: real commands, a temporary database, exact errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import SEEDS


def add_north_korea_timeline(cli) -> None:
    cli.ok("add", "entity", "North Korea", "--kind", "country", "--alias", "Pyongyang",
           "--alias", "the North")
    cli.ok("add", "entity", "Alexander Losyukov", "--kind", "person",
           "--description", "Russian Deputy Foreign Minister")
    cli.ok("add", "event", "--summary", "Losyukov holds six hours of talks with Kim Jong-il",
           "--date", "20 Jan 2003", "--actor", "agent:Losyukov", "--actor", "Pyongyang",
           "--location", "Pyongyang")
    cli.ok("add", "event", "--summary", "The Korean War", "--date", "1950-53",
           "--actor", "North Korea")
    cli.ok("add", "event", "--summary", "Pyongyang ejects U.N. nuclear inspectors",
           "--date", "between October 2002 and 20 January 2003", "--actor", "agent:the North")
    cli.ok("add", "event", "--summary", "Envoy returns to Beijing", "--date", "2003-01-21",
           "--status", "scheduled", "--actor", "Alexander Losyukov")


def test_events_added_by_hand_list_in_date_order_with_precision(cli):
    add_north_korea_timeline(cli)
    events = cli.json("list", "events")
    assert [e["summary"][:20] for e in events] == [
        "The Korean War", "Pyongyang ejects U.N", "Losyukov holds six h",
        "Envoy returns to Bei",
    ]
    korean_war, ejection, talks, return_trip = events
    assert (korean_war["date_start"], korean_war["date_end"], korean_war["date_precision"],
            korean_war["date_edtf"]) == ("1950-01-01", "1953-12-31", "year", "1950/1953")
    assert (ejection["date_start"], ejection["date_end"]) == ("2002-10-01", "2003-01-20")
    assert (talks["date_start"], talks["date_precision"], talks["year_month"]) == (
        "2003-01-20", "day", "2003-01")
    assert talks["actors"] == "Alexander Losyukov; North Korea"
    assert talks["location"] == "Pyongyang"
    assert return_trip["status"] == "scheduled"
    assert talks["verified"] in (1, True) and talks["created_by"] == "person"


def test_aliases_find_the_same_entity(cli):
    add_north_korea_timeline(cli)
    by_alias = cli.json("list", "events", "--actor", "the North")
    by_name = cli.json("list", "events", "--actor", "North Korea")
    assert [e["id"] for e in by_alias] == [e["id"] for e in by_name]
    assert len(by_alias) == 3  # the war, the ejection, and the talks (as actor and place)


@pytest.mark.parametrize("date_from, date_to, expected", [
    ("2003", "2003", ["Pyongyang ejects U.N", "Losyukov holds six h", "Envoy returns to Bei"]),
    ("21 Jan 2003", "2003-12-31", ["Envoy returns to Bei"]),
    ("1940", "the 1950s", ["The Korean War"]),
])
def test_date_range_filters_overlap(cli, date_from, date_to, expected):
    add_north_korea_timeline(cli)
    events = cli.json("list", "events", "--from", date_from, "--to", date_to)
    assert [e["summary"][:20] for e in events] == expected


def test_full_text_search_finds_events(cli):
    add_north_korea_timeline(cli)
    assert [e["summary"] for e in cli.json("list", "events", "--search", "inspectors")] == [
        "Pyongyang ejects U.N. nuclear inspectors"]
    # Quotes and FTS operators in the query are taken as words, not syntax.
    assert cli.json("list", "events", "--search", 'inspectors" OR NEAR(') == []


def test_claims_are_added_listed_and_shown(cli):
    add_north_korea_timeline(cli)
    cli.ok("add", "claim", "--speaker", "Losyukov", "--content",
           "Moscow is optimistic that a solution can be found", "--cue", "was quoted as saying",
           "--kind", "direct", "--via", "Itar-Tass", "--said-on", "2003-01-20", "--event", "1")
    claims = cli.json("list", "claims", "--speaker", "Alexander Losyukov")
    assert len(claims) == 1
    claim = claims[0]
    assert (claim["speaker"], claim["via"], claim["kind"], claim["said_on"],
            claim["said_on_precision"]) == (
        "Alexander Losyukov", "Itar-Tass", "direct", "2003-01-20", "day")
    shown = cli.json("show", "event", "1")
    assert shown["claims"][0]["speaker"] == "Alexander Losyukov"
    assert {p["name"] for p in shown["participants"]} == {"Alexander Losyukov", "North Korea"}


def test_edit_and_delete(cli):
    add_north_korea_timeline(cli)
    cli.ok("edit", "event", "4", "--status", "occurred", "--date", "about January 2003")
    event = cli.json("show", "event", "4")
    assert (event["status"], event["date_edtf"], event["date_precision"]) == (
        "occurred", "2003-01~", "month")
    assert cli.ok("delete", "event", "4", "--yes") == "event 4 deleted\n"
    result = cli("show", "event", "4")
    assert result.exit_code == 1
    assert result.stderr == "Error: no event with id 4: see `timeline list events`\n"


def test_delete_without_yes_asks(cli):
    add_north_korea_timeline(cli)
    result = cli("delete", "event", "1", input="n\n")
    assert result.exit_code == 1
    assert len(cli.json("list", "events")) == 4


def test_merge_entities_moves_everything_and_keeps_history(cli):
    add_north_korea_timeline(cli)
    cli.ok("add", "entity", "DPRK", "--kind", "country")
    cli.ok("add", "event", "--summary", "DPRK leaves the NPT", "--date", "2003-01-10",
           "--actor", "agent:DPRK")
    assert cli.ok("merge-entities", "DPRK", "North Korea") == \
        "merged 'DPRK' into entity 1\n"
    entity = cli.json("show", "entity", "North Korea")
    assert "DPRK" in entity["aliases"]
    assert "DPRK leaves the NPT" in [e["summary"] for e in entity["events"]]
    history = json.loads(cli.ok("query", "select merged_name, into_entity_id from entity_merges",
                                "--json"))
    assert history == [{"merged_name": "DPRK", "into_entity_id": 1}]
    # The name keeps resolving to the surviving entity.
    assert cli.json("show", "entity", "DPRK")["id"] == 1


def test_query_is_read_only(cli):
    add_north_korea_timeline(cli)
    rows = json.loads(cli.ok("query", "select count(*) as n from events", "--json"))
    assert rows == [{"n": 4}]
    for statement in ("delete from events", "update events set summary = 'x'",
                      "/* harmless */ drop table events",
                      "with x as (select 1) insert into sources (name, kind, created_at) "
                      "select 'a', 'other', '2003' from x"):
        result = cli("query", statement)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: query is read-only")
    assert json.loads(cli.ok("query", "select count(*) as n from events", "--json")) == [{"n": 4}]


def test_export_formats(cli, tmp_path):
    add_north_korea_timeline(cli)
    rows = list(csv.DictReader(io.StringIO(cli.ok("export", "--format", "csv"))))
    assert rows[0]["summary"] == "The Korean War" and rows[0]["date_edtf"] == "1950/1953"
    document = json.loads(cli.ok("export", "--format", "json"))
    assert len(document["events"]) == 4 and len(document["entities"]) >= 2
    out = tmp_path / "tl.json"
    cli.ok("export", "--format", "timelinejs", "--out", str(out))
    slides = json.loads(out.read_text())["events"]
    war = slides[0]
    assert war["start_date"] == {"year": "1950"} and war["end_date"] == {"year": "1953"}
    assert war["display_date"] == "1950-1953"
    ejection = slides[1]
    assert ejection["display_date"] == "between Oct 2002 and 20 Jan 2003"
    assert slides[2]["start_date"] == {"year": "2003", "month": "1", "day": "20"}


def test_ingest_is_idempotent(cli):
    first = cli.ok("ingest", str(SEEDS))
    assert first.startswith("1 article added, 0 unchanged")
    counts = cli.ok("query", "select (select count(*) from articles), (select count(*) from "
                    "claims), (select count(*) from entities), (select count(*) from sources)")
    assert cli.ok("ingest", str(SEEDS)).startswith("0 articles added, 1 unchanged")
    assert cli.ok("query", "select (select count(*) from articles), (select count(*) from "
                  "claims), (select count(*) from entities), (select count(*) from sources)") \
        == counts


def test_the_same_text_under_another_name_is_the_same_article(cli, tmp_path):
    text = (SEEDS / "000_9f6ccffaac6e1ce8.txt").read_text()
    copy = tmp_path / "copy.txt"
    copy.write_text(text.replace("\n", "\r\n"))
    cli.ok("ingest", str(SEEDS))
    assert cli.ok("ingest", str(copy), "--date", "2003-01-20").startswith(
        "0 articles added, 1 unchanged")


def test_seed_article_lands_with_source_collection_and_date(cli):
    cli.ok("ingest", str(SEEDS))
    rows = json.loads(cli.ok(
        "query", "select a.title, a.published_on, a.published_source, a.collection_issue, "
        "a.collection_item, s.name as source, c.name as collection from articles a "
        "left join sources s on s.id = a.source_id left join sources c on c.id = a.collection_id",
        "--json"))
    assert rows == [{
        "title": "Russia envoy says 'successful' talks with N. Korea",
        "published_on": "2003-01-20", "published_source": "input",
        "collection_issue": "JRL 7026", "collection_item": 1,
        "source": "Reuters", "collection": "Johnson's Russia List",
    }]


@pytest.mark.parametrize("args, message", [
    (("show", "event", "7"), "Error: no event with id 7: see `timeline list events`\n"),
    (("add", "event", "--summary", "x", "--date", "February 30 2003"),
     "Error: cannot read 'February 30 2003' as a date; use "),
    (("add", "event", "--summary", "x", "--status", "rumoured"),
     "Error: unknown status 'rumoured': use one of occurred, scheduled, reported, ongoing, "
     "hypothetical\n"),
    (("add", "claim", "--speaker", "x", "--content", "y", "--kind", "shouted"),
     "Error: unknown claim kind 'shouted': use one of direct, indirect, mixed\n"),
    (("edit", "claim", "3", "--kind", "direct"),
     "Error: no claim with id 3: see `timeline list claims`\n"),
    (("merge-entities", "Nobody", "Somebody"),
     "Error: no entity named 'Nobody': see `timeline list entities` or add it with "
     "`timeline add entity`\n"),
    (("ingest", "no/such/file.txt"), "Error: no/such/file.txt: no such file or folder; "
                                     "check the path\n"),
    (("ingest", str(SEEDS), "--date", "2003-02-30"),
     "Error: --date '2003-02-30' is not a date: write it as YYYY-MM-DD, e.g. 2003-01-20\n"),
])
def test_bad_input_gets_one_line_and_exit_1(cli, args, message):
    cli.ok("db", "upgrade")
    before = cli.ok("query", "select count(*) from events")
    result = cli(*args)
    assert result.exit_code == 1, result.stdout
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert cli.ok("query", "select count(*) from events") == before


def test_reading_a_missing_database_is_an_error_that_creates_nothing(cli, db_path):
    result = cli("list", "events")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no database at {db_path}: run `timeline ingest PATH` or `timeline db upgrade` "
        "first, or pass --db\n")
    assert not db_path.exists()


def test_a_file_that_is_not_a_database(cli, db_path):
    db_path.write_bytes(b"PK\x03\x04 this is a zip file, not a database" * 50)
    result = cli("add", "event", "--summary", "x")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {db_path} is not a SQLite database: pass --db with a timeline database or a "
        "new path\n")


def test_usage_errors_exit_2(cli):
    result = cli("add", "event")
    assert result.exit_code == 2


def test_db_commands(cli):
    assert cli.ok("db", "upgrade").startswith("database at ")
    assert cli.ok("db", "current").endswith("(head)\n")
    assert cli.ok("db", "downgrade", "base") == "database at base\n"
    assert cli.ok("db", "current") == "base (empty: run `timeline db upgrade`)\n"
    result = cli("list", "events")
    assert result.exit_code == 1 and "not a timeline database" in result.stderr


def test_tables_for_people(cli):
    add_north_korea_timeline(cli)
    table = cli.ok("list", "events")
    header, rule, first = table.splitlines()[:3]
    assert header.split() == ["id", "when", "status", "summary", "actors", "location", "sources"]
    assert "1950-1953" in first and "The Korean War" in first


@pytest.mark.parametrize("date, date_from, date_to, matches", [
    ("before March 2003", "2002", "2002", True),  # an open start may fall in 2002
    ("before March 2003", "2004", "2004", False),
    ("after October 2002", "2010", "2010", True),  # an open end runs on
    ("after October 2002", "2001", "2001", False),
    ("1950-53", "1952-06", "1952-06", True),  # a long span covers a month inside it
    ("the 1990s", "1995-03-01", "1995-03-31", True),
    ("2003-01-20", "2003-01-21", "2003-12-31", False),
])
def test_date_ranges_respect_open_and_long_intervals(cli, date, date_from, date_to, matches):
    cli.ok("add", "event", "--summary", "the event", "--date", date)
    cli.ok("add", "event", "--summary", "an undated event")
    found = cli.json("list", "events", "--from", date_from, "--to", date_to)
    assert [e["summary"] for e in found] == (["the event"] if matches else [])



@pytest.mark.parametrize("extra, expected", [
    (["--limit", "1"], ["sanctions since 1990"]),
    (["--limit", "2"], ["sanctions since 1990", "talks in Seoul"]),
    (["--limit", "1", "--actor", "Japan"], ["talks in Tokyo"]),
    (["--limit", "5", "--status", "scheduled"], ["talks in Tokyo"]),
])
def test_a_date_range_pages_long_and_short_events_together(cli, extra, expected):
    # Long and short events are read off separate indexes; the page is the first of both,
    # and every other filter narrows each before the page is cut.
    cli.ok("add", "entity", "Japan", "--kind", "country")
    cli.ok("add", "event", "--summary", "sanctions since 1990", "--date", "after 1990")
    cli.ok("add", "event", "--summary", "talks in Seoul", "--date", "2003-01-10")
    cli.ok("add", "event", "--summary", "talks in Tokyo", "--date", "2003-01-20",
           "--actor", "Japan", "--status", "scheduled")
    cli.ok("add", "event", "--summary", "talks in Paris", "--date", "2003-02-20")
    found = cli.json("list", "events", "--from", "2003-01", "--to", "2003-01", *extra)
    assert [e["summary"] for e in found] == expected

def test_extract_jsonl_prints_one_object_a_line_in_input_order(cli, tmp_path):
    lines = [
        {"doc_id": "b", "dct": "2003-01-20",
         "text": "MOSCOW, Jan 20 (Reuters) - Talks ended on Monday, "
                 "Foreign Minister Igor Ivanov told reporters."},
        {"doc_id": "a", "text": "", "dct": None},
        {"doc_id": "c", "text": "Prices rose in October.", "dct": "2003-01-20"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = cli("extract", "--jsonl", str(source))
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == ["b", "a", "c"]
    for record, line in zip(records, lines, strict=True):
        assert set(record) >= {"doc_id", "article", "timexes", "claims", "events", "entities"}
        for timex in record["timexes"]:
            assert line["text"][timex["start"]:timex["end"]] == timex["text"]
    assert {(t["text"], t["value"]) for t in records[0]["timexes"]} >= {("Monday", "2003-01-20")}
    assert records[2]["timexes"][0]["value"] == "2002-10"
    claim = records[0]["claims"][0]
    assert (claim["speaker"], claim["cue"]["text"], claim["said_on"]) == (
        "Igor Ivanov", "told", "2003-01-20")
    assert not (tmp_path / "timeline.db").exists()


def test_extract_jsonl_names_the_bad_line(cli, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"doc_id": "a", "text": "fine", "dct": null}\nnot json\n')
    result = cli("extract", "--jsonl", str(source))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {source}:2: not JSON")
