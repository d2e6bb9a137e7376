"""Gazetteer keys and lookups: folding, leading articles, countries, capitals, places."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.gazetteer import _without_article, default_gazetteer, fold


def _fold_by_unicode(name: str) -> str:
    # The general path of fold, which ASCII names skip.
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace(".", "").replace("’", "'").split())


@pytest.mark.parametrize("name, expected", [
    ("U.S.", "us"),
    ("  New   York ", "new york"),
    ("São Paulo", "sao paulo"),
    ("Côte d’Ivoire", "cote d'ivoire"),
    ("STRASSE", "strasse"),
])
def test_fold(name, expected):
    assert fold(name) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=20))
def test_ascii_names_fold_as_the_unicode_path_does(name):
    assert fold(name) == _fold_by_unicode(name)


@pytest.mark.parametrize("name, expected", [
    ("the Netherlands", "Netherlands"),
    (" The  Hague", "Hague"),
    ("Thebes", "Thebes"),
    ("the", "the"),
    ("then\tsome", "then\tsome"),
    ("THE\u00a0Gambia", "Gambia"),
])
def test_without_article(name, expected):
    assert _without_article(name) == expected


@pytest.mark.parametrize("name, country", [
    ("the United States", "United States"),
    ("U.S.", "United States"),
    ("Britain", "United Kingdom"),
])
def test_country_named(name, country):
    assert default_gazetteer().country_named(name) == country


def test_capitals_and_places():
    gazetteer = default_gazetteer()
    assert gazetteer.country_of_capital("Moscow") == "Russia"
    assert gazetteer.place("Mobile") is None  # a city named like a word
    assert gazetteer.place("Beijing").kind == "place"
