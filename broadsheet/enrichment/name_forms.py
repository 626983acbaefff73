"""Word lists and word forms around names: function and time words, place nouns,
post-nominals and regnal numbers after a person's name, and the French and Spanish
adjectives that end an institution's name."""

from __future__ import annotations

import re

from broadsheet.enrichment.lexicon import Lexicon
from broadsheet.enrichment.tokens import is_acronym

# Sentence starters dropped even before an organisation suffix ("The Government
# Accountability Office" keeps "Government"; "The" always goes).
FUNCTION_WORDS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "for", "from",
    "with", "by", "to", "of", "as", "after", "before", "during", "while", "when", "where",
    "however", "although", "but", "and", "or", "so", "yet", "if", "since", "until", "despite",
    "because", "meanwhile", "also", "it", "its", "he", "she", "they", "we", "i", "you", "his",
    "her", "their", "our", "my", "your", "there", "here", "today", "yesterday", "tomorrow",
    "last", "next", "some", "many", "most", "all", "both", "each", "every", "other", "another",
    "several", "according", "following", "former", "no", "not", "neither", "either", "such",
})  # fmt: skip
TEMPORAL = frozenset({
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
})  # fmt: skip

PLACE_NOUNS = frozenset({
    "island", "islands", "city", "town", "village", "province", "state", "region", "county",
    "district", "capital", "suburb", "area", "port", "republic", "kingdom", "municipality",
    "ville", "région", "département", "île", "commune",  # French
    "ciudad", "provincia", "región", "estado", "isla", "municipio", "sierra",  # Spanish
})  # fmt: skip

ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{1,3}|V)")


def name_suffix(lex: Lexicon, word: str) -> bool:
    """'Jr', 'QC', 'PhD' or a regnal number ('II', 'VI') after a name."""
    return word in lex.name_suffixes or ROMAN.fullmatch(word) is not None


_ADJECTIVE_ENDINGS = (
    *("aise", "ais", "ienne", "ien", "éenne", "éen", "enne", "en"),  # française, européenne
    *("ana", "ano", "anas", "anos", "ense", "eña", "eño", "ola", "ol", "ea", "eo"),  # mexicana
)


def nationality(lex: Lexicon, word: str) -> bool:
    """'Mexicana', 'Valenciana', 'Française', 'Europea': in French or Spanish, an adjective
    made from a place name (México, Valencia, France, Europe) that the dictionary knows."""
    if lex.language == "en" or len(word) < 6 or not lex.is_word(word):
        return False
    low = word.casefold()
    for ending in _ADJECTIVE_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= 4:
            stem = word[: len(word) - len(ending)]
            if any(lex.place(stem + tail) for tail in ("", "o", "a", "e", "ia")):
                return True
    return False


def post_nominal(lex: Lexicon, word: str) -> bool:
    """'QC', 'OBE', 'PhD': letters after a name that are no part of it (unlike 'II')."""
    return word in lex.name_suffixes and is_acronym(word) and not ROMAN.fullmatch(word)


_INSTITUTIONAL = frozenset({
    "national", "nationale", "mondial", "mondiale", "fédéral", "fédérale", "général", "générale",
    "constitutionnel", "constitutionnelle", "suprême", "international", "internationale",
    "nacional", "mundial", "federal", "general", "constitucional", "supremo", "suprema",
    "internacional",
})  # fmt: skip


def institutional(lex: Lexicon, word: str) -> bool:
    """'nationale', 'européenne', 'nacional': the lowercase adjective that ends a French or
    Spanish institution's name after its head ('Assemblée nationale', 'Comisión Europea')."""
    return word in _INSTITUTIONAL or nationality(lex, word)
