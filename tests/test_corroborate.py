"""Corroboration: two articles reporting one event make one event with two evidence rows."""

from __future__ import annotations

import datetime

import pytest
from sqlmodel import select

from timeline.articles import parse_document
from timeline.corroborate import event_fingerprint, summary_overlap
from timeline.db import session_scope
from timeline.extract import extract_article
from timeline.models import Event, EventEvidence
from timeline.store import save_article

FIRST = ("MOSCOW, March 3 (Reuters) - Gazprom cut gas supplies to Ukraine on Monday "
         "after talks on the debt failed.\n")
SECOND = ("KIEV, March 3 (Reuters) - Gazprom cut gas supplies to Ukraine on Monday, "
          "Ukrainian officials said, in a dispute over unpaid bills.\n")


def ingest(engine, text):
    article = parse_document(text, date=datetime.date(2008, 3, 3))[0]
    with session_scope(engine) as session:
        save_article(extract_article(article), origin="test", session=session)


def assert_one_cut_reported_by_two_articles(engine):
    with session_scope(engine) as session:
        cuts = [e for e in session.exec(select(Event)) if "cut gas supplies" in e.summary]
        assert len(cuts) == 1
        evidence = session.exec(
            select(EventEvidence).where(EventEvidence.event_id == cuts[0].id)).all()
        assert len({row.article_id for row in evidence}) == 2


def test_two_articles_make_one_corroborated_event(engine):
    ingest(engine, FIRST)
    ingest(engine, SECOND)
    ingest(engine, SECOND)  # a re-run duplicates nothing
    assert_one_cut_reported_by_two_articles(engine)


@pytest.mark.parametrize("keys, date, expected", [
    (["ukraine", "gazprom"], "2008-03-03", "gazprom|ukraine@2008-03"),
    (["gazprom"], None, "gazprom@undated"),
    ([], "2008-03-03", None),
])
def test_fingerprint(keys, date, expected):
    assert event_fingerprint(keys, date) == expected


@pytest.mark.parametrize("first, second, similar", [
    ("Gazprom cut gas supplies to Ukraine", "Gazprom cut gas supplies to Ukraine on Monday", True),
    ("Gazprom cut gas supplies to Ukraine", "Gazprom raised prices for Belarus", False),
])
def test_summary_overlap(first, second, similar):
    assert (summary_overlap(first, second) >= 0.3) is similar


def test_one_batch_corroborates_and_skips_repeats_as_separate_saves_do(engine):
    # An ingest batch looks its articles, entities and events up ahead, then keeps what it
    # adds: the second story must find the first one's event, the repeat the stored story.
    from timeline.ingest import IngestReport, write_batch
    from timeline.writer import WriteCache, prepare

    def batch(*texts):
        return [(prepare(extract_article(parse_document(text, date=datetime.date(2008, 3, 3))[0])),
                 "batch") for text in texts]

    report, cache = IngestReport(), WriteCache()
    write_batch(batch(FIRST, SECOND, SECOND), engine=engine, report=report, cache=cache)
    write_batch(batch(FIRST), engine=engine, report=report, cache=cache)
    assert (report.added, report.unchanged) == (2, 2)
    assert_one_cut_reported_by_two_articles(engine)
