"""TimelineJS slides carry only the date parts the precision vouches for."""

from __future__ import annotations

import pytest

from timeline.export import timelinejs_date, timelinejs_slide


@pytest.mark.parametrize("iso, precision, parts", [
    ("2003-01-20", "day", {"year": "2003", "month": "1", "day": "20"}),
    ("2002-10-01", "month", {"year": "2002", "month": "10"}),
    ("1990-01-01", "year", {"year": "1990"}),
    ("1990-01-01", "decade", {"year": "1990"}),
])
def test_timelinejs_date(iso, precision, parts):
    assert timelinejs_date(iso, precision) == parts


def event(**columns):
    base = {"id": 7, "summary": "Talks", "date_start": None, "date_end": None,
            "date_precision": "unknown", "date_edtf": None, "status": "occurred",
            "actors": None, "location": None, "sources": 1}
    return base | columns


def test_open_start_slide_says_before():
    slide = timelinejs_slide(event(date_end="2003-01-31", date_precision="month",
                                   date_edtf="../2003-01"))
    assert slide["start_date"] == {"year": "2003", "month": "1"}
    assert slide["display_date"] == "before Jan 2003"
    assert "end_date" not in slide


def test_approximate_slide_says_about():
    slide = timelinejs_slide(event(date_start="1990-01-01", date_end="1990-12-31",
                                   date_precision="year", date_edtf="1990~"))
    assert slide["display_date"] == "about 1990"
    assert slide["start_date"] == {"year": "1990"}


def test_undated_events_have_no_slide():
    assert timelinejs_slide(event()) is None


def test_slide_text_is_escaped():
    slide = timelinejs_slide(event(date_start="2003-01-20", date_end="2003-01-20",
                                   date_precision="day", actors="<script>x</script>"))
    assert "<script>" not in slide["text"]["text"]
