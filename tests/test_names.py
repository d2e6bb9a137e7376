"""Tests for timeline.extract.names: titles, kinds, outlets and canonical names."""

from __future__ import annotations

import pytest

from timeline.extract.names import (
    NameBook,
    canonical_outlet,
    classify_name,
    describe_phrase,
    find_name_mentions,
    roles_compatible,
    split_title,
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
