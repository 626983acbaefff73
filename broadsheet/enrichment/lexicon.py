"""The word lists and the gazetteer the entity extractor reads, loaded once from data/."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from broadsheet.enrichment.word_hashes import HashedWords
from broadsheet.lib import lemmas

DATA = Path(__file__).resolve().parent / "data"

# Gazetteer tiers (see gazetteer_build.py): a place on sight, a place unless the
# context says otherwise, a place only with place context.
TIER_SURE, TIER_LIKELY, TIER_CONTEXT = 1, 2, 3


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a display name, its country and how sure a bare mention is."""

    name: str
    country: str | None
    kind: str  # "country" | "city" | "region"
    tier: int


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Every list the rules consult, as sets for O(1) look-ups."""

    places: dict[str, list[Any]]  # key -> [name, country, kind, tier, population], as stored
    alternates: dict[str, Place]  # "georgia": the US state, when not the country
    demonyms: dict[str, str | None]
    given_names: frozenset[str]
    titles: frozenset[str]
    title_heads: frozenset[str]
    role_nouns: frozenset[str]
    org_suffixes: frozenset[str]
    org_heads: frozenset[str]
    place_suffixes: frozenset[str]
    place_prepositions: frozenset[str]
    org_cues: frozenset[str]
    connectors: frozenset[str]
    name_particles: frozenset[str]
    hyphen_prefixes: frozenset[str]
    name_suffixes: frozenset[str]
    common_words: frozenset[str]
    non_entities: frozenset[str]
    event_words: frozenset[str]
    event_heads: frozenset[str]
    work_cues: frozenset[str]  # "the film X": X names a work, not an organisation
    words: HashedWords | frozenset[str]  # lowercase dictionary words (web2), as hashes
    organisations: dict[str, str]  # normalised name or alias -> canonical name
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # canonical -> aliases
    known_people: dict[str, str] = field(default_factory=dict)  # "trump" -> "Donald Trump"
    indices: frozenset[str] = frozenset()  # stock market indices, normalised: "dow jones"
    index_ends: frozenset[str] = frozenset()  # their last words: "jones", "100", "average"
    thing_nouns: frozenset[str] = frozenset()  # "the Aura sedan": the name before names a thing
    place_heads: frozenset[str] = frozenset()  # fr/es: "Ciudad de México", "Province de Liège"
    language: str = "en"  # fr/es: words of that language's dictionary (simplemma) are words too
    _org_words: frozenset[str] = frozenset()  # one-word organisation names and aliases

    @property
    def country_names(self) -> dict[str, str]:
        """ISO alpha-2 code -> the gazetteer's name for that country."""
        return _country_names(self)

    def place(self, name: str) -> Place | None:
        """The gazetteer entry for a name, tolerant of case, accents and a leading 'the'."""
        return _place(self, name)

    def _place(self, name: str) -> Place | None:
        key = normalise(name)
        row = self.places.get(key)
        if row is None and key.startswith("the "):
            row = self.places.get(key[4:])
        if row is None and not key.isascii():
            row = self.places.get(fold(key))
        if row is None:
            return None
        if row[2] == "city" and name.removeprefix("The ").isupper():
            return None  # "GAO" is the Government Accountability Office, not Gao in Mali
        # Rows become Place objects only when asked for: 40,000 at start-up cost 0.3 s.
        return Place(row[0], row[1], row[2], row[3])

    def is_word(self, word: str) -> bool:
        """Whether a word (plural or not) is an ordinary dictionary word."""
        w = word.casefold()
        if w in self.words or w in self.common_words:
            return True
        if self.language != "en" and w.isalpha() and lemmas.is_known(w, self.language):
            return True
        if len(w) <= 2:
            return w.isalpha()  # the word list starts at three letters: "on", "up", "go"
        if w.endswith("ies"):
            return w[:-3] + "y" in self.words
        if w.endswith(("ses", "xes", "zes", "ches", "shes")) and w[:-2] in self.words:
            return True
        return w.endswith("s") and w[:-1] in self.words

    def organisation(self, name: str) -> str | None:
        """The canonical name of a well-known organisation, or None."""
        if " " not in name and name[:1].isupper() and name not in self._org_words:
            return None  # most capitalised words start no organisation name at all
        key = normalise(name)
        return self.organisations.get(key) or self.organisations.get(key.removeprefix("the "))


@cache
def _country_names(lexicon: Lexicon) -> dict[str, str]:
    return {row[1]: row[0] for row in lexicon.places.values() if row[2] == "country" and row[1]}


_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Strip accents: 'Coös' -> 'Coos'."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(name: str) -> str:
    """A comparison key for names: casefolded, curly quotes straightened, spaces collapsed."""
    if "\u2019" in name or "\u2018" in name:
        name = name.replace("\u2019", "'").replace("\u2018", "'")
    if "  " in name or name[:1].isspace() or name[-1:].isspace() or "\n" in name:
        name = _SPACES.sub(" ", name).strip()
    return name.casefold()


@lru_cache(maxsize=1 << 15)  # full: ~7 MB (200,000 was ~44 MB at most)
def _place(lexicon: Lexicon, name: str) -> Place | None:
    # Articles ask for the same few hundred names again and again.
    return lexicon._place(name)


LANGUAGES = ("en", "fr", "es")


@cache
def load_lexicon_for(language: str) -> Lexicon:
    """The lexicon with a language's function words, titles, months and place prepositions
    added (data/lexicon.json "languages"); English is ``load_lexicon()`` itself."""
    base = load_lexicon()
    if language == "en":
        return base
    extra = json.loads((DATA / "lexicon.json").read_text(encoding="utf-8"))["languages"][language]

    def more(name: str, current: frozenset[str], *, lower: bool = True) -> frozenset[str]:
        return current | frozenset(w.casefold() if lower else w for w in extra.get(name, ()))

    places = dict(base.places)
    for native, english in extra.get("places", {}).items():
        row = base.places.get(normalise(english))
        if row is not None:  # "España" reads as the gazetteer's Spain
            places[normalise(native)] = row
    return replace(
        base,
        places=places,
        language=language,
        common_words=more("common_words", base.common_words),
        non_entities=more("non_entities", base.non_entities, lower=False),
        # "M. Trudeau": titles are matched without their full stop, like "Dr." in English.
        titles=more("titles", base.titles, lower=False)
        | {t.rstrip(".") for t in extra.get("titles", ())},
        title_heads=base.title_heads
        | {t.rstrip(".") for t in extra.get("titles", ()) if t.endswith(".")},
        role_nouns=more("role_nouns", base.role_nouns),
        org_cues=more("org_cues", base.org_cues),  # "le constructeur Renault", "la empresa X"
        place_heads=more("place_heads", base.place_heads, lower=False),
        place_prepositions=more("place_prepositions", base.place_prepositions),
        # "España y Argentina" are two places: the language's "and" joins no name.
        connectors=more("connectors", base.connectors, lower=False) - {"y", "et", "e", "and"},
        org_heads=more("org_heads", base.org_heads, lower=False),
    )


@cache
def load_lexicon() -> Lexicon:
    """Read data/gazetteer.json and data/lexicon.json (once per process)."""
    gazetteer = json.loads((DATA / "gazetteer.json").read_text(encoding="utf-8"))
    words = json.loads((DATA / "lexicon.json").read_text(encoding="utf-8"))
    places = gazetteer["places"]
    for alias, name in words.get("place_aliases", {}).items():
        if normalise(name) in places:  # "DC" is Washington, D.C. (the gazetteer lacks it)
            places.setdefault(normalise(alias), places[normalise(name)])
    organisations: dict[str, str] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    for canonical, alts in words["known_organisations"].items():
        aliases[canonical] = tuple(alts)
        for name in (canonical, *alts):
            organisations[normalise(name)] = canonical

    def lower(key: str) -> frozenset[str]:
        return frozenset(w.casefold() for w in words[key])

    return Lexicon(
        places=places,
        alternates={key: Place(*row) for key, row in gazetteer["alternates"].items()},
        demonyms=gazetteer["demonyms"],
        given_names=frozenset(gazetteer["given_names"]),
        titles=frozenset(words["titles"]),
        title_heads=frozenset(words["title_heads"]),
        role_nouns=lower("role_nouns"),
        org_suffixes=frozenset(words["org_suffixes"]),
        org_heads=frozenset(words["org_heads"]),
        place_suffixes=frozenset(words["place_suffixes"]),
        place_prepositions=lower("place_prepositions"),
        org_cues=lower("org_cues"),
        connectors=frozenset(words["connectors"]),
        name_particles=lower("name_particles"),
        hyphen_prefixes=lower("hyphen_prefixes"),
        name_suffixes=frozenset(words["name_suffixes"]),
        common_words=lower("common_words"),
        non_entities=frozenset(words["non_entities"]),
        event_words=frozenset(words["event_words"]),
        event_heads=frozenset(words["event_heads"]),
        work_cues=lower("work_cues"),
        words=HashedWords((DATA / "words.txt").read_text(encoding="utf-8").split()),
        organisations=organisations,
        aliases=aliases,
        known_people={
            alias.casefold(): full
            for full, alts in words.get("known_people", {}).items()
            for alias in alts
        },
        indices=frozenset(
            normalise(name)
            for canonical, alts in words["market_indices"].items()
            for name in (canonical, *alts)
        ),
        index_ends=frozenset(
            normalise(name).rsplit(" ", 1)[-1]
            for canonical, alts in words["market_indices"].items()
            for name in (canonical, *alts)
        ),
        thing_nouns=lower("thing_nouns"),
        _org_words=frozenset(n for c, alts in aliases.items() for n in (c, *alts) if " " not in n),
    )
