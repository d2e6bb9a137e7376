"""Characters per second of the claims extractor over the Reuters 2006-2013 sample.

    .venv/bin/python bench/claims_speed.py [--limit N]

Reads /work/shared/corpus/reuters_2006_2013_sample20k.jsonl.gz (gzipped JSON lines
{"id", "date", "title", "text"}); skips cleanly when it is missing.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timeline.extract.claims import extract_claims  # noqa: E402

CORPUS = (
    Path(__file__).resolve().parents[1].parent
    / "shared" / "corpus" / "reuters_2006_2013_sample20k.jsonl.gz"
)


def read_articles(path: Path, limit: int) -> list[tuple[str, datetime.date | None]]:
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            articles.append((record.get("text") or "", _date(record.get("date"))))
            if limit and len(articles) >= limit:
                break
    return articles


def _date(value: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is missing")
        return 0
    articles = read_articles(CORPUS, args.limit)
    started = time.perf_counter()
    claims = sum(len(extract_claims(text, dct=dct)) for text, dct in articles)
    seconds = time.perf_counter() - started
    chars = sum(len(text) for text, _ in articles)
    print(f"{len(articles)} articles, {chars:,} chars, {claims:,} claims in {seconds:.1f} s: "
          f"{chars / max(seconds, 1e-9):,.0f} chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
