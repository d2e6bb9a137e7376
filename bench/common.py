"""Shared by the benchmarks: where ../shared is, reading the corpora, peak memory."""

from __future__ import annotations

import gzip
import json
import resource
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
REUTERS_SAMPLE = CORPUS / "reuters_2006_2013_sample20k.jsonl.gz"


def require(path: Path) -> Path:
    """``path``, or exit 0 with a message saying the benchmark was skipped."""
    if not path.exists():
        print(f"skipped: {path} not found (the benchmarks read ../shared)")
        sys.exit(0)
    return path


def corpus_records(path: Path, limit: int | None = None) -> Iterator[dict]:
    """The first ``limit`` JSON records of a gzipped JSON-lines corpus."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                return
            yield json.loads(line)


def write_sample(path: Path, limit: int) -> Path:
    """The first ``limit`` Reuters stories as a plain .jsonl file at ``path``."""
    with path.open("w", encoding="utf-8") as out:
        for record in corpus_records(require(REUTERS_SAMPLE), limit):
            out.write(json.dumps(record) + "\n")
    return path


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sqlite_floor(sample: Path, database: Path) -> dict:
    """The storage floor: the sample's stories into one plain sqlite3 table (text, hash unique)
    with a single ``executemany``; returns articles, seconds and peak memory."""
    import hashlib
    import sqlite3
    import time

    started = time.perf_counter()
    rows = []
    with sample.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            digest = hashlib.sha256(record["text"].encode()).hexdigest()
            rows.append((record.get("title"), record.get("date"), record["text"], digest))
    connection = sqlite3.connect(database)
    connection.execute("create table articles (id integer primary key, title text, "
                       "published_on text, text text, content_hash text unique)")
    with connection:
        connection.executemany("insert into articles (title, published_on, text, content_hash) "
                               "values (?, ?, ?, ?)", rows)
    connection.close()
    return {"articles": len(rows), "seconds": time.perf_counter() - started,
            "peak_mb": peak_memory_mb()}
