"""Near-copies: a wire text republished with small edits and a new headline is found."""

from __future__ import annotations

import random

from broadsheet.clustering import NearCopyIndex, text_signature

from .corpus import load_records


def _edited(text: str, *, rate: float, seed: int) -> str:
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), int(rate * len(words))):
        words[i] = rng.choice(["reportedly", "officials", "local", "the", "new"])
    return " ".join(words)


def test_near_copy_with_new_headline_and_small_edits_is_detected() -> None:
    index = NearCopyIndex()
    original = load_records()[5]["text"]
    assert index.add("wire", original) is None
    copy = "Exclusive: a fresh headline for the same story\n\n" + _edited(
        original, rate=0.01, seed=1
    )
    assert index.add("republished", copy) == "wire"


def test_a_copy_of_a_copy_points_at_the_first_original() -> None:
    index = NearCopyIndex()
    original = load_records()[7]["text"]
    index.add("wire", original)
    index.add("first-copy", _edited(original, rate=0.005, seed=2))
    assert index.add("second-copy", _edited(original, rate=0.005, seed=3)) == "wire"


def test_unrelated_texts_are_not_copies() -> None:
    index = NearCopyIndex()
    matches = [index.add(str(n), r["text"]) for n, r in enumerate(load_records()[:120])]
    assert matches == [None] * 120


def test_short_texts_are_never_copies_even_when_identical() -> None:
    index = NearCopyIndex()
    headline = "Airbus launches world's largest passenger plane at a ceremony in Toulouse"
    assert index.add("a", headline) is None
    assert index.add("b", headline) is None


def test_index_rebuilt_from_stored_signatures_finds_the_same_copies() -> None:
    original = load_records()[9]["text"]
    stored = text_signature(original)
    rebuilt = NearCopyIndex()
    rebuilt.add_signature("wire", stored)
    assert rebuilt.add("copy", _edited(original, rate=0.01, seed=4)) == "wire"


def test_removed_texts_are_no_longer_originals() -> None:
    index = NearCopyIndex()
    original = load_records()[11]["text"]
    index.add("wire", original)
    index.remove("wire")
    assert index.add("copy", original) is None


def test_window_keeps_only_the_most_recent_texts() -> None:
    index = NearCopyIndex(window=10)
    for n, record in enumerate(load_records()[:30]):
        index.add(str(n), record["text"])
    assert len(index) == 10
    assert "0" not in index and "29" in index
