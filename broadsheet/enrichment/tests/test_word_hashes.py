"""The dictionary word list is held as hashes: the same answers, a tenth of the memory."""

from __future__ import annotations

import pickle

from broadsheet.enrichment.lexicon import DATA, load_lexicon
from broadsheet.enrichment.word_hashes import HashedWords


def test_every_listed_word_is_in_and_others_are_not():
    listed = (DATA / "words.txt").read_text(encoding="utf-8").split()
    words = load_lexicon().words
    assert len(words) == len(set(listed))
    assert all(w in words for w in listed)
    unlisted = {w + "qx" for w in listed[::50]} | {w.upper() for w in listed[::50]}
    assert not any(w in words for w in unlisted - set(listed))
    assert 3 not in words  # type: ignore[operator]


def test_the_word_list_costs_under_two_megabytes():
    words = load_lexicon().words
    assert isinstance(words, HashedWords)
    assert words.nbytes() < 2 * 1024 * 1024  # as a frozenset of str: ~19 MB


def test_the_same_answers_after_a_pickle():
    words = HashedWords(["storm", "harbour", "élan"])
    again = pickle.loads(pickle.dumps(words))
    assert "élan" in again and "harbour" in again and "storms" not in again
