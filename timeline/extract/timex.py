"""Temporal expressions (TIMEX3) in English news, resolved against the article's date.

``tag_timexes(text, dct)`` finds DATE, TIME, DURATION and SET expressions and gives each a
TIMEX3 value: "Jan. 20, 2003" is 2003-01-20, "in October" said in the past from 2003-01-20
is 2002-10, "a year ago" is 2002, "six hours" is PT6H, "every year" is P1Y. Relative
expressions need the document creation time (DCT); without it they stay underspecified
("XXXX-10", "XXXX-WXX-1") and are marked ``unresolved`` -- never filled in from today.

Rules are regular expressions kept as module constants, each with one small function that
builds the value. One scan finds the trigger words ("Friday", "years", "1998", "now") and
each rule runs only in a short window around the triggers it needs, which keeps the tagger
fast on long texts; cheap necessary tests skip a rule that cannot match there, and each
pattern tries only positions whose character can start it. Overlapping matches are settled
in favour of the longest before they are built, so a match inside a kept one costs no
build. The tense of the words nearest an ambiguous "Friday" or "October" decides which way
it points, read only when the two readings differ; a second pass fills in what depends on
the story ("the quarter", "a year earlier") and joins a clock time to the day that follows
it ("10 p.m. Sunday"). ASCII texts (nearly all news) take patterns compiled for ASCII and
the shortcuts that lower-casing makes exact; others take the general path, same answers.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import heapq
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from timeline.dates import DateInterval, interval_from_timex
from timeline.spans import Span

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
# The type of a calendar-impossible date: it keeps its parts from being tagged, then goes.
IMPOSSIBLE = "IMPOSSIBLE"

# ---------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}  # fmt: skip
SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "final": 4, "last": 4,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a hundred": 100, "a couple of": 2, "a couple": 2, "couple of": 2, "half a": 0.5,
    "a dozen": 12, "dozen": 12, "a thousand": 1000, "thousand": 1000,
}  # fmt: skip
# Counts a reader cannot turn into a number: TIMEX3 writes them as X ("PXY").
VAGUE_COUNTS = ("several", "a few", "few", "some", "many", "a number of", "numerous")
# Duration units -> (TIMEX3 letter, whether it belongs after the "T" of a duration).
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "month": ("M", False),
    "quarter": ("Q", False), "year": ("Y", False), "decade": ("Y", False),
    "century": ("Y", False), "centurie": ("Y", False), "millennium": ("Y", False),
}  # fmt: skip
# A unit, the number of the next smaller unit in it, that unit and whether it is a time.
SMALLER_UNIT = {
    ("Y", False): (12, "M", False), ("M", False): (30, "D", False),
    ("W", False): (7, "D", False), ("D", False): (24, "H", True),
    ("H", True): (60, "M", True), ("M", True): (60, "S", True),
}  # fmt: skip
YEARS_IN_UNIT = {"decade": 10, "century": 100, "centurie": 100, "millennium": 1000}
# A single "a year", "every week": the TIMEX3 period of one of each calendar unit.
SET_WORDS = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
    "quarterly": "P1Q", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H",
    "biweekly": "P2W", "biannually": "P6M",
}  # fmt: skip
# Modifiers kept inside a timex's span and the TIMEX3 mod they give.
QUANTITY_MODS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "APPROX", "almost": "APPROX", "circa": "APPROX",
    "more than": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE",
    "less than": "LESS_THAN", "under": "LESS_THAN", "fewer than": "LESS_THAN",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS",
    "within": "EQUAL_OR_LESS",
}  # fmt: skip
PART_MODS = {
    "early": "START", "earlier": "START", "the beginning of": "START",
    "the start of": "START", "the first part of": "START", "mid": "MID", "mid-": "MID",
    "the middle of": "MID", "late": "END", "later": "END", "the end of": "END",
    "the close of": "END", "the latter part of": "END", "the last part of": "END",
}  # fmt: skip
# Signal words left outside the span that still bound the date ("before March 2003").
SIGNAL_MODS = {
    "before": "BEFORE", "prior to": "BEFORE", "after": "AFTER", "since": "ON_OR_AFTER",
    "until": "ON_OR_BEFORE", "till": "ON_OR_BEFORE", "by": "ON_OR_BEFORE",
    "no later than": "ON_OR_BEFORE", "some time in": "APPROX", "sometime in": "APPROX",
}  # fmt: skip
# Fixed-date and computed holidays (month, day) or a function of the year.
FIXED_HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
    "new year's eve": (12, 31), "new year's day": (1, 1), "independence day": (7, 4),
    "the fourth of july": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14),
    "veterans day": (11, 11), "boxing day": (12, 26),
}  # fmt: skip


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    """The ``nth`` (1-based; -1 = last) ISO ``weekday`` of a month."""
    if nth > 0:
        first = datetime.date(year, month, 1)
        return first + datetime.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    last = datetime.date(year, month, 1) + relativedelta(months=1, days=-1)
    return last - datetime.timedelta(days=(last.isoweekday() - weekday) % 7)


COMPUTED_HOLIDAYS: dict[str, Callable[[int], datetime.date]] = {
    "thanksgiving day": lambda year: _nth_weekday(year, 11, 4, 4),
    "thanksgiving": lambda year: _nth_weekday(year, 11, 4, 4),
    "labor day": lambda year: _nth_weekday(year, 9, 1, 1),
    "memorial day": lambda year: _nth_weekday(year, 5, 1, -1),
    "easter sunday": easter,
    "easter": easter,
    "good friday": lambda year: easter(year) - datetime.timedelta(days=2),
}

# Words near a relative date that make it point forward from the DCT, and words that make it
# point back; the nearest one before the date decides, else the nearest after, else the
# past (news reports what happened).
FUTURE_CUE_WORDS = (
    r"will|won't|shall|going to|due to|expected to|expects? to|scheduled|set to|"
    r"plans? to|planned (?:to|for)|planning to|intends? to|is to|are to|to be held|upcoming|"
    r"until|till|payable|through|as soon as|as early as|would be|ahead of|hopes? to|"
    r"aims? to|starting|beginning|effective|expire|expires"
)
PAST_CUE_WORDS = (
    r"was|were|had|did|said|says|told|ago|since|earlier|announced|reported|met|came|"
    r"went|began|took|made|gave|left|held|fell|rose|won|lost|saw|sold|bought|paid"
)
# "-ed" verbs, but not a participle after "be" ("will be named" looks ahead). Only
# lower-case letters: "UNITED" or "Ted" is no verb.
PAST_PARTICIPLE = (
    r"(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?-i:(?!hundred)[a-z]{2,}[a-df-z]ed)"
)
FUTURE_CUES = re.compile(r"\b(?:" + FUTURE_CUE_WORDS + r"|'ll)\b", re.IGNORECASE)
PAST_CUES = re.compile(
    r"\b(?:" + PAST_CUE_WORDS + r"|" + PAST_PARTICIPLE + r")\b", re.IGNORECASE
)
# The same cues for an ASCII window, read with a space in front of it: each cue after the
# non-word character that bounds it, so the engine skips through the words between the
# spaces instead of trying a match at every character. Their matches start where the cue
# starts in the window without the space. The words are matched in the lower-cased window,
# which for ASCII is exactly what IGNORECASE does; the participles need the case as written.
# (Compiled for ASCII, whose word and space classes test faster.)
FUTURE_CUES_AFTER_SPACE = re.compile(r"\W(?P<cue>" + FUTURE_CUE_WORDS + r")\b", re.ASCII)
FUTURE_CONTRACTION = re.compile(r"'(?<=\w')ll\b", re.ASCII)  # the literal comes first
PAST_CUE_WORDS_AFTER_SPACE = re.compile(r"\W(?:" + PAST_CUE_WORDS + r")\b", re.ASCII)
PAST_PARTICIPLES_AFTER_SPACE = re.compile(
    r"\W" + PAST_PARTICIPLE + r"\b", re.IGNORECASE | re.ASCII
)
# Deadlines point forward unless a verb in the past comes before them.
WEAK_FUTURE_CUES = frozenset({"until", "till", "through"})
# Abbreviations whose full stop ends no sentence ("Mr.", "Jan."), by length: a look-behind
# must have one width.
ABBREVIATIONS_BY_LENGTH = (
    ("Mr", "Ms", "Dr", "St", "No"),
    ("Mrs", "Gen", "Sen", "Rep", "Gov", "Col", "Jan", "Feb", "Mar", "Apr", "Aug", "Oct", "Nov",
     "Dec", "Inc", "Ltd"),
    ("Sept", "Corp"),
)
# A sentence ends at ".", "!" or "?" and a capital, but not after an initial ("J. Smith") or
# an abbreviation; a new line ends one too. The pattern starts with the break's first
# character so the engine skips to the next ".", "!", "?" or new line without trying a
# match at every position; the look-behinds then check what came before it.
SENTENCE_BREAK = re.compile(
    r"[.!?\n](?:(?<=\n)|(?<!\b[A-Za-z][.!?])"
    + "".join(
        r"(?<!\b(?:" + "|".join(words) + r")[.!?])" for words in ABBREVIATIONS_BY_LENGTH
    )
    + r"['\"]?\s+(?=[A-Z\"']))"
)
ASCII_SENTENCE_BREAK = re.compile(SENTENCE_BREAK.pattern, re.ASCII)
# How far either side of a relative date to look for its tense.
TENSE_WINDOW_BEFORE = 90
TENSE_WINDOW_AFTER = 40
# How much farther a date against the tense may be: "in October" said in the past from
# January is last October, but "Jan. 2" said in November is the coming one either way.
TENSE_PENALTY = 3.5
# Placeholder values filled in once the reported quarter of the story is known.
QUARTER_REPORTED = "QUARTER_REPORTED"
QUARTER_YEAR_EARLIER = "QUARTER_YEAR_EARLIER"
YEAR_OR_QUARTER_EARLIER = "YEAR_OR_QUARTER_EARLIER"
QUARTER_IN_YEAR = "QUARTER_IN:"
QUARTER_VALUE = re.compile(r"\d{4}-Q[1-4]")
# How every placeholder begins (a TIMEX3 value begins with a digit, "X", "P" or "F").
PLACEHOLDER_INITIALS = tuple(
    {placeholder[0] for placeholder in (QUARTER_REPORTED, QUARTER_YEAR_EARLIER,
                                        YEAR_OR_QUARTER_EARLIER, QUARTER_IN_YEAR)}
)
# How far after a quarter's mention "a year ago" still means that quarter a year back.
QUARTER_REACH = 1000

# ---------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------


def _trie_pattern(words) -> str:
    """An alternation of ``words`` factored by shared prefixes ("jan(?:uary)?|ju(?:ly|ne)"),
    which the regex engine scans far faster than a flat list of words; the longest word is
    tried first where several fit, as a flat list sorted by length would."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node_pattern(trie)


def _trie_node_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_node_pattern(child) for char, child in sorted(
        node.items()) if char]
    optional = "" in node
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        return "(?:" + body + ")?"
    return body


def _case_variants(words) -> str:
    """Capitalised and upper-case forms only: "May" the month, never "may" the verb."""
    forms = {word.capitalize() for word in words} | {word.upper() for word in words}
    return "(?-i:" + _trie_pattern(forms) + ")"


MONTH_NAME = (
    r"(?P<month>" + _case_variants(name for name in MONTHS if len(name) > 3 or name == "may")
    + r"|" + _case_variants(name for name in MONTHS if len(name) <= 4 and name != "may")
    + r"\.?)"
)
WEEKDAY_NAME = r"(?P<weekday>" + _trie_pattern(WEEKDAYS) + r")"
DAY_OF_MONTH = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR_DIGITS = r"(?P<year>(?:1[5-9]|20)\d\d)"
ONES_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEEN_WORDS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
              "seventeen", "eighteen", "nineteen")
TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# Years as broadcast transcripts spell them: "nineteen ninety-six", "two thousand".
YEAR_WORDS = (
    r"(?P<year_words>(?:eighteen|nineteen)[- ](?:(?:" + "|".join(TENS_WORDS) + r")(?:[- ](?:"
    + "|".join(ONES_WORDS) + r"))?|" + "|".join(TEEN_WORDS) + r"|oh[- ](?:"
    + "|".join(ONES_WORDS) + r"))|two thousand(?:(?: and)? (?:" + "|".join(TEEN_WORDS)
    + "|" + "|".join(ONES_WORDS) + r"))?)"
)
DECADE_WORDS = {word[:-1] + "ies": index for index, word in enumerate(TENS_WORDS, start=2)}
NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)|" + _trie_pattern(NUMBER_WORDS) + r")"
)
SINGLE_COUNT = (
    r"(?:\d{1,3}(?:,\d{3})*(?:\.\d+)?(?:\s+1/2|\s*½)?|" + NUMBER_WORD + r"|"
    + _trie_pattern(VAGUE_COUNTS) + r")"
)
# "two to three weeks", "12 to 18 months": a range is a count nobody can write as one number.
COUNT = r"(?P<count>" + SINGLE_COUNT + r"(?:\s+(?:to|or)\s+|-)?" + SINGLE_COUNT + r"|" + (
    SINGLE_COUNT + r")"
)
UNIT = r"(?P<unit>" + _trie_pattern(UNITS) + r")(?P<plural>s|es)?"
QUANTITY_MOD = r"(?:(?P<qmod>" + _trie_pattern(QUANTITY_MODS) + r")\s+)"
PART_MOD = (
    r"(?:(?P<pmod>" + _trie_pattern(k for k in PART_MODS if k != "mid-") + r")(?:\s+|-)"
    r"|(?P<pmod_mid>mid-?))"
)
RELATIVE_WORD = (
    r"(?P<rel>this\s+past|this\s+coming|last|this|next|past|previous|coming|current|following"
    r"|same)"
)
PART_OF_DAY = r"(?P<part>" + _trie_pattern(PARTS_OF_DAY) + r")"
SEASON = r"(?P<season>" + _trie_pattern(SEASON_CODES) + r")"

FLAGS = re.IGNORECASE
# "Monday, Jan. 20, 2003", "Jan. 20, 2003", "Jan. 20", "January 20th"
MONTH_DAY = re.compile(
    r"\b(?:" + WEEKDAY_NAME + r",?\s+|(?P<day_rel>last|next|this)\s+)?" + MONTH_NAME
    + r"\s+" + DAY_OF_MONTH
    + r"(?:,?\s+" + YEAR_DIGITS + r")?(?!\d|:\d)",
    FLAGS,
)
# "20 January 2003", "20 Jan", "the 20th of January"
DAY_MONTH = re.compile(
    r"\b(?:the\s+)?" + DAY_OF_MONTH + r"(?:\s+of)?\s+" + MONTH_NAME
    + r"(?:,?\s+" + YEAR_DIGITS + r")?\b",
    FLAGS,
)
# "January 2003", "January of last year", "last October", "early December", "in May"
MONTH_ALONE = re.compile(
    r"(?:\b" + PART_MOD + r"|\b" + RELATIVE_WORD + r"\s+)?" + MONTH_NAME
    + r"(?:(?:,?\s+|\s+of\s+)(?:" + YEAR_DIGITS + r"|" + YEAR_WORDS
    + r"|(?P<year_rel>last|this|next)\s+year)"
    + r"|(?![\w-]))",
    FLAGS,
)
ISO_DATE = re.compile(
    r"\b(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:T(?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::[0-5]\d)?)?\b"
)
# "Q3 2002", "2002-Q3", "3Q 2002": quarters as business writing abbreviates them
QUARTER_CODE = re.compile(
    r"\b(?:Q(?P<quarter>[1-4])|(?P<quarter_first>[1-4])Q)\s*(?:of\s+)?(?P<year>(?:19|20)\d\d)\b"
    r"|\b(?P<year_first>(?:19|20)\d\d)[\s-]?Q(?P<quarter_last>[1-4])\b"
)
NUMERIC_DATE = re.compile(
    r"(?<![\d/.])(?P<month>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>\d{4}|\d{2})(?![\d/])"
)
# "2003", "fiscal 1998", "mid-2002", "the end of 1990", "1950-53", "1990 and beyond"
YEAR = re.compile(
    r"(?<![$\d.,/])(?:\b" + PART_MOD + r"|(?P<fiscal>\bfiscal(?:\s+year)?\s+)"
    r"|\b(?P<prefix>post|pre)-"
    r"|(?P<the_year>\bthe\s+year\s+))?" + YEAR_DIGITS
    + r"(?:(?P<range>-|–)(?P<year_end>\d{4}|\d{2})(?![\d-]))?"
    + r"(?P<beyond>\s+(?:and beyond|or later|or earlier))?"
    + r"(?![\d%]|,\d|\.\d|\s*(?:percent|per cent|-year|-old|GMT|UTC|hours|hrs)\b)",
    FLAGS,
)
# "the 1990s", "the early '80s", "the late 1970s"
DECADE = re.compile(
    r"\b(?:the\s+)?(?:" + PART_MOD + r")?(?:(?P<decade>(?:1[5-9]|20)\d)0|'(?P<short_decade>\d)0)"
    r"'?s\b",
    FLAGS,
)
CENTURY = re.compile(
    r"\b(?:the\s+)?(?:" + PART_MOD + r")?(?P<ordinal>\d{1,2})(?:st|nd|rd|th)[- ]century\b"
    r"|\b(?:the\s+)?(?P<rel>this|last|next|past)\s+century\b",
    FLAGS,
)
# "today", "yesterday morning", "late yesterday", "tonight", "tomorrow"
DEICTIC_DAY = re.compile(
    r"\b(?:" + PART_MOD + r")?(?P<word>today|yesterday|tomorrow|tonight)"
    r"(?:\s+" + PART_OF_DAY + r")?(?:'s)?\b",
    FLAGS,
)
# "Monday", "last Friday", "Monday night", "early Tuesday", "Friday morning"
WEEKDAY = re.compile(
    r"\b(?:" + PART_MOD + r"|" + RELATIVE_WORD + r"\s+)?" + WEEKDAY_NAME
    + r"(?:'s)?(?:\s+" + PART_OF_DAY + r")?\b",
    FLAGS,
)
# "this morning", "last night", "this afternoon"
PART_OF_DAY_REF = re.compile(
    r"\b(?:" + PART_MOD + r")?(?:this|last|(?P<later>later this|earlier this))\s+" + PART_OF_DAY
    + r"\b",
    FLAGS,
)
# "last week", "this year", "next month", "earlier this month", "the past year"
RELATIVE_UNIT = re.compile(
    r"\b(?:" + PART_MOD + r")?(?:(?:the\s+)?" + RELATIVE_WORD
    + r"\s+(?P<unit>week|weekend|month|year|quarter|decade|fiscal year)"
    r"|(?P<rel_the>the)\s+(?P<unit_the>weekend|month|week|(?:fiscal\s+)?year))\b(?!-)"
    r"|\b(?P<in_the>earlier|later)\s+in\s+the\s+(?P<unit_in>week|month|year)\b",
    FLAGS,
)
YEAR_ENDED = re.compile(r"\s+(?:ended|ending|ends|that ended|which ended)\b", FLAGS)
# "a year ago", "two weeks earlier", "about three years ago", "five years from now"
AGO = re.compile(
    r"\b" + QUANTITY_MOD + r"?" + COUNT + r"(?:\s+or\s+so)?[\s-]+" + UNIT
    + r"(?:\s+or\s+so)?\s+(?P<direction>ago|earlier|before|later|after|from now|hence|back)\b",
    FLAGS,
)
# "six hours", "the past two months", "three-year", "more than a decade", "years"
DURATION = re.compile(
    r"\b" + QUANTITY_MOD + r"?(?:the\s+)?(?:(?P<rel>past|last|next|first|coming|previous|"
    r"final|latest|recent|following)\s+)?" + COUNT + r"(?:\s+or\s+so)?(?:\s+more)?[\s-]+"
    r"(?:(?:trading|business|working|calendar|fiscal)\s+)?" + UNIT + r"(?:\s+or\s+so)?"
    r"(?!-old|\s+old\b|-olds)\b",
    FLAGS,
)
BARE_UNITS = re.compile(
    r"\b(?:(?P<recent>recent|the\s+past|the\s+last|the\s+coming|coming)\s+)?"
    r"(?P<unit>years|months|weeks|decades|centuries|days)\b(?!-old)",
    FLAGS,
)
# "third quarter", "the fourth-quarter", "the first nine months", "the first half of 1990"
QUARTER = re.compile(
    r"\b(?:the\s+)?(?:(?P<year_ref>this year's|last year's|next year's)\s+|"
    r"(?P<lead_year>(?:19|20)\d\d)\s+)?(?:fiscal\s+)?(?P<ordinal>first|second|third|fourth|"
    r"1st|2nd|3rd|4th|final)[\s-](?P<period>quarter|half)"
    r"(?:\s+of\s+(?:(?:fiscal\s+)?" + YEAR_DIGITS + r"|(?P<of_year>last|this|next)\s+year))?\b",
    FLAGS,
)
# Quarters named by their relation to the one being reported.
REPORTED_QUARTER = re.compile(
    r"\b(?:the\s+)?(?P<which>latest|year-ago|year-earlier|most recent|same|comparable|"
    r"previous|prior)?[\s-]*(?:year[\s-]ago\s+|year[\s-]earlier\s+)?"
    r"(?P<period>quarter|period)\b",
    FLAGS,
)
# "the 1988 period", "the 1989 quarter": the reported quarter of the year named.
YEAR_PERIOD = re.compile(r"\bthe\s+(?P<year>(?:19|20)\d\d)\s+(?:period|quarter)\b", FLAGS)
YEAR_EARLIER = re.compile(r"\b(?P<phrase>year-(?:earlier|ago))\b", FLAGS)
SEASON_REF = re.compile(
    r"\b(?:" + PART_MOD + r")?(?:(?:the\s+)?" + RELATIVE_WORD + r"\s+|the\s+)?" + SEASON
    + r"(?:\s+(?:of\s+)?(?:" + YEAR_DIGITS + r"|" + YEAR_WORDS + r"))?\b",
    FLAGS,
)
WORD_YEAR = re.compile(r"\b(?:the\s+year\s+)?" + YEAR_WORDS + r"\b(?![- ](?:" + "|".join(
    ONES_WORDS + TEEN_WORDS + TENS_WORDS) + r"|hundred|thousand|million|billion|percent)\b)",
    FLAGS)
# "the nineties", "the early eighties" (a decade of the DCT's century or the one before)
WORD_DECADE = re.compile(
    r"\bthe\s+(?:" + PART_MOD + r")?(?P<decade_word>" + _trie_pattern(DECADE_WORDS) + r")\b",
    FLAGS,
)
# "now", "recently", "the future", "currently", "these days"
REFERENCE = re.compile(
    r"\b(?P<ref>right now|just now|now|nowadays|these days|currently|at present|"
    r"recently|lately|in recent times|the past|the near future|the future|"
    r"the distant future|soon|in the coming days|the time being|the near term|"
    r"the short term|the long term)\b(?!-)",
    FLAGS,
)
# "current market conditions": the adjective places its noun at the DCT. ("recent" and
# "future" as adjectives qualify more often than they date, so they are left out.)
TIME_ADJECTIVE = re.compile(r"\b(?P<adjective>current)(?=\s+[a-z])", FLAGS)
RECENT_UNITS = re.compile(r"\b(?P<ref>recent|coming)\s+(?P<unit>years|months|weeks|days|decades)\b",
                          FLAGS)
# "4:25pm EDT", "4 p.m.", "noon", "midnight", "around 7:15 p.m."
CLOCK_TIME = re.compile(
    r"\b" + QUANTITY_MOD + r"?(?:(?P<hour>[012]?\d)(?::(?P<minute>[0-5]\d))?\s*"
    r"(?P<meridiem>[ap]\.?\s?m\b\.?)|(?P<hour24>[012]?\d):(?P<minute24>[0-5]\d)(?!\d)"
    r"|(?P<named>noon|midnight)"
    r"|(?P<military>[0-2]\d)(?P<military_minute>[0-5]\d)(?=\s+(?:GMT|UTC)\b))"
    r"(?:\s+(?P<zone>[ECMP][SD]T|GMT|UTC|local time))?",
    FLAGS,
)
# "every year", "each season", "every other week", "daily", "twice a year", "a year"
SET = re.compile(
    r"\b(?:(?:every|each)\s+(?P<other>other\s+)?(?:(?P<set_count>\d+|two|three|four|five|six)"
    r"\s+)?(?P<set_unit>second|minute|hour|day|night|week|weekend|month|quarter|year|"
    r"decade|season|morning|afternoon|evening|spring|summer|fall|autumn|winter|"
    + _trie_pattern(list(WEEKDAYS) + [name for name in MONTHS if len(name) > 3]) + r")s?"
    r"|(?P<set_word>" + _trie_pattern(SET_WORDS) + r")"
    r"|(?P<times>once|twice|three times|several times|\d+ times)\s+(?:a|an|per)\s+"
    r"(?P<per_unit>day|week|month|year|hour|minute|decade|season))\b",
    FLAGS,
)
HOLIDAY_NAMES = (*FIXED_HOLIDAYS, *COMPUTED_HOLIDAYS)
HOLIDAY = re.compile(
    r"\b(?P<holiday>" + _trie_pattern(HOLIDAY_NAMES) + r")"
    r"(?:,?\s+" + YEAR_DIGITS + r")?\b",
    FLAGS,
)
YEAR_END = re.compile(r"\b(?:the\s+)?(?P<which>year[\s-]end|year's end|end of the year|"
                      r"end-of-year)\b", FLAGS)
# What comes before "a week" when it is a rate: a plural noun, an amount, a duration.
RATE_BEFORE = re.compile(
    r"(?:\d|\b(?:million|billion|percent|hours|days|times|once|twice|[a-z]{3,}s))\s+$"
)
# A determiner right before "quarterly" / "daily" makes it an adjective of the next noun.
ADJECTIVE_POSITION = re.compile(
    r"\b(?:the|its|their|his|her|our|a|an|first|initial|regular|average)\s+$", re.IGNORECASE
)
CLOCK_VALUE = re.compile(r"^[X\d]{4}-[X\d]{2}-[X\d]{2}T\d")
DAY_VALUE_PREFIX = re.compile(r"^[X\d]{4}-[X\d]{2}-[X\d]{2}$|^XXXX-WXX-\d$")
CLOCK_DAY_GAP = re.compile(r"\s*,?\s*(?:on\s+)?")
SIGNAL_BEFORE = re.compile(r"\b(?P<signal>" + _trie_pattern(SIGNAL_MODS) + r")\s+(?:the\s+)?$",
                           re.IGNORECASE)


# ---------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timex:
    """One temporal expression: where it is, its TIMEX3 type, value and mod.

    ``unresolved`` is True when the expression is relative and no DCT was given, so its
    value is underspecified ("XXXX-WXX-1") rather than guessed.
    """

    span: Span
    type: str
    value: str
    mod: str | None = None
    unresolved: bool = False

    def as_dict(self) -> dict:
        """The CONTRACT's timexes entry: start, end, text, type, value (and mod when set)."""
        entry: dict = {**self.span.as_dict(), "type": self.type, "value": self.value}
        if self.mod:
            entry["mod"] = self.mod
        return entry

    def interval(self, dct: datetime.date | None = None) -> DateInterval | None:
        """The calendar interval of a DATE or TIME, or None (durations, sets, unresolved)."""
        if self.type not in ("DATE", "TIME"):
            return None
        return interval_from_timex(self.value, mod=self.mod, dct=dct)


class _Candidate(NamedTuple):
    """A rule's reading of a match, before overlaps are settled (a tuple: cheap to make)."""

    start: int
    end: int
    type: str
    value: str
    mod: str | None = None
    unresolved: bool = False


@dataclass(frozen=True)
class _Context:
    text: str
    dct: datetime.date | None
    tense_cache: dict[tuple[int, int], bool] = field(default_factory=dict)
    # The text lower-cased, for the case-insensitive rules (same offsets when ``ascii``).
    lowered: str = field(init=False)
    ascii: bool = field(init=False)

    def __post_init__(self) -> None:
        # A frozen dataclass sets derived fields through object.__setattr__.
        object.__setattr__(self, "lowered", self.text.lower())
        object.__setattr__(self, "ascii", self.text.isascii())

    def points_forward(self, start: int, end: int) -> bool:
        """Whether the sentence around ``start:end`` talks about the future."""
        key = (start, end)
        if key not in self.tense_cache:
            self.tense_cache[key] = self._points_forward(start, end)
        return self.tense_cache[key]

    def _points_forward(self, start: int, end: int) -> bool:
        window_start = max(0, start - TENSE_WINDOW_BEFORE)
        before = self.text[window_start:start]
        sentence_break = ASCII_SENTENCE_BREAK if self.ascii else SENTENCE_BREAK
        breaks = list(sentence_break.finditer(before))
        if breaks:
            window_start += breaks[-1].end()
            before = self.text[window_start:start]
        leaning = _nearest_leaning(before, self._lowered(window_start, start), last=True)
        if leaning is not None:
            return leaning
        # A slice, not search(text, pos): the break's look-behinds must not see the date.
        after = self.text[end : end + TENSE_WINDOW_AFTER]
        cut = sentence_break.search(after)
        if cut:
            after = after[: cut.start()]
        return bool(_nearest_leaning(after, self._lowered(end, end + len(after)), last=False))

    def _lowered(self, start: int, end: int) -> str | None:
        """The lower-cased ``text[start:end]`` when the text is ASCII, else None."""
        return self.lowered[start:end] if self.ascii else None


def _nearest_leaning(window: str, lowered: str | None, *, last: bool) -> bool | None:
    """True (future) or False (past) from the tense cue nearest the date, None if none.

    ``lowered`` is the window lower-cased when it is ASCII (None otherwise), for the
    faster patterns.
    """
    future, past_starts = _tense_cues(window, lowered)
    if not future and not past_starts:
        return None
    if last:
        if future and future[-1][1].lower() in WEAK_FUTURE_CUES and past_starts:
            return False  # "the talks lasted until Tuesday": the verb's tense wins
        future_at = future[-1][0] if future else -1
        past_at = past_starts[-1] if past_starts else -1
        return future_at >= past_at
    future_at = future[0][0] if future else len(window) + 1
    past_at = past_starts[0] if past_starts else len(window) + 1
    return future_at <= past_at


def _tense_cues(window: str, lowered: str | None) -> tuple[list[tuple[int, str]], list[int]]:
    """The (start, text) of the future cues of ``window`` and the starts of its past cues,
    in order."""
    if lowered is None:
        future = [(cue.start(), cue.group(0)) for cue in FUTURE_CUES.finditer(window)]
        return future, [cue.start() for cue in PAST_CUES.finditer(window)]
    # Every cue is a whole word (or "'ll"), so the patterns apart find what one would.
    spaced = " " + lowered
    future = [(cue.start(), cue["cue"]) for cue in FUTURE_CUES_AFTER_SPACE.finditer(spaced)]
    if "'" in lowered:
        future = sorted(future + [(cue.start(), "'ll") for cue in FUTURE_CONTRACTION.finditer(
            lowered)])
    past_starts = [cue.start() for cue in PAST_CUE_WORDS_AFTER_SPACE.finditer(spaced)]
    participles = [cue.start() for cue in PAST_PARTICIPLES_AFTER_SPACE.finditer(" " + window)]
    if participles:
        past_starts = sorted(past_starts + participles)
    return future, past_starts


Builder = Callable[[re.Match, _Context], _Candidate | None]


# ---------------------------------------------------------------------------------------
# Value helpers
# ---------------------------------------------------------------------------------------


def _day(day: datetime.date) -> str:
    return day.isoformat()


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _week(day: datetime.date) -> str:
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def _quarter(year: int, quarter: int) -> str:
    return f"{year:04d}-Q{quarter}"


def _quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


WHITESPACE_RUN = re.compile(r"\s+")
DECIMAL_NUMBER = re.compile(r"\d+(?:\.\d+)?")
NUMBER_AND_A_HALF = re.compile(r"(\d+)\s*(?:1/2|½)")
COUNT_WORD_SEPARATOR = re.compile(r"[- ]")
YEAR_WORD_SEPARATOR = re.compile(r"[- ]+")


@functools.lru_cache(maxsize=4096)
def _normalised(phrase: str) -> str:
    """``phrase`` lower-cased with each run of spaces one space ("this  past" -> "this past").

    Cached: a few hundred phrases recur across every story.
    """
    return WHITESPACE_RUN.sub(" ", phrase.lower())


@functools.lru_cache(maxsize=4096)
def _count_of(word: str | None) -> float | None:
    """The number a count word means, or None for a vague one ("several").

    Cached: it depends on the word alone and counts recur ("two", "a", "18").
    """
    if word is None:
        return 1
    lowered = _normalised(word.replace(",", ""))
    if DECIMAL_NUMBER.fullmatch(lowered):
        return float(lowered)
    half = NUMBER_AND_A_HALF.fullmatch(lowered)
    if half:
        return int(half[1]) + 0.5
    if lowered in NUMBER_WORDS:
        return NUMBER_WORDS[lowered]
    parts = COUNT_WORD_SEPARATOR.split(lowered)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def _count_text(count: float | None) -> str:
    if count is None:
        return "X"
    return str(int(count)) if float(count).is_integer() else str(count)


def _duration_value(count: float | None, unit: str) -> str:
    letter, in_time = UNITS[unit.lower()]
    if count is not None:
        # Decades and centuries are written in years ("two decades" is P20Y).
        count = count * YEARS_IN_UNIT.get(unit.lower(), 1)
    prefix = "PT" if in_time else "P"
    if count is not None and not float(count).is_integer() and (letter, in_time) in SMALLER_UNIT:
        # "2 1/2 years" is P2Y6M: TIMEX3 writes whole units, the rest in the next one down.
        factor, smaller, smaller_in_time = SMALLER_UNIT[(letter, in_time)]
        whole, rest = int(count), round((count - int(count)) * factor)
        head = f"{whole}{letter}" if whole else ""
        if in_time == smaller_in_time:
            return f"{prefix}{head}{rest}{smaller}"
        return f"P{head}T{rest}{smaller}"
    return f"{prefix}{_count_text(count)}{letter}"


def _relative_word(match: re.Match) -> str:
    """"last", "next", ...; "this past" is "last" and "this coming" is "next"."""
    said = _normalised(_group(match, "rel") or "")
    return {"this past": "last", "this coming": "next"}.get(said, said)


def _part_mod(match: re.Match) -> str | None:
    if _group(match, "pmod_mid"):
        return "MID"
    word = _group(match, "pmod")
    return PART_MODS.get(_normalised(word)) if word else None


def _quantity_mod(match: re.Match) -> str | None:
    word = _group(match, "qmod")
    return QUANTITY_MODS.get(_normalised(word)) if word else None


def _group(match: re.Match, name: str) -> str | None:
    """The text of group ``name``, or None when it took no part or the rule has no such
    group (cheaper than building ``groupdict()`` for one group)."""
    return match[name] if name in match.re.groupindex else None


def _valid_day(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


Chosen = TypeVar("Chosen")


def _by_tense(ctx: _Context, start: int, end: int, choose: Callable[[bool], Chosen]) -> Chosen:
    """``choose(forward)`` with the tense of the sentence around ``start:end``.

    Reading the tense is the dearest step of resolving a date, so it is read only when the
    two tenses would choose differently ("in March" said in March is this March either way).
    """
    backward = choose(False)
    forward = choose(True)
    if forward == backward:
        return forward
    return forward if ctx.points_forward(start, end) else backward


def _year_for_month_day(ctx: _Context, month: int, day: int, start: int, end: int) -> int | None:
    """The year of a yearless "Jan. 20": the nearest one, leaning the way the tense points."""
    dct = ctx.dct
    if dct is None:
        return None
    return _by_tense(
        ctx, start, end, lambda forward: _nearest_year_of_day(dct, month, day, forward)
    )


# Cached: the answers depend on the arguments alone, and stories share their dates.
@functools.lru_cache(maxsize=8192)
def _nearest_year_of_day(dct: datetime.date, month: int, day: int, forward: bool) -> int | None:
    choices = [
        (_tense_distance((found - dct).days, forward), year)
        for year in (dct.year - 1, dct.year, dct.year + 1)
        if (found := _valid_day(year, month, day)) is not None
    ]
    return min(choices)[1] if choices else None


def _year_for_month(ctx: _Context, month: int, start: int, end: int) -> int | None:
    """The year of a yearless "October": the nearest one, leaning the way the tense points."""
    dct = ctx.dct
    if dct is None:
        return None
    return _by_tense(ctx, start, end, lambda forward: _nearest_year_of_month(dct, month, forward))


@functools.lru_cache(maxsize=8192)
def _nearest_year_of_month(dct: datetime.date, month: int, forward: bool) -> int:
    choices = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
        months_away = (year - dct.year) * 12 + month - dct.month
        choices.append((_tense_distance(months_away * 30, forward), year))
    return min(choices)[1]


def _tense_distance(days_away: int, forward: bool) -> float:
    """Distance from the DCT, stretched against the tense: the past is far for "will"."""
    if days_away == 0:
        return 0
    against_tense = (days_away > 0) != forward
    return abs(days_away) * (TENSE_PENALTY if against_tense else 1)


def _year_of(match: re.Match) -> int | None:
    """The year a match names in digits ("1996") or words ("nineteen ninety-six")."""
    year = _group(match, "year")
    if year:
        return int(year)
    year_words = _group(match, "year_words")
    if year_words:
        return _year_from_words(year_words)
    return None


def _year_from_words(words: str) -> int | None:
    parts = YEAR_WORD_SEPARATOR.split(words.lower().replace(" and ", " "))
    if parts[:2] == ["two", "thousand"]:
        return 2000 + int(sum(NUMBER_WORDS.get(part, 0) for part in parts[2:]))
    century = NUMBER_WORDS.get(parts[0])
    rest = [NUMBER_WORDS.get(part, 0) for part in parts[1:] if part != "oh"]
    if century is None:
        return None
    return int(century * 100 + sum(rest))


def _two_digit_year(short: str, reference: int) -> int:
    """'98 -> 1998: the two-digit year nearest the reference year, at most ten years ahead."""
    century = reference - reference % 100
    year = century + int(short)
    return year - 100 if year > reference + 10 else year


# ---------------------------------------------------------------------------------------
# Builders, one per rule
# ---------------------------------------------------------------------------------------


# The last word of a signal, or the "the" that may follow it ("before the summer").
SIGNAL_LAST_WORDS = tuple({phrase.split()[-1] for phrase in SIGNAL_MODS} | {"the"})
SIGNAL_REACH = 20


def _signal_mod(ctx: _Context, start: int) -> str | None:
    """The mod a preceding "before" / "since" / "by" gives a date it does not belong to."""
    window_start = max(0, start - SIGNAL_REACH)
    if ctx.ascii:
        # The pattern ends with a signal (or "the") and spaces right before the date; most
        # dates have neither, and two string tests say so faster than the search.
        before = ctx.lowered[window_start:start]
        stripped = before.rstrip()
        if len(stripped) == len(before) or not stripped.endswith(SIGNAL_LAST_WORDS):
            return None
    found = SIGNAL_BEFORE.search(ctx.text, window_start, start)
    return SIGNAL_MODS[found["signal"].lower()] if found else None


def _date(
    match: re.Match,
    ctx: _Context,
    value: str,
    mod: str | None = None,
    unresolved: bool = False,
    kind: str = "DATE",
) -> _Candidate:
    mod = _signal_mod(ctx, match.start()) or mod
    return _Candidate(match.start(), match.end(), kind, value, mod, unresolved)


def build_month_day(match: re.Match, ctx: _Context) -> _Candidate | None:
    month, day = _month_number(match["month"]), int(match["day"])
    if not 1 <= day <= 31:
        return None
    if match["year"]:
        found = _valid_day(int(match["year"]), month, day)
        return _date(match, ctx, _day(found)) if found else _impossible(match)
    if _valid_day(2000, month, day) is None:
        return _impossible(match)
    year = _year_for_month_day(ctx, month, day, match.start(), match.end())
    day_rel = (_group(match, "day_rel") or "").lower()
    if ctx.dct is not None and day_rel in ("last", "next"):
        # "last Oct. 23" is the latest one before the DCT, "next Jan. 5" the first after it.
        year = ctx.dct.year
        candidate_day = _valid_day(year, month, day)
        if day_rel == "last" and (candidate_day is None or candidate_day >= ctx.dct):
            year -= 1
        elif day_rel == "next" and (candidate_day is None or candidate_day <= ctx.dct):
            year += 1
    year = _year_agreeing_with_weekday(match, ctx, month, day) or year
    if year is None:
        return _date(match, ctx, f"XXXX-{month:02d}-{day:02d}", unresolved=ctx.dct is None)
    found = _valid_day(year, month, day)
    return _date(match, ctx, _day(found)) if found else None


def _year_agreeing_with_weekday(
    match: re.Match, ctx: _Context, month: int, day: int
) -> int | None:
    """"Monday, Jan. 20": the one year near the DCT in which Jan. 20 is a Monday, if any."""
    weekday = _group(match, "weekday")
    if ctx.dct is None or not weekday:
        return None
    years = [
        year for year in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)
        if (found := _valid_day(year, month, day)) and found.isoweekday() == WEEKDAYS[
            weekday.lower()]
    ]
    return years[0] if len(years) == 1 else None


def _impossible(match: re.Match) -> _Candidate:
    """A blocker for "February 30": it wins over "February" alone and is then dropped."""
    return _Candidate(match.start(), match.end(), IMPOSSIBLE, "")


def build_numeric_date(match: re.Match, ctx: _Context) -> _Candidate | None:
    year_text = match["year"]
    if len(year_text) == 4:
        year = int(year_text)
    elif ctx.dct is not None:
        year = _two_digit_year(year_text, ctx.dct.year)
    else:
        # "1/20/03" needs a century; without a DCT only the month and day are known.
        if _valid_day(2000, int(match["month"]), int(match["day"])) is None:
            return None
        return _date(match, ctx, f"XXXX-{int(match['month']):02d}-{int(match['day']):02d}",
                     unresolved=True)
    found = _valid_day(year, int(match["month"]), int(match["day"]))
    return _date(match, ctx, _day(found)) if found else None


# Words after which a bare "May" is the month ("in May", "since May").
MONTH_TAKING_WORD_BEFORE = re.compile(
    r"\b(?:in|since|until|by|of|early|late|mid|through|last|next)\s+$"
)
CAPITAL_FOLLOWS = re.compile(r"\s+[A-Z]")
NAME_OF_FOLLOWS = re.compile(r"\s+(?:for|of the)\b")


def build_month_alone(match: re.Match, ctx: _Context) -> _Candidate | None:
    month = _month_number(match["month"])
    word = match["month"]
    mod = _part_mod(match)
    rel = _relative_word(match)
    named_year = _year_of(match)
    if word in ("May", "MAY") and not (named_year or match["year_rel"] or mod or rel):
        # Bare "May" is a month only after a word that takes one ("in May", "since May").
        preceding = ctx.text[max(0, match.start() - 12) : match.start()].lower()
        if not MONTH_TAKING_WORD_BEFORE.search(preceding):
            return None
    if rel and rel not in ("last", "this", "next", "past", "previous", "coming"):
        return None
    if not (named_year or match["year_rel"]) and _month_word_is_a_name(match, ctx):
        return None
    if named_year:
        return _date(match, ctx, _month(named_year, month), mod)
    if ctx.dct is None:
        return _date(match, ctx, f"XXXX-{month:02d}", mod, unresolved=True)
    year = _year_for_relative_month(ctx, match, month, rel)
    return _date(match, ctx, _month(year, month), mod)


def _month_word_is_a_name(match: re.Match, ctx: _Context) -> bool:
    """"Jan Kavan", "the March for Life", "the March of the Mothers": not months."""
    following = ctx.text[match.end() : match.end() + 12]
    if not match["month"].endswith(".") and len(match["month"]) <= 4 and CAPITAL_FOLLOWS.match(
        following
    ):
        return True
    return NAME_OF_FOLLOWS.match(following) is not None


def _year_for_relative_month(ctx: _Context, match: re.Match, month: int, rel: str) -> int:
    assert ctx.dct is not None
    year_rel = (match["year_rel"] or "").lower()
    if year_rel:
        return ctx.dct.year + {"last": -1, "this": 0, "next": 1}[year_rel]
    if rel in ("last", "past", "previous"):
        # "last February" said in March is a year back; the month just gone is "last month".
        return ctx.dct.year if month < ctx.dct.month - 1 else ctx.dct.year - 1
    if rel in ("next", "coming"):
        return ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    if rel == "this":
        return ctx.dct.year
    year = _year_for_month(ctx, month, match.start(), match.end())
    return year if year is not None else ctx.dct.year


def build_year(match: re.Match, ctx: _Context) -> _Candidate | None:
    year = int(match["year"])
    if match["range"]:
        end_text = match["year_end"]
        year_end = int(end_text) if len(end_text) == 4 else year - year % 100 + int(end_text)
        if not year < year_end <= year + 100:
            return None
        return _date(match, ctx, f"{year:04d}/{year_end:04d}")
    if not _looks_like_a_year(match, ctx, year):
        return None
    mod = _part_mod(match)
    if match["prefix"]:
        mod = "AFTER" if match["prefix"].lower() == "post" else "BEFORE"
    beyond = (match["beyond"] or "").strip().lower()
    if beyond in ("and beyond", "or later"):
        mod = "ON_OR_AFTER"
    elif beyond == "or earlier":
        mod = "ON_OR_BEFORE"
    return _date(match, ctx, f"{year:04d}", mod)


# "1000 to 2000 troops" counts; "1990 to 1995" is a range of years.
COUNT_RANGE_FOLLOWS = re.compile(r"\s+(?:to|and|or)\s+\d")
YEAR_RANGE_FOLLOWS = re.compile(r"\s+(?:to|and|or)\s+(?:1[5-9]|20)\d\d")
# "flight 1549 passengers", "about 2000 troops": a number that counts a plural noun.
NUMBER_WORD_BEFORE = re.compile(
    r"(?:no\.|number|flight|route|model|room|page|pp\.|about|some|nearly|over|than|almost|"
    r"roughly)\s+$"
)
PLURAL_NOUN_FOLLOWS = re.compile(r"\s+[a-z]+s\b")


def _looks_like_a_year(match: re.Match, ctx: _Context, year: int) -> bool:
    """A bare four-digit number is a year unless it reads as a count or an amount."""
    if match["fiscal"] or match["the_year"] or _group(match, "pmod") or match[
        "pmod_mid"
    ] or match["prefix"]:
        return True
    if ctx.text[match.start() - 1 : match.start()] == "-":
        return False  # "No. 3-1990", a code, not a year
    if ctx.dct is not None and year > ctx.dct.year + 30:
        return False
    following = ctx.text[match.end() : match.end() + 14].lower()
    preceding = ctx.text[max(0, match.start() - 12) : match.start()].lower()
    if COUNT_RANGE_FOLLOWS.match(following) and not YEAR_RANGE_FOLLOWS.match(following):
        return False
    following = ctx.text[match.end() : match.end() + 14]
    if NUMBER_WORD_BEFORE.search(preceding) and PLURAL_NOUN_FOLLOWS.match(following):
        return False
    return True


LOWER_CASE_WORD_FOLLOWS = re.compile(r"\s+[a-z]")


def build_word_year(match: re.Match, ctx: _Context) -> _Candidate | None:
    year = _year_of(match)
    if year is None:
        return None
    bare_count = match["year_words"].lower() == "two thousand" and not match.group(0).lower(
    ).startswith("the year")
    if bare_count and LOWER_CASE_WORD_FOLLOWS.match(ctx.text[match.end() : match.end() + 2]):
        return None  # "two thousand people" is a count
    return _date(match, ctx, f"{year:04d}")


def build_word_decade(match: re.Match, ctx: _Context) -> _Candidate | None:
    tens = DECADE_WORDS[match["decade_word"].lower()]
    if ctx.dct is None:
        return _date(match, ctx, f"XX{tens}", _part_mod(match), unresolved=True)
    century = ctx.dct.year // 100
    if century * 100 + tens * 10 > ctx.dct.year:
        century -= 1  # "the nineties" said in 2003 are the 1990s
    return _date(match, ctx, f"{century:02d}{tens}", _part_mod(match))


def build_decade(match: re.Match, ctx: _Context) -> _Candidate | None:
    """"the 1990s" is TIMEX3 "199", a bare "1990s" "199X" (both forms are TIMEX3's)."""
    if match["decade"]:
        decade = match["decade"]
    elif ctx.dct is None:
        return _date(match, ctx, f"XX{match['short_decade']}", _part_mod(match), unresolved=True)
    else:
        decade = str(_two_digit_year(match["short_decade"] + "0", ctx.dct.year) // 10)
    if not match.group(0).lower().startswith("the"):
        decade += "X"
    return _date(match, ctx, decade, _part_mod(match))


def build_century(match: re.Match, ctx: _Context) -> _Candidate | None:
    if match["ordinal"]:
        number = int(match["ordinal"])
        if not 1 <= number <= 21:
            return None
        return _date(match, ctx, f"{number - 1:02d}", _part_mod(match))
    if ctx.dct is None:
        return _date(match, ctx, "XX", unresolved=True)
    rel = _relative_word(match)
    if rel == "past":
        return _Candidate(match.start(), match.end(), "DURATION", "P100Y")
    shift = {"this": 0, "last": -1, "next": 1}[rel]
    return _date(match, ctx, f"{ctx.dct.year // 100 + shift:02d}")


DEICTIC_SHIFTS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def build_deictic_day(match: re.Match, ctx: _Context) -> _Candidate | None:
    word = match["word"].lower()
    part = PARTS_OF_DAY.get((match["part"] or "").lower())
    if word == "tonight":
        part = "NI"
    # "yesterday morning" narrows a day; TimeBank writes it as a DATE with a part of day.
    kind = "TIME" if part and word != "tonight" else "DATE"
    if ctx.dct is None:
        value = "XXXX-XX-XX" + (f"T{part}" if part else "")
        return _date(match, ctx, value, _part_mod(match), unresolved=True, kind=kind)
    day = ctx.dct + datetime.timedelta(days=DEICTIC_SHIFTS[word])
    value = _day(day) + (f"T{part}" if part else "")
    return _date(match, ctx, value, _part_mod(match), kind=kind)


def build_weekday(match: re.Match, ctx: _Context) -> _Candidate | None:
    weekday = WEEKDAYS[match["weekday"].lower()]
    part = PARTS_OF_DAY.get((match["part"] or "").lower())
    rel = _relative_word(match)
    if rel in ("current", "following", "same"):
        return None
    kind = "TIME" if part else "DATE"
    suffix = f"T{part}" if part else ""
    if ctx.dct is None:
        return _date(match, ctx, f"XXXX-WXX-{weekday}{suffix}", _part_mod(match),
                     unresolved=True, kind=kind)
    day = _resolve_weekday(ctx, weekday, rel, match.start(), match.end())
    return _date(match, ctx, _day(day) + suffix, _part_mod(match), kind=kind)


def _resolve_weekday(ctx: _Context, weekday: int, rel: str, start: int, end: int) -> datetime.date:
    assert ctx.dct is not None
    today = ctx.dct.isoweekday()
    ahead = (weekday - today) % 7
    behind = (today - weekday) % 7
    if rel in ("next", "coming"):
        return ctx.dct + datetime.timedelta(days=ahead or 7)
    if rel in ("last", "past", "previous"):
        return ctx.dct - datetime.timedelta(days=behind or 7)
    # Days, not dates, are compared: a date past the calendar's end must fail only when
    # it is the one chosen.
    days = _by_tense(ctx, start, end, lambda forward: ahead if forward else -behind)
    return ctx.dct + datetime.timedelta(days=days)


LAST_NIGHT = re.compile(r"\blast\s+(?:night|evening)")


def build_part_of_day_ref(match: re.Match, ctx: _Context) -> _Candidate | None:
    part = PARTS_OF_DAY[match["part"].lower()]
    said = match.group(0).lower()
    back = 1 if LAST_NIGHT.search(said) else 0
    mod = "END" if (match["later"] or "").lower().startswith("later") else _part_mod(match)
    if ctx.dct is None:
        return _date(match, ctx, f"XXXX-XX-XXT{part}", mod, unresolved=True, kind="TIME")
    day = ctx.dct - datetime.timedelta(days=back)
    return _date(match, ctx, f"{_day(day)}T{part}", mod, kind="TIME")


RELATIVE_SHIFTS = {
    "last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1,
    "coming": 1, "following": 1, "same": 0, "this past": -1, "this coming": 1,
}  # fmt: skip


def build_relative_unit(match: re.Match, ctx: _Context) -> _Candidate | None:
    if match["rel_the"]:
        return _the_unit(match, ctx)
    if match["in_the"]:
        # "earlier in the year" is the start of the DCT's year, "later in the month" its end.
        unit_in = match["unit_in"].lower()
        part = "START" if match["in_the"].lower() == "earlier" else "END"
        if ctx.dct is None:
            return _date(match, ctx, _unresolved_unit_value(unit_in), part, unresolved=True)
        return _date(match, ctx, _shifted_unit_value(ctx.dct, unit_in, 0), part)
    unit = _normalised(match["unit"])
    rel = _relative_word(match)
    mod = _part_mod(match)
    said = match.group(0).lower()
    if rel in ("past", "coming") and unit != "weekend" and said.startswith("the"):
        # "the past year", "the coming decade": a stretch of time up to or from the DCT.
        return _date(match, ctx, _duration_value(1, unit.replace("fiscal ", "")),
                     kind="DURATION")
    if rel in ("following", "same", "previous"):
        return None
    shift = RELATIVE_SHIFTS[rel]
    if ctx.dct is None:
        return _date(match, ctx, _unresolved_unit_value(unit), mod, unresolved=True)
    return _date(match, ctx, _shifted_unit_value(ctx.dct, unit, shift), mod)


def _the_unit(match: re.Match, ctx: _Context) -> _Candidate | None:
    """"the weekend" is the nearest one; "the end of the month" is this month's end."""
    unit = match["unit_the"].lower()
    mod = _part_mod(match)
    if unit.endswith("year") and mod is None:
        return _the_year(match, ctx)
    if unit != "weekend" and mod is None:
        return None  # bare "the month" / "the week" refers back to something named earlier
    if ctx.dct is None:
        return _date(match, ctx, _unresolved_unit_value(unit), mod, unresolved=True)
    if unit == "weekend":
        forward = ctx.points_forward(match.start(), match.end())
        days = (6 - ctx.dct.isoweekday()) % 7 if forward else -((ctx.dct.isoweekday()) % 7 or 7)
        if ctx.dct.isoweekday() >= 6:
            days = 0
        return _date(match, ctx, _week(ctx.dct + datetime.timedelta(days=days)) + "-WE", mod)
    return _date(match, ctx, _shifted_unit_value(ctx.dct, unit, 0), mod)


def _the_year(match: re.Match, ctx: _Context) -> _Candidate | None:
    """"the year ended Sept. 30" is a twelve-month stretch; a bare "the year" refers back."""
    if YEAR_ENDED.match(ctx.text, match.end()):
        return _Candidate(match.start(), match.end(), "DURATION", "P1Y")
    return None


def _unresolved_unit_value(unit: str) -> str:
    return {
        "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX",
        "fiscal year": "XXXX", "quarter": "XXXX-QX", "decade": "XXX", "day": "XXXX-XX-XX",
    }.get(unit, "XXXX")


def _shifted_unit_value(dct: datetime.date, unit: str, shift: float) -> str:
    """The calendar unit containing the DCT moved ``shift`` units, at that unit's grain."""
    whole = int(shift)
    if unit in ("week", "weekend"):
        value = _week(dct + datetime.timedelta(weeks=whole))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        moved = dct + relativedelta(months=whole)
        return _month(moved.year, moved.month)
    if unit == "quarter":
        year, quarter = _quarter_of(dct)
        index = year * 4 + quarter - 1 + whole
        return _quarter(index // 4, index % 4 + 1)
    if unit == "decade":
        return f"{dct.year // 10 + whole:03d}"
    if unit in ("day", "night"):
        return _day(dct + datetime.timedelta(days=whole))
    if unit in ("century",):
        return f"{dct.year // 100 + whole:02d}"
    return f"{dct.year + whole:04d}"


# "a month after the vote": the duration is measured from an event, so it stays a duration.
ANCHORED_ELSEWHERE = frozenset({"before", "after", "later"})
AGO_DIRECTIONS = {
    "ago": -1, "earlier": -1, "before": -1, "back": -1, "later": 1, "after": 1,
    "from now": 1, "hence": 1,
}  # fmt: skip


def build_ago(match: re.Match, ctx: _Context) -> _Candidate | None:
    """"a year ago" is a date; "three days later" or "a month after X" is a duration."""
    unit = match["unit"].lower()
    direction_word = _normalised(match["direction"])
    if direction_word in ANCHORED_ELSEWHERE or (
        direction_word == "earlier" and unit not in ("year", "quarter")
    ):
        return _duration_before_signal(match, ctx, include_signal=direction_word == "earlier")
    count = _count_of(match["count"])
    direction = AGO_DIRECTIONS[direction_word]
    mod = _quantity_mod(match)
    if mod and mod != "APPROX":
        mod = "APPROX" if mod in ("LESS_THAN", "MORE_THAN") else mod
    grain = "year" if unit in ("decade", "century", "centurie", "millennium") else unit
    if ctx.dct is None:
        value = _unresolved_unit_value(grain) if count is not None else "PAST_REF"
        return _date(match, ctx, value, mod, unresolved=True)
    if count is None:
        return _date(match, ctx, "PAST_REF" if direction < 0 else "FUTURE_REF", mod)
    if grain in ("hour", "minute", "second"):
        return _date(match, ctx, _day(ctx.dct), mod)
    years = {"decade": 10, "century": 100, "centurie": 100, "millennium": 1000}.get(unit, 1)
    shift = direction * count * years
    if grain == "year" and count == 1:
        return _date(match, ctx, YEAR_OR_QUARTER_EARLIER, mod)
    if grain == "quarter":
        return _date(match, ctx, _shifted_unit_value(ctx.dct, "quarter", shift), mod)
    if not float(shift).is_integer():
        return _date(match, ctx, "PAST_REF" if direction < 0 else "FUTURE_REF", mod)
    return _date(match, ctx, _shifted_unit_value(ctx.dct, grain, shift), mod)


def _duration_before_signal(
    match: re.Match, ctx: _Context, *, include_signal: bool
) -> _Candidate | None:
    """"three days later": the duration alone (its anchor is an event, not the DCT)."""
    end = match.end() if include_signal else match.start("direction")
    # Slices stay local: copying the text up to here would make long texts quadratic.
    end_of_words = match.start() + len(ctx.text[match.start() : end].rstrip())
    duration = DURATION.match(ctx.text, match.start(), end_of_words)
    if duration is None:
        return None
    candidate = build_duration(duration, ctx)
    if candidate is None:
        return None
    return _Candidate(candidate.start, end, "DURATION", candidate.value, candidate.mod)


# "per day", "twice a year", "5 a month": a rate, not a stretch of time.
RATE_OR_NUMBER_BEFORE = re.compile(r"\b(?:per|times|once|twice)\s+$|\d\s*$")
OF_FOLLOWS = re.compile(r"\s+of\b")


def build_duration(match: re.Match, ctx: _Context) -> _Candidate | None:
    unit = match["unit"].lower()
    count_word = match["count"].lower()
    rel = _relative_word(match)
    if count_word in ("a", "an", "one") and not (match["qmod"] or rel) and match["plural"]:
        return None
    if count_word in ("some", "many", "few") and not match["plural"]:
        return None
    if count_word in ("a", "an") and unit in ("second",) and not match["qmod"]:
        return None
    if (
        count_word in ("a", "an", "one")
        and not (match["qmod"] or rel)
        and RATE_OR_NUMBER_BEFORE.search(ctx.text[max(0, match.start() - 12) : match.start()])
    ):
        return None
    if unit == "quarter" and (
        "-" in match.group(0) or OF_FOLLOWS.match(ctx.text[match.end() : match.end() + 4])
    ):
        return None  # "three-quarters of its food", "a quarter of the market": fractions
    if count_word in ("a", "an") and not (match["qmod"] or rel) and RATE_BEFORE.search(
        ctx.text, max(0, match.start() - 20), match.start()
    ):
        return None  # "700 seats a week", "$2 million a year": a rate, not a stretch of time
    count = _count_of(match["count"])
    if count is not None and count > 10000:
        return None
    return _Candidate(match.start(), match.end(), "DURATION", _duration_value(count, unit),
                      _quantity_mod(match))


COUNT_OR_ARTICLE_BEFORE = re.compile(r"(?:\d|\bof|\bthe)\s+$")


def build_bare_units(match: re.Match, ctx: _Context) -> _Candidate | None:
    unit = match["unit"].lower()
    recent = (match["recent"] or "").lower()
    singular = {"centuries": "century"}.get(unit, unit[:-1])
    if recent == "recent" and unit == "years":
        return _date(match, ctx, "PAST_REF")
    if unit == "days" and not recent:
        return None
    preceding = ctx.text[max(0, match.start() - 12) : match.start()]
    if not recent and COUNT_OR_ARTICLE_BEFORE.search(preceding):
        return None
    return _Candidate(match.start(), match.end(), "DURATION", _duration_value(None, singular))


def build_quarter(match: re.Match, ctx: _Context) -> _Candidate | None:
    number = ORDINALS[match["ordinal"].lower()]
    if match["period"].lower() == "half":
        number = min(number, 2)
    year = _explicit_year_of_period(match, ctx)
    if year is None and ctx.dct is not None:
        current_year, current_quarter = _quarter_of(ctx.dct)
        current = current_quarter if match["period"].lower() == "quarter" else (
            1 if current_quarter <= 2 else 2
        )
        year = _by_tense(
            ctx, match.start(), match.end(),
            lambda forward: current_year - 1 if not forward and number > current
            else current_year,
        )
    letter = "Q" if match["period"].lower() == "quarter" else "H"
    if year is None:
        return _date(match, ctx, f"XXXX-{letter}{number}", unresolved=True)
    return _date(match, ctx, f"{year:04d}-{letter}{number}")


def _explicit_year_of_period(match: re.Match, ctx: _Context) -> int | None:
    if match["year"]:
        return int(match["year"])
    if match["lead_year"]:
        return int(match["lead_year"])
    said = (match["year_ref"] or match["of_year"] or "").lower()
    if not said or ctx.dct is None:
        return None
    shift = -1 if said.startswith("last") else 1 if said.startswith("next") else 0
    return ctx.dct.year + shift


def build_reported_quarter(match: re.Match, ctx: _Context) -> _Candidate | None:
    which = (match["which"] or "").lower()
    said = match.group(0).lower()
    period = match["period"].lower()
    year_back = "year-ago" in said or "year ago" in said or "year-earlier" in said or (
        "year earlier" in said
    )
    if period == "period" and not (which or year_back):
        return None
    if not (which or year_back or said.startswith("the")):
        return None
    if which in ("same", "comparable", "previous", "prior") and not year_back:
        return None
    if ctx.dct is None:
        return _date(match, ctx, "XXXX-QX", unresolved=True)
    return _date(match, ctx, QUARTER_YEAR_EARLIER if year_back else QUARTER_REPORTED)


def build_year_period(match: re.Match, ctx: _Context) -> _Candidate | None:
    if ctx.dct is None:
        return _date(match, ctx, f"{match['year']}-QX", unresolved=True)
    return _date(match, ctx, QUARTER_IN_YEAR + match["year"])


def build_year_earlier(match: re.Match, ctx: _Context) -> _Candidate | None:
    if ctx.dct is None:
        return _date(match, ctx, "XXXX", unresolved=True)
    return _date(match, ctx, YEAR_OR_QUARTER_EARLIER)


# Words after which a bare "fall" or "spring" is the season ("in spring").
SEASON_TAKING_WORD_BEFORE = re.compile(r"\b(?:in|this|last|next|since|until|by|during)\s+$")


def build_season(match: re.Match, ctx: _Context) -> _Candidate | None:
    code = SEASON_CODES[match["season"].lower()]
    rel = _relative_word(match)
    said = match.group(0).lower()
    named_year = _year_of(match)
    if not (rel or named_year or said.startswith("the") or _group(match, "pmod")
            or match["pmod_mid"]):
        # Bare "fall" and "spring" are verbs and nouns far more often than seasons.
        preceding = ctx.text[max(0, match.start() - 10) : match.start()].lower()
        if not SEASON_TAKING_WORD_BEFORE.search(preceding):
            return None
    mod = _part_mod(match)
    if named_year:
        return _date(match, ctx, f"{named_year:04d}-{code}", mod)
    if ctx.dct is None:
        return _date(match, ctx, f"XXXX-{code}", mod, unresolved=True)
    return _date(match, ctx, f"{_season_year(ctx, match, code, rel):04d}-{code}", mod)


SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _season_year(ctx: _Context, match: re.Match, code: str, rel: str) -> int:
    assert ctx.dct is not None
    first, last = SEASON_MONTHS[code]
    month = ctx.dct.month if not (code == "WI" and ctx.dct.month <= 2) else ctx.dct.month + 12
    year = ctx.dct.year if not (code == "WI" and ctx.dct.month <= 2) else ctx.dct.year - 1
    if rel in ("last", "past", "previous"):
        return year if last < month else year - 1
    if rel in ("next", "coming"):
        return year if first > month else year + 1
    if rel == "this":
        return year
    return _by_tense(
        ctx, match.start(), match.end(),
        lambda forward: (year if last >= month else year + 1) if forward
        else (year if first <= month else year - 1),
    )


REFERENCE_VALUES = {
    "right now": "PRESENT_REF", "just now": "PAST_REF", "now": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "currently": "PRESENT_REF",
    "at present": "PRESENT_REF", "at the moment": "PRESENT_REF", "the moment": "PRESENT_REF",
    "the time being": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF",
    "in recent times": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
    "the past": "PAST_REF", "the near future": "FUTURE_REF", "the future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "soon": "FUTURE_REF", "shortly": "FUTURE_REF",
    "in the coming days": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF",
}  # fmt: skip


RELATION_FOLLOWS = re.compile(r"\s+(?:as|after|before)\b")
AS_BEFORE = re.compile(r"\bas\s+$")


def build_reference(match: re.Match, ctx: _Context) -> _Candidate | None:
    ref = _normalised(match["ref"])
    following = ctx.text[match.end() : match.end() + 8]
    if ref == "soon" and (
        RELATION_FOLLOWS.match(following)
        or AS_BEFORE.search(ctx.text[max(0, match.start() - 4) : match.start()])
    ):
        return None  # "as soon as", "soon after": a relation between events, not a time
    return _date(match, ctx, REFERENCE_VALUES[ref])


TIME_ADJECTIVE_VALUES = {"current": "PRESENT_REF", "recent": "PAST_REF", "future": "FUTURE_REF"}


BOOKKEEPING_NOUN_FOLLOWS = re.compile(
    r"\s+(?:account|accounts|assets|liabilities|affairs|events)\b"
)


def build_time_adjective(match: re.Match, ctx: _Context) -> _Candidate | None:
    following = ctx.text[match.end() : match.end() + 12].lower()
    if BOOKKEEPING_NOUN_FOLLOWS.match(following):
        return None  # bookkeeping and newsroom terms, not times
    return _date(match, ctx, TIME_ADJECTIVE_VALUES[match["adjective"].lower()])


def build_recent_units(match: re.Match, ctx: _Context) -> _Candidate | None:
    """"recent years" is the past; "recent weeks", "coming months" are stretches of time."""
    unit = match["unit"].lower()
    if unit == "years" and match["ref"].lower() == "recent":
        return _date(match, ctx, "PAST_REF")
    return _Candidate(match.start(), match.end(), "DURATION",
                      _duration_value(None, unit.removesuffix("s")))


AT_BEFORE = re.compile(r"\bat\s+$")


def build_clock_time(match: re.Match, ctx: _Context) -> _Candidate | None:
    named = (match["named"] or "").lower()
    if named:
        hour, minute = (12, 0) if named == "noon" else (24, 0)
    elif match["military"]:
        hour, minute = int(match["military"]), int(match["military_minute"])
    elif match["hour24"]:
        hour, minute = int(match["hour24"]), int(match["minute24"])
        preceding = ctx.text[max(0, match.start() - 4) : match.start()]
        if not match["zone"] and not AT_BEFORE.search(preceding):
            return None
    else:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if not 1 <= hour <= 12:
            return None
        meridiem = match["meridiem"].lower()
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
    if hour > 24 or minute > 59:
        return None
    day = "XXXX-XX-XX" if ctx.dct is None else _day(ctx.dct)
    value = f"{day}T{hour:02d}:{minute:02d}"
    return _Candidate(match.start(), match.end(), "TIME", value, _quantity_mod(match),
                      ctx.dct is None)


def build_set(match: re.Match, ctx: _Context) -> _Candidate | None:
    if match["set_word"]:
        if match["set_word"].lower() == "quarterly" and ADJECTIVE_POSITION.search(
            ctx.text, max(0, match.start() - 16), match.start()
        ):
            return None  # "its quarterly dividend": a property of the noun, not a timex
        value = SET_WORDS[match["set_word"].lower()]
    elif match["set_unit"]:
        value = _set_value(match)
    else:
        value = _duration_value(1, match["per_unit"])
    return _Candidate(match.start(), match.end(), "SET", value)


def _set_value(match: re.Match) -> str:
    unit = match["set_unit"].lower()
    count = _count_of(match["set_count"]) if match["set_count"] else 1
    if match["other"]:
        count = 2
    if unit in WEEKDAYS:
        return f"XXXX-WXX-{WEEKDAYS[unit]}"
    if unit in MONTHS:
        return f"XXXX-{MONTHS[unit]:02d}"
    if unit in SEASON_CODES:
        return f"XXXX-{SEASON_CODES[unit]}"
    if unit in PARTS_OF_DAY:
        return f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}"
    if unit == "weekend":
        return "XXXX-WXX-WE"
    if unit == "season":
        return "P1Y"  # a sports or fashion season comes round once a year
    return _duration_value(count, unit)


def build_holiday(match: re.Match, ctx: _Context) -> _Candidate | None:
    name = _normalised(match["holiday"])
    if not match.group(0)[0].isupper():
        return None
    if match["year"]:
        year: int | None = int(match["year"])
    elif ctx.dct is not None:
        this_year = _holiday_date(name, ctx.dct.year)
        dct = ctx.dct
        year = _by_tense(
            ctx, match.start(), match.end(),
            lambda forward: (dct.year if this_year >= dct else dct.year + 1) if forward
            else (dct.year if this_year <= dct else dct.year - 1),
        )
    else:
        year = None
    if year is None:
        return _date(match, ctx, "XXXX-XX-XX", unresolved=True)
    return _date(match, ctx, _day(_holiday_date(name, year)))


def _holiday_date(name: str, year: int) -> datetime.date:
    if name in FIXED_HOLIDAYS:
        month, day = FIXED_HOLIDAYS[name]
        return datetime.date(year, month, day)
    return COMPUTED_HOLIDAYS[name](year)


def build_year_end(match: re.Match, ctx: _Context) -> _Candidate | None:
    if ctx.dct is None:
        return _date(match, ctx, "XXXX", "END", unresolved=True)
    return _date(match, ctx, f"{ctx.dct.year:04d}", "END")


def build_iso_date(match: re.Match, ctx: _Context) -> _Candidate | None:
    found = _valid_day(int(match["year"]), int(match["month"]), int(match["day"]))
    if found is None:
        return _impossible(match)
    if match["hour"] is not None and int(match["hour"]) <= 24:
        return _date(match, ctx, f"{_day(found)}T{match['hour']}:{match['minute']}", kind="TIME")
    return _date(match, ctx, _day(found))


def build_quarter_code(match: re.Match, ctx: _Context) -> _Candidate | None:
    year = match["year"] or match["year_first"]
    quarter = match["quarter"] or match["quarter_first"] or match["quarter_last"]
    return _date(match, ctx, f"{year}-Q{quarter}")


def build_day_month(match: re.Match, ctx: _Context) -> _Candidate | None:
    return build_month_day(match, ctx)


# Words that can occur in each rule's matches: a rule only runs in a short window around
# one of them, so the text is scanned once for all triggers instead of once per rule.
UNIT_WORDS = tuple(
    form for unit in UNITS for form in (unit, unit + "s") if unit != "centurie"
) + ("centuries",)
MONTH_WORDS = tuple(MONTHS)
DIGITS_YEAR = "#year"  # a run of exactly four digits
DIGITS_CLOCK = "#clock"  # digits followed by ":" or a.m. / p.m.
DIGITS_SLASH = "#slash"  # digits followed by "/"
DIGITS_DECADE = "#decade"  # "1990s", "'80s"

# Rules in priority order (when two candidates cover the same characters, the earlier
# wins), each with the trigger words it needs.
RULES: tuple[tuple[re.Pattern[str], Builder, tuple[str, ...]], ...] = (
    (ISO_DATE, build_iso_date, (DIGITS_YEAR,)),
    (NUMERIC_DATE, build_numeric_date, (DIGITS_SLASH,)),
    (MONTH_DAY, build_month_day, MONTH_WORDS),
    (DAY_MONTH, build_day_month, MONTH_WORDS),
    (HOLIDAY, build_holiday, ("christmas", "eve", "day", "july", "halloween", "thanksgiving",
                              "easter", "friday")),
    (QUARTER, build_quarter, ("quarter", "half")),
    (QUARTER_CODE, build_quarter_code, (DIGITS_YEAR,)),
    (AGO, build_ago, UNIT_WORDS),
    (MONTH_ALONE, build_month_alone, MONTH_WORDS),
    (DECADE, build_decade, (DIGITS_DECADE,)),
    (WORD_YEAR, build_word_year, ("nineteen", "eighteen", "thousand")),
    (WORD_DECADE, build_word_decade, tuple(DECADE_WORDS)),
    (CENTURY, build_century, ("century",)),
    (YEAR, build_year, (DIGITS_YEAR,)),
    (YEAR_PERIOD, build_year_period, (DIGITS_YEAR,)),
    (DEICTIC_DAY, build_deictic_day, ("today", "yesterday", "tomorrow", "tonight")),
    (WEEKDAY, build_weekday, tuple(WEEKDAYS)),
    (PART_OF_DAY_REF, build_part_of_day_ref, tuple(PARTS_OF_DAY)),
    (SEASON_REF, build_season, tuple(SEASON_CODES)),
    (RELATIVE_UNIT, build_relative_unit, ("week", "weekend", "month", "year", "quarter",
                                          "decade")),
    (YEAR_END, build_year_end, ("year",)),
    (CLOCK_TIME, build_clock_time, (DIGITS_CLOCK, "noon", "midnight")),
    (SET, build_set, ("every", "each", "once", "twice", "times", *SET_WORDS, *MONTH_WORDS)),
    (DURATION, build_duration, UNIT_WORDS),
    (REPORTED_QUARTER, build_reported_quarter, ("quarter", "period")),
    (YEAR_EARLIER, build_year_earlier, ("year",)),
    (RECENT_UNITS, build_recent_units, ("recent", "coming")),
    (BARE_UNITS, build_bare_units, ("years", "months", "weeks", "decades", "centuries", "days")),
    (TIME_ADJECTIVE, build_time_adjective, ("current",)),
    (REFERENCE, build_reference, ("now", "nowadays", "days", "currently", "present",
                                  "recently", "lately", "times", "past", "future", "soon",
                                  "being", "term")),
)


def _rules_by_trigger() -> dict[str, tuple[int, ...]]:
    table: dict[str, list[int]] = {}
    for index, (_, _, triggers) in enumerate(RULES):
        for trigger in triggers:
            table.setdefault(trigger, []).append(index)
    return {trigger: tuple(indexes) for trigger, indexes in table.items()}


RULES_BY_TRIGGER = _rules_by_trigger()
# Builders that look at capitals ("May" the month, "Christmas", "EDT") read the text as
# written; every other rule runs, faster, on the lower-cased text without IGNORECASE.
CASE_SENSITIVE_BUILDERS = frozenset(
    {build_month_day, build_day_month, build_month_alone, build_clock_time, build_holiday,
     build_quarter_code, build_iso_date}
)


def _start_characters(pattern: re.Pattern[str]) -> set[str] | None:
    """The characters a match of ``pattern`` can start with (a class's categories as
    "\\d", "\\s", "\\w"), read off the parse tree compile() works from; None when the
    tree does not say (the pattern can match nothing, a negated class, "." or anything
    unfamiliar)."""
    try:
        parsed = re_parser.parse(pattern.pattern, pattern.flags)
        starts = _sequence_start_characters(parsed, pattern.flags)
    except Exception:  # the parser is private to CPython: without it, no check (slower)
        return None
    if starts is None or starts[1]:
        return None
    return starts[0]


try:  # CPython's own regex parser and opcodes, private, read only by _start_characters
    from re import _constants as re_constants  # type: ignore[attr-defined]
    from re import _parser as re_parser  # type: ignore[attr-defined]

    CATEGORY_CLASSES = {
        re_constants.CATEGORY_DIGIT: "\\d", re_constants.CATEGORY_SPACE: "\\s",
        re_constants.CATEGORY_WORD: "\\w",
    }  # fmt: skip
except (ImportError, AttributeError):
    re_constants = re_parser = None
    CATEGORY_CLASSES = {}


def _item_start_characters(op, argument, flags: int) -> tuple[set[str], bool] | None:
    """(characters it can start with, whether it can match the empty string) of one item."""
    if op is re_constants.LITERAL:
        return {chr(argument)}, False
    if op is re_constants.IN:
        characters = set()
        for member, value in argument:
            if member is re_constants.LITERAL:
                characters.add(chr(value))
            elif member is re_constants.RANGE:
                characters |= {chr(code) for code in range(value[0], value[1] + 1)}
            elif member is re_constants.CATEGORY and value in CATEGORY_CLASSES:
                characters.add(CATEGORY_CLASSES[value])
            else:
                return None
        return characters, False
    if op in (re_constants.AT, re_constants.ASSERT, re_constants.ASSERT_NOT):
        return set(), True  # zero-width
    if op is re_constants.BRANCH:
        characters, can_be_empty = set(), False
        for alternative in argument[1]:
            starts = _sequence_start_characters(alternative, flags)
            if starts is None:
                return None
            characters |= starts[0]
            can_be_empty = can_be_empty or starts[1]
        return characters, can_be_empty
    if op is re_constants.SUBPATTERN:
        _, added_flags, _, items = argument
        if added_flags & re.IGNORECASE and not flags & re.IGNORECASE:
            return None  # a case-blind group inside a case-sensitive pattern
        return _sequence_start_characters(items, flags)
    if op in (re_constants.MAX_REPEAT, re_constants.MIN_REPEAT):
        least, _, items = argument
        starts = _sequence_start_characters(items, flags)
        if starts is None:
            return None
        return starts[0], starts[1] or least == 0
    return None


def _sequence_start_characters(items, flags: int) -> tuple[set[str], bool] | None:
    """(characters it can start with, whether it can match the empty string) of a run."""
    found: set[str] = set()
    for op, argument in items:
        starts = _item_start_characters(op, argument, flags)
        if starts is None:
            return None
        found |= starts[0]
        if not starts[1]:
            return found, False
    return found, True


def _checking_first_character(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a look-ahead for the characters its matches can start with.

    A rule's pattern is tried at each of the ~30 positions before its trigger, and most
    of them cannot start any of its alternatives; one class test turns them down before
    the engine walks the alternation. The look-ahead only admits what the pattern could
    match there, so the matches are the same. Under IGNORECASE the class ignores case too.
    """
    characters = _start_characters(pattern)
    if not characters:
        return pattern
    if pattern.flags & re.IGNORECASE:
        # (?-i:...) parts keep their case; the class, like the pattern, ignores it.
        characters = {character.lower() for character in characters}
    members = "".join(
        character if character.startswith("\\") else re.escape(character)
        for character in sorted(characters)
    )
    return re.compile("(?=[" + members + "])(?:" + pattern.pattern + ")", pattern.flags)


def _ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` compiled for ASCII text: on a text without other characters it matches
    exactly what ``pattern`` matches, and its word, space and digit classes test faster."""
    return re.compile(pattern.pattern, (pattern.flags & ~re.UNICODE) | re.ASCII)


# What each rule runs on a window of the text as written, and on the lower-cased text.
WINDOW_PATTERNS = tuple(_checking_first_character(pattern) for pattern, _, _ in RULES)
LOWERED_PATTERNS = tuple(
    None if build in CASE_SENSITIVE_BUILDERS
    else _checking_first_character(re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE))
    for pattern, build, _ in RULES
)


# Run over the lower-cased text with a space in front (it stands for the start of the text):
# a trigger word after the non-word character that bounds it, or "'80s". Starting the
# pattern with that one character class lets the engine skip through words to the next
# space or punctuation instead of trying a match at every position.
WORD_TRIGGER = re.compile(
    r"\W(?:(?P<word>" + _trie_pattern(t for t in RULES_BY_TRIGGER if not t.startswith("#"))
    + r")\b|(?<=')\d0s)"
)
# The digits that can start a date or a time: four digits, a clock, a numeric date.
DIGIT_TRIGGER = re.compile(r"\d(?<!\d\d)(?:\d{3}(?!\d)|\d?(?=:\d|\s?[ap]\.?\s?m\b|/))")
WORD_TRIGGER_ANY_CASE = re.compile(WORD_TRIGGER.pattern, re.IGNORECASE)
DIGIT_TRIGGER_ANY_CASE = re.compile(DIGIT_TRIGGER.pattern, re.IGNORECASE)
ASCII_WORD_TRIGGER = _ascii_twin(WORD_TRIGGER)
ASCII_DIGIT_TRIGGER = _ascii_twin(DIGIT_TRIGGER)
# What must follow a trigger for some rules to have a chance: "years" only starts "three
# years ago" when a direction word comes next, "year" only "year-end" with "end" after it.
GUARDS_BY_BUILDER: dict[Builder, str] = {
    build_ago: r"(?:s|es)?(?:\s+or\s+so)?\s+(?:ago|earlier|before|later|after|from now|hence"
               r"|back)\b",
    build_year_end: r"(?:[\s-]end|'s end)",
    build_year_earlier: r"-(?:earlier|ago)",
    # The trigger is the year of "2003-01-20", of "the 1989 period".
    build_iso_date: r"-[01]\d-[0-3]\d",
    build_year_period: r"\s+(?:period|quarter)\b",
    # The trigger is the month of "1/20/03" (a day and a year follow) or its day (a year).
    build_numeric_date: r"/\d(?:\d|/\d)",
    # The trigger is the month of "Jan. 20".
    build_month_day: r"\.?\s+\d",
}
RULE_GUARDS = {
    index: re.compile(GUARDS_BY_BUILDER[build], re.IGNORECASE)
    for index, (_, build, _) in enumerate(RULES)
    if build in GUARDS_BY_BUILDER
}


# What must come before (or near) a trigger for some rules to match around it, read off
# their patterns: each test is a necessary condition, so a rule it turns down would have
# found nothing there. The tests read the lower-cased text of an ASCII text, where lower
# case is exactly what the patterns' IGNORECASE does.
# The last word of every count a duration can have ("six", "a couple of", "several"), and
# what may stand between the count and the unit ("or so", "more", "business").
COUNT_LAST_WORDS = tuple(
    {phrase.split()[-1] for phrase in (*NUMBER_WORDS, *VAGUE_COUNTS)}
    | {"so", "more", "trading", "business", "working", "calendar", "fiscal", "½"}
)
# The word right before the unit of "last year", "the coming week", "fiscal year".
RELATIVE_UNIT_LAST_WORDS = (
    "last", "this", "next", "past", "previous", "coming", "current", "following", "same", "the",
    "fiscal",
)  # fmt: skip
DECIMAL_DIGIT = re.compile(r"\d")
# Holidays named in two or more words and what comes before each word ("good " before
# "friday"); a word that can begin a holiday's name needs nothing before it.
def _holiday_name_prefixes(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    prefixes: dict[str, tuple[str, ...]] = {}
    for name in names:
        words = name.split(" ")
        for index, word in enumerate(words):
            prefix = " ".join(words[:index]) + " " if index else ""
            prefixes[word] = (*prefixes.get(word, ()), prefix)
    return prefixes


HOLIDAY_NAME_PREFIXES = _holiday_name_prefixes(HOLIDAY_NAMES)


def _stripped_before(lowered: str, window_start: int, start: int, separators: str) -> str | None:
    """The window before the trigger without the spaces (and ``separators``) that end it;
    None when nothing separates it from the trigger."""
    before = lowered[window_start:start]
    stripped = before.rstrip()
    while separators and stripped.endswith(separators):
        stripped = stripped.rstrip(separators).rstrip()
    return stripped if len(stripped) < len(before) else None


def _count_before(
    lowered: str, word: str, window_start: int, start: int, window_end: int
) -> bool:
    """"six hours", "two or three business days": a count, then the unit (the trigger)."""
    stripped = _stripped_before(lowered, window_start, start, "-")
    return stripped is not None and (
        stripped[-1:].isdecimal() or stripped.endswith(COUNT_LAST_WORDS)
    )


def _relative_word_before(
    lowered: str, word: str, window_start: int, start: int, window_end: int
) -> bool:
    """"last year", "the weekend": a relative word or "the", then the unit (the trigger)."""
    stripped = _stripped_before(lowered, window_start, start, "")
    return stripped is not None and stripped.endswith(RELATIVE_UNIT_LAST_WORDS)


def _day_before(
    lowered: str, word: str, window_start: int, start: int, window_end: int
) -> bool:
    """"20 January", "the 20th of Jan.": a day of the month in digits before the month."""
    return DECIMAL_DIGIT.search(lowered, window_start, start) is not None


def _every_before_month(
    lowered: str, word: str, window_start: int, start: int, window_end: int
) -> bool:
    """A month is a SET only after "every" or "each"; the rule's other triggers need not."""
    if word not in MONTHS:
        return True
    before = lowered[window_start:start]
    return "every" in before or "each" in before


def _holiday_words_before(
    lowered: str, word: str, window_start: int, start: int, window_end: int
) -> bool:
    """"good friday", "new year's day": the words of the holiday's name before the trigger."""
    prefixes = HOLIDAY_NAME_PREFIXES.get(word, ("",))
    return "" in prefixes or lowered.endswith(prefixes, window_start, start)


YEAR_CENTURIES = ("15", "16", "17", "18", "19", "20")


def _year_or_year_end(
    lowered: str, word: str, window_start: int, start: int, window_end: int
) -> bool:
    """A year matches from 1500 to 2099; the end of "1990-2010" may be any four digits."""
    return lowered.startswith(YEAR_CENTURIES, start) or lowered[start - 1 : start] in "-–"


def _quarter_letter_near(
    lowered: str, word: str, window_start: int, start: int, window_end: int
) -> bool:
    """"Q3 2002", "2002-Q3": a Q next to the year."""
    return lowered.find("q", window_start, window_end) >= 0


PRECHECKS_BY_BUILDER: dict[Builder, Callable[[str, str, int, int, int], bool]] = {
    build_duration: _count_before,
    build_relative_unit: _relative_word_before,
    build_day_month: _day_before,
    build_set: _every_before_month,
    build_holiday: _holiday_words_before,
    build_year: _year_or_year_end,
    build_quarter_code: _quarter_letter_near,
}
RULE_PRECHECKS = {
    index: PRECHECKS_BY_BUILDER[build]
    for index, (_, build, _) in enumerate(RULES)
    if build in PRECHECKS_BY_BUILDER
}


class _RulePlan(NamedTuple):
    """How one rule runs around a trigger in one kind of text."""

    build: Builder
    guard: re.Pattern[str] | None  # must match right after the trigger
    precheck: Callable[[str, str, int, int, int], bool] | None
    pattern: re.Pattern[str]
    reads_lowered: bool  # the pattern reads the lower-cased text, not the text as written


def _rule_plans(*, ascii_only: bool, same_offsets: bool) -> tuple[_RulePlan, ...]:
    plans = []
    for index, (_, build, _) in enumerate(RULES):
        lowered_pattern = LOWERED_PATTERNS[index]
        reads_lowered = same_offsets and lowered_pattern is not None
        pattern = lowered_pattern if same_offsets and lowered_pattern else WINDOW_PATTERNS[index]
        plans.append(_RulePlan(
            build, RULE_GUARDS.get(index), RULE_PRECHECKS.get(index) if ascii_only else None,
            _ascii_twin(pattern) if ascii_only else pattern, reads_lowered,
        ))
    return tuple(plans)


# Indexed by rule: for ASCII texts (the faster patterns and the prechecks), for others
# whose lower case keeps the offsets, and for the rest (every pattern ignores case).
ASCII_RULE_PLANS = _rule_plans(ascii_only=True, same_offsets=True)
SAME_OFFSETS_RULE_PLANS = _rule_plans(ascii_only=False, same_offsets=True)
ANY_CASE_RULE_PLANS = _rule_plans(ascii_only=False, same_offsets=False)
MILITARY_ZONE_FOLLOWS = re.compile(r"\s+(?:gmt|utc)\b", re.IGNORECASE)
DIGIT_CLOCK_FOLLOWS = re.compile(r":\d|\s?[ap]\.?\s?m\b")
# How far before and after its trigger a match may reach (prefixes such as "at least the
# past", suffixes such as ", 2003" and the look-aheads behind them).
WINDOW_BEFORE = 32
WINDOW_AFTER = 40


# ---------------------------------------------------------------------------------------
# The tagger
# ---------------------------------------------------------------------------------------


def tag_timexes(text: str, dct: datetime.date | None = None) -> list[Timex]:
    """Find and normalise the temporal expressions of ``text``.

    Takes the text and its document creation time (``dct``; None when unknown). Returns
    Timex records sorted by start and never overlapping; relative expressions are resolved
    against ``dct`` or, without one, left underspecified with ``unresolved=True``. Never
    raises on any string (empty, no dates, impossible dates such as "February 30").
    """
    if not text:
        return []
    ctx = _Context(text, dct)
    chosen = [c for c in _settled(ctx, _rule_matches(ctx)) if c.type != IMPOSSIBLE]
    resolved = _resolve_reported_quarters(chosen, dct)
    resolved = _merge_clock_with_day(resolved, text)
    # Every candidate lies inside the text, so the spans need no bounds check (Span.of).
    return [
        Timex(Span(c.start, c.end, text[c.start : c.end]), c.type, c.value, c.mod, c.unresolved)
        for c in resolved
    ]


def _rule_matches(ctx: _Context) -> Iterator[tuple[int, re.Match[str], Builder]]:
    """(priority, match, builder) of every rule's matches, each rule run only in a short
    window around its triggers; a match that covers no trigger of its rule is left out."""
    text = ctx.text
    lowered = ctx.lowered
    # Lower-casing can change the length of a few characters ("İ"); offsets must not move.
    same_offsets = len(lowered) == len(text)
    if ctx.ascii:
        plans = ASCII_RULE_PLANS
    else:
        plans = SAME_OFFSETS_RULE_PLANS if same_offsets else ANY_CASE_RULE_PLANS
    seen: set[tuple[int, int, int]] = set()
    for start, end, word, rules in _triggers(text, lowered if same_offsets else None, ctx.ascii):
        window_start = max(0, start - WINDOW_BEFORE)
        window_end = min(len(text), end + WINDOW_AFTER)
        for priority in rules:
            build, guard, precheck, pattern, reads_lowered = plans[priority]
            if guard is not None and not guard.match(text, end):
                continue
            if precheck is not None and not precheck(
                lowered, word, window_start, start, window_end
            ):
                continue
            searched = lowered if reads_lowered else text
            for match in pattern.finditer(searched, window_start, window_end):
                if match.start() > start:
                    break
                key = (priority, match.start(), match.end())
                if match.end() >= end and key not in seen:
                    seen.add(key)
                    yield priority, match, build
                if match.end() > start:
                    break  # the next match starts where this one ends, after the trigger


def _triggers(
    text: str, lowered: str | None, ascii_only: bool
) -> list[tuple[int, int, str, tuple[int, ...]]]:
    """(start, end, word, rules to run) of every trigger in ``text``, in the text's order;
    the word is lower-cased ("'80s" and digits as written).

    ``lowered`` is the lower-cased text when it has the text's offsets, else None (then
    the patterns ignore case on the text as written); ``ascii_only`` says the text is ASCII.
    """
    if ascii_only and lowered is not None:
        words = ASCII_WORD_TRIGGER.finditer(" " + lowered)
        digits = ASCII_DIGIT_TRIGGER.finditer(lowered)
    elif lowered is not None:
        words, digits = WORD_TRIGGER.finditer(" " + lowered), DIGIT_TRIGGER.finditer(lowered)
    else:
        words = WORD_TRIGGER_ANY_CASE.finditer(" " + text)
        digits = DIGIT_TRIGGER_ANY_CASE.finditer(text)
    found = []
    for trigger in words:
        if trigger["word"] is None:  # "'80s"
            found.append((trigger.start() - 1, trigger.end() - 1, trigger.group(0),
                          RULES_BY_TRIGGER[DIGITS_DECADE]))
        else:
            word = trigger["word"].lower()
            start, end = trigger.start("word") - 1, trigger.end("word") - 1
            # Ignoring case, "ſ" matches "s": such a word takes the "'80s" rules, as it did.
            rules = RULES_BY_TRIGGER.get(word) or RULES_BY_TRIGGER[DIGITS_DECADE]
            if word in MONTHS and text[start:end] not in (word.capitalize(), word.upper()):
                rules = _without_month_name_rules(rules)
            found.append((start, end, word, rules))
    for trigger in digits:
        found.append((trigger.start(), trigger.end(), trigger.group(0),
                      _rules_for_digits(trigger, text)))
    # A word and a number never start at the same place, so the order is the text's.
    return sorted(found)


# The rules that read a month name as written: capitalised or in capitals ("May", "MAY"),
# and the trigger word itself. In other case ("may", "march") it names no month for them.
MONTH_NAME_RULES = frozenset(
    index for index, (_, build, _) in enumerate(RULES)
    if build in (build_month_day, build_day_month, build_month_alone)
)


@functools.lru_cache(maxsize=64)
def _without_month_name_rules(rules: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(rule for rule in rules if rule not in MONTH_NAME_RULES)


def _rules_for_digits(trigger: re.Match, text: str) -> tuple[int, ...]:
    following = text[trigger.end() : trigger.end() + 8]
    kinds: tuple[str, ...]
    if trigger.end() - trigger.start() == 4:
        kinds = (
            DIGITS_YEAR,
            DIGITS_CLOCK if MILITARY_ZONE_FOLLOWS.match(following) else "",
            DIGITS_DECADE if following[:1] == "s" or following[:2] == "'s" else "",
        )
    else:
        kinds = (
            DIGITS_CLOCK if DIGIT_CLOCK_FOLLOWS.match(following) else "",
            DIGITS_SLASH if following[:1] == "/" else "",
        )
    return _rules_of_kinds(kinds)


@functools.lru_cache(maxsize=64)
def _rules_of_kinds(kinds: tuple[str, ...]) -> tuple[int, ...]:
    """The rules of the digit triggers ``kinds`` ("" for none), in priority order."""
    return tuple(sorted(rule for kind in kinds if kind for rule in RULES_BY_TRIGGER[kind]))


def _trimmed(candidate: _Candidate, text: str) -> _Candidate:
    """Drop a trailing possessive or space the pattern had to look at."""
    if (
        candidate.start < candidate.end
        and text[candidate.start] not in " \t\n"
        and text[candidate.end - 1] not in " \t\n"
    ):
        return candidate  # the usual case, told by two characters
    end = candidate.end
    while end > candidate.start and text[end - 1] in " \t\n":
        end -= 1
    start = candidate.start
    while start < end and text[start] in " \t\n":
        start += 1
    if (start, end) == (candidate.start, candidate.end):
        return candidate
    return _Candidate(start, end, candidate.type, candidate.value, candidate.mod,
                      candidate.unresolved)


def _settled(
    ctx: _Context, matches: Iterator[tuple[int, re.Match[str], Builder]]
) -> list[_Candidate]:
    """The candidates that fit, in text order: the longest first (then by rule priority,
    position and the order found), each kept unless it overlaps one kept before.

    Matches are built in that order, when their turn comes, and a match that overlaps a
    kept candidate is not built at all in an ASCII text: its candidate, the match less the
    spaces at its ends, would overlap it too. (Only "a year ago" can shrink further; it is
    always built. Other texts build everything, so a builder that fails fails as before.)
    """
    # A match's size is an upper bound of its candidate's, so its key is a lower bound.
    pending = sorted(
        ((-(match.end() - match.start()), priority, match.start(), index), match, build)
        for index, (priority, match, build) in enumerate(matches)
    )
    may_skip = ctx.ascii
    # Built candidates whose span came out smaller than the match: they wait their turn.
    waiting: list[tuple[tuple[int, int, int, int], _Candidate]] = []
    kept = _Kept()
    next_pending = 0
    while next_pending < len(pending) or waiting:
        if waiting and (next_pending == len(pending) or waiting[0][0] < pending[next_pending][0]):
            candidate = heapq.heappop(waiting)[1]
        else:
            key, match, build = pending[next_pending]
            next_pending += 1
            checked = may_skip and build is not build_ago
            if checked and kept.overlaps(match.start(), match.end()):
                continue
            built = _built(build, match, ctx)
            if built is None:
                continue
            candidate = built
            if (candidate.start, candidate.end) != match.span():
                actual_key = (candidate.start - candidate.end, key[1], candidate.start, key[3])
                heapq.heappush(waiting, (actual_key, candidate))
                continue
            if checked:
                kept.add(candidate)  # its span, the match's, was just found free
                continue
        if not kept.overlaps(candidate.start, candidate.end):
            kept.add(candidate)
    return kept.candidates


def _built(build: Builder, match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """The rule's candidate for ``match`` less the spaces at its ends, or None."""
    try:
        candidate = build(match, ctx)
    except (OverflowError, ValueError):
        return None  # a DCT at the calendar's edge: no date, not a guess
    return None if candidate is None else _trimmed(candidate, ctx.text)


class _Kept:
    """Candidates that overlap no other, in text order."""

    def __init__(self) -> None:
        self.candidates: list[_Candidate] = []
        self.starts: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # The last candidate starting before ``end`` ends last of those: it alone can reach.
        before_end = bisect.bisect_left(self.starts, end)
        return before_end > 0 and self.candidates[before_end - 1].end > start

    def add(self, candidate: _Candidate) -> None:
        position = bisect.bisect_left(self.starts, candidate.start)
        self.starts.insert(position, candidate.start)
        self.candidates.insert(position, candidate)


def _resolve_reported_quarters(
    candidates: list[_Candidate], dct: datetime.date | None
) -> list[_Candidate]:
    """Fill "the quarter" and "a year earlier" from the quarter the story reports on.

    Earnings stories name a quarter ("the third quarter") and then refer back to it; without
    one the reported quarter is the last one completed before the DCT.
    """
    if dct is None:
        return candidates
    year, quarter = _quarter_of(dct)
    last_finished = year * 4 + quarter - 2  # quarters counted from year 0, Q1 = 0
    reported = last_finished
    last_quarter_end: int | None = None
    resolved = []
    for candidate in candidates:
        if "-Q" in candidate.value and QUARTER_VALUE.fullmatch(candidate.value):
            named = int(candidate.value[:4]) * 4 + int(candidate.value[-1]) - 1
            if named <= last_finished:
                reported = named  # a story reports on a finished quarter, not the current one
            last_quarter_end = candidate.end
        elif candidate.value in (QUARTER_REPORTED, QUARTER_YEAR_EARLIER):
            last_quarter_end = candidate.end
        if not candidate.value.startswith(PLACEHOLDER_INITIALS):
            resolved.append(candidate)  # an ordinary value: nothing to fill in
            continue
        near_quarter = last_quarter_end is not None and (
            candidate.start - last_quarter_end <= QUARTER_REACH
        )
        value = _reported_value(candidate.value, reported, near_quarter, dct)
        resolved.append(candidate if value is None else _with_value(candidate, value))
    return resolved


def _reported_value(
    placeholder: str, reported: int, near_quarter: bool, dct: datetime.date
) -> str | None:
    """The value of a placeholder given the reported quarter; None for ordinary values."""
    if placeholder == QUARTER_REPORTED:
        return _quarter(reported // 4, reported % 4 + 1)
    if placeholder == QUARTER_YEAR_EARLIER or (
        placeholder == YEAR_OR_QUARTER_EARLIER and near_quarter
    ):
        # "a year ago" in an earnings story compares with the same quarter last year.
        return _quarter((reported - 4) // 4, reported % 4 + 1)
    if placeholder == YEAR_OR_QUARTER_EARLIER:
        return f"{dct.year - 1:04d}"
    if placeholder.startswith(QUARTER_IN_YEAR):
        return _quarter(int(placeholder.removeprefix(QUARTER_IN_YEAR)), reported % 4 + 1)
    return None


def _merge_clock_with_day(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """"10 p.m. Sunday", "5 p.m. EST, Nov. 6": one TIME on the day that follows the clock."""
    merged: list[_Candidate] = []
    for candidate in candidates:
        previous = merged[-1] if merged else None
        # The cheap tests first: most candidates follow no clock time.
        if (
            previous is not None
            and previous.type == "TIME"
            and candidate.type == "DATE"
            and CLOCK_VALUE.match(previous.value)
            and (day := DAY_VALUE_PREFIX.match(candidate.value)) is not None
            and CLOCK_DAY_GAP.fullmatch(text[previous.end : candidate.start])
        ):
            merged[-1] = _Candidate(
                previous.start, candidate.end, "TIME", day.group(0) + previous.value[10:],
                previous.mod or candidate.mod, candidate.unresolved,
            )
            continue
        merged.append(candidate)
    return merged


def _with_value(candidate: _Candidate, value: str, unresolved: bool | None = None) -> _Candidate:
    return _Candidate(
        candidate.start, candidate.end, candidate.type, value, candidate.mod,
        candidate.unresolved if unresolved is None else unresolved,
    )
