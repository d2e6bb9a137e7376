"""The temporal tagger: spans, types and TIMEX3 values against a document date."""

import datetime

import pytest

from timeline.extract.timex import Timex, tag_timexes

# A Monday: "on Monday" in a story of this date is the same day.
DCT = datetime.date(2003, 1, 20)


def only(text: str, dct: datetime.date | None = DCT) -> Timex:
    found = tag_timexes(text, dct)
    assert len(found) == 1, [t.as_dict() for t in found]
    return found[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        # absolute dates
        ("Signed Jan. 20, 2003, in Geneva.", ("Jan. 20, 2003", "DATE", "2003-01-20")),
        ("It was signed on 20 January 2003.", ("20 January 2003", "DATE", "2003-01-20")),
        ("Prices fell in January 2003.", ("January 2003", "DATE", "2003-01")),
        ("Output rose in 2003.", ("2003", "DATE", "2003")),
        ("veterans of the 1950-53 Korean War", ("1950-53", "DATE", "1950/1953")),
        ("a boom in the 1990s", ("the 1990s", "DATE", "199")),
        ("the plant closed in mid-2002", ("mid-2002", "DATE", "2002")),
        ("losses in fiscal 1998 widened", ("fiscal 1998", "DATE", "1998")),
        ("The law took effect 2003-01-15.", ("2003-01-15", "DATE", "2003-01-15")),
        # relative to the DCT
        ("Talks were held on Monday.", ("Monday", "DATE", "2003-01-20")),
        ("The minister met them last week.", ("last week", "DATE", "2003-W03")),
        ("Elections will be held next month.", ("next month", "DATE", "2003-02")),
        ("a year ago grouped the North with Iraq and Iran", ("a year ago", "DATE", "2002")),
        ("He had left two years earlier.", ("two years earlier", "DATE", "2001")),
        ("Rebels seized the town earlier this month.", ("earlier this month", "DATE", "2003-01")),
        ("Growth will slow this year.", ("this year", "DATE", "2003")),
        ("The envoy arrived yesterday.", ("yesterday", "DATE", "2003-01-19")),
        ("The talks are now stalled.", ("now", "DATE", "PRESENT_REF")),
        ("an impasse that began in October", ("October", "DATE", "2002-10")),
        ("He was due to return to Beijing on Tuesday.", ("Tuesday", "DATE", "2003-01-21")),
        ("Crime rose in recent years.", ("recent years", "DATE", "PAST_REF")),
        ("The fighting ended last summer.", ("last summer", "DATE", "2002-SU")),
        ("Sales will rise in the third quarter.", ("the third quarter", "DATE", "2003-Q3")),
        ("Talks resume on Feb. 3.", ("Feb. 3", "DATE", "2003-02-03")),
        ("Protests began Dec. 28.", ("Dec. 28", "DATE", "2002-12-28")),
        ("The vote is set for tomorrow.", ("tomorrow", "DATE", "2003-01-21")),
        ("Profit fell from a year earlier.", ("a year earlier", "DATE", "2002")),
        ("The strike ended in the past.", ("the past", "DATE", "PAST_REF")),
        # durations
        ("The siege lasted the past decade.", ("the past decade", "DURATION", "P10Y")),
        ("They waited six hours.", ("six hours", "DURATION", "PT6H")),
        ("He served three years in prison.", ("three years", "DURATION", "P3Y")),
        ("It took a decade to build.", ("a decade", "DURATION", "P10Y")),
        ("a two-year contract", ("two-year", "DURATION", "P2Y")),
        ("for nearly two months", ("nearly two months", "DURATION", "P2M")),
        ("Three days later, the army withdrew.", ("Three days", "DURATION", "P3D")),
        # sets
        ("The festival is held every year.", ("every year", "SET", "P1Y")),
        ("Prices are reviewed annually.", ("annually", "SET", "P1Y")),
        ("The team changes coaches each season.", ("each season", "SET", "P1Y")),
        ("The council meets every Monday.", ("every Monday", "SET", "XXXX-WXX-1")),
        # times
        ("The plane landed at 4:25pm EDT.", ("4:25pm EDT", "TIME", "2003-01-20T16:25")),
        ("Shelling resumed Monday night.", ("Monday night", "TIME", "2003-01-20TNI")),
        ("He spoke this morning.", ("this morning", "TIME", "2003-01-20TMO")),
        ("The blast came at 10 p.m. Sunday.", ("10 p.m. Sunday", "TIME", "2003-01-19T22:00")),
    ],
)
def test_tags_one_expression(text, expected):
    timex = only(text)
    assert (timex.span.text, timex.type, timex.value) == expected
    assert text[timex.span.start : timex.span.end] == timex.span.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("about two years ago", "APPROX"),
        ("early next year", "START"),
        ("late November", "END"),
        ("mid-2002", "MID"),
        ("the end of 1990", "END"),
        ("more than four hours", "MORE_THAN"),
        ("at least 30 days", "EQUAL_OR_MORE"),
    ],
)
def test_modifiers_inside_the_span_give_a_mod(text, expected):
    timex = only(text)
    assert (timex.span.text, timex.mod) == (text, expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ban has held since October.", ("October", "ON_OR_AFTER", "2002-10")),
        ("He will resign before March 2003.", ("March 2003", "BEFORE", "2003-03")),
        ("It must be done by 2004.", ("2004", "ON_OR_BEFORE", "2004")),
        ("Stocks rallied after Jan. 15.", ("Jan. 15", "AFTER", "2003-01-15")),
    ],
)
def test_signal_words_outside_the_span_bound_the_date(text, expected):
    timex = only(text)
    assert (timex.span.text, timex.mod, timex.value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Talks were held on Monday.", ("XXXX-WXX-1", True)),
        ("an impasse that began in October", ("XXXX-10", True)),
        ("The envoy arrived yesterday.", ("XXXX-XX-XX", True)),
        ("The minister met them last week.", ("XXXX-WXX", True)),
        ("a year ago grouped the North", ("XXXX", True)),
        ("Protests began Dec. 28.", ("XXXX-12-28", True)),
        ("Prices fell in January 2003.", ("2003-01", False)),
        ("The talks are now stalled.", ("PRESENT_REF", False)),
    ],
)
def test_without_a_dct_relative_dates_stay_underspecified(text, expected):
    timex = only(text, dct=None)
    assert (timex.value, timex.unresolved) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", []),
        ("The minister spoke about reform and the economy.", []),
        ("The deal was signed on February 30.", []),
        ("The report was filed on 31 April 2003.", []),
        ("Some 2,000 people and 1,500 troops marched.", []),
        ("He is 37 years old.", []),
        ("Reply as soon as you can.", []),
        ("It raised its quarterly dividend.", []),
    ],
)
def test_finds_nothing_where_there_is_no_date(text, expected):
    assert tag_timexes(text, DCT) == expected


def test_spans_are_sorted_and_never_overlap():
    text = (
        "On Monday, Jan. 20, 2003, officials said that talks held last week and in October "
        "would resume next month, six hours after the 4:25pm EDT deadline, as every year."
    )
    found = tag_timexes(text, DCT)
    assert [t.span.text for t in found] == [
        "Monday, Jan. 20, 2003", "last week", "October", "next month", "six hours",
        "4:25pm EDT", "every year",
    ]
    assert all(a.span.end <= b.span.start for a, b in zip(found, found[1:], strict=False))


def test_a_very_long_text_is_tagged_without_error():
    text = "Talks resumed on Monday after a pause in October. " * 20000
    found = tag_timexes(text, DCT)
    assert len(found) == 40000
    assert found[-1].value == "2002-10"


def test_as_dict_is_the_contract_entry():
    timex = only("He spoke about two years ago.")
    assert timex.as_dict() == {
        "start": 9, "end": 28, "text": "about two years ago", "type": "DATE",
        "value": "2001", "mod": "APPROX",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("an impasse that began in October", ("2002-10-01", "2002-10-31", "month", "2002-10")),
        ("He spoke about two years ago.", ("2001-01-01", "2001-12-31", "year", "2001~")),
        ("The ban has held since October.", ("2002-10-01", None, "month", "2002-10/..")),
        ("He slept six hours.", None),
    ],
)
def test_interval_of_a_timex(text, expected):
    interval = only(text).interval(DCT)
    if expected is None:
        assert interval is None
        return
    columns = interval.as_columns()
    assert (
        columns["date_start"], columns["date_end"], columns["date_precision"],
        columns["date_edtf"],
    ) == expected


def test_offsets_hold_when_lower_casing_changes_the_length():
    text = "İstanbul talks resumed on Monday after six hours."
    found = tag_timexes(text, DCT)
    assert [(t.span.text, t.value) for t in found] == [
        ("Monday", "2003-01-20"), ("six hours", "PT6H"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He was convicted in nineteen ninety-one.", ("nineteen ninety-one", "1991")),
        ("a goal for the year two thousand", ("the year two thousand", "2000")),
        ("Begun January nineteen ninety-seven.", ("January nineteen ninety-seven", "1997-01")),
        ("Groups grew through the nineties.", ("the nineties", "199")),
    ],
)
def test_years_spelled_out_in_words(text, expected):
    timex = only(text)
    assert (timex.span.text, timex.value) == expected


@pytest.mark.parametrize("text", ["Nineteen people were hurt.", "Two thousand people marched."])
def test_spelled_counts_are_not_years(text):
    assert tag_timexes(text, DCT) == []


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        ("the early '80s", DCT, ("the early '80s", "198", "START")),
        ("growth in the 1990s", DCT, ("the 1990s", "199", None)),
        ("growth in 1990s Europe", DCT, ("1990s", "199X", None)),
        ("filed 1/20/98", DCT, ("1/20/98", "1998-01-20", None)),
        ("filed 1/20/98", None, ("1/20/98", "XXXX-01-20", None)),
        ("the '80s", None, ("the '80s", "XX8", None)),
    ],
)
def test_decades_and_short_years_use_the_dct_century(text, dct, expected):
    timex = only(text, dct)
    assert (timex.span.text, timex.value, timex.mod) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("refugees for 2 1/2 years", ("2 1/2 years", "DURATION", "P2Y6M")),
        ("about 5 1/2 hours in Nairobi", ("about 5 1/2 hours", "DURATION", "PT5H30M")),
        ("within two to three weeks", ("within two to three weeks", "DURATION", "PXW")),
        ("for several years", ("several years", "DURATION", "PXY")),
        ("they march each July", ("each July", "SET", "XXXX-07")),
        ("a meeting every other week", ("every other week", "SET", "P2W")),
    ],
)
def test_fractions_ranges_and_repeated_months(text, expected):
    timex = only(text)
    assert (timex.span.text, timex.type, timex.value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Profit for the year ending then was flat.", ("the year", "DURATION", "P1Y", None)),
        ("It was delayed earlier in the year.", ("earlier in the year", "DATE", "2003", "START")),
        ("They will decide by the end of the month.", ("the end of the month", "DATE", "2003-01",
                                                       "ON_OR_BEFORE")),
        ("Talks resumed over the weekend.", ("the weekend", "DATE", "2003-W03-WE", None)),
    ],
)
def test_the_year_the_month_the_weekend(text, expected):
    timex = only(text)
    assert (timex.span.text, timex.type, timex.value, timex.mod) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He was shot last Oct. 23 at home.", ("last Oct. 23", "2002-10-23")),
        ("The vote is due next Jan. 5.", ("next Jan. 5", "2004-01-05")),
        # Jan. 22 fell on a Tuesday in 2002, not in 2003: the weekday picks the year.
        ("It happened on Tuesday, Jan. 22.", ("Tuesday, Jan. 22", "2002-01-22")),
        ("It will end at 9 a.m. EST Tuesday.", ("9 a.m. EST Tuesday", "2003-01-21T09:00")),
    ],
)
def test_days_named_with_a_relation_or_a_weekday(text, expected):
    timex = only(text)
    assert (timex.span.text, timex.value) == expected


@pytest.mark.parametrize("dct", [datetime.date.min, datetime.date.max])
def test_a_dct_at_the_calendar_edge_gives_no_error(dct):
    found = tag_timexes("Talks began last year, a decade ago, on Sunday and end tomorrow.", dct)
    assert all(t.span.text for t in found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It happened this past weekend.", ("this past weekend", "2003-W03-WE")),
        ("They meet this coming Sunday.", ("this coming Sunday", "2003-01-26")),
        ("The blast came at 1530 GMT on Monday.", ("1530 GMT on Monday", "2003-01-20T15:30")),
        ("The talks lasted until late Tuesday.", ("late Tuesday", "2003-01-14")),
    ],
)
def test_this_past_military_times_and_past_deadlines(text, expected):
    timex = only(text)
    assert (timex.span.text, timex.value) == expected


# An ASCII text is read with faster patterns and shortcuts (tests that skip a rule, the
# tense read only when it decides); a text with any other character takes the general
# path. Both must find the same dates.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ministers will meet again on Friday.", [("Friday", "2003-01-24", None)]),
        ("The ministers met again on Friday.", [("Friday", "2003-01-17", None)]),
        ("A successor will be named Friday.", [("Friday", "2003-01-24", None)]),
        ("He resigned. Friday is a holiday there.", [("Friday", "2003-01-17", None)]),
        ("The deal closes in two business days.", [("two business days", "P2D", None)]),
        (
            "Shares fell in the coming weeks and the past two months.",
            [("the coming weeks", "PXW", None), ("the past two months", "P2M", None)],
        ),
        ("Talks resume on the 20th of January.", [("the 20th of January", "2003-01-20", None)]),
        ("The board meets every January.", [("every January", "XXXX-01", None)]),
        ("Churches fill on Good Friday.", [("Good Friday", "2002-03-29", None)]),
        (
            "Output grew in 1990-2010 and in Q3 2002.",
            [("1990-2010", "1990/2010", None), ("Q3 2002", "2002-Q3", None)],
        ),
        (
            "Prices have risen since 1998 and may fall before the summer.",
            [("1998", "1998", "ON_OR_AFTER"), ("the summer", "2002-SU", "BEFORE")],
        ),
        (
            "Results for fiscal year 2002 are due in May.",
            [("fiscal year 2002", "2002", None), ("May", "2002-05", None)],
        ),
        ("We'll know in October.", [("October", "2003-10", None)]),
    ],
)
def test_ascii_and_other_texts_give_the_same_dates(text, expected):
    ascii_found = [(t.span.text, t.value, t.mod) for t in tag_timexes(text, DCT)]
    accented_found = [(t.span.text, t.value, t.mod) for t in tag_timexes("Café. " + text, DCT)]
    assert ascii_found == accented_found == expected
