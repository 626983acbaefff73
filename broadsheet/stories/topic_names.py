"""Topic names in the reader's language: the taxonomy's own by the catalogue, countries by CLDR.

Topics are stored with their English name (enrichment/data/topics.json, and a country's
English name for place tags such as "place-fr"); pages show them in the interface language.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language, pgettext_lazy

# One entry per taxonomy slug; broadsheet/stories/tests/test_topic_names.py checks that this
# list and the taxonomy agree, so a new topic cannot go out untranslated.
TAXONOMY_NAMES = {
    "politics": pgettext_lazy("topic", "Politics"),
    "business": pgettext_lazy("topic", "Business"),
    "economy": pgettext_lazy("topic", "Economy"),
    "technology": pgettext_lazy("topic", "Technology"),
    "science": pgettext_lazy("topic", "Science"),
    "health": pgettext_lazy("topic", "Health"),
    "environment": pgettext_lazy("topic", "Environment"),
    "sport": pgettext_lazy("topic", "Sport"),
    "culture": pgettext_lazy("topic", "Culture"),
    "crime-and-justice": pgettext_lazy("topic", "Crime and justice"),
    "conflict": pgettext_lazy("topic", "Conflict"),
    "disasters": pgettext_lazy("topic", "Disasters and accidents"),
    "transport": pgettext_lazy("topic", "Transport"),
    "education": pgettext_lazy("topic", "Education"),
    "obituaries": pgettext_lazy("topic", "Obituaries"),
}
PLACE_PREFIX = "place-"


def topic_display_name(slug: str, stored_name: str) -> str:
    """The name to show for a topic in the active language (the stored one when unknown)."""
    if slug in TAXONOMY_NAMES:
        return str(TAXONOMY_NAMES[slug])
    if slug.startswith(PLACE_PREFIX):
        return _territory_name(slug[len(PLACE_PREFIX) :].upper(), get_language() or "en") or (
            stored_name
        )
    return stored_name


@lru_cache(maxsize=4096)
def _territory_name(code: str, language: str) -> str | None:
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    name = locale.territories.get(code)
    return str(name) if name else None
