"""Dated events: clauses that report something happening, laid on the calendar.

Pure and rule based: an article's text, its date, its time expressions, entity mentions and
claims in; :class:`Event` records out, each with the span of text it was read from.

How a sentence becomes events:

1. Predicates are found: past-tense verbs ("ejected", "met"), future and planned forms
   ("will meet", "was due to return", "plans to sell"), conditionals ("would", "if"),
   progressives ("is searching"), and event nouns carrying a date ("talks on Monday",
   "the 1950-53 Korean War"). Speech and belief verbs are the claims extractor's business.
2. Each predicate gets a subject: the entity named right before it, the antecedent of
   "which"/"who", a pronoun or description resolved to the person or company meant, or --
   for coordinated verbs ("ejected ..., removed ... and pulled out of ...") -- the subject of
   the verb before. The clause runs to the next predicate or clause break.
3. The date: a time expression inside the clause; else the previous coordinated verb's;
   "later"/"then" make an interval from the last dated event to the article date; else the
   article date, flagged ``date_resolution="article"``.
4. Status from tense and markers; an event inside a claim's content is "reported" and
   linked to that claim. Location: a place after a locative preposition in the clause,
   else the dateline.
"""

from __future__ import annotations

import bisect
import datetime
import operator
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress, count, repeat
from typing import NamedTuple

from timeline.dates import DateInterval, interval_between, interval_from_timex
from timeline.errors import DateError
from timeline.extract import names
from timeline.extract.claims import (
    ABBREVIATION_BEFORE,
    ABBREVIATION_WINDOW,
    CLOSING_MARKS,
    SENTENCE_END,
    SPEECH_VERBS,
    STANCE_VERBS,
    Claim,
    find_quotations,
    inside_quotation,
)
from timeline.extract.entities import COUNTRY, ORGANIZATION, PERSON, PLACE, EntityMention
from timeline.extract.timex import Timex
from timeline.spans import Span

OCCURRED, SCHEDULED, REPORTED, ONGOING, HYPOTHETICAL = (
    "occurred", "scheduled", "reported", "ongoing", "hypothetical"
)
AGENT, TARGET, PARTICIPANT = "agent", "target", "participant"

# Irregular past tenses of verbs that report something happening.
IRREGULAR_PAST = frozenset(
    """
    met held left took made won lost fell rose sold bought struck began begun came went gave
    paid cut hit shot led fled sent spent built broke caught drew drove fought flew froze
    grew hung kept laid lent let put quit ran rode rang sank sat set shut slid sought split
    spread stole stood stuck swore swept swam threw tore took undertook upheld withdrew wound
    wrote beat bit bled bore brought chose dealt dug forgave forbade overtook overthrew
    overcame became sprang arose awoke shook sprang sunk won
    """.split()
)
# Words ending in -ed that are adjectives or non-events far more often than events.
NOT_EVENT_ED = frozenset(
    """
    based united limited related expected used armed advanced detailed concerned interested
    suspected alleged so-called supposed required needed proposed planned scheduled listed
    unnamed unidentified unexpected increased reduced renewed continued combined estimated
    adjusted diluted owned controlled backed led-led called named aged skilled talented
    biased red bed need speed seed feed breed shed hundred sacred naked wicked rugged
    ragged crooked wretched beloved learned dogged indeed embed succeed proceed exceed
    guaranteed agreed freed steed weed deed reed heed tired worried pleased surprised
    satisfied qualified complicated sophisticated dedicated experienced crowded isolated
    united mixed fixed disabled registered licensed integrated diversified troubled
    seasonally adjusted annualized weighted
    """.split()
)
NON_EVENT_VERBS = frozenset(SPEECH_VERBS) | frozenset(STANCE_VERBS) | frozenset(
    """
    seemed appeared remained looked sounded felt wanted needed liked loved hated hoped
    expected believed thought considered regarded seen viewed quoted cited asked
    compared totaled totalled amounted equaled equalled ended rated valued priced traded
    closed opened reckoned predicted forecast noted polled surveyed deemed meant tended
    declined
    """.split()
)
# Base forms after a modal or "plans to": listed loosely, any lowercase word may follow.
MODALS = {
    "will": SCHEDULED, "shall": SCHEDULED, "'ll": SCHEDULED,
    "would": HYPOTHETICAL, "could": HYPOTHETICAL, "might": HYPOTHETICAL, "may": HYPOTHETICAL,
}
# "is due to", "plans to", "agreed to" + a base verb: something planned or promised.
PLAN_VERBS = frozenset(
    """
    plan plans planned intend intends intended aim aims aimed hope hopes agreed agrees
    decided decides promised pledged vowed threatened
    """.split()
)
BE_FORMS = frozenset({"is", "are", "was", "were", "am"})
PLAN_ADJECTIVES = frozenset({"due", "scheduled", "set", "expected", "slated", "poised"})
# Words allowed between a marker and its verb ("will also meet", "plans not to sell").
MARKER_ADVERBS = frozenset(
    {"also", "not", "further", "soon", "now", "then", "likely", "still", "probably",
     "currently", "never", "yet", "again"}
)
NOUN_DETERMINERS = frozenset(
    {"the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "these", "those",
     "any", "no", "new", "previous", "earlier", "such", "'s", "’s"}
)
PASSIVE_AUXILIARIES = frozenset({"was", "were", "been", "being", "is", "are"})
PERFECT_AUXILIARIES = frozenset({"has", "have", "had"})
# "-ing" forms after "be" that are not an ongoing event.
NOT_PROGRESSIVE = frozenset(
    """
    according saying being going willing trying expecting hoping looking thinking wondering
    waiting watching worrying trading betting considering counting
    """.split()
)
# Irregular past forms that are passive participles as well ("was held", "were cut").
PASSIVE_IRREGULAR = frozenset({"held", "hit", "shot", "cut", "led", "sold", "set"})
# The words _marked_predicate reads as a marker: with any other word it finds nothing.
MARKERS = frozenset(MODALS) | PLAN_VERBS | BE_FORMS | {"has", "have"}
# What a lowercased word can open, as bits: a marked predicate, a past-tense one, both or
# neither. Read once per word (see _OpeningWords), so each helper is asked only about the
# words it can accept.
MARKED_OPENER, PAST_OPENER = 1, 2
# Characters that bar a past-tense verb: no lowercasing makes or removes them, so a word
# holding one comes from a token holding one, which _past_predicate refuses.
NOT_IN_PAST_VERBS = ("-", "'", "’")
# How many words' answers _OpeningWords keeps: a few days of news use fewer distinct words.
OPENING_WORDS_MEMO = 65536
# One token a time: words (with inner apostrophes and hyphens) and single punctuation marks.
TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")
# A TOKEN with the whitespace before it. A sentence's tokens come out of one findall as strings
# (no match object per token, the costliest part of reading a sentence) and their offsets out
# of the running sum of these lengths: only whitespace lies between two tokens.
SPACED_TOKEN = re.compile(r"\s*(?:[\w'’-]+|[^\w\s])")
# The same on ASCII text, where \w is [A-Za-z0-9_]: a plain class the engine tests faster.
SPACED_ASCII_TOKEN = re.compile(r"\s*(?:[A-Za-z0-9_'-]+|[^A-Za-z0-9_\s])")
# Words right before an -ed form that make it an adjective ("a mothballed reactor").
ADJECTIVE_CONTEXT = frozenset(
    """
    a an the its his her their our your my these those of heavily highly
    well newly so most more less very widely fully partly long recently jointly
    state- government- privately publicly
    """.split()
)
# Verbs that cannot head an event clause in base form after a modal.
NOT_BASE_VERBS = frozenset({"be", "have", "not", "also", "likely", "probably", "the", "a"})
BASE_SPEECH = frozenset(SPEECH_VERBS) | frozenset(STANCE_VERBS) | frozenset(
    {"like", "need", "want", "help", "seem", "appear", "remain", "continue", "try"}
)
# Nouns that name an event by themselves; reported as events when a date is attached.
EVENT_NOUNS = frozenset(
    """
    talks meeting meetings summit war visit election elections attack attacks strike strikes
    protest protests conference speech vote referendum invasion bombing bombings earthquake
    coup negotiations ceremony trial hearing auction merger acquisition offering ipo raid
    crash explosion blast massacre uprising revolution ceasefire truce treaty
    """.split()
)
EVENT_NOUN_ENDINGS = tuple(sorted(EVENT_NOUNS))
NAMED_EVENT_HEADS = frozenset(
    {"War", "Revolution", "Olympics", "Games", "Uprising", "Massacre", "Summit", "Crisis",
     "Cup", "Conference", "Election", "Elections", "Treaty", "Accords", "Agreement"}
)
# After a date, a capitalised name ending in one of NAMED_EVENT_HEADS ("1950-53 Korean War").
NAMED_EVENT_AFTER = re.compile(r"\s+(?:[A-Z][\w-]*\s+)*(?P<head>[A-Z][a-z]+)\b")
# Before a date, a lowercase word that may be one of EVENT_NOUNS ("talks on Monday"), and
# the determiner or "X Y of" that opens its phrase ("six hours of talks").
EVENT_NOUN_BEFORE = re.compile(r"\b(?P<noun>[a-z]+)\s+(?:on|in|at|last|this|late|early)?\s*$")
EVENT_NOUN_PHRASE = re.compile(r"(?:\b(?:the|a|an|\w+ \w+ of)\s+)?$")
DISCOURSE_AFTER = re.compile(r"\b(?:later|then|subsequently|afterwards|afterward|since then)\b")
# Each word DISCOURSE_AFTER needs contains one of these: text without them is not searched.
DISCOURSE_STEMS = ("later", "then", "subsequently", "afterward")
# The words that make a clause conditional. Lowercased ASCII text without one of them cannot
# match (outside ASCII the engine folds case in ways str.lower does not, so such text is
# always searched).
CONDITIONAL_WORDS = ("if", "unless", "should", "whether")
CONDITIONAL = re.compile(r"\b(?:" + "|".join(CONDITIONAL_WORDS) + r")\b", re.IGNORECASE)
# Words that open another clause after a comma or a space; finite verbs after a comma.
CLAUSE_WORDS_AFTER_COMMA = (
    "and|but|while|as|which|who|saying|adding|although|though|after|before|when|because|whereas"
)
CLAUSE_WORDS_AFTER_SPACE = (
    "but|while|because|whereas|although|though|when|which|who|after|as|so that|even as|despite|"
    "said|says|told|if|unless|whether|cited|quoted|according"
)
FINITE_AFTER_COMMA = "is|are|was|were|has|have|had"
# Breaks that end a clause: punctuation and the words that open another clause.
CLAUSE_BREAKS = (
    rf"[;:—]|--|,\s*(?:{CLAUSE_WORDS_AFTER_COMMA})\b|\s(?:{CLAUSE_WORDS_AFTER_SPACE})\b|"
    r"(?<![A-Z])[.!?](?=\s|$)|,\s+\w+ing\b|\s\(|\n|"
    # '..., which grouped X," is key': a comma before a finite verb closes a relative clause
    rf",[\"”]?\s+(?:{FINITE_AFTER_COMMA})\b"
)
# A break and the whitespace before it, read as r"\s*(?:" + CLAUSE_BREAKS + ")". Written to
# open on one character class, the characters a break can start on, for the engine to skip
# to in C; lookbehinds then test that character as CLAUSE_BREAKS would, in the same order:
# whitespace before a break, a break opening on whitespace, a break opening on a mark.
CLAUSE_BREAK = re.compile(
    r"[\s;:—,.!?-](?:"
    rf"(?<=\s)\s*(?:{CLAUSE_BREAKS})"
    rf"|(?<=\s)(?:(?:{CLAUSE_WORDS_AFTER_SPACE})\b|\(|(?<=\n))"
    rf"|(?<=[;:—])|(?<=-)-|(?<=,)\s*(?:{CLAUSE_WORDS_AFTER_COMMA})\b"
    r"|(?<=[.!?])(?<![A-Z].)(?=\s|$)"
    rf"|(?<=,)\s+\w+ing\b|(?<=,)[\"”]?\s+(?:{FINITE_AFTER_COMMA})\b)"
)
# Marks and words that end a subject's segment: a subject follows the last of them.
SUBJECT_BREAK_WORDS = (
    "and", "but", "or", "that", "when", "while", "after", "before", "because", "as", "since",
    "if", "although", "though", "where", "whether", "than", "said", "says", "told",
)
# The last break is found by searching the reversed text for the reversed break, so the search
# stops at the first break from the end instead of testing every break for a later one. A
# break is a mark, "--" or a whole word; only a run of dashes holds two that overlap.
REVERSED_SUBJECT_BREAK = re.compile(
    r"[;:,(]|--|\b(?:" + "|".join(word[::-1] for word in SUBJECT_BREAK_WORDS) + r")\b"
)
RELATIVE_WORDS = ("which", "who", "that")
RELATIVE_SUBJECT = re.compile(r",?\s*(?:" + "|".join(RELATIVE_WORDS) + r")\s+[\w\s'’-]{0,40}$")
# "an impasse that began": a noun phrase and a relative word, right before the verb.
ANTECEDENT_SUBJECT = re.compile(r"\b(?:the|a|an|its|their|his|her)\s+(?:[\w-]+\s+){0,3}?"
                                r"[\w-]+\s+(?:that|which|who)\s+$")
PRONOUN_SUBJECT = re.compile(
    r"\b(?P<word>he|she|it|they|(?:the|a|an) (?:[\w.-]+ ){0,3}?(?:company|firm|group|bank|envoy|"
    r"diplomat|minister|president|leader|official|ministry|government|country|"
    r"[a-z]+maker|retailer|carrier|insurer|lender|airline|automaker|producer|"
    r"manufacturer|operator|giant|chain|agency))\s*$",
    re.IGNORECASE,
)
# The words PRONOUN_SUBJECT can end on, no longer than PRONOUN_TAIL_CHARS: a segment whose
# last characters are none of them holds no pronoun subject and is not searched.
PRONOUN_TAIL_WORDS = (
    "he", "it", "they", "company", "firm", "group", "bank", "envoy", "diplomat", "minister",
    "president", "leader", "official", "ministry", "government", "country", "maker", "retailer",
    "carrier", "insurer", "lender", "airline", "automaker", "producer", "manufacturer",
    "operator", "giant", "chain", "agency",
)
PRONOUN_TAIL = re.compile("(?:" + "|".join(PRONOUN_TAIL_WORDS) + ")$", re.IGNORECASE)
PRONOUN_TAIL_CHARS = max(map(len, PRONOUN_TAIL_WORDS))
COORDINATION_GAP = re.compile(r"^[\s,]*(?:and|or|but|then|and then|before|after)?[\s,]*$")
MAX_CLAUSE_CHARS = 220
# "talks with Kim": a dated event noun's clause runs on to the person it was held with.
NOMINAL_EXTRA = re.compile(r"\s+(?:with|between|in|near|at)\s+")
# "... visited Russia twice and Putin": the next clause's subject after the last few words.
NEXT_SUBJECT_TAIL = re.compile(r"(?:,|\s(?:and|but|or))\s+(?:\S+\s*){0,4}$")
# A conjunction a clause cannot end on; it only matches a clause that ends on one of
# CONJUNCTION_ENDINGS ("$" also matches before a last line break), tested first as cheaper.
TRAILING_CONJUNCTIONS = ("and", "or", "but")
TRAILING_CONJUNCTION = re.compile(r"\s+(?:" + "|".join(TRAILING_CONJUNCTIONS) + r")$")
CONJUNCTION_ENDINGS = (*TRAILING_CONJUNCTIONS, *(word + "\n" for word in TRAILING_CONJUNCTIONS))
MIN_SUMMARY_WORDS = 3
# A subject further than this before its verb (or set off by a comma) is joined to the clause
# in the summary without the words between.
SUMMARY_GAP = 40
# Where a date read from the text comes from: a time expression or "later" after one.
TEXT_DATINGS = ("timex", "discourse")
VAGUE_TIMEX_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
# Stock and index codes ("( XRX.N )", "BSC.N", ".FTEU3") are blanked, length kept, before
# clauses are read: they break subjects off their verbs and are no part of a summary.
# Read as: r"\(\s*[A-Z0-9]{1,8}\.[A-Z]{1,3}\s*\)|(?<!\S)(?:[A-Z0-9]{1,8}\.[A-Z]{1,3}|
# \.[A-Z][A-Z0-9]{1,7})(?=[\s,;:)]|$)". Written to open on one character class, the first
# character of every code, with lookbehinds choosing the branch: the regex engine then skips
# in C every position that cannot start a code instead of trying each branch there.
MARKET_CODE = re.compile(
    r"[(.A-Z0-9](?:(?<=\()\s*[A-Z0-9]{1,8}\.[A-Z]{1,3}\s*\)"
    r"|(?<!\S.)(?:(?<=[A-Z0-9])[A-Z0-9]{0,7}\.[A-Z]{1,3}|(?<=\.)[A-Z][A-Z0-9]{1,7})"
    r"(?=[\s,;:)]|$))"
)
# Every code above has a full stop, a capital, up to seven more capitals or digits and then
# whitespace, one of ",;:)" or the end: a text without that has no code and is not rewritten.
MARKET_CODE_HINT = re.compile(r"\.[A-Z][A-Z0-9]{0,7}(?![^\s,;:)])")
# An all-capitals subheading run into the sentence after it ("BUYOUTS ON THE TABLE Ford ...").
CAPS_HEADING = re.compile(r"[\s\-–—]*(?:[A-Z0-9][A-Z0-9'&,-]*\s+){2,}(?=[A-Z][a-z])")
# Words a summary cannot end on: a clause cut there lost its object.
DANGLING_TAIL = frozenset(
    """
    a an the of to in on at for with by from and or but as its his her their our that this
    these those which who than also since about into over under after before while when
    some any more most such per own it he she they we
    """.split()
)
# Words a summary cannot open on: what follows is a fragment, not a clause with a subject.
FRAGMENT_OPENERS = frozenset(
    """
    on of to in at for with by from and or but as ahead about into which who whom whose that
    than while when after before since because although though if unless whether where
    than also then so such
    """.split()
)
ATTRIBUTION_CHARS = 60
# Characters before a closing quotation mark a clause may stop short by (',"').
QUOTE_TAIL = 3
SPEECH_BETWEEN = re.compile(r"\b(?:said|says|told|added|reported)\b")
TITLE_TOKEN = re.compile(r"[\w.'’-]+")
MAX_TITLE_WORDS = 6
DATELINE_DASHES = " \t\n-–—"
MIN_SENTENCE_CHARS = 3
LETTER = re.compile(r"[^\W\d_]")
DIGIT = re.compile(r"\d")
DIGIT_MARKS = str.maketrans({chr(code): "1" if chr(code).isdigit() else "0"
                             for code in range(128)})
# How far after a dated event noun its next mention ("the talks") is looked for, and how far
# after that mention a place.
FOLLOW_UP_WINDOW = 600
FOLLOW_UP_PLACE_WINDOW = 160
# "declined to comment", "could not be reached for comment": about the story, not an event.
NO_COMMENT = re.compile(r"\b(?:declin\w*|refus\w*|unavailable|available|reached)\s+(?:to|for)\s+"
                        r"(?:immediate\s+)?comment")
# The phrase opening a sentence, up to a comma or the verb after it ("The envoy was due").
SENTENCE_HEAD = re.compile(r"\s*(?P<phrase>[^,;:]{2,80}?)(?=,|\s+(?:said|says|was|were|is|"
                           r"are|has|have|had|will|would)\b)")
# How far before a predicate its subject may be.
SUBJECT_WINDOW = 160
SPAN_START = operator.attrgetter("span.start")



@dataclass(frozen=True)
class Actor:
    """An entity taking part in an event, by canonical name, with its role and kind."""

    name: str
    role: str
    kind: str


@dataclass(frozen=True)
class Event:
    """One event: what happened (extractive summary), when, who, where, and the evidence.

    ``date_resolution`` says where the date came from: "timex" (a time expression in the
    clause), "coordinated" (the verb before it), "discourse" ("later": between the last
    dated event and the article date), "article" (nothing in the text: the article date) or
    None (no date at all). ``claim`` is the index of the claim whose content states it.
    """

    summary: str
    date: DateInterval | None
    date_text: str | None
    date_resolution: str | None
    status: str
    actors: tuple[Actor, ...]
    location: str | None
    evidence: Span
    claim: int | None = None

    def as_dict(self) -> dict:
        """The CONTRACT's events entry, plus date_resolution and the claim index."""
        columns = self.date.as_columns() if self.date else {
            "date_start": None, "date_end": None, "date_precision": "unknown", "date_edtf": None
        }
        return {
            "summary": self.summary,
            **columns,
            "date_text": self.date_text,
            "date_resolution": self.date_resolution,
            "status": self.status,
            "actors": [{"name": a.name, "role": a.role} for a in self.actors],
            "location": self.location,
            "evidence": self.evidence.as_dict(),
            "claim": self.claim,
        }


# The two records below are built for every candidate: named tuples, built in C, where a
# frozen dataclass sets each field through object.__setattr__.
class _Predicate(NamedTuple):
    start: int
    end: int
    status: str
    passive: bool = False
    nominal: bool = False
    noun: str | None = None  # the event noun of a nominal predicate ("talks")


class _Dating(NamedTuple):
    date: DateInterval | None
    text: str | None
    resolution: str | None


UNDATED = _Dating(None, None, None)


def extract_events(
    text: str,
    *,
    dct: datetime.date | None,
    timexes: Sequence[Timex] = (),
    mentions: Sequence[EntityMention] = (),
    claims: Sequence[Claim] = (),
    skip: Sequence[Span] = (),
    dateline_place: str | None = None,
    quotes: Sequence[tuple[int, int]] | None = None,
) -> Iterator[Event]:
    """The events ``text`` reports, in text order.

    Takes the article text, its date (``dct``, None when unknown: events then get dates only
    from absolute time expressions), the tagged time expressions, entity mentions and claims
    of the same text, the regions to leave out (chrome), the dateline's place and the text's
    quotations (as :func:`~timeline.extract.claims.find_quotations` gives them; found here
    when not given). Yields
    events whose evidence spans index ``text``. Never raises on odd input: a list, a table
    or a text without verbs gives no events.
    """
    if quotes is None:
        quotes = find_quotations(text)
    reader = _ArticleReader(text, dct, timexes, mentions, claims, dateline_place, quotes)
    # Past the end of the last region to leave out, no sentence start is moved by one.
    skip_reach = max((region.end for region in skip), default=0)
    for start, end in sentences(text, quotes):
        for region in skip if start < skip_reach else ():
            if region.start <= start < region.end:
                start = region.end  # "NEW YORK (Reuters) - ...": the story starts after it
        while start < end and text[start] in DATELINE_DASHES:
            start += 1
        if start < end:
            yield from reader.sentence_events(start, end)


def sentences(text: str, quotes: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of each sentence of ``text``, never ending inside a quotation
    (``quotes`` as :func:`~timeline.extract.claims.find_quotations` gives them) nor after an
    abbreviation ("U.S.", "Mr."); surrounding whitespace left out."""
    quote_starts = [quote_start for quote_start, _ in quotes]
    start = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if quotes and text[end - 1] not in CLOSING_MARKS and \
                inside_quotation(quotes, quote_starts, end - 1):
            continue
        # An abbreviation ends on the full stop the match opens with: other ends are not read.
        # Each is a word of at most four letters after a word boundary (the pattern's \b reads
        # the text before where the search starts), so five letters before the stop are not one.
        stop = match.start()
        if text[stop] == "." and not (stop >= 5 and text[stop - 5:stop].isalpha()) and \
                ABBREVIATION_BEFORE.search(
                    text, max(start, stop - ABBREVIATION_WINDOW), stop + 1):
            continue
        trimmed = _trimmed(text, start, end)
        if trimmed is not None:
            yield trimmed
        start = end
    trimmed = _trimmed(text, start, len(text))
    if trimmed is not None:
        yield trimmed


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start..end`` without the whitespace at either end, or None if too short."""
    stretch = text[start:end]
    # Stripped in C, no Python step per whitespace character. The kept text opens on the
    # stretch's first character that is not whitespace: where that character first occurs.
    kept = stretch.strip()
    if len(kept) < MIN_SENTENCE_CHARS:
        return None
    start += stretch.index(kept[0])
    return start, start + len(kept)


class _Tokens:
    """A sentence's tokens as TOKEN reads them: lowercased, raw, where each one ends, and
    which words can open a predicate (``openers``, indices) as :func:`_opener_kind` reads
    every word (``kinds``).

    ``lowered`` is the lowercased text when the text is ASCII, else None. ASCII keeps every
    offset and character class when lowercased, so the words are read straight from it and a
    raw token is sliced from ``text`` only when asked for.
    """

    __slots__ = ("words", "kinds", "openers", "_raw", "_text", "_spaced", "_start", "_ends")

    def __init__(self, text: str, lowered: str | None, start: int, end: int) -> None:
        self._text = text
        if lowered is not None:
            spaced = SPACED_ASCII_TOKEN.findall(lowered, start, end)
            self.words = list(map(str.lstrip, spaced))
            self._raw = self.words  # lengths only: raw() slices the text
        else:
            spaced = SPACED_TOKEN.findall(text, start, end)
            self._raw = list(map(str.lstrip, spaced))
            self.words = list(map(str.lower, self._raw))
        # Offsets are summed on first need: a third of all sentences have no word that can
        # open a predicate, and no token of theirs is ever placed.
        self._spaced = spaced
        self._start = start
        self._ends: list[int] | None = None
        # Each word is looked up in C (map over the memo's __getitem__, compress keeping the
        # indices of the words whose kind is not 0), not tested in a Python loop.
        self.kinds = list(map(_OPENING_WORDS.__getitem__, self.words))
        self.openers = list(compress(count(), self.kinds))

    def _summed_ends(self) -> list[int]:
        self._ends = list(accumulate(map(len, self._spaced), initial=self._start))
        return self._ends

    def start(self, index: int) -> int:
        ends = self._ends if self._ends is not None else self._summed_ends()
        return ends[index + 1] - len(self._raw[index])

    def end(self, index: int) -> int:
        ends = self._ends if self._ends is not None else self._summed_ends()
        return ends[index + 1]

    def raw(self, index: int) -> str:
        """The token as written."""
        ends = self._ends if self._ends is not None else self._summed_ends()
        return self._text[ends[index + 1] - len(self._raw[index]):ends[index + 1]]


def _opener_kind(word: str) -> int:
    """What the lowercased ``word`` can open: MARKED_OPENER, PAST_OPENER, both bits or 0.

    A past-tense opener is an -ed form or an irregular past (a token ending in "ed" is a
    word ending in "ed"), none of the words _past_predicate refuses whatever the context.
    """
    kind = MARKED_OPENER if word in MARKERS else 0
    if (word.endswith("ed") or word in IRREGULAR_PAST) and word not in NOT_EVENT_ED and \
            word not in NON_EVENT_VERBS and not any(map(word.__contains__, NOT_IN_PAST_VERBS)):
        kind |= PAST_OPENER
    return kind


class _OpeningWords(dict):
    """What a lowercased word can open (:func:`_opener_kind`), memoised across articles.

    The answer depends on the word alone. Bounded: emptied when full, so a long ingest of
    ever new words (names, numbers) keeps its memory flat.
    """

    def __missing__(self, word: str) -> int:
        opens = _opener_kind(word)
        if len(self) >= OPENING_WORDS_MEMO:
            self.clear()
        self[word] = opens
        return opens


_OPENING_WORDS = _OpeningWords()


class _ArticleReader:
    """Reads sentences in order, keeping what discourse dating and pronouns need."""

    def __init__(self, text, dct, timexes, mentions, claims, dateline_place, quotes) -> None:
        self.original = text
        # Same length as the article, so every offset holds; clauses are read from this.
        self.text = MARKET_CODE.sub(lambda code: " " * len(code.group()), text) \
            if MARKET_CODE_HINT.search(text) else text
        self.lowered = self.text.lower() if self.text.isascii() else None
        # An ASCII article with each digit marked "1" and every other character "0": a
        # sentence's digits are then one count over its stretch (\d is 0-9 only in ASCII).
        self.digit_marks = self.text.translate(DIGIT_MARKS) if self.lowered is not None \
            else None
        self.bars = self.text.count("|") >= 2
        self.tabs = self.text.count("\t") >= 2
        self.dct = dct
        self.dct_interval = interval_from_timex(dct.isoformat()) if dct else None
        # What a clause without a date of its own gets: the article's date, or nothing.
        self.article_dating = _Dating(self.dct_interval, None, "article") \
            if self.dct_interval is not None else UNDATED
        self.timexes = [t for t in timexes if t.type in ("DATE", "TIME")]
        # Each sentence looks up its own dates by bisection over their sorted starts.
        self.timex_order = sorted(range(len(self.timexes)),
                                  key=[t.span.start for t in self.timexes].__getitem__)
        self.timex_starts = [self.timexes[index].span.start for index in self.timex_order]
        # Taggers give dates in text order: then a run of sorted starts is a run of the list.
        self.timexes_in_order = self.timex_order == list(range(len(self.timexes)))
        self.mentions = sorted(mentions, key=SPAN_START)
        # Lookups by offset are bisections over these sorted starts, not scans of the lists.
        self.mention_starts = [m.span.start for m in self.mentions]
        # Where each claim's content lies, read once: every accepted event asks.
        self.claim_contents = [(claim.content.start, claim.content.end) for claim in claims]
        self.quotes = quotes
        self.quote_ends = sorted(end for _, end in quotes)
        # An offset is inside a quotation when one opening at or before it reaches past it:
        # the furthest reach of the quotations opened so far answers that by one bisection.
        by_start = sorted(quotes)
        self.quote_starts = [quote_start for quote_start, _ in by_start]
        self.quote_reach = list(accumulate((quote_end for _, quote_end in by_start), max))
        self.dateline_place = dateline_place
        self.last_anchor: DateInterval | None = None
        self.nominal_spans: list[tuple[int, int]] = []
        self.focus: Actor | None = None  # the last organisation or country named as subject

    # -- sentences -------------------------------------------------------------------------

    def sentence_events(self, start: int, end: int) -> list[Event]:
        """The events of the sentence at ``start..end``, in text order."""
        tokens = _Tokens(self.text, self.lowered, start, end)
        timexes = self._timexes_starting_between(start, end)
        if not tokens.openers and not timexes:
            # A third of all sentences: no word opens a predicate, no date can carry an event
            # noun. Asked before the table and heading tests, which can only take words and
            # dates away (a heading is cut at whitespace, so the rest's words are the same).
            return []
        if self._is_table(start, end):
            return []
        # A heading's first word is in capitals: a sentence whose second character is a
        # lowercase letter ("The ...") cannot open on one.
        heading = None if self.text[start + 1:start + 2].islower() else \
            CAPS_HEADING.match(self.text, start, end)
        if heading and any(len(word) > 3 and word.isalpha() for word in heading.group().split()):
            start = heading.end()  # matched in the article: an offset into it
            tokens = _Tokens(self.text, self.lowered, start, end)
            timexes = self._timexes_starting_between(start, end)
            if not tokens.openers and not timexes:
                return []  # the heading held the words and dates there were
        predicates = self._predicates(tokens, timexes, start)
        previous: tuple[_Predicate, Actor | None, _Dating, int] | None = None
        found: list[Event] = []
        for index, predicate in enumerate(predicates):
            limit = predicates[index + 1].start if index + 1 < len(predicates) else end
            event, subject, dating, clause_end = self._event(predicate, start, limit, previous)
            previous = (predicate, subject, dating, clause_end)
            if event is not None:
                found.append(event)
        return found

    def _predicates(self, tokens: _Tokens, timexes: list[Timex], start: int) -> list[_Predicate]:
        """The predicates of the sentence opening at ``start``, read off its ``tokens`` and
        the ``timexes`` starting in it, in text order."""
        # One pass over the sentence's tokens finds every verbal predicate; markers
        # ("will", "plans to", "is ...ing") claim their verb so it is not read twice.
        openers, kinds = tokens.openers, tokens.kinds
        words = tokens.words
        found: dict[int, _Predicate] = {}
        claimed_until = -1
        for index in openers:
            if index <= claimed_until:
                continue
            kind = kinds[index]
            marked = _marked_predicate(words, index) if kind & MARKED_OPENER else None
            if marked is not None:
                verb_index, status = marked
                found[tokens.start(index)] = _Predicate(tokens.start(index),
                                                        tokens.end(verb_index), status)
                claimed_until = verb_index
                continue
            predicate = _past_predicate(tokens, index) if kind & PAST_OPENER else None
            if predicate is not None:
                found[predicate.start] = predicate
        nominal = list(self._nominal_predicates(start, timexes)) if timexes else []
        for predicate in nominal:
            # A dated event noun wins over a verb whose clause would only carry its date.
            found = {k: p for k, p in found.items()
                     if not predicate.start <= p.start < predicate.end}
            found[predicate.start] = predicate
        self.nominal_spans = [(p.start, p.end) for p in found.values() if p.nominal] \
            if nominal else []
        # Each predicate is keyed by its start: sorting the keys orders the predicates.
        ordered = [found[predicate_start] for predicate_start in sorted(found)]
        if not self.quotes:
            return ordered
        return [p for p in ordered if not self._inside_quote(p.start)]

    def _nominal_predicates(self, start: int, timexes: list[Timex]) -> Iterator[_Predicate]:
        """The dated event nouns of the sentence opening at ``start`` with these ``timexes``."""
        for timex in timexes:
            if timex.value in VAGUE_TIMEX_VALUES:
                continue
            after = self.text[timex.span.end:timex.span.end + 40]
            # A named event's name opens on a capital after whitespace: a date followed by a
            # mark or a lowercase word, as most are, is not matched.
            named = NAMED_EVENT_AFTER.match(after) \
                if after[:1].isspace() and after.lstrip()[:1].isupper() else None
            if named and named["head"] in NAMED_EVENT_HEADS:
                # "the 1950-53 Korean War": a named event carrying its own date.
                begin = timex.span.start
                if self.text[max(0, begin - 4):begin].lower() == "the ":
                    begin -= 4
                yield _Predicate(begin, timex.span.end + named.end(), OCCURRED, nominal=True)
                continue
            before = self.text[max(start, timex.span.start - 30):timex.span.start]
            noun = EVENT_NOUN_BEFORE.search(before) if _may_end_on_event_noun(before) else None
            if noun and noun["noun"] in EVENT_NOUNS:
                noun_start = max(start, timex.span.start - 30) + noun.start("noun")
                phrase = EVENT_NOUN_PHRASE.search(
                    self.text[max(start, noun_start - 20):noun_start])
                begin = max(start, noun_start - 20) + phrase.start() if phrase else noun_start
                yield _Predicate(begin, timex.span.end, OCCURRED, nominal=True,
                                 noun=noun["noun"])

    def _timexes_starting_between(self, start: int, end: int) -> list[Timex]:
        """The dates and times starting in ``start..end``, in the order they were given."""
        first = bisect.bisect_left(self.timex_starts, start)
        last = bisect.bisect_left(self.timex_starts, end, first)
        if first == last:
            return []
        if self.timexes_in_order:
            return self.timexes[first:last]
        return [self.timexes[index] for index in sorted(self.timex_order[first:last])]

    def _is_table(self, start: int, end: int) -> bool:
        """Whether the sentence at ``start..end`` is a table row or figures, not prose."""
        text = self.text
        # Bars and tabs are counted in a sentence only when the article has two of them.
        if (self.bars and text.count("|", start, end) >= 2) or \
                (self.tabs and text.count("\t", start, end) >= 2) or \
                not LETTER.search(text, start, end):
            return True
        digits = self.digit_marks.count("1", start, end) if self.digit_marks is not None \
            else len(DIGIT.findall(text, start, end))
        # Letters are counted only when digits make up a good share of the sentence.
        return digits * 3 > end - start and digits > len(LETTER.findall(text, start, end))

    # -- one event -------------------------------------------------------------------------

    def _event(self, predicate: _Predicate, sentence_start: int, limit: int, previous):
        clause_end = self._clause_end(predicate, limit)
        # A subject is never looked for inside a quotation that closed before the verb.
        sentence_start = max(sentence_start, self._quote_floor(predicate.start))
        if predicate.nominal:
            # "A Russian envoy said after six hours of talks ...": the sentence's subject
            # took part; the words before the noun are not a subject of their own.
            # A named event ("the Korean War") stands alone: no subject is read into it.
            subject_span, subject = None, None
            if predicate.noun:
                _, subject = self._sentence_subject(sentence_start, predicate.start)
        else:
            subject_span, subject = self._subject(predicate, sentence_start, previous)
        inherited = subject_span is None and previous is not None and previous[1] is not None \
            and \
            COORDINATION_GAP.match(self.text[previous_end(previous):predicate.start]) is not None
        if inherited and previous is not None:
            subject = previous[1]
        elif subject_span is None and not predicate.nominal:
            subject_span, subject = self._sentence_subject(sentence_start, predicate.start,
                                                           speaker_ok=False)
            if subject_span is None and not predicate.nominal:
                return None, None, UNDATED, clause_end
        # Dating and the focus carry over to later clauses, so they are read for every
        # candidate; what only an accepted event needs (claim, status, place, evidence) is
        # read after the candidate is accepted: about a third are not.
        dating = self._dating(predicate, sentence_start, clause_end, previous, inherited)
        evidence_start = subject_span.start if subject_span else predicate.start
        clause_mentions = self._mentions_between(predicate.start, clause_end)
        actors = self._actors(predicate, subject, clause_mentions)
        location = None
        follows_up = predicate.nominal and predicate.noun
        if follows_up:
            # The next mention of the event noun may name a participant, which decides
            # whether the candidate reads as an event: read before the verdict.
            actors, location = self._follow_up(predicate, clause_end, actors,
                                               self._location(clause_mentions))
        if subject is not None and subject.kind in (ORGANIZATION, COUNTRY) and \
                subject_span is not None and subject_span.text[:1].isupper():
            self.focus = subject
        if not actors and dating.resolution not in TEXT_DATINGS:
            # _reads_as_event refuses a candidate with no actor and no date from the text
            # whatever its summary says: a quarter of all candidates, built no summary.
            return None, subject, dating, clause_end
        summary = _summary(self.text, subject_span, subject, inherited, predicate, clause_end)
        if not _reads_as_event(summary, actors, dating, predicate, subject_span) or \
                self._crosses_quote(evidence_start, clause_end):
            return None, subject, dating, clause_end
        if not follows_up:
            location = self._location(clause_mentions)
        claim = None if predicate.nominal else self._claim_of(predicate.start)
        status = self._status(predicate, sentence_start, claim)
        evidence = Span.of(self.original, evidence_start, clause_end)
        event = Event(
            summary=summary, date=dating.date, date_text=dating.text,
            date_resolution=dating.resolution, status=status, actors=actors,
            location=location, evidence=evidence, claim=claim,
        )
        return event, subject, dating, clause_end

    def _sentence_subject(self, sentence_start: int, before: int, *, speaker_ok: bool = True):
        """The subject opening the sentence ("The Russian envoy, ..., was due to").

        With ``speaker_ok`` False a subject that then says something ("Bolton said China
        was opposed") is not the subject of what follows the speech verb.
        """
        head = SENTENCE_HEAD.match(self.text[sentence_start:before])
        if head is None:
            return None, None
        if not speaker_ok and SPEECH_BETWEEN.search(self.text, sentence_start + head.end(), before):
            return None, None
        phrase_start = sentence_start + head.start("phrase")
        phrase_end = sentence_start + head.end("phrase")
        mentions = [m for m in self._mentions_between(phrase_start, phrase_end) if not m.as_place
                    and m.description != "affiliation"]
        if mentions:
            return Span.of(self.text, phrase_start, phrase_end), _actor_of(mentions[-1], AGENT)
        pronoun = PRONOUN_SUBJECT.search(head["phrase"])
        if pronoun and pronoun.end() == len(head["phrase"].rstrip()):
            return (Span.of(self.text, phrase_start, phrase_end),
                    self._resolve_pronoun(pronoun["word"], phrase_start))
        return None, None

    def _clause_end(self, predicate: _Predicate, limit: int) -> int:
        if predicate.nominal:
            extra = NOMINAL_EXTRA.match(self.text[predicate.end:limit])
            if extra is None:
                return predicate.end
            named = self._mentions_between(predicate.end, min(limit, predicate.end + 90))
            people = [m for m in named if m.kind != PLACE and m.description != "affiliation"]
            return people[0].span.end if people else predicate.end
        rest = self.text[predicate.end:min(limit, predicate.end + MAX_CLAUSE_CHARS)]
        cut = CLAUSE_BREAK.search(rest)
        end = predicate.end + (cut.start() if cut else len(rest))
        if cut and SPEECH_BETWEEN.search(cut.group()):
            # "... within seven years, a senior executive said": the speaker is not ours.
            comma = self.text.rfind(",", predicate.end, end)
            if comma != -1 and end - comma < ATTRIBUTION_CHARS:
                end = comma
        if not cut and end == limit:
            # Cut where the next predicate starts: "rebounded from a sluggish" lost its noun.
            last_words = self.text[predicate.end:end].split()[-2:]
            for determiner in ("a", "an", "the", "its", "their", "his", "her"):
                if determiner in last_words[:-1] or last_words[-1:] == [determiner]:
                    end = self.text.rfind(f" {determiner} ", predicate.end, end + 1)
                    end = end if end != -1 else limit
                    break
            # "... visited Russia twice and Putin": the next clause's subject is not ours.
            tail = NEXT_SUBJECT_TAIL.search(self.text[predicate.end:end])
            if tail:
                end = predicate.end + tail.start()
        while end > predicate.end and self.text[end - 1] in " ,\"”'":
            end -= 1
        clause = self.text[predicate.end:end]
        if clause.endswith(CONJUNCTION_ENDINGS):
            end = predicate.end + len(TRAILING_CONJUNCTION.sub("", clause))
        return _without_dangling_tail(self.text, predicate.end, end)

    def _subject(self, predicate: _Predicate, sentence_start: int, previous):
        window_start = max(sentence_start, predicate.start - SUBJECT_WINDOW)
        if previous is not None:
            window_start = max(window_start, previous_end(previous))
        left = self.text[window_start:predicate.start]
        # Both patterns need a relative word, which most windows lack: test for it first.
        relative_word = any(map(left.__contains__, RELATIVE_WORDS))
        relative = RELATIVE_SUBJECT.search(left) if relative_word else None
        if relative:
            # "the United States, which a year ago grouped ...": the antecedent acts.
            mention = self._mention_ending_before(window_start + relative.start(), sentence_start)
            if mention:
                return mention.span, _actor_of(mention, AGENT)
        antecedent = ANTECEDENT_SUBJECT.search(left) if relative_word else None
        if antecedent:
            # "an impasse that began ...": the noun phrase is what the clause is about.
            return Span.of(self.text, window_start + antecedent.start(), predicate.start), None
        segment_start = window_start + _after_last_subject_break(left)
        segment = self.text[segment_start:predicate.start]
        if not segment.strip():
            return None, None
        mentions = [m for m in self._mentions_between(segment_start, predicate.start)
                    if not m.as_place and m.kind != PLACE]
        if mentions:
            head = mentions[0] if mentions[0].kind != COUNTRY or len(mentions) == 1 \
                else mentions[-1]
            return Span.of(self.text, _phrase_start(self.text, head.span.start, segment_start),
                           head.span.end), _actor_of(head, AGENT)
        pronoun = _pronoun_subject(segment)
        if pronoun:
            resolved = self._resolve_pronoun(pronoun["word"], segment_start)
            span = Span.of(self.text, segment_start + pronoun.start("word"),
                           segment_start + pronoun.end("word"))
            return span, resolved
        phrase = self.text[segment_start:predicate.start].strip()
        if phrase and len(phrase.split()) <= 8:
            offset = segment_start + self.text[segment_start:predicate.start].find(phrase)
            return Span.of(self.text, offset, offset + len(phrase)), None
        return None, None

    def _resolve_pronoun(self, word: str, before: int) -> Actor | None:
        lowered = word.lower()
        if lowered in ("they",):
            return None
        wanted = (PERSON,) if lowered in ("he", "she") or _is_person_role(lowered) else (
            ORGANIZATION, COUNTRY)
        if wanted != (PERSON,) and self.focus is not None:
            # "it", "the company": the organisation the story has been about, the last one
            # that acted, rather than whatever name came last (a bank it hired, an outlet).
            return self.focus
        for mention in reversed(self.mentions[:bisect.bisect_left(self.mention_starts, before)]):
            if mention.kind == ORGANIZATION and names.canonical_outlet(mention.name):
                continue
            if mention.kind in wanted and not mention.as_place:
                if mention.kind == PERSON and lowered.startswith(("the ", "a ", "an ")) and not \
                        names.roles_compatible(lowered, mention.description):
                    continue
                return _actor_of(mention, AGENT)
        if _is_person_role(lowered):
            # A lead names the envoy before the story gives his name: look ahead a little.
            for mention in self.mentions:
                if before < mention.span.start < before + 600 and mention.kind == PERSON and \
                        names.roles_compatible(lowered, mention.description):
                    return _actor_of(mention, AGENT)
        return None

    def _actors(self, predicate: _Predicate, subject: Actor | None,
                clause_mentions: list[EntityMention]) -> tuple[Actor, ...]:
        actors: list[Actor] = []
        if subject is not None:
            role = TARGET if predicate.passive else (PARTICIPANT if predicate.nominal else AGENT)
            actors.append(Actor(subject.name, role, subject.kind))
        role = PARTICIPANT if predicate.nominal else TARGET
        for mention in clause_mentions:
            if mention.as_place or mention.kind == PLACE or mention.description == "affiliation":
                continue
            actor = _actor_of(mention, role)
            if all(a.name != actor.name for a in actors):
                actors.append(actor)
        return tuple(actors)

    def _location(self, clause_mentions: list[EntityMention]) -> str | None:
        for mention in clause_mentions:
            if mention.as_place:
                return mention.name
        return self.dateline_place

    # -- status and date -------------------------------------------------------------------

    def _status(self, predicate: _Predicate, sentence_start: int, claim: int | None) -> str:
        if predicate.status != SCHEDULED and \
                _is_conditional(self.text[sentence_start:predicate.start]):
            return HYPOTHETICAL
        if predicate.status == OCCURRED and claim is not None and not predicate.nominal:
            return REPORTED
        return predicate.status

    def _dating(self, predicate, sentence_start, clause_end, previous, inherited) -> _Dating:
        timex = self._timex_for(predicate, sentence_start, clause_end)
        if timex is not None:
            interval = interval_from_timex(timex.value, mod=None if predicate.nominal
                                            else timex.mod, dct=self.dct)
            if interval is not None:
                self.last_anchor = interval
                return _Dating(interval, timex.span.text, "timex")
        if inherited and previous is not None and previous[2].date is not None:
            return previous[2]  # frozen: the coordinated verb's dating itself
        # "later" needs a dated event before it and an article date: asked first, as cheaper.
        discourse = self._discourse_dating(predicate, sentence_start) \
            if self.last_anchor and self.dct_interval else None
        if discourse is not None:
            return discourse
        return self.article_dating

    def _discourse_dating(self, predicate: _Predicate, sentence_start: int) -> _Dating | None:
        """"later"/"then" before the verb: from the last dated event to the article date."""
        before = self.text[max(sentence_start, predicate.start - 40):predicate.end]
        word = DISCOURSE_AFTER.search(before) \
            if any(map(before.__contains__, DISCOURSE_STEMS)) else None
        if word is None or not (self.last_anchor and self.dct_interval):
            return None
        try:
            interval = interval_between(self.last_anchor, self.dct_interval)
        except DateError:
            return None
        if interval is None:
            return None
        return _Dating(interval, word.group(), "discourse")

    def _timex_for(self, predicate: _Predicate, sentence_start: int, clause_end: int):
        # A date ending by clause_end starts by it: only those are looked at.
        timexes = self._timexes_starting_between(sentence_start, clause_end + 1)
        if not timexes:
            return None
        candidates = [
            t for t in timexes
            if t.span.end <= clause_end
            and t.value not in VAGUE_TIMEX_VALUES and not t.unresolved
            and (predicate.nominal or not any(s <= t.span.start < e for s, e in self.nominal_spans))
        ]
        inside = [t for t in candidates if t.span.start >= predicate.start]
        before = [t for t in candidates if t.span.start < predicate.start
                  and predicate.start - t.span.end < 40]
        chosen = inside[:1] or before[-1:]
        return chosen[0] if chosen else None

    # -- lookups ---------------------------------------------------------------------------

    def _crosses_quote(self, start: int, end: int) -> bool:
        """Whether ``start..end`` runs into or out of a quotation (its marks and the comma
        before a closing mark aside)."""
        for quote_start, quote_end in self.quotes:
            if quote_start >= end:
                break
            if quote_start < start < quote_end - 1 and end > quote_end:
                return True
            if start <= quote_start and quote_start + 1 < end < quote_end - QUOTE_TAIL:
                return True
        return False

    def _quote_floor(self, offset: int) -> int:
        index = bisect.bisect_right(self.quote_ends, offset)
        return self.quote_ends[index - 1] if index else 0

    def _follow_up(self, predicate: _Predicate, clause_end: int, actors, location):
        """Who took part in a dated event noun and where, from the next mention of it.

        "six hours of talks on Monday with Kim" then "Losyukov emerged from the talks at a
        residence on the outskirts of Pyongyang": the later sentence names a participant and
        the place the first one left out.
        """
        window = self.text[clause_end:clause_end + FOLLOW_UP_WINDOW]
        again = re.search(rf"\bthe {predicate.noun}\b", window)
        if again is None:
            return actors, location
        at = clause_end + again.start()
        sentence_start = max(self.text.rfind(". ", clause_end, at) + 1, clause_end)
        taking_part = [m for m in self._mentions_between(sentence_start, at)
                       if m.kind == PERSON and not m.as_place]
        if taking_part and all(a.name != taking_part[-1].name for a in actors):
            actors = (*actors, _actor_of(taking_part[-1], PARTICIPANT))
        if location is None or location == self.dateline_place:
            after = at + len(again.group())
            sentence_end = self.text.find(". ", after, after + FOLLOW_UP_PLACE_WINDOW)
            end = sentence_end if sentence_end != -1 else after + FOLLOW_UP_PLACE_WINDOW
            places = [m for m in self._mentions_between(after, end) if m.as_place]
            if places:
                location = places[0].name
        return actors, location

    def _mentions_between(self, start: int, end: int) -> list[EntityMention]:
        first = bisect.bisect_left(self.mention_starts, start)
        last = bisect.bisect_left(self.mention_starts, end, first)
        return [m for m in self.mentions[first:last] if m.span.end <= end]

    def _mention_ending_before(self, offset: int, floor: int) -> EntityMention | None:
        found = [m for m in self._mentions_between(floor, offset) if offset - m.span.end <= 3]
        return found[-1] if found else None

    def _inside_quote(self, offset: int) -> bool:
        opened = bisect.bisect_right(self.quote_starts, offset)
        return opened > 0 and self.quote_reach[opened - 1] > offset

    def _claim_of(self, offset: int) -> int | None:
        for index, (content_start, content_end) in enumerate(self.claim_contents):
            if content_start <= offset < content_end:
                return index
        return None


def _after_last_subject_break(left: str) -> int:
    """Where the words after the last subject break of ``left`` start (0 without a break)."""
    last = REVERSED_SUBJECT_BREAK.search(left[::-1])
    if last is None:
        return 0
    start, end = len(left) - last.end(), len(left) - last.start()
    if left[start:end] == "--" and start and left[start - 1] == "-":
        return end - 1  # "---": the break is the first two dashes that reach the last one
    return end


def _pronoun_subject(segment: str) -> re.Match[str] | None:
    """PRONOUN_SUBJECT in ``segment``, searched only when the segment ends on a word it needs."""
    tail = segment.rstrip()[-PRONOUN_TAIL_CHARS:]
    # In ASCII, the engine's case folding is str.lower's: a suffix test is the same test.
    ends_on_word = tail.lower().endswith(PRONOUN_TAIL_WORDS) if tail.isascii() else \
        PRONOUN_TAIL.search(tail) is not None
    return PRONOUN_SUBJECT.search(segment) if ends_on_word else None


def _may_end_on_event_noun(before: str) -> bool:
    """Whether EVENT_NOUN_BEFORE can find one of EVENT_NOUNS in ``before``.

    Its noun is followed by whitespace and at most one more word ("on"), so it ends the last
    or the second-last whitespace-separated chunk: a test in C, where the pattern would be
    tried at every position.
    """
    return any(map(str.endswith, before.split()[-2:], repeat(EVENT_NOUN_ENDINGS)))


def _is_conditional(text: str) -> bool:
    """Whether ``text`` holds a word that makes what follows it hypothetical ("if")."""
    if text.isascii():
        lowered = text.lower()
        if not any(map(lowered.__contains__, CONDITIONAL_WORDS)):
            return False
    return CONDITIONAL.search(text) is not None


def _skip_adverbs(words: list[str], index: int) -> int:
    while index < len(words) and words[index] in MARKER_ADVERBS:
        index += 1
    return index


def _base_verb_at(words: list[str], index: int) -> int | None:
    """The index of a base verb that can head an event clause at ``index``, else None."""
    if index >= len(words):
        return None
    verb = words[index]
    if not verb.isalpha() or verb in NOT_BASE_VERBS or verb in BASE_SPEECH:
        return None
    return index


def _marked_predicate(words: list[str], index: int) -> tuple[int, str] | None:
    """A predicate opened by a marker at ``index``: (index of its verb, status), else None.

    "will meet" / "would cut" (modal + base verb, or + "be" + participle), "plans to sell",
    "is due to return", "is to visit", "is building".
    """
    word = words[index]
    if word in MODALS:
        at = _skip_adverbs(words, index + 1)
        if at < len(words) and words[at] == "be":
            # "will be held" is an event, "will be fairly benign" is not.
            at += 1
            if at >= len(words) or not _is_participle(words[at]):
                return None
            return at, MODALS[word]
        verb = _base_verb_at(words, at)
        return (verb, MODALS[word]) if verb is not None else None
    at = index + 1
    if word in BE_FORMS and at < len(words) and words[at] in PLAN_ADJECTIVES:
        at += 1
    if word in PLAN_VERBS and index and (words[index - 1] in NOUN_DETERMINERS
                                         or words[index - 1].endswith(("-", "ing"))):
        return None  # "its plans to", "long-standing plans to": a noun, not a verb
    if (word in PLAN_VERBS or word in BE_FORMS) and at < len(words) and words[at] == "to":
        verb = _base_verb_at(words, _skip_adverbs(words, at + 1))
        return (verb, SCHEDULED) if verb is not None else None
    if word in BE_FORMS or (word in ("has", "have") and index + 1 < len(words)
                            and words[index + 1] == "been"):
        at = _skip_adverbs(words, index + (2 if word in ("has", "have") else 1))
        if at < len(words) and words[at].endswith("ing") and len(words[at]) > 4 \
                and words[at] not in NOT_PROGRESSIVE:
            return at, ONGOING
    return None


def _is_participle(word: str) -> bool:
    return (word.endswith("ed") and word not in NOT_EVENT_ED) or word in IRREGULAR_PAST


def _past_predicate(tokens: _Tokens, index: int) -> _Predicate | None:
    """A past-tense verb (or passive/perfect participle) at ``index``, else None."""
    words = tokens.words
    verb = words[index]
    if verb in NOT_EVENT_ED or verb in NON_EVENT_VERBS or index == 0:
        return None  # index 0: a sentence opening on a participle ("Founded in 1990, ...")
    token = tokens.raw(index)
    if not (token.endswith("ed") or verb in IRREGULAR_PAST) or not token.islower() \
            or "-" in token or "'" in token or "’" in token:
        return None
    previous_word = words[index - 1]
    before_adverb = index - 1
    while before_adverb > 0 and words[before_adverb].endswith("ly"):
        before_adverb -= 1
    if before_adverb < index - 1 and words[before_adverb] in ADJECTIVE_CONTEXT:
        return None  # "a locally incorporated bank": an adjective
    if previous_word in ADJECTIVE_CONTEXT or previous_word.endswith(("-", "'s", "’s")):
        return None
    passive = previous_word in PASSIVE_AUXILIARIES
    perfect = previous_word in PERFECT_AUXILIARIES
    if not (passive or perfect) and index + 1 < len(words) and words[index + 1] == "by":
        return None  # "a group led by Penn", "economists polled by Reuters": a participle
    if (passive or perfect) and verb in IRREGULAR_PAST and not verb.endswith("n"):
        passive = passive and verb in PASSIVE_IRREGULAR
    start_at = tokens.start(index - 1) if passive or perfect else tokens.start(index)
    return _Predicate(start_at, tokens.end(index), OCCURRED, passive=passive)


def previous_end(previous) -> int:
    return previous[3]


def _actor_of(mention: EntityMention, role: str) -> Actor:
    return Actor(mention.name, role, mention.kind)


def _is_person_role(phrase: str) -> bool:
    words = phrase.lower().split()
    return bool(words) and words[-1] in names.PERSON_NOUNS and words[-1] not in (
        "company", "group")


def _phrase_start(text: str, start: int, floor: int) -> int:
    """Move left over the title words in front of a name ("U.S. Secretary of State ")."""
    words = list(TITLE_TOKEN.finditer(text, floor, start))
    begin = start
    for word in reversed(words[-MAX_TITLE_WORDS:]):
        if text[word.end():begin].strip():
            break  # a punctuation mark between: not one phrase
        token = word.group()
        if not (token[0].isupper() or token.lower() in names.TITLE_WORDS
                or token in ("of", "the", "a", "an")):
            break
        begin = word.start()
    return begin


def _reads_as_event(summary: str, actors, dating: _Dating, predicate: _Predicate,
                    subject_span: Span | None) -> bool:
    """Whether a candidate is an event a reader would accept, not a fragment.

    It needs enough words, must not open on a preposition or relative word, and must name
    who acted -- or, lacking an actor, carry a date of its own from the text and a subject.
    """
    words = summary.split()
    if len(words) < MIN_SUMMARY_WORDS or words[0] in FRAGMENT_OPENERS:
        return False
    if "comment" in summary and NO_COMMENT.search(summary):
        return False
    if actors:
        return True
    if predicate.nominal and words[0].lower() not in ("the", "a", "an") and " of " not in summary:
        return False  # "strike October 5": a bare noun and a date, no phrase around them
    return dating.resolution in TEXT_DATINGS and (
        predicate.nominal or subject_span is not None)


def _summary(text, subject_span, subject, inherited, predicate, clause_end) -> str:
    clause = text[predicate.start:clause_end]
    if subject_span is not None:
        gap = text[subject_span.end:predicate.start]
        if len(gap) > SUMMARY_GAP or "," in gap:
            # "Xerox Corp., one of the biggest printer makers, said ... and will expand":
            # the subject and its own clause, without what came between.
            return _squash(f"{text[subject_span.start:subject_span.end]} {clause}")
        return _squash(text[subject_span.start:clause_end])
    if inherited and subject is not None:
        return _squash(f"{subject.name} {clause}")
    return _squash(clause)


def _without_dangling_tail(text: str, floor: int, end: int) -> int:
    """``end`` moved left over words a clause cannot end on ("... profits in the")."""
    while end > floor:
        cut = text.rfind(" ", floor, end)
        last = text[cut + 1:end].strip(" ,\"”'").lower()
        if cut < floor or last not in DANGLING_TAIL:
            break
        end = cut
        while end > floor and text[end - 1] in " ,":
            end -= 1
    return end


def _squash(summary: str) -> str:
    # Splitting on whitespace and joining with one space is re.sub(r"\s+", " ") but for the
    # whitespace at either end, which the strip below takes off anyway.
    squashed = " ".join(summary.split()).strip(" ,;:-\"“”'")
    if squashed.count('"') % 2:
        squashed += '"'  # 'in an "axis of evil,"': the closing mark went with the comma
    return squashed
