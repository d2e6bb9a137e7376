"""Tests for timeline.extract.claims: one table row per attribution construction."""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract import claims as claims_module
from timeline.extract.claims import (
    ABBREVIATION_BEFORE,
    ANY_CUE_PATTERN,
    CLAUSE_BOUNDARY,
    COORDINATED_SPEECH_CUE,
    CUE_WORDS,
    QUOTE_MARK,
    SENTENCE_END,
    SUBJECT_TRIM,
    Claim,
    LazyNameBook,
    build_name_book,
    extract_claims,
    find_quotations,
    read_speaker_phrase,
)
from timeline.spans import Span

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_9f6ccffaac6e1ce8.txt"
DCT = datetime.date(2011, 3, 14)


@dataclass(frozen=True)
class StubTimex:
    """A stand-in for timeline.extract.timex.Timex: only what the claims extractor reads."""

    span: Span
    type: str
    value: str
    mod: str | None = None


def claim_with(claims: list[Claim], content_part: str) -> Claim:
    found = [claim for claim in claims if content_part in claim.content.text]
    assert found, f"no claim whose content holds {content_part!r}: {claims}"
    return found[0]


def assert_spans_index(text: str, claim: Claim) -> None:
    for span in (claim.source, claim.cue, claim.content):
        if span is not None:
            assert text[span.start : span.end] == span.text


# (text, content part, expected content, source, speaker, cue, kind, via)
CONSTRUCTIONS = [
    (  # direct quote, straight marks, cue after
        'Mayor Anna Berg opened the bridge. "It will carry trams," Berg said.',
        "trams",
        '"It will carry trams,"',
        "Berg",
        "Anna Berg",
        "said",
        "direct",
        None,
    ),
    (  # curly marks, multi-sentence quote
        "Trade Minister Paul Ek spoke. “Exports are up. Jobs follow,” Ek said on Friday.",
        "Exports",
        "“Exports are up. Jobs follow,”",
        "Ek",
        "Paul Ek",
        "said",
        "direct",
        None,
    ),
    (  # quote split around the cue
        '"We waited long enough," she said, "and now we will vote."',
        "waited",
        '"We waited long enough," she said, "and now we will vote."',
        "she",
        None,
        "said",
        "direct",
        None,
    ),
    (  # cue before the quote
        'Police chief Omar Diaz said: "Nobody was hurt in the blast."',
        "Nobody",
        '"Nobody was hurt in the blast."',
        "Police chief Omar Diaz",
        "Omar Diaz",
        "said",
        "direct",
        None,
    ),
    (  # indirect speech with "that"
        "Senator Lia Moss said that the budget would pass next week.",
        "budget",
        "the budget would pass next week",
        "Senator Lia Moss",
        "Lia Moss",
        "said",
        "indirect",
        None,
    ),
    (  # indirect speech, told reporters
        "The governor told reporters the roads would reopen by noon.",
        "roads",
        "the roads would reopen by noon",
        "The governor",
        None,
        "told",
        "indirect",
        None,
    ),
    (  # according to, sentence first
        "According to the coast guard, three boats sank near the harbour.",
        "boats",
        "three boats sank near the harbour",
        "the coast guard",
        None,
        "According to",
        "indirect",
        None,
    ),
    (  # source last
        "Prices will rise again in the spring, the central bank said.",
        "Prices",
        "Prices will rise again in the spring",
        "the central bank",
        None,
        "said",
        "indirect",
        None,
    ),
    (  # inverted source last
        "The factory will close in May, said Karl Unger, a union leader.",
        "factory",
        "The factory will close in May",
        "Karl Unger",
        "Karl Unger",
        "said",
        "indirect",
        None,
    ),
    (  # warned / insisted as cues
        "Finance Minister Rosa Lind warned the deficit could double.",
        "deficit",
        "the deficit could double",
        "Finance Minister Rosa Lind",
        "Rosa Lind",
        "warned",
        "indirect",
        None,
    ),
    (  # mixed: a partial quote inside reported speech
        'Jan Kovac said some "worrying signs" had appeared in the data.',
        "worrying",
        'some "worrying signs" had appeared in the data',
        "Jan Kovac",
        "Jan Kovac",
        "said",
        "mixed",
        None,
    ),
    (  # passive: was quoted as saying
        'Ambassador Lee Ross visited. "The talks were useful," he was quoted as saying.',
        "talks",
        '"The talks were useful,"',
        "he",
        "Lee Ross",
        "was quoted as saying",
        "direct",
        None,
    ),
    (  # chain: outlet cited the source as saying
        "General Ivo Marek spoke. The army will withdraw, the Interfax news agency cited"
        " him as saying.",
        "withdraw",
        "The army will withdraw",
        "him",
        "Ivo Marek",
        "as saying",
        "indirect",
        "Interfax",
    ),
    (  # chain: outlet quoted an unnamed source as telling someone
        '"The border stays shut," the Xinhua news agency quoted one official as telling'
        " visitors.",
        "border",
        '"The border stays shut,"',
        "one official",
        None,
        "as telling visitors",
        "direct",
        "Xinhua",
    ),
    (  # infinitive complement of a commitment verb
        "Mayor Ida Holm vowed to reopen the shelter before winter.",
        "shelter",
        "to reopen the shelter before winter",
        "Mayor Ida Holm",
        "Ida Holm",
        "vowed",
        "indirect",
        None,
    ),
    (  # 'said that' right before a quotation
        "Despite the storm, Coach Ben Ray said that “our players never gave up.”",
        "players",
        "“our players never gave up.”",
        "Coach Ben Ray",
        "Ben Ray",
        "said",
        "direct",
        None,
    ),
    (  # 'said that' followed by a prepositional phrase
        "Judge Ola Finn said that with the new evidence, the trial would be delayed.",
        "evidence",
        "with the new evidence, the trial would be delayed",
        "Judge Ola Finn",
        "Ola Finn",
        "said",
        "indirect",
        None,
    ),
    (  # attitude verb: the object is the content, even a bare name
        "The farmers' union endorsed Lund.",
        "Lund",
        "Lund",
        "The farmers' union",
        None,
        "endorsed",
        "indirect",
        None,
    ),
    (  # a finding: the study shows
        "A new study shows rents rose faster than wages.",
        "rents",
        "rents rose faster than wages",
        "A new study",
        None,
        "shows",
        "indirect",
        None,
    ),
    (  # lowercase subject with no determiner
        "But tax lawyers said the rule would not survive a challenge.",
        "rule",
        "the rule would not survive a challenge",
        "tax lawyers",
        None,
        "said",
        "indirect",
        None,
    ),
    (  # a cue whose content opens with a preposition
        "Governor Eva Tam talked about the flood defences.",
        "flood",
        "about the flood defences",
        "Governor Eva Tam",
        "Eva Tam",
        "talked",
        "indirect",
        None,
    ),
    (  # headline: a name, a colon, what was said
        "Holm: The shelter will stay open.\n\nMayor Ida Holm spoke on Monday.",
        "shelter",
        "The shelter will stay open",
        "Holm",
        "Holm",
        ":",
        "indirect",
        None,
    ),
    (  # coordinated with 'but': the sentence subject speaks
        "Ann Roe lost the vote, but said the party would recover.",
        "recover",
        "the party would recover",
        "Ann Roe",
        "Ann Roe",
        "said",
        "indirect",
        None,
    ),
    (  # an aside in parentheses between subject and cue
        "Dale Ortiz (who has run twice) said the rules were unfair.",
        "rules",
        "the rules were unfair",
        "Dale Ortiz",
        "Dale Ortiz",
        "said",
        "indirect",
        None,
    ),
    (  # a question mark inside the quotation does not end the sentence before the cue
        '"Who pays for it?" Senator Ray Pike asked.',
        "pays",
        '"Who pays for it?"',
        "Senator Ray Pike",
        "Ray Pike",
        "asked",
        "direct",
        None,
    ),
    (  # title-case headline: the verb is capitalised too
        "Mayor Holm Says The Shelter Will Stay Open",
        "Shelter",
        "The Shelter Will Stay Open",
        "Mayor Holm",
        "Holm",
        "Says",
        "indirect",
        None,
    ),
    (  # a non-restrictive relative pronoun is the source of its own statement
        "The vote was close, said Kurt Lamm, who added that a recount was likely.",
        "recount",
        "a recount was likely",
        "who",
        "Kurt Lamm",
        "added",
        "indirect",
        None,
    ),
    (  # a coordinated cue before a quotation ends the first statement
        "Judge Ola Finn noted the delay, and added: “We will sit on Saturday.”",
        "Saturday",
        "“We will sit on Saturday.”",
        "Judge Ola Finn",
        "Ola Finn",
        "added",
        "direct",
        None,
    ),
    (  # split quotation whose bridge holds an abbreviation
        "''The plan is sound,'' Mr. Ode added, ''but the money is short.''",
        "sound",
        "''The plan is sound,'' Mr. Ode added, ''but the money is short.''",
        "Mr. Ode",
        "Ode",
        "added",
        "direct",
        None,
    ),
    (  # a participle after a quotation: the quotation's speaker
        '"Prices keep rising," Ed Lund said, citing the cost of heating oil.',
        "heating",
        "the cost of heating oil",
        "Ed Lund",
        "Ed Lund",
        "citing",
        "indirect",
        None,
    ),
    (  # progressive attitude verb is not a passive
        "Senator Kay Boyd was criticizing the budget office.",
        "budget",
        "the budget office",
        "Senator Kay Boyd",
        "Kay Boyd",
        "criticizing",
        "indirect",
        None,
    ),
    (  # a time phrase between the clause opener and the subject
        "Yet in May Ed Lund said the mine was safe.",
        "mine",
        "the mine was safe",
        "Ed Lund",
        "Ed Lund",
        "said",
        "indirect",
        None,
    ),
    (  # a noun of saying with its holder in a possessive
        "Mayor Holm's claim that the bridge was safe drew scorn.",
        "bridge",
        "the bridge was safe drew scorn",
        "Mayor Holm's",
        "Holm",
        "claim that",
        "indirect",
        None,
    ),
    (  # a noun of stance with no holder: no speaker
        "The union renewed calls for a new wage deal, but talks stalled.",
        "wage",
        "a new wage deal",
        None,
        None,
        "calls for",
        "indirect",
        None,
    ),
    (  # a hedged sentence: the subject before the hedge is its source
        "The new rules appear to have cut waiting times.",
        "waiting",
        "The new rules appear to have cut waiting times",
        "The new rules",
        None,
        "appear",
        "indirect",
        None,
    ),
    (  # 'reportedly': hedged, nobody named
        "The factory will reportedly close in June.",
        "factory",
        "The factory will reportedly close in June",
        None,
        None,
        "reportedly",
        "indirect",
        None,
    ),
    (  # a participle introducing a quotation inside another frame is its own statement
        "Jones criticized the senator on Monday, saying, \"He votes on request!\"",
        "votes",
        "\"He votes on request!\"",
        "Jones",
        "Jones",
        "saying",
        "direct",
        None,
    ),
    (  # agreement takes its object after 'with'
        "The senator agreed with the analysis of the budget office.",
        "analysis",
        "with the analysis of the budget office",
        "The senator",
        None,
        "agreed",
        "indirect",
        None,
    ),
    (  # a country as speaker
        "North Korea has said sanctions would amount to a declaration of war.",
        "sanctions",
        "sanctions would amount to a declaration of war",
        "North Korea",
        "North Korea",
        "said",
        "indirect",
        None,
    ),
]


@pytest.mark.parametrize(
    "text, content_part, content, source, speaker, cue, kind, via", CONSTRUCTIONS
)
def test_constructions(text, content_part, content, source, speaker, cue, kind, via):
    claims = extract_claims(text, dct=DCT)
    claim = claim_with(claims, content_part)
    assert_spans_index(text, claim)
    assert claim.content.text == content
    assert (claim.source.text if claim.source else None) == source
    assert claim.speaker == speaker
    assert (claim.cue.text if claim.cue else None) == cue
    assert claim.kind == kind
    assert claim.via == via


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "yes" and "no', ['"yes"']),
        ("''I agree,'' she said.", ["''I agree,''"]),
        ('A "first part\n\n"second part" end', ['"first part\n\n"second part"']),
        ('A "never closed\n\nNext paragraph "closed" here', ['"closed"']),
        ("“Curly” and “more”", ["“Curly”", "“more”"]),
    ],
)
def test_find_quotations(text, expected):
    assert [text[start:end] for start, end in find_quotations(text)] == expected


def test_run_on_quote_across_paragraphs_is_one_claim():
    text = (
        'Coach Tim Hale was blunt. "We lost the ball too often.\n\n'
        '"We will train harder next week," Hale said.'
    )
    claim = claim_with(extract_claims(text), "lost the ball")
    assert "train harder" in claim.content.text
    assert claim.speaker == "Tim Hale"
    assert claim.kind == "direct"


@pytest.mark.parametrize(
    "text, speaker, description, speaker_kind",
    [
        (
            "Deputy Foreign Minister Ana Ruiz met rebels. The envoy said the truce would hold.",
            "Ana Ruiz",
            "envoy",
            "person",
        ),
        ("U.S. officials said the plan had stalled.", None, "U.S. officials", "group"),
        ("One official said the plan had stalled.", None, "One official", "person"),
        ("Itar-Tass said the plane landed safely in Omsk.", "Itar-Tass", None, "organization"),
    ],
)
def test_speaker_resolution(text, speaker, description, speaker_kind):
    claim = claim_with(extract_claims(text), "")
    assert claim.speaker == speaker
    assert claim.speaker_description == description
    assert claim.speaker_kind == speaker_kind


@pytest.mark.parametrize(
    "text, timex_text, timex_value, said_on, precision",
    [
        ("Ms. Vega said on Monday the mine was safe.", "Monday", "2011-03-14", "2011-03-14",
         "day"),
        ("Ms. Vega said Monday the mine was safe.", "Monday", "2011-03-14", "2011-03-14", "day"),
        ("Ms. Vega said the mine had been safe since May.", "May", "2011-05", "2011-03-10",
         "day"),
    ],
)
def test_said_on(text, timex_text, timex_value, said_on, precision):
    start = text.index(timex_text)
    timex = StubTimex(Span.of(text, start, start + len(timex_text)), "DATE", timex_value)
    claim = claim_with(
        extract_claims(text, dct=datetime.date(2011, 3, 10), timexes=[timex]), "mine"
    )
    assert (claim.said_on, claim.said_on_precision) == (said_on, precision)


def test_said_on_without_article_date_is_unknown_not_today():
    claim = claim_with(extract_claims("Ms. Vega said the mine was safe."), "mine")
    assert (claim.said_on, claim.said_on_precision) == (None, "unknown")


@pytest.mark.parametrize(
    "text",
    [
        'He said "this never ends',
        '"A "nested" quote," she said.',
        '"' + "words and more words " * 500 + '," said the man.',
        'POLICE SAID THE ROAD WAS CLOSED. "NOBODY WAS HURT," THE CHIEF SAID.',
        "",
        '"',
        '""',
        "said said said, said.",
    ],
)
def test_bad_input_does_not_raise(text):
    for claim in extract_claims(text):
        assert_spans_index(text, claim)


@pytest.mark.parametrize(
    "text",
    [
        "The mayor was criticized by residents for the delay.",
        "Jobs were offered to the survivors.",
        "Ida Holm won the race for mayor.",
        "Mayor Ida Holm scrapped the tram plan.",
    ],
)
def test_passives_and_plain_acts_make_no_claim(text):
    assert extract_claims(text) == []


def test_quote_with_no_speaker_is_kept_with_null_speaker_and_low_confidence():
    text = "The hall was quiet.\n\n\"Nothing will ever be the same again in this town.\""
    claims = extract_claims(text)
    assert len(claims) == 1
    assert claims[0].speaker is None and claims[0].source is None
    assert claims[0].confidence <= 0.3


def test_as_dict_has_the_contract_keys():
    text = 'Losing is hard, Ben Ode said.'
    record = extract_claims(text)[0].as_dict()
    assert {"source", "speaker", "cue", "content", "kind", "via", "said_on",
            "confidence", "speaker_description", "pattern"} <= set(record)
    assert record["content"] == {"start": 0, "end": 14, "text": "Losing is hard"}


# Every attributed statement in the seed article: (content part, speaker, kind, via).
SEED_STATEMENTS = [
    ("he was optimistic the nuclear standoff", None, "indirect", None),
    ("emerged from the talks", "Itar-Tass", "indirect", None),
    ("The meeting was very substantive", "Alexander Losyukov", "direct", None),
    ("Moscow is optimistic", "Alexander Losyukov", "direct", "Itar-Tass"),
    ("Moscow was counting on further contacts", "Alexander Losyukov", "indirect", "Itar-Tass"),
    ("the North admitted to a secret nuclear", "Washington", "indirect", None),
    ('some "interesting elements" had emerged', "Colin Powell", "mixed", None),
    ("he was in close contact with allies", "Colin Powell", "indirect", None),
    ("we have no intention of invading", "Colin Powell", "direct", None),
    ("some progress in easing the nuclear crisis", None, "mixed", None),
    ("We put forward our ideas", "Alexander Losyukov", "direct", "Itar-Tass"),
    ("This work cannot stop", "Alexander Losyukov", "direct", "Itar-Tass"),
    ("He was believed to have given Kim", "Itar-Tass", "indirect", None),
    ("it was time to take the standoff", "John Bolton", "indirect", None),
    ("I think it is now timely", "John Bolton", "direct", None),
    ("he did not sense that China", "John Bolton", "indirect", None),
    ("he had not discussed sanctions", "John Bolton", "indirect", None),
    ("sanctions would be tantamount", "North Korea", "indirect", None),
    ("is key to resolving the standoff", "North Korea", "mixed", None),
    ("The nuclear problem on the Korean peninsula", None, "direct",
     "Korean Central News Agency"),
    ("North Korea had no intention of attacking", None, "indirect", None),
    ("we'll only go after our enemy", "Ri To Sop", "direct", "Ming Pao"),
    ("We and South Korea are of the same lineage", "Ri To Sop", "direct", None),
]


@pytest.mark.parametrize("content_part, speaker, kind, via", SEED_STATEMENTS)
def test_seed_article_statements(content_part, speaker, kind, via):
    text = SEED.read_text(encoding="utf-8")
    claims = extract_claims(text, dct=datetime.date(2003, 1, 20))
    claim = claim_with(claims, content_part)
    assert_spans_index(text, claim)
    assert (claim.speaker, claim.kind, claim.via) == (speaker, kind, via)
    assert claim.said_on == "2003-01-20"


def test_seed_unnamed_speakers_keep_their_description():
    text = SEED.read_text(encoding="utf-8")
    claims = extract_claims(text, dct=datetime.date(2003, 1, 20))
    assert claim_with(claims, "The nuclear problem").speaker_description == "one official"
    assert claim_with(claims, "he was optimistic").speaker_description == "A Russian envoy"
    assert claim_with(claims, "some progress").speaker_kind == "group"


# ---------------------------------------------------------------------------------------------
# Speed rewrites: each must answer exactly as the plainer form it replaced.

# The plain forms of the patterns rewritten to open with a character class.
PLAIN_QUOTE_MARK = re.compile(r"'''|''|[\"“”„«»]")
PLAIN_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“A-Z0-9(‘'])|\n\s*\n|\n(?=\s*\S)")
PLAIN_CLAUSE_BOUNDARY = re.compile(r"[,;:(\[—–]|\s[-–—]\s|§+")
PLAIN_COORDINATED_SPEECH_CUE = re.compile(
    rf",?\s+(?:and|but|yet)\s+{claims_module.CUE_AUXILIARY}$"
)
# Pieces news text is made of, weighted towards what these patterns look at.
TEXT_PIECES = st.sampled_from(
    [" ", "  ", "\n", "\n\n", "\t", ",", ";", ":", "(", ")", "[", "—", "–", "-", "§", "'", "''",
     "'''", '"', "“", "”", "„", "«", "»", "’", ".", "!", "?", "Mr.", "U.S.", "Sept.", "A", "He",
     "said", "says", "Said", "saying", "and", "but", "has", "also", "who", "x", "9", "_", "é"]
)
NEWS_LIKE_TEXT = st.lists(TEXT_PIECES, max_size=30).map("".join)


def spans_of(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(NEWS_LIKE_TEXT)
def test_rewritten_patterns_match_as_their_plain_forms(text):
    assert spans_of(QUOTE_MARK, text) == spans_of(PLAIN_QUOTE_MARK, text)
    assert spans_of(SENTENCE_END, text) == spans_of(PLAIN_SENTENCE_END, text)
    assert spans_of(CLAUSE_BOUNDARY, text) == spans_of(PLAIN_CLAUSE_BOUNDARY, text)
    for end in range(len(text) + 1):
        plain = PLAIN_COORDINATED_SPEECH_CUE.search(text, 0, end)
        rewritten = COORDINATED_SPEECH_CUE.search(text, 0, end)
        assert (plain and plain.span()) == (rewritten and rewritten.span())


@settings(max_examples=400, deadline=None)
@given(NEWS_LIKE_TEXT)
def test_cue_verbs_found_by_find_are_those_of_the_pattern(text):
    expected = [(m.start(), m.end(), m.group()) for m in ANY_CUE_PATTERN.finditer(text)]
    assert claims_module._cue_verbs_at(text, CUE_WORDS) == expected


@settings(max_examples=400, deadline=None)
@given(NEWS_LIKE_TEXT)
def test_trailing_auxiliaries_go_as_subject_trim_removes_them(text):
    plain = SUBJECT_TRIM.sub("", " " + text)[1:].rstrip() if text.strip() else ""
    assert claims_module._without_trailing_auxiliaries(text) == plain


@settings(max_examples=400, deadline=None)
@given(NEWS_LIKE_TEXT)
def test_abbreviation_window_reads_as_the_whole_sentence(text):
    for end in range(len(text) + 1):
        plain = ABBREVIATION_BEFORE.search(text[:end]) is not None
        assert claims_module._ends_on_abbreviation(text, 0, end) == plain


@pytest.mark.parametrize(
    "phrase, form, name, title, kind",
    [
        ("he", "person_pronoun", None, None, "unknown"),
        (" They,", "other_pronoun", None, None, "group"),
        ("the Tass news agency", "outlet", "Itar-Tass", None, "unknown"),
        ("Foreign Minister Anna Berg", "name", "Anna Berg", "Foreign Minister", "unknown"),
        ("U.S. officials", "description", None, None, "group"),
    ],
)
def test_speaker_phrase_read_before_the_article_names(phrase, form, name, title, kind):
    reading = read_speaker_phrase(phrase)
    assert (reading.form, reading.name, reading.title, reading.kind) == (form, name, title, kind)


LAZY_BOOK_TEXT = (
    'Foreign Minister Anna Berg spoke. "We will sign," Berg said. Officials said talks go on.'
)


@pytest.mark.parametrize(
    "question, arguments",
    [
        ("canonical", ("Berg", 40)),
        ("title_of", ("Anna Berg",)),
        ("is_person", ("Anna Berg",)),
        ("nearest_person", (60,)),
        ("nearest_person", (60, "the minister")),
    ],
)
def test_lazy_name_book_answers_as_the_name_book(question, arguments):
    quotes = find_quotations(LAZY_BOOK_TEXT)
    book = build_name_book(LAZY_BOOK_TEXT, quotes)
    lazy = LazyNameBook(LAZY_BOOK_TEXT, quotes)
    assert getattr(lazy, question)(*arguments) == getattr(book, question)(*arguments)


def plain_clause_start(left: str) -> int:
    """_clause_start as it read before the opener search became one pattern."""
    boundary = 0
    for match in PLAIN_CLAUSE_BOUNDARY.finditer(left):
        boundary = match.end()
    clause = left[boundary:]
    word_end = len(clause)
    for word in reversed(clause.split()):
        word_start = clause.rfind(word, 0, word_end)
        if word.lower().strip(",") in claims_module.CLAUSE_OPENERS:
            return boundary + word_start + len(word)
        word_end = word_start
    return boundary


# Openers in any case, with commas, glued to other words, and a letter whose lowercase form is
# two characters long (the word-by-word path).
CLAUSE_PIECES = st.sampled_from(
    [" ", "  ", "\n", ",", ";", "—", " — ", "§", "(", "but", "But", "BUT", "who", "and,",
     ",while", "since", "sin", "whereas", "where", "if", "İf", "so", "x", "é", "Smith"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(CLAUSE_PIECES, max_size=20).map("".join))
def test_clause_start_reads_as_the_word_by_word_form(text):
    assert claims_module._clause_start(text) == plain_clause_start(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Analysts who ", 12),
        ("The minister, but he ", 17),
        ("and,", 4),
        ("İf the envoy, who ", 17),
        ("Smith ", 0),
    ],
)
def test_clause_start(text, expected):
    assert claims_module._clause_start(text) == expected


def _first_date_by_scan(timexes, cue_start, cue_end):
    # The linear form DateIndex.by_cue replaced: the first calendar date, in the given order,
    # that ends right before the cue or starts right after it.
    for timex in timexes:
        after, before = timex.span.start - cue_end, cue_start - timex.span.end
        if (0 <= after <= claims_module.MAX_GAP_AFTER_CUE
                or 0 <= before <= claims_module.MAX_GAP_BEFORE_CUE) \
                and claims_module.DATE_VALUE.match(timex.value or ""):
            return timex
    return None


DATE_SPANS = st.tuples(st.integers(0, 60), st.integers(0, 15), st.sampled_from(
    ["2011-03-14", "2011-03", "2011", "PRESENT_REF", "P1D", ""]
))


@settings(max_examples=300, deadline=None)
@given(st.lists(DATE_SPANS, max_size=8), st.integers(0, 70), st.integers(0, 12))
def test_date_index_finds_the_date_a_scan_finds(dates, cue_start, cue_length):
    timexes = [StubTimex(Span(start, start + length, "x" * length), "DATE", value)
               for start, length, value in dates]
    found = claims_module.DateIndex(timexes).by_cue(cue_start, cue_start + cue_length)
    assert found is _first_date_by_scan(timexes, cue_start, cue_start + cue_length)


def test_quotations_given_or_found_give_the_same_claims():
    text = ('"We will not back down," Prime Minister Jan Novak told parliament on Monday. '
            'He said "talks" would resume.')
    found = extract_claims(text, dct=datetime.date(2003, 1, 20))
    given = extract_claims(text, dct=datetime.date(2003, 1, 20), quotes=find_quotations(text))
    assert found and given == found
    # The given quotations are the ones read: without them the quotation is no quotation.
    assert extract_claims(text, dct=datetime.date(2003, 1, 20), quotes=()) != found


def plain_split_units(text: str, quotes) -> list:
    """split_units as it read before its end tests were written inline."""
    starts = [start for start, _ in quotes]

    def inside(offset: int) -> bool:
        index = bisect.bisect_right(starts, offset) - 1
        return index >= 0 and quotes[index][0] < offset < quotes[index][1] - 1

    units = []
    start = paragraph = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if quotes and inside(end - 1) and text[end - 1] not in claims_module.CLOSING_MARKS:
            continue
        line_break = "\n" in match.group()
        stop = match.start()
        if not line_break and text[stop] == "." and stop > start \
                and text[stop - 1] in claims_module.ASCII_LETTERS \
                and claims_module._ends_on_abbreviation(text, start, stop + 1):
            continue
        if text[end - 2 : end - 1] in ("?", "!") and text[end - 1] in claims_module.CLOSING_MARKS \
                and claims_module.NAME_THEN_CUE.match(text, end):
            continue
        unit = claims_module._make_unit(text, start, end, quotes, paragraph)
        if unit is not None:
            units.append(unit)
        if line_break:
            paragraph += 1
        start = end
    unit = claims_module._make_unit(text, start, len(text), quotes, paragraph)
    if unit is not None:
        units.append(unit)
    return units


# News-like pieces with the ends split_units weighs: questions closed by a quotation mark
# before a named speaker, abbreviations, line breaks inside and outside quotations.
UNIT_PIECES = st.sampled_from(
    [" ", "\n", "\n\n", '"', "“", "”", "''", "'", ".", "?", "!", "?\"", "!”", "Mr.", "U.S.",
     "Jan.", "A.", "He", "Smith", "Anna Berg", "said", "asked", "told", "x", "9", ":", "é"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(UNIT_PIECES, max_size=40).map("".join))
def test_split_units_cuts_as_its_plain_form(text):
    quotes = find_quotations(text)
    assert claims_module.split_units(text, quotes) == plain_split_units(text, quotes)


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"Why not?" Smith asked. Then he left.', ['"Why not?" Smith asked.', "Then he left."]),
        ("Mr. Berg spoke.\nIt rained. U.S. aid came.",
         ["Mr. Berg spoke.", "It rained.", "U.S. aid came."]),
        ('He said "it ends. Now." Then quiet.', ['He said "it ends. Now."', "Then quiet."]),
    ],
)
def test_split_units(text, expected):
    units = claims_module.split_units(text, find_quotations(text))
    assert [text[unit.start : unit.end] for unit in units] == expected


# Headline-like pieces: capitalised words, cue verbs in both cases, small words, and what
# may stand right before a verb (spaces of several kinds, brackets, a mask).
HEADLINE_PIECES = st.sampled_from(
    [" ", "\u00a0", "\u2003", "\n", "(", "§", "-", ",", "Trump", "Will", "Win", "Says", "said",
     "says", "told", "a", "of", "the", "vs.", "x", "9", "É"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(HEADLINE_PIECES, max_size=30).map("".join))
def test_a_cue_opening_a_word_rules_out_title_case(text):
    cues = claims_module._cue_verbs_at(text, CUE_WORDS)
    if claims_module._cue_opens_a_word(text, cues):
        assert not claims_module._is_title_case(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Trump Says He Will Win", False),  # the title-case verb is no lowercase cue
        ("Trump says he will win", True),
        ("Trump (said) nothing", False),  # the word opens with a bracket
        ("said Smith", True),
    ],
)
def test_cue_opens_a_word(text, expected):
    cues = claims_module._cue_verbs_at(text, CUE_WORDS)
    assert claims_module._cue_opens_a_word(text, cues) == expected


# Pieces around nominal cues: possessive holders, cue nouns, link words, what may follow.
NOMINAL_PIECES = st.sampled_from(
    [" ", "  ", "\n", ",", "Smith's", "Anna Berg’s", "his", "their", "new", "claims", "claim",
     "plans", "Plans", "support", "view", "that", "of", "for", "to", "against", "§", '"', "“",
     "x", "9", "_", "é"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(NOMINAL_PIECES, max_size=30).map(" ".join))
def test_nominal_cue_core_is_found_wherever_a_nominal_cue_is(text):
    if claims_module.NOMINAL_CUE.search(text) is not None:
        assert claims_module.NOMINAL_CUE_CORE.search(text) is not None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Smith's claims that taxes will rise were denied.", True),
        ("The claims were denied.", False),  # a cue noun with no link word after it
        ("His plans for a new port.", True),
    ],
)
def test_nominal_cue_core(text, expected):
    assert (claims_module.NOMINAL_CUE_CORE.search(text) is not None) == expected


COORDINATION_PIECES = st.sampled_from(
    [" ", "  ", "\n", ",", "and", "but", "yet", "band", "has", "also", "said", "He", "x", "§"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(COORDINATION_PIECES, max_size=30).map("".join), st.booleans())
def test_coordinated_cue_found_as_by_the_search_alone(text, speech):
    pattern = COORDINATED_SPEECH_CUE if speech else claims_module.COORDINATED_CUE
    for cue_start in range(len(text) + 1):
        match = pattern.search(text, 0, cue_start)
        expected = match.start() if match else None
        assert claims_module._coordinated_with_previous(text, cue_start, speech) == expected


@pytest.mark.parametrize(
    "text, speech, expected",
    [
        ("Smith lost the vote, but said", True, 19),
        ("Smith lost the vote, but said", False, None),  # only speech cues follow 'but'
        ("Smith has said A and has also insisted", False, 16),
        ("Smith insisted", True, None),
    ],
)
def test_coordinated_with_previous(text, speech, expected):
    cue_start = text.rfind(" ") + 1
    assert claims_module._coordinated_with_previous(text, cue_start, speech) == expected


SKIP_TEXT = "Page 1 of 2. Smith said the plan would fail. Jones said the vote was close."


@pytest.mark.parametrize(
    "skip, expected_speakers",
    [
        ((), ["Smith", "Jones"]),  # no chrome: every sentence is read
        ((Span.of(SKIP_TEXT, 13, 45),), ["Jones"]),  # the first statement is chrome
        ((Span.of(SKIP_TEXT, 40, 50),), []),  # a region crossing both sentences drops both
    ],
)
def test_skip_regions_drop_the_sentences_they_touch(skip, expected_speakers):
    claims = extract_claims(SKIP_TEXT, dct=DCT, skip=skip)
    assert [claim.speaker for claim in claims] == expected_speakers
