"""The README's walk-through is run as written: each ``$ timeline ...`` line in a ``console``
block, its output compared with the lines under it (``...`` stands for any text)."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO, SEEDS
from timeline.cli import app

CONSOLE_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
ANY_LINES = "..."


def readme_sessions() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for every command in the README, in order."""
    sessions: list[tuple[str, list[str]]] = []
    for block in CONSOLE_BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8")):
        for line in block.splitlines():
            if line.startswith("$ "):
                sessions.append((line[2:], []))
            elif sessions:
                sessions[-1][1].append(line)
    return sessions


def line_pattern(expected: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in expected.split(ANY_LINES)) + r"\Z")


def output_matches(expected: list[str], actual: list[str]) -> bool:
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head == ANY_LINES:
        return any(output_matches(rest, actual[skip:]) for skip in range(len(actual) + 1))
    return bool(actual) and bool(line_pattern(head).match(actual[0].rstrip())) and \
        output_matches(rest, actual[1:])


def test_readme_starts_with_the_two_commands():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = text.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block


def test_readme_walk_through_runs_as_written(tmp_path, monkeypatch):
    sessions = readme_sessions()
    assert len(sessions) >= 10
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TIMELINE_DB", raising=False)
    runner = CliRunner()
    for command, expected in sessions:
        words = shlex.split(command)
        assert words[0] == "timeline", command
        result = runner.invoke(app, words[1:])
        actual = result.output.rstrip("\n").splitlines()
        assert output_matches(expected, actual), (
            f"\n$ {command}\n--- expected\n" + "\n".join(expected)
            + "\n--- actual\n" + "\n".join(actual)
        )
    assert Path("korea-timelinejs.json").exists()


@pytest.mark.parametrize("expected, actual, matches", [
    (["a ... c"], ["a b c"], True),
    (["x", "...", "z"], ["x", "1", "2", "z"], True),
    (["x", "...", "z"], ["x", "z"], True),
    (["x"], ["x", "y"], False),
    (["a ... c"], ["a b d"], False),
])
def test_output_matching(expected, actual, matches):
    assert output_matches(expected, actual) is matches
