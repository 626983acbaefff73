"""A large word list held as sorted 8-byte hashes: membership at ~1.6 MB instead of ~19 MB.

The entity rules ask whether a word is an ordinary English word (data/words.txt, 198,000
lowercase words). As a frozenset of str each word cost ~97 bytes (the string object and its
slot), 19 MB in every process that enriches or renders a story's panel: the ingesting
process and each web process of `broadsheet run`. Here each word is the first 8 bytes of its
BLAKE2b digest, in one sorted array searched by bisection (~1 microsecond a lookup). Two
different words share a hash with odds of about 1 in 10^14 for the whole list. The digest is
the same in every process (unlike `hash()`), so a pickled lexicon stays right.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from hashlib import blake2b


def word_hash(word: str) -> int:
    """A word's 64-bit key (the same in every process and on every run)."""
    digest = blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


class HashedWords:
    """Answers `word in words` for a fixed list of words, without keeping the words."""

    __slots__ = ("_hashes",)

    def __init__(self, words: Iterable[str]) -> None:
        self._hashes = array("q", sorted({word_hash(w) for w in words}))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        key = word_hash(word)
        hashes = self._hashes
        at = bisect_left(hashes, key)
        return at < len(hashes) and hashes[at] == key

    def __len__(self) -> int:
        return len(self._hashes)

    def nbytes(self) -> int:
        """Bytes the hashes take."""
        return self._hashes.itemsize * len(self._hashes)
