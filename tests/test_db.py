"""Migrations are the schema: upgrade from empty reaches the models, downgrade round-trips."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlmodel import SQLModel

from timeline import db
from timeline.errors import DatabaseError


def schema_objects(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as connection:
        return sorted(
            connection.execute(
                "select type, name, coalesce(sql, '') from sqlite_master "
                "where name not like 'sqlite_%'"
            )
        )


def test_upgrade_from_empty_matches_the_models(engine):
    # The same comparison `alembic check` makes, minus the FTS tables the migration owns.
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"include_name": db.include_schema_name},
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_upgrade_creates_views_fts_and_triggers(engine, db_path):
    names = {(kind, name) for kind, name, _ in schema_objects(db_path)}
    for expected in [("view", "timeline"), ("view", "who_said_what"),
                     ("table", "events_fts"), ("table", "claims_fts"), ("table", "articles_fts"),
                     ("trigger", "events_fts_insert"), ("trigger", "claims_fts_update")]:
        assert expected in names



def test_the_timeline_view_reads_its_page_off_the_timeline_index(engine, db_path):
    # Ordered by an expression no index holds, each read of the view sorted every event.
    with sqlite3.connect(db_path) as connection:
        top_level = [detail for _, parent, _, detail in connection.execute(
            "explain query plan select * from timeline limit 50") if parent == 0]
    assert "SCAN e USING INDEX ix_events_timeline_order" in top_level
    assert "USE TEMP B-TREE FOR ORDER BY" not in top_level

def test_downgrade_to_base_and_back_restores_the_same_schema(engine, db_path):
    before = schema_objects(db_path)
    db.downgrade(engine, "base")
    assert [o for o in schema_objects(db_path) if o[1] != "alembic_version"] == []
    db.upgrade(engine)
    assert schema_objects(db_path) == before


def revision_steps() -> list[tuple[str, str]]:
    script = ScriptDirectory.from_config(db.alembic_config())
    return [(rev.revision, rev.down_revision) for rev in script.walk_revisions()
            if rev.down_revision is not None]


@pytest.mark.parametrize("revision, parent", revision_steps() or [pytest.param(
    None, None, marks=pytest.mark.skip(reason="one revision so far: base round-trip covers it"))])
def test_each_step_down_and_up_keeps_rows(engine, revision, parent):
    with engine.begin() as connection:
        connection.execute(text("insert into sources (name, kind, created_at) "
                                "values ('Reuters', 'agency', '2003-01-20')"))
    db.downgrade(engine, parent)
    db.upgrade(engine, revision)
    with engine.connect() as connection:
        assert connection.execute(text("select name from sources")).scalar_one() == "Reuters"


def test_fts_triggers_follow_inserts_updates_and_deletes(engine):
    with engine.begin() as connection:
        connection.execute(text(
            "insert into events (summary, date_precision, status, confidence, verified, "
            "created_by, created_at, updated_at) values ('Envoy meets Kim in Pyongyang', "
            "'unknown', 'occurred', 1, 0, 'person', '2003', '2003')"))
        match = "select rowid from events_fts where events_fts match :q"
        assert connection.execute(text(match), {"q": "pyongyang"}).all() == [(1,)]
        connection.execute(text("update events set summary = 'Envoy leaves Beijing'"))
        assert connection.execute(text(match), {"q": "pyongyang"}).all() == []
        assert connection.execute(text(match), {"q": "beijing"}).all() == [(1,)]
        connection.execute(text("delete from events"))
        assert connection.execute(text(match), {"q": "beijing"}).all() == []


def test_foreign_keys_are_enforced(engine):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text(
            "insert into event_participants (event_id, entity_id, role) values (99, 99, 'agent')"
        ))


def test_open_database_creates_a_new_database_at_head(tmp_path):
    engine = db.open_database(str(tmp_path / "new.db"), create=True)
    assert db.current_revision(engine) == db.head_revision()


def test_reading_a_missing_database_says_how_to_make_one(tmp_path):
    with pytest.raises(DatabaseError, match=r"no database at .*missing.db: run `timeline ingest"):
        db.open_database(str(tmp_path / "missing.db"), create=False)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(DatabaseError, match="is not a SQLite database"):
        db.open_database(str(path), create=True)
    assert path.read_text().startswith("these are my notes")


def test_a_database_from_a_newer_timeline_is_refused(engine, db_path):
    with engine.begin() as connection:
        connection.execute(text("update alembic_version set version_num = 'f00dfeedbeef'"))
    with pytest.raises(DatabaseError, match="newer than this timeline knows"):
        db.open_database(str(db_path), create=True)


def test_a_database_behind_head_asks_for_an_upgrade(engine, db_path, monkeypatch):
    current = db.current_revision(engine)
    monkeypatch.setattr(db, "head_revision", lambda: "a_later_revision")
    monkeypatch.setattr(db, "known_revisions", lambda: {current, "a_later_revision"})
    with pytest.raises(DatabaseError, match="behind a_later_revision: run `timeline db upgrade`"):
        db.open_database(str(db_path), create=False)


def test_somebody_elses_database_is_not_built_upon(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("create table accounts (id integer)")
    with pytest.raises(DatabaseError, match=r"holds other tables \(accounts\)"):
        db.open_database(str(path), create=True)


@pytest.mark.parametrize("given, expected_prefix", [
    ("timeline.db", "sqlite:////"),
    ("sqlite:///x.db", "sqlite:///x.db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
])
def test_database_url(given, expected_prefix):
    assert db.database_url(given).startswith(expected_prefix)
