"""Name mentions of people, organisations and countries: titles, kinds and canonical names.

Pure and rule based. A mention such as "Russian Deputy Foreign Minister Alexander Losyukov" is
split into a title ("Russian Deputy Foreign Minister") and a name ("Alexander Losyukov"); a
:class:`NameBook` remembers the full names seen so far in an article, so that a later
"Losyukov" or "Mr. Losyukov" resolves to "Alexander Losyukov". News outlets get canonical names
("the Tass news agency" -> "Itar-Tass"). Shared by the claims and entity extractors.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from timeline.spans import Span

PERSON, ORGANIZATION, COUNTRY, GROUP, UNKNOWN = (
    "person",
    "organization",
    "country",
    "group",
    "unknown",
)

# Words that make up a title or role in front of a name ("Deputy Foreign Minister", "Sen.").
# Lowercase; checked token by token, so multiword titles need no listing of their own.
TITLE_WORDS = frozenset(
    """
    president vice prime minister ministers deputy foreign secretary undersecretary
    under-secretary assistant state defense defence interior finance economy trade justice
    affairs home ambassador envoy special spokesman spokeswoman spokesperson senator sen.
    senators rep. representative congressman congresswoman governor gov. chancellor chairman
    chairwoman chair director general gen. commissioner mayor judge justice leader chief head
    official consul consul-general king queen prince princess pope premier former first lady
    lt. col. colonel adm. admiral sgt. sergeant maj. major capt. captain cmdr. commander
    attorney secretary-general speaker majority minority whip candidate nominee presidential
    republican democratic democrat gop senior top executive ceo cfo coo founder co-founder
    professor prof. dr. mr. mrs. ms. miss sir lord dame reverend rev. bishop archbishop
    cardinal sheikh ayatollah imam rabbi police fire army navy military party campaign
    manager adviser advisor aide chief-of-staff staff counsel counselor analyst economist
    editor correspondent reporter columnist host anchor publisher owner president-elect
    lieutenant commander-in-chief field marshal general-secretary secretary general
    national security council house senate white cabinet federal regional provincial city
    county district mp lawmaker legislator delegate deputy-director acting interim
    ex-president ex-minister inspector superintendent detective officer sheriff prosecutor
    coach pastor father brother sister
    """.split()
)

# Courtesy titles dropped before looking a surname up ("Mr. Putin" -> "Putin").
HONORIFICS = frozenset({"mr.", "mrs.", "ms.", "miss", "dr.", "mr", "mrs", "ms", "dr", "sir"})

# Words that make a capitalised name an organisation ("Korean Central News Agency").
ORGANIZATION_WORDS = frozenset(
    """
    agency news ministry council committee party department office house times post journal
    inc inc. corp corp. corporation company co. ltd ltd. bank association union institute
    university college commission court congress senate parliament government police service
    services daily network group foundation center centre administration organization
    organisation federation board bureau fund tribune herald gazette telegraph guardian
    magazine radio television tv broadcasting press reuters tass interfax xinhua kcna
    kremlin pentagon embassy consulate army navy forces force command secretariat assembly
    duma cabinet campaign coalition alliance movement front league society authority
    authorities club church institution commission. caucus panel staff
    """.split()
)

COUNTRIES = frozenset(
    """
    Afghanistan Albania Algeria Argentina Armenia Australia Austria Azerbaijan Bahrain
    Bangladesh Belarus Belgium Bolivia Bosnia Brazil Britain Bulgaria Burma Cambodia Canada
    Chile China Colombia Croatia Cuba Cyprus Denmark Egypt England Estonia Ethiopia Europe
    Finland France Georgia Germany Ghana Greece Haiti Hungary India Indonesia Iran Iraq
    Ireland Israel Italy Japan Jordan Kazakhstan Kenya Kosovo Kuwait Kyrgyzstan Latvia
    Lebanon Libya Lithuania Malaysia Mexico Moldova Mongolia Morocco Nepal Netherlands
    Nigeria Norway Pakistan Palestine Peru Philippines Poland Portugal Qatar Romania Russia
    Rwanda Scotland Serbia Singapore Slovakia Slovenia Somalia Spain Sudan Sweden
    Switzerland Syria Taiwan Tajikistan Tanzania Thailand Tunisia Turkey Turkmenistan Uganda
    Ukraine Korea Uzbekistan Venezuela Vietnam Yemen Zimbabwe Washington Moscow Beijing Pyongyang
    Seoul Tokyo London Paris Berlin Kiev Kyiv Tehran Baghdad Damascus Ankara Cairo Delhi
    Islamabad Kabul Jerusalem Brussels Minsk Tbilisi Havana Caracas Ottawa Canberra
    """.split()
) | frozenset(
    {
        "North Korea",
        "South Korea",
        "the United States",
        "United States",
        "the U.S.",
        "U.S.",
        "US",
        "the US",
        "America",
        "the North",
        "the South",
        "the United Kingdom",
        "United Kingdom",
        "the UK",
        "Saudi Arabia",
        "New Zealand",
        "South Africa",
        "the European Union",
        "the EU",
        "New Delhi",
        "Hong Kong",
        "the Czech Republic",
        "the Netherlands",
        "the Philippines",
        "the Palestinian Authority",
    }
)

# Outlets by the words that identify them; value is the canonical name. Lowercase keys,
# matched as whole words so that "the Tass news agency" and "Itar-Tass" both give Itar-Tass.
OUTLET_ALIASES = {
    "itar-tass": "Itar-Tass",
    "tass": "Itar-Tass",
    "korean central news agency": "Korean Central News Agency",
    "kcna": "Korean Central News Agency",
    "xinhua": "Xinhua",
    "new china news agency": "Xinhua",
    "interfax": "Interfax",
    "ria novosti": "RIA Novosti",
    "ria": "RIA Novosti",
    "yonhap": "Yonhap",
    "kyodo": "Kyodo",
    "reuters": "Reuters",
    "associated press": "Associated Press",
    "ap": "Associated Press",
    "agence france-presse": "Agence France-Presse",
    "afp": "Agence France-Presse",
    "bloomberg": "Bloomberg",
    "dpa": "dpa",
    "irna": "IRNA",
    "anadolu": "Anadolu",
    "bbc": "BBC",
    "cnn": "CNN",
    "fox news": "Fox News",
    "al jazeera": "Al Jazeera",
    "nhk": "NHK",
    "ming pao": "Ming Pao",
    "izvestia": "Izvestia",
    "kommersant": "Kommersant",
    "pravda": "Pravda",
    "rossiiskaya gazeta": "Rossiiskaya Gazeta",
    "nezavisimaya gazeta": "Nezavisimaya Gazeta",
    "vedomosti": "Vedomosti",
    "ntv": "NTV",
    "echo moskvy": "Echo Moskvy",
    "new york times": "The New York Times",
    "washington post": "The Washington Post",
    "wall street journal": "The Wall Street Journal",
    "financial times": "Financial Times",
    "people's daily": "People's Daily",
    "rodong sinmun": "Rodong Sinmun",
    "asahi": "Asahi Shimbun",
    "yomiuri": "Yomiuri Shimbun",
}

OUTLET_ALIAS_PATTERN = re.compile(
    r" (" + "|".join(re.escape(alias) for alias in sorted(OUTLET_ALIASES, key=len, reverse=True))
    + r") "
)
# An alias matches between spaces, so its first word is a whole word of the phrase.
OUTLET_ALIAS_FIRST_WORDS = frozenset(alias.split(" ")[0] for alias in OUTLET_ALIASES)

# Words that mark a phrase as naming a news outlet even when the outlet is not listed above.
OUTLET_HEADS = frozenset(
    {"agency", "daily", "newspaper", "weekly", "magazine", "television", "radio", "tv",
     "broadcaster", "paper", "tabloid", "website", "news", "channel", "journal", "times",
     "post", "gazeta", "gazette", "tribune", "herald", "shimbun", "sinmun", "ilbo"}
)

# Leading words dropped from an outlet phrase before naming it ("the Chinese-language ...").
OUTLET_FILLER = re.compile(
    r"^(?:(?:the|a|an|its|their|official|state-run|state|state-owned|government-run|"
    r"pro-government|independent|respected|influential|mass-circulation|business|"
    r"[A-Z][a-z]+-language|[a-z]+-language|[A-Z][\w.-]*'s|[A-Z][\w.-]*’s)\s+)+"
)
OUTLET_TRAILER = re.compile(
    r"\s+(?:news agency|news service|agency|daily|newspaper|weekly|television|tv|radio|"
    r"broadcaster|website|channel)$",
    re.IGNORECASE,
)

# Plural or collective nouns that name an unnamed group of speakers ("U.S. officials").
GROUP_NOUNS = frozenset(
    """
    officials sources analysts experts critics diplomats residents witnesses lawmakers
    legislators investigators prosecutors police authorities officers supporters opponents
    protesters observers economists scientists researchers doctors aides advisers advisors
    activists democrats republicans voters people others leaders ministers members workers
    employees executives spokesmen negotiators demonstrators organizers organisers
    participants commentators historians scholars academics journalists reporters residents
    villagers soldiers troops rebels militants leaders insiders strategists pollsters
    conservatives liberals progressives environmentalists advocates campaigners unions
    parents teachers students farmers businesses companies banks traders investors dealers
    """.split()
)

# Singular role nouns that describe one unnamed person ("the envoy", "a spokesman").
PERSON_NOUNS = frozenset(
    """
    official envoy diplomat spokesman spokeswoman spokesperson minister ambassador source
    analyst expert president leader aide adviser advisor officer witness resident lawyer
    attorney prosecutor judge director chairman chief governor mayor senator congressman
    congresswoman lawmaker economist researcher scientist doctor activist negotiator
    commander general consul consul-general secretary premier chancellor candidate nominee
    representative executive man woman member observer correspondent reporter manager
    owner founder professor teacher student worker negotiator dealer trader investor
    strategist pollster historian commentator diplomat admiral colonel captain officer
    """.split()
)

# Role families: a description resolves to a named person whose title shares a family.
ROLE_FAMILIES = (
    frozenset({"envoy", "diplomat", "minister", "ambassador", "consul", "consul-general",
               "foreign", "secretary", "undersecretary", "emissary"}),
    frozenset({"president", "leader", "premier", "chancellor", "king", "prime"}),
    frozenset({"senator", "sen.", "lawmaker", "congressman", "congresswoman", "rep.",
               "representative", "legislator"}),
    frozenset({"general", "gen.", "commander", "admiral", "colonel", "officer"}),
    frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    frozenset({"candidate", "nominee"}),
)

PRONOUNS_SINGULAR = frozenset({"he", "she", "him", "her", "i", "me"})
PRONOUNS_PLURAL = frozenset({"they", "them", "we", "us"})
PRONOUNS_NEUTER = frozenset({"it"})
DETERMINERS = frozenset(
    {"the", "a", "an", "one", "some", "two", "three", "several", "many", "other", "another",
     "his", "her", "their", "its", "our", "this", "that", "these", "those", "both", "most",
     "a few", "few", "all", "any", "each", "no"}
)

# Name particles that can sit inside a personal name ("Charles de Gaulle", "Osama bin Laden").
NAME_PARTICLES = frozenset({"de", "da", "van", "von", "bin", "al", "al-", "el", "la", "le", "du",
                            "der", "den", "ibn", "abu", "dos", "del", "di"})

# A run of capitalised words, joined by name particles ("Osama bin Laden"), that does not
# continue a word. The capital comes first and the check that no word character precedes it
# second (the same as a lookbehind before it): a pattern that opens with a character class
# lets the regex engine skip to the next capital instead of trying every position.
CAPITALIZED_RUN = re.compile(
    r"[A-Z](?<![\w.'’-][A-Z])[\w'’&.-]*(?:[ \t]+(?:(?:of|de|da|van|von|bin|al|el|la|le|du|"
    r"der|den|ibn|abu|dos|del|di|for|the)[ \t]+)*[A-Z][\w'’&.-]*)*"
)
POSSESSIVE_TAIL = re.compile(r"(?:'s|’s|'|’)$")
# Word shapes of nationality adjectives ("Russian", "Chinese", "Polish", "Iraqi", "French").
NATIONALITY_SHAPE = re.compile(r"[A-Z][a-z]+(?:ian|ese|ish|an|i|ch)")
MODIFIER_SHAPE = re.compile(r"[A-Z][a-z]+(?:ian|ese|ish)")
# Abbreviations, country names and blocs that modify a name like a nationality adjective.
MODIFIER_ABBREVIATIONS = frozenset({"U.S.", "US", "U.N.", "UN", "EU", "NATO", "Soviet",
                                    "Western", "Arab"})
LEADING_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
NON_OUTLET_CHARS = re.compile(r"[^\w'’-]+")
INITIALS = re.compile(r"(?:[A-Za-z]\.)+")


# Slots: one is made for nearly every capitalised run of every article, and a slotted
# frozen dataclass is built in about half the time.
@dataclass(frozen=True, slots=True)
class NameMention:
    """A capitalised name as written, split into its title and name parts.

    ``span`` covers the whole mention (title included); ``name`` is the name part as written,
    ``title`` the role words in front of it or in an appositive, ``kind`` one of person,
    organization, country, group or unknown.
    """

    span: Span
    name: str | None
    title: str | None
    kind: str


def words_of(phrase: str) -> list[str]:
    """The whitespace-separated words of ``phrase`` with outer punctuation removed."""
    return _words_of_pieces(phrase.split())


# Punctuation stripped from both ends of a word.
OUTER_PUNCTUATION = ",;:()[]\"“”"


def _words_of_pieces(pieces: list[str]) -> list[str]:
    # The words of a phrase already split at whitespace.
    words = [piece.strip(OUTER_PUNCTUATION) for piece in pieces]
    return [word for word in words if word]


def is_capitalized(word: str) -> bool:
    return bool(word) and word[0].isupper()


def is_title_word(word: str) -> bool:
    lowered = POSSESSIVE_TAIL.sub("", word.lower())
    return lowered in TITLE_WORDS or lowered in HONORIFICS


def is_nationality(word: str) -> bool:
    """Nationality adjectives and country names used as modifiers ("Russian", "U.S.")."""
    bare = POSSESSIVE_TAIL.sub("", word)
    return bare in COUNTRIES or bool(NATIONALITY_SHAPE.fullmatch(bare)) \
        or bare in MODIFIER_ABBREVIATIONS


# Speakers and names repeat within and across articles: each distinct phrase is split once.
@functools.lru_cache(maxsize=16384)
def split_title(phrase: str) -> tuple[str | None, str | None]:
    """Split ``phrase`` into ``(title, name)``.

    "Russian Deputy Foreign Minister Alexander Losyukov" -> ("Russian Deputy Foreign
    Minister", "Alexander Losyukov"); "the diplomat, Ri To Sop" -> ("the diplomat",
    "Ri To Sop"); "Bolton" -> (None, "Bolton"); "one official" -> ("one official", None).
    """
    if "," in phrase:
        head, _, rest = phrase.partition(",")
        head_title, head_name = split_title(head.strip())
        rest_title, rest_name = split_title(rest.strip(" ,"))
        if head_name and not rest_name:
            return _join_titles(head_title, rest.strip(" ,") or None), head_name
        if rest_name and not head_name:
            return _join_titles(head.strip() or None, rest_title), rest_name
        return head_title, head_name
    words = words_of(phrase)
    # The name is the longest run of name words (particles inside it) that ends the phrase,
    # without particles at its front.
    first = len(words)
    while first:
        is_name_word, is_particle = _name_word_role(words[first - 1])
        if not (is_name_word or (is_particle and first < len(words))):
            break
        first -= 1
    while first < len(words) and _name_word_role(words[first])[1]:
        first += 1
    title = " ".join(words[:first]).strip() or None
    name = " ".join(words[first:]) or None
    if name and title and title.lower() in DETERMINERS:
        # "the Kremlin": a determiner alone is part of the name, not a title.
        return None, f"{title} {name}"
    return title, name


# New phrases are mostly made of words seen before: what a word is to the splitter is read
# once per word.
@functools.lru_cache(maxsize=32768)
def _name_word_role(word: str) -> tuple[bool, bool]:
    """Whether ``word`` may be part of a name (capitalised, no title or modifier), and
    whether it is a name particle ("de", "bin")."""
    bare = POSSESSIVE_TAIL.sub("", word)
    is_name_word = is_capitalized(bare) and not is_title_word(bare) and not _is_modifier(bare)
    return is_name_word, word.lower() in NAME_PARTICLES


def _is_modifier(word: str) -> bool:
    # Nationality words are titles when they precede a role ("Russian Deputy ...") but a
    # country name at the end of a phrase is a name ("North Korea").
    return word in {"U.S.", "U.N.", "EU"} or bool(MODIFIER_SHAPE.fullmatch(word))


def _join_titles(first: str | None, second: str | None) -> str | None:
    parts = [part for part in (first, second) if part]
    return ", ".join(parts) or None


# Every name and title of every article passes through here; the same phrases recur.
@functools.lru_cache(maxsize=65536)
def strip_determiner(phrase: str) -> str:
    """``phrase`` without a leading article ("the Kremlin" -> "Kremlin")."""
    return LEADING_DETERMINER.sub("", phrase.strip())


@functools.lru_cache(maxsize=16384)
def canonical_outlet(phrase: str) -> str | None:
    """The canonical name of the news outlet ``phrase`` names, or None when it names none.

    "the Tass news agency" -> "Itar-Tass"; "the Chinese-language Ming Pao daily" ->
    "Ming Pao"; "the Korean Central News Agency" -> "Korean Central News Agency".
    """
    lowered = " " + NON_OUTLET_CHARS.sub(" ", phrase.lower()).strip() + " "
    # Most phrases hold no alias's first word, and then the long alternation cannot match.
    if not OUTLET_ALIAS_FIRST_WORDS.isdisjoint(lowered.split(" ")):
        alias = OUTLET_ALIAS_PATTERN.search(lowered)
        if alias is not None:
            return OUTLET_ALIASES[alias.group(1)]
    last_word = phrase.split()[-1].lower().strip(".,") if phrase.split() else ""
    if last_word not in OUTLET_HEADS and " news agency " not in lowered \
            and " newspaper " not in lowered and " daily " not in lowered:
        return None
    bare = OUTLET_FILLER.sub("", phrase.strip())
    bare = OUTLET_TRAILER.sub("", bare).strip()
    if not bare or not is_capitalized(bare):
        return None
    return bare


# Pure in its arguments, and asked again for every mention of the same name.
@functools.lru_cache(maxsize=65536)
def classify_name(name: str, title: str | None = None) -> str:
    """The kind of the entity ``name`` names: person, organization, country, group, unknown."""
    if canonical_outlet(name):
        return ORGANIZATION
    bare = POSSESSIVE_TAIL.sub("", name.strip())
    if bare in COUNTRIES or strip_determiner(bare) in COUNTRIES or f"the {bare}" in COUNTRIES:
        return COUNTRY
    pieces = bare.split()
    if pieces[-1] in COUNTRIES and not title and len(pieces) <= 2:
        return COUNTRY  # "N. Korea", "Soviet Russia"
    words = [word.lower().strip(".,") for word in _words_of_pieces(pieces)]
    if not ORGANIZATION_WORDS.isdisjoint(words):
        return ORGANIZATION
    if len(bare) >= 2 and bare.isupper() and "." not in bare and len(words) == 1:
        return ORGANIZATION  # an acronym: "NATO", "KCNA"
    if words and words[-1] in GROUP_NOUNS:
        return GROUP
    if title or len(words) >= 2:
        return PERSON
    return UNKNOWN


def describe_phrase(phrase: str) -> str:
    """The kind of an unnamed description: group ("U.S. officials"), person ("the envoy"),
    organization ("the ministry") or unknown."""
    words = [word.lower().strip(".,") for word in words_of(phrase)]
    if not words:
        return UNKNOWN
    head = POSSESSIVE_TAIL.sub("", words[-1])
    if head in GROUP_NOUNS:
        return GROUP
    if head in PERSON_NOUNS or head in TITLE_WORDS:
        return PERSON
    if head in ORGANIZATION_WORDS or head in OUTLET_HEADS or head in {"report", "study",
                                                                        "poll", "survey"}:
        return ORGANIZATION
    return UNKNOWN


def role_words(description: str | None) -> frozenset[str]:
    """The lowercase role words in a title or description."""
    if not description:
        return frozenset()
    return frozenset(word.lower().strip(".,") for word in description.split()) & (
        TITLE_WORDS | PERSON_NOUNS
    )


def roles_compatible(description: str, title: str | None) -> bool:
    """Whether a description ("the envoy") can refer to someone titled ``title``."""
    wanted = role_words(description) - {"former", "senior", "top", "first", "official"}
    held = role_words(title)
    if not wanted or not held:
        return False
    if wanted & held:
        return True
    return any(wanted & family and held & family for family in ROLE_FAMILIES)


def find_name_mentions(text: str, start: int = 0, end: int | None = None) -> list[NameMention]:
    """Capitalised name mentions in ``text[start:end]``, in order, with lowercase title words
    in front taken into the title ("presidential candidate Donald Trump").

    Sentence-initial function words ("The", "But") are not taken as names.
    """
    length = len(text)
    end = length if end is None else min(max(end, 0), length)
    start = max(start, 0)
    if start >= end:
        return []
    return _article_names(text).mentions_between(text, start, end)


@dataclass(frozen=True, slots=True)
class _ArticleNames:
    """Every capitalised run of one text, in order, and the mention each makes (None for a
    run that names nothing): runs never overlap, so starts and ends are both sorted."""

    starts: list[int]
    ends: list[int]
    mentions: list[NameMention | None]

    def mentions_between(self, text: str, start: int, end: int) -> list[NameMention]:
        """The mentions a scan of ``text[start:end]`` alone finds (0 <= start < end)."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_right(self.ends, end)
        if (first and self.ends[first - 1] > start) or (
            last < len(self.starts) and self.starts[last] < end
        ):
            # A run of the whole text crosses a bound, so the runs inside differ from it.
            return _scan_mentions(text, start, end)
        # Whether a run starts at a position depends on that character and the one before
        # it alone, and a run ends where it does whatever follows its end; so between
        # bounds that no run crosses, the scan finds exactly the runs of the whole text.
        return [mention for mention in self.mentions[first:last] if mention is not None]


# The claims extractor reads the runs between an article's quotations and the entity
# extractor every run of it, one after the other: each text's runs are read once, and only
# the last few texts are kept.
ARTICLES_KEPT = 4


@functools.lru_cache(maxsize=ARTICLES_KEPT)
def _article_names(text: str) -> _ArticleNames:
    starts, ends, mentions = [], [], []
    for match in CAPITALIZED_RUN.finditer(text):
        start, end = match.span()
        starts.append(start)
        ends.append(end)
        mentions.append(_mention_of_run(text, start, match.group()))
    return _ArticleNames(starts, ends, mentions)


def _scan_mentions(text: str, start: int, end: int) -> list[NameMention]:
    mentions = []
    for match in CAPITALIZED_RUN.finditer(text, start, end):
        mention = _mention_of_run(text, match.start(), match.group())
        if mention is not None:
            mentions.append(mention)
    return mentions


# Capitalised words that start sentences but are not names.
NOT_NAMES = frozenset(
    """
    The A An But And Or If In On At By For From To With As After Before When While Since
    This That These Those It He She They We I You His Her Their Our Its There Here What Who
    Why How Where Which Some Many Most Several One Two Three Other Another Such Yet Still
    Also However Meanwhile Although Though Because Under Over About Asked Speaking Like
    Unlike During Despite Among Between Even Only Now Then So No Not Just Mr. Mrs. Ms. Dr.
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Jan. Feb. Mar. Apr. Jun. Jul. Aug.
    Sep. Sept. Oct. Nov. Dec. Last Next Earlier Later Both All Each Every Any Much More
    According Last
    """.split()
)


NAME_WORD = re.compile(r"[\w'’&.-]+")
NON_SPACE = re.compile(r"\S+")
# How far before a name a lowercase title word may start ("commander-in-chief ").
TITLE_WORD_WINDOW = 40
# Besides letters and digits, the characters a word may hold (regex ``[\w.-]``).
WORD_PUNCTUATION = "_.-"
# The last three characters of every title word ("ent" of "president"; all of "mp"): a word
# that ends otherwise is no title word, whatever comes before its ending.
TITLE_WORD_ENDING_LENGTH = 3
TITLE_WORD_ENDINGS = frozenset(word[-TITLE_WORD_ENDING_LENGTH:] for word in TITLE_WORDS)
# The title words shorter than an ending ("mp") are all of one length, so a second slice of
# that length settles them.
SHORT_TITLE_WORDS = frozenset(
    word for word in TITLE_WORDS if len(word) < TITLE_WORD_ENDING_LENGTH
)
(SHORT_TITLE_WORD_LENGTH,) = {len(word) for word in SHORT_TITLE_WORDS}


def mention_at(text: str, start: int, end: int) -> NameMention | None:
    """The name mention covering ``text[start:end]`` (a capitalised run), or None."""
    return _mention_of_run(text, start, text[start:end])


def _mention_of_run(text: str, run_start: int, run: str) -> NameMention | None:
    """The name mention of ``run``, a capitalised run written at ``run_start`` of ``text``."""
    shape = _run_shape(run)
    if shape is None:
        return None
    lead, trail, title, name, kind = shape
    start, end = run_start + lead, run_start + trail
    if _may_follow_title_word(text, start):
        extended = _extend_lowercase_title(text, start)
        if extended != start:
            start = extended
            title, name, kind = _analyse_phrase(text[start:end])
    if name is None:
        return None
    # The offsets come from the text itself: no bounds to check.
    return NameMention(Span(start, end, text[start:end]), name, title, kind)


# What a capitalised run says on its own: where its name starts and ends inside it and how
# that part splits. The words before the run (a lowercase title) are read by the caller.
RunShape = tuple[int, int, str | None, str | None, str]


# The same runs ("Reuters", "U.S. President George W. Bush") recur in every article, and
# the shape of a run depends on its characters alone, so each distinct run is read once.
@functools.lru_cache(maxsize=65536)
def _run_shape(run: str) -> RunShape | None:
    """``(lead, trail, title, name, kind)``: the name part is ``run[lead:trail]``; None when
    the run holds only sentence-opening function words ("But The")."""
    start, end = 0, len(run)
    while start < end:
        first = NAME_WORD.match(run, start, end)
        if first is None or first.group() not in NOT_NAMES:
            break
        start = first.end()
        while start < end and run[start].isspace():
            start += 1
    if start >= end:
        return None
    if "." in run[start:end]:
        for word in NON_SPACE.finditer(run, start, end):
            if word.group().endswith(".") and not _is_abbreviation(word.group()):
                end = word.end() - 1  # a sentence-final full stop ends the name
                break
    return start, end, *_analyse_phrase(run[start:end])


@functools.lru_cache(maxsize=8192)
def _analyse_phrase(phrase: str) -> tuple[str | None, str | None, str]:
    # Names repeat within and across articles; splitting and classifying them is the
    # costliest step of building a NameBook, so each distinct phrase is analysed once.
    title, name = split_title(POSSESSIVE_TAIL.sub("", phrase))
    return title, name, classify_name(name, title) if name is not None else UNKNOWN


# Abbreviations whose full stop belongs to the word ("Sen.", "U.S.", "W.").
ABBREVIATIONS = frozenset(
    "mr. mrs. ms. dr. jr. sr. st. sen. rep. gov. gen. lt. col. capt. sgt. adm. maj. prof. rev. "
    "inc. corp. co. ltd. mt. ft. no. vs. jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. "
    "nov. dec.".split()
)


def _is_abbreviation(word: str) -> bool:
    return word.lower() in ABBREVIATIONS or bool(INITIALS.fullmatch(word))


def _extend_lowercase_title(text: str, start: int) -> int:
    """Move ``start`` left over lowercase title words ("presidential candidate ")."""
    while True:
        if not _may_follow_title_word(text, start):
            return start
        word = _lowercase_word_before(text, start)
        if word is None or text[word[0]:word[1]] not in TITLE_WORDS:
            return start
        start = word[0]


def _may_follow_title_word(text: str, start: int) -> bool:
    """Whether whitespace before ``start`` follows what may be the end of a title word.

    A cheap test before the exact one: "said", "and", "the" before a name end in no title
    word's ending, and nearly every name follows such a word.
    """
    if not start or not text[start - 1].isspace():
        return False
    word_end = start - 1
    while word_end and text[word_end - 1].isspace():
        word_end -= 1
    if word_end < TITLE_WORD_ENDING_LENGTH:
        return text[:word_end] in TITLE_WORD_ENDINGS  # a short word opens the text
    return text[word_end - TITLE_WORD_ENDING_LENGTH:word_end] in TITLE_WORD_ENDINGS \
        or text[word_end - SHORT_TITLE_WORD_LENGTH:word_end] in SHORT_TITLE_WORDS


def _lowercase_word_before(text: str, start: int) -> tuple[int, int] | None:
    r"""The ``(start, end)`` of the word that whitespace alone separates from ``start``, from
    its first lowercase ASCII letter, inside the window; None when there is none.

    What ``re.search(r"([a-z][\w.-]*)\s+$", text[start - 40:start])`` finds, walking back
    from ``start`` instead: the search tries every position of the window, and this runs
    for nearly every capitalised word of every article.
    """
    window_start = max(0, start - TITLE_WORD_WINDOW)
    word_end = start
    while word_end > window_start and text[word_end - 1].isspace():
        word_end -= 1
    if word_end == start:
        return None
    word_start = word_end
    while word_start > window_start and (
        text[word_start - 1].isalnum() or text[word_start - 1] in WORD_PUNCTUATION
    ):
        word_start -= 1
    for first in range(word_start, word_end):
        if "a" <= text[first] <= "z":
            return first, word_end
    return None


# Asked for every mention of every name, so each distinct name is stripped once.
@functools.lru_cache(maxsize=65536)
def _without_honorifics(name: str) -> tuple[str, int]:
    """``name`` without possessive and courtesy titles ("Mr. Putin's" -> "Putin"), and how
    many words are left; ``name`` itself when nothing is."""
    words = [
        word for word in POSSESSIVE_TAIL.sub("", name).split() if word.lower() not in HONORIFICS
    ]
    return " ".join(words) or name, len(words)


# Every person of every article's books is filed under a surname, and the same people recur
# across articles: each distinct name's surname is read once.
@functools.lru_cache(maxsize=65536)
def _surname_of(name: str) -> str | None:
    """The last word of ``name`` when, courtesy titles aside, it has two words or more
    ("Mr. Alexander Losyukov" -> "Losyukov"); None for a single word ("Losyukov")."""
    words = [word for word in name.split() if word.lower() not in HONORIFICS]
    return words[-1] if len(words) >= 2 else None


@dataclass
class KnownPerson:
    name: str
    title: str | None
    first_seen: int


@dataclass
class NameBook:
    """The people, organisations and countries named so far in one article.

    Feed it mentions in text order with :meth:`add`; ask :meth:`canonical` for the full form of
    a short name, :meth:`nearest_person` for the last person named before an offset.
    """

    people: dict[str, KnownPerson] = field(default_factory=dict)
    surnames: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    person_offsets: list[int] = field(default_factory=list)
    person_names: list[str] = field(default_factory=list)

    def add(self, mention: NameMention) -> str | None:
        """Record ``mention``; return its canonical name (None for non-names)."""
        return self.note(mention.name, mention.title, mention.kind, mention.span.start)

    def note(self, name: str | None, title: str | None, kind: str, offset: int) -> str | None:
        """Record ``name`` written at ``offset`` with ``title`` and taken for ``kind``, as
        :meth:`add` records a mention; return its canonical name (None for no name)."""
        if name is None:
            return None
        # What :meth:`canonical` does, written out: every mention of an article comes here.
        canonical, word_count = _without_honorifics(name)
        if canonical not in self.people and word_count == 1 and canonical in self.surnames:
            canonical = self._full_name(canonical, offset)
        if kind == PERSON or (kind == UNKNOWN and canonical in self.people):
            self._add_person(canonical, title, offset)
        return canonical

    def _add_person(self, name: str, title: str | None, offset: int) -> None:
        known = self.people.get(name)
        if known is None:
            self.people[name] = KnownPerson(name, title, offset)
            surname = _surname_of(name)
            if surname is not None:
                self.surnames.setdefault(surname, []).append((offset, name))
        elif title and not known.title:
            known.title = title
        offsets = self.person_offsets
        if not offsets or offsets[-1] <= offset:
            # Mentions come in text order, so nearly always the new offset is the last;
            # appending is where bisect_right would insert it.
            offsets.append(offset)
            self.person_names.append(name)
            return
        index = bisect.bisect_right(offsets, offset)
        offsets.insert(index, offset)
        self.person_names.insert(index, name)

    def canonical(self, name: str, offset: int | None = None) -> str:
        """The full form of ``name`` seen before ``offset`` ("Losyukov" -> "Alexander
        Losyukov"); ``name`` itself (without honorific or possessive) when none is known."""
        bare, word_count = _without_honorifics(name)
        if bare in self.people or word_count != 1:
            return bare
        return self._full_name(bare, offset)

    def _full_name(self, surname: str, offset: int | None) -> str:
        """The last full name with ``surname`` seen before ``offset``; else ``surname``."""
        for seen, full in reversed(self.surnames.get(surname, ())):
            if offset is None or seen <= offset:
                return full
        return surname

    def title_of(self, name: str) -> str | None:
        known = self.people.get(name)
        return known.title if known else None

    def is_person(self, name: str) -> bool:
        return name in self.people

    def nearest_person(self, offset: int, description: str | None = None) -> str | None:
        """The last person named before ``offset``; with ``description``, the last one whose
        title is compatible with it ("the envoy" -> a deputy foreign minister)."""
        index = bisect.bisect_left(self.person_offsets, offset)
        for position in range(index - 1, -1, -1):
            name = self.person_names[position]
            if description is None or roles_compatible(description, self.title_of(name)):
                return name
        return None
