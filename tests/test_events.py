"""Events: the seed article's timeline, statuses from markers, and bad input."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS
from timeline.articles import parse_document
from timeline.extract import events, extract_article
from timeline.extract.claims import find_quotations
from timeline.extract.events import sentences

SEED_TEXT = (SEEDS / "000_9f6ccffaac6e1ce8.txt").read_text(encoding="utf-8")
DCT = datetime.date(2003, 1, 20)


def events_of(text, dct=DCT):
    articles = parse_document(text, date=dct)
    return [event for article in articles for event in extract_article(article).events]


def find(events, words):
    return next(event for event in events if words in event.summary)


@pytest.fixture(scope="module")
def seed_events():
    return events_of(SEED_TEXT)


@pytest.mark.parametrize("words, edtf, status, actors", [
    ("talks on Monday", "2003-01-20", "occurred", {"Kim Jong-il", "Alexander Losyukov"}),
    ("impasse that began in October", "2002-10", "occurred", set()),
    ("ejected U.N. nuclear inspectors", "2002-10/2003-01-20", "occurred", {"North Korea"}),
    ("removed the seals", "2002-10/2003-01-20", "occurred", {"North Korea"}),
    ("pulled out of a global treaty", "2002-10/2003-01-20", "occurred", {"North Korea"}),
    ("due to return to Beijing", "2003-01-21", "scheduled", {"Alexander Losyukov"}),
    ("axis of evil", "2002", "reported", {"United States", "North Korea", "Iraq", "Iran"}),
    ("1950-53 Korean War", "1950/1953", "occurred", set()),
])
def test_seed_article_events(seed_events, words, edtf, status, actors):
    event = find(seed_events, words)
    assert event.date is not None and event.date.edtf == edtf
    assert event.status == status
    assert actors <= {actor.name for actor in event.actors}
    assert SEED_TEXT[event.evidence.start:event.evidence.end] == event.evidence.text


def test_later_is_an_interval_from_the_last_dated_event(seed_events):
    event = find(seed_events, "ejected U.N. nuclear inspectors")
    assert event.date_resolution == "discourse" and event.date_text == "later"
    assert event.date.start == datetime.date(2002, 10, 1) and event.date.end == DCT


def test_locations_come_from_the_clause_before_the_dateline(seed_events):
    assert find(seed_events, "due to return to Beijing").location == "Beijing"
    assert find(seed_events, "ejected U.N.").location == "Seoul"  # the dateline


def test_a_later_mention_of_the_talks_gives_their_place(seed_events):
    # "Losyukov emerged from the talks at a ... residence on the outskirts of Pyongyang"
    assert find(seed_events, "talks on Monday").location == "Pyongyang"


def test_seed_events_are_clauses_not_fragments(seed_events):
    first_words = {event.summary.split()[0] for event in seed_events}
    assert not first_words & {"who", "which", "that", "of", "on", "to"}
    assert all(len(event.summary.split()) >= 3 for event in seed_events)


@pytest.mark.parametrize("text, status", [
    ("MOSCOW (Reuters) - The company will open a plant in Kazan next year.", "scheduled"),
    ("MOSCOW (Reuters) - Gazprom plans to sell its stake in the bank.", "scheduled"),
    ("MOSCOW (Reuters) - Gazprom cut gas supplies to Ukraine on Monday.", "occurred"),
    ("MOSCOW (Reuters) - Gazprom is building a pipeline under the sea.", "ongoing"),
    ("MOSCOW (Reuters) - If talks fail, Gazprom would cut gas supplies to Ukraine.",
     "hypothetical"),
])
def test_status_from_tense_and_markers(text, status):
    assert [event.status for event in events_of(text)][:1] == [status]


@pytest.mark.parametrize("text", [
    "",
    "no dates, no names, nothing happening here",
    "\"We are ready,\" he said. \"It is over.\"",
    "Item | 2005 | 2006\nSales | 10 | 12\nProfit | 1 | 2",
    "1. 2. 3. 4.",
])
def test_bad_input_gives_no_invented_events(text):
    assert events_of(text, None) == []


@pytest.mark.parametrize("text", [
    "NEW YORK (Reuters) - Barclays declined to comment.",
    "NEW YORK (Reuters) - Shares rose 3 percent in early trading.",
    "NEW YORK (Reuters) - The company's plans to sell a stake were dropped.",
    "NEW YORK (Reuters) - Analysts polled by Reuters expect growth.",
    'NEW YORK (Reuters) - He said "We will build a plant in Kazan."',
])
def test_no_event_from_non_events_or_fragments(text):
    assert events_of(text) == []


@pytest.mark.parametrize("text, summary, actor", [
    ("NEW YORK (Reuters) - Xerox Corp. ( XRX.N ), one of the biggest printer makers, said "
     "on Monday it will expand its stock buyback plan.",
     "it will expand its stock buyback plan", "Xerox"),
    ("LONDON (Reuters) - Bear Stearns BSC.N beat Wall Street forecasts last week.",
     "Bear Stearns beat Wall Street forecasts last week", "Bear Stearns"),
    ("LONDON (Reuters) - BUYOUTS ON THE TABLE Ford offered buyouts to its workers.",
     "Ford offered buyouts to its workers", "Ford"),
])
def test_summaries_leave_out_stock_codes_and_subheadings(text, summary, actor):
    event = events_of(text, datetime.date(2008, 3, 3))[0]
    assert event.summary == summary
    assert event.actors[0].name == actor


@pytest.mark.parametrize("text, expected", [
    ("U.S. officials met. Talks ended.", ["U.S. officials met.", "Talks ended."]),
    ('He said: "It is over. We left." Then he went home.',
     ['He said: "It is over. We left."', "Then he went home."]),
    ("Mr. Smith left\n\nThe end came.", ["Mr. Smith left", "The end came."]),
])
def test_sentences_never_end_inside_quotes_or_after_abbreviations(text, expected):
    assert [text[s:e] for s, e in sentences(text, find_quotations(text))] == expected


# The patterns below were rewritten for speed (one leading character class the regex engine
# can skip to); these are the readable originals they must agree with on any text.
ORIGINAL_MARKET_CODE = re.compile(
    r"\(\s*[A-Z0-9]{1,8}\.[A-Z]{1,3}\s*\)|(?<!\S)(?:[A-Z0-9]{1,8}\.[A-Z]{1,3}|\.[A-Z][A-Z0-9]{1,7})"
    r"(?=[\s,;:)]|$)"
)
ORIGINAL_SENTENCE_END = re.compile(
    r"[.!?]+[\"”’')\]]*(?=\s+[\"“A-Z0-9(‘'])|\n\s*\n|\n(?=\s*\S)"
)
ORIGINAL_CLAUSE_BREAK = re.compile(
    r"\s*(?:[;:—]|--|,\s*(?:and|but|while|as|which|who|saying|adding|although|though|"
    r"after|before|when|because|whereas)\b|\s(?:but|while|because|whereas|although|"
    r"though|when|which|who|after|as|so that|even as|despite|said|says|told|if|unless|"
    r"whether|cited|quoted|according)\b|"
    r"(?<![A-Z])[.!?](?=\s|$)|,\s+\w+ing\b|\s\(|\n|"
    r",[\"”]?\s+(?:is|are|was|were|has|have|had)\b)"
)
ORIGINAL_SUBJECT_BREAK = re.compile(
    r"(?:[;:,(]|--|\b(?:and|but|or|that|when|while|after|before|because|as|since|if|"
    r"although|though|where|whether|than|said|says|told)\b)(?![\s\S]*(?:[;:,(]|--|\b(?:and|"
    r"but|or|that|when|while|after|before|because|as|since|if|although|though|where|"
    r"whether|than|said|says|told)\b))"
)
# Characters the patterns care about, so that generated text often nearly matches.
PATTERN_ALPHABET = st.sampled_from(list("AXZ09az .,;:!?()\"“”’‘'\n\t-—_é"))
PATTERN_TEXT = st.text(PATTERN_ALPHABET, max_size=60)


def spans_of(pattern, text):
    return [(match.start(), match.end()) for match in pattern.finditer(text)]


def span_of(match):
    return match.span() if match else None


@settings(max_examples=3000, deadline=None)
@given(PATTERN_TEXT)
def test_rewritten_patterns_match_what_the_originals_match(text):
    assert spans_of(events.MARKET_CODE, text) == spans_of(ORIGINAL_MARKET_CODE, text)
    assert spans_of(events.SENTENCE_END, text) == spans_of(ORIGINAL_SENTENCE_END, text)


@settings(max_examples=3000, deadline=None)
@given(st.text(st.sampled_from(list("AZ09az.,;:)( \n-—'&é")), max_size=40))
def test_prechecks_never_skip_a_text_the_pattern_matches(text):
    # A text is blanked of market codes only when the hint finds one, and read for a heading
    # only when its second character is not a lowercase letter.
    if events.MARKET_CODE.search(text):
        assert events.MARKET_CODE_HINT.search(text)
    if events.CAPS_HEADING.match(text):
        assert not text[1:2].islower()



ABBREVIATION_WORDS = st.sampled_from(["Mr", "Sept", "U.S", "A", "Z", "Corp", "said", "é", "x",
                                      " ", "(", "Ms", "Inc", "ſ"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(ABBREVIATION_WORDS, max_size=6).map("".join), st.integers(0, 8))
def test_no_abbreviation_ends_five_letters(words, floor):
    # sentences() skips the abbreviation search behind five letters: none can end there.
    text = words + ". X"
    stop = len(words)
    if stop >= 5 and text[stop - 5:stop].isalpha():
        assert events.ABBREVIATION_BEFORE.search(text, min(floor, stop), stop + 1) is None


NOUN_WORDS = st.sampled_from(["talks", "xtalks", "war", "War", "Korean", "on", "last", "in",
                              " ", "  ", "\n", ",", "-", "the", "Talks", "é", "Éa"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(NOUN_WORDS, max_size=8).map("".join))
def test_event_noun_prechecks_never_skip_a_match(text):
    noun = events.EVENT_NOUN_BEFORE.search(text)
    if noun and noun["noun"] in events.EVENT_NOUNS:
        assert events._may_end_on_event_noun(text)
    if events.NAMED_EVENT_AFTER.match(text):
        assert text[:1].isspace() and text.lstrip()[:1].isupper()


BREAK_WORDS = st.sampled_from([
    "and", "--", "-", ",", "(", "as", "ash", "said", "though", "although", " ", "  ", "the",
    "company", "he", "Hé", "ſhe", "x", "so that", "even as", "was", "saying", "going", ".",
    "If", "iF", "ıf", "whether", "SHOULD", "ſhould", "automaker", "AutoMaker", "They",
])
WORDS_TEXT = st.lists(st.one_of(BREAK_WORDS, PATTERN_TEXT), max_size=12).map("".join)


@settings(max_examples=3000, deadline=None)
@given(WORDS_TEXT)
def test_clause_and_subject_lookups_agree_with_the_original_patterns(text):
    assert spans_of(events.CLAUSE_BREAK, text) == spans_of(ORIGINAL_CLAUSE_BREAK, text)
    cut = ORIGINAL_SUBJECT_BREAK.search(text)
    assert events._after_last_subject_break(text) == (cut.end() if cut else 0)
    assert span_of(events._pronoun_subject(text)) == span_of(events.PRONOUN_SUBJECT.search(text))
    assert events._is_conditional(text) == bool(events.CONDITIONAL.search(text))


@settings(max_examples=2000, deadline=None)
@given(WORDS_TEXT, st.integers(0, 5), st.integers(0, 5))
def test_sentence_tokens_are_what_the_token_pattern_reads(text, cut_start, cut_end):
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    expected = [(m.start(), m.end(), m.group()) for m in events.TOKEN.finditer(text, start, end)]
    lowered = [text.lower()] if text.isascii() else []
    for tokens in [events._Tokens(text, None, start, end)] + \
            [events._Tokens(text, low, start, end) for low in lowered]:
        read = [(tokens.start(i), tokens.end(i), tokens.raw(i)) for i in range(len(tokens.words))]
        assert read == expected
        assert tokens.words == [token.lower() for _, _, token in expected]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10)), max_size=5),
       st.integers(0, 45))
def test_inside_quote_is_any_quotation_holding_the_offset(openings, offset):
    quotes = sorted((start, start + length) for start, length in openings)
    reader = events._ArticleReader("x" * 50, None, (), (), (), None, quotes)
    expected = any(start <= offset < end for start, end in quotes)
    assert reader._inside_quote(offset) == expected


OPENER_WORDS = st.sampled_from([
    "will", "was", "is", "has", "been", "plans", "to", "be", "the", "its", "expected", "Expected",
    "closed", "ended", "met", "held", "wrote", "state-owned", "rock'ed", "red", "said", "by",
    "talked", "TALKED", "building", "meet", "sold", "hit", "not", "é", "ﬁled", ",", "'ll",
])


@settings(max_examples=2000, deadline=None)
@given(st.lists(OPENER_WORDS, max_size=10).map(" ".join))
def test_opener_kinds_skip_only_words_no_predicate_opens_on(text):
    # _predicates asks each helper only about the words whose kind has its bit.
    lowered = text.lower() if text.isascii() else None
    tokens = events._Tokens(text, lowered, 0, len(text))
    openers, kinds = tokens.openers, tokens.kinds
    assert openers == [index for index, kind in enumerate(kinds) if kind]
    for index in range(len(tokens.words)):
        if events._marked_predicate(tokens.words, index) is not None:
            assert kinds[index] & events.MARKED_OPENER
        if events._past_predicate(tokens, index) is not None:
            assert kinds[index] & events.PAST_OPENER


@pytest.mark.parametrize("word, kind", [
    ("will", events.MARKED_OPENER),
    ("aimed", events.MARKED_OPENER | events.PAST_OPENER),
    ("planned", events.MARKED_OPENER),  # as a past-tense verb, a non-event
    ("ejected", events.PAST_OPENER),
    ("met", events.PAST_OPENER),
    ("expected", 0),  # an adjective far more often than an event
    ("state-owned", 0),
    ("company", 0),
])
def test_opener_kind(word, kind):
    assert events._opener_kind(word) == kind


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(BREAK_WORDS, OPENER_WORDS, PATTERN_TEXT), max_size=8).map(" ".join),
       st.sampled_from(["article", "coordinated", None]), st.booleans(), st.booleans())
def test_a_candidate_without_actors_or_a_date_from_the_text_never_reads_as_event(
        summary, resolution, nominal, has_subject):
    # _event refuses these before building a summary: no summary may change the verdict.
    dating = events._Dating(None, None, resolution)
    predicate = events._Predicate(0, 1, events.OCCURRED, nominal=nominal)
    subject_span = events.Span(0, 1, "x") if has_subject else None
    assert resolution not in events.TEXT_DATINGS
    assert not events._reads_as_event(summary, (), dating, predicate, subject_span)


HEADING_WORDS = st.sampled_from(["BUYOUTS", "ON", "THE", "TABLE", "WAS", "HELD", "A-1", "Ford",
                                 "Will", "met", "it's", " ", "  ", "\n", "-", ",", "é", "Éa"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(HEADING_WORDS, max_size=10).map(" ".join))
def test_a_heading_cut_keeps_the_words_after_it(text):
    # sentence_events answers "no opener" for the whole sentence before cutting a heading:
    # the words after the cut must be the sentence's last words, so none can be an opener.
    heading = events.CAPS_HEADING.match(text)
    if heading is None:
        return
    lowered = text.lower() if text.isascii() else None
    whole = events._Tokens(text, lowered, 0, len(text))
    rest = events._Tokens(text, lowered, heading.end(), len(text))
    assert whole.words[len(whole.words) - len(rest.words):] == rest.words
    assert set(rest.words[index] for index in rest.openers) <= set(
        whole.words[index] for index in whole.openers)


def test_quotations_given_or_found_give_the_same_events():
    seed = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    article = parse_document(seed)[0]
    extraction = extract_article(article)
    quotes = find_quotations(article.text)

    def read(**given):
        return list(events.extract_events(
            article.text, dct=article.date.value, timexes=extraction.timexes,
            mentions=extraction.mentions, claims=extraction.claims, **given,
        ))

    assert quotes and read()
    assert read(quotes=quotes) == read()
    # The given quotations are the ones read: a sentence inside one yields no event.
    whole_text = ((0, len(article.text)),)
    assert read(quotes=whole_text) != read()
