import datetime
from pathlib import Path

import pytest

from timeline.articles import (
    ParsedArticle,
    parse_document,
    parse_input_date,
    parse_years,
    split_items,
)
from timeline.errors import DateError

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_9f6ccffaac6e1ce8.txt"


def only_article(text: str, **options) -> ParsedArticle:
    articles = parse_document(text, **options)
    assert len(articles) == 1
    return articles[0]


def all_spans(article: ParsedArticle):
    yield article.body
    yield from article.paragraphs
    yield from article.chrome
    yield from (credit.span for credit in article.contributors)
    for span in (article.title, article.byline, article.dateline and article.dateline.span):
        if span:
            yield span


# --- the seed article ----------------------------------------------------------------


@pytest.mark.parametrize(
    "options, note_part",
    [
        ({"year": 2003}, "--year"),
        ({"years": (1995, 2010)}, "Monday only in 2003"),
    ],
)
def test_seed_article_parses_to_its_known_record(options, note_part):
    text = SEED.read_text(encoding="utf-8")
    article = only_article(text, **options)

    assert article.title.text == "Russia envoy says 'successful' talks with N. Korea"
    assert article.authors == ("Jane Macartney", "Richard Balmforth")
    assert article.dateline.places == ("SEOUL", "MOSCOW")
    assert (article.dateline.month, article.dateline.day) == (1, 20)
    assert article.agency == "Reuters"
    assert (article.collection, article.issue, article.item) == (
        "Johnson's Russia List",
        "JRL 7026",
        1,
    )
    assert [(c.name, c.role, c.place) for c in article.contributors] == [
        ("John Ruwitch", "additional reporting", "Beijing"),
        ("Lori Santos", "additional reporting", "Washington"),
    ]
    assert article.date.value == datetime.date(2003, 1, 20)
    assert article.date.source == ("dateline" if "year" in options else "inferred")
    assert note_part in article.date.note
    assert article.text == text[article.start : article.end]
    assert any("Back to the Top" in span.text for span in article.chrome)
    assert article.body.text.startswith("A Russian envoy said")
    assert article.body.text.endswith("fortified frontier on Earth.")


def test_seed_article_without_year_or_window_is_reported_ambiguous_only_without_issue():
    # Without the issue number 7026, Jan 20 is a Monday in both 1997 and 2003.
    text = SEED.read_text(encoding="utf-8").replace("#1 - JRL 7026", "")
    text = text.replace("Johnson's Russia List", "").replace("JRL", "")
    with pytest.raises(DateError, match=r"1997, 2003 within 1995-2010; give --year"):
        parse_document(text, years=(1995, 2010))


# --- datelines -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "SEOUL/MOSCOW, Jan 20 (Reuters) - A Russian envoy said on Monday.",
            (("SEOUL", "MOSCOW"), 1, 20, None, "Reuters", "SEOUL/MOSCOW, Jan 20 (Reuters)"),
        ),
        (
            "NAIROBI, Kenya (AP) _ Police fired tear gas at protesters in the capital.",
            (("NAIROBI",), None, None, None, "AP", "NAIROBI, Kenya (AP)"),
        ),
        (
            "JOHANNESBURG, Nov 20, 2006 (Xinhua) -- South Africa said it would act.",
            (("JOHANNESBURG",), 11, 20, 2006, "Xinhua", "JOHANNESBURG, Nov 20, 2006 (Xinhua)"),
        ),
        (
            "KUALA LUMPUR, April 1 , 1997 (AFP)\n\nShares fell on Tuesday.",
            (("KUALA LUMPUR",), 4, 1, 1997, "AFP", "KUALA LUMPUR, April 1 , 1997 (AFP)"),
        ),
        (
            " FRANKFURT  (Reuters) - Sales may shrink for two more years.",
            (("FRANKFURT",), None, None, None, "Reuters", "FRANKFURT  (Reuters)"),
        ),
        (
            "CHARLOTTE, N.C./NEW YORK  (Reuters) - The bank posted a loss on Friday.",
            (("CHARLOTTE", "NEW YORK"), None, None, None, "Reuters", None),
        ),
        (
            "    SALVADOR, Feb 26 - Showers continued throughout the week in\nthe zone.",
            (("SALVADOR",), 2, 26, None, None, "SALVADOR, Feb 26"),
        ),
        (
            "    Toronto, Feb 26 - The trust company said it expects\nhigher earnings.",
            (("Toronto",), 2, 26, None, None, "Toronto, Feb 26"),
        ),
        (
            "MOSCOW -- The Kremlin said on Friday that the talks would resume soon.",
            (("MOSCOW",), None, None, None, None, "MOSCOW"),
        ),
        (
            "MOSCOW, January 20 (Interfax) - The ministry denied the report.",
            (("MOSCOW",), 1, 20, None, "Interfax", None),
        ),
        (
            "(Reuters) - The retailer said on Tuesday its chief executive would resign.",
            ((), None, None, None, "Reuters", "(Reuters)"),
        ),
        (
            "PESHAWAR,  Pakistan, Dec 1 , 2006, 2006\n\nA militant died on Friday.",
            (("PESHAWAR",), 12, 1, 2006, None, None),
        ),
    ],
)
def test_dateline_styles(text, expected):
    places, month, day, year, agency, span_text = expected
    article = only_article(text, year=2001)
    dateline = article.dateline
    assert (dateline.places, dateline.month, dateline.day, dateline.year) == (
        places,
        month,
        day,
        year,
    )
    assert dateline.agency == agency
    if span_text is not None:
        assert dateline.span.text == span_text
    assert article.text[dateline.span.start : dateline.span.end] == dateline.span.text


@pytest.mark.parametrize(
    "text, title",
    [
        ("BROWN-FORMAN <BFDB> SETS STOCK SPLIT\n    Brown-Forman Inc said its board met.", None),
        ("WALL STREET STOCKS/TENNECO INC <TGT>\nTenneco rose sharply on the news.", None),
        ("U.S. STOCKS - DOW ENDS HIGHER\nBlue chips rose.", None),
    ],
)
def test_headline_in_capitals_is_a_title_not_a_dateline(text, title):
    article = only_article(text)
    assert article.dateline is None
    assert article.title.text == text.split("\n")[0]


# --- head: title, byline, archive header ---------------------------------------------


@pytest.mark.parametrize(
    "text, title, authors, agency",
    [
        (
            "Envoy hails talks\nBy Jane Doe and John Roe\n\nSEOUL, Jan 20 (Reuters) - Talks.",
            "Envoy hails talks",
            ("Jane Doe", "John Roe"),
            "Reuters",
        ),
        (
            "BANK OFFER DELAYED\n    by Janie Gabbett, Reuters\n    LOS ANGELES, Feb 26 - The bank"
            " is not under pressure.",
            "BANK OFFER DELAYED",
            ("Janie Gabbett",),
            "Reuters",
        ),
        (
            "-- Japan lawmakers to veto nominee\n-- By  Leika Kihara  and  Yoko Nishikawa\n"
            "-- Tue Mar 11, 2008 8:04am EDT\n-- http://www.reuters.com/article/x\n\n \n\n"
            " TOKYO  (Reuters) - The opposition rejected the pick.",
            "Japan lawmakers to veto nominee",
            ("Leika Kihara", "Yoko Nishikawa"),
            "Reuters",
        ),
        (
            "Moscow Times\nJanuary 20, 2003\nDuma Passes Budget\nBy Anna Petrova\nStaff Writer\n\n"
            "The Duma passed the budget in a third reading on Friday.",
            "Duma Passes Budget",
            ("Anna Petrova",),
            None,
        ),
    ],
)
def test_title_byline_and_agency(text, title, authors, agency):
    article = only_article(text)
    assert article.title.text == title
    assert article.authors == authors
    assert article.agency == agency


def test_outlet_line_of_a_digest_item_and_its_header_date():
    text = (
        "Moscow Times\nJanuary 20, 2003\nDuma Passes Budget\nBy Anna Petrova\n\n"
        "The Duma passed the budget on Friday."
    )
    article = only_article(text)
    assert article.outlet == "Moscow Times"
    assert (article.date.value, article.date.source) == (datetime.date(2003, 1, 20), "text")
    assert article.body.text == "The Duma passed the budget on Friday."


# --- footer credits ------------------------------------------------------------------


@pytest.mark.parametrize(
    "tail, expected",
    [
        (
            "(Additional reporting by John Ruwitch in Beijing and Lori Santos in Washington)",
            [
                ("John Ruwitch", "additional reporting", "Beijing"),
                ("Lori Santos", "additional reporting", "Washington"),
            ],
        ),
        (
            "(Reporting by Ben Klayman in Detroit; Editing by Phil Berlowitz)",
            [("Ben Klayman", "reporting", "Detroit"), ("Phil Berlowitz", "editing", None)],
        ),
        (
            "(Additional reporting by  Ann Lee ; Writing by  Tom Bell ; editing by Sue Ray/Al Kim)",
            [
                ("Ann Lee", "additional reporting", None),
                ("Tom Bell", "writing", None),
                ("Sue Ray", "editing", None),
                ("Al Kim", "editing", None),
            ],
        ),
        (
            "(Additional reporting by Ann Lee and Bo Park in Athens, and by Paris and Rome"
            " bureaus; Editing by Cy Dunn)",
            [
                ("Ann Lee", "additional reporting", "Athens"),
                ("Bo Park", "additional reporting", "Athens"),
                ("Cy Dunn", "editing", None),
            ],
        ),
        (
            "Reporting by Ann Lee; Editing by Cy Dunn",
            [("Ann Lee", "reporting", None), ("Cy Dunn", "editing", None)],
        ),
    ],
)
def test_footer_credits(tail, expected):
    text = "LONDON, May 2 (Reuters) - Prices rose.\n\nTraders were calm.\n\n" + tail
    article = only_article(text)
    assert [(c.name, c.role, c.place) for c in article.contributors] == expected
    assert article.body.text == "Prices rose.\n\nTraders were calm."
    for credit in article.contributors:
        assert article.text[credit.span.start : credit.span.end] == credit.span.text
        assert credit.name in credit.span.text


def test_wire_signoff_gives_agency_and_is_set_aside():
    text = "OIL OUTPUT UP\n    VIENNA, March 3 - Output rose.\n    Stocks fell.\n Reuter\n"
    article = only_article(text)
    assert article.agency == "Reuters"
    assert article.body.text == "Output rose.\n    Stocks fell."
    assert [span.text for span in article.chrome] == ["Reuter"]
    assert [p.text for p in article.paragraphs] == ["Output rose.", "Stocks fell."]


# --- digests and multi-story files ---------------------------------------------------

DIGEST = (
    "Banner image alt textJohnson's Russia List title and scenes of Saint Petersburg\n"
    "Excerpts from the JRL E-Mail Community :: Founded and Edited by David Johnson\n\n"
    "#1 - JRL 5100\nFirst story title\nBy Ann Lee\n\n"
    "MOSCOW, March 5 (Reuters) - The first story happened on Monday.\n\n"
    "Back to the Top    Next Article\n"
    "#2 - JRL 5100\nSecond story title\n\n"
    "ST PETERSBURG, March 5 (AP) _ The second story happened on Monday.\n\n"
    "Back to the Top    Next Article\n"
)


def test_digest_splits_into_items_with_offsets_into_the_document():
    articles = parse_document(DIGEST, years=(1990, 2010))
    assert [a.item for a in articles] == [1, 2]
    assert [a.title.text for a in articles] == ["First story title", "Second story title"]
    assert [a.agency for a in articles] == ["Reuters", "AP"]
    assert {a.issue for a in articles} == {"JRL 5100"}
    # Issue 5100 dates the items to about 2001: March 5 was a Monday in 2001.
    assert {a.date.value for a in articles} == {datetime.date(2001, 3, 5)}
    assert articles[0].start == 0 and articles[1].end == len(DIGEST)
    for article in articles:
        assert article.text == DIGEST[article.start : article.end]
        assert "Back to the Top" not in article.body.text
        for span in all_spans(article):
            assert article.text[span.start : span.end] == span.text
    # The banner before the first item header is set aside as one span of chrome.
    assert articles[0].chrome[0].text.startswith("Banner image alt text")
    assert articles[0].chrome[0].text.endswith("Founded and Edited by David Johnson")


@pytest.mark.parametrize(
    "text, titles",
    [
        (
            "Story one\n\nLONDON, May 2 (Reuters) - One.\n*****\nStory two\n\n"
            "PARIS, May 2 (AFP) - Two.\n",
            ["Story one", "Story two"],
        ),
        (
            "-- Title one\n-- \n-- Fri Oct 20, 2006 4:25pm EDT\n-- http://www.reuters.com/a\n\n"
            " LONDON  (Reuters) - One.\n"
            "-- Title two\n-- By Ann Lee\n-- Sat Oct 21, 2006 1:00pm EDT\n-- http://www.reuters.com/b\n"
            "\n PARIS  (Reuters) - Two.\n",
            ["Title one", "Title two"],
        ),
        (
            "#1\nReuters\nStory one\n\nOne happened.\n#2\nAP\nStory two\n\nTwo happened.\n",
            ["Story one", "Story two"],
        ),
    ],
)
def test_multi_story_files_split(text, titles):
    articles = parse_document(text)
    assert [a.title.text for a in articles] == titles
    assert "".join(text[a.start : a.end] for a in articles) == text.replace("*****\n", "")


EMAIL_DIGEST = (
    "Johnson's Russia List\n#5100\n30 December 2001\n\n"
    "1. Reuters: First story title.\n2. Moscow Times: Ann Lee, Second story title.\n"
    "*******\n"
    "#1\nReuters\nFirst story title\n\nMOSCOW, Dec 29 (Reuters) - It happened.\n"
    "*******\n"
    "#2\nMoscow Times\nDecember 30, 2001\nSecond story title\nBy Ann Lee\n\n"
    "MOSCOW -- The second story happened in the capital over the weekend.\n"
)


def test_emailed_digest_masthead_dates_its_items_and_contents_are_chrome():
    articles = parse_document(EMAIL_DIGEST)
    assert [(a.item, a.issue, a.title.text) for a in articles] == [
        (1, "JRL 5100", "First story title"),
        (2, "JRL 5100", "Second story title"),
    ]
    first, second = articles
    assert first.chrome[0].text.startswith("Johnson's Russia List")
    assert (first.date.value, first.date.source) == (datetime.date(2001, 12, 29), "dateline")
    assert first.date.note == "year from the issue date"
    assert (second.date.value, second.date.source) == (datetime.date(2001, 12, 30), "text")
    assert (second.outlet, second.authors) == ("Moscow Times", ("Ann Lee",))


def test_split_false_keeps_one_article():
    text = "Story one\n\nLONDON, May 2 (Reuters) - One.\n*****\nStory two\n\nTwo."
    assert len(parse_document(text, split=False)) == 1
    separator = text.index("*****")
    assert list(split_items(text)) == [(0, separator), (separator + 6, len(text))]


# --- the article's date --------------------------------------------------------------

ARCHIVE = (
    "-- Title\n-- \n-- Fri Oct 20, 2006 4:25pm EDT\n-- http://www.reuters.com/a\n\n"
    " LONDON  (Reuters) - Prices rose on Friday.\n"
)


@pytest.mark.parametrize(
    "text, options, expected",
    [
        (ARCHIVE, {}, ("2006-10-20", "day", "text")),
        ("PARIS, April 1 , 1997 (AFP)\n\nShares fell.", {}, ("1997-04-01", "day", "dateline")),
        ("PARIS, April 1 (AFP) - Shares fell.", {"year": 1997}, ("1997-04-01", "day", "dateline")),
        (
            "PARIS, April 1 (AFP) - Shares fell.",
            {"date": datetime.date(1997, 4, 2)},
            ("1997-04-02", "day", "input"),
        ),
        (
            "PARIS, April 1 (AFP) - Shares fell.",
            {"declared": {"date": "1997-04-03"}},
            ("1997-04-03", "day", "input"),
        ),
        (
            "PARIS, April 1 (AFP) - Shares fell.",
            {"declared": {"date": "1997-04"}},
            ("1997-04-01", "month", "input"),
        ),
        (
            "PARIS, April 1 (AFP) - Shares fell on Tuesday.",
            {"years": (1995, 2000)},
            ("1997-04-01", "day", "inferred"),
        ),
        # "last Monday" is another day; "today" means weekday names are other days.
        (
            "PARIS, April 1 (AFP) - Shares fell on Tuesday after talks last Monday.",
            {"years": (1995, 2000)},
            ("1997-04-01", "day", "inferred"),
        ),
        ("Shares fell.", {"year": 1997}, ("1997-01-01", "year", "input")),
    ],
)
def test_article_date_and_where_it_came_from(text, options, expected):
    article = only_article(text, **options)
    value, precision, source = expected
    assert (article.date.value.isoformat(), article.date.precision, article.date.source) == (
        value,
        precision,
        source,
    )


@pytest.mark.parametrize(
    "text, options",
    [
        ("Shares fell.", {}),
        ("PARIS, April 1 (AFP) - Shares fell.", {}),
        ("PARIS, April 1 (AFP) - Shares fell today, a day after Monday's rally.", {}),
        ("PARIS, April 1 (AFP) - Shares fell after talks last Monday.", {"years": (1995, 2000)}),
    ],
)
def test_no_date_rather_than_a_guess(text, options):
    assert only_article(text, **options).date is None


@pytest.mark.parametrize(
    "text, options, message",
    [
        (
            "PARIS, April 1 (AFP) - Shares fell on Tuesday.",
            {"years": (1990, 2010)},
            r"Apr 1 is a Tuesday in 1997, 2003, 2008 within 1990-2010; give --year",
        ),
        ("PARIS, Feb 29 (AFP) - Shares fell.", {"year": 2003}, r"no such day in 2003"),
        ("Shares fell.", {"declared": {"date": "2003-02-30"}}, r"does not exist"),
    ],
)
def test_ambiguous_or_impossible_dates_raise(text, options, message):
    with pytest.raises(DateError, match=message):
        parse_document(text, **options)


@pytest.mark.parametrize(
    "text, expected",
    [("1990-2010", (1990, 2010)), ("1995 - 2000", (1995, 2000)), ("2003", (2003, 2003))],
)
def test_parse_years(text, expected):
    assert parse_years(text) == expected


@pytest.mark.parametrize("text", ["1990", "2010-1990", "90-10", "last decade"][1:])
def test_parse_years_refuses_malformed_windows(text):
    with pytest.raises(DateError, match="--years"):
        parse_years(text)


@pytest.mark.parametrize(
    "text, expected",
    [("2003-01-20", datetime.date(2003, 1, 20)), (" 2003-1-2 ", datetime.date(2003, 1, 2))],
)
def test_parse_input_date(text, expected):
    assert parse_input_date(text) == expected


@pytest.mark.parametrize("text, message", [("2003-02-30", "no such day"), ("20/01/2003", "YYYY")])
def test_parse_input_date_refuses_impossible_dates(text, message):
    with pytest.raises(DateError, match=message):
        parse_input_date(text)


# --- paragraphs, chrome, spans -------------------------------------------------------


@pytest.mark.parametrize(
    "text, paragraphs",
    [
        ("LONDON, May 2 (Reuters) - One.\n\nTwo.\n\n\nThree.", ["One.", "Two.", "Three."]),
        ("LONDON, May 2 - One\nwraps.\n    Two.\n", ["One\nwraps.", "Two."]),
        (
            " LONDON  (Reuters) - One said.  Two said. ( A.N ) rose.",
            ["One said.", "Two said. ( A.N ) rose."],
        ),
    ],
)
def test_paragraphs(text, paragraphs):
    assert [p.text for p in only_article(text).paragraphs] == paragraphs


def test_chrome_is_set_aside_without_shifting_offsets():
    text = (
        "Home | Print this article\nTitle here\n\nLONDON, May 2 (Reuters) - Body.\nNext Article\n"
    )
    article = only_article(text)
    assert article.text == text
    assert [span.text for span in article.chrome] == ["Home | Print this article", "Next Article"]
    assert article.title.text == "Title here"
    assert article.body.text == "Body."
    assert text[article.body.start : article.body.end] == "Body."


def test_declared_title_is_kept_when_the_text_has_none():
    article = only_article(
        "PARIS, April 1 , 1997 (AFP)\n\nShares fell.", declared={"title": "Shares"}
    )
    assert article.title is None
    assert article.headline == "Shares"


def test_blank_text_has_no_articles():
    assert parse_document("  \n\n ") == []
