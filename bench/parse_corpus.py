"""Run the article parser over the corpora in shared/corpus and print how much it finds.

    .venv/bin/python bench/parse_corpus.py [--limit N] [--years 1985-1990] [--show FIELD] [NAME]

Per corpus: articles parsed; the share with a title found in the text, a date found from the
text alone (the declared date is withheld, then compared), dateline places and agency; date
sources; ambiguous dates (DateError, a reported outcome, not a crash); exceptions (must be 0);
and parser throughput in articles per second. ``--show title`` prints examples of misses.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timeline.articles import DEFAULT_YEARS, ParsedArticle, parse_document, parse_years  # noqa: E402
from timeline.errors import DateError  # noqa: E402
from timeline.inputs import Document, read_documents  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS_DIR = SHARED / "corpus"
MISSES_SHOWN = 12


@dataclass
class CorpusFigures:
    documents: int = 0
    articles: int = 0
    with_title: int = 0
    with_date: int = 0
    date_agrees: int = 0
    with_places: int = 0
    with_agency: int = 0
    with_dateline: int = 0
    ambiguous: int = 0
    exceptions: int = 0
    parse_seconds: float = 0.0
    sources: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def count(self, article: ParsedArticle, declared_date: str | None) -> None:
        self.articles += 1
        self.with_title += article.title is not None
        self.with_dateline += article.dateline is not None
        self.with_places += bool(article.dateline and article.dateline.places)
        self.with_agency += article.agency is not None
        if article.date is not None:
            self.with_date += 1
            self.sources[article.date.source] += 1
            self.date_agrees += article.date.value.isoformat() == declared_date


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "  n/a"


def _miss(show: str, article: ParsedArticle, declared_date: str | None) -> bool:
    if show == "title":
        return article.title is None
    if show == "date":
        return article.date is None
    if show == "wrongdate":
        return article.date is not None and article.date.value.isoformat() != declared_date
    if show == "places":
        return not (article.dateline and article.dateline.places)
    if show == "agency":
        return article.agency is None
    return False


def measure(
    path: Path, *, limit: int | None, show: str | None, years: tuple[int, int]
) -> CorpusFigures:
    figures = CorpusFigures()
    for document in read_documents([str(path)]):
        if not isinstance(document, Document):
            continue
        if limit is not None and figures.documents >= limit:
            break
        figures.documents += 1
        declared_date = document.declared.get("date")
        started = time.perf_counter()
        try:
            # The declared date is withheld so that the figures measure what the text gives.
            articles = parse_document(document.text, split=document.is_split_allowed, years=years)
        except DateError:
            figures.ambiguous += 1
            continue
        except Exception as error:  # noqa: BLE001 - the bench counts every crash
            figures.exceptions += 1
            figures.misses.append(f"EXCEPTION {document.origin}: {error!r}")
            continue
        finally:
            figures.parse_seconds += time.perf_counter() - started
        for article in articles:
            figures.count(article, declared_date)
            if show and _miss(show, article, declared_date) and len(figures.misses) < MISSES_SHOWN:
                figures.misses.append(
                    f"{document.origin}: {article.text[:300]!r} -> {article.date}"
                )
    return figures


def report(name: str, figures: CorpusFigures) -> None:
    articles = figures.articles
    rate = figures.documents / figures.parse_seconds if figures.parse_seconds else 0.0
    print(f"== {name}")
    print(f"  documents {figures.documents}  articles parsed {articles}")
    print(f"  title     {_share(figures.with_title, articles)}")
    print(
        f"  date      {_share(figures.with_date, articles)}"
        f"  (agrees with the declared date: {_share(figures.date_agrees, figures.with_date)};"
        f" sources {dict(figures.sources)})"
    )
    print(f"  dateline  {_share(figures.with_dateline, articles)}")
    print(f"  places    {_share(figures.with_places, articles)}")
    print(f"  agency    {_share(figures.with_agency, articles)}")
    print(f"  ambiguous dates (DateError) {figures.ambiguous}")
    print(f"  exceptions {figures.exceptions}")
    print(f"  throughput {rate:,.0f} articles/s (parser only, one core)")
    for miss in figures.misses:
        print("   ", miss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", help="corpus file names (default: all)")
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus")
    parser.add_argument(
        "--show", choices=["title", "date", "wrongdate", "places", "agency"], default=None
    )
    parser.add_argument(
        "--years", default=None, help="window for weekday inference, e.g. 1985-1990"
    )
    options = parser.parse_args()
    years = parse_years(options.years) if options.years else DEFAULT_YEARS
    if not CORPUS_DIR.is_dir():
        print(f"skipped: no corpus folder at {CORPUS_DIR}")
        return 0
    paths = sorted(CORPUS_DIR.glob("*.jsonl*"))
    if options.corpora:
        paths = [path for path in paths if any(name in path.name for name in options.corpora)]
    total_exceptions = 0
    for path in paths:
        figures = measure(path, limit=options.limit, show=options.show, years=years)
        report(path.name, figures)
        total_exceptions += figures.exceptions
    return 1 if total_exceptions else 0


if __name__ == "__main__":
    raise SystemExit(main())
