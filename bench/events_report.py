"""Events, entities and corroboration over 500 stories of the Reuters sample.

Ingests the stories into a fresh temporary database, prints events and claims per article,
the shares of events with a day-precise date, a date from the text (beyond the article date),
an actor and a location, entities per article, events with more than one source, extraction
milliseconds per article by stage (timex, claims, entities, events), the entities that look
like one person or organisation under two names, then 20 events drawn at random (fixed seed)
with their evidence for a person to judge.

    .venv/bin/python bench/events_report.py [--count 500] [--keep audit.db]

Skips with a message when the corpus is missing.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import itertools
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "reuters_2006_2013_sample20k.jsonl.gz"
SAMPLE_SEED = 20030120
SAMPLE_SIZE = 20
DUPLICATE_EXAMPLES = 12
# Honorifics and suffixes ignored when comparing two names of one person.
NAME_NOISE = frozenset({"jr", "sr", "ii", "iii", "mr", "mrs", "ms", "dr"})
MIDDLE_INITIAL = re.compile(r"^[A-Z]\.?$")
CORPORATE_WORDS = frozenset(
    {"inc", "corp", "corporation", "co", "ltd", "plc", "llc", "group", "holdings", "holding",
     "company", "sa", "ag", "nv", "the"}
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="keep the database at this path to audit it")
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is missing")
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from timeline.db import open_database
    from timeline.ingest import ParseOptions, ingest_paths

    with tempfile.TemporaryDirectory() as folder:
        stories = Path(folder) / "stories.jsonl"
        with gzip.open(CORPUS, "rt", encoding="utf-8") as source:
            stories.write_text("".join(itertools.islice(source, options.count)),
                               encoding="utf-8")
        db_path = options.keep or Path(folder) / "bench.db"
        db_path.unlink(missing_ok=True)
        engine = open_database(str(db_path), create=True)
        started = time.perf_counter()
        report = ingest_paths([str(stories)], ParseOptions(), engine=engine)
        elapsed = time.perf_counter() - started
        engine.dispose()
        print(f"articles {report.articles} in {elapsed:.1f}s "
              f"({report.articles / elapsed:.0f}/s, one process)")
        print_stage_times(stories)
        connection = sqlite3.connect(db_path)
        print_report(connection)
        print_duplicates(connection)
        print_sample(connection)
    return 0


def print_stage_times(stories: Path) -> None:
    """Extraction time per article by stage, the stages run as ``extract_article`` runs them."""
    from timeline.articles import parse_document
    from timeline.extract import _inside_any, dateline_place
    from timeline.extract.claims import extract_claims
    from timeline.extract.entities import extract_entities, find_entity_mentions
    from timeline.extract.events import extract_events
    from timeline.extract.timex import tag_timexes

    articles = []
    for line in stories.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        date = story.get("dct") or story.get("date")
        articles += parse_document(story["text"], split=False,
                                   date=datetime.date.fromisoformat(date[:10]) if date else None)
    spent = dict.fromkeys(("timex", "claims", "entities", "events"), 0.0)
    for article in articles:
        dct = article.date.value if article.date else None
        dateline = (article.dateline.span,) if article.dateline else ()
        started = time.perf_counter()
        timexes = tuple(t for t in tag_timexes(article.text, dct)
                        if not _inside_any(t.span, article.chrome))
        tagged = time.perf_counter()
        claims = tuple(extract_claims(article.text, dct=dct, timexes=timexes,
                                      skip=article.chrome))
        claimed = time.perf_counter()
        mentions = tuple(find_entity_mentions(article.text, skip=article.chrome,
                                              places=dateline))
        extract_entities(article.text, mentions=mentions)
        named = time.perf_counter()
        list(extract_events(article.text, dct=dct, timexes=timexes, mentions=mentions,
                            claims=claims, skip=(*article.chrome, *dateline),
                            dateline_place=dateline_place(article)))
        done = time.perf_counter()
        for stage, seconds in zip(spent, (tagged - started, claimed - tagged,
                                          named - claimed, done - named), strict=True):
            spent[stage] += seconds
    count = len(articles) or 1
    by_stage = "  ".join(f"{stage} {seconds * 1000 / count:.2f}"
                         for stage, seconds in spent.items())
    total = sum(spent.values()) * 1000 / count
    print(f"extraction ms/article            {by_stage}  (all {total:.2f})")


def scalar(connection: sqlite3.Connection, sql: str) -> float:
    return connection.execute(sql).fetchone()[0] or 0


def print_report(connection: sqlite3.Connection) -> None:
    articles = scalar(connection, "select count(*) from articles") or 1
    events = scalar(connection, "select count(*) from events") or 1
    lines = {
        "events per article": scalar(connection, "select count(*) from event_evidence")
        / articles,
        "claims per article": scalar(connection, "select count(*) from claims") / articles,
        "entities per article": scalar(
            connection, "select count(distinct entity_id) from entity_aliases") / articles,
        "share day-precise": scalar(
            connection, "select count(*) from events where date_precision = 'day'") / events,
        "share dated from text": scalar(
            connection, "select count(*) from events where date_resolution in "
            "('timex', 'discourse', 'coordinated')") / events,
        "share with actor": scalar(
            connection, "select count(distinct event_id) from event_participants") / events,
        "share with location": scalar(
            connection, "select count(*) from events where location_id is not null") / events,
        "share with actor and text date": scalar(
            connection, "select count(*) from events e where date_resolution in "
            "('timex', 'discourse') and exists (select 1 from event_participants p "
            "where p.event_id = e.id)") / events,
        "events with >1 source": scalar(
            connection, "select count(*) from timeline where sources > 1"),
    }
    for name, value in lines.items():
        print(f"{name:32} {value:.2f}" if isinstance(value, float) else f"{name:32} {value}")


def person_key(name: str) -> tuple[str, ...]:
    """A person's name without honorifics, suffixes and middle initials, lowercased."""
    words = [word.strip(".,") for word in name.split()]
    return tuple(word.lower() for word in words
                 if word.lower() not in NAME_NOISE and not MIDDLE_INITIAL.match(word))


def initials(name: str) -> str:
    words = [word for word in re.split(r"[\s-]+", name)
             if word and word.lower() not in CORPORATE_WORDS | {"of", "for", "and"}]
    return "".join(word[0] for word in words).upper()


def likely_duplicates(rows: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Pairs of entity names that probably name one thing, by the rule that suggests it:
    persons sharing a surname where one name's words are among the other's, names differing
    by a middle initial, an organisation's acronym beside its full name, organisations
    differing by a legal suffix."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    people = sorted({name for name, kind in rows if kind == "person"})
    by_surname: dict[str, list[str]] = defaultdict(list)
    for name in people:
        key = person_key(name)
        if key:
            by_surname[key[-1]].append(name)
    for names in by_surname.values():
        for first, second in itertools.combinations(names, 2):
            a, b = person_key(first), person_key(second)
            if a == b:
                found["middle initial or honorific"].append((first, second))
            elif set(a) <= set(b) or set(b) <= set(a):
                found["same surname, one name inside the other"].append((first, second))
    organizations = sorted({name for name, kind in rows if kind == "organization"})
    by_initials = defaultdict(list)
    by_core = defaultdict(list)
    for name in organizations:
        if " " in name:
            by_initials[initials(name)].append(name)
        core = " ".join(word for word in re.split(r"[\s,.]+", name.lower())
                        if word and word not in CORPORATE_WORDS)
        if core:
            by_core[core].append(name)
    for name in organizations:
        short = name.replace(".", "")
        if short.isupper() and 2 <= len(short) <= 6:
            found["acronym and full name"] += [(name, full) for full in by_initials[short]]
    for names in by_core.values():
        found["legal suffix"] += list(itertools.combinations(names, 2))
    return found


def print_duplicates(connection: sqlite3.Connection) -> None:
    rows = connection.execute("select name, kind from entities").fetchall()
    found = likely_duplicates(rows)
    print(f"\nlikely duplicate entities among {len(rows)}: "
          f"{sum(len(pairs) for pairs in found.values())}")
    for rule, pairs in found.items():
        shown = "; ".join(f"{a} ~ {b}" for a, b in pairs[:DUPLICATE_EXAMPLES])
        print(f"  {rule}: {len(pairs)}  {shown}")


def print_sample(connection: sqlite3.Connection) -> None:
    print(f"\n{SAMPLE_SIZE} events at random (seed {SAMPLE_SEED}):")
    rows = connection.execute(
        "select t.event_id, t.summary, t.date_edtf, t.status, t.actors, t.location, "
        "(select excerpt from event_evidence where event_id = t.event_id limit 1) "
        "from timeline t order by t.event_id").fetchall()
    for row in random.Random(SAMPLE_SEED).sample(rows, min(SAMPLE_SIZE, len(rows))):
        event_id, summary, edtf, status, actors, location, excerpt = row
        print(f"- #{event_id} [{status}] {edtf} | actors: {actors} | at: {location}\n"
              f"  summary:  {summary}\n  evidence: {excerpt}")


if __name__ == "__main__":
    raise SystemExit(main())
