"""Date intervals: TIMEX3 values to start, end, precision and EDTF; dates typed by people."""

import contextlib
import datetime
import io

import pytest
from edtf import parse_edtf
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import DateInterval, interval_between, interval_from_timex, parse_date_text
from timeline.errors import DateError

DCT = datetime.date(2003, 1, 20)


def columns(interval: DateInterval) -> tuple:
    row = interval.as_columns()
    return row["date_start"], row["date_end"], row["date_precision"], row["date_edtf"]


@pytest.mark.parametrize(
    "value, mod, expected",
    [
        ("2003-01-20", None, ("2003-01-20", "2003-01-20", "day", "2003-01-20")),
        ("2003-01-20TNI", None, ("2003-01-20", "2003-01-20", "day", "2003-01-20")),
        ("2003-01-20T16:25", None, ("2003-01-20", "2003-01-20", "day", "2003-01-20")),
        ("2002-10", None, ("2002-10-01", "2002-10-31", "month", "2002-10")),
        ("2002", None, ("2002-01-01", "2002-12-31", "year", "2002")),
        ("199", None, ("1990-01-01", "1999-12-31", "decade", "199X")),
        ("199X", None, ("1990-01-01", "1999-12-31", "decade", "199X")),
        ("19", None, ("1900-01-01", "1999-12-31", "century", "19XX")),
        ("1950/1953", None, ("1950-01-01", "1953-12-31", "year", "1950/1953")),
        ("2013-W11", None, ("2013-03-11", "2013-03-17", "day", "2013-03-11/2013-03-17")),
        ("2013-W11-WE", None, ("2013-03-16", "2013-03-17", "day", "2013-03-16/2013-03-17")),
        ("2002-Q4", None, ("2002-10-01", "2002-12-31", "month", "2002-10/2002-12")),
        ("2002-H1", None, ("2002-01-01", "2002-06-30", "month", "2002-01/2002-06")),
        ("2012-SU", None, ("2012-06-01", "2012-08-31", "month", "2012-22")),
        ("2012-WI", None, ("2012-12-01", "2013-02-28", "month", "2012-24")),
        ("1989-WXX", None, ("1989-01-01", "1989-12-31", "year", "1989")),
        # mods
        ("1990", "APPROX", ("1990-01-01", "1990-12-31", "year", "1990~")),
        ("2003-01", "BEFORE", (None, "2002-12-31", "month", "../2002-12")),
        ("2003-01", "ON_OR_BEFORE", (None, "2003-01-31", "month", "../2003-01")),
        ("2002-10", "AFTER", ("2002-11-01", None, "month", "2002-11/..")),
        ("2002-10", "ON_OR_AFTER", ("2002-10-01", None, "month", "2002-10/..")),
        ("2002", "START", ("2002-01-01", "2002-05-01", "year", "2002")),
        ("2002", "END", ("2002-09-01", "2002-12-31", "year", "2002")),
        ("2002", "LESS_THAN", ("2002-01-01", "2002-12-31", "year", "2002")),
    ],
)
def test_interval_from_timex(value, mod, expected):
    interval = interval_from_timex(value, mod=mod)
    assert columns(interval) == expected
    parse_edtf(interval.edtf)


@pytest.mark.parametrize(
    "value, dct",
    [
        ("XXXX-10", DCT), ("XXXX-WXX-1", DCT), ("P1Y", DCT), ("PT6H", DCT), ("", DCT),
        ("PAST_REF", None), ("PRESENT_REF", None), ("2003-02-30", DCT), ("2003-13", DCT),
        ("not a date", DCT),
    ],
)
def test_values_naming_no_calendar_interval_give_none(value, dct):
    assert interval_from_timex(value, dct=dct) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("PAST_REF", (None, "2003-01-20", "unknown", "../2003-01-20")),
        ("FUTURE_REF", ("2003-01-20", None, "unknown", "2003-01-20/..")),
        ("PRESENT_REF", ("2003-01-20", "2003-01-20", "day", "2003-01-20")),
    ],
)
def test_references_are_open_at_the_dct(value, expected):
    assert columns(interval_from_timex(value, dct=DCT)) == expected


def test_approximate_dates_are_flagged_and_not_precise_days():
    interval = interval_from_timex("1990", mod="APPROX")
    assert interval.approximate is True
    assert interval.precision == "year"


def test_interval_between_after_one_date_and_before_another():
    after = interval_from_timex("2002-10")
    before = interval_from_timex("2003-01-20")
    assert columns(interval_between(after, before)) == (
        "2002-10-01", "2003-01-20", "month", "2002-10/2003-01-20",
    )


def test_interval_between_refuses_a_backwards_interval():
    with pytest.raises(DateError):
        interval_between(interval_from_timex("2003"), interval_from_timex("2002"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("20 Jan 2003", ("2003-01-20", "2003-01-20", "day", "2003-01-20")),
        ("2003-01-20", ("2003-01-20", "2003-01-20", "day", "2003-01-20")),
        ("2003-01", ("2003-01-01", "2003-01-31", "month", "2003-01")),
        ("January 2003", ("2003-01-01", "2003-01-31", "month", "2003-01")),
        ("Jan. 20, 2003", ("2003-01-20", "2003-01-20", "day", "2003-01-20")),
        ("2003", ("2003-01-01", "2003-12-31", "year", "2003")),
        ("1950-53", ("1950-01-01", "1953-12-31", "year", "1950/1953")),
        ("the 1990s", ("1990-01-01", "1999-12-31", "decade", "199X")),
        ("about 1990", ("1990-01-01", "1990-12-31", "year", "1990~")),
        ("circa 1990", ("1990-01-01", "1990-12-31", "year", "1990~")),
        ("before March 2003", (None, "2003-02-28", "month", "../2003-02")),
        ("after October 2002", ("2002-11-01", None, "month", "2002-11/..")),
        ("since October 2002", ("2002-10-01", None, "month", "2002-10/..")),
        ("until 2004", (None, "2004-12-31", "year", "../2004")),
        (
            "between October 2002 and January 2003",
            ("2002-10-01", "2003-01-31", "month", "2002-10/2003-01"),
        ),
        ("2002~", ("2002-01-01", "2002-12-31", "year", "2002~")),
        ("../2003-01", (None, "2003-01-31", "month", "../2003-01")),
        ("1950/1953", ("1950-01-01", "1953-12-31", "year", "1950/1953")),
        ("199X", ("1990-01-01", "1999-12-31", "decade", "199X")),
        ("  2003-01-20 ", ("2003-01-20", "2003-01-20", "day", "2003-01-20")),
        ("2003-01-20T10:00", ("2003-01-20", "2003-01-20", "day", "2003-01-20")),
        ("Q3 2002", ("2002-07-01", "2002-09-30", "month", "2002-07/2002-09")),
        ("2013-W11", ("2013-03-11", "2013-03-17", "day", "2013-03-11/2013-03-17")),
        ("December 2002 to January 2003", ("2002-12-01", "2003-01-31", "month", "2002-12/2003-01")),
        ("about 1990?", ("1990-01-01", "1990-12-31", "year", "1990%")),
        ("early 2003", ("2003-01-01", "2003-05-01", "year", "2003")),
    ],
)
def test_parse_date_text(text, expected):
    assert columns(parse_date_text(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", "February 30 2003", "31 April 2003", "last Monday", "October", "yesterday",
        "2003 or so", "soon", "six hours", "the day after the vote", "2003-13-01", "banana",
    ],
)
def test_parse_date_text_refuses_what_it_cannot_read_completely(text):
    with pytest.raises(DateError) as raised:
        parse_date_text(text)
    message = str(raised.value)
    assert "\n" not in message
    assert "2003-01-20" in message


@pytest.mark.parametrize(
    "value, mod, expected",
    [
        ("199", "BEFORE", (None, "1989-12-31", "decade", "../1989")),
        ("199", "ON_OR_AFTER", ("1990-01-01", None, "decade", "1990/..")),
        ("2002-Q4", "APPROX", ("2002-10-01", "2002-12-31", "month", "2002-10~/2002-12~")),
        ("2013-W11", "ON_OR_BEFORE", (None, "2013-03-17", "day", "../2013-03-17")),
    ],
)
def test_bounds_on_coarse_and_compound_values_stay_valid_edtf(value, mod, expected, capsys):
    interval = interval_from_timex(value, mod=mod)
    assert columns(interval) == expected
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("value", ["9999", "9999-12-31"])
def test_values_at_the_calendar_edge_do_not_raise(value):
    interval = interval_from_timex(value, mod="AFTER")
    assert interval is None or interval.end is None


@settings(max_examples=300, deadline=None)
@given(
    year=st.integers(min_value=1000, max_value=2999),
    month=st.integers(min_value=0, max_value=25),
    day=st.integers(min_value=0, max_value=32),
    parts=st.integers(min_value=1, max_value=3),
    mark=st.sampled_from(["", "~", "?", "%"]),
    shape=st.sampled_from(["point", "open_start", "open_end", "interval", "decade"]),
)
def test_the_fast_edtf_check_agrees_with_the_edtf_package(year, month, day, parts, mark, shape):
    from timeline.dates import _simple_edtf

    point = [f"{year:04d}", f"{year:04d}-{month:02d}", f"{year:04d}-{month:02d}-{day:02d}"][
        parts - 1] + mark
    text = {"point": point, "open_start": f"../{point}", "open_end": f"{point}/..",
            "interval": f"{point}/{year + 1:04d}", "decade": f"{str(year)[:3]}X{mark}"}[shape]
    if not _simple_edtf(text):
        return  # the slow path asks the package itself
    with contextlib.redirect_stdout(io.StringIO()):
        parse_edtf(text)  # raises if the package disagrees
