"""The ingest pipeline: read inputs, parse articles, extract, store; one transaction an article.

This is an edge like the CLI: it opens and commits sessions. Reading, parsing and extracting
are pure and happen before the transaction opens, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine

from timeline.articles import DEFAULT_YEARS, ParsedArticle, parse_document
from timeline.db import session_scope
from timeline.errors import DateError, InputError, TimelineError
from timeline.extract import ArticleExtraction, extract_article, extraction_record
from timeline.inputs import Document, Skipped, read_documents
from timeline.store import save_article


@dataclass(frozen=True)
class ParseOptions:
    """How article dates are settled: ``--date``, ``--year`` and the ``--years`` window."""

    date: datetime.date | None = None
    year: int | None = None
    years: tuple[int, int] = DEFAULT_YEARS


@dataclass
class IngestReport:
    """What an ingest did: counts, and the inputs it skipped with the reason for each."""

    added: int = 0
    unchanged: int = 0
    claims: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.added + self.unchanged


@dataclass(frozen=True)
class ExtractedDocument:
    """One input document and the extraction of each article in it."""

    document: Document
    extractions: tuple[ArticleExtraction, ...]


def parse_articles(document: Document, options: ParseOptions) -> list[ParsedArticle]:
    """The articles in ``document``; raises DateError when a date is ambiguous or impossible."""
    return parse_document(
        document.text,
        date=options.date,
        year=options.year,
        years=options.years,
        declared=document.declared,
        split=document.is_split_allowed,
    )


def extract_documents(
    paths: Sequence[str],
    options: ParseOptions,
    *,
    stdin: IO[Any] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    extractor: Callable[[ParsedArticle], ArticleExtraction] = extract_article,
) -> Iterator[ExtractedDocument]:
    """Read, parse and extract every document under ``paths``, lazily, in input order.

    A named path that cannot be read, or whose date cannot be settled, raises; inside a
    folder such a document is reported to ``on_skip`` and the rest go on.
    """
    named = {str(Path(p)) for p in paths}
    for item in read_documents(paths, stdin=stdin):
        if isinstance(item, Skipped):
            if on_skip:
                on_skip(item)
            continue
        try:
            articles = parse_articles(item, options)
        except DateError as error:
            if _named_directly(item.origin, named):
                raise TimelineError(f"{item.origin}: {error}") from error
            if on_skip:
                on_skip(Skipped(origin=item.origin, reason=str(error)))
            continue
        yield ExtractedDocument(item, tuple(extractor(a) for a in articles))


def _named_directly(origin: str, named: set[str]) -> bool:
    path = origin.rsplit(":", 1)[0] if origin not in named else origin
    return origin == "-" or origin in named or path in named


def ingest_paths(
    paths: Sequence[str],
    options: ParseOptions,
    *,
    engine: Engine,
    stdin: IO[Any] | None = None,
    on_article: Callable[[IngestReport], None] | None = None,
    extractor: Callable[[ParsedArticle], ArticleExtraction] = extract_article,
) -> IngestReport:
    """Ingest every article under ``paths`` into the database behind ``engine``.

    ``extractor`` turns a parsed article into what is stored with it (the whole extraction by
    default; ``parse_only`` stores the articles alone).

    Each article is stored in its own transaction; an article whose text is stored already
    is left as it is. Returns the report; raises TimelineError for a named input that cannot
    be read (nothing from it is stored).
    """
    report = IngestReport()
    for extracted in extract_documents(paths, options, stdin=stdin,
                                       on_skip=report.skipped.append, extractor=extractor):
        if extracted.document.encoding != "utf-8":
            report.notes.append(
                f"{extracted.document.origin}: not UTF-8, read as {extracted.document.encoding}"
            )
        for extraction in extracted.extractions:
            with session_scope(engine) as session:
                _, created = save_article(
                    extraction, origin=extracted.document.origin, session=session
                )
            if created:
                report.added += 1
                report.claims += len(extraction.claims)
            else:
                report.unchanged += 1
            if on_article:
                on_article(report)
    return report


def parse_only(article: ParsedArticle) -> ArticleExtraction:
    """An extraction holding the parsed article and nothing extracted from its text."""
    return ArticleExtraction(article=article, timexes=(), claims=())


def extract_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """``timeline extract --jsonl``: one CONTRACT object per input line, in input order.

    Input lines are ``{"doc_id", "text", "dct"}``; each is one article (never split). Raises
    InputError naming the file and line for a line that is not such an object, before
    anything is printed for the lines after it.
    """
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: {error.strerror}; check the path") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield _extract_jsonl_line(line, f"{path}:{number}")


def _extract_jsonl_line(line: str, where: str) -> dict[str, Any]:
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{where}: not JSON ({error.msg}); one object a line") from None
    if not isinstance(request, dict) or not isinstance(request.get("text"), str):
        raise InputError(f'{where}: expected {{"doc_id", "text", "dct"}} with text a string')
    dct = request.get("dct")
    try:
        date = datetime.date.fromisoformat(dct) if dct else None
    except (TypeError, ValueError):
        raise InputError(f"{where}: dct {dct!r} is not YYYY-MM-DD") from None
    text = request["text"]
    doc_id = str(request.get("doc_id", where))
    articles = parse_document(text, date=date, split=False) if text.strip() else []
    if not articles:
        return {"doc_id": doc_id, "article": None, "timexes": [], "claims": [], "events": [],
                "entities": []}
    return extraction_record(doc_id, extract_article(articles[0]))


def extraction_records(extracted: ExtractedDocument) -> Iterator[dict[str, Any]]:
    """The CONTRACT JSON objects for a document: one per article in it."""
    document = extracted.document
    doc_id = str(document.declared.get("id") or document.origin)
    many = len(extracted.extractions) > 1
    for number, extraction in enumerate(extracted.extractions, start=1):
        yield extraction_record(f"{doc_id}#{number}" if many else doc_id, extraction)
