"""The ingest pipeline: read inputs, parse articles, extract, store; each article atomic.

This is an edge like the CLI: it opens and commits sessions. Reading, parsing and extracting
are pure and happen before the transaction opens, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import datetime
import functools
import gc
import itertools
import json
import multiprocessing
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Generic, TextIO, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from timeline.articles import DEFAULT_YEARS, ParsedArticle, parse_document
from timeline.db import describe_database_error, session_scope
from timeline.errors import DatabaseError, DateError, InputError, TimelineError
from timeline.extract import ArticleExtraction, extract_article, extraction_record
from timeline.gazetteer import default_gazetteer
from timeline.inputs import Document, Skipped, read_documents
from timeline.writer import ArticleWriter, PreparedArticle, WriteCache, prepare


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


Extracted = TypeVar("Extracted")


@dataclass(frozen=True)
class ExtractedDocument(Generic[Extracted]):
    """One input document and what was extracted from each article in it (the extraction,
    or the rows ``prepare`` made of it)."""

    document: Document
    extractions: tuple[Extracted, ...]


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


def _named_directly(origin: str, named: set[str]) -> bool:
    # "path.jsonl:7" is a line of a file that was named.
    return origin == "-" or origin in named or origin.rsplit(":", 1)[0] in named


# Articles per transaction. Pages that several articles touch (the ends of indexes, the
# full-text index) are written once per transaction: 100 rather than 50 cut the writer's
# time by a tenth at 20,000 stories; 200 saved nothing more, and held the lock longer.
WRITE_BATCH = 100
WRITE_ATTEMPTS = 5


def ingest_paths(
    paths: Sequence[str],
    options: ParseOptions,
    *,
    engine: Engine,
    stdin: TextIO | BinaryIO | None = None,
    on_article: Callable[[IngestReport], None] | None = None,
    extractor: Callable[[ParsedArticle], ArticleExtraction] = extract_article,
    workers: int = 1,
    batch_size: int = WRITE_BATCH,
) -> IngestReport:
    """Ingest every article under ``paths`` into the database behind ``engine``.

    ``extractor`` turns a parsed article into what is stored with it (the whole extraction by
    default; ``parse_only`` stores the articles alone). With ``workers`` > 1 reading, parsing
    and extraction run in that many processes while this one writes, in input order, so the
    result is the same as with one. Articles are written in batches of ``batch_size``, a
    transaction each: an article is stored whole or not at all, and an article whose text is
    stored already is left as it is. Returns the report; raises TimelineError for
    a named input that cannot be read (nothing from it is stored).
    """
    with _collecting_less():
        return _ingest(paths, options, engine=engine, stdin=stdin, on_article=on_article,
                       extractor=extractor, workers=workers, batch_size=batch_size)


def _ingest(
    paths: Sequence[str],
    options: ParseOptions,
    *,
    engine: Engine,
    stdin: TextIO | BinaryIO | None,
    on_article: Callable[[IngestReport], None] | None,
    extractor: Callable[[ParsedArticle], ArticleExtraction],
    workers: int,
    batch_size: int,
) -> IngestReport:
    report = IngestReport()
    documents = extract_documents(
        paths, options, stdin=stdin, on_skip=report.skipped.append,
        extractor=functools.partial(_prepared, extractor=extractor), workers=workers,
    )
    cache = WriteCache()
    pending: list[tuple[PreparedArticle, str]] = []
    for extracted in documents:
        if extracted.document.encoding != "utf-8":
            report.notes.append(
                f"{extracted.document.origin}: not UTF-8, read as {extracted.document.encoding}"
            )
        pending.extend((extraction, extracted.document.origin)
                       for extraction in extracted.extractions)
        if len(pending) >= batch_size:
            write_batch(pending, engine=engine, report=report, cache=cache,
                        on_article=on_article)
            pending = []
            cache.trim()
    if pending:
        write_batch(pending, engine=engine, report=report, cache=cache, on_article=on_article)
    return report


def write_batch(
    batch: Sequence[tuple[PreparedArticle, str]],
    *,
    engine: Engine,
    report: IngestReport,
    cache: WriteCache,
    on_article: Callable[[IngestReport], None] | None = None,
) -> None:
    """Store a batch of articles in one transaction: all of the batch is stored, or none.

    Another process writing the same database at the same time may hold the lock past the
    busy timeout or store the same article or entity first: the batch is then rolled back
    and written again (up to WRITE_ATTEMPTS times); on the retry, what the other process
    stored is found and reused, so nothing is lost or doubled. A batch is one transaction, so
    an interrupted ingest leaves whole articles only; a re-run stores the rest.
    """
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        outcome = IngestReport()
        try:
            with session_scope(engine) as session:
                writer = ArticleWriter(session.connection(), cache)
                with writer.bulk_writing():
                    writer.look_ahead([extraction for extraction, _ in batch])
                    saved = [writer.save(extraction, origin=origin)[1]
                             for extraction, origin in batch]
                for (extraction, _), created in zip(batch, saved, strict=True):
                    if created:
                        outcome.added += 1
                        outcome.claims += len(extraction.claims)
                    else:
                        outcome.unchanged += 1
        except BaseException as error:
            cache.forget()  # ids made in the rolled-back transaction are gone
            if not _is_database_error(error):
                raise
            if attempt == WRITE_ATTEMPTS or not _is_concurrency_conflict(error):
                raise DatabaseError(
                    describe_database_error(error, str(engine.url))  # type: ignore[arg-type]
                ) from error
            time.sleep(0.05 * attempt)
            continue
        report.added += outcome.added
        report.unchanged += outcome.unchanged
        report.claims += outcome.claims
        if on_article:
            on_article(report)
        return


def _is_database_error(error: BaseException) -> bool:
    # The write path runs on the driver connection, so errors come from SQLAlchemy or the
    # driver itself (sqlite3, psycopg).
    return isinstance(error, DBAPIError | sqlite3.Error) or \
        type(error).__module__.startswith("psycopg")


def _is_concurrency_conflict(error: BaseException) -> bool:
    """A conflict with another writer that a retry resolves: a lock held past the busy
    timeout, or a unique key (article hash, entity name, alias) the other stored first."""
    message = str(getattr(error, "orig", error)).lower()
    unique = "unique" in message or "duplicate key" in message
    return unique or "locked" in message or "busy" in message or "deadlock" in message


def extract_documents(
    paths: Sequence[str],
    options: ParseOptions,
    *,
    stdin: TextIO | BinaryIO | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    extractor: Callable[[ParsedArticle], Any] = extract_article,
    workers: int = 1,
) -> Iterator[ExtractedDocument[Any]]:
    """Read, parse and extract every document under ``paths``, lazily, in input order.

    A named path that cannot be read, or whose date cannot be settled, raises TimelineError;
    inside a folder such a document is reported to ``on_skip`` and the rest go on. With
    ``workers`` > 1, parsing and extraction run in that many processes; documents are read
    here and results come back in input order, so the caller sees exactly what one process
    would give.
    """
    named = {str(Path(p)) for p in paths}
    job = functools.partial(_extract_one, options=options, extractor=extractor, named=named)
    documents = read_documents(paths, stdin=stdin)
    if workers <= 1:
        results: Iterator[ExtractedDocument[Any] | Skipped | str] = map(job, documents)
        yield from _raise_or_skip(results, on_skip)
        return
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    # Built once here, a forked worker inherits the gazetteer instead of building its own.
    default_gazetteer()
    # An executor rather than multiprocessing.Pool: the Pool's worker-minding thread wakes
    # on every result waiting to be read, and spent a tenth of the writing process's time.
    pool = concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=context, initializer=_worker_started
    )
    try:
        yield from _raise_or_skip(_bounded_map(pool, job, documents, workers), on_skip)
    except concurrent.futures.process.BrokenProcessPool:
        raise TimelineError(
            "an extracting process died (out of memory?); run the ingest again: what is "
            "stored is kept, and the rest is added"
        ) from None
    finally:
        pool.shutdown(cancel_futures=True)


# Extraction allocates many short-lived objects and few cycles: collecting the youngest
# generation every GC_THRESHOLD allocations rather than Python's 700 saves about a tenth.
GC_THRESHOLD = 50_000


@contextlib.contextmanager
def _collecting_less() -> Iterator[None]:
    """Within the block, collect garbage as the extracting processes do (what exists already
    frozen, the youngest generation every GC_THRESHOLD allocations); as before afterwards."""
    thresholds = gc.get_threshold()
    _collect_less_often()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _collect_less_often() -> None:
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def _worker_started() -> None:
    # The gazetteer and compiled rules live as long as the worker: built before the freeze,
    # they are left out of every collection instead of being walked by each full one.
    default_gazetteer()
    _collect_less_often()


# Documents go to the workers in chunks: each task costs the writing process a round of
# pickling and thread hand-offs, as much as storing an article when sent one by one.
CHUNK = 16
# Chunks handed to the workers and not yet written, per worker: enough to keep them busy
# while the writer stores a batch (it hands out no work meanwhile: with 24 articles per
# worker they ran dry, 6% slower than with 64), few enough that memory does not grow with
# the size of the input.
CHUNKS_IN_FLIGHT_PER_WORKER = 4


def _bounded_map(
    pool: concurrent.futures.Executor, job: Callable[[Any], Any], items: Iterable[Any],
    workers: int,
) -> Iterator[Any]:
    """``pool.map`` in input order, in chunks of CHUNK items, with at most
    CHUNKS_IN_FLIGHT_PER_WORKER chunks per worker outstanding: ``map`` submits its whole
    input at once and keeps every result, so a slow writer would hold the corpus in memory."""
    pending: collections.deque = collections.deque()
    for chunk in _chunks(items, CHUNK):
        pending.append(pool.submit(_map_chunk, job, chunk))
        if len(pending) >= workers * CHUNKS_IN_FLIGHT_PER_WORKER:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _chunks(items: Iterable[Any], size: int) -> Iterator[tuple[Any, ...]]:
    iterator = iter(items)
    while chunk := tuple(itertools.islice(iterator, size)):
        yield chunk


def _map_chunk(job: Callable[[Any], Any], chunk: Sequence[Any]) -> list[Any]:
    return [job(item) for item in chunk]


def _raise_or_skip(
    results: Iterator[ExtractedDocument[Any] | Skipped | str],
    on_skip: Callable[[Skipped], None] | None,
) -> Iterator[ExtractedDocument[Any]]:
    for result in results:
        if isinstance(result, Skipped):
            if on_skip:
                on_skip(result)
        elif isinstance(result, str):
            raise TimelineError(result)
        else:
            yield result


def _extract_one(
    item: Document | Skipped,
    *,
    options: ParseOptions,
    extractor: Callable[[ParsedArticle], Any],
    named: set[str],
) -> ExtractedDocument[Any] | Skipped | str:
    # Runs in a worker process: errors travel back as values, to be raised by the parent.
    if isinstance(item, Skipped):
        return item
    try:
        articles = parse_articles(item, options)
    except DateError as error:
        if _named_directly(item.origin, named):
            return f"{item.origin}: {error}"
        return Skipped(origin=item.origin, reason=str(error))
    return ExtractedDocument(item, tuple(extractor(a) for a in articles))


def _prepared(
    article: ParsedArticle, *, extractor: Callable[[ParsedArticle], ArticleExtraction]
) -> PreparedArticle:
    # In the extracting process: the writer gets plain rows, cheap to pass and to store.
    return prepare(extractor(article))


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


def extraction_records(extracted: ExtractedDocument[ArticleExtraction]) -> Iterator[dict[str, Any]]:
    """The CONTRACT JSON objects for a document: one per article in it."""
    document = extracted.document
    doc_id = str(document.declared.get("id") or document.origin)
    many = len(extracted.extractions) > 1
    for number, extraction in enumerate(extracted.extractions, start=1):
        yield extraction_record(f"{doc_id}#{number}" if many else doc_id, extraction)
