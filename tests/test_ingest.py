"""The ingest pipeline: parallel runs match one-process runs; bad files in a folder are
skipped and reported; the exit code says so."""

from __future__ import annotations

import sqlite3

from tests.conftest import SEED_ARTICLE, TimelineRunner
from tests.test_faults import write_stories
from timeline import db, ingest, writer

TIMESTAMPS = {"created_at", "ingested_at", "updated_at"}


def dump(db_path) -> dict[str, list[tuple]]:
    """Every row of every table, without the timestamps of when they were written."""
    with sqlite3.connect(db_path) as connection:
        tables = [row[0] for row in connection.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' "
            "and name not like '%_fts%' and name != 'alembic_version' order by name")]
        result = {}
        for table in tables:
            columns = [row[1] for row in connection.execute(f"pragma table_info({table})")
                       if row[1] not in TIMESTAMPS]
            result[table] = connection.execute(
                f"select {', '.join(columns)} from {table} order by 1").fetchall()
        return result


def test_two_workers_store_exactly_what_one_does(tmp_path):
    stories = write_stories(tmp_path / "stories.jsonl", range(120))
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    TimelineRunner(one).ok("ingest", str(stories))
    TimelineRunner(two).ok("ingest", str(stories), "--workers", "2")
    first, second = dump(one), dump(two)
    assert first["articles"] and first["events"] and first["claims"]
    assert first == second


def test_a_write_cache_started_again_stores_what_one_kept_throughout(tmp_path, monkeypatch):
    stories = write_stories(tmp_path / "stories.jsonl", range(60))

    def ingest_into(db_path):
        engine = db.open_database(f"sqlite:///{db_path}", create=True)
        ingest.ingest_paths([str(stories)], ingest.ParseOptions(), engine=engine,
                            batch_size=10)
        engine.dispose()
        return dump(db_path)

    kept = ingest_into(tmp_path / "kept.db")
    trims = []
    monkeypatch.setattr(writer, "WRITE_CACHE_KEYS", 5)
    monkeypatch.setattr(writer.WriteCache, "forget",
                        lambda self, forget=writer.WriteCache.forget: (trims.append(1),
                                                                       forget(self)))
    started_again = ingest_into(tmp_path / "started_again.db")
    assert len(trims) >= 3  # the cache was dropped between batches, again and again
    assert kept["entities"] and kept["entity_aliases"] and kept["events"]
    assert started_again == kept


def test_a_bad_file_in_a_folder_is_reported_and_the_rest_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text(SEED_ARTICLE.read_text(), encoding="utf-8")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (folder / "empty.txt").write_text("")
    result = TimelineRunner(tmp_path / "t.db")("ingest", str(folder), "--date", "2003-01-20")
    assert result.exit_code == 1
    assert result.stdout.startswith("1 article added")
    skipped = [line for line in result.stderr.splitlines() if line.startswith("Skipped")]
    assert len(skipped) == 2
    assert any("picture.txt" in line and "binary" in line for line in skipped)


def test_stdin_and_a_cp1252_file(tmp_path):
    runner = TimelineRunner(tmp_path / "t.db")
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    assert runner.ok("ingest", "-", "--date", "2003-01-20", input=text).startswith(
        "1 article added")
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("PARIS, March 3 (Reuters) - The minister\u2019s caf\u00e9 said "
                       "on Monday it would close.\n".encode("cp1252"))
    result = runner("ingest", str(legacy), "--date", "2008-03-03")
    assert result.exit_code == 0
    assert "not UTF-8, read as cp1252" in result.stderr
    rows = runner.json("query", "select text from articles where origin like '%legacy.txt'")
    assert "minister\u2019s caf\u00e9" in rows[0]["text"]


def test_ambiguous_date_stops_with_the_candidate_years(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("MOSCOW, Jan 20 (Reuters) - Talks ended on Monday without a deal.\n")
    result = TimelineRunner(tmp_path / "t.db")("ingest", str(story), "--years", "1995-2010")
    assert result.exit_code == 1
    assert "1997, 2003" in result.stderr and "--year" in result.stderr
    assert result.stderr.count("\n") == 1


def test_ingest_indexes_every_row_for_search_and_leaves_the_triggers_on(tmp_path):
    db_path = tmp_path / "t.db"
    TimelineRunner(db_path).ok("ingest", str(write_stories(tmp_path / "s.jsonl", range(60))))
    with sqlite3.connect(db_path) as connection:
        for table in ("articles", "events", "claims"):
            # FTS5 compares its index with the content table, row by row.
            connection.execute(
                f"insert into {table}_fts({table}_fts, rank) values ('integrity-check', 1)")
        assert connection.execute("select count(*) from fts_paused").fetchone() == (0,)
        indexed = connection.execute("select count(*) from events_fts").fetchone()[0]
        assert indexed == connection.execute("select count(*) from events").fetchone()[0] > 0
        # A row written afterwards by anything else is indexed by the trigger, as before.
        connection.execute("insert into events (summary, status, date_precision, confidence, "
                           "verified, created_by, created_at, updated_at) values "
                           "('zeppelins moored over Lisbon', 'occurred', 'unknown', 1, 0, "
                           "'editor', '2026-01-01', '2026-01-01')")
        assert connection.execute("select count(*) from events_fts "
                                  "where events_fts match 'zeppelins'").fetchone() == (1,)


def test_a_failed_batch_leaves_the_search_triggers_on(tmp_path, monkeypatch):
    from timeline import writer

    db_path = tmp_path / "t.db"
    runner = TimelineRunner(db_path)
    runner.ok("ingest", str(write_stories(tmp_path / "a.jsonl", range(3))))

    def fail(self, *args, **kwargs):
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr(writer.ArticleWriter, "_flush_aliases", fail)
    stories = write_stories(tmp_path / "b.jsonl", range(3, 6))
    try:
        runner("ingest", str(stories))
    except RuntimeError:
        pass
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("select count(*) from fts_paused").fetchone() == (0,)
        assert connection.execute("select count(*) from articles").fetchone() == (3,)
