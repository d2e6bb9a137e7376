"""Dates in words at their precision."""

from __future__ import annotations

import pytest

from timeline.display import describe_date, describe_edtf


@pytest.mark.parametrize("edtf, words", [
    ("2003-01-20", "20 Jan 2003"),
    ("2002-10", "Oct 2002"),
    ("2002", "2002"),
    ("1950/1953", "1950-1953"),
    ("2002-10/2003-01-20", "between Oct 2002 and 20 Jan 2003"),
    ("2002~", "about 2002"),
    ("2002-10~", "about Oct 2002"),
    ("../2003-01", "before Jan 2003"),
    ("2002-10/..", "after Oct 2002"),
    ("199X", "the 1990s"),
    ("19XX", "the 20th century"),
    ("2003?", "2003 (uncertain)"),
    ("not a date", None),
    (None, None),
])
def test_describe_edtf(edtf, words):
    assert describe_edtf(edtf) == words


@pytest.mark.parametrize("start, end, precision, words", [
    ("2003-01-20", "2003-01-20", "day", "20 Jan 2003"),
    ("2002-10-01", "2002-10-31", "month", "Oct 2002"),
    ("1950-01-01", "1953-12-31", "year", "1950-1953"),
    (None, None, "unknown", "date unknown"),
])
def test_describe_date_without_edtf(start, end, precision, words):
    assert describe_date(start, end, precision) == words
