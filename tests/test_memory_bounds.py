"""The per-process caches of words and names have bounds that cost megabytes, not tens of
megabytes, when full (a long-lived `broadsheet run` meets ever new words and names: each
cache climbs to its bound). Full with 4-12 letter words: 1 << 18 tokens ~52 MB, 200,000
places ~44 MB, 100,000 terms ~44 MB, 100,000 term pairs ~28 MB; at 1 << 15 each ~4-7 MB."""

from __future__ import annotations

import pytest

from broadsheet.ai.answer_terms import term
from broadsheet.ai.paraphrase import related
from broadsheet.clustering.tokens import normalize_token
from broadsheet.enrichment.lexicon import _place


@pytest.mark.parametrize("cached", [normalize_token, _place, term, related])
def test_word_caches_are_bounded_to_32k_entries(cached):
    assert cached.cache_info().maxsize == 1 << 15
