"""Date intervals: what a TIMEX3 value means on the calendar, its precision and its EDTF form.

The tagger (``timeline.extract.timex``) says *which* date a text names ("2002-10", "199",
"2003-W03"); this module turns that into what ``events.date_*`` store: the first and last day
covered, a precision a reader can trust and a Library of Congress EDTF string. Nothing here
reads the clock: a value that needs a reference date gets one passed in, or stays unresolved.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import functools
import io
import re
from dataclasses import dataclass, replace

from edtf import parse_edtf

from timeline.errors import DateError

PRECISIONS = ("day", "month", "year", "decade", "century", "unknown")

# Seasons as TIMEX3 writes them, their EDTF level-1 codes and the months they cover
# (northern meteorological seasons; winter runs into the next calendar year).
SEASONS = {
    "SP": (21, 3, 5),
    "SU": (22, 6, 8),
    "FA": (23, 9, 11),
    "WI": (24, 12, 14),
}
# The part of a period that START / MID / END narrow an interval to, as fractions of it.
PART_FRACTIONS = {"START": (0.0, 1 / 3), "MID": (1 / 3, 2 / 3), "END": (2 / 3, 1.0)}
APPROXIMATE_MODS = frozenset({"APPROX"})
OPEN_END_MODS = frozenset({"AFTER", "ON_OR_AFTER"})
OPEN_START_MODS = frozenset({"BEFORE", "ON_OR_BEFORE"})

DAY_VALUE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
MONTH_VALUE = re.compile(r"^(\d{4})-(\d{2})$")
YEAR_VALUE = re.compile(r"^(\d{4})$")
DECADE_VALUE = re.compile(r"^(\d{3})X?$")
CENTURY_VALUE = re.compile(r"^(\d{2})(?:XX)?$")
WEEK_VALUE = re.compile(r"^(\d{4})-W(\d{2})(?:-(WE|[1-7]))?(?:T.*)?$")
QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
HALF_VALUE = re.compile(r"^(\d{4})-H([12])$")
SEASON_VALUE = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
# "1989-WXX", "1998-XX-XX": the year is known, the rest is not; store the year.
PARTLY_KNOWN_YEAR = re.compile(r"^(\d{4})-[0-9WQHX]")

ACCEPTED_FORMS = (
    '"20 Jan 2003", "2003-01-20", "January 2003", "2003", "1950-53", "the 1990s", '
    '"about 1990", "before March 2003", "between October 2002 and January 2003", '
    'or EDTF such as "2002~", "../2003-01", "1950/1953"'
)
BOUND_WORDS = {
    "before": "BEFORE",
    "prior to": "BEFORE",
    "after": "AFTER",
    "since": "ON_OR_AFTER",
    "from": "ON_OR_AFTER",
    "until": "ON_OR_BEFORE",
    "till": "ON_OR_BEFORE",
    "by": "ON_OR_BEFORE",
    "about": "APPROX",
    "around": "APPROX",
    "circa": "APPROX",
    "c.": "APPROX",
    "ca.": "APPROX",
    "approximately": "APPROX",
    "roughly": "APPROX",
    "some time in": "APPROX",
    "sometime in": "APPROX",
}
BOUND_PREFIX = re.compile(
    r"^(?P<word>"
    + "|".join(re.escape(word) for word in sorted(BOUND_WORDS, key=len, reverse=True))
    + r")\s+(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL,
)
BETWEEN = re.compile(
    r"^(?:between\s+(?P<first>.+?)\s+and|(?:from\s+)?(?P<from>.+?)\s+(?:to|until|through))"
    r"\s+(?P<second>.+)$",
    re.IGNORECASE | re.DOTALL,
)
# Words the tagger leaves outside a date's span that may still surround typed text.
IGNORABLE_EDGES = " \t\n.,;:"
# What may surround a typed date ("../2003-01" keeps its dots).
TYPED_EDGES = " \t\n,;:"


@dataclass(frozen=True)
class DateInterval:
    """The days a date covers: ``start``..``end`` inclusive, ``None`` for an open side."""

    start: datetime.date | None
    end: datetime.date | None
    precision: str
    edtf: str | None
    approximate: bool = False

    def as_columns(self) -> dict:
        """The ``events.date_*`` columns: ISO dates (or None), precision and EDTF."""
        return {
            "date_start": self.start.isoformat() if self.start else None,
            "date_end": self.end.isoformat() if self.end else None,
            "date_precision": self.precision,
            "date_edtf": self.edtf,
        }


def interval_from_timex(
    value: str, *, mod: str | None = None, dct: datetime.date | None = None
) -> DateInterval | None:
    """The calendar interval a TIMEX3 DATE ``value`` names, shaped by its TIMEX3 ``mod``.

    Takes a value such as "2003-01-20", "2002-10", "2002", "199", "2003-W03", "2002-Q4",
    "2002-SU", "1950/1953", "PAST_REF"; ``dct`` (the document date) is used only for
    PRESENT_REF / PAST_REF / FUTURE_REF. Returns None when the value names no calendar
    interval (durations, sets, "XXXX-10" without a year, references without a ``dct``).
    Never raises on odd input.
    """
    # Only the references read the document date: any other value is read once, whatever
    # the date of the article it came from.
    return _cached_interval(value, mod, dct if "_REF" in (value or "") else None)


# Pure, its arguments a short value, a modifier and a date, its result frozen: the same values
# recur within and across stories (every clause dated "2008-03-03" by a day's news), so each
# is read once.
@functools.lru_cache(maxsize=16384)
def _cached_interval(
    value: str, mod: str | None, dct: datetime.date | None
) -> DateInterval | None:
    try:
        return _interval_of_value((value or "").strip(), mod, dct)
    except OverflowError:
        return None  # before year 1 or after 9999: no calendar interval to give


def _interval_of_value(
    value: str, mod: str | None, dct: datetime.date | None
) -> DateInterval | None:
    if "/" in value:
        first_value, _, second_value = value.partition("/")
        first = interval_from_timex(first_value, dct=dct)
        second = interval_from_timex(second_value, dct=dct)
        if first is None or second is None:
            return None
        return _with_mod(interval_between(first, second), mod)
    interval = _reference_interval(value, dct)
    if interval is not None:
        return interval
    interval = _plain_interval(value)
    if interval is None:
        return None
    return _with_mod(interval, mod)


def interval_between(first: DateInterval, second: DateInterval) -> DateInterval:
    """One interval from the start of ``first`` to the end of ``second``.

    "after X, before Y", "between X and Y": the result is ``X/Y`` in EDTF with the coarser
    of the two precisions; an open side of either stays open. Raises DateError when
    ``second`` ends before ``first`` starts.
    """
    if first.start and second.end and second.end < first.start:
        raise DateError(f"the interval {first.edtf}/{second.edtf} ends before it starts")
    first_edtf = _edtf_side(first, "start")
    second_edtf = _edtf_side(second, "end")
    precision = max(first.precision, second.precision, key=PRECISIONS.index)
    return DateInterval(
        start=first.start,
        end=second.end,
        precision=precision,
        edtf=_checked_edtf(f"{first_edtf}/{second_edtf}"),
        approximate=first.approximate or second.approximate,
    )


def parse_date_text(text: str) -> DateInterval:
    """Read a date typed by a person ("20 Jan 2003", "about 1990", "../2003-01").

    Takes the whole text; returns its interval. Raises DateError naming the text and the
    accepted forms when any part of it cannot be read, when it names an impossible day
    ("February 30 2003") or when it would need a reference date ("last Monday").
    """
    stripped = (text or "").strip(TYPED_EDGES)
    if not stripped:
        raise DateError(f"empty date; use one of {ACCEPTED_FORMS}")
    between = BETWEEN.match(stripped)
    if between:
        first = _parse_single_date(between["first"] or between["from"], text)
        second = _parse_single_date(between["second"], text)
        return interval_between(first, second)
    return _parse_single_date(stripped, text)


def _parse_single_date(text: str, original: str) -> DateInterval:
    bound = BOUND_PREFIX.match(text)
    mod = BOUND_WORDS[bound["word"].lower()] if bound else None
    body = bound["rest"].strip(IGNORABLE_EDGES) if bound else text
    interval = (
        _interval_of_tagged_text(body, mod)
        or _interval_of_edtf(body, mod)
        or _interval_of_timex_value(body, mod)
    )
    if interval is None:
        raise DateError(f"cannot read {original.strip()!r} as a date; use {ACCEPTED_FORMS}")
    return interval


def _interval_of_tagged_text(text: str, mod: str | None) -> DateInterval | None:
    # Imported here: the tagger imports this module for Timex.interval().
    from timeline.extract.timex import tag_timexes

    timexes = [timex for timex in tag_timexes(text) if timex.type in ("DATE", "TIME")]
    if len(timexes) != 1:
        return None
    timex = timexes[0]
    outside = text[: timex.span.start] + text[timex.span.end :]
    if outside.strip(IGNORABLE_EDGES + " ").lower() not in ("", "the", "in", "on"):
        return None
    return interval_from_timex(timex.value, mod=mod or timex.mod)


def _interval_of_timex_value(text: str, mod: str | None) -> DateInterval | None:
    """A TIMEX3 value typed as is ("2002-Q3", "2013-W11", "2012-SU"), fully specified."""
    if "X" in text or not re.fullmatch(r"\d{4}-(?:Q[1-4]|H[12]|W\d{2}(?:-WE)?|SP|SU|FA|WI)", text):
        return None
    return interval_from_timex(text, mod=mod)


def _interval_of_edtf(text: str, mod: str | None) -> DateInterval | None:
    if not _edtf_parses(text):
        return None
    approximate = text.endswith("~") or text.endswith("%")
    core = text.rstrip("~?%")
    if "/" in core:
        first, _, second = core.partition("/")
        start = None if first in ("..", "") else interval_from_timex(_edtf_to_timex(first))
        end = None if second in ("..", "") else interval_from_timex(_edtf_to_timex(second))
        if (first not in ("..", "") and start is None) or (
            second not in ("..", "") and end is None
        ):
            return None
        return DateInterval(
            start=start.start if start else None,
            end=end.end if end else None,
            precision=max(
                (side.precision for side in (start, end) if side), key=PRECISIONS.index
            ),
            edtf=text,
            approximate=approximate,
        )
    interval = interval_from_timex(_edtf_to_timex(core))
    if interval is None:
        return None
    interval = replace(interval, edtf=text, approximate=approximate)
    return _with_mod(interval, mod)


def _edtf_to_timex(edtf_text: str) -> str:
    """EDTF "199X" / "19XX" is TIMEX3 "199" / "19"; other plain dates read the same."""
    return re.sub(r"X+$", "", edtf_text) if re.fullmatch(r"\d{2,3}X+", edtf_text) else edtf_text


def _reference_interval(value: str, dct: datetime.date | None) -> DateInterval | None:
    if value not in ("PAST_REF", "PRESENT_REF", "FUTURE_REF") or dct is None:
        return None
    if value == "PRESENT_REF":
        return _day_interval(dct)
    if value == "PAST_REF":
        return DateInterval(None, dct, "unknown", f"../{dct.isoformat()}")
    return DateInterval(dct, None, "unknown", f"{dct.isoformat()}/..")


def _plain_interval(value: str) -> DateInterval | None:
    """The interval of a value with no mod; None for anything not on the calendar."""
    for pattern, build in PLAIN_VALUE_BUILDERS:
        match = pattern.match(value)
        if match:
            try:
                return build(match)
            except ValueError:  # "2003-02-30": an impossible day names no interval
                return None
    known_year = PARTLY_KNOWN_YEAR.match(value)
    if known_year:
        return _year_interval(int(known_year[1]))
    return None


def _day_interval(day: datetime.date) -> DateInterval:
    return DateInterval(day, day, "day", day.isoformat())


def _month_interval(year: int, month: int) -> DateInterval:
    last = calendar.monthrange(year, month)[1]
    return DateInterval(
        datetime.date(year, month, 1),
        datetime.date(year, month, last),
        "month",
        f"{year:04d}-{month:02d}",
    )


def _year_interval(year: int) -> DateInterval:
    return DateInterval(
        datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year", f"{year:04d}"
    )


def _months_interval(year: int, first_month: int, last_month: int, edtf: str) -> DateInterval:
    end_year, end_month = year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    last_day = calendar.monthrange(end_year, end_month)[1]
    return DateInterval(
        datetime.date(year, first_month, 1),
        datetime.date(end_year, end_month, last_day),
        "month",
        edtf,
    )


def _build_day(match: re.Match) -> DateInterval:
    return _day_interval(datetime.date(int(match[1]), int(match[2]), int(match[3])))


def _build_month(match: re.Match) -> DateInterval:
    if not 1 <= int(match[2]) <= 12:
        raise ValueError("no such month")
    return _month_interval(int(match[1]), int(match[2]))


def _build_year(match: re.Match) -> DateInterval:
    if int(match[1]) == 0:
        raise ValueError("no year zero")
    return _year_interval(int(match[1]))


def _build_decade(match: re.Match) -> DateInterval:
    first = int(match[1]) * 10
    return DateInterval(
        datetime.date(max(first, 1), 1, 1),
        datetime.date(first + 9, 12, 31),
        "decade",
        f"{match[1]}X",
    )


def _build_century(match: re.Match) -> DateInterval:
    first = int(match[1]) * 100
    return DateInterval(
        datetime.date(max(first, 1), 1, 1),
        datetime.date(first + 99, 12, 31),
        "century",
        f"{match[1]}XX",
    )


def _build_week(match: re.Match) -> DateInterval:
    monday = datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    if match[3] == "WE":
        first, last = monday + datetime.timedelta(days=5), monday + datetime.timedelta(days=6)
    elif match[3]:
        first = last = monday + datetime.timedelta(days=int(match[3]) - 1)
        return _day_interval(first)
    else:
        first, last = monday, monday + datetime.timedelta(days=6)
    return DateInterval(first, last, "day", f"{first.isoformat()}/{last.isoformat()}")


def _build_quarter(match: re.Match) -> DateInterval:
    year, quarter = int(match[1]), int(match[2])
    first_month = 3 * quarter - 2
    edtf = f"{year:04d}-{first_month:02d}/{year:04d}-{first_month + 2:02d}"
    return _months_interval(year, first_month, first_month + 2, edtf)


def _build_half(match: re.Match) -> DateInterval:
    year, half = int(match[1]), int(match[2])
    first_month = 6 * half - 5
    edtf = f"{year:04d}-{first_month:02d}/{year:04d}-{first_month + 5:02d}"
    return _months_interval(year, first_month, first_month + 5, edtf)


def _build_season(match: re.Match) -> DateInterval:
    year = int(match[1])
    code, first_month, last_month = SEASONS[match[2]]
    return _months_interval(year, first_month, last_month, f"{year:04d}-{code}")


PLAIN_VALUE_BUILDERS = (
    (DAY_VALUE, _build_day),
    (MONTH_VALUE, _build_month),
    (YEAR_VALUE, _build_year),
    (WEEK_VALUE, _build_week),
    (QUARTER_VALUE, _build_quarter),
    (HALF_VALUE, _build_half),
    (SEASON_VALUE, _build_season),
    (DECADE_VALUE, _build_decade),
    (CENTURY_VALUE, _build_century),
)


def _with_mod(interval: DateInterval, mod: str | None) -> DateInterval:
    """Apply a TIMEX3 mod: approximate, an open side, or the part of the period meant."""
    if not mod:
        return interval
    if mod in APPROXIMATE_MODS:
        return replace(interval, edtf=_approximate_edtf(interval.edtf), approximate=True)
    if mod in OPEN_START_MODS:
        return _open_start(interval, inclusive=mod == "ON_OR_BEFORE")
    if mod in OPEN_END_MODS:
        return _open_end(interval, inclusive=mod == "ON_OR_AFTER")
    if mod in PART_FRACTIONS and interval.start and interval.end:
        return _part_of(interval, *PART_FRACTIONS[mod])
    return interval


def _approximate_edtf(edtf: str | None) -> str | None:
    if edtf is None:
        return None
    if "/" in edtf:
        first, _, second = edtf.partition("/")
        return _checked_edtf(f"{_approximate_edtf(first)}/{_approximate_edtf(second)}")
    if edtf == ".." or edtf.endswith("~") or edtf.endswith("%"):
        return edtf
    if edtf.endswith("?"):
        return _checked_edtf(f"{edtf[:-1]}%")  # uncertain and now approximate too
    return _checked_edtf(f"{edtf}~")


def _open_start(interval: DateInterval, *, inclusive: bool) -> DateInterval:
    """"until X" is ``../X``; "before X" ends the day, month or year before X starts."""
    if inclusive or interval.start is None:
        end = interval.end
    else:
        end = interval.start - datetime.timedelta(days=1)
    end_edtf = _bound_edtf(end, interval, "end")
    return DateInterval(None, end, interval.precision, _checked_edtf(f"../{end_edtf}"),
                        interval.approximate)


def _open_end(interval: DateInterval, *, inclusive: bool) -> DateInterval:
    """"since X" is ``X/..``; "after X" starts the day, month or year after X ends."""
    if inclusive or interval.end is None:
        start = interval.start
    else:
        start = interval.end + datetime.timedelta(days=1)
    start_edtf = _bound_edtf(start, interval, "start")
    return DateInterval(start, None, interval.precision, _checked_edtf(f"{start_edtf}/.."),
                        interval.approximate)


def _bound_edtf(day: datetime.date | None, interval: DateInterval, side: str) -> str:
    """The closed side of an open interval, at the interval's precision.

    EDTF has no open interval onto a decade ("../199X"), so decades and centuries give
    their first or last year instead.
    """
    if day is None:
        return _edtf_side(interval, side)
    return _edtf_at_precision(day, interval.precision) or f"{day.year:04d}"


def _edtf_at_precision(day: datetime.date, precision: str) -> str | None:
    if precision == "day":
        return day.isoformat()
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if precision == "year":
        return f"{day.year:04d}"
    return None


def _edtf_side(interval: DateInterval, side: str) -> str:
    """The EDTF of one end of an interval, for writing it into a larger ``A/B``."""
    edtf = interval.edtf or ".."
    if "/" in edtf:
        first, _, second = edtf.partition("/")
        return first if side == "start" else second
    return edtf


def _part_of(interval: DateInterval, first: float, last: float) -> DateInterval:
    """"early 2002": the first third of 2002, still written 2002 (EDTF has no "early")."""
    assert interval.start and interval.end
    days = (interval.end - interval.start).days + 1
    start = interval.start + datetime.timedelta(days=int(days * first))
    end = interval.start + datetime.timedelta(days=max(int(days * last) - 1, 0))
    return replace(interval, start=start, end=end)


def _checked_edtf(edtf: str) -> str | None:
    """The EDTF string if the edtf package reads it, else None (never a string it rejects)."""
    return edtf if _edtf_parses(edtf) else None


# The forms the tagger writes: a year (or 199X, 19XX), a month or season, a day, each maybe
# marked ~ ? %, alone or as either end of an interval with ".." for an open side.
_EDTF_POINT = re.compile(
    r"(?P<year>\d{4}|\d{3}X|\d{2}XX)(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?[~?%]?"
)


def _simple_edtf_point(point: str) -> bool:
    match = _EDTF_POINT.fullmatch(point)
    if match is None:
        return False
    month, day = match["month"], match["day"]
    if month is None:
        return True
    if "X" in match["year"]:
        return False
    number = int(month)
    if day is None:
        season = 21 <= number <= 24 and point[-1].isdigit()  # the package marks no season
        return 1 <= number <= 12 or season
    if not 1 <= number <= 12:
        return False
    return 1 <= int(day) <= calendar.monthrange(int(match["year"]), number)[1]


def _simple_edtf(edtf: str) -> bool:
    """Whether ``edtf`` is one of the forms above, checked on the calendar; the edtf package
    accepts every string this accepts (tests/test_dates.py checks the two agree)."""
    if "/" not in edtf:
        return _simple_edtf_point(edtf)
    first, _, last = edtf.partition("/")
    if first == ".." and last == "..":
        return False
    return all(part == ".." or _simple_edtf_point(part) for part in (first, last))


@functools.lru_cache(maxsize=4096)
def _edtf_parses(edtf: str) -> bool:
    # The edtf package's parser costs milliseconds a call (tens under load), so the forms the
    # tagger writes are checked by a grammar of their own; anything else goes to the package.
    if _simple_edtf(edtf):
        return True
    # The package prints its parse attempts on stdout; keep them out of ours.
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            parse_edtf(edtf)
        except Exception:  # the edtf package raises its own and plain errors alike
            return False
    return True
