"""simplemma's lemmas and known words, read from its compressed data instead of dictionaries
held in memory.

simplemma's default backend decodes a language's whole dictionary into a Python dict on first
use, in every process that asks: English ~20 MB resident, French ~23, Spanish ~97, so a
process of `broadsheet run` that enriched or answered in all three held ~140 MB of them (the
ingesting process and each web process alike). Its `low_memory` backend keeps the compressed
stream with a sparse index and decodes only the block a word is in (2, 4 and 10 MB): the
same answers, ~25 microseconds a look-up that misses simplemma's own cache of 65,536 lemmas
instead of ~4. Every lemma and dictionary look-up of this product goes through here.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma


def lemmatize(token: str, lang: str) -> str:
    """The token's lemma in `lang` ("en", "fr", "es"), the token itself when unknown."""
    return simplemma.lemmatize(token, lang=lang, low_memory=True)


@lru_cache(maxsize=16_384)
def is_known(token: str, lang: str) -> bool:
    """Whether `lang`'s dictionary holds the token (as a lemma or a form)."""
    return simplemma.is_known(token, lang=lang, low_memory=True)
