"""An installed timeline, not only a source checkout, carries what it reads at run time:
its migrations (kept at the top of the repository) and its data tables."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SEED_ARTICLE

ROOT = Path(__file__).resolve().parents[1]


def listed_packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["packages"]


def test_every_python_package_under_timeline_is_listed():
    found = sorted(".".join(init.parent.relative_to(ROOT).parts)
                   for init in (ROOT / "timeline").rglob("__init__.py"))
    assert set(found) <= set(listed_packages())


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel of this checkout, unpacked where nothing else of the repository is."""
    out = tmp_path_factory.mktemp("wheel")
    # Built from a copy of what goes into it: setuptools leaves a build/ folder beside the
    # sources, whose leftovers would otherwise travel in the wheel and litter the checkout.
    source = out / "source"
    for folder in ("timeline", "migrations"):
        shutil.copytree(ROOT / folder, source / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for file in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / file, source / file)
    # No build isolation: the test environment's setuptools builds it, with no download.
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    target = out / "site"
    with zipfile.ZipFile(next(out.glob("timeline-*.whl"))) as wheel:
        wheel.extractall(target)
    return target


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "timeline.cli", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"})


def test_the_installed_package_builds_its_schema_and_ingests(installed, tmp_path):
    where = run_installed(installed, tmp_path, "--help")
    assert where.returncode == 0, where.stderr
    located = subprocess.run(
        [sys.executable, "-c", "import timeline.db as d; print(d.__file__, d.MIGRATIONS_DIR)"],
        cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(installed), "PYTHONSAFEPATH": "1"})
    module, migrations = located.stdout.split()
    assert Path(module).is_relative_to(installed)
    assert Path(migrations) == installed / "timeline" / "migrations"
    article = tmp_path / "seed.txt"
    article.write_text(SEED_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    ingested = run_installed(installed, tmp_path, "--db", "t.db", "ingest", str(article))
    assert ingested.returncode == 0, ingested.stderr
    assert ingested.stdout.startswith("1 article added")
    current = run_installed(installed, tmp_path, "--db", "t.db", "db", "current")
    assert current.returncode == 0 and "(head)" in current.stdout
