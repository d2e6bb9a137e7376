"""Ingest speed: N Reuters stories into a fresh database, against plain sqlite3 in the same run.

    python bench/ingest.py [N] [--full]

Prints articles/s for reading + parsing + storing (``--full`` adds the whole extraction), the
storage floor (the same stories inserted with sqlite3 ``executemany``), the ratio, and the peak
memory of each run (each runs in its own process so the peaks do not mix).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    REUTERS_SAMPLE,
    peak_memory_mb,
    require,
    sqlite_floor,
    write_sample,
)


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
            else sqlite_floor(args.sample, args.db)
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
