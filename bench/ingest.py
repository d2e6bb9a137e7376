"""Ingest speed: N Reuters stories into a fresh database, against plain sqlite3 in the same run.

    python bench/ingest.py [N] [--full]

Prints articles/s for reading + parsing + storing (``--full`` adds the whole extraction), the
storage floor (the same stories inserted with sqlite3 ``executemany``), the ratio, and the peak
memory of each run (each runs in its own process so the peaks do not mix).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import REUTERS_SAMPLE, peak_memory_mb, require, write_sample  # noqa: E402


def run_timeline(sample: Path, db: Path, full: bool) -> dict:
    from timeline.db import open_database
    from timeline.ingest import ParseOptions, extract_article, ingest_paths, parse_only

    engine = open_database(str(db), create=True)
    started = time.perf_counter()
    report = ingest_paths([str(sample)], ParseOptions(), engine=engine,
                          extractor=extract_article if full else parse_only)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {"articles": report.added, "seconds": elapsed, "peak_mb": peak_memory_mb()}


def run_floor(sample: Path, db: Path) -> dict:
    """Plain sqlite3: the same texts into a table with a unique hash, in one executemany."""
    import hashlib

    started = time.perf_counter()
    rows = []
    with sample.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            digest = hashlib.sha256(record["text"].encode()).hexdigest()
            rows.append((record.get("title"), record.get("date"), record["text"], digest))
    connection = sqlite3.connect(db)
    connection.execute("create table articles (id integer primary key, title text, "
                       "published_on text, text text, content_hash text unique)")
    with connection:
        connection.executemany("insert into articles (title, published_on, text, content_hash) "
                               "values (?, ?, ?, ?)", rows)
    connection.close()
    elapsed = time.perf_counter() - started
    return {"articles": len(rows), "seconds": elapsed, "peak_mb": peak_memory_mb()}


def in_subprocess(kind: str, sample: Path, db: Path, full: bool) -> dict:
    command = [sys.executable, __file__, "--worker", kind, "--sample", str(sample),
               "--db", str(db)] + (["--full"] if full else [])
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=2000)
    parser.add_argument("--full", action="store_true", help="include the whole extraction")
    parser.add_argument("--worker", choices=("timeline", "floor"), help=argparse.SUPPRESS)
    parser.add_argument("--sample", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run = run_timeline(args.sample, args.db, args.full) if args.worker == "timeline" \
            else run_floor(args.sample, args.db)
        print(json.dumps(run))
        return
    require(REUTERS_SAMPLE)
    with tempfile.TemporaryDirectory() as workdir:
        sample = write_sample(Path(workdir) / "sample.jsonl", args.n)
        timeline = in_subprocess("timeline", sample, Path(workdir) / "timeline.db", args.full)
        floor = in_subprocess("floor", sample, Path(workdir) / "floor.db", False)
    what = "read+parse+extract+store" if args.full else "read+parse+store"
    rate = timeline["articles"] / timeline["seconds"]
    floor_rate = floor["articles"] / floor["seconds"]
    print(f"stories: {args.n}")
    print(f"timeline ingest ({what}): {timeline['articles']} articles in "
          f"{timeline['seconds']:.2f} s = {rate:,.0f} articles/s, "
          f"peak {timeline['peak_mb']:.0f} MB")
    print(f"storage floor (sqlite3 executemany): {floor['articles']} in {floor['seconds']:.2f} s "
          f"= {floor_rate:,.0f} articles/s, peak {floor['peak_mb']:.0f} MB")
    print(f"ratio floor/timeline: {floor_rate / rate:.1f}x")


if __name__ == "__main__":
    main()
