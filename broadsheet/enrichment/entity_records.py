"""What entities.py builds: an article's entity (public) and the group of mentions behind it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from broadsheet.enrichment.lexicon import fold, load_lexicon
from broadsheet.enrichment.mentions import ORG, PLACE

_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place named in an article, with its mentions merged."""

    kind: str  # "person" | "organisation" | "place"
    name: str  # canonical display name
    slug: str  # stable: "place-fr", "org-jnim", "person-angela-merkel"
    aliases: tuple[str, ...]
    country: str | None  # ISO 3166-1 alpha-2 for places (None for regions such as "Europe")
    mentions: int


@dataclass
class MentionGroup:
    """The mentions of one entity in one article, merged as they are resolved."""

    kind: str
    name: str
    country: str | None
    first: int
    surfaces: list[str] = field(default_factory=list)
    mentions: int = 0
    in_title: bool = False
    acronym: str | None = None
    is_country: bool = False
    site: bool = False  # a place the gazetteer does not know (no country of its own)


def entity_of(g: MentionGroup) -> Entity:
    """The public entity of a finished group: display name, aliases and a stable slug."""
    aliases = tuple(
        dict.fromkeys(s for s in g.surfaces if s != g.name and s.removeprefix("The ") != g.name)
    )
    if g.kind == PLACE:
        if g.is_country and g.country:
            slug = f"place-{g.country.lower()}"
        else:
            slug = (
                f"place-{g.country.lower()}-{_slugify(g.name)}"
                if g.country
                else f"place-{_slugify(g.name)}"
            )
    elif g.kind == ORG:
        slug = f"org-{_slugify(_slug_name(g))}"
    else:
        slug = f"person-{_slugify(g.name)}"
    return Entity(g.kind, g.name, slug, aliases, g.country, g.mentions)


def _slug_name(g: MentionGroup) -> str:
    """A known organisation's slug comes from its own acronym ("EU") whichever form an
    article uses; others from the acronym the article gives, else the name."""
    lex = load_lexicon()
    if lex.organisation(g.name) == g.name:
        acronyms = [a for a in lex.aliases.get(g.name, ()) if a.replace(".", "").isupper()]
        name = g.name.removeprefix("The ")
        return acronyms[0] if acronyms and " " in name else name
    return g.acronym or g.name.removeprefix("The ")


def _slugify(name: str) -> str:
    return _SLUG.sub("-", fold(name).casefold()).strip("-") or "x"
