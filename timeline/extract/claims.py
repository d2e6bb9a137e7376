"""Sourced claims: who said what, when, through which outlet.

Pure and rule based: text (plus the article date and the time expressions already tagged) in,
:class:`Claim` records with character spans into that same text out.

How it works, sentence by sentence:

1. Quotations are found first (straight and curly marks; a paragraph that opens a quote and
   does not close it runs on into the next paragraph when that one opens with a mark).
2. The text is cut into units: sentences that never split inside a quotation.
3. Inside a unit the quotations are masked, so that the cue patterns only see the reporting
   frame ("...," he said; X told reporters that ...; according to X, ...).
4. Each cue gets a source (the subject before it, or the phrase after it in inverted and
   chained forms) and a content (the quotation, the complement after the cue, or the clause
   before it).
5. Speakers are resolved with a :class:`~timeline.extract.names.NameBook`: pronouns and role
   descriptions to the nearest compatible person named before, surnames to full names.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from timeline.extract import names
from timeline.extract.names import NameBook
from timeline.spans import Span

DIRECT, INDIRECT, MIXED = "direct", "indirect", "mixed"

CLOSING_MARKS = "\"”»'"
# Longest quotation taken as one; longer runs are treated as unbalanced marks.
MAX_QUOTE_CHARS = 4000
# Character that replaces quoted text when looking for the reporting frame.
MASK = "§"

# Reporting verbs, in the inflected forms news uses. "Speech" verbs introduce what was said;
# "stance" verbs (beliefs, intentions, evaluations) are kept apart because they are weaker
# evidence that something was said and so get less confidence.
SPEECH_VERBS = """
say says said saying tell tells told telling add adds added adding announce announces announced
announcing warn warns warned warning insist insists insisted insisting deny denies denied
denying claim claims claimed claiming argue argues argued arguing note notes noted noting
explain explains explained explaining stated stating declare declares declared
declaring report reports reported reporting write writes wrote writing tweet tweets tweeted
tweeting suggest suggests suggested suggesting acknowledge acknowledges acknowledged
acknowledging admit admits admitted admitting assert asserts asserted asserting stress stresses
stressed stressing emphasize emphasizes emphasized emphasizing emphasise emphasised reiterate
reiterates reiterated reiterating confirm confirms confirmed confirming predict predicts
predicted predicting caution cautions cautioned cautioning complain complains complained
complaining concede concedes conceded conceding contend contends contended contending maintain
maintains maintained maintaining observe observes observed observing recall recalls recalled
recalling reply replies replied replying respond responds responded responding remark remarks
remarked remarking vow vows vowed vowing promise promises promised promising pledge pledges
pledged pledging threaten threatens threatened threatening allege alleges alleged alleging
charge charges charged charging disclose discloses disclosed revealed reveals reveal
revealing indicate indicates indicated indicating estimate estimates estimated estimating
boast boasts boasted joke joked jokes quip quipped quips muse mused speculate speculated
speculates testify testified testifies counter countered counters retort retorted shout
shouted yell yelled whisper whispered scream screamed ask asks asked asking urge urges urged
urging demand demands demanded demanding propose proposes proposed proposing agree agrees
agreed agreeing conclude concludes concluded concluding continue continues continued
continuing accuse accuses accused accusing describe describes described describing call
calls called calling cite cites cited citing pointed mention mentions mentioned
mentioning signal signals signalled signaled hint hints hinted acknowledged affirm affirms
affirmed clarify clarified clarifies concur concurred assure assured assures reassure
reassured inform informed informs brief briefed briefs advise advised advises recount
recounted recounts describe lament lamented laments worry worries worried fret fretted
""".split()

# Verbs whose content may be an infinitive: "vowed to fight on", "urged voters to stay".
INFINITIVE_VERBS = frozenset(
    """
    vow vows vowed vowing promise promises promised promising pledge pledges pledged pledging
    threaten threatens threatened threatening urge urges urged urging ask asks asked asking
    plan plans planned hope hopes hoped hoping want wants wanted expect expects expected
    intend intends intended decide decides decided agree agrees agreed refuse refuses refused
    refusing decline declines declined declining offer offers offered offering seek seeks
    sought seeking demand demands demanded propose proposes proposed wish wishes wished
    call calls called calling warn warns warned warning tell tells told telling
    """.split()
)

STANCE_VERBS = """
believe believes believed believing think thinks thought hope hopes hoped hoping expect
expects expected fear fears feared want wants wanted plan plans planned decide decides decided
know knows knew feel feels felt doubt doubts doubted consider considers considered agree
suspect suspects suspected reckon reckons intend intends intended wish wishes wished
""".split()

# Verbs of evaluation, support and finding whose object is what the subject holds or showed
# ("endorsed Trump", "the poll shows a tie"): weaker evidence of speech, so they take the
# stance confidence, and their content may be a bare name.
ATTITUDE_VERBS = """
endorse endorses endorsed endorsing criticize criticizes criticized criticizing criticise
criticised praise praises praised praising defend defends defended defending blame blames
blamed blaming dismiss dismisses dismissed dismissing reject rejects rejected rejecting oppose
opposes opposed opposing condemn condemns condemned condemning denounce denounces denounced
denouncing question questions questioned questioning mock mocks mocked mocking slam slams
slammed slamming blast blasts blasted blasting attacks attacked attacking support
supports supported supporting challenge challenges challenged challenging echo echoes echoed
echoing request requests requested requesting show shows showed shown showing find finds
found finding refuse refuses refused refusing decline declines declined declining offer
offers offered offering seek seeks sought seeking see sees saw view views viewed
express expresses expressed expressing vote voted release releases released
post posts posted names named nominate nominates nominated backed backing favor favors
favored favoring favour favoured talk talks talked talking spoke speaks speak speaking refer
refers referred referring discuss discusses discussed discussing learn learns learned
sign signs signed order orders ordered push pushes pushed pushing repeat repeats repeated
repeating publish publishes published deem deems deemed portray portrays portrayed
portraying identify identifies identified list lists listed raise raises raised raising
welcome welcomes welcomed welcoming applaud applauded hail hails hailed thank thanks thanked
recommend recommends recommended advocate advocates advocated advocating embrace embraces
embraced embracing tout touts touted touting highlight highlights highlighted highlighting
decry decries decried decrying fault faults faulted ridicule ridiculed deride derided
lambaste lambasted assail assailed rebuke rebuked chide chided bash bashed bashing insult
insulted target targeted targeting pressure pressured pressed woo wooed court courted
need needs needed prefer prefers preferred like likes liked love loves loved hate hates
hated respect respects respected trust trusts trusted admire admires admired appreciate
appreciated credit credits credited thank acknowledge acknowledges
""".split()

# Auxiliaries and adverbs that may sit between a subject and its cue ("has also said").
AUXILIARY_WORDS = (
    "has have had also later again previously repeatedly earlier would will may might could "
    "did does do not never often frequently recently once then now publicly privately "
    "reportedly allegedly long still always already just further simply flatly firmly "
    "strongly openly separately initially first last had was were is are been being "
    "angrily bluntly quietly told wrongly falsely correctly rightly"
).split()
CUE_AUXILIARY = r"(?:(?:" + "|".join(AUXILIARY_WORDS) + r")\s+)*"
AUXILIARY_WORD_SET = frozenset(AUXILIARY_WORDS)

# Words that end a subject phrase looking left from a cue: clause openers and connectives.
CLAUSE_OPENERS = frozenset(
    """
    but and or while as because although though when after before since that which who whom
    whose where if so than until unless whereas yet nor whether what how why
    """.split()
)

# Objects of "told" that are the audience, not the content ("told reporters ...").
AUDIENCE = re.compile(
    r"(?:(?:me|him|her|us|them|you|reporters|journalists|the press|the media|"
    r"(?:a|an|the)\s+(?:[\w.'’-]+\s+){0,4}?(?:newspaper|paper|daily|agency|reporter|"
    r"conference|crowd|audience|meeting|radio|television|station|channel|interviewer|"
    r"committee|panel|hearing|gathering|rally|briefing|magazine|website|group|"
    r"delegation|forum|session|news conference|press conference|correspondent)|"
    r"[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4}))\b"
)

# What may follow a cue before the content starts: a time, a setting, "that".
MONTH_NAMES = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
CUE_EXTRAS = re.compile(
    r"(?:\s*,?\s*(?:on|last|late|early|this|in|earlier|later)?\s*(?:(?:Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)|(?:week|month|year|night|morning|evening|"
    r"afternoon)|yesterday|today|earlier|later|" + MONTH_NAMES
    + r"(?![\w])(?:\s+\d{1,2})?(?:,?\s+\d{4})?|"
    r"\d{4})(?:\s+(?:night|morning|evening|afternoon))?)?"
    r"(?:\s+(?:in|on|at|during|after|before|to)\s+(?:a|an|the|his|her|their|its)\s+"
    r"(?:[\w.'’-]+\s+){0,3}?(?:statement|interview|speech|release|conference|briefing|"
    r"letter|post|message|report|address|note|email|e-mail|broadcast|tweet|blog|op-ed|"
    r"column|hearing|session|meeting|appearance|news conference|press conference|"
    r"call|visit|rally|event|debate|remarks|comments|testimony)"
    r"(?:\s+(?:on|to|with|at)\s+[\w.'’-]+(?:\s+[A-Z][\w.'’-]*)*)?)?"
    r"(?:\s+on\s+(?:Twitter|Facebook|television|TV|radio|Sunday|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday))?"
    r"(?:\s+(?:to|in)\s+(?:reporters|journalists|the press))?"
    r"\s*,?\s*(?:that(?:\s+|$)|:\s*)?"
)

# "noted in a guest column in Saturday's paper that ...": a setting, then the content.
SETTING_THEN_THAT = re.compile(
    r"\s*(?:in|on|at|during|to|after|before|from|via|through|last|this|earlier|over)\s"
    r"[^.;!?]{1,90}?\bthat\s+"
)

DATE_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# Characters between a cue and a date that dates it: " on " after the cue, " " before it.
MAX_GAP_AFTER_CUE = 4
MAX_GAP_BEFORE_CUE = 2

# Base confidence of each pattern, before speaker resolution lowers it.
PATTERN_CONFIDENCE = {
    "participle": 0.6,
    "direct_quote_post_cue": 0.9,
    "direct_quote_pre_cue": 0.85,
    "direct_quote_continued": 0.6,
    "quoted_as_saying": 0.85,
    "cited_as_saying": 0.85,
    "indirect_source_first": 0.75,
    "indirect_source_last": 0.7,
    "indirect_parenthetical": 0.7,
    "indirect_inverted": 0.75,
    "according_to": 0.8,
    "speaker_line": 0.6,
    "stance": 0.45,
    "unattributed_quote": 0.2,
    "nominal": 0.35,
    "hedged": 0.35,
}

PRONOUN_PENALTY = 0.1
UNRESOLVED_PENALTY = 0.35
# A subject phrase longer than this many words is more likely a clause than a speaker.
MAX_SOURCE_WORDS = 12
# A complement shorter than this many characters is not taken as a claim's content.
MIN_CONTENT_CHARS = 8
MIN_CONTENT_WORDS = 2
# Cues whose content may open with a preposition ("talked about the deficit", "referred to
# the ruling", "voted for the bill").
PREPOSITION_CUES = ("describ", "call", "warn", "talk", "speak", "spoke", "complain", "refer",
                    "vote", "push", "point", "argu", "agre", "respon", "repl", "testif")
# The object of an attitude verb may be a single name ("endorsed Cruz").
MIN_OBJECT_CHARS = 3
# "was criticized by", "is seen as": a passive attitude verb has its holder after it.
PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:\w+ly\s+)?$")
# Words after a cue at the end of a unit: longer tails mean the cue is not sentence-final.
MAX_TAIL_WORDS = 14


class TimexLike(Protocol):
    """What the claims extractor needs of a time expression (timeline.extract.timex.Timex)."""

    @property
    def span(self) -> Span: ...

    @property
    def type(self) -> str: ...

    @property
    def value(self) -> str: ...


@dataclass(frozen=True)
class Claim:
    """One attributed statement: who said it (source), how (cue), what (content), when and
    through which outlet (via)."""

    source: Span | None
    speaker: str | None
    speaker_description: str | None
    speaker_kind: str
    cue: Span | None
    content: Span
    kind: str
    via: str | None
    said_on: str | None
    said_on_precision: str
    confidence: float
    pattern: str

    def as_dict(self) -> dict:
        """The CONTRACT shape of a claim, plus speaker_description, speaker_kind, pattern."""
        return {
            "source": self.source.as_dict() if self.source else None,
            "speaker": self.speaker,
            "speaker_description": self.speaker_description,
            "speaker_kind": self.speaker_kind,
            "cue": self.cue.as_dict() if self.cue else None,
            "content": self.content.as_dict(),
            "kind": self.kind,
            "via": self.via,
            "said_on": self.said_on,
            "said_on_precision": self.said_on_precision,
            "confidence": self.confidence,
            "pattern": self.pattern,
        }


@dataclass(frozen=True)
class Unit:
    """A sentence (never cut inside a quotation) and the quotations inside it."""

    start: int
    end: int
    quotes: tuple[tuple[int, int], ...]
    paragraph: int


@dataclass(frozen=True)
class Frame:
    """A reporting frame found in a unit, before its speaker is resolved."""

    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int]
    pattern: str
    via_phrase: tuple[int, int] | None = None
    via_inferred: bool = False


def _verb_alternation(verbs: Sequence[str]) -> str:
    """A regex matching exactly ``verbs``, longest first, built as a trie: one alternation
    of hundreds of words is tried word by word at every position, a trie once per prefix."""
    trie: dict = {}
    for verb in set(verbs):
        node = trie
        for letter in verb:
            node = node.setdefault(letter, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(letter) + _trie_pattern(child)
                for letter, child in sorted(node.items()) if letter]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


SPEECH_CUE = _verb_alternation(SPEECH_VERBS)
STANCE_CUE = _verb_alternation(STANCE_VERBS + ATTITUDE_VERBS)
ANY_CUE_PATTERN = re.compile(rf"\b(?P<verb>{SPEECH_CUE}|{STANCE_CUE})\b")
SPEECH_WORDS = frozenset(SPEECH_VERBS)
STANCE_WORDS = frozenset(STANCE_VERBS + ATTITUDE_VERBS)
ATTITUDE_WORDS = frozenset(ATTITUDE_VERBS) - SPEECH_WORDS

QUOTED_AS = re.compile(
    r"(?P<cue>(?:was|were|is|are|has been|have been|had been)\s+(?:widely\s+|also\s+)?"
    r"(?:quoted|cited|reported|heard)\s+(?:by\s+(?P<outlet>[^,]{2,60}?)\s+)?as\s+"
    r"(?:saying|telling|stating|warning|adding|declaring|calling|describing)"
    r"(?:\s+(?P<audience>[^,.;]{1,50}?))?)(?=\s*(?:that\b|[,.;:]|$|\s))"
)
CITED_AS = re.compile(
    r"(?P<outlet>[^,;]{2,80}?)\s+(?:quoted|cited|quotes|cites|quoting|citing)\s+"
    r"(?P<source>[^;]{1,80}?)\s*,?\s+(?P<cue_tail>as\s+(?:saying|telling|stating|warning|"
    r"adding|declaring|describing|calling|having said)(?:\s+(?P<audience>[^,.;]{1,50}?))?)"
    r"(?=\s*(?:that\b|[,.;:]|$|\s))"
)
ACCORDING_TO = re.compile(r"\b[Aa]ccording\s+to\s+")
ACCORDING_TO_SOURCE = re.compile(rf"[^,;.{MASK}]{{1,100}}")


def extract_claims(
    text: str,
    *,
    dct: datetime.date | None = None,
    timexes: Sequence[TimexLike] = (),
    skip: Sequence[Span] = (),
    quotes: Sequence[tuple[int, int]] | None = None,
) -> list[Claim]:
    """The attributed statements in ``text``, in text order.

    ``dct`` is the article date, used for ``said_on`` when no time expression sits by the cue
    (never today's date: without it ``said_on`` is None). ``timexes`` are the time expressions
    tagged in the same text; ``skip`` are spans (page chrome) to ignore; ``quotes`` are the
    text's quotations as :func:`find_quotations` gives them (found here when not given).
    Returns claims whose spans index ``text`` exactly. Never raises on odd input (unbalanced
    or nested quotation marks, all-caps text): a quotation with no speaker is kept with a null
    speaker and low confidence, or left out.
    """
    if not text.strip():
        return []
    if quotes is None:
        quotes = find_quotations(text)
    units = split_units(text, quotes)
    if skip:  # most articles have no chrome: no test per unit against nothing
        units = [unit for unit in units if not _overlaps_any(unit, skip)]
    book = LazyNameBook(text, quotes)
    frames_by_unit = [find_frames(text, unit, masked_unit(text, unit)) for unit in units]
    frames_by_unit = add_speaker_lines(text, units, frames_by_unit)
    frames_by_unit = add_continued_quotes(text, units, frames_by_unit)
    dates = DateIndex(timexes)
    claims = []
    for unit, frames in zip(units, frames_by_unit, strict=True):
        for frame in frames:
            claims.append(build_claim(text, unit, frame, book, quotes, dct, dates))
    return sorted(claims, key=lambda claim: (claim.content.start, claim.content.end))


def _overlaps_any(unit: Unit, spans: Sequence[Span]) -> bool:
    return any(span.start < unit.end and unit.start < span.end for span in spans)


# ---------------------------------------------------------------------------------------------
# Quotations and units


def find_quotations(text: str) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` of each quotation, marks included, in order.

    Straight marks (and doubled apostrophes, '') open when no quotation is open and close
    otherwise; a paragraph that ends with a quotation still open continues it when the next
    paragraph opens with a mark, and otherwise the stray opening mark is ignored.
    """
    quotations = []
    open_at: int | None = None
    cursor = 0
    for mark in QUOTE_MARK.finditer(text):
        if mark.start() < cursor:
            continue
        if open_at is not None and "\n" in text[cursor : mark.start()]:
            open_at = _carry_over_paragraphs(text, open_at, cursor, mark.start())
            if open_at is not None:
                cursor = mark.end()  # the mark that reopens the run-on quotation
                continue
        symbol = mark.group()
        if open_at is None:
            if symbol in OPENING_SYMBOLS and _can_open(text, mark.start(), mark.end()):
                open_at = mark.start()
        elif symbol in CLOSING_SYMBOLS and _can_close(text, mark.start(), mark.end()):
            if mark.start() - open_at <= MAX_QUOTE_CHARS:
                quotations.append((open_at, mark.end()))
            open_at = None
        cursor = mark.end()
    return tuple(quotations)


# Quotation marks: ''', '' and the one-character marks (a lone apostrophe is not one). Written
# to open with a character class, which lets the regex engine skip straight to the next
# candidate character; it matches exactly what r"'''|''|[\"“”„«»]" matches, at a third of the
# cost over a whole article.
QUOTE_MARK = re.compile(r"['\"“”„«»](?:(?<=')''?|(?<=[\"“”„«»]))")
OPENING_SYMBOLS = frozenset({"''", "\"", "“", "„", "«"})
CLOSING_SYMBOLS = frozenset({"'''", "''", "\"", "”", "»"})


NEWLINE_RUN = re.compile(r"\n\s*")


def _carry_over_paragraphs(text: str, open_at: int, cursor: int, mark_start: int) -> int | None:
    """Keep a quotation open across paragraph breaks only when every new paragraph in
    ``text[cursor:mark_start]`` opens with a quotation mark (run-on quotes)."""
    for newline in NEWLINE_RUN.finditer(text[cursor:mark_start]):
        following = cursor + newline.end()
        if following == mark_start and QUOTE_MARK.match(text, following):
            continue
        return None
    return open_at


def _can_open(text: str, start: int, end: int) -> bool:
    following = text[end : end + 1]
    return bool(following) and not following.isspace()


def _can_close(text: str, start: int, end: int) -> bool:
    preceding = text[start - 1 : start]
    return bool(preceding) and not preceding.isspace() or end == len(text)


# Where a sentence may end: end punctuation before a capital, a blank line, or a line break.
# The same as r"[.!?]+[\"”’')\]]*(?=\s+[\"“A-Z0-9(‘'])|\n\s*\n|\n(?=\s*\S)", written to open
# with a character class so that the engine skips straight to the next candidate character
# instead of trying three alternatives at every position of the text (about 3x faster).
SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*[\"”’')\]]*(?=\s+[\"“A-Z0-9(‘'])|(?<=\n)\s*\n|(?<=\n)(?=\s*\S))"
)
ABBREVIATION_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Jr|Sr|St|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Maj|Prof|Rev|Inc|Corp|"
    r"Co|Ltd|Mt|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|"
    r"[A-Z])\.)$"
)
# Longest text ABBREVIATION_BEFORE can match ("Sept."), plus the character its \b looks at.
ABBREVIATION_WINDOW = 8


ASCII_LETTERS = frozenset(string.ascii_letters)


def _ends_on_abbreviation(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends on an abbreviation's full stop. Only its last few
    characters can take part in a match, so only they are searched, not the whole sentence;
    a window shorter than the sentence still holds the character before any match, so its
    word boundary reads the same as in the full slice."""
    return ABBREVIATION_BEFORE.search(text[max(start, end - ABBREVIATION_WINDOW) : end]) \
        is not None


# A capitalised subject and a speech verb right after a quotation that ends in "?" or "!".
NAME_THEN_CUE = re.compile(
    r"[ \t]+(?:[A-Z][\w.'’-]*[ \t]+){1,4}(?:" + _verb_alternation(SPEECH_VERBS)
    + r")\b[^.!?\"“”\n]{0,60}[.!?]"
)


def split_units(text: str, quotes: Sequence[tuple[int, int]]) -> list[Unit]:
    """Sentences of ``text`` that never end inside a quotation."""
    quote_starts = [quote_start for quote_start, _ in quotes]
    units = []
    start = 0
    paragraph = 0
    # Each end is read with character tests inline, the cheapest first: this loop runs for
    # every full stop and line break of the article.
    for match in SENTENCE_END.finditer(text):
        stop, end = match.span()
        if quotes and text[end - 1] not in CLOSING_MARKS \
                and inside_quotation(quotes, quote_starts, end - 1):
            continue
        # A match holds a line break exactly when it opens with one (see SENTENCE_END).
        line_break = text[stop] == "\n"
        # Every abbreviation of ABBREVIATION_BEFORE ends in an ASCII letter right before its
        # full stop, so no other end needs the search.
        if text[stop] == "." and stop > start and text[stop - 1] in ASCII_LETTERS \
                and _ends_on_abbreviation(text, start, stop + 1):
            continue
        if text[end - 1] in CLOSING_MARKS and end >= 2 and text[end - 2] in "?!" \
                and NAME_THEN_CUE.match(text, end):
            continue  # '"Why not?" Smith asked.': the cue belongs to the quotation
        unit = _make_unit(text, start, end, quotes, paragraph)
        if unit is not None:
            units.append(unit)
        if line_break:
            paragraph += 1
        start = end
    unit = _make_unit(text, start, len(text), quotes, paragraph)
    if unit is not None:
        units.append(unit)
    return units


def inside_quotation(quotes: Sequence[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` lies inside a quotation, past its opening and before its closing
    character; ``starts`` are the quotations' starts."""
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and quotes[index][0] < offset < quotes[index][1] - 1


def _make_unit(text: str, start: int, end: int, quotes, paragraph: int) -> Unit | None:
    """The unit of ``text[start:end]`` without its surrounding spaces; None when shorter than
    three characters."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 3:
        return None
    return Unit(start, end, _quotes_within(quotes, start, end), paragraph)


def _quotes_within(quotes, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The quotations lying wholly in ``[start, end)``; ``quotes`` are sorted and disjoint,
    so those are a run found by bisection rather than by scanning every quotation."""
    if not quotes:
        return ()  # most sentences of most articles: no bisection, no tuple to build
    first = bisect.bisect_left(quotes, (start, -1))
    inner = []
    for quote in quotes[first:]:
        if quote[0] >= end:
            break
        if quote[1] <= end:
            inner.append(quote)
    return tuple(inner)


def masked_unit(text: str, unit: Unit) -> str:
    """The unit's text with every quotation (marks included) replaced by MASK characters."""
    if not unit.quotes:
        return text[unit.start : unit.end]
    pieces = []
    cursor = unit.start
    for start, end in unit.quotes:
        pieces.append(text[cursor:start])
        pieces.append(MASK * (end - start))
        cursor = end
    pieces.append(text[cursor : unit.end])
    return "".join(pieces)


# ---------------------------------------------------------------------------------------------
# Reporting frames


# Words each frame finder starts from, lowercase (title-case headlines capitalise cue verbs).
NOMINAL_WORDS = frozenset(
    """
    claim claims assertion assertions argument arguments suggestion suggestions belief beliefs
    insistence contention promise promises pledge pledges vow vows warning warnings criticism
    attack attacks support endorsement opposition call calls comment comments remark remarks
    statement statements denial denials accusation accusations allegation allegations charge
    charges demand demands proposal proposals plan plans complaint complaints praise defence
    defense rejection embrace view views
    """.split()
)
HEDGE_WORDS = frozenset(
    "seem seems seemed appear appears appeared expected likely unlikely reportedly "
    "apparently".split()
)
CHAIN_WORDS = frozenset(
    "quoted cited reported heard quotes cites quoting citing".split()
)
CUE_WORDS = SPEECH_WORDS | STANCE_WORDS
# Every word some finder starts from: only these of a unit's words need keeping.
TRIGGER_WORDS = CUE_WORDS | CHAIN_WORDS | NOMINAL_WORDS | HEDGE_WORDS | {"according"}
LOWERCASE_WORD = re.compile(r"[a-z]+")


def find_frames(text: str, unit: Unit, masked: str | None = None) -> list[Frame]:
    """The reporting frames in ``unit``: direct quotations with their cue, chained and passive
    forms, "according to", and cues with a subject and a complement. ``masked`` is the
    unit's text from :func:`masked_unit`, when the caller already has it."""
    if masked is None:
        masked = masked_unit(text, unit)
    # Each finder runs only when a word it starts from is in the unit: one set lookup each,
    # where most news sentences would otherwise cost several regex passes for nothing.
    words = TRIGGER_WORDS.intersection(LOWERCASE_WORD.findall(masked.lower()))
    frames = _direct_frames(masked, unit) if unit.quotes else []
    if not CHAIN_WORDS.isdisjoint(words):
        frames += _chain_frames(masked, unit)
    if "according" in words:
        frames += _according_to_frames(masked, unit)
    if not CUE_WORDS.isdisjoint(words):
        frames += _cue_frames(masked, unit, frames, words)
    if not NOMINAL_WORDS.isdisjoint(words):
        frames += _nominal_frames(masked, unit, taken=frames)
    if not frames and not HEDGE_WORDS.isdisjoint(words):
        frames = _hedged_frames(masked, unit)
    if len(frames) < 2:
        return frames  # one frame has no later speaker to end at and nothing to overlap
    return _drop_overlapping(_end_at_next_speaker(masked, unit, frames))


# "The closures appear to have helped": a hedged statement with no one to attribute it to.
HEDGE_CUE = re.compile(
    r"\b(?P<cue>(?:seem|seems|seemed|appear|appears|appeared|is expected|are expected|"
    r"was expected|were expected|is likely|are likely|is unlikely|are unlikely|"
    r"reportedly|apparently))\b"
)


def _hedged_frames(masked: str, unit: Unit) -> list[Frame]:
    """A sentence hedged by 'seems', 'appears', 'is expected' or 'reportedly': the whole
    sentence is the content, with no source."""
    match = HEDGE_CUE.search(masked)
    if match is None:
        return []
    content = _trim((unit.start, unit.end), masked, unit.start)
    if content is None:
        return []
    cue = (unit.start + match.start("cue"), unit.start + match.end("cue"))
    # "She appeared to imply ...": the subject right before the hedge holds the view.
    subject = subject_before(masked, match.start("cue")) if match.group("cue")[0] in "sa" \
        else None
    return [Frame(_absolute(subject, unit) if subject else None, cue, content, "hedged")]


# "Mr. Comey's suggestion that ...", "his attacks on Clinton", "calls for a recount": a noun of
# saying or stance, its holder in a possessive before it, its content after the link word.
NOMINAL_CUE_AND_LINK = (
    r"(?P<cue>\b(?:claims?|assertions?|arguments?|suggestions?|beliefs?|insistence|contention|"
    r"promises?|pledges?|vows?|warnings?|criticism|attacks?|support|endorsement|opposition|"
    r"calls?|comments?|remarks?|statements?|denials?|accusations?|allegations?|charges?|"
    r"demands?|proposals?|plans?|complaints?|praise|defen[cs]e|rejection|embrace|view|views)"
    r"\s+(?:that|of|for|on|to|about|against))\s+(?=[\w§“\"'])"
)
NOMINAL_CUE = re.compile(
    r"(?:(?P<source>\b(?:his|her|their|its|our|my|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"(?:'s|’s))\s+)(?:[a-z]+\s+){0,2}?)?" + NOMINAL_CUE_AND_LINK
)
# The cue and its link word alone: every NOMINAL_CUE match holds a match of it where its cue
# starts, so a unit without one has no nominal frame. It is tried first because it costs a
# third of NOMINAL_CUE, which tries a possessive source at every capital before each noun.
NOMINAL_CUE_CORE = re.compile(NOMINAL_CUE_AND_LINK)
# Contents of a nominal cue end at the first clause punctuation.
NOMINAL_CONTENT_END = re.compile(r"[,;:.!?()]|\s[-–—]{1,2}\s")


def _nominal_frames(masked: str, unit: Unit, taken: Sequence[Frame]) -> list[Frame]:
    """Statements and stances named by a noun; low confidence, outside other frames."""
    frames: list[Frame] = []
    if NOMINAL_CUE_CORE.search(masked) is None:
        return frames  # two units in three that hold a nominal word
    for match in NOMINAL_CUE.finditer(masked):
        cue = (unit.start + match.start("cue"), unit.start + match.end("cue"))
        if any(_inside(cue[0], _extent(frame)) for frame in taken):
            continue
        stop = NOMINAL_CONTENT_END.search(masked, match.end())
        end = stop.start() if stop else len(masked)
        content = _trim((unit.start + match.end(), unit.start + end), masked, unit.start,
                        MIN_OBJECT_CHARS)
        if content is None:
            continue
        source = match.span("source") if match.group("source") else None
        if source is not None:
            source = (unit.start + source[0], unit.start + source[1])
        frames.append(Frame(source, cue, content, "nominal"))
    return frames


# A clause boundary right before a later speaker: "X said A, but officials said B".
NEXT_CLAUSE = re.compile(r"(?:[,;]\s*(?:but|while|although|though|whereas|and|yet)?|"
                         r"\s(?:but|while|whereas))\s*$")


def _end_at_next_speaker(masked: str, unit: Unit, frames: list[Frame]) -> list[Frame]:
    """End each content before a later frame's source when a clause boundary separates them,
    so that both statements are kept."""
    result = list(frames)
    for index, frame in enumerate(result):
        for later in frames:
            if later.source is None or later.source[0] < 0 or later is frame:
                continue
            # A participle ("..., telling reporters that B") starts a statement at its cue.
            # ("X noted A, and added: B"): a source before this content starts its statement
            # at its cue.
            anchor = later.cue[0] if later.cue and (
                later.pattern == "participle" or later.source[0] < frame.content[0]
            ) else later.source[0]
            if not frame.content[0] < anchor < frame.content[1]:
                continue
            boundary = NEXT_CLAUSE.search(masked[: anchor - unit.start])
            if boundary is None:
                continue
            end = unit.start + boundary.start()
            if end - frame.content[0] >= MIN_CONTENT_CHARS:
                result[index] = frame = replace(frame, content=(frame.content[0], end))
    return result


def _drop_overlapping(frames: list[Frame]) -> list[Frame]:
    """Keep one frame per cue and drop frames whose cue lies inside a kept frame's content."""
    kept: list[Frame] = []
    for frame in frames:
        if any(_same_or_nested(frame, other) for other in kept):
            continue
        kept.append(frame)
    return kept


def _same_or_nested(frame: Frame, other: Frame) -> bool:
    if frame.cue and other.cue and frame.cue[0] < other.cue[1] and other.cue[0] < frame.cue[1]:
        return True
    if frame.cue and other.content[0] <= frame.cue[0] < other.content[1]:
        return True
    return other.content[0] <= frame.content[0] and frame.content[1] <= other.content[1]


CUE_THEN_SOURCE = re.compile(
    rf"^(?P<cue>said|says|added|asked|continued|explained|wrote|writes|told|recalled|"
    rf"insisted|noted|declared|warned|argued|replied|responded|tweeted|adds|explains|"
    rf"notes|continues|insists|argues|according to)\s+(?P<source>[^,;:{MASK}]{{1,120}}?)"
    rf"(?=\s*(?:[,.;:!?]|$|{MASK}|\s+(?:on|in|at|after|before|during|as|when|while|who|"
    rf"last|yesterday|today|earlier|late|early)\b))"
)


def _direct_frames(masked: str, unit: Unit) -> list[Frame]:
    """Frames whose content is a quotation: '"...," he said' and 'He said: "..."'."""
    frames: list[Frame] = []
    for index, (_q_start, q_end) in enumerate(unit.quotes):
        rel_end = q_end - unit.start
        tail = masked[rel_end:]
        frame = _frame_after_quote(tail, q_end, unit, index)
        if frame is not None and index > 0 and _inside(unit.quotes[index][0], frames[-1].content
                                                        if frames else None):
            continue  # the second half of a split quotation, already taken
        if frame is not None:
            frame = _with_leading_clause(masked, unit, index, frame)
        if frame is None:
            frame = _frame_before_quote(masked, unit, index)
        if frame is not None:
            frames.append(frame)
    return frames


QUOTE_AT_CLAUSE_START = re.compile(
    r"(?:^|[:;]|^\W*(?:But|And|Still|Yet|So|Then|Now|Also|Indeed|However|Instead)\W*)\s*$"
)


# 'on Fox News's "Sunday Futures,"': a preposition and a few words before a quoted title.
QUOTED_TITLE_BEFORE = re.compile(r"\b(?:on|in|at|to|during|from)\s+(?:[\w.'’-]+\s+){0,3}$")


def _with_leading_clause(masked: str, unit: Unit, index: int, frame: Frame) -> Frame | None:
    """A quotation that does not open its clause ('The plan is "dead," Smith said') is part
    of a longer content: the clause from its start through the quotation."""
    q_start = unit.quotes[index][0]
    before = masked[: q_start - unit.start]
    if QUOTE_AT_CLAUSE_START.search(before):
        return frame
    if index > 0 and before.rstrip().endswith(MASK):
        return frame
    clause_start = max(before.rfind(":"), before.rfind(";")) + 1
    if QUOTED_TITLE_BEFORE.search(before):
        return None  # a quoted title ('on Fox News's "Sunday Futures," Issa said'), not speech
    return replace(frame, content=(unit.start + clause_start, frame.content[1]))


QUOTE_TAIL_PUNCTUATION = re.compile(r"^\s*[,—–-]*\s*")


def _frame_after_quote(tail: str, q_end: int, unit: Unit, index: int) -> Frame | None:
    """'"...," Losyukov said' / '"...," said Losyukov' / '"...," he was quoted as saying'."""
    match = QUOTE_TAIL_PUNCTUATION.match(tail)
    offset = match.end() if match else 0
    rest = tail[offset:]
    if not rest or rest[0] == MASK:
        return None
    base = q_end + offset
    q_start = unit.quotes[index][0]
    content_end = _split_quote_end(unit, index, rest, base)
    for finder in (_passive_after, _chain_after, _subject_cue_after, _cue_subject_after):
        found = finder(rest, base)
        if found is not None:
            source, cue, pattern, via_phrase, inferred = found
            return Frame(source, cue, (q_start, content_end), pattern, via_phrase, inferred)
    return None


# What lies between the halves of a split quotation: a cue and its subject, where a full
# stop may only close an abbreviation ("Mr. Ode added,").
SPLIT_QUOTE_BRIDGE = re.compile(r"(?:[^.!?;]|(?<=[A-Z])\.|(?<=\b(?:Mr|Ms|Dr|St))\.|"
                                r"(?<=\bMrs)\.)*[,:]\s*")


def _split_quote_end(unit: Unit, index: int, rest: str, base: int) -> int:
    """The end of the content: the next quotation when the quote is split around the cue
    ('"...," he said, "..."'), else the end of this quotation."""
    if index + 1 < len(unit.quotes):
        next_start, next_end = unit.quotes[index + 1]
        between = rest[: next_start - base]
        if SPLIT_QUOTE_BRIDGE.fullmatch(between) and len(between.split()) <= 12:
            return next_end
    return unit.quotes[index][1]


SOURCE_THEN_PASSIVE = re.compile(
    rf"^(?P<source>[^,;:{MASK}]{{1,80}}?)\s+(?=(?:was|were|is|are|has been|have been|"
    rf"had been)\s)"
)


def _passive_after(rest: str, base: int):
    match = SOURCE_THEN_PASSIVE.match(rest)
    if match is None:
        return None
    passive = QUOTED_AS.match(rest, match.end())
    if passive is None:
        return None
    via = passive.span("outlet") if passive.group("outlet") else None
    return (
        (base + match.start("source"), base + match.end("source")),
        (base + passive.start("cue"), base + passive.end("cue")),
        "quoted_as_saying",
        (base + via[0], base + via[1]) if via else None,
        via is None,
    )


def _chain_after(rest: str, base: int):
    match = CITED_AS.match(rest)
    if match is None:
        return None
    return (
        (base + match.start("source"), base + match.end("source")),
        (base + match.start("cue_tail"), base + match.end("cue_tail")),
        "cited_as_saying",
        (base + match.start("outlet"), base + match.end("outlet")),
        False,
    )


CLAUSE_HEAD = re.compile(rf"[^.!?;:{MASK}]{{0,240}}")
SPEECH_CUE_WORD = re.compile(rf"\b(?:{SPEECH_CUE})\b")


def _subject_cue_after(rest: str, base: int):
    """'"...," Losyukov said' and '"...," Brent Smith, founder of X, tells Y': a subject
    starting right after the quotation, then its cue."""
    simple = SOURCE_THEN_CUE.match(rest)
    subject: tuple[int, int] | None
    if simple is not None and _plausible_source(simple.group("source")):
        subject, cue_span = simple.span("source"), simple.span("cue")
    else:
        head = CLAUSE_HEAD.match(rest)
        cue = SPEECH_CUE_WORD.search(head.group()) if head else None
        if cue is None:
            return None
        subject, cue_span = subject_before(rest, cue.start()), cue.span()
        if subject is None or rest[: subject[0]].strip():
            return None
    return (
        (base + subject[0], base + subject[1]),
        (base + cue_span[0], base + cue_span[1]),
        "direct_quote_post_cue",
        None,
        False,
    )


SOURCE_THEN_CUE = re.compile(
    rf"^(?P<source>[^,;:{MASK}]{{1,120}}?)\s+{CUE_AUXILIARY}(?P<cue>{SPEECH_CUE})\b"
)


def _cue_subject_after(rest: str, base: int):
    match = CUE_THEN_SOURCE.match(rest)
    if match is None or not _plausible_source(match.group("source")):
        return None
    return (
        (base + match.start("source"), base + match.end("source")),
        (base + match.start("cue"), base + match.end("cue")),
        "direct_quote_post_cue",
        None,
        False,
    )


CUE_BEFORE_QUOTE = re.compile(
    rf"(?P<cue>\b(?:{SPEECH_CUE}))(?P<extra>{CUE_EXTRAS.pattern})$"
)
COLON_COMMA_OR_THAT_END = re.compile(r"[:,]\s*$|that\s*$")


def _frame_before_quote(masked: str, unit: Unit, index: int) -> Frame | None:
    """'He said: "..."' and 'Ross said, "..."': a cue right before the quotation."""
    q_start, q_end = unit.quotes[index]
    before = masked[: q_start - unit.start]
    # The cheap test of how ``before`` ends goes first; both are pure, so the order is free.
    if not COLON_COMMA_OR_THAT_END.search(before):
        return None
    match = CUE_BEFORE_QUOTE.search(before.rstrip(" "))
    if match is None:
        return None
    cue = (unit.start + match.start("cue"), unit.start + match.end("cue"))
    source = subject_before(masked, match.start("cue"))
    if source is None and _coordinated_with_previous(masked, match.start("cue"), True):
        source = sentence_subject(masked)  # "X noted A, and added: '...'"
    if source is None:
        return None
    source_abs = (unit.start + source[0], unit.start + source[1])
    return Frame(source_abs, cue, (q_start, q_end), "direct_quote_pre_cue")


COMMA_AND_SPACE = re.compile(r",\s*")


def _chain_frames(masked: str, unit: Unit) -> list[Frame]:
    """Indirect speech in chained and passive forms: 'X, the Tass news agency cited him as
    saying' and 'X was quoted as saying Y'."""
    frames = []
    for match in COMMA_AND_SPACE.finditer(masked):
        rest = masked[match.end() :]
        base = unit.start + match.end()
        for finder in (_chain_after, _passive_after):
            found = finder(rest, base)
            if found is None:
                continue
            source, cue, pattern, via_phrase, inferred = found
            if not _tail_is_short(masked, cue[1] - unit.start):
                continue
            content = _trim((unit.start, unit.start + match.start()), masked, unit.start)
            if content is not None:
                frames.append(Frame(source, cue, content, pattern, via_phrase, inferred))
            break
    for passive in QUOTED_AS.finditer(masked):
        source = subject_before(masked, passive.start("cue"))
        content_start = passive.end()
        content = _trim((unit.start + content_start, unit.end), masked, unit.start)
        if source is None or content is None:
            continue
        via = passive.span("outlet") if passive.group("outlet") else None
        frames.append(
            Frame(
                (unit.start + source[0], unit.start + source[1]),
                (unit.start + passive.start("cue"), unit.start + passive.end("cue")),
                content,
                "quoted_as_saying",
                (unit.start + via[0], unit.start + via[1]) if via else None,
                via is None,
            )
        )
    return frames


def _according_to_frames(masked: str, unit: Unit) -> list[Frame]:
    """'According to X, ...' and '..., according to X.'"""
    frames = []
    for match in ACCORDING_TO.finditer(masked):
        source_match = ACCORDING_TO_SOURCE.match(masked[match.end() :])
        if source_match is None:
            continue
        source = (match.end(), match.end() + len(source_match.group().rstrip()))
        cue = (match.start(), match.end() - 1)
        if masked[: match.start()].strip(" ,—–-") == "" or masked[: match.start()].strip() == "":
            content = (source[1], len(masked))
        else:
            content = (0, match.start())
        absolute = _trim((unit.start + content[0], unit.start + content[1]), masked, unit.start)
        if absolute is None:
            continue
        frames.append(
            Frame(
                (unit.start + source[0], unit.start + source[1]),
                (unit.start + cue[0], unit.start + cue[1]),
                absolute,
                "according_to",
            )
        )
    return frames


def _cue_frames(
    masked: str, unit: Unit, taken: Sequence[Frame], words: frozenset[str] | set[str]
) -> list[Frame]:
    """Indirect (or mixed) speech around a bare cue verb. ``words`` are the lowercase words
    of ``masked`` (as :func:`find_frames` collects them)."""
    frames: list[Frame] = []
    cues = _cue_verbs_at(masked, words & CUE_WORDS)
    if not _cue_opens_a_word(masked, cues) and _is_title_case(masked):
        cues = [(match.start(), match.end(), match.group("verb").lower())
                for match in TITLE_CASE_CUE.finditer(masked)]
    # ``taken`` does not change in the loop, so each frame's extent is worked out once.
    taken_extents = [_extent(frame) for frame in taken]
    for cue_start, cue_end, verb in cues:
        if taken_extents and any(start <= unit.start + cue_start < end
                                 for start, end in taken_extents):
            continue
        frame = _frame_for_cue(masked, unit, (cue_start, cue_end), verb, taken)
        if frame is not None:
            frames.append(frame)
    return _split_coordinated(frames, masked, unit)


def _cue_verbs_at(masked: str, verbs: Iterable[str]) -> list[tuple[int, int, str]]:
    """``(start, end, verb)`` of each whole word of ``masked`` that is one of ``verbs``, in
    text order: what ANY_CUE_PATTERN finds (its ``\\b...\\b`` takes a verb only as a whole
    word), found with ``str.find`` for the one or two verbs a sentence holds instead of trying
    the pattern at every position."""
    found = []
    length = len(masked)
    for verb in verbs:
        start = masked.find(verb)
        while start >= 0:
            end = start + len(verb)
            # The characters either side must not be what ``\w`` matches in a str pattern
            # (alphanumerics and the underscore); tested inline, it runs per occurrence.
            before = masked[start - 1] if start else " "
            after = masked[end] if end < length else " "
            if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
                found.append((start, end, verb))
            start = masked.find(verb, end)
    found.sort()
    return found


# Headlines in title case capitalise their verbs: "Trump Says He Will Win".
TITLE_CASE_CUE = re.compile(
    rf"\b(?P<verb>(?i:{SPEECH_CUE}|{STANCE_CUE}))\b"
)
# Short words a title-case headline leaves in lower case.
TITLE_CASE_SMALL_WORDS = frozenset(
    "a an the of to in on for and or but at by with as from into over vs. via".split()
)


def _cue_opens_a_word(masked: str, cues: Sequence[tuple[int, int, str]]) -> bool:
    """Whether one of ``cues`` (lowercase verbs found in ``masked``) opens a word of
    ``masked.split()``: that word starts with a lowercase letter and is no small word (no cue
    verb is one), so ``masked`` is no title-case headline, which the cue settles without
    reading the sentence's words."""
    for start, _end, _verb in cues:
        if start == 0 or masked[start - 1].isspace():  # str.split cuts where isspace holds
            return True
    return False


def _is_title_case(masked: str) -> bool:
    """Whether ``masked`` reads as a title-case headline: most of its words capitalised."""
    # One lowercase word (not a small word) settles it, usually within the first few words.
    alphabetic_words = 0
    for word in masked.split():
        if not word[0].isalpha():
            continue
        if word[0].islower() and word not in TITLE_CASE_SMALL_WORDS:
            return False
        alphabetic_words += 1
    return alphabetic_words >= 4


# Characters between a subject and its own cue beyond which the subject is a sentence subject
# reached through a coordinated cue, not the phrase right before the cue.
MAX_SUBJECT_CUE_GAP = 30


def _extent(frame: Frame) -> tuple[int, int]:
    """From the first to the last character any part of ``frame`` covers; a source far
    before the cue (a sentence subject taken by a coordinated cue) is left out."""
    source = frame.source
    if source is not None and frame.cue is not None and frame.pattern == "direct_quote_pre_cue" \
            and frame.cue[0] - source[1] > MAX_SUBJECT_CUE_GAP:
        source = None
    parts = [
        part for part in (source, frame.cue, frame.content, frame.via_phrase)
        if part is not None and part[0] >= 0
    ]
    return (min(part[0] for part in parts), max(part[1] for part in parts))


def _inside(offset: int, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= offset < span[1]


def _earlier_source(taken: Sequence[Frame], unit: Unit, cue_start: int) -> tuple[int, int] | None:
    """The source (relative to ``unit``) of the last frame whose cue precedes ``cue_start``."""
    earlier = [frame.source for frame in taken if frame.source and frame.source[0] >= 0
               and frame.cue and frame.cue[0] < unit.start + cue_start]
    if not earlier:
        return None
    return (earlier[-1][0] - unit.start, earlier[-1][1] - unit.start)


def _frame_for_cue(
    masked: str, unit: Unit, cue_rel: tuple[int, int], verb: str, taken: Sequence[Frame] = ()
) -> Frame | None:
    """The frame around the cue ``verb`` (lowercase) at ``cue_rel`` in ``masked``, if any."""
    is_stance = verb in STANCE_WORDS and verb not in SPEECH_WORDS
    is_attitude = verb in ATTITUDE_WORDS
    if is_attitude and not verb.endswith("ing") and PASSIVE_BEFORE.search(masked, 0, cue_rel[0]):
        return None
    content = _content_after_cue(masked, unit, cue_rel[1], verb, is_attitude)
    if is_stance and content is None:
        return None  # a stance is only taken with its content: its source need not be sought
    source, pattern = _cue_source(masked, unit, cue_rel, verb, taken, is_stance)
    absolute_cue = (unit.start + cue_rel[0], unit.start + cue_rel[1])
    if source is not None and content is not None:
        return Frame(_absolute(source, unit), absolute_cue, content, pattern)
    if is_stance:
        return None
    return _frame_source_last(masked, unit, cue_rel, source)


def _content_after_cue(
    masked: str, unit: Unit, cue_end: int, verb: str, is_attitude: bool
) -> tuple[int, int] | None:
    """The content (absolute offsets) of a cue ending at ``cue_end``: its complement to the
    end of the unit, trimmed; None when there is none or it is too short."""
    complement = _complement_after(masked, cue_end, verb)
    if complement is None:
        return None
    minimum = MIN_OBJECT_CHARS if is_attitude else MIN_CONTENT_CHARS
    return _trim((unit.start + complement[0], unit.end), masked, unit.start, minimum)


def _cue_source(
    masked: str, unit: Unit, cue_rel: tuple[int, int], verb: str, taken: Sequence[Frame],
    is_stance: bool,
) -> tuple[tuple[int, int] | None, str]:
    """The source of the cue at ``cue_rel`` (relative offsets, or ``(-1, cut)``) and the
    pattern it makes."""
    source = subject_before(masked, cue_rel[0])
    pattern = "stance" if is_stance else "indirect_source_first"
    if source is None:
        coordinated = _coordinated_with_previous(masked, cue_rel[0], verb in SPEECH_WORDS)
        if coordinated is not None:
            # (-1, cut): the source is the previous frame's, whose content ends at the cut.
            source = (-1, unit.start + coordinated)
    if source is None and _participle_after_clause(masked, cue_rel[0], verb):
        # "Carson rejected the notion, saying that ...": the sentence's subject speaks;
        # '"...," he said, citing ...': the speaker of the quotation before.
        source = sentence_subject(masked) or _earlier_source(taken, unit, cue_rel[0])
        pattern = "participle"
    return source, pattern


PARTICIPLE_LEAD = re.compile(r"(?:,|\bbefore|\bafter|\bwhile|\bby|\band)\s*$")


def _participle_after_clause(masked: str, cue_start: int, verb: str) -> bool:
    return verb.endswith("ing") and bool(PARTICIPLE_LEAD.search(masked[:cue_start]))


LEADING_ADVERBIAL = re.compile(
    r"^(?:(?:On|In|At|Last|Earlier|Later|Meanwhile|But|And|However|Still|Yet|Also|Then|Now|"
    r"Since|After|Before|During|Speaking|Asked|Separately|Instead|By|With|Without|For|From|"
    r"Under|Amid|Despite|Following|Within|Throughout|Among|Like|Unlike|As|When|While|If|"
    r"Although|Though|Because|Once|Until|Through|Over|Across|Inside|Outside|Near|Against|"
    r"Beyond|[A-Z][a-z]+ly)\b[^,§]{0,80},\s*)?"
    r"(?:(?:But|And|Yet|So|Still|Meanwhile)\s+)?"
)
SUBJECT_FILLER = (
    names.DETERMINERS | names.TITLE_WORDS | names.GROUP_NOUNS | names.PERSON_NOUNS
    | {"of", "for", "the", "and"}
)


def sentence_subject(masked: str) -> tuple[int, int] | None:
    """The noun phrase that opens a sentence (after an introductory phrase), if plausible."""
    start = LEADING_ADVERBIAL.match(masked)
    position = start.end() if start else 0
    end = position
    for token in names.NON_SPACE.finditer(masked[position:]):
        word = token.group()
        bare = word.rstrip(",").lower()
        if not (word[0].isupper() or bare in SUBJECT_FILLER or bare in names.PRONOUNS_SINGULAR
                or bare in names.PRONOUNS_PLURAL):
            break
        end = position + token.start() + len(word.rstrip(","))
        if word.endswith(","):
            break
    phrase = masked[position:end]
    if not phrase or not _plausible_source(phrase):
        return None
    return (position, end)


def _absolute(span: tuple[int, int], unit: Unit) -> tuple[int, int]:
    if span[0] < 0:
        return span
    return (unit.start + span[0], unit.start + span[1])


def _frame_source_last(masked, unit, cue_rel, source) -> Frame | None:
    """'..., Itar-Tass said.' and '..., said Russia's Itar-Tass news agency.'"""
    absolute_cue = (unit.start + cue_rel[0], unit.start + cue_rel[1])
    inverted = _frame_inverted(masked, unit, cue_rel)
    if inverted is not None:
        return inverted
    parenthetical = _frame_parenthetical(masked, unit, cue_rel, source)
    if parenthetical is not None:
        return parenthetical
    if not _tail_is_short(masked, cue_rel[1]):
        return None
    if source is not None and source[0] >= 0:
        comma = masked.rfind(",", 0, source[0])
        if comma > 0 and masked[comma + 1 : source[0]].strip() == "":
            content = _trim((unit.start, unit.start + comma), masked, unit.start)
            if content is not None:
                return Frame(_absolute(source, unit), absolute_cue, content,
                             "indirect_source_last")
    return None


COMMA_END = re.compile(r",\s*$")


def _frame_parenthetical(masked, unit, cue_rel, source) -> Frame | None:
    """'The economy, she said, is recovering.': the cue set off by commas inside the content,
    which runs over the whole sentence."""
    if source is None or source[0] < 0:
        return None
    if not COMMA_END.search(masked[: source[0]]) or not masked[: source[0]].strip(" ,"):
        return None
    after = CUE_EXTRAS.match(masked, cue_rel[1])
    resume = after.end() if after else cue_rel[1]
    between = masked[cue_rel[1] : resume + 1]
    if "," not in between:
        return None
    if len(masked[resume:].strip(" .,;")) < MIN_CONTENT_CHARS:
        return None
    content = _trim((unit.start, unit.end), masked, unit.start)
    if content is None:
        return None
    absolute_cue = (unit.start + cue_rel[0], unit.start + cue_rel[1])
    return Frame(_absolute(source, unit), absolute_cue, content, "indirect_parenthetical")


THAT_WORD = re.compile(r"\b(?:that)\b")


def _frame_inverted(masked: str, unit: Unit, cue_rel: tuple[int, int]) -> Frame | None:
    """'..., said Dan Smith, a director at ...': cue first, then the source and maybe an
    appositive; the content is everything before the comma."""
    before = masked[: cue_rel[0]].rstrip()
    if not before.endswith(","):
        return None
    inverted = CUE_THEN_SOURCE.match(masked[cue_rel[0] :])
    if inverted is None or not _plausible_source(inverted.group("source")):
        return None
    after = masked[cue_rel[0] + inverted.end("source") :]
    if MASK in after or THAT_WORD.search(after[:20]):
        return None
    src = (cue_rel[0] + inverted.start("source"), cue_rel[0] + inverted.end("source"))
    content = _trim((unit.start, unit.start + len(before) - 1), masked, unit.start)
    if content is None:
        return None
    absolute_cue = (unit.start + cue_rel[0], unit.start + cue_rel[1])
    return Frame(_absolute(src, unit), absolute_cue, content, "indirect_inverted")


def _tail_is_short(masked: str, rel_end: int) -> bool:
    tail = masked[rel_end:]
    if MASK in tail:
        return False
    return len(tail.split()) <= MAX_TAIL_WORDS


# ", and (has) " right before a cue. The same as rf",?\s+and\s+{CUE_AUXILIARY}$" (and with
# "but" and "yet" for speech cues), written to open with a character class so that a search
# skips straight to commas and spaces instead of trying the pattern at every character.
COORDINATING = ("and",)
SPEECH_COORDINATING = ("and", "but", "yet")
COORDINATED_CUE = re.compile(
    rf"[,\s](?:(?<=,)\s+|(?<=\s)\s*)(?:{'|'.join(COORDINATING)})\s+{CUE_AUXILIARY}$"
)
COORDINATED_SPEECH_CUE = re.compile(
    rf"[,\s](?:(?<=,)\s+|(?<=\s)\s*)(?:{'|'.join(SPEECH_COORDINATING)})\s+{CUE_AUXILIARY}$"
)


def _coordinated_with_previous(masked: str, cue_start: int, speech: bool) -> int | None:
    """Where ' and (has) ' starts when the cue at ``cue_start`` is coordinated with an
    earlier one ("has said A and has insisted B"), else None. A speech cue may also follow
    'but' ("lost the vote, but said ..."); other verbs after 'but' are seldom statements."""
    # Both patterns need one of their conjunctions before the cue; most prefixes lack "but"
    # and "yet", many "and", and a find is far cheaper than the anchored search.
    conjunctions = SPEECH_COORDINATING if speech else COORDINATING
    if all(masked.find(word, 0, cue_start) < 0 for word in conjunctions):
        return None
    pattern = COORDINATED_SPEECH_CUE if speech else COORDINATED_CUE
    match = pattern.search(masked, 0, cue_start)
    return match.start() if match else None


def _split_coordinated(frames: list[Frame], masked: str, unit: Unit) -> list[Frame]:
    """'X has said A and has insisted B': two claims, both X's; A ends before 'and'.
    'A spokesman defended the route and said B': the sentence's subject said B."""
    result: list[Frame] = []
    for frame in frames:
        if frame.source is not None and frame.source[0] == -1:
            cue_start = frame.cue[0] if frame.cue is not None else frame.content[0]
            if not result or result[-1].source is None or result[-1].content[1] < cue_start:
                subject = sentence_subject(masked)
                if subject is not None:
                    result.append(replace(frame, source=_absolute(subject, unit),
                                          pattern="participle"))
                continue
            previous = result[-1]
            cut = max(frame.source[1], previous.content[0])
            result[-1] = replace(previous, content=(previous.content[0], cut))
            frame = replace(frame, source=previous.source)
        result.append(frame)
    return result


THAT_END = re.compile(r"\bthat\s*$")
INFINITIVE_START = re.compile(r"to\s+[a-z]")
PREPOSITION_START = re.compile(r"(?:of|about|for|with|by|to|in|on|at|from|as|up|out|off)\b")
# Verbs whose object is an audience before the content ("told reporters that ...").
AUDIENCE_VERBS = frozenset(
    {"tell", "tells", "told", "telling", "inform", "informed", "informs", "assured", "assure",
     "assures", "reassured", "urged", "urge", "urges", "asked", "ask", "asks", "warned", "warn",
     "warns", "advised", "briefed", "reminded"}
)


def _complement_after(masked: str, cue_end: int, verb: str) -> tuple[int, int] | None:
    """Where the content starts after a cue: past a time, a setting, an audience, 'that'."""
    position = cue_end
    if verb in AUDIENCE_VERBS:
        audience = AUDIENCE.match(masked, _skip_spaces(masked, position))
        if audience is not None:
            position = audience.end()
    extras = CUE_EXTRAS.match(masked, position)
    if extras is not None:
        position = extras.end()
    # SETTING_THEN_THAT ends in "that": without one further on it cannot match.
    setting = SETTING_THEN_THAT.match(masked, position) \
        if masked.find("that", position) >= 0 else None
    if setting is not None:
        position = setting.end()
    position = _skip_spaces(masked, position)
    rest = masked[position:]
    if verb in ATTITUDE_WORDS:
        if len(rest.strip(" .,;")) < MIN_OBJECT_CHARS:
            return None
    elif not rest.startswith(MASK) and (
        len(rest.strip(" .,;")) < MIN_CONTENT_CHARS
        or len(rest.split(None, MIN_CONTENT_WORDS - 1)) < MIN_CONTENT_WORDS  # too few words
    ):
        return None  # a quotation, masked into one word, is content however short it looks
    if verb in INFINITIVE_VERBS and INFINITIVE_START.match(rest):
        return (position, len(masked))  # "vowed to fight on": the intention is the content
    # Whether "that" was passed is asked last: only a preposition after the cue needs it.
    if PREPOSITION_START.match(rest) and not verb.startswith(PREPOSITION_CUES) \
            and THAT_END.search(masked[cue_end:position]) is None:
        return None
    if rest[0] in ",.;)":
        return None
    return (position, len(masked))


def _skip_spaces(masked: str, position: int) -> int:
    while position < len(masked) and masked[position] == " ":
        position += 1
    return position


def _trim(
    content: tuple[int, int], masked: str, unit_start: int, minimum: int = MIN_CONTENT_CHARS
) -> tuple[int, int] | None:
    """``content`` without surrounding spaces and end punctuation; None when shorter than
    ``minimum`` characters."""
    start, end = content
    rel_start, rel_end = start - unit_start, end - unit_start
    while rel_start < rel_end and masked[rel_start] in " ,;:—–-\n":
        rel_start += 1
    while rel_end > rel_start and masked[rel_end - 1] in " ,;:.—–-\n":
        rel_end -= 1
    if rel_end - rel_start < minimum:
        return None
    return (unit_start + rel_start, unit_start + rel_end)


# ---------------------------------------------------------------------------------------------
# Sources


SUBJECT_TRIM = re.compile(rf"\s+{CUE_AUXILIARY}$")
LEADING_CONNECTIVE = re.compile(
    r"^\s*(?:(?:but|and|or|so|yet|then|also|still|instead|meanwhile|now|however|indeed|"
    r"moreover|furthermore|separately|later|earlier|in turn|in addition|"
    r"(?:in|on|at|during|since|last|this|by)\s+(?:(?:early|late|mid)\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|"
    r"spring|summer|fall|autumn|winter|\d{4})(?:\s+\d{1,4})?)\b[\s,]*)+",
    re.IGNORECASE,
)
SOURCE_START = re.compile(
    rf"^(?:[A-Z0-9]|(?:the|a|an|one|some|two|three|four|five|several|many|most|other|"
    rf"others|another|his|her|their|its|our|both|all|few|no|each|these|those|this|that|"
    rf"he|she|they|we|i|it|you|officials|sources|analysts|experts|critics|"
    rf"{'|'.join(sorted(names.GROUP_NOUNS))}|former|senior|top|retired|current|leading|"
    rf"independent|local|federal|state|foreign|government|administration|party|campaign|"
    rf"police|military|company|industry|union|opposition|western|european)\b)",
)
NOT_SOURCE_WORDS = frozenset(
    """
    is was were are be been being will would should could can may might must has have had do
    does did if to
    """.split()
)


# ", however," between a subject and its cue: blanked out (same length) before looking left.
INTERJECTION = re.compile(
    r",\s*(?:however|meanwhile|too|though|in turn|for (?:his|her|their|its) part|"
    r"for example|for instance|in fact|of course|instead|at the time|at least|also)\s*,\s*$"
)


# "Kasich (who has 25 delegates) said", "Insiders in two states — Nevada and Ohio — said": an
# aside between the subject and its cue, blanked out (same length) before looking left.
ASIDE_BEFORE_CUE = re.compile(
    r"\s*(?:\([^()§]{1,120}\)|\s(?:—|–|--)\s[^—–§]{1,120}\s(?:—|–|--))\s*$"
)


RELATIVE_SPEAKER = re.compile(r"[A-Za-z.'’]\s*,\s*(who)$")


def subject_before(masked: str, cue_start: int) -> tuple[int, int] | None:
    """The subject phrase ending right before a cue at ``cue_start`` (relative offsets), or
    None when what precedes does not look like a speaker.

    Looks left to the nearest clause boundary, skipping one appositive or relative clause set
    off by commas ("Brian Abernathy, the city's first deputy manager, said").
    """
    return _subject_of_prefix(masked[:cue_start])


# The subject depends on the text before the cue alone, and sentence openings ("He ", "The
# company ", "Analysts ") recur across articles: about one cue in five repeats a prefix.
@functools.lru_cache(maxsize=16384)
def _subject_of_prefix(left: str) -> tuple[int, int] | None:
    # The prefix right-stripped once, and again only after a blanking changed it.
    stripped = left.rstrip()
    if stripped.endswith(","):
        left = INTERJECTION.sub(lambda found: " " * len(found.group()), left)
        stripped = left.rstrip()
    if stripped.endswith((")", "—", "–", "--")):
        left = ASIDE_BEFORE_CUE.sub(lambda found: " " * len(found.group()), left)
        stripped = left.rstrip()
    trimmed = _without_trailing_auxiliaries(left, stripped)
    if not trimmed:
        return None
    if trimmed.endswith(","):
        appositive = _appositive_subject(trimmed[:-1])
        if appositive is not None:
            return appositive
        return None
    start = _clause_start(trimmed)
    relative = _relative_antecedent(trimmed, start)
    if relative is not None:
        return relative
    pronoun = RELATIVE_SPEAKER.search(trimmed) if trimmed.endswith("who") else None
    if pronoun is not None:
        # "..., said Beck, who added that ...": the relative pronoun is the source; its
        # antecedent is resolved like a pronoun's.
        return pronoun.span(1)
    phrase = trimmed[start:]
    connective = LEADING_CONNECTIVE.match(phrase)
    if connective:
        start += connective.end()
        phrase = trimmed[start:]
    if not _plausible_source(phrase):
        return None
    return (start, len(trimmed))


def _without_trailing_auxiliaries(left: str, stripped: str | None = None) -> str:
    """``left`` without the auxiliaries and adverbs ending it ("Smith has also " -> "Smith"),
    right-stripped. Reads whole words back from the end, which is what SUBJECT_TRIM removes
    (``re.sub`` on ``" " + left``), without scanning the whole prefix for where it starts.
    ``stripped`` is ``left.rstrip()`` when the caller has it."""
    trimmed = left.rstrip() if stripped is None else stripped
    if len(trimmed) == len(left):
        return trimmed  # SUBJECT_TRIM needs trailing space: nothing to remove
    while trimmed:
        last = trimmed.rsplit(None, 1)[-1]
        if last not in AUXILIARY_WORD_SET:
            break
        trimmed = trimmed[: len(trimmed) - len(last)].rstrip()
    return trimmed


RELATIVE_OPENER = re.compile(r"(?:,\s*)?\bwho\s*$")


def _relative_antecedent(left: str, start: int) -> tuple[int, int] | None:
    """The noun phrase before 'who' when the subject is '<NP> who <clause>' or '<NP>, who'."""
    if not left[:start].rstrip().endswith("who"):
        return None  # RELATIVE_OPENER ends in 'who' and spaces: no need to scan for it
    opener = RELATIVE_OPENER.search(left[:start])
    if opener is None:
        return None
    antecedent_end = opener.start()
    antecedent_start = _clause_start(left[:antecedent_end])
    phrase = left[antecedent_start:antecedent_end]
    connective = LEADING_CONNECTIVE.match(phrase)
    if connective:
        antecedent_start += connective.end()
        phrase = left[antecedent_start:antecedent_end]
    clause = left[start:]
    if not _plausible_source(phrase) or MASK in clause or "," in clause:
        return None
    return (antecedent_start, antecedent_end)


SHORT_CAPITALIZED_NAME = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}")
APPOSITIVE_CLAUSE_START = re.compile(
    r"(?:who|which|whose|in|at|on|from|for|with|after|speaking|a\s+(?:day|week)|[a-z]+ing)\b"
)
APPOSITIVE_INTERJECTION = re.compile(
    r"(?:however|meanwhile|too|though|instead|in turn|for example|for instance|"
    r"in fact|of course|indeed|then|again|also|now|still|once|initially)\b"
)


def _appositive_subject(left: str) -> tuple[int, int] | None:
    comma = left.rfind(",")
    if comma < 0:
        return None
    appositive = left[comma + 1 :].strip()
    head_end = comma
    head_start = _clause_start(left[:head_end])
    head = left[head_start:head_end]
    connective = LEADING_CONNECTIVE.match(head)
    if connective:
        head_start += connective.end()
        head = left[head_start:head_end]
    if MASK in appositive:
        return None
    if not head.strip() or not _plausible_source(head):
        # "One delegate not on the slate, Kelly Smith, told ...": the name is the source.
        if SHORT_CAPITALIZED_NAME.fullmatch(appositive):
            start = comma + 1 + (len(left[comma + 1 :]) - len(left[comma + 1 :].lstrip()))
            return (start, len(left))
        return None
    if APPOSITIVE_CLAUSE_START.match(appositive):
        return (head_start, head_end)
    if APPOSITIVE_INTERJECTION.match(appositive) or len(appositive.split()) > 25:
        return None
    return (head_start, len(left))


def _clause_start(left: str) -> int:
    """The offset where the clause ending ``left`` begins: past the last clause boundary and
    the last clause opener after it ("but", "who", ...)."""
    boundary = 0
    for match in CLAUSE_BOUNDARY.finditer(left):
        boundary = match.end()
    clause = left[boundary:]
    lowered = clause.lower()
    if len(lowered) != len(clause):
        return boundary + _last_opener_end_by_words(clause)  # lowering moved the offsets
    opener = LAST_CLAUSE_OPENER.match(lowered)
    return boundary + opener.end() if opener else boundary


# The last word of a clause (spaces or an end around it) that is a clause opener once
# lowercased and stripped of commas. The greedy lead makes the engine try from the end of the
# clause backwards, so one match finds the last opener instead of a loop over every word; the
# openers are a trie, tried once per position rather than one word after another.
LAST_CLAUSE_OPENER = re.compile(
    r"(?s:.*)(?<!\S),*" + _verb_alternation(sorted(CLAUSE_OPENERS)) + r",*(?!\S)"
)


def _last_opener_end_by_words(clause: str) -> int:
    """Where the last clause opener of ``clause`` ends, or 0: what LAST_CLAUSE_OPENER finds on
    the lowercased clause, read word by word (for text whose lowercase form is longer)."""
    # Words are read from the right; each is found by rfind short of the word after it.
    word_end = len(clause)
    for word in reversed(clause.split()):
        word_start = clause.rfind(word, 0, word_end)
        if word.lower().strip(",") in CLAUSE_OPENERS:
            return word_start + len(word)
        word_end = word_start
    return 0


# Clause punctuation, a spaced dash, a masked quotation. The same as
# r"[,;:(\[—–]|\s[-–—]\s|§+", written to open with a character class (see COORDINATED_CUE).
CLAUSE_BOUNDARY = re.compile(
    r"[,;:(\[—–\s" + MASK + r"](?:(?<=[,;:(\[—–])|(?<=\s)[-–—]\s|(?<=" + MASK + r")"
    + MASK + r"*)"
)


POSSESSIVE_END = re.compile(r"(?:'s|’s|s'|s’)$")
# Participles that modify a speaker noun rather than act as its verb ("unnamed sources").
SPEAKER_PARTICIPLES = frozenset(
    """
    unnamed unidentified retired elected embattled so-called concerned detained jailed exiled
    ousted disgraced qualified named appointed re-elected designated indicted accused
    self-described self-proclaimed respected veteran-led informed armed masked anonymous
    interviewed surveyed polled assembled gathered affected displaced injured wounded
    """.split()
)


def _looks_like_verb(word: str) -> bool:
    # A lowercase past-tense word inside a subject means it is a clause, not a speaker.
    return word.endswith("ed") and len(word) > 4 and word not in SPEAKER_PARTICIPLES \
        and word not in names.TITLE_WORDS


# Speaker phrases ("he", "officials", "the company") repeat across articles, and the answer
# depends on the phrase alone.
@functools.lru_cache(maxsize=32768)
def _plausible_source(phrase: str) -> bool:
    """Whether ``phrase`` can be a speaker: short, noun-phrase-like, no finite verb."""
    phrase = phrase.strip()
    if not phrase or MASK in phrase:
        return False
    words = phrase.split()
    if len(words) > MAX_SOURCE_WORDS:
        return False
    lowered = [word.lower().strip(",.") for word in words]
    if not NOT_SOURCE_WORDS.isdisjoint(lowered):
        return False
    if lowered[-1] in names.DETERMINERS or lowered[-1] in {"of", "and", "the", "to", "for"}:
        return False
    if lowered[0] in {"it", "this", "that", "there", "what", "which", "who"}:
        return False
    if POSSESSIVE_END.search(words[-1]):
        return False  # "Losyukov's remarks": a noun, not a verb, follows
    if any(_looks_like_verb(word) for word, low in zip(words, lowered, strict=True)
           if low == word):
        return False
    return bool(SOURCE_START.match(phrase)) or _lowercase_noun_phrase(lowered)


# Lowercase words that cannot open a speaker phrase: adverbs, verbs and fragments that show the
# words before a cue are the tail of a clause ("it is widely said"), not a subject.
NOT_SUBJECT_OPENERS = frozenset(
    """
    not also just only even still then now so very really to in on at by for with from of as
    than more most less least about into over under after before since until because although
    though if when while where what how why whether that which who whom whose there here it
    being having getting been said says say told asked added be is was were are
    """.split()
)


def _lowercase_noun_phrase(lowered: list[str]) -> bool:
    """'legal experts', 'about half of primary voters': a lowercase subject that opens with a
    word a noun phrase can open with and ends in a noun-like word."""
    first, last = lowered[0], lowered[-1]
    if len(lowered) < 2 or first in NOT_SUBJECT_OPENERS or not first.isalpha():
        return False
    return last.isalpha() and not last.endswith(NOT_NOUN_ENDINGS) \
        and last not in NOT_SUBJECT_OPENERS


# Endings of adverbs, adjectives and participles: a phrase ending so is not a noun phrase.
NOT_NOUN_ENDINGS = ("ly", "ful", "ous", "ive", "ible", "able", "ed", "ing")


# ---------------------------------------------------------------------------------------------
# Speaker lines: headlines and transcripts


# "Reid: Never underestimate Trump." and "SMITH: We will win.": a short name, a colon, what
# the named speaker said, to the end of the paragraph.
SPEAKER_LINE = re.compile(
    r"(?P<source>(?:[A-Z][\w.'’-]*|of|the|de|van|von|al)(?:[ \t]+(?:[A-Z][\w.'’-]*|of|the|de|"
    r"van|von|al)){0,5})[ \t]*(?P<cue>:)[ \t]+(?=\S)"
)
# Labels that open a line with a colon but name no speaker.
NOT_SPEAKER_LABELS = frozenset(
    """
    update updated related note editor editors photo photos video watch read source sources
    correction corrections transcript warning disclosure subscribe follow share tags topics
    image images credit caption click listen advertisement also more breaking exclusive
    opinion analysis background file previously see contact email phone website live
    reporting writing additional the a an this that these those what why how who when where
    here there but and or so yes no bottom question answer ps p.s. re fw fwd subject
    from to date sent cc attachments by
    """.split()
)


def add_speaker_lines(
    text: str, units: Sequence[Unit], frames_by_unit: list[list[Frame]]
) -> list[list[Frame]]:
    """Give a paragraph that opens 'Name: ...' (a headline or a transcript turn) a frame
    whose content runs to the end of the paragraph, unless the line already has one."""
    result = [list(frames) for frames in frames_by_unit]
    for index, unit in enumerate(units):
        # SPEAKER_LINE needs a colon outside quotations: most units have none at all.
        if result[index] or text.find(":", unit.start, unit.end) < 0 \
                or not _opens_paragraph(text, unit.start):
            continue
        match = SPEAKER_LINE.match(masked_unit(text, unit))
        if match is None or not _names_speaker(match.group("source")):
            continue
        end = unit.end
        for later in units[index + 1 :]:
            if later.paragraph != unit.paragraph:
                break
            end = later.end
        content = _trim((unit.start + match.end(), end), text, 0)
        if content is None:
            continue
        result[index].append(Frame(
            (unit.start + match.start("source"), unit.start + match.end("source")),
            (unit.start + match.start("cue"), unit.start + match.end("cue")),
            content, "speaker_line",
        ))
    return result


def _opens_paragraph(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip()


def _names_speaker(phrase: str) -> bool:
    words = phrase.split()
    if words[0].lower().strip(".") in NOT_SPEAKER_LABELS or words[-1].lower() in {"of", "the"}:
        return False
    if len(words) == 1 and words[0].rstrip(".") in {"Q", "A"}:
        return True  # interview turns
    return names.split_title(phrase)[1] is not None


# ---------------------------------------------------------------------------------------------
# Quotations with no cue of their own


def add_continued_quotes(
    text: str, units: Sequence[Unit], frames_by_unit: list[list[Frame]]
) -> list[list[Frame]]:
    """Give a unit that is nothing but a quotation to the speaker of the quotation just
    before it (same paragraph or the paragraph before); else keep it unattributed."""
    result = [list(frames) for frames in frames_by_unit]
    last_direct: Frame | None = None
    last_paragraph = -1
    for index, unit in enumerate(units):
        frames = result[index]
        if frames:
            direct = [frame for frame in frames if frame.source and _is_quote_frame(unit, frame)]
            last_direct = direct[-1] if direct else None
            last_paragraph = unit.paragraph
            continue
        if not _is_bare_quote(text, unit):
            if unit.paragraph != last_paragraph:
                last_direct = None
            continue
        if last_direct is not None and unit.paragraph == last_paragraph:
            # '"A," he said. "B."': one statement, its content runs through the second quote.
            grown = replace(last_direct, content=(last_direct.content[0], unit.quotes[-1][1]))
            _replace_frame(result, last_direct, grown)
            last_direct = grown
            continue
        if last_direct is not None and unit.paragraph - last_paragraph == 1:
            frames.append(
                Frame(last_direct.source, None, unit.quotes[0][:1] + (unit.quotes[-1][1],),
                      "direct_quote_continued", last_direct.via_phrase, last_direct.via_inferred)
            )
            last_paragraph = unit.paragraph
        else:
            frames.append(Frame(None, None, (unit.quotes[0][0], unit.quotes[-1][1]),
                                "unattributed_quote"))
    return result


def _replace_frame(frames_by_unit: list[list[Frame]], old: Frame, new: Frame) -> None:
    for frames in frames_by_unit:
        for index, frame in enumerate(frames):
            if frame is old:
                frames[index] = new
                return


def _is_quote_frame(unit: Unit, frame: Frame) -> bool:
    return any(start == frame.content[0] for start, _ in unit.quotes)


def _is_bare_quote(text: str, unit: Unit) -> bool:
    if not unit.quotes:
        return False
    outside = masked_unit(text, unit).replace(MASK, "")
    return len(outside.strip(" .,;:—–-\n")) == 0 and unit.quotes[-1][1] - unit.quotes[0][0] > 20


# ---------------------------------------------------------------------------------------------
# Speakers, outlets and dates


class NameLookup(Protocol):
    """What speaker resolution asks of the names in an article (a NameBook answers it)."""

    def canonical(self, name: str, offset: int | None = None) -> str: ...

    def title_of(self, name: str) -> str | None: ...

    def is_person(self, name: str) -> bool: ...

    def nearest_person(self, offset: int, description: str | None = None) -> str | None: ...


class LazyNameBook:
    """The NameBook of an article's text, built by :func:`build_name_book` on the first
    question: one article in eight has no speaker that needs a name looked up (outlets,
    groups, "they"), and reading every name of the article is a third of the extractor's
    cost."""

    def __init__(self, text: str, quotes: Sequence[tuple[int, int]]) -> None:
        self._text = text
        self._quotes = quotes
        self._book: NameBook | None = None

    @property
    def book(self) -> NameBook:
        if self._book is None:
            self._book = build_name_book(self._text, self._quotes)
        return self._book

    def canonical(self, name: str, offset: int | None = None) -> str:
        return self.book.canonical(name, offset)

    def title_of(self, name: str) -> str | None:
        return self.book.title_of(name)

    def is_person(self, name: str) -> bool:
        return self.book.is_person(name)

    def nearest_person(self, offset: int, description: str | None = None) -> str | None:
        return self.book.nearest_person(offset, description)


def build_name_book(text: str, quotes: Sequence[tuple[int, int]]) -> NameBook:
    """A NameBook of the names mentioned outside quotations, in text order."""
    book = NameBook()
    cursor = 0
    for start, end in [*quotes, (len(text), len(text))]:
        for mention in names.find_name_mentions(text, cursor, start):
            book.add(mention)
        cursor = end
    return book


@dataclass(frozen=True)
class Speaker:
    name: str | None
    description: str | None
    kind: str
    resolved_by: str  # "name", "pronoun", "description", "none"


TITLE_ENDS_IN_PREPOSITION = re.compile(r"\b(?:in|of|at|from|for|on|to)$")
MINISTERIAL_TITLE_END = re.compile(r"\b(?:Secretary|Minister|Ministry|Department)\s+(?:of|for)$")


def resolve_speaker(phrase: str, offset: int, book: NameLookup) -> Speaker:
    """Who ``phrase`` (a source mention at ``offset``) refers to."""
    reading = read_speaker_phrase(phrase)
    if reading.form == PERSON_PRONOUN:
        name = book.nearest_person(offset)
        kind = names.PERSON if name else names.UNKNOWN
        return Speaker(name, _clean_title(book.title_of(name)) if name else None, kind, "pronoun")
    if reading.form == OTHER_PRONOUN:
        return Speaker(None, None, reading.kind, "pronoun")
    if reading.form == OUTLET:
        return Speaker(reading.name, None, names.ORGANIZATION, "name")
    if reading.form == NAME:
        assert reading.name is not None
        canonical = book.canonical(reading.name, offset)
        kind = names.classify_name(canonical, reading.title)
        if kind == names.UNKNOWN:
            kind = names.PERSON if book.is_person(canonical) or len(canonical.split()) == 1 \
                else names.UNKNOWN
        title = reading.title or book.title_of(canonical)
        return Speaker(canonical, _clean_title(title), kind, "name")
    return _resolve_description(reading, offset, book)


# The forms of a speaker phrase, told apart before the article's names are consulted.
PERSON_PRONOUN, OTHER_PRONOUN, OUTLET, NAME, DESCRIPTION = (
    "person_pronoun", "other_pronoun", "outlet", "name", "description"
)


@dataclass(frozen=True)
class SpeakerPhrase:
    """What a source phrase says by itself: its form, and the name, title or kind it holds.

    ``bare`` is the phrase stripped of spaces and commas; ``name`` is the outlet's canonical
    name (OUTLET) or the name part (NAME); ``kind`` is the kind of a non-person pronoun or of
    a description; ``definite`` whether a description opens with the/this/that."""

    bare: str
    form: str
    name: str | None = None
    title: str | None = None
    kind: str = names.UNKNOWN
    definite: bool = False


# Speaker phrases ("he", "officials", "the ministry") repeat within and across articles and
# their reading depends on the phrase alone; only the NameBook lookups are per article.
@functools.lru_cache(maxsize=32768)
def read_speaker_phrase(phrase: str) -> SpeakerPhrase:
    """The form of the source phrase ``phrase`` and what it holds (see SpeakerPhrase)."""
    bare = phrase.strip().strip(",")
    lowered = bare.lower()
    if lowered in names.PRONOUNS_SINGULAR or lowered == "who":
        return SpeakerPhrase(bare, PERSON_PRONOUN)
    if lowered in names.PRONOUNS_PLURAL or lowered in names.PRONOUNS_NEUTER:
        return SpeakerPhrase(bare, OTHER_PRONOUN,
                             kind=names.GROUP if lowered != "it" else names.UNKNOWN)
    outlet = names.canonical_outlet(bare)
    if outlet:
        return SpeakerPhrase(bare, OUTLET, name=outlet)
    title, name = names.split_title(bare)
    if name is not None and title and TITLE_ENDS_IN_PREPOSITION.search(title) \
            and not MINISTERIAL_TITLE_END.search(title):
        name = None  # "consul-general in Hong Kong": the name is a place, not the speaker
    if name is not None and not _is_description_name(name):
        return SpeakerPhrase(bare, NAME, name=name, title=title)
    return SpeakerPhrase(bare, DESCRIPTION, kind=names.describe_phrase(bare),
                         definite=DEFINITE_START.match(bare) is not None)


def _is_description_name(name: str) -> bool:
    # "U.S. officials" splits with no name; "Democrats" is a group, not a person.
    return name.lower() in names.GROUP_NOUNS


DEFINITE_START = re.compile(r"(?:the|this|that)\s", re.IGNORECASE)


# Titles repeat across articles and the cleaned form depends on the title alone.
@functools.lru_cache(maxsize=16384)
def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    cleaned = names.LEADING_DETERMINER.sub("", title.strip(" ,"))
    return cleaned or None


def _resolve_description(reading: SpeakerPhrase, offset: int, book: NameLookup) -> Speaker:
    # "the envoy": the last person named before whose title fits the description.
    phrase = reading.bare
    if reading.kind == names.PERSON and reading.definite:
        name = book.nearest_person(offset, description=phrase)
        if name is not None:
            return Speaker(name, _clean_title(phrase), names.PERSON, "description")
    return Speaker(None, phrase, reading.kind, "none")


def build_claim(
    text: str,
    unit: Unit,
    frame: Frame,
    book: NameLookup,
    quotes: Sequence[tuple[int, int]],
    dct: datetime.date | None,
    dates: DateIndex,
) -> Claim:
    """A Claim from a frame: speaker resolved, outlet named, kind and date set (from
    ``dates``, the article's calendar dates)."""
    source_span = _span(text, frame.source)
    speaker = (
        resolve_speaker(source_span.text, source_span.start, book)
        if source_span
        else Speaker(None, None, names.UNKNOWN, "none")
    )
    content = _span(text, frame.content)
    assert content is not None
    cue = _span(text, frame.cue)
    via = _via(text, frame, quotes)
    said_on, precision = said_on_for(cue, dates, dct)
    return Claim(
        source=source_span,
        speaker=speaker.name,
        speaker_description=speaker.description,
        speaker_kind=speaker.kind,
        cue=cue,
        content=content,
        kind=content_kind(text, frame, unit),
        via=via,
        said_on=said_on,
        said_on_precision=precision,
        confidence=_confidence(frame, speaker),
        pattern=frame.pattern,
    )


def _span(text: str, offsets: tuple[int, int] | None) -> Span | None:
    if offsets is None or offsets[0] < 0:
        return None
    start, end = offsets
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end)


def content_kind(text: str, frame: Frame, unit: Unit) -> str:
    """direct when the content is quotation, mixed when it holds one, else indirect."""
    if not unit.quotes:
        return INDIRECT
    start, end = frame.content
    inner = [(qs, qe) for qs, qe in unit.quotes if qs >= start and qe <= end]
    if not inner:
        return INDIRECT
    quoted = sum(qe - qs for qs, qe in inner)
    if QUOTE_MARK.match(text, start) and quoted >= 0.6 * (end - start):
        return DIRECT
    return MIXED


def _via(text: str, frame: Frame, quotes: Sequence[tuple[int, int]]) -> str | None:
    if frame.via_phrase is not None:
        phrase = text[frame.via_phrase[0] : frame.via_phrase[1]]
        return names.canonical_outlet(phrase) or _outlet_name(phrase)
    if frame.via_inferred:
        return _last_outlet_before(text, frame.content[0], quotes)
    return None


def _outlet_name(phrase: str) -> str | None:
    title, name = names.split_title(phrase.strip())
    return name or None


OUTLET_MENTION = re.compile(
    r"(?:[A-Z][\w.'’&-]*[ \t]+)*?(?:[A-Z][\w'’&-]*)?[ \t]*(?:news agency|[Nn]ews [Aa]gency|"
    r"daily|newspaper|agency)\b|\b(?:" + "|".join(
        re.escape(name) for name in sorted(set(names.OUTLET_ALIASES.values()), key=len,
                                           reverse=True)
    ) + r"|Tass)\b"
)


def _last_outlet_before(text: str, offset: int, quotes) -> str | None:
    """The outlet named last before ``offset`` (for '... was quoted as saying')."""
    found = None
    for match in OUTLET_MENTION.finditer(text, 0, offset):
        outlet = names.canonical_outlet(match.group())
        if outlet:
            found = outlet
    return found


class DateIndex:
    """The calendar dates among an article's time expressions (only they can date a
    statement), ordered by start so that the dates by a cue are found by bisection instead
    of a look at every date for every claim."""

    def __init__(self, timexes: Iterable[TimexLike]) -> None:
        dates = [timex for timex in timexes if DATE_VALUE.match(timex.value or "")]
        self._dates = dates
        # Positions in the given order, sorted by start: the first date by a cue is the first
        # in the given order, whatever order the tagger gave them in.
        self._order = sorted(range(len(dates)), key=lambda index: dates[index].span.start)
        self._starts = [dates[index].span.start for index in self._order]
        self._longest = max((date.span.end - date.span.start for date in dates), default=0)

    def by_cue(self, cue_start: int, cue_end: int) -> TimexLike | None:
        """The first date attached to the cue at ``[cue_start, cue_end)``: "said on Monday",
        "said Monday", "on Monday said" (at most "on" between them); None when there is
        none."""
        # A date ending by the cue starts at most its length before that; one after it
        # starts within the gap after the cue.
        low = bisect.bisect_left(self._starts, cue_start - MAX_GAP_BEFORE_CUE - self._longest)
        high = bisect.bisect_right(self._starts, cue_end + MAX_GAP_AFTER_CUE)
        first = None
        for index in self._order[low:high]:
            span = self._dates[index].span
            if (0 <= span.start - cue_end <= MAX_GAP_AFTER_CUE
                    or 0 <= cue_start - span.end <= MAX_GAP_BEFORE_CUE) \
                    and (first is None or index < first):
                first = index
        return None if first is None else self._dates[first]


def said_on_for(
    cue: Span | None, dates: DateIndex, dct: datetime.date | None
) -> tuple[str | None, str]:
    """The date a statement was made: a calendar date of ``dates`` right by the cue, else the
    article date at day precision, else ``(None, "unknown")``."""
    if cue is not None:
        timex = dates.by_cue(cue.start, cue.end)
        if timex is not None:
            return timex.value, _precision(timex.value)
    if dct is not None:
        return dct.isoformat(), "day"
    return None, "unknown"


def _precision(value: str) -> str:
    return {4: "year", 7: "month", 10: "day"}.get(len(value), "unknown")


def _confidence(frame: Frame, speaker: Speaker) -> float:
    score = PATTERN_CONFIDENCE.get(frame.pattern, 0.5)
    if speaker.resolved_by == "pronoun":
        score -= PRONOUN_PENALTY
    if speaker.name is None and speaker.description is None:
        score -= UNRESOLVED_PENALTY
    return round(max(0.05, min(1.0, score)), 2)
