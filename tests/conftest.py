"""Shared fixtures: a temporary database and a CLI runner bound to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app
from timeline.db import create_db_engine, database_url, upgrade

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_ARTICLE = SEEDS / "000_9f6ccffaac6e1ce8.txt"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "timeline.db"


@pytest.fixture
def engine(db_path: Path):
    engine = create_db_engine(database_url(str(db_path)))
    upgrade(engine)
    yield engine
    engine.dispose()


class TimelineRunner:
    """Runs ``timeline --db DB ...`` in-process and keeps stdout and stderr apart."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(app, ["--db", str(self.db_path), *args], input=input)

    def ok(self, *args: str, input: str | None = None) -> str:
        result = self(*args, input=input)
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result.stdout

    def json(self, *args: str):
        return json.loads(self.ok(*args, "--json"))


@pytest.fixture
def cli(db_path: Path) -> TimelineRunner:
    return TimelineRunner(db_path)
