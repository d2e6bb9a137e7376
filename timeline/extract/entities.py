"""Entities named in an article: people with their titles, organisations, countries, places.

Pure and rule based: text in, :class:`EntityMention` records (each with the span that names
it) and one :class:`Entity` per thing named, with every variant it went under as aliases.

What is merged inside one article, and why:

- a surname or a name with an honorific is the full name seen before it ("Losyukov",
  "Mr. Losyukov" -> "Alexander Losyukov"), the way :class:`~timeline.extract.names.NameBook`
  reads them for the claims;
- an acronym is the organisation it stands for ("U.N." -> United Nations), from the general
  table or from a definition in the text ("the International Atomic Energy Agency (IAEA)");
- a country acts under its own name, its capital or its demonym ("Washington said",
  "Pyongyang's consul-general" -> the country), while a capital after a locative preposition
  ("in Pyongyang") stays the place; "the North" is the northern country the article names;
- a company's short name is its full name without the legal suffix ("Weatherford" ->
  "Weatherford International").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from timeline.extract import names
from timeline.extract.names import NameBook
from timeline.gazetteer import Gazetteer, Place, default_gazetteer
from timeline.spans import Span

PERSON, ORGANIZATION, COUNTRY, PLACE, GROUP = (
    "person", "organization", "country", "place", "group"
)
# The description of a country named only inside someone's title ("North Korean leader").
AFFILIATION = "affiliation"
# Last words of a name that make it an event, not an entity ("the Korean War").
EVENT_NAME_HEADS = frozenset(
    {"War", "Revolution", "Olympics", "Games", "Uprising", "Massacre", "Summit", "Crisis",
     "Cup", "Election", "Elections", "Day", "Week", "Festival", "Accords", "Treaty",
     "Prize", "Award", "Awards"}
)
# Words right before a name that make it the place something happens at, not an actor.
LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|to|from|outside|inside|into|across|around|via|toward|towards|"
    r"(?:outskirts|suburbs|streets|centre|center|capital|city|port|province|region|town|"
    r"village|district) of|visit|visited|visiting|visits|arrived in|based in)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
LOCATIVE_WINDOW = 30
# Legal suffixes dropped from a company's canonical name; the short form then matches it.
CORPORATE_SUFFIX = re.compile(
    r"(?:,?\s+(?:Inc|Corp|Corporation|Co|Ltd|Limited|Plc|PLC|LLC|L\.P|LP|SA|S\.A|AG|NV|N\.V|"
    r"SE|SpA|AB|ASA|Oyj|GmbH|Holdings?|Group)\.?)+$"
)
# "the International Atomic Energy Agency (IAEA)": an acronym defined in the text.
ACRONYM_DEFINITION = re.compile(r"(?P<full>(?:[A-Z][\w'&-]*\s+(?:(?:of|for|and|the)\s+)*)+"
                                r"[A-Z][\w'&-]*)\s+\(\s*(?P<short>[A-Z][A-Z.&]{1,9})\s*\)")
# Stock tickers after a company name ("( WFT.N )") mark it as an organisation.
# Matched at the end of the name, within TICKER_WINDOW characters.
TICKER_AFTER = re.compile(r"\s*\(\s*[A-Z0-9.]{1,12}\.[A-Z]{1,3}\s*\)")
TICKER_WINDOW = 20
# Compass words standing for a country whose name starts with them ("the North").
COMPASS_WORDS = ("North", "South", "East", "West")
COMPASS_NAME = re.compile(r"\b(?P<word>North|South|East|West) [A-Z][a-z]+")
# An acronym in parentheses; the words before it are then read for its full form.
ACRONYM_IN_PARENTHESES = re.compile(r"\(\s*[A-Z][A-Z.&]{1,9}\s*\)")
ACRONYM_DEFINITION_CHARS = 120
ACRONYM_SHAPE = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,6}|Fed")
# Single capitalised words that are never entities on their own.
NOT_ENTITIES = frozenset(
    """
    Reuters Mr Mrs Ms Dr Sir Inc Corp Ltd Co Group Company Chief Executive Officer President
    Minister Secretary Prime Vice Deputy Senator Governor Chairman Director Party Council
    Government State Ministry Police Army Court Parliament Congress Senate House Internet
    Web Christmas Easter Ramadan God Islam Islamic Christian Muslim Jewish Catholic Sunni Shi'ite
    Shiite Communist Democrat Democrats Republican Republicans Earth Net Nasdaq Dow Index
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Instead Adds Updates Recasts Corrects Refiles Slow Top Full Analysis Factbox Overall
    January February March April May June July August September October November December
    Thanksgiving Halloween Fahrenheit Celsius Almost Formation Clear Overall Separately
    GMT EST EDT ET BST CET PST CST IPO CEO CFO COO GDP CPI PPI EPS ETF LNG PC TV AM PM
    """.split()
)
# Places that stand for a trade, not an actor.
NOT_ENTITY_NAMES = frozenset({"Wall Street", "Main Street", "Fleet Street", "Silicon Valley"})
# Market indexes and indicators are what moved, not who acted ("the Nasdaq Composite Index").
INDEX_HEADS = frozenset({"Index", "Average", "Composite", "Indices", "Indexes"})
INDEX_NAMES = frozenset({"Dow Jones", "Nasdaq", "S&P", "FTSE", "Nikkei", "DAX", "CAC", "Hang Seng"})
# Stock codes written into a name ("Bear Stearns BSC.N"), and the "Las Vegas-based" of a company.
TRAILING_TICKER = re.compile(r"\s+\(?\s*[A-Z0-9]{1,8}\.[A-Z]{1,3}\s*\)?$")
BASED_PREFIX = re.compile(r"^(?:[A-Z][\w.'’-]*\s+)*[A-Z][\w.'’]*-based(?:\s+|$)")
# "Britain's Smiths Group": the owner's possessive is no part of the company's name.
POSSESSIVE_OWNER = re.compile(r"^[A-Z][\w.-]*(?:'s|’s)\s+(?=[A-Z])")
# Endings of common English words: a lone capitalised word opening a sentence with one of
# these is read as a word, not a name ("Formation of the studio ...").
COMMON_WORD_ENDINGS = ("ion", "ly", "ment", "ness", "ity", "ing", "ed", "al", "ive", "ous",
                       "ful", "able", "ible", "ance", "ence", "ship", "ure", "est", "er")
# Capitalised common words that open sentences in business news and name no one.
COMMON_CAPITALIZED = frozenset(
    """
    shares stocks prices sales profit profits revenue earnings oil gold output demand
    growth inflation unemployment investors traders analysts economists consumers
    markets exports imports production spending trading volume dollar euro yen
    """.split()
)
LOWERCASE_WORD = re.compile(r"\b[a-z][a-z'’-]+\b")
LOWERCASE_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz'’-")
# The lowercase word after a country named as an adjective ("North Korean leader").
WORD_AFTER = re.compile(r"\s+(?P<word>[a-z][\w-]*)")
AFFILIATION_WINDOW = 30
# The word a title opens with, read for a country ("the North Korean leader").
TITLE_OPENING_WORD = re.compile(r"(?:(?:the|a|an)\s+)?(?P<word>(?:North |South )?[A-Z][\w.]+)")
# What may precede a name written mid-sentence: a lowercase letter or comma, then whitespace.
MID_SENTENCE_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz,")


@dataclass(frozen=True)
class EntityMention:
    """One mention: the span naming the entity, its canonical name and kind.

    ``description`` is the title or role written with it ("U.S. Secretary of State");
    ``as_place`` is True when the words name where something happens ("in Pyongyang"),
    False when they name who acts ("Pyongyang ejected ...").
    """

    span: Span
    name: str
    kind: str
    description: str | None = None
    as_place: bool = False


@dataclass(frozen=True)
class Entity:
    """One thing an article names, under its canonical name, with the variants it went by."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    def as_dict(self) -> dict:
        """The CONTRACT's entities entry: name, kind, aliases (plus description, coordinates)."""
        return {
            "name": self.name, "kind": self.kind, "aliases": list(self.aliases),
            "description": self.description,
            "latitude": self.latitude, "longitude": self.longitude,
        }


def find_entity_mentions(
    text: str,
    *,
    skip: Sequence[Span] = (),
    places: Sequence[Span] = (),
    gazetteer: Gazetteer | None = None,
) -> list[EntityMention]:
    """Every entity mention in ``text`` outside the ``skip`` regions, in text order.

    Takes the article text, the regions to leave out (chrome) and regions that name places
    only (the dateline); returns mentions whose spans index ``text``. Never raises.
    """
    gazetteer = gazetteer or default_gazetteer()
    reader = _MentionReader(text, gazetteer)
    for raw in names.find_name_mentions(text):
        if skip and _inside_any(raw.span, skip):
            continue
        if places and _inside_any(raw.span, places):
            place = gazetteer.place(raw.span.text.title())
            if place is not None:
                reader.found.append(EntityMention(raw.span, place.name, place.kind, None, True))
            continue
        reader.read(raw)
    return reader.found


def _as_affiliation(mention: EntityMention, text: str) -> EntityMention:
    """A demonym before a lowercase role ("North Korean leader", "Russian envoy") names the
    country someone belongs to, not the country acting."""
    if mention.kind != COUNTRY or mention.as_place or mention.description:
        return mention
    end = mention.span.end
    after = WORD_AFTER.match(text, end, end + AFFILIATION_WINDOW)
    if after and mention.span.text[-1:] != "s" and (
        after["word"] in names.TITLE_WORDS or after["word"] in names.PERSON_NOUNS
        or after["word"] in names.GROUP_NOUNS
    ):
        return EntityMention(mention.span, mention.name, COUNTRY, AFFILIATION)
    return mention


def extract_entities(
    text: str,
    *,
    skip: Sequence[Span] = (),
    mentions: Sequence[EntityMention] | None = None,
    gazetteer: Gazetteer | None = None,
) -> tuple[Entity, ...]:
    """The entities named in ``text``, one per canonical (name, kind), in order of first
    mention, with the names they were written under as aliases and coordinates for places
    and countries the gazetteer knows."""
    gazetteer = gazetteer or default_gazetteer()
    if mentions is None:
        mentions = find_entity_mentions(text, skip=skip, gazetteer=gazetteer)
    grouped: dict[tuple[str, str], list[EntityMention]] = {}
    for mention in mentions:
        kind = PLACE if mention.as_place and mention.kind == PLACE else mention.kind
        grouped.setdefault((mention.name, kind), []).append(mention)
    _fold_single_names_into_people(grouped)
    return tuple(_entity(name, kind, group, gazetteer) for (name, kind), group in grouped.items())


def _fold_single_names_into_people(grouped: dict[tuple[str, str], list[EntityMention]]) -> None:
    """A lone word read as an organization that is the first or last word of exactly one
    person the article names ("Kim" beside "Kim Jong-il", "Losyukov" beside "Alexander
    Losyukov") is that person, not an organization of its own."""
    owners: dict[str, set[str]] = {}
    for name, kind in grouped:
        if kind == PERSON and " " in name:
            words = name.split()
            for word in {words[0], words[-1]}:
                owners.setdefault(word, set()).add(name)
    for name, kind in list(grouped):
        people = owners.get(name, set())
        if kind == ORGANIZATION and " " not in name and len(people) == 1:
            grouped[(next(iter(people)), PERSON)].extend(grouped.pop((name, kind)))


def _entity(name: str, kind: str, group: list[EntityMention], gazetteer: Gazetteer) -> Entity:
    aliases = [name]
    for mention in group:
        written = _written_name(mention)
        if written and written not in aliases:
            aliases.append(written)
    # "affiliation" marks a country named as an adjective ("North Korean leader"): a note for
    # the event extractor, not a description of the country.
    description = next(
        (m.description for m in group if m.description and m.description != AFFILIATION), None
    )
    place = gazetteer.place(name) if kind in (PLACE, COUNTRY) else None
    return Entity(
        name=name, kind=kind, aliases=tuple(aliases), description=description,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
    )


def _written_name(mention: EntityMention) -> str:
    return names.POSSESSIVE_TAIL.sub("", mention.span.text).strip()


def _inside_any(span: Span, regions: Sequence[Span]) -> bool:
    for region in regions:  # a loop, not any(): asked of every mention, mostly of no region
        if region.start <= span.start and span.end <= region.end:
            return True
    return False


class _MentionReader:
    """Reads raw name mentions in text order, remembering what the article has named."""

    def __init__(self, text: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.gazetteer = gazetteer
        self.shape_of = _mention_shapes(gazetteer)
        self.book = NameBook()
        self.organizations: dict[str, str] = {}
        self.found: list[EntityMention] = []

    # The two readings of the whole text below are pure and needed by few articles (most
    # define no acronym and say no "the North"), so each is read on first need.

    @functools.cached_property
    def defined_acronyms(self) -> dict[str, str]:
        return _defined_acronyms(self.text)

    @functools.cached_property
    def compass(self) -> dict[str, str]:
        # "the North" is North Korea in a story that names North Korea (and no other North).
        found: dict[str, set[str]] = {}
        for match in COMPASS_NAME.finditer(self.text):
            country = self.gazetteer.country_named(match.group())
            if country:
                found.setdefault(match["word"], set()).add(country)
        return {word: next(iter(countries)) for word, countries in found.items()
                if len(countries) == 1}

    def read(self, raw: names.NameMention) -> None:
        """Add the entity mentions in one raw name mention to ``found``: the title's
        country, then the name."""
        if raw.name is None:
            return
        span = raw.span
        shape = self.shape_of(span.text, raw.name, raw.title, raw.kind)
        if shape.title_country is not None:
            # "North Korean leader Kim Jong-il": the country is named too, as an affiliation.
            offset, word, country = shape.title_country
            start = span.start + offset
            self.found.append(EntityMention(Span.of(self.text, start, start + len(word)),
                                            country, COUNTRY, AFFILIATION))
        if shape.reading is None:
            return
        if shape.name_end - shape.name_start == len(span.text):
            name_span = span  # most mentions are their name alone, and spans are immutable
        else:
            # Inside the raw span by construction: no bounds to check.
            name_span = Span(span.start + shape.name_start, span.start + shape.name_end,
                             shape.name_text)
        mention = self._resolve(raw, name_span, shape.reading)
        if mention is not None:
            self.found.append(mention)

    def _resolve(
        self, raw: names.NameMention, span: Span, reading: _NameReading
    ) -> EntityMention | None:
        if reading.outlet:
            return EntityMention(span, reading.outlet, ORGANIZATION, reading.title)
        # The book changes only when a person is added, last: one lookup serves the mention.
        known = self.book.canonical(reading.bare, span.start)
        if reading.single_word and known in self.book.people:
            return self._person_or_group(raw, reading, span, known)
        country = reading.country
        if reading.compass_word and self.text[max(0, span.start - 4):span.start].lower() \
                == "the " and reading.bare in self.compass:
            country = self.compass[reading.bare]
        if country is not None:
            return _as_affiliation(EntityMention(
                span, country, COUNTRY, reading.title, self._is_locative(span.start)), self.text)
        if reading.capital_of is not None and not self._is_locative(span.start):
            return _as_affiliation(
                EntityMention(span, reading.capital_of, COUNTRY, reading.title), self.text)
        organization = self._organization(reading, span)
        if organization is not None:
            return EntityMention(span, organization, ORGANIZATION, reading.title)
        place = reading.place
        if place is not None and (reading.kind != names.PERSON or (
                not reading.title and known not in self.book.people)):
            # "New York" reads like a person's name to the name splitter; untitled and not
            # someone already named, the gazetteer's place wins.
            return EntityMention(span, place.name, PLACE, reading.title, True)
        return self._person_or_group(raw, reading, span, known)

    def _organization(self, reading: _NameReading, span: Span) -> str | None:
        if reading.acronym_key is not None:
            acronym = self.defined_acronyms.get(reading.acronym_key) or reading.acronym
            if acronym:
                return acronym
        if reading.first_acronym_key is not None:
            expanded = self.defined_acronyms.get(reading.first_acronym_key) \
                or reading.first_acronym
            if expanded:
                # "U.N. Security Council" is the United Nations Security Council.
                return f"{expanded} {reading.rest}"
        is_company = reading.has_legal_suffix or self._ticker_after(span.end)
        if reading.kind == names.ORGANIZATION or is_company:
            if reading.common_noun:
                return None  # "Embassy", "Ministry": a common noun, not a name
            self.organizations.setdefault(reading.organization_key, reading.organization)
            return reading.organization
        if reading.single_word and reading.bare in self.organizations:
            return self.organizations[reading.bare]
        return None

    def _ticker_after(self, end: int) -> bool:
        # A ticker opens with a parenthesis inside the window: one name in seventy has one,
        # and looking for the character is a third of the cost of trying the pattern.
        return self.text.find("(", end, end + TICKER_WINDOW) >= 0 and \
            TICKER_AFTER.match(self.text, end, end + TICKER_WINDOW) is not None

    def _person_or_group(
        self, raw: names.NameMention, reading: _NameReading, span: Span, known: str
    ) -> EntityMention | None:
        # ``known``: the full name the article gave ``reading.bare`` before ``span``.
        bare, title = reading.bare, reading.title
        if reading.kind == names.GROUP:
            return EntityMention(span, bare, GROUP, title)
        if reading.kind == names.UNKNOWN and self._is_proper_word(bare) and \
                known not in self.book.people:
            # "Gazprom plans to sell": a lone capitalised word that is not a common word
            # written lowercase elsewhere in the story names a company or body.
            self.organizations.setdefault(bare, bare)
            return EntityMention(span, bare, ORGANIZATION, title)
        if reading.kind == names.PERSON or known in self.book.people:
            if not _looks_like_person(known):
                return None
            self.book.note(raw.name, raw.title, reading.kind, raw.span.start)
            return EntityMention(span, without_middle_initials(known), PERSON,
                                 title or self.book.title_of(known))
        return None

    def _is_proper_word(self, word: str) -> bool:
        if not _may_be_proper_word(word):
            return False
        if word.isupper() and len(word) <= 3 and not self._named_mid_sentence(word):
            return False  # a short all-capitals word seen only where a sentence opens
        lowered = word.lower()
        if _written_in_lowercase(self.text, lowered):
            return False
        return not lowered.endswith(COMMON_WORD_ENDINGS) or self._named_mid_sentence(word)

    def _named_mid_sentence(self, word: str) -> bool:
        r"""Whether ``word`` (letters only) is written somewhere after a lowercase letter or a
        comma and whitespace, as a whole word: then it is a name, whatever its ending.

        What ``re.search(rf"[a-z,]\s+{word}\b", text)`` finds, looking only where the word
        occurs instead of trying the pattern at every position of the text.
        """
        at = self.text.find(word)
        while at >= 0:
            if _after_lowercase_and_space(self.text, at) and \
                    _ends_word(self.text, at + len(word)):
                return True
            at = self.text.find(word, at + 1)
        return False

    def _is_locative(self, start: int) -> bool:
        window = self.text[max(0, start - LOCATIVE_WINDOW):start]
        return LOCATIVE_BEFORE.search(window) is not None


def _written_in_lowercase(text: str, word: str) -> bool:
    """Whether ``word`` is one of the lowercase words of ``text`` (a ``LOWERCASE_WORD``
    match: "state" is not one in "state-run").

    Looks only where ``word`` occurs, running the pattern from the start of the run of word
    characters around it (no match spans a character outside the run, so the matches from
    there are the ones a scan of the whole text finds): most names never occur in lowercase,
    and listing every lowercase word of the text took a tenth of a millisecond an article.
    """
    at = text.find(word)
    while at >= 0:
        run_start = at
        while run_start > 0 and text[run_start - 1] in LOWERCASE_WORD_CHARS:
            run_start -= 1
        for match in LOWERCASE_WORD.finditer(text, run_start):
            if match.start() > at:
                break
            if match.start() == at and match.end() == at + len(word):
                return True
        at = text.find(word, at + 1)
    return False


def _after_lowercase_and_space(text: str, at: int) -> bool:
    """Whether whitespace, and before it a lowercase ASCII letter or a comma, precede ``at``."""
    before = at
    while before > 0 and text[before - 1].isspace():
        before -= 1
    return before < at and before > 0 and text[before - 1] in MID_SENTENCE_BEFORE


def _ends_word(text: str, at: int) -> bool:
    """Whether a word that ends in a letter ends at ``at`` (regex ``\b`` there)."""
    return at == len(text) or not (text[at].isalnum() or text[at] == "_")


# A named tuple, not a dataclass: one is kept for every distinct mention, and a tuple that
# holds only strings, flags and None is one the garbage collector stops tracking, so the
# memo does not make every full collection longer (a dataclass is tracked for good).
class _NameReading(NamedTuple):
    """What a name and the title before it say on their own, before the article has its
    say: the name and title to read on, the kind, and what the outlet table and the
    gazetteer make of the name."""

    bare: str
    title: str | None
    kind: str
    cut_to: str | None  # the name alone, when a subheading or stock code was cut off it
    takes_title: bool  # the title is part of a company's name ("General Electric Co.")
    outlet: str | None
    country: str | None  # named outright or as a demonym
    capital_of: str | None
    place: Place | None
    single_word: bool
    compass_word: bool  # "North", "South": "the North" may be the northern country named
    # The acronym lookups of the name and of its first word ("U.N. Security Council"): the
    # key into the text's own definitions and the general table's answer; keys are None
    # when the word has no acronym's shape.
    acronym_key: str | None
    acronym: str | None
    first_acronym_key: str | None
    first_acronym: str | None
    rest: str
    has_legal_suffix: bool
    organization: str  # the name as an organisation: without its legal suffix
    organization_key: str  # its first word, for the short form of the name
    common_noun: bool  # the organisation name is one common noun ("Embassy")


class _MentionShape(NamedTuple):
    """What a raw name mention says on its own, wherever it is written: the country its
    title opens with (where in the title, the word, the country), where the entity's name
    sits inside the mention's span (after a cut subheading or a company's title is settled)
    and how the name reads (None when it names no entity)."""

    title_country: tuple[int, str, str] | None
    name_start: int
    name_end: int
    name_text: str
    reading: _NameReading | None


# Every raw mention of every article comes here, and the same mentions ("U.S. President
# George W. Bush") recur across articles: all that a mention's own text decides is read once
# per distinct mention (see _mention_shapes), leaving the reader only what depends on the
# article.
def _mention_shape(
    gazetteer: Gazetteer, written: str, name: str, raw_title: str | None, kind: str
) -> _MentionShape:
    """How to read a raw mention written ``written`` whose name part is ``name`` and title
    ``raw_title``, taken for ``kind`` by the name splitter; offsets are into ``written``."""
    title = _clean_title(raw_title)
    title_country = _title_country(gazetteer, title) if title else None
    inside = written.rfind(name)
    name_start = inside if inside >= 0 else 0
    name_end = min(name_start + len(name), len(written))
    reading = _name_reading(gazetteer, name.strip(), title, kind)
    if reading is not None:
        if reading.cut_to is not None:
            # What was cut off (a subheading, a stock code) decided the kind (the reading's
            # kind from here on), and the span covers the name alone.
            inside = written.rfind(reading.cut_to, name_start, name_end)
            if inside >= 0:
                name_start, name_end = inside, inside + len(reading.cut_to)
        if reading.takes_title:
            name_start, name_end = 0, len(written)
    return _MentionShape(title_country, name_start, name_end, written[name_start:name_end],
                         reading)


# A caller may pass its own gazetteer, so each of the last few gazetteers gets a memo of its
# own: the memo's keys then hold strings alone, which the garbage collector stops tracking.
GAZETTEERS_KEPT = 4
MENTION_SHAPES_KEPT = 65536


@functools.lru_cache(maxsize=GAZETTEERS_KEPT)
def _mention_shapes(gazetteer: Gazetteer) -> Callable[..., _MentionShape]:
    """The memoised :func:`_mention_shape` of ``gazetteer``: ``(written, name, raw_title,
    kind) -> _MentionShape``."""
    return functools.lru_cache(maxsize=MENTION_SHAPES_KEPT)(
        functools.partial(_mention_shape, gazetteer)
    )


# Pure, and read once per distinct mention through _mention_shapes' memo (a memo of its own
# here would save few readings and cost every new name a second cache entry).
def _name_reading(
    gazetteer: Gazetteer, name: str, title: str | None, kind: str
) -> _NameReading | None:
    """How to read ``name`` written after ``title``, that the name splitter took for
    ``kind``; None when it names no entity."""
    written, bare = _written_and_bare(gazetteer, name)
    cut_to = None
    if bare != written and bare:
        # What was cut off decided the kind: decide again.
        kind, cut_to = names.classify_name(bare), bare
    if not bare or _names_no_entity(bare):
        return None
    takes_title = bool(title) and CORPORATE_SUFFIX.search(bare) is not None and all(
        word[0].isupper() for word in (title or "").split()
    )
    if takes_title:
        bare, title = f"{title} {bare}", None
    first, _, rest = bare.partition(" ")
    short = _without_legal_suffix(bare)
    organization = short or bare
    acronym_key = _acronym_key(bare)
    first_acronym_key = _acronym_key(first) if rest else None
    return _NameReading(
        bare=bare, title=title, kind=kind, cut_to=cut_to, takes_title=takes_title,
        outlet=names.canonical_outlet(bare),
        country=gazetteer.country_named(bare) or gazetteer.country_of_demonym(bare),
        capital_of=gazetteer.country_of_capital(bare),
        place=gazetteer.place(bare),
        single_word=" " not in bare,
        compass_word=bare in COMPASS_WORDS,
        acronym_key=acronym_key,
        acronym=gazetteer.acronym(bare) if acronym_key is not None else None,
        first_acronym_key=first_acronym_key,
        first_acronym=gazetteer.acronym(first) if first_acronym_key is not None else None,
        rest=rest,
        has_legal_suffix=short != bare,
        organization=organization,
        organization_key=(organization.split() or [""])[0],
        common_noun=" " not in organization
        and organization.lower() in names.ORGANIZATION_WORDS,
    )


def _acronym_key(word: str) -> str | None:
    """How a text's definitions key ``word``, when it has an acronym's shape; else None."""
    return word.replace(".", "") if ACRONYM_SHAPE.fullmatch(word) else None


def _written_and_bare(gazetteer: Gazetteer, name: str) -> tuple[str, str]:
    """``name`` as written (no possessive, no leading article) and bare: also without stock
    codes, subheadings run into it and a country owning it ("Britain's Smiths Group")."""
    written = names.strip_determiner(names.POSSESSIVE_TAIL.sub("", name))
    return written, _without_owner(gazetteer, _clean_name(written))


def _without_owner(gazetteer: Gazetteer, name: str) -> str:
    # "Britain's Smiths Group" is Smiths Group; "Harrah's Entertainment" keeps its name.
    owner = POSSESSIVE_OWNER.match(name)
    if owner:
        word = names.POSSESSIVE_TAIL.sub("", owner.group().strip())
        if gazetteer.country_named(word) or gazetteer.country_of_demonym(word):
            return name[owner.end():]
    return name


@functools.lru_cache(maxsize=16384)
def _title_country(gazetteer: Gazetteer, title: str) -> tuple[int, str, str] | None:
    """The country a title opens with, by name or demonym: where the word starts in the
    title, the word, the country ("North Korean leader" -> (0, "North Korean",
    "North Korea")); None when the title opens with none."""
    match = TITLE_OPENING_WORD.match(title)
    if match is None:
        return None
    word = match["word"]
    country = gazetteer.country_of_demonym(word) or gazetteer.country_named(word)
    return (match.start("word"), word, country) if country else None


def _names_no_entity(bare: str) -> bool:
    """Whether ``bare`` (not empty) is a word, trade, event, index or code, not an entity."""
    return bare in NOT_ENTITIES or bare in NOT_ENTITY_NAMES or \
        bare.split()[-1] in EVENT_NAME_HEADS or _is_market_index(bare) or \
        CONTRACT_CODE.fullmatch(bare) is not None


@functools.lru_cache(maxsize=65536)
def _without_legal_suffix(name: str) -> str:
    return CORPORATE_SUFFIX.sub("", name).strip(" ,")


@functools.lru_cache(maxsize=65536)
def _may_be_proper_word(word: str) -> bool:
    """What the word alone says of whether it names a company or body: one capitalised
    word of letters, no nationality, no common noun. The article has its say after."""
    if " " in word or len(word) < 3 or not word[0].isupper() or not word.isalpha():
        return False
    if names.is_nationality(word):
        return False  # "the Korean peninsula": an adjective
    lowered = word.lower()
    return not (
        lowered in COMMON_CAPITALIZED or lowered in names.GROUP_NOUNS
        or lowered in names.PERSON_NOUNS or lowered in names.TITLE_WORDS
        or lowered in names.ORGANIZATION_WORDS
    )


MIDDLE_INITIAL = re.compile(r"[A-Z]\.")
# Futures and instrument codes ("CLF7", "LCOc1") name no actor.
CONTRACT_CODE = re.compile(r"[A-Z]{1,5}[a-z]?\d+[A-Za-z0-9]*")


def _defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines ("the International Atomic Energy Agency (IAEA)"), read
    only where an acronym in parentheses occurs."""
    defined = {}
    for parenthesis in ACRONYM_IN_PARENTHESES.finditer(text):
        window_start = max(0, parenthesis.start() - ACRONYM_DEFINITION_CHARS)
        for match in ACRONYM_DEFINITION.finditer(text, window_start, parenthesis.end()):
            if match.end() == parenthesis.end():
                defined[match["short"].replace(".", "")] = match["full"]
    return defined


@functools.lru_cache(maxsize=65536)
def without_middle_initials(name: str) -> str:
    """A person's name without middle initials ("George W. Bush" -> "George Bush"), so the
    same person written with and without one is one entity across articles."""
    words = name.split()
    if len(words) < 3:
        return name
    kept = [words[0], *(word for word in words[1:-1] if not MIDDLE_INITIAL.fullmatch(word)),
            words[-1]]
    return " ".join(kept)


def _clean_name(name: str) -> str:
    """A name without stock codes, an "X-based" prefix or an all-capitals subheading run
    into it ("BUYOUTS ON THE TABLE Ford" -> "Ford")."""
    name = BASED_PREFIX.sub("", TRAILING_TICKER.sub("", name))
    words = name.split()
    if len(words) >= 3:
        caps = 0
        while caps < len(words) - 1 and words[caps].isupper() and len(words[caps]) > 1:
            caps += 1
        if caps >= 2 and any(len(word) > 3 and word.isalpha() for word in words[:caps]):
            name = " ".join(words[caps:])
    return name


def _is_market_index(name: str) -> bool:
    words = name.split()
    return name in INDEX_NAMES or words[-1] in INDEX_HEADS or words[0] in INDEX_NAMES


@functools.lru_cache(maxsize=16384)
def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    cleaned = names.strip_determiner(title.strip(" ,"))
    return cleaned or None


@functools.lru_cache(maxsize=65536)
def _looks_like_person(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 5 and all(word[0].isupper() for word in words) and \
        not words[-1].endswith(".") and not any(
        word.lower().strip(".,") in names.ORGANIZATION_WORDS for word in words
    )
