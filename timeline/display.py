"""Dates as a reader should see them: at their precision, never more precise than known.

"20 Jan 2003", "Oct 2002", "1950-1953", "between Oct 2002 and 20 Jan 2003", "about 2002",
"before Jan 2003", "the 1990s".
"""

from __future__ import annotations

import re

MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)
_EDTF_POINT = re.compile(
    r"^(?P<year>-?\d{4}|\d{3}X|\d{2}XX)(?:-(?P<month>\d{2}))?(?:-(?P<day>\d{2}))?(?P<mark>[~?%]?)$"
)
OPEN = ".."


def describe_point(edtf_point: str) -> str | None:
    """One EDTF date ("2003-01-20", "2002-10~", "199X") in words; None when not understood."""
    match = _EDTF_POINT.match(edtf_point)
    if match is None:
        return None
    year, month, day, mark = match["year"], match["month"], match["day"], match["mark"]
    if year.endswith("XX"):
        words = f"the {_ordinal(int(year[:2]) + 1)} century"
    elif year.endswith("X"):
        words = f"the {year[:3]}0s"
    elif month is None or int(month) > 12:
        words = str(int(year))
    elif day is None:
        words = f"{MONTH_ABBREVIATIONS[int(month) - 1]} {int(year)}"
    else:
        words = f"{int(day)} {MONTH_ABBREVIATIONS[int(month) - 1]} {int(year)}"
    if mark == "~" or mark == "%":
        return f"about {words}"
    if mark == "?":
        return f"{words} (uncertain)"
    return words


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def describe_edtf(edtf: str | None) -> str | None:
    """An EDTF date or interval in words; None for None or a form not understood."""
    if not edtf:
        return None
    if "/" not in edtf:
        return describe_point(edtf)
    first, _, last = edtf.partition("/")
    if first in (OPEN, ""):
        after = describe_point(last)
        return f"before {after}" if after else None
    if last in (OPEN, ""):
        before = describe_point(first)
        return f"after {before}" if before else None
    start, end = describe_point(first), describe_point(last)
    if start is None or end is None:
        return None
    if re.fullmatch(r"-?\d{4}", first) and re.fullmatch(r"-?\d{4}", last):
        return f"{start}-{end}"
    return f"between {start} and {end}"


def describe_date(
    date_start: str | None, date_end: str | None, precision: str, edtf: str | None = None
) -> str:
    """A stored event date in words: from its EDTF when it has one, else from the columns."""
    described = describe_edtf(edtf)
    if described:
        return described
    anchor = date_start or date_end
    if not anchor:
        return "date unknown"
    if precision == "day":
        return describe_point(anchor) or anchor
    if precision == "month":
        return describe_point(anchor[:7]) or anchor[:7]
    if precision in ("year", "decade", "century"):
        return anchor[:4] if date_start == date_end or not date_end else \
            f"{anchor[:4]}-{date_end[:4]}"
    return anchor
