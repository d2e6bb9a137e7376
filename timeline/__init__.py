"""timeline: dated events and sourced claims from news articles.

The package reads in pipeline order:

    inputs.py     read files, folders, stdin, JSON lines, HTML into decoded documents
    articles.py   split documents into articles; title, byline, dateline, date, chrome
    dates.py      date intervals, precision and EDTF (shared by the tagger and the CLI)
    extract/      pure extractors over an article's text: timex (dates), claims, entities, events
    store.py      save an article and what was extracted from it, one transaction per article
    curate.py     add, edit, delete and merge records by hand
    queries.py    read: list, show, read-only SQL
    export.py     JSON, CSV and TimelineJS export
    publish/      Datasette: metadata, the timeline page plugin, snapshots
    cli.py        the Typer command line, glue only
"""

__version__ = "0.1.0"
