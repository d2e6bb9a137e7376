"""Throughput of the temporal tagger against dateparser's ``search_dates`` on the same texts.

    .venv/bin/python bench/timex_speed.py [--docs N] [--repeat R]

Tags the first N documents of /work/shared/eval/timex/{timebank,aquaint}.jsonl (all by
default) with ``tag_timexes`` and with ``dateparser.search.search_dates``, each given the
document date, and prints characters per CPU second for both and the ratio (target: >= 20x).
Skips cleanly (exit 0) when the evaluation data or dateparser is missing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timeline.extract.timex import tag_timexes  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS_FILES = [SHARED / "eval" / "timex" / f"{name}.jsonl" for name in ("timebank", "aquaint")]
TARGET_RATIO = 20.0


def load_documents(limit: int | None) -> list[tuple[str, datetime.date | None]]:
    documents = []
    for path in CORPUS_FILES:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    doc = json.loads(line)
                    dct = datetime.date.fromisoformat(doc["dct"]) if doc.get("dct") else None
                    documents.append((doc["text"], dct))
    return documents[:limit] if limit else documents


def chars_per_second(tag, documents, repeat: int) -> tuple[float, int]:
    """Best of ``repeat`` timed passes; returns (characters per second, expressions found).

    Timed in CPU seconds of this process, so other work on a shared machine does not skew
    the ratio between the two taggers.
    """
    characters = sum(len(text) for text, _ in documents)
    best = float("inf")
    found = 0
    for _ in range(repeat):
        started = time.process_time()
        found = sum(len(tag(text, dct) or ()) for text, dct in documents)
        best = min(best, time.process_time() - started)
    return characters / best, found


def tag_with_dateparser(search_dates):
    def tag(text: str, dct: datetime.date | None):
        settings = {"RETURN_AS_TIMEZONE_AWARE": False}
        if dct is not None:
            settings["RELATIVE_BASE"] = datetime.datetime(dct.year, dct.month, dct.day)
        return search_dates(text, languages=["en"], settings=settings)

    return tag


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=None, help="only the first N documents")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes for the tagger")
    args = parser.parse_args(argv)
    if not all(path.exists() for path in CORPUS_FILES):
        print(f"skipped: evaluation data not found under {SHARED / 'eval' / 'timex'}")
        return 0
    try:
        from dateparser.search import search_dates
    except ImportError:
        print("skipped: dateparser is not installed (pip install dateparser)")
        return 0
    documents = load_documents(args.docs)
    characters = sum(len(text) for text, _ in documents)
    print(f"{len(documents)} documents, {characters} characters")
    ours, ours_found = chars_per_second(tag_timexes, documents, args.repeat)
    print(f"  tag_timexes              {ours:12,.0f} chars/s  ({ours_found} expressions)")
    theirs, theirs_found = chars_per_second(tag_with_dateparser(search_dates), documents, 1)
    print(f"  dateparser.search_dates  {theirs:12,.0f} chars/s  ({theirs_found} expressions)")
    ratio = ours / theirs
    verdict = "meets" if ratio >= TARGET_RATIO else "misses"
    print(f"  ratio {ratio:.1f}x ({verdict} the {TARGET_RATIO:.0f}x target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
