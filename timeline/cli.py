"""The ``timeline`` command line: parses options, opens one session, calls the library.

Domain errors become one line on stderr and exit code 1; usage errors exit 2 (Click's own).
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from sqlalchemy.exc import DBAPIError
from typer.core import TyperGroup

from timeline import curate, db, models, queries
from timeline.display import describe_date
from timeline.errors import DatabaseError, TimelineError
from timeline.models import Article, Claim, Entity, Event, Source

DB_HELP = "Database: a file path (SQLite) or a SQLAlchemy URL. Default ./timeline.db."


class TimelineGroup(TyperGroup):
    """Turns every domain error raised below into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)  # type: ignore[arg-type]
        except TimelineError as error:
            _fail(str(error))
        except DBAPIError as error:
            _fail(db.describe_database_error(error, ctx.obj.get("url", "") if ctx.obj else ""))
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None


def _fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def _new_app(help_text: str) -> typer.Typer:
    return typer.Typer(
        help=help_text, no_args_is_help=True, add_completion=False,
        pretty_exceptions_enable=False, rich_markup_mode=None,
    )


app = typer.Typer(
    cls=TimelineGroup,
    help="Dated events and sourced claims from news articles, published with Datasette.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
db_app = _new_app("Database migrations: upgrade, downgrade, current revision.")
add_app = _new_app("Add events, claims, entities, aliases and sources by hand.")
list_app = _new_app("List events, claims or entities, with filters.")
show_app = _new_app("Show one event, claim or entity with what hangs on it.")
edit_app = _new_app("Correct an event, claim or entity.")
delete_app = _new_app("Delete an event, claim or entity.")
app.add_typer(db_app, name="db")
app.add_typer(add_app, name="add")
app.add_typer(list_app, name="list")
app.add_typer(show_app, name="show")
app.add_typer(edit_app, name="edit")
app.add_typer(delete_app, name="delete")


@app.callback()
def main(
    ctx: typer.Context,
    database: Annotated[
        str | None, typer.Option("--db", envvar=db.DB_ENV_VAR, help=DB_HELP, show_default=False)
    ] = None,
) -> None:
    """Dated events and sourced claims from news articles, published with Datasette."""
    ctx.obj = {"db": database, "url": db.database_url(database)}


def _db(ctx: typer.Context) -> str | None:
    return ctx.find_root().obj["db"]


@contextmanager
def _session(ctx: typer.Context, *, write: bool):
    engine = db.open_database(_db(ctx), create=write)
    try:
        with db.session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()


# --- db ---------------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Bring the database to REVISION (default: the newest), creating it when missing."""
    engine = db.create_db_engine(db.database_url(_db(ctx)))
    current = db.current_revision(engine)
    if current is not None and current not in db.known_revisions():
        raise DatabaseError(
            f"the database is at revision {current}, newer than this timeline knows: "
            "upgrade the timeline package"
        )
    db.upgrade(engine, revision)
    typer.echo(f"database at {db.current_revision(engine)}")


@db_app.command("downgrade")
def db_downgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision, or 'base' for empty.")],
) -> None:
    """Take the database back to REVISION ('base' removes the whole schema)."""
    engine = db.create_db_engine(db.database_url(_db(ctx)))
    db.downgrade(engine, revision)
    typer.echo(f"database at {db.current_revision(engine) or 'base'}")


@db_app.command("current")
def db_current(ctx: typer.Context) -> None:
    """Print the database's revision and whether it is the newest."""
    url = db.database_url(_db(ctx))
    path = db.sqlite_path(url)
    if path is not None and not path.exists():
        raise DatabaseError(f"no database at {path}: run `timeline db upgrade` to create it")
    current = db.current_revision(db.create_db_engine(url))
    head = db.head_revision()
    state = "head" if current == head else f"behind {head}: run `timeline db upgrade`"
    if current is None:
        state = "empty: run `timeline db upgrade`"
    elif current not in db.known_revisions():
        state = "newer than this timeline"
    typer.echo(f"{current or 'base'} ({state})")


# --- ingest and extract -----------------------------------------------------------------------


def _parse_options(date: str | None, year: int | None, years: str | None):
    from timeline.articles import DEFAULT_YEARS, parse_years
    from timeline.ingest import ParseOptions

    return ParseOptions(
        date=_iso_date(date, "--date") if date else None,
        year=year,
        years=parse_years(years) if years else DEFAULT_YEARS,
    )


def _iso_date(text: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise TimelineError(
            f"{option} {text!r} is not a date: write it as YYYY-MM-DD, e.g. 2003-01-20"
        ) from None


DateOption = Annotated[
    str | None, typer.Option("--date", help="The articles' date, YYYY-MM-DD (wins over the text).")
]
YearOption = Annotated[
    int | None, typer.Option("--year", help="Year for datelines that give only month and day.")
]
YearsOption = Annotated[
    str | None,
    typer.Option("--years", help="Window of years to infer a dateline's year in, e.g. 1990-2010."),
]


@app.command("ingest")
def ingest_command(
    ctx: typer.Context,
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders, .jsonl(.gz), or - for stdin.")
    ],
    date: DateOption = None,
    year: YearOption = None,
    years: YearsOption = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Processes that parse and extract.")
    ] = 1,
) -> None:
    """Parse articles, extract dates, claims and events, and store them.

    Idempotent: an article whose text is stored already is left as it is.
    """
    from timeline.ingest import ingest_paths

    options = _parse_options(date, year, years)
    engine = db.open_database(_db(ctx), create=True)
    try:
        with _progress() as on_article:
            report = ingest_paths(paths, options, engine=engine, on_article=on_article,
                                  workers=workers)
    finally:
        engine.dispose()
    for note in report.notes:
        typer.echo(f"Note: {note}", err=True)
    for skipped in report.skipped:
        typer.echo(f"Skipped {skipped.origin}: {skipped.reason}", err=True)
    typer.echo(
        f"{_count(report.added, 'article')} added, {report.unchanged} unchanged, "
        f"{_count(report.claims, 'claim')}"
    )
    if report.skipped:
        raise typer.Exit(1)


@contextmanager
def _progress():
    """A progress line on stderr for long runs at a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  transient=True) as progress:
        task = progress.add_task("ingesting", total=None)

        def on_article(report) -> None:
            elapsed = progress.tasks[0].elapsed or 0.0
            rate = report.articles / elapsed if elapsed else 0.0
            progress.update(task, description=f"{report.articles} articles ({rate:.0f}/s)")

        yield on_article


@app.command("extract")
def extract_command(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or folders to extract.")] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option("--jsonl", help='JSON lines {"doc_id", "text", "dct"}; prints one a line.'),
    ] = None,
    date: DateOption = None,
    year: YearOption = None,
    years: YearsOption = None,
) -> None:
    """Run the whole extraction and print JSON; writes nothing."""
    from timeline.ingest import extract_documents, extract_jsonl, extraction_records

    if jsonl is not None:
        for record in extract_jsonl(jsonl):
            typer.echo(json.dumps(record, ensure_ascii=False))
        return
    if not paths:
        raise click.UsageError("give PATH... or --jsonl FILE")
    records = [
        record
        for extracted in extract_documents(paths, _parse_options(date, year, years))
        for record in extraction_records(extracted)
    ]
    typer.echo(json.dumps(records[0] if len(records) == 1 else records, indent=2,
                          ensure_ascii=False))


# --- add --------------------------------------------------------------------------------------


def _date_interval(text: str | None):
    if text is None:
        return None
    from timeline.dates import parse_date_text

    return parse_date_text(text)


def _actors(names: Sequence[str], roles: Sequence[str] | None = None):
    from timeline.schemas import ActorRef

    actors = []
    for name in names:
        role = "participant"
        if ":" in name and name.split(":", 1)[0] in ("agent", "target", "participant"):
            role, name = name.split(":", 1)
        actors.append(ActorRef(name=name.strip(), role=role))
    return tuple(actors)


ActorOption = Annotated[
    list[str] | None,
    typer.Option("--actor", help="Entity taking part (repeatable); prefix agent: or target: "
                                 "for a role, e.g. --actor agent:Pyongyang."),
]


@add_app.command("event")
def add_event(
    ctx: typer.Context,
    summary: Annotated[str, typer.Option("--summary", help="What happened, in a sentence.")],
    date: Annotated[
        str | None,
        typer.Option("--date", help='When: "20 Jan 2003", "2003-01", "1950-53", "about 1990", '
                                    '"before March 2003", or EDTF.'),
    ] = None,
    actor: ActorOption = None,
    location: Annotated[str | None, typer.Option("--location", help="Place name.")] = None,
    status: Annotated[
        str, typer.Option("--status", help="occurred, scheduled, reported, ongoing, hypothetical.")
    ] = "occurred",
    article: Annotated[int | None, typer.Option("--article", help="Id of the article.")] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="The passage of the article that says so.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the record as JSON.")] = False,
) -> None:
    """Add an event by hand."""
    from timeline.schemas import EventCreate

    spec = EventCreate(
        summary=summary, date=_date_interval(date), date_text=date, actors=_actors(actor or []),
        location=location, status=status, article_id=article, evidence_text=evidence,
    )
    with _session(ctx, write=True) as session:
        event = curate.add_event(spec, session=session)
        session.flush()
        record = queries.show_event(models.require_id(event), session=session)
    when = describe_date(record["date_start"], record["date_end"], record["date_precision"],
                         record["date_edtf"])
    _print_added(record, as_json, f"event {record['id']} added: {when}, {record['summary']}")


@add_app.command("claim")
def add_claim(
    ctx: typer.Context,
    speaker: Annotated[str, typer.Option("--speaker", help="Who said it (name or entity id).")],
    content: Annotated[str, typer.Option("--content", help="What was said.")],
    cue: Annotated[str | None, typer.Option("--cue", help='"said", "told reporters", ...')] = None,
    kind: Annotated[str, typer.Option("--kind", help="direct, indirect or mixed.")] = "indirect",
    said_on: Annotated[str | None, typer.Option("--said-on", help="When it was said.")] = None,
    via: Annotated[
        str | None, typer.Option("--via", help="Outlet that carried it, e.g. Itar-Tass.")
    ] = None,
    article: Annotated[int | None, typer.Option("--article", help="Id of the article.")] = None,
    event: Annotated[
        int | None, typer.Option("--event", help="Id of the event it is about.")
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", help='Speaker as described: "the envoy".')
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the record as JSON.")] = False,
) -> None:
    """Add a claim by hand."""
    from timeline.schemas import ClaimCreate

    spec = ClaimCreate(
        speaker=speaker, content=content, cue=cue, kind=kind, said_on=_date_interval(said_on),
        via=via, article_id=article, event_id=event, speaker_description=description,
    )
    with _session(ctx, write=True) as session:
        claim = curate.add_claim(spec, session=session)
        record = queries.show_claim(models.require_id(claim), session=session)
    _print_added(record, as_json, f"claim {record['id']} added: {record['speaker']}, "
                                  f"{_cell(record['content'])}")


@add_app.command("entity")
def add_entity(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Canonical name.")],
    kind: Annotated[
        str, typer.Option("--kind", help="person, organization, country, place, outlet, group.")
    ] = "person",
    description: Annotated[str | None, typer.Option("--description")] = None,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="Other name (repeatable).")]
    = None,
    latitude: Annotated[float | None, typer.Option("--lat")] = None,
    longitude: Annotated[float | None, typer.Option("--lon")] = None,
    wikidata: Annotated[str | None, typer.Option("--wikidata", help="Wikidata id, e.g. Q423.")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the record as JSON.")] = False,
) -> None:
    """Add an entity with its aliases."""
    from timeline.schemas import EntityCreate

    spec = EntityCreate(
        name=name, kind=kind, description=description, aliases=tuple(alias or ()),
        latitude=latitude, longitude=longitude, wikidata_id=wikidata,
    )
    with _session(ctx, write=True) as session:
        entity = curate.add_entity(spec, session=session)
        record = queries.show_entity(str(entity.id), session=session)
    _print_added(record, as_json, f"entity {record['id']} added: {record['name']} "
                                  f"({record['kind']})")


@add_app.command("alias")
def add_alias(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="Entity id or name.")],
    alias: Annotated[str, typer.Argument(help="The other name.")],
) -> None:
    """Give an entity another name; later ingests resolve that name to it."""
    with _session(ctx, write=True) as session:
        row = curate.add_alias(entity, alias, session=session)
        typer.echo(f"alias {row.alias!r} added to entity {row.entity_id}")


@add_app.command("source")
def add_source(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Outlet, agency or collection name.")],
    kind: Annotated[
        str,
        typer.Option("--kind", help="agency, newspaper, broadcaster, collection, website, "
                                    "government, other."),
    ] = "other",
    url: Annotated[str | None, typer.Option("--url")] = None,
) -> None:
    """Add a source (an outlet, agency or collection)."""
    with _session(ctx, write=True) as session:
        source = curate.add_source(name, kind, url=url, session=session)
        typer.echo(f"source {source.id} added: {source.name} ({source.kind})")


# --- list and show ----------------------------------------------------------------------------

LimitOption = Annotated[int, typer.Option("--limit", help="At most this many rows.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON array for scripts.")]
FromOption = Annotated[str | None, typer.Option("--from", help="From this date (any form).")]
ToOption = Annotated[str | None, typer.Option("--to", help="Up to this date (any form).")]
SearchOption = Annotated[str | None, typer.Option("--search", help="Full-text search.")]


def _filters(**values: Any) -> queries.Filters:
    values["date_from"] = _date_interval(values.get("date_from"))
    values["date_to"] = _date_interval(values.get("date_to"))
    return queries.Filters(**values)


EVENT_TABLE_COLUMNS = ("id", "when", "status", "summary", "actors", "location", "sources")
CLAIM_TABLE_COLUMNS = ("id", "said_on", "speaker", "kind", "via", "content")
ENTITY_TABLE_COLUMNS = ("id", "name", "kind", "description", "aliases", "events", "claims")


@list_app.command("events")
def list_events(
    ctx: typer.Context,
    actor: Annotated[str | None, typer.Option("--actor", help="Entity id or name.")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    search: SearchOption = None,
    status: Annotated[str | None, typer.Option("--status")] = None,
    limit: LimitOption = queries.DEFAULT_LIMIT,
    as_json: JsonOption = False,
) -> None:
    """Events in date order."""
    filters = _filters(entity=actor, date_from=date_from, date_to=date_to, search=search,
                       status=status, limit=limit)
    with _session(ctx, write=False) as session:
        rows = queries.list_events(filters, session=session)
    for row in rows:
        row["when"] = describe_date(row["date_start"], row["date_end"], row["date_precision"],
                                    row["date_edtf"])
    _print_rows(rows, as_json, EVENT_TABLE_COLUMNS, hide=("when",))


@list_app.command("claims")
def list_claims(
    ctx: typer.Context,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Entity id or name.")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    search: SearchOption = None,
    kind: Annotated[str | None, typer.Option("--kind", help="direct, indirect or mixed.")] = None,
    limit: LimitOption = queries.DEFAULT_LIMIT,
    as_json: JsonOption = False,
) -> None:
    """Claims in the order they were said."""
    filters = _filters(entity=speaker, date_from=date_from, date_to=date_to, search=search,
                       kind=kind, limit=limit)
    with _session(ctx, write=False) as session:
        rows = queries.list_claims(filters, session=session)
    _print_rows(rows, as_json, CLAIM_TABLE_COLUMNS)


@list_app.command("entities")
def list_entities(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Part of a name or alias.")]
    = None,
    limit: LimitOption = queries.DEFAULT_LIMIT,
    as_json: JsonOption = False,
) -> None:
    """Entities by name, with aliases and counts."""
    filters = queries.Filters(kind=kind, search=search, limit=limit)
    with _session(ctx, write=False) as session:
        rows = queries.list_entities(filters, session=session)
    _print_rows(rows, as_json, ENTITY_TABLE_COLUMNS)


@show_app.command("event")
def show_event(ctx: typer.Context, event_id: int, as_json: JsonOption = False) -> None:
    """One event with participants, evidence and claims about it."""
    with _session(ctx, write=False) as session:
        record = queries.show_event(event_id, session=session)
    _print_record(record, as_json)


@show_app.command("claim")
def show_claim(ctx: typer.Context, claim_id: int, as_json: JsonOption = False) -> None:
    """One claim with speaker, outlet, event and article."""
    with _session(ctx, write=False) as session:
        record = queries.show_claim(claim_id, session=session)
    _print_record(record, as_json)


@show_app.command("entity")
def show_entity(ctx: typer.Context, entity: str, as_json: JsonOption = False) -> None:
    """One entity (id or name) with aliases, events and claims."""
    with _session(ctx, write=False) as session:
        record = queries.show_entity(entity, session=session)
    _print_record(record, as_json)


# --- edit, delete, merge ----------------------------------------------------------------------


@edit_app.command("event")
def edit_event(
    ctx: typer.Context,
    event_id: int,
    summary: Annotated[str | None, typer.Option("--summary")] = None,
    date: Annotated[str | None, typer.Option("--date", help="New date, any accepted form.")]
    = None,
    status: Annotated[str | None, typer.Option("--status")] = None,
    location: Annotated[str | None, typer.Option("--location", help="Place; '' to clear.")]
    = None,
    actor: ActorOption = None,
    confidence: Annotated[float | None, typer.Option("--confidence")] = None,
    verified: Annotated[bool | None, typer.Option("--verified/--unverified")] = None,
) -> None:
    """Correct an event; --actor replaces the participants."""
    changes = {"summary": summary, "status": status, "confidence": confidence,
               "verified": verified}
    with _session(ctx, write=True) as session:
        curate.edit_event(
            event_id, changes, session=session, date=_date_interval(date), date_text=date,
            location=location, actors=_actors(actor) if actor else None,
        )
    typer.echo(f"event {event_id} updated")


@edit_app.command("claim")
def edit_claim(
    ctx: typer.Context,
    claim_id: int,
    content: Annotated[str | None, typer.Option("--content")] = None,
    speaker: Annotated[str | None, typer.Option("--speaker")] = None,
    cue: Annotated[str | None, typer.Option("--cue")] = None,
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    said_on: Annotated[str | None, typer.Option("--said-on")] = None,
    via: Annotated[str | None, typer.Option("--via", help="Outlet; '' to clear.")] = None,
    event: Annotated[int | None, typer.Option("--event")] = None,
    confidence: Annotated[float | None, typer.Option("--confidence")] = None,
    verified: Annotated[bool | None, typer.Option("--verified/--unverified")] = None,
) -> None:
    """Correct a claim."""
    changes = {"content": content, "cue": cue, "kind": kind, "confidence": confidence,
               "verified": verified}
    with _session(ctx, write=True) as session:
        curate.edit_claim(
            claim_id, changes, session=session, speaker=speaker, via=via,
            said_on=_date_interval(said_on), event_id=event,
        )
    typer.echo(f"claim {claim_id} updated")


@edit_app.command("entity")
def edit_entity(
    ctx: typer.Context,
    entity: str,
    name: Annotated[str | None, typer.Option("--name")] = None,
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    description: Annotated[str | None, typer.Option("--description")] = None,
    latitude: Annotated[float | None, typer.Option("--lat")] = None,
    longitude: Annotated[float | None, typer.Option("--lon")] = None,
    wikidata: Annotated[str | None, typer.Option("--wikidata")] = None,
) -> None:
    """Correct an entity (id or name); a new name keeps the old one as an alias."""
    changes = {"name": name, "kind": kind, "description": description, "latitude": latitude,
               "longitude": longitude, "wikidata_id": wikidata}
    with _session(ctx, write=True) as session:
        row = curate.edit_entity(entity, changes, session=session)
        typer.echo(f"entity {row.id} updated")


DELETABLE = {"event": Event, "claim": Claim, "entity": Entity, "article": Article,
             "source": Source}


def _delete(ctx: typer.Context, noun: str, row_id: int, yes: bool) -> None:
    if not yes:
        if not sys.stdin.isatty():
            raise TimelineError(f"deleting {noun} {row_id} needs confirmation: add --yes")
        typer.confirm(f"Delete {noun} {row_id}?", abort=True)
    with _session(ctx, write=True) as session:
        curate.delete_row(DELETABLE[noun], row_id, session=session)
    typer.echo(f"{noun} {row_id} deleted")


YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")]


@delete_app.command("event")
def delete_event(ctx: typer.Context, event_id: int, yes: YesOption = False) -> None:
    """Delete an event with its participants and evidence."""
    _delete(ctx, "event", event_id, yes)


@delete_app.command("claim")
def delete_claim(ctx: typer.Context, claim_id: int, yes: YesOption = False) -> None:
    """Delete a claim."""
    _delete(ctx, "claim", claim_id, yes)


@delete_app.command("entity")
def delete_entity(ctx: typer.Context, entity_id: int, yes: YesOption = False) -> None:
    """Delete an entity with its aliases and participations (claims keep the speaker text)."""
    _delete(ctx, "entity", entity_id, yes)


@app.command("merge-entities")
def merge_entities(
    ctx: typer.Context,
    merged: Annotated[str, typer.Argument(help="Entity A (id or name), folded into B.")],
    into: Annotated[str, typer.Argument(help="Entity B (id or name), which stays.")],
) -> None:
    """Fold entity A into B: aliases, participations and claims move; the merge is recorded."""
    with _session(ctx, write=True) as session:
        record = curate.merge_entities(merged, into, session=session)
        typer.echo(f"merged {record.merged_name!r} into entity {record.into_entity_id}")


# --- query, export, serve, publish ------------------------------------------------------------


@app.command("query")
def query_command(
    ctx: typer.Context,
    sql: Annotated[str, typer.Argument(help="A SQL statement; the database is opened read-only.")],
    as_json: JsonOption = False,
) -> None:
    """Run read-only SQL; any write is refused by the database itself."""
    engine = db.open_database(_db(ctx), create=False, read_only=True)
    try:
        columns, rows = queries.run_read_only_query(engine, sql)
    finally:
        engine.dispose()
    _print_rows([dict(zip(columns, row, strict=True)) for row in rows], as_json, tuple(columns))


@app.command("export")
def export_command(
    ctx: typer.Context,
    export_format: Annotated[
        str, typer.Option("--format", help="json, csv or timelinejs.")
    ] = "json",
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")]
    = None,
) -> None:
    """Export the timeline as JSON, CSV or a TimelineJS document."""
    from timeline.export import export_timeline

    with _session(ctx, write=False) as session:
        document = export_timeline(export_format, session=session)
    if out is None:
        typer.echo(document, nl=not document.endswith("\n"))
        return
    try:
        out.write_text(document, encoding="utf-8")
    except OSError as error:
        raise TimelineError(f"cannot write {out}: {error.strerror}; choose another --out") \
            from None
    typer.echo(f"wrote {out}", err=True)


@app.command("serve")
def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8001,
) -> None:
    """Browse the database in Datasette, with metadata and the timeline page at /-/timeline."""
    from timeline.publish.serve import serve

    serve(_db(ctx), host=host, port=port)


@app.command("publish")
def publish_command(
    ctx: typer.Context,
    to: Annotated[Path, typer.Option("--to", help="The SQLite snapshot to write.")],
) -> None:
    """Write a SQLite snapshot of the database (any backend) for Datasette."""
    from timeline.publish.snapshot import publish_snapshot

    engine = db.open_database(_db(ctx), create=False)
    try:
        path = publish_snapshot(engine, to)
    finally:
        engine.dispose()
    typer.echo(f"wrote {path}")


# --- output -----------------------------------------------------------------------------------


def _print_rows(
    rows: list[dict[str, Any]], as_json: bool, columns: Sequence[str], hide: Iterable[str] = ()
) -> None:
    if as_json:
        hidden = set(hide)
        rows = [{k: v for k, v in row.items() if k not in hidden} for row in rows]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return
    if not rows:
        typer.echo("(no rows)")
        return
    typer.echo(render_table(rows, columns))


MAX_CELL = 60


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def render_table(rows: list[dict[str, Any]], columns: Sequence[str]) -> str:
    """A plain-text table for people: one line a row, long cells cut with an ellipsis."""
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [max(len(column), *(len(line[i]) for line in cells))
              for i, column in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
              for line in cells]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "\u2026"


def _print_added(record: dict[str, Any], as_json: bool, headline: str) -> None:
    if as_json:
        _print_record(record, as_json)
    else:
        typer.echo(headline)


def _print_record(record: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(record, indent=2, ensure_ascii=False, default=str))
        return
    for key, value in record.items():
        if isinstance(value, list):
            typer.echo(f"{key}:")
            for item in value:
                typer.echo(f"  - {_inline(item) if isinstance(item, dict) else _cell(item)}")
        elif value is not None:
            typer.echo(f"{key}: {value}")


def _inline(item: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_cell(v)}" for k, v in item.items() if v is not None)


if __name__ == "__main__":
    app()
