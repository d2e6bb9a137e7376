"""Split a decoded document into articles and read each one's head and tail.

Pure: text in, ``ParsedArticle`` records out. Every span is an offset into the article's own
``text`` (``document_text[article.start:article.end]``); nothing is removed or normalised, page
chrome is only *set aside* as spans so that offsets stay those of the input.

The parser looks at the head of an item (title, byline, dateline, header lines) and at its tail
(footer credits, sign-off, navigation), never runs many patterns over every line: a wire story
parses in well under a millisecond.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from timeline.errors import DateError
from timeline.spans import Span

# The years a weekday-inferred date may fall in when no --years is given. Wide on purpose: it
# covers the wire archives and digests people feed in; a weekday fits about one year in seven,
# so more than one candidate is reported as ambiguous (asking for --year), never guessed.
DEFAULT_YEARS = (1985, 2025)
COLLECTION_JRL = "Johnson's Russia List"

# How far into an item its head (title, byline, dateline) may reach.
HEAD_MAX_LINES = 14
HEAD_MAX_CHARS = 2500
# How far from the end footer credits and navigation are looked for.
TAIL_CHARS = 1500
# Where the weekday that names the dateline day is looked for: the lead of the story.
LEAD_CHARS = 700
# A head line longer than this is a paragraph, not a title.
TITLE_MAX_CHARS = 250
# A preamble (text before the first item header) longer than this with no dateline is still
# treated as a story of its own rather than as page chrome.
PREAMBLE_STORY_CHARS = 600
# Navigation lines are short; longer lines are not even tried against the chrome patterns.
CHROME_LINE_MAX_CHARS = 120
BANNER_LINE_MAX_CHARS = 300
# How many lines at each end of an item are tried as page chrome.
CHROME_HEAD_LINES = 12
CHROME_TAIL_LINES = 6
TITLE_OPENING_CHARACTERS = ("'", '"', "“", "‘", "<", "(", "[")
BARE_DATELINE_DASHES = ("-", "--", "_", "—", "–")
# Titles may end in these abbreviations' full stops ("... to buy Acme Corp.").
TITLE_ABBREVIATIONS = ("Co.", "Inc.", "Corp.", "Ltd.", "U.S.", "U.K.", "U.N.")

MONTH_NUMBERS = {
    name: number
    for number in range(1, 13)
    for name in (
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
    )
} | {"sept": 9}
WEEKDAY_NUMBERS = {calendar.day_name[number].lower(): number for number in range(7)}
WEEKDAY_ABBR = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"

# Agencies as datelines, bylines and sign-offs spell them, keyed by lower case.
AGENCY_NAMES = {
    "reuters": "Reuters",
    "reuter": "Reuters",
    "reuters life!": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "xinhua": "Xinhua",
    "upi": "UPI",
    "united press international": "UPI",
    "ifr": "IFR",
    "bloomberg": "Bloomberg",
    "interfax": "Interfax",
    "itar-tass": "ITAR-TASS",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "ria": "RIA Novosti",
    "dpa": "dpa",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "efe": "EFE",
    "ansa": "ANSA",
    "pti": "PTI",
    "bernama": "Bernama",
    "cnn": "CNN",
    "bbc": "BBC",
}
# Misspellings seen in wire copy ("Xinhau", "Xinhu") share these prefixes.
AGENCY_PREFIXES = {"xinh": "Xinhua", "reuter": "Reuters"}
AGENCY_URL_DOMAINS = {"reuters.com": "Reuters", "apnews.com": "AP", "afp.com": "AFP"}
# Words that end a byline without being a name ("By Jane Arraf, Reuters Correspondent").
BYLINE_ROLE_WORDS = frozenset(
    "staff writer correspondent correspondents reporter reporters editor editors special"
    " contributor columnist bureau chief desk team newsroom".split()
)
# Credit segments naming a group, not a person ("by Brussels, Berlin and Amsterdam bureaus").
NOT_A_PERSON_WORDS = frozenset("bureau bureaus staff desk newsroom team correspondents".split())
NAME_PARTICLES = frozenset("de da di del der den du la le van von al el bin ibn ter st.".split())
# Words before a weekday that make it some other day than the dateline day.
WEEKDAY_SHIFTING_WORDS = frozenset(
    "last next this coming since until till to by before after following previous from".split()
)
# Johnson's Russia List numbered its issues by the thousand per year from 1997 (#1xxx) to
# 2005 (#9xxx), then as "JRL 2006-#1". The thousands rule is approximate, hence the slack.
JRL_NUMBERING_BASE_YEAR = 1996
JRL_ISSUES_PER_YEAR = 1000
JRL_YEAR_SLACK = 1

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Upper case as wires write datelines; "Toronto, Feb 26 -" passes only with its date.
_PLACE_WORD = r"[A-Z][A-Za-z'’.\-]*"
_PLACE_NAME = rf"{_PLACE_WORD}(?:[ ]+{_PLACE_WORD}){{0,4}}"
_QUALIFIER = (
    rf"[ ]*,[ ]*(?!(?i:{_MONTH})\.?[ ]+\d)[A-Z][A-Za-z'’.\-]*(?:[ ][A-Za-z][A-Za-z'’.\-]*){{0,2}}"
)
_PLACE = rf"{_PLACE_NAME}(?:{_QUALIFIER}){{0,2}}"
_DATE = (
    rf"(?:[ \t]*[,.]?[ \t]+|(?<![^\n]))(?P<month>(?i:{_MONTH}))\.?[ \t]+(?P<day>\d{{1,2}})(?![\d:])"
    r"(?:[ \t]*,[ \t]*(?P<year>(?:19|20)\d\d)(?:[ \t]*,[ \t]*(?:19|20)\d\d)?)?"
)
_AGENCY = (
    r"(?:[ \t]*,?[ \t]*\((?P<agency>[A-Za-z][A-Za-z!&.\- ]{1,30})\)"
    r"|[ \t]*,[ \t]*(?P<signoff>Reuters?)\b)"
)
_SEPARATOR = r"(?:[ \t]*(?P<sep>-{1,3}|_|—|–|:)(?=[ \t\n\"“A-Z]|\Z)|[ \t]*(?=\n|\Z))"
DATELINE = re.compile(
    rf"[ \t]*(?P<places>{_PLACE}(?:[ ]?/[ ]?{_PLACE})*)?(?:{_DATE})?(?:{_AGENCY})?{_SEPARATOR}"
)
BYLINE = re.compile(r"[ \t]*(?:--[ \t]*)?(?P<by>[Bb][Yy]:?[ \t]+(?P<names>[^\n]{3,200}?))[ \t]*$")
ARCHIVE_HEADER = re.compile(
    r"[ \t\n]*-- (?P<title>[^\n]*)\n-- (?P<by>[^\n]*)\n-- (?P<stamp>[^\n]*)\n"
    r"(?:-- (?P<url>[^\n]*))?"
)
FULL_DATE = re.compile(
    rf"(?:{WEEKDAY_ABBR}[ \t]+)?(?:(?P<month>(?i:{_MONTH}))\.?[ \t]+(?P<day>\d{{1,2}}),?[ \t]+"
    rf"(?P<year>(?:19|20)\d\d)|(?P<day2>\d{{1,2}})[ \t]+(?P<month2>(?i:{_MONTH}))\.?,?[ \t]+"
    r"(?P<year2>(?:19|20)\d\d)|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))"
)
FULL_DATE_LINE = re.compile(
    rf"[ \t]*(?:{FULL_DATE.pattern})"
    r"(?:[ \t]+\d{1,2}:\d\d[ \t]*(?:[ap]\.?m\.?)?(?:[ \t]+[A-Z]{2,5})?)?[ \t]*$",
    re.IGNORECASE,
)
HEAD_NOTE = re.compile(
    r"[ \t]*\((?:Corrects|Correcting|Repeats|Updates|Adds|Recasts|Refiles|Fixes|Changes|Rewrites)"
    r"\b[^\n]*$",
    re.IGNORECASE,
)
URL_LINE = re.compile(r"[ \t]*(?:--[ \t]*)?https?://(?:www\.)?(?P<domain>[^/\s]+)\S*[ \t]*$")
JRL_ITEM_HEADER = re.compile(
    r"^[ \t]*#[ \t]?(?P<item>\d{1,3})[ \t]*[-–—:][ \t]*"
    r"(?P<issue>JRL[ \t]*#?[ \t]*(?:(?:19|20)\d\d-#?)?\d{1,5})[ \t]*$",
    re.MULTILINE,
)
EMAIL_ITEM_HEADER = re.compile(r"^#(?P<item>\d{1,3})[ \t]*$", re.MULTILINE)
# A line of a digest's table of contents: "3. Moscow Times: Anna Petrova, Duma Passes Budget."
CONTENTS_LINE = re.compile(r"[ \t]*\d{1,3}\.[ \t]+\S")
SEPARATOR_LINE = re.compile(r"^[ \t]*(?:\*{3,}|={5,}|-{5,}|_{5,}|#{5,}|\f)[ \t]*$\n?", re.MULTILINE)
ARCHIVE_SPLIT = re.compile(r"^-- [^\n]*\n-- [^\n]*\n-- " + WEEKDAY_ABBR, re.MULTILINE)
JRL_ISSUE = re.compile(
    r"(?:JRL|Johnson's Russia List)\s*#?[ \t]*"
    r"(?:(?P<year>(?:19|20)\d\d)-#?(?P<number_in_year>\d{1,4})|(?P<number>\d{1,5}))\b"
)
JRL_MENTION = re.compile(r"Johnson['’]s Russia List|JRL\b")

_CHROME_PHRASE = (
    r"Back to (?:the )?Top|Next Article|Previous Article|Return to (?:the )?(?:Top|Contents|Index)"
    r"|Print (?:this )?(?:Article|Page|Story)|Printer[- ]Friendly(?: Version)?"
    r"|E-?mail (?:this )?(?:Article|Page|Story)|Share (?:this )?(?:Article|Story)"
    r"|Click here[^\n]*|Advertisement|Related (?:Articles|Stories)|Top of (?:the )?Page"
    r"|Home|Subscribe|Comments?|Tweet|Share"
)
CHROME_LINE = re.compile(
    rf"[ \t\xa0]*(?:(?:{_CHROME_PHRASE})[ \t\xa0|·•>»<«\-:\[\]]*)+$", re.IGNORECASE
)
# Site banners of saved pages: image alt text run together, "founded and edited by" lines,
# plain-text / entire-issue links.
# Case-sensitive with the spellings in use, as a banner is spelled the same every time.
BANNER_WORDS = re.compile(
    r"Founded and [Ee]dited by|E-[Mm]ail Community|title and scenes of|Entire Issue"
    r"|All [Rr]ights [Rr]eserved|ALL RIGHTS RESERVED|Copyright ©|©[ \t]*\d{4}"
)
_CREDIT_ROLES = (
    r"(?:(?:Additional|Further|Extra)[ \t]+)?"
    r"(?:Reporting|Writing|Editing|Compiled|Compiling|Research|Production|Graphics?)"
)
# "(Additional reporting by ...; Editing by ...)" as Reuters closes a story.
CREDIT_PARENS = re.compile(
    rf"\((?P<inner>[ \t]*{_CREDIT_ROLES}\b[^()]{{0,40}}?\bby\b[^()]{{3,600}})\)", re.IGNORECASE
)
# The same credits on a line of their own, without parentheses.
CREDIT_LINE = re.compile(
    rf"\n[ \t]*(?P<inner>{_CREDIT_ROLES}[ \t]+by\b[^\n]{{3,400}})", re.IGNORECASE
)
CREDIT_CLAUSE = re.compile(
    r"(?P<role>(?:(?:additional|further|extra)\s+)?(?:reporting|writing|editing|compiled|compiling"
    r"|research|production|graphics?)(?:\s+and\s+(?:reporting|writing|editing))?)\s+by\s+",
    re.IGNORECASE,
)
# The wire's sign-off on a line of its own at the very end ("Reuter" in 1987 copy).
SIGNOFF = re.compile(r"\n[ \t]*(?P<word>REUTERS?|Reuters?|reuters?)[ \t.^M]*\s*\Z")
NAME_LIST_SEPARATOR = re.compile(r"\s*(?:,|;|/|&|\band\b)\s*(?:by\s+)?")
HAS_DIGIT = re.compile(r"\d")
NAMED_PLACE = re.compile(r"^(?P<name>.+?)\s+in\s+(?P<place>[A-Z][\w.'’\- ]*?)\s*$")
# Blank lines; an indented line (Reuters 1987 copy); two spaces after a sentence (archive dumps
# that lost their line breaks). Each branch opens with a character, which keeps the scan fast.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*|\n(?=[ \t][ \t]+\S)")
# Two spaces after a sentence end a paragraph in archive dumps that lost their line breaks;
# found with str.find, which is many times faster than a regex scan for a rare pair.
DOUBLE_SPACE = "  "
SENTENCE_ENDINGS = frozenset(".!?\"'’”")
PARAGRAPH_OPENINGS = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZ"“(')
LEAD_WEEKDAY = re.compile(
    rf"(?:\b(?P<before>[A-Za-z]+)[ \t\n]+)?\b(?P<weekday>{_WEEKDAY})\b"
    rf"(?P<dated>,?[ \t\n]+(?:(?i:{_MONTH})\.?[ \t\n]+\d|\d{{1,2}}[ \t\n]+(?i:{_MONTH})))?"
)
# Copy that says "today" for the dateline day uses weekday names for the other days.
SAME_DAY_WORDS = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I)


@dataclass(frozen=True)
class Dateline:
    """Where and when a story was filed, and by which agency, as its dateline says."""

    span: Span
    places: tuple[str, ...]
    month: int | None
    day: int | None
    year: int | None
    agency: str | None


@dataclass(frozen=True)
class Credit:
    """A person credited in a byline or footer, with their role and, if given, their place."""

    name: str
    role: str
    place: str | None
    span: Span


@dataclass(frozen=True)
class ArticleDate:
    """The article's date, how precise it is and where it came from."""

    value: datetime.date
    precision: str
    source: str
    note: str | None


@dataclass(frozen=True)
class ParsedArticle:
    """One article of a document; every span is an offset into ``text``."""

    start: int
    end: int
    text: str
    title: Span | None
    byline: Span | None
    authors: tuple[str, ...]
    contributors: tuple[Credit, ...]
    dateline: Dateline | None
    agency: str | None
    collection: str | None
    issue: str | None
    item: int | None
    body: Span
    paragraphs: tuple[Span, ...]
    chrome: tuple[Span, ...]
    date: ArticleDate | None
    outlet: str | None = None
    declared_title: str | None = None

    @property
    def headline(self) -> str | None:
        """The title as found in the text, else as the container declared it."""
        return self.title.text if self.title is not None else self.declared_title


@dataclass
class _Head:
    """What the head of one item says; offsets into the item text."""

    title: Span | None = None
    byline: Span | None = None
    authors: tuple[str, ...] = ()
    dateline: Dateline | None = None
    header_date: tuple[datetime.date, str] | None = None
    agency: str | None = None
    outlet: str | None = None
    issue: str | None = None
    item: int | None = None
    body_start: int = 0  # where the story proper starts, set by _read_head


@dataclass(frozen=True)
class _DateContext:
    """Everything the date of one article can be resolved from."""

    given: datetime.date | None
    declared: Any
    year: int | None
    years: tuple[int, int]
    issue: str | None
    issue_date: datetime.date | None


# --- public API --------------------------------------------------------------------------


def parse_document(
    text: str,
    *,
    date: datetime.date | None = None,
    year: int | None = None,
    years: tuple[int, int] = DEFAULT_YEARS,
    declared: Mapping[str, Any] | None = None,
    split: bool = True,
) -> list[ParsedArticle]:
    """Split ``text`` into articles and parse each one.

    Takes the decoded document text; ``date`` (--date) and ``year`` (--year) from the user;
    ``years`` the window for weekday inference (--years); ``declared`` what the container said
    (``date``, ``title``, ``collection``, ``issue``, ``item``); ``split=False`` for containers
    that hold one article (JSON lines). Returns the articles in order (none for blank text).
    Raises ``DateError`` when an article's date is ambiguous (the message lists the candidate
    years and asks for --year) or impossible. A date is never taken from the clock.
    """
    declared = declared or {}
    regions, preamble_end = _split_regions(text) if split else ([(0, len(text))], 0)
    regions = [(start, end) for start, end in regions if text[start:end].strip()]
    issue = _document_issue(text)
    issue_date = _issue_date(text, preamble_end) if issue else None
    articles = []
    for start, end in regions:
        article = _parse_item(
            text[start:end],
            start=start,
            preamble_end=max(0, preamble_end - start),
            declared=declared if len(regions) == 1 else _shared_declarations(declared),
            document_issue=issue,
            dates=_DateContext(date, declared.get("date"), year, years, None, issue_date),
        )
        articles.append(article)
    return articles


def parse_years(text: str) -> tuple[int, int]:
    """Read a --years window such as ``"1990-2010"`` (or one year ``"2003"``).

    Returns ``(first, last)``; raises ``DateError`` when malformed or reversed.
    """
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–:]|\.\.)?\s*(\d{4})?\s*", text)
    if not match:
        raise DateError(f"--years {text!r}: expected FIRST-LAST, e.g. 1990-2010")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise DateError(f"--years {text!r}: {first} is after {last}; give FIRST-LAST")
    return first, last


def parse_input_date(text: str) -> datetime.date:
    """Read a --date value ``YYYY-MM-DD``; raises ``DateError`` when malformed or impossible."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", text)
    if not match:
        raise DateError(f"--date {text!r}: expected YYYY-MM-DD, e.g. 2003-01-20")
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError as error:
        raise DateError(f"--date {text!r}: no such day ({error}); check the date") from error


def split_items(text: str) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` regions of the stories in a digest or multi-story file.

    Items begin at JRL item headers ("#1 - JRL 7026", or "#1" alone on a line in e-mailed
    issues) and at Reuters archive header blocks; separator lines (``*****``, ``=====``) end
    them. Text before the first item that holds no story (banners, contents) joins the first
    item, where it is set aside as chrome.
    """
    return iter(_split_regions(text)[0])


def _split_regions(text: str) -> tuple[list[tuple[int, int]], int]:
    """The item regions and where a story-less preamble folded into the first one ends."""
    cuts = _item_starts(text)
    boundaries: list[tuple[int, int]] = []
    previous = 0
    for separator in SEPARATOR_LINE.finditer(text):
        boundaries.extend(_cut_region(previous, separator.start(), cuts))
        previous = separator.end()
    boundaries.extend(_cut_region(previous, len(text), cuts))
    return _merge_preamble(text, boundaries, cuts)


# --- splitting ---------------------------------------------------------------------------


def _item_starts(text: str) -> list[int]:
    if "#" in text:
        starts = [match.start() for match in JRL_ITEM_HEADER.finditer(text)]
        if not starts:
            starts = [match.start() for match in EMAIL_ITEM_HEADER.finditer(text)]
    else:
        starts = []
    archive_starts = [match.start() for match in ARCHIVE_SPLIT.finditer(text)]
    # One archive header is just the head of a single story; only several make several items.
    if len(archive_starts) > 1:
        starts.extend(archive_starts)
    return sorted(set(starts))


def _cut_region(start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    inner = [cut for cut in cuts if start < cut < end]
    points = [start, *inner, end]
    return [(a, b) for a, b in zip(points, points[1:], strict=False) if a < b]


def _merge_preamble(
    text: str, regions: list[tuple[int, int]], cuts: list[int]
) -> tuple[list[tuple[int, int]], int]:
    """Fold a story-less first region (banner, contents) into the next one, as its chrome."""
    if len(regions) < 2 or not cuts or regions[0][0] in cuts:
        return regions, 0
    first_start, first_end = regions[0]
    if _holds_a_story(text[first_start:first_end]):
        return regions, 0
    return [(first_start, regions[1][1]), *regions[2:]], regions[1][0]


def _holds_a_story(text: str) -> bool:
    lines = [text[start:end] for start, end in _lines(text) if text[start:end].strip()]
    contents_lines = sum(1 for line in lines if CONTENTS_LINE.match(line))
    if lines and contents_lines >= len(lines) / 2:
        return False
    stripped = _without_chrome(text).strip()
    if len(stripped) >= PREAMBLE_STORY_CHARS:
        return True
    return any(_dateline_at(text, line_start, line_end) for line_start, line_end in _lines(text))


def _without_chrome(text: str) -> str:
    return "".join(
        text[span_end:next_start] for span_end, next_start in _gaps(text, _find_chrome(text))
    )


def _gaps(text: str, spans: tuple[Span, ...]) -> Iterator[tuple[int, int]]:
    position = 0
    for span in spans:
        yield position, span.start
        position = span.end
    yield position, len(text)


def _shared_declarations(declared: Mapping[str, Any]) -> dict[str, Any]:
    """What a container declares about all its items; a title or item number fits only one."""
    return {key: value for key, value in declared.items() if key not in ("title", "item")}


def _issue_date(text: str, preamble_end: int) -> datetime.date | None:
    """The date a digest's masthead gives its issue ("#7026 / 20 January 2003")."""
    for line_start, line_end in _lines(text, 0, preamble_end or HEAD_MAX_CHARS):
        line = text[line_start:line_end]
        if FULL_DATE_LINE.match(line):
            found = _full_date(line)
            return found[0] if found else None
    return None


def _document_issue(text: str) -> str | None:
    """The digest issue named near the top ("JRL #5616", "Johnson's Russia List #7026")."""
    match = JRL_ISSUE.search(text, 0, HEAD_MAX_CHARS)
    return _issue_label(match) if match else None


def _issue_label(match: re.Match[str]) -> str:
    if match.group("year"):
        return f"JRL {match.group('year')}-{int(match.group('number_in_year'))}"
    return f"JRL {int(match.group('number'))}"


# --- one item ----------------------------------------------------------------------------


def _parse_item(
    text: str,
    *,
    start: int,
    preamble_end: int,
    declared: Mapping[str, Any],
    document_issue: str | None,
    dates: _DateContext,
) -> ParsedArticle:
    chrome = _find_chrome(text)
    if preamble_end:
        preamble = _trimmed_span(text, 0, preamble_end)
        inside = [span for span in chrome if span.end > preamble_end]
        chrome = (preamble, *inside) if preamble.text else tuple(inside)
    head = _read_head(text, chrome)
    footer_start, contributors, signoff = _read_tail(text, head.body_start, chrome)
    if signoff is not None:
        chrome = tuple(sorted((*chrome, signoff), key=lambda span: span.start))
    body = _trimmed_span(text, head.body_start, footer_start)
    paragraphs = _paragraphs(text, body, chrome)
    issue = head.issue or _declared_text(declared, "issue") or document_issue
    collection = _collection(text, issue, declared)
    agency = head.agency or (_agency_name("reuter") if signoff is not None else None)
    dated = replace(dates, issue=issue if collection == COLLECTION_JRL else None)
    # The lead is the first paragraph: later ones recount other days.
    lead = paragraphs[0].text[:LEAD_CHARS] if paragraphs else ""
    return ParsedArticle(
        start=start,
        end=start + len(text),
        text=text,
        title=head.title or _declared_title_span(text, declared, head.body_start),
        byline=head.byline,
        authors=head.authors,
        contributors=contributors,
        dateline=head.dateline,
        agency=agency,
        collection=collection,
        issue=issue,
        item=head.item if head.item is not None else _declared_int(declared, "item"),
        body=body,
        paragraphs=paragraphs,
        chrome=chrome,
        date=resolve_article_date(head, lead, dated),
        outlet=head.outlet,
        declared_title=_declared_text(declared, "title"),
    )


def _collection(text: str, issue: str | None, declared: Mapping[str, Any]) -> str | None:
    named = _declared_text(declared, "collection")
    if named:
        return named
    if issue or JRL_MENTION.search(text, 0, HEAD_MAX_CHARS):
        return COLLECTION_JRL
    return None


def _declared_text(declared: Mapping[str, Any], key: str) -> str | None:
    value = declared.get(key)
    return str(value).strip() or None if value is not None else None


def _declared_int(declared: Mapping[str, Any], key: str) -> int | None:
    value = declared.get(key)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _declared_title_span(text: str, declared: Mapping[str, Any], body_start: int) -> Span | None:
    """The declared title where the text repeats it in its head, so that it gets a span."""
    title = _declared_text(declared, "title")
    if not title:
        return None
    found = text.find(title, 0, body_start)
    return Span.of(text, found, found + len(title)) if found >= 0 else None


# --- chrome ------------------------------------------------------------------------------


def _find_chrome(text: str) -> tuple[Span, ...]:
    """Navigation and banner lines among the first and last lines, as spans of their text.

    Page chrome sits around a story, not inside it, so only the head and tail lines are
    tried, which keeps the cost independent of the story's length."""
    head_lines = _first_lines(text, CHROME_HEAD_LINES)
    tail_lines = _last_lines(text, CHROME_TAIL_LINES)
    spans = {
        line_start: _trimmed_span(text, line_start, line_end)
        for line_start, line_end in (*head_lines, *tail_lines)
        if _is_chrome_line(text, line_start, line_end)
    }
    return tuple(sorted((span for span in spans.values() if span.text), key=lambda s: s.start))


def _is_chrome_line(text: str, line_start: int, line_end: int) -> bool:
    length = line_end - line_start
    if length <= CHROME_LINE_MAX_CHARS and CHROME_LINE.match(text, line_start, line_end):
        return True
    return length <= BANNER_LINE_MAX_CHARS and bool(BANNER_WORDS.search(text, line_start, line_end))


def _first_lines(text: str, count: int) -> list[tuple[int, int]]:
    """The first ``count`` non-blank lines as ``(start, end)``."""
    lines = []
    for line_start, line_end in _lines(text, 0, HEAD_MAX_CHARS):
        if line_end > line_start and not text[line_start:line_end].isspace():
            lines.append((line_start, line_end))
            if len(lines) == count:
                break
    return lines


def _last_lines(text: str, count: int) -> list[tuple[int, int]]:
    """The last ``count`` non-blank lines as ``(start, end)``."""
    lines: list[tuple[int, int]] = []
    end = len(text)
    while end > 0 and len(lines) < count:
        start = text.rfind("\n", 0, end) + 1
        if end > start and not text[start:end].isspace():
            lines.append((start, end))
        end = start - 1
    return lines


def _in_chrome(position: int, chrome: tuple[Span, ...]) -> bool:
    return any(span.start <= position < span.end for span in chrome)


# --- head: title, byline, dateline, header lines -----------------------------------------


def _lines(text: str, start: int = 0, limit: int | None = None) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each line from ``start``, ``end`` excluding the newline."""
    stop = len(text) if limit is None else min(len(text), limit)
    position = start
    while position < stop:
        newline = text.find("\n", position)
        end = len(text) if newline < 0 else newline
        yield position, end
        position = end + 1


def _read_head(text: str, chrome: tuple[Span, ...]) -> _Head:
    """Read the head lines of an item until the story proper starts."""
    head = _Head()
    position = _read_archive_header(text, head)
    candidates: list[Span] = []
    blank_after_candidate = False
    body_start = None
    seen = 0
    for line_start, line_end in _lines(text, position, position + HEAD_MAX_CHARS):
        position = line_end
        line = text[line_start:line_end]
        if not line.strip():
            blank_after_candidate = bool(candidates)
            continue
        if _in_chrome(_first_visible(text, line_start), chrome):
            continue
        seen += 1
        if seen > HEAD_MAX_LINES:
            body_start = line_start
            break
        kind = _read_head_line(text, line_start, line_end, head)
        if kind == "dateline":
            body_start = head.body_start
            break
        if kind == "header":
            continue
        if _may_be_title(line, head, candidates, blank_after_candidate):
            candidates.append(_title_span(text, line_start, line_end))
            continue
        body_start = line_start
        break
    head.body_start = body_start if body_start is not None else min(position, len(text))
    _settle_title(head, candidates)
    return head


def _may_be_title(line: str, head: _Head, candidates: list[Span], blank_before: bool) -> bool:
    """A title comes before byline and dateline, as one of a few consecutive short lines."""
    if head.title is not None or head.byline is not None or head.dateline is not None:
        return False
    if len(candidates) >= 3 or blank_before:
        return False
    return _is_title_like(line)


def _read_head_line(text: str, line_start: int, line_end: int, head: _Head) -> str | None:
    """Read one head line into ``head``: "dateline" when the story starts after it,
    "header" for any other head line (item header, byline, date, note, URL), else None."""
    line = text[line_start:line_end]
    item_header = JRL_ITEM_HEADER.match(line)
    if item_header:
        head.item = int(item_header.group("item"))
        issue = JRL_ISSUE.search(item_header.group("issue"))
        head.issue = _issue_label(issue) if issue else None
        return "header"
    if EMAIL_ITEM_HEADER.match(line):
        head.item = int(line.strip()[1:])
        return "header"
    if head.byline is None and _read_byline(text, line_start, line_end, head):
        return "header"
    # A date alone on a line ("January 20, 2003") heads a digest item; it is no dateline.
    if FULL_DATE_LINE.match(line):
        head.header_date = head.header_date or _full_date(line)
        return "header"
    dateline = _dateline_at(text, line_start, line_end)
    if dateline is not None:
        head.dateline, head.body_start = dateline
        head.agency = head.agency or head.dateline.agency
        return "dateline"
    if HEAD_NOTE.match(line) or _is_url_line(line, head):
        return "header"
    if head.byline is not None and _is_byline_continuation(line):
        return "header"
    return None


def _read_archive_header(text: str, head: _Head) -> int:
    """The "-- title / -- By ... / -- Fri Oct 20, 2006 4:25pm EDT / -- URL" block, if any."""
    match = ARCHIVE_HEADER.match(text)
    if not match:
        return 0
    head.title = _trimmed_span(text, match.start("title"), match.end("title")) or None
    if head.title is not None and not head.title.text:
        head.title = None
    by_line = match.group("by").strip()
    if by_line:
        _read_byline(text, match.start("by"), match.end("by"), head)
    head.header_date = _full_date(match.group("stamp"))
    if match.group("url"):
        _is_url_line(match.group("url"), head)
    return match.end()


def _read_byline(text: str, line_start: int, line_end: int, head: _Head) -> bool:
    match = BYLINE.match(text, line_start, line_end)
    if not match or not match.group("names")[:1].isupper():
        return False
    names, agency = _byline_names(match.group("names"))
    if not names and agency is None:
        return False
    head.byline = Span.of(text, match.start("by"), match.end("by"))
    head.authors = names
    head.agency = head.agency or agency
    return True


def _byline_names(names_text: str) -> tuple[tuple[str, ...], str | None]:
    """Authors of a byline and the agency it names ("Jane Arraf, Reuters")."""
    names: list[str] = []
    agency = None
    for segment, _start in _split_name_list(names_text):
        known_agency = _known_agency(segment)
        if known_agency:
            agency = agency or known_agency
        elif _is_person_name(segment):
            names.append(segment)
    return tuple(names), agency


def _is_byline_continuation(line: str) -> bool:
    words = line.lower().split()
    return 0 < len(words) <= 5 and any(word.strip(",.") in BYLINE_ROLE_WORDS for word in words)


def _is_url_line(line: str, head: _Head) -> bool:
    match = URL_LINE.match(line)
    if not match:
        return False
    domain = match.group("domain").lower()
    for known, agency in AGENCY_URL_DOMAINS.items():
        if domain == known or domain.endswith("." + known):
            head.agency = head.agency or agency
    return True


def _is_title_like(line: str) -> bool:
    stripped = line.strip().lstrip("*").strip()
    if not 2 <= len(stripped) <= TITLE_MAX_CHARS:
        return False
    if not (stripped[0].isalnum() or stripped[0] in TITLE_OPENING_CHARACTERS):
        return False
    # A sentence ending in a full stop is body text; titles end without one (or in "?"/"!").
    return not stripped.endswith((".", ",", ";")) or stripped.endswith(TITLE_ABBREVIATIONS)


def _title_span(text: str, line_start: int, line_end: int) -> Span:
    """The title line without the asterisks some wires put before flash headlines."""
    span = _trimmed_span(text, line_start, line_end)
    stars = len(span.text) - len(span.text.lstrip("*"))
    return _trimmed_span(text, span.start + stars, span.end) if stars else span


def _settle_title(head: _Head, candidates: list[Span]) -> None:
    """The last title-like head line is the title; a short line before it names the outlet."""
    if head.title is not None or not candidates:
        return
    head.title = candidates[-1]
    if len(candidates) >= 2 and len(candidates[-2].text.split()) <= 6:
        head.outlet = candidates[-2].text
        head.agency = head.agency or _known_agency(candidates[-2].text)


def _known_agency(name: str) -> str | None:
    return AGENCY_NAMES.get(name.strip().lower())


# --- dateline ----------------------------------------------------------------------------


def _dateline_at(text: str, line_start: int, line_end: int) -> tuple[Dateline, int] | None:
    """The dateline opening the line, and where the story after it begins; else None."""
    match = DATELINE.match(text, line_start, line_end)
    if not match or not _is_dateline(match, line_end):
        return None
    places = _dateline_places(match.group("places"))
    agency_text = match.group("agency") or match.group("signoff")
    month_text = match.group("month")
    month = MONTH_NUMBERS.get(month_text.lower().rstrip(".")) if month_text else None
    has_places = match.group("places") is not None
    span_start = match.start("places") if has_places else _first_visible(text, line_start)
    dateline_end = _dateline_text_end(match)
    dateline = Dateline(
        span=Span.of(text, span_start, dateline_end),
        places=places,
        month=month,
        day=int(match.group("day")) if match.group("day") else None,
        year=int(match.group("year")) if match.group("year") else None,
        agency=_agency_name(agency_text) if agency_text else None,
    )
    return dateline, _skip_spaces(text, match.end())


def _is_dateline(match: re.Match[str], line_end: int) -> bool:
    """Whether a DATELINE match is one: it needs a date or an agency, or else upper-case
    places, a dash with a space after it and a story running on ("MOSCOW -- The ...")."""
    agency = match.group("agency")
    if agency is not None and not _is_agency_like(agency):
        return False
    places = match.group("places")
    if match.group("month") is not None or agency is not None or match.group("signoff"):
        return True
    if places is None or not places.isupper() or match.group("sep") not in BARE_DATELINE_DASHES:
        return False
    text = match.string
    return match.end() < line_end and text[match.end()] in " \t" and line_end - match.end() >= 30


def _is_agency_like(agency: str) -> bool:
    if _agency_name(agency) in AGENCY_NAMES.values():
        return True
    words = agency.split()
    return 0 < len(words) <= 3 and all(word[:1].isupper() for word in words)


def _dateline_text_end(match: re.Match[str]) -> int:
    """The dateline span ends after the agency or date, before the separator."""
    for group in ("agency", "signoff", "year", "day", "places"):
        if match.group(group) is not None:
            end = match.end(group)
            return end + 1 if group == "agency" else end
    return match.end()


def _dateline_places(places_text: str | None) -> tuple[str, ...]:
    """Places of a dateline: "SEOUL/MOSCOW" -> ("SEOUL", "MOSCOW"), regions dropped."""
    if not places_text:
        return ()
    places = []
    for part in places_text.split("/"):
        city = part.split(",")[0].strip()
        if city:
            places.append(city)
    return tuple(places)


def _agency_name(text: str) -> str | None:
    key = " ".join(text.split()).lower()
    if key in AGENCY_NAMES:
        return AGENCY_NAMES[key]
    for prefix, name in AGENCY_PREFIXES.items():
        if key.startswith(prefix):
            return name
    return " ".join(text.split()) or None


def _first_visible(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t":
        position += 1
    return position


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


# --- tail: footer credits, sign-off ------------------------------------------------------


def _read_tail(
    text: str, body_start: int, chrome: tuple[Span, ...]
) -> tuple[int, tuple[Credit, ...], Span | None]:
    """Where the story proper ends, the footer credits, and a wire sign-off ("Reuter")."""
    end = _end_before_trailing_chrome(text, body_start, chrome)
    signoff = None
    signoff_match = SIGNOFF.search(text, max(body_start - 1, end - 40, 0), end)
    if signoff_match:
        signoff = Span.of(text, signoff_match.start("word"), signoff_match.end("word"))
        end = signoff_match.start("word")
    window_start = max(body_start, end - TAIL_CHARS)
    blocks = [*CREDIT_PARENS.finditer(text, window_start, end)]
    blocks += [
        block
        for block in CREDIT_LINE.finditer(text, window_start - 1 if window_start else 0, end)
        if not any(other.start() <= block.start("inner") < other.end() for other in blocks)
    ]
    if not blocks:
        return end, (), signoff
    blocks.sort(key=lambda block: block.start())
    credits = tuple(credit for block in blocks for credit in _block_credits(text, block))
    return blocks[0].start("inner") - (blocks[0].group(0)[0] == "("), credits, signoff


def _end_before_trailing_chrome(text: str, body_start: int, chrome: tuple[Span, ...]) -> int:
    end = len(text)
    for span in reversed(chrome):
        if span.start < body_start or text[span.end : end].strip():
            break
        end = span.start
    return end


def _block_credits(text: str, block: re.Match[str]) -> list[Credit]:
    block_start, block_end = block.start("inner"), block.end("inner")
    clauses = list(CREDIT_CLAUSE.finditer(text, block_start, block_end))
    credits = []
    for index, clause in enumerate(clauses):
        names_end = clauses[index + 1].start() if index + 1 < len(clauses) else block_end
        role = " ".join(clause.group("role").lower().split()).replace("compiled", "compiling")
        credits.extend(_clause_credits(text, clause.end(), names_end, role))
    return credits


def _clause_credits(text: str, start: int, end: int, role: str) -> list[Credit]:
    """People of one clause ("John Ruwitch in Beijing and Lori Santos in Washington")."""
    credits: list[Credit] = []
    waiting: list[tuple[str, Span]] = []
    for segment, offset in _split_name_list(text[start:end]):
        segment_start = start + offset
        named_place = NAMED_PLACE.match(segment)
        name = named_place.group("name") if named_place else segment
        if not _is_person_name(name):
            continue
        name = " ".join(name.split())
        span = Span.of(text, segment_start, segment_start + len(segment))
        if named_place is None:
            waiting.append((name, span))
            continue
        place = " ".join(named_place.group("place").split())
        # "A and B in Athens": a place closes the run of names before it.
        credits.extend(Credit(other, role, place, other_span) for other, other_span in waiting)
        waiting.clear()
        credits.append(Credit(name, role, place, span))
    credits.extend(Credit(name, role, None, span) for name, span in waiting)
    return sorted(credits, key=lambda credit: credit.span.start)


def _split_name_list(names_text: str) -> Iterator[tuple[str, int]]:
    """Segments of "A, B and C" with their offsets, stripped of spaces and punctuation."""
    position = 0
    for separator in NAME_LIST_SEPARATOR.finditer(names_text):
        yield from _stripped_segment(names_text, position, separator.start())
        position = separator.end()
    yield from _stripped_segment(names_text, position, len(names_text))


def _stripped_segment(names_text: str, start: int, end: int) -> Iterator[tuple[str, int]]:
    segment = names_text[start:end]
    stripped = segment.strip(" \t\n.;:()")
    if stripped:
        yield stripped, start + segment.index(stripped)


def _is_person_name(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5 or HAS_DIGIT.search(name):
        return False
    lowered = {word.lower().strip(",.") for word in words}
    if not lowered.isdisjoint(NOT_A_PERSON_WORDS) or not lowered.isdisjoint(BYLINE_ROLE_WORDS):
        return False
    return all(word[0].isupper() or word.lower() in NAME_PARTICLES for word in words)


# --- body --------------------------------------------------------------------------------


def _trimmed_span(text: str, start: int, end: int) -> Span:
    """The span of ``text[start:end]`` without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end)


def _paragraphs(text: str, body: Span, chrome: tuple[Span, ...]) -> tuple[Span, ...]:
    paragraphs = []
    position = body.start
    for break_start, break_end in _paragraph_breaks(text, body.start, body.end):
        paragraphs.append(_trimmed_span(text, position, break_start))
        position = break_end
    paragraphs.append(_trimmed_span(text, position, body.end))
    return tuple(
        paragraph
        for paragraph in paragraphs
        if paragraph.text and not _in_chrome(paragraph.start, chrome)
    )


def _paragraph_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    breaks = [(found.start(), found.end()) for found in PARAGRAPH_BREAK.finditer(text, start, end)]
    position = text.find(DOUBLE_SPACE, start, end)
    while position >= 0:
        after = position + 2
        while after < end and text[after] in " \t":
            after += 1
        if (
            position > start
            and text[position - 1] in SENTENCE_ENDINGS
            and after < end
            and text[after] in PARAGRAPH_OPENINGS
        ):
            breaks.append((position, after))
        position = text.find(DOUBLE_SPACE, after, end)
    return sorted(breaks)


# --- the article's date ------------------------------------------------------------------


def resolve_article_date(head: _Head, lead: str, context: _DateContext) -> ArticleDate | None:
    """The article's date from, in order: --date, the container, a full date in the head,
    the dateline (with its year, or --year), the dateline's weekday in the lead.

    Returns None when nothing dates the article. Raises ``DateError`` when the candidates
    are ambiguous or a given year makes the dateline day impossible.
    """
    if context.given is not None:
        return ArticleDate(context.given, "day", "input", "given with --date")
    if context.declared is not None:
        return _declared_date(context.declared)
    if head.header_date is not None:
        value, line = head.header_date
        return ArticleDate(value, "day", "text", f"header line {line!r}")
    dateline = head.dateline
    if dateline is None or dateline.month is None or dateline.day is None:
        return _year_only(context.year)
    if dateline.year is not None:
        return _dateline_date(dateline, dateline.year, "the dateline gives the year")
    if context.year is not None:
        return _dateline_date(dateline, context.year, "year given with --year")
    if context.issue_date is not None:
        return _dateline_date(
            dateline, _year_before(context.issue_date, dateline), "year from the issue date"
        )
    return _infer_year(dateline, lead, context)


def _declared_date(declared: Any) -> ArticleDate:
    if isinstance(declared, datetime.date):
        return ArticleDate(declared, "day", "input", "declared by the input")
    text = str(declared).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not match:
        raise DateError(f"declared date {text!r} is not YYYY-MM-DD; fix the input or give --date")
    year, month, day = (int(part) if part else None for part in match.groups())
    precision = "day" if day else "month" if month else "year"
    try:
        value = datetime.date(year or 1, month or 1, day or 1)
    except ValueError as error:
        raise DateError(f"declared date {text!r} does not exist; fix the input") from error
    return ArticleDate(value, precision, "input", "declared by the input")


def _year_before(issue_date: datetime.date, dateline: Dateline) -> int:
    """The year that puts the dateline day on or before the issue date (a December story in
    a January issue is from the year before)."""
    is_later_in_year = (dateline.month or 1, dateline.day or 1) > (issue_date.month, issue_date.day)
    return issue_date.year - 1 if is_later_in_year else issue_date.year


def _year_only(year: int | None) -> ArticleDate | None:
    if year is None:
        return None
    return ArticleDate(datetime.date(year, 1, 1), "year", "input", "only --year is known")


def _dateline_date(dateline: Dateline, year: int, note: str) -> ArticleDate:
    try:
        value = datetime.date(year, dateline.month or 1, dateline.day or 1)
    except ValueError as error:
        raise DateError(
            f"dateline {dateline.span.text!r} has no such day in {year}; check --year"
        ) from error
    return ArticleDate(value, "day", "dateline", note)


def _infer_year(dateline: Dateline, lead: str, context: _DateContext) -> ArticleDate | None:
    """The one year in the window whose calendar puts the lead's weekday on the dateline day."""
    weekday = _lead_weekday(lead)
    if weekday is None or dateline.month is None or dateline.day is None:
        return None
    first, last = _narrowed_years(context.years, context.issue)
    candidates = [
        candidate
        for candidate in range(first, last + 1)
        if _weekday_of(candidate, dateline.month, dateline.day) == weekday
    ]
    day_text = f"{calendar.month_abbr[dateline.month]} {dateline.day}"
    weekday_name = calendar.day_name[weekday]
    window = f"{context.years[0]}-{context.years[1]}"
    if context.issue:
        window += f" (narrowed to {first}-{last} by issue {context.issue})"
    if len(candidates) > 1:
        listed = ", ".join(str(candidate) for candidate in candidates)
        raise DateError(f"{day_text} is a {weekday_name} in {listed} within {window}; give --year")
    if not candidates:
        return None
    note = f"{day_text} is a {weekday_name} only in {candidates[0]} within {window}"
    return ArticleDate(
        datetime.date(candidates[0], dateline.month, dateline.day), "day", "inferred", note
    )


def _narrowed_years(years: tuple[int, int], issue: str | None) -> tuple[int, int]:
    """The window, narrowed to the years a digest issue number can belong to."""
    first, last = years
    issue_years = _issue_years(issue)
    if issue_years is None:
        return first, last
    return max(first, issue_years[0]), min(last, issue_years[1])


def _issue_years(issue: str | None) -> tuple[int, int] | None:
    if not issue:
        return None
    match = re.fullmatch(r"JRL (?:(?P<year>\d{4})-\d+|(?P<number>\d+))", issue)
    if not match:
        return None
    if match.group("year"):
        year = int(match.group("year"))
        # The first issue of a year may carry items dated the last day of the year before.
        return year - 1, year
    estimate = JRL_NUMBERING_BASE_YEAR + int(match.group("number")) // JRL_ISSUES_PER_YEAR
    return estimate - JRL_YEAR_SLACK, estimate + JRL_YEAR_SLACK


def _weekday_of(year: int, month: int, day: int) -> int | None:
    try:
        return datetime.date(year, month, day).weekday()
    except ValueError:
        return None


def _lead_weekday(lead: str) -> int | None:
    """The first weekday in the lead that names the dateline day: not "last Monday", not
    "Wednesday, Feb 25" (which names its own date), none where the lead says "today"."""
    if SAME_DAY_WORDS.search(lead):
        return None
    for match in LEAD_WEEKDAY.finditer(lead):
        before = (match.group("before") or "").lower()
        if before not in WEEKDAY_SHIFTING_WORDS and match.group("dated") is None:
            return WEEKDAY_NUMBERS[match.group("weekday").lower()]
    return None


def _full_date(line: str) -> tuple[datetime.date, str] | None:
    """A complete date on a header line ("Fri Oct 20, 2006 4:25pm EDT", "20 January 2003")."""
    match = FULL_DATE.search(line)
    if not match:
        return None
    if match.group("iso"):
        parts = [int(part) for part in match.group("iso").split("-")]
    else:
        month_text = (match.group("month") or match.group("month2")).lower().rstrip(".")
        parts = [
            int(match.group("year") or match.group("year2")),
            MONTH_NUMBERS[month_text],
            int(match.group("day") or match.group("day2")),
        ]
    try:
        return datetime.date(*parts), line.strip()
    except ValueError:
        return None
