"""Faults lose nothing: concurrent ingests, a killed ingest, a read-only database, a full disk."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import TimelineRunner
from timeline import db, ingest
from timeline.errors import TimelineError

CITIES = ("MOSCOW", "SEOUL", "BEIJING", "PARIS", "NAIROBI", "LIMA")
PEOPLE = ("Anna Petrova", "Ivan Sokolov", "Maria Lopez", "Chen Wei", "John Smith", "Ali Hassan")
MINISTRIES = ("finance", "foreign", "defence", "energy")


def story(number: int) -> dict:
    """A short wire story made for these tests; every number gives a different text."""
    city = CITIES[number % len(CITIES)]
    person = PEOPLE[number % len(PEOPLE)]
    ministry = MINISTRIES[number % len(MINISTRIES)]
    text = (
        f"{city}, March {number % 28 + 1} (Reuters) - The {ministry} ministry said on Monday it "
        f"would cut spending by {number + 3} percent next year after talks with lenders.\n\n"
        f'"We have no other choice," {ministry.title()} Minister {person} told reporters. '
        f"{person} said the plan had been agreed in January.\n\n"
        f"The cuts follow a {number % 9 + 2} percent fall in revenue in 2007, officials said.\n"
    )
    return {"id": f"fault-{number}", "date": f"2008-03-{number % 28 + 1:02d}",
            "title": f"{ministry.title()} ministry to cut spending {number}", "text": text}


def write_stories(path: Path, numbers) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for number in numbers:
            out.write(json.dumps(story(number)) + "\n")
    return path


def timeline_process(db_path: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "timeline.cli", "--db", str(db_path), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )


def counts(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as connection:
        return {table: connection.execute(f"select count(*) from {table}").fetchone()[0]
                for table in ("articles", "claims", "events", "event_evidence", "entities")}


def assert_consistent(db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("pragma integrity_check").fetchone() == ("ok",)
        assert connection.execute("pragma foreign_key_check").fetchall() == []
        duplicates = connection.execute(
            "select name, kind, count(*) from entities group by name, kind having count(*) > 1"
        ).fetchall()
        assert duplicates == []


def test_two_ingests_at_once_both_finish_and_lose_nothing(tmp_path):
    db_path = tmp_path / "shared.db"
    TimelineRunner(db_path).ok("db", "upgrade")
    first = write_stories(tmp_path / "first.jsonl", range(0, 60))
    second = write_stories(tmp_path / "second.jsonl", range(30, 90))  # 30 stories in both
    processes = [timeline_process(db_path, "ingest", str(path)) for path in (first, second)]
    outputs = [process.communicate(timeout=300) for process in processes]
    for process, (_, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr
    assert counts(db_path)["articles"] == 90
    assert_consistent(db_path)
    alone = tmp_path / "alone.db"
    TimelineRunner(alone).ok("ingest", str(write_stories(tmp_path / "all.jsonl", range(90))))
    assert counts(db_path) == counts(alone)


def test_an_ingest_killed_halfway_leaves_whole_articles_and_a_rerun_completes_it(tmp_path):
    db_path = tmp_path / "killed.db"
    stories = write_stories(tmp_path / "stories.jsonl", range(400))
    process = timeline_process(db_path, "ingest", str(stories))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if db_path.exists() and 0 < _articles_so_far(db_path) < 400:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    stored = _articles_so_far(db_path)
    assert 0 < stored < 400, "the ingest was not caught halfway"
    assert_consistent(db_path)
    with sqlite3.connect(db_path) as connection:
        # Whole articles only: each stored story has its claims and its events' evidence.
        assert connection.execute(
            "select count(*) from articles a where not exists "
            "(select 1 from claims c where c.article_id = a.id)").fetchone() == (0,)
    runner = TimelineRunner(db_path)
    output = runner.ok("ingest", str(stories))
    assert output.startswith(f"{400 - stored} articles added, {stored} unchanged")
    complete = tmp_path / "complete.db"
    TimelineRunner(complete).ok("ingest", str(stories))
    assert counts(db_path) == counts(complete)
    assert_consistent(db_path)


def _articles_so_far(db_path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_read_only_database_gives_a_clear_error(tmp_path, monkeypatch):
    db_path = tmp_path / "readonly.db"
    runner = TimelineRunner(db_path)
    runner.ok("db", "upgrade")
    before = counts(db_path)
    # The file is opened the way SQLite opens a file it may not write (root ignores chmod).
    original = db.create_db_engine
    monkeypatch.setattr(db, "create_db_engine",
                        lambda url, read_only=False: original(url, read_only=True))
    result = runner("ingest", str(write_stories(tmp_path / "s.jsonl", range(3))))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {db_path} is read-only: make it writable or pass --db "
                             "with a writable path\n")
    monkeypatch.undo()
    assert counts(db_path) == before


def test_a_full_disk_gives_a_clear_error_and_keeps_whole_articles(tmp_path, monkeypatch):
    db_path = tmp_path / "full.db"
    runner = TimelineRunner(db_path)
    runner.ok("ingest", str(write_stories(tmp_path / "first.jsonl", range(5))))
    with sqlite3.connect(db_path) as connection:
        pages = connection.execute("pragma page_count").fetchone()[0]
    configure = db._configure_sqlite_connection

    def no_room_to_grow(dbapi_connection, record):
        configure(dbapi_connection, record)
        dbapi_connection.execute(f"pragma max_page_count = {pages + 8}")

    monkeypatch.setattr(db, "_configure_sqlite_connection", no_room_to_grow)
    result = runner("ingest", str(write_stories(tmp_path / "more.jsonl", range(5, 400))))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: the disk holding {db_path} is full: free some space and "
                             "run the command again\n")
    monkeypatch.undo()
    assert_consistent(db_path)
    stored = counts(db_path)["articles"]
    assert runner.ok("ingest", str(tmp_path / "more.jsonl")).startswith(
        f"{400 - stored} articles added")



def _die_on_story_40(article):
    # Runs in an extracting process: dies there the way the OOM killer would end it.
    if "by 43 percent" in article.text:
        os._exit(9)
    return ingest.extract_article(article)


def test_an_extracting_process_that_dies_stops_the_ingest_with_a_clear_error(tmp_path):
    db_path = tmp_path / "died.db"
    engine = db.open_database(f"sqlite:///{db_path}", create=True)
    stories = write_stories(tmp_path / "s.jsonl", range(120))
    with pytest.raises(TimelineError, match=r"^an extracting process died .*run the ingest "):
        ingest.ingest_paths([str(stories)], ingest.ParseOptions(), engine=engine, workers=2,
                            extractor=_die_on_story_40, batch_size=10)
    engine.dispose()
    assert_consistent(db_path)
    # Results are written in input order, in whole batches, until story 40's is due.
    stored = counts(db_path)["articles"]
    assert stored <= 40 and stored % 10 == 0
    result = TimelineRunner(db_path).ok("ingest", str(stories), "--workers", "2")
    assert result.startswith(f"{120 - stored} articles added")


@pytest.mark.parametrize("statement", [
    "delete from articles", "drop table events", "insert into sources (name, kind, created_at) "
    "values ('x', 'other', '2000')", "pragma journal_mode = delete", "attach 'x.db' as x",
    "vacuum",
])
def test_query_cannot_write_however_it_is_spelled(tmp_path, statement):
    runner = TimelineRunner(tmp_path / "q.db")
    runner.ok("ingest", str(write_stories(tmp_path / "s.jsonl", range(3))))
    before = counts(tmp_path / "q.db")
    result = runner("query", statement)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert counts(tmp_path / "q.db") == before
