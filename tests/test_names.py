"""Tests for timeline.extract.names: titles, kinds, outlets and canonical names."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract.names import (
    CAPITALIZED_RUN,
    DETERMINERS,
    NON_OUTLET_CHARS,
    OUTLET_ALIAS_FIRST_WORDS,
    OUTLET_ALIAS_PATTERN,
    OUTLET_ALIASES,
    TITLE_WORDS,
    NameBook,
    _extend_lowercase_title,
    _surname_of,
    canonical_outlet,
    classify_name,
    describe_phrase,
    find_name_mentions,
    mention_at,
    roles_compatible,
    split_title,
    words_of,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russian Deputy Foreign Minister Alexander Losyukov",
         ("Russian Deputy Foreign Minister", "Alexander Losyukov")),
        ("U.S. Secretary of State Colin Powell", ("U.S. Secretary of State", "Colin Powell")),
        ("the diplomat, Ri To Sop", ("the diplomat", "Ri To Sop")),
        ("Mara Lenz, the city's planning director", ("the city's planning director", "Mara Lenz")),
        ("Bolton", (None, "Bolton")),
        ("one official", ("one official", None)),
        ("the Kremlin", (None, "the Kremlin")),
    ],
)
def test_split_title(text, expected):
    assert split_title(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the Tass news agency", "Itar-Tass"),
        ("Russia's Itar-Tass news agency", "Itar-Tass"),
        ("the Korean Central News Agency", "Korean Central News Agency"),
        ("the Chinese-language Ming Pao daily", "Ming Pao"),
        ("the Daily Mirror newspaper", "Daily Mirror"),
        ("a newspaper", None),
        ("Bolton", None),
    ],
)
def test_canonical_outlet(text, expected):
    assert canonical_outlet(text) == expected


@pytest.mark.parametrize(
    "text, title, expected",
    [
        ("Alexander Losyukov", None, "person"),
        ("Losyukov", "Minister", "person"),
        ("North Korea", None, "country"),
        ("Washington", None, "country"),
        ("Itar-Tass", None, "organization"),
        ("Foreign Ministry", None, "organization"),
        ("NATO", None, "organization"),
        ("Democrats", None, "group"),
        ("Losyukov", None, "unknown"),
    ],
)
def test_classify_name(text, title, expected):
    assert classify_name(text, title) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("U.S. officials", "group"),
        ("one official", "person"),
        ("the envoy", "person"),
        ("the ministry", "organization"),
        ("the weather", "unknown"),
    ],
)
def test_describe_phrase(text, expected):
    assert describe_phrase(text) == expected


@pytest.mark.parametrize(
    "description, title, expected",
    [
        ("the envoy", "Russian Deputy Foreign Minister", True),
        ("the diplomat", "ambassador", True),
        ("the senator", "Russian Deputy Foreign Minister", False),
        ("the envoy", None, False),
    ],
)
def test_roles_compatible(description, title, expected):
    assert roles_compatible(description, title) is expected


def test_find_name_mentions_splits_titles_and_skips_sentence_openers():
    text = "The talks ended. Russian President Vladimir Putin met Kim Jong-il in Moscow."
    found = [(m.span.text, m.name, m.title, m.kind) for m in find_name_mentions(text)]
    assert found == [
        ("Russian President Vladimir Putin", "Vladimir Putin", "Russian President", "person"),
        ("Kim Jong-il", "Kim Jong-il", None, "person"),
        ("Moscow", "Moscow", None, "country"),
    ]


def test_find_name_mentions_takes_lowercase_titles_in_front():
    text = "It was presidential candidate Maria Lopez who won."
    mention = find_name_mentions(text)[0]
    assert (mention.span.text, mention.title) == (
        "presidential candidate Maria Lopez", "presidential candidate")


def test_name_book_resolves_surnames_to_the_full_name_seen_before():
    text = "Senator Ruth Hale spoke first. Later Hale and Mr. Hale's aides left."
    book = NameBook()
    for mention in find_name_mentions(text):
        book.add(mention)
    assert book.canonical("Hale", offset=40) == "Ruth Hale"
    assert book.canonical("Mr. Hale's", offset=50) == "Ruth Hale"
    assert NameBook().canonical("Hale") == "Hale"
    assert book.title_of("Ruth Hale") == "Senator"
    assert book.nearest_person(60) == "Ruth Hale"
    assert book.nearest_person(60, description="the senator") == "Ruth Hale"
    assert book.nearest_person(60, description="the admiral") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("said former chief executive Ann Lee", ("former chief executive Ann Lee", "person")),
        ("the under-secretary  Ann Lee", ("under-secretary  Ann Lee", "person")),
        ("the local mp Ann Lee", ("mp Ann Lee", "person")),
        ("said Ann Lee", ("Ann Lee", "person")),
        ("a vice president-elect Ann Lee", ("vice president-elect Ann Lee", "person")),
        ("(ex-president) Ann Lee", ("Ann Lee", "person")),
    ],
)
def test_lowercase_title_words_are_taken_only_right_before_the_name(text, expected):
    mention = find_name_mentions(text)[-1]
    assert (mention.span.text, mention.kind) == expected


# The reference forms the faster walks in names.py stand for.
LOWERCASE_WORD_BEFORE = re.compile(r"([a-z][\w.-]*)\s+$")
LOOKBEHIND_RUN = re.compile(
    r"(?<![\w.'’-])(?:[A-Z][\w'’&.-]*)(?:[ \t]+(?:(?:of|de|da|van|von|bin|al|el|la|le|du|der|"
    r"den|ibn|abu|dos|del|di|for|the)[ \t]+)*[A-Z][\w'’&.-]*)*"
)
# Characters and whole words (title words among them) that the walks treat differently.
NAMEISH_TEXT = st.lists(
    st.sampled_from(list("aezAZ19_.-'’& \t\n\u00a0\u2003é") + ["mp", "former ", "of "]),
    max_size=30,
).map("".join)


def _extend_by_pattern(text: str, start: int) -> int:
    while True:
        match = LOWERCASE_WORD_BEFORE.search(text, max(0, start - 40), start)
        if match is None or match.group(1) not in TITLE_WORDS:
            return start
        start -= len(match.group(0))


@settings(max_examples=400, deadline=None)
@given(NAMEISH_TEXT, st.data())
def test_lowercase_title_walk_agrees_with_its_pattern(text, data):
    start = data.draw(st.integers(0, len(text)))
    assert _extend_lowercase_title(text, start) == _extend_by_pattern(text, start)


@settings(max_examples=400, deadline=None)
@given(NAMEISH_TEXT, st.data())
def test_capitalized_runs_agree_with_the_lookbehind_form(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert [m.span() for m in CAPITALIZED_RUN.finditer(text, start, end)] == [
        m.span() for m in LOOKBEHIND_RUN.finditer(text, start, end)
    ]


# Quotation marks bound the ranges the claims extractor asks for; runs may hold apostrophes.
QUOTED_NAMEISH_TEXT = st.lists(
    st.sampled_from(list("aAZ .'’\"“”\t") + ["Ann ", "Lee's ", "bin ", "former ", "mp "]),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(QUOTED_NAMEISH_TEXT, st.data())
def test_mentions_in_a_range_are_those_a_scan_of_the_range_finds(text, data):
    start = data.draw(st.integers(-2, len(text) + 2))
    end = data.draw(st.integers(-2, len(text) + 2))
    find_name_mentions(text)  # the whole text's runs are read (and kept) first
    scanned = [mention_at(text, match.start(), match.end())
               for match in CAPITALIZED_RUN.finditer(text, start, end)]
    assert find_name_mentions(text, start, end) == [m for m in scanned if m is not None]


@pytest.mark.parametrize(
    "text, start, end, expected",
    [
        ("Ann Lee met Bo Park.", 0, 20, ["Ann Lee", "Bo Park"]),
        ("Ann Lee met Bo Park.", 4, 20, ["Lee", "Bo Park"]),  # a bound inside a run
        ("Ann Lee met Bo Park.", 0, 14, ["Ann Lee", "Bo"]),
        ("Ann Lee met Bo Park.", 8, 11, []),
    ],
)
def test_find_name_mentions_reads_only_the_range(text, start, end, expected):
    assert [m.span.text for m in find_name_mentions(text, start, end)] == expected


def test_name_book_note_records_as_add_does():
    mention = find_name_mentions("Senator Ruth Hale spoke.")[0]
    by_mention, by_parts = NameBook(), NameBook()
    assert by_mention.add(mention) == by_parts.note(
        mention.name, mention.title, mention.kind, mention.span.start) == "Ruth Hale"
    assert by_mention == by_parts
    assert by_parts.note(None, None, "person", 0) is None


# The name splitter's word loop and the outlet alias precheck, held to the forms they
# replaced: words drawn from every class the splitter tells apart.
SPLITTER_WORDS = st.sampled_from(
    ["Deputy", "minister", "Minister", "Russian", "U.S.", "EU", "Alexander", "Losyukov's",
     "de", "De", "bin", "al-", "Mr.", "the", "The", "(Reuters)", "Kim", "Jong-il", "O'Neil'",
     "Korean", "spokesman", "Tass", "news", "agency", "Itar-Tass", "New", "York", "Times",
     "daily", "Post", ",", "von", "Chinese-language", "Ming", "Pao", "AP", "Fox", "News"]
)


def _split_words_by_loop(words: list[str]) -> tuple[str | None, str | None]:
    # The word-by-word form split_title used: name words inserted at the front one by one.
    possessive = re.compile(r"(?:'s|’s|'|’)$")
    particles = {"de", "da", "van", "von", "bin", "al", "al-", "el", "la", "le", "du", "der",
                 "den", "ibn", "abu", "dos", "del", "di"}
    honorifics = {"mr.", "mrs.", "ms.", "miss", "dr.", "mr", "mrs", "ms", "dr", "sir"}
    modifier = re.compile(r"[A-Z][a-z]+(?:ian|ese|ish)")
    name_words: list[str] = []
    for word in reversed(words):
        bare = possessive.sub("", word)
        lowered = possessive.sub("", bare.lower())
        is_title = lowered in TITLE_WORDS or lowered in honorifics
        is_modifier = bare in {"U.S.", "U.N.", "EU"} or bool(modifier.fullmatch(bare))
        if bare[:1].isupper() and not is_title and not is_modifier:
            name_words.insert(0, word)
        elif word.lower() in particles and name_words:
            name_words.insert(0, word)
        else:
            break
    while name_words and name_words[0].lower() in particles:
        name_words.pop(0)
    title = " ".join(words[: len(words) - len(name_words)]).strip() or None
    return title, " ".join(name_words) or None


@settings(max_examples=400, deadline=None)
@given(st.lists(SPLITTER_WORDS.filter(lambda word: word != ","), min_size=1, max_size=6))
def test_split_title_words_as_the_word_loop_split_them(words):
    title, name = _split_words_by_loop(words_of(" ".join(words)))
    if name and title and title.lower() in DETERMINERS:
        title, name = None, f"{title} {name}"
    assert split_title(" ".join(words)) == (title, name)


@settings(max_examples=400, deadline=None)
@given(st.lists(SPLITTER_WORDS, min_size=1, max_size=6))
def test_outlet_alias_precheck_misses_no_alias(words):
    phrase = " ".join(words)
    lowered = " " + NON_OUTLET_CHARS.sub(" ", phrase.lower()).strip() + " "
    found = OUTLET_ALIAS_PATTERN.search(lowered)
    if found is not None:
        assert canonical_outlet(phrase) == OUTLET_ALIASES[found.group(1)]
        assert not OUTLET_ALIAS_FIRST_WORDS.isdisjoint(lowered.split(" "))


@pytest.mark.parametrize("name, expected", [
    ("Alexander Losyukov", "Losyukov"),
    ("Mr. Alexander Losyukov", "Losyukov"),
    ("Losyukov", None),
    ("Mr. Putin", None),
    ("Kim Jong-il", "Jong-il"),
    ("Charles de Gaulle", "Gaulle"),
])
def test_a_person_is_filed_under_the_last_word_of_two_or_more(name, expected):
    assert _surname_of(name) == expected
