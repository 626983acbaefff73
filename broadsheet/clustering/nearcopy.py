"""Near-copy detection: MinHash signatures of word 3-shingles, found through LSH banding.

A wire story republished by many sites keeps most of its text: small edits, another
headline, another URL. Two texts whose sets of word 3-shingles have a Jaccard similarity
at or above the threshold are copies. The MinHash sketch (rensa's RMinHash, Rust) turns a
text into `num_perm` integers; equal integers estimate the Jaccard similarity. The
signature is cut into bands, and texts sharing a whole band become candidates, so a lookup
costs a few dictionary reads whatever the size of the archive.

The band index lives in this process. The product persists `text_signature(text)` per
article and rebuilds the index at start-up with `NearCopyIndex.add_signature`.
"""

from __future__ import annotations

import sys
from array import array
from collections import deque
from functools import lru_cache

from rensa import RMinHash

from .tokens import word_shingles

SEED = 1  # part of the signature format: changing it invalidates stored signatures
MIN_WORDS = 40  # shorter texts say too little to be called copies (a headline alone never is)


@lru_cache(maxsize=16)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) for `num_perm` values, weighing a missed copy over a wasted candidate check.

    The probability that texts of Jaccard s share a band is 1 - (1 - s^rows)^bands; this picks
    the split that minimises 0.05 x false-candidate area below the threshold plus 0.95 x
    missed area above it: every candidate is verified on its signature (a few microseconds),
    so a missed copy costs far more. For 0.8 and 128 values: 16 bands of 8 rows.
    """
    steps = 200

    def area(low: float, high: float, rows: int, bands: int, *, above: bool) -> float:
        width = (high - low) / steps
        total = 0.0
        for i in range(steps):
            s = low + (i + 0.5) * width
            hit = 1.0 - (1.0 - s**rows) ** bands
            total += (1.0 - hit if above else hit) * width
        return total

    best = (float("inf"), 1, num_perm)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            error = 0.05 * area(0.0, threshold, rows, bands, above=False) + 0.95 * area(
                threshold, 1.0, rows, bands, above=True
            )
            if error < best[0]:
                best = (error, bands, rows)
    return best[1], best[2]


def _signature_of_shingles(shingles: list[str], num_perm: int) -> array:
    sketch = RMinHash(num_perm=num_perm, seed=SEED)
    sketch.update(shingles)
    return array("I", sketch.digest())


def text_signature(text: str, *, num_perm: int = 128) -> bytes:
    """MinHash signature of the word 3-shingles of `text`: `num_perm` little-endian uint32."""
    signature = _signature_of_shingles(word_shingles(text), num_perm)
    if sys.byteorder != "little":
        signature.byteswap()
    return signature.tobytes()


def _signature_from_bytes(data: bytes | list[int] | array) -> array:
    if isinstance(data, bytes | bytearray | memoryview):
        signature = array("I")
        signature.frombytes(bytes(data))
        if sys.byteorder != "little":
            signature.byteswap()
        return signature
    return array("I", data)


class NearCopyIndex:
    """Finds, on arrival, the earlier text that a new text copies (Jaccard >= threshold)."""

    def __init__(
        self,
        *,
        threshold: float = 0.8,
        num_perm: int = 128,
        window: int | None = None,
        min_words: int = MIN_WORDS,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.window = window
        self.min_words = min_words
        self.bands, self.rows = lsh_bands(threshold, num_perm)
        self._signatures: dict[str, array] = {}
        self._band_keys: dict[str, list[int]] = {}
        # band hash -> one key, or a list of keys when several texts share the band
        self._buckets: dict[int, str | list[str]] = {}
        self._original: dict[str, str] = {}
        self._order: deque[str] = deque()

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures

    def add(self, key: str, text: str) -> str | None:
        """Key of the earlier original that `text` copies, or None; then index `text` as `key`.

        Texts under `min_words` words are neither matched nor indexed.
        """
        shingles = word_shingles(text)
        if len(shingles) + 2 < self.min_words:
            return None
        return self.add_signature(key, _signature_of_shingles(shingles, self.num_perm))

    def add_signature(self, key: str, signature: bytes | list[int] | array) -> str | None:
        """Like add(), from a signature made by text_signature() (to rebuild at start-up)."""
        sig = _signature_from_bytes(signature)
        if len(sig) != self.num_perm:
            raise ValueError(f"signature has {len(sig)} values, expected {self.num_perm}")
        if key in self._signatures:
            self.remove(key)
        band_keys = self._band_hashes(sig)
        original = self._find_original(sig, band_keys)
        self._signatures[key] = sig
        self._band_keys[key] = band_keys
        for band in band_keys:
            held = self._buckets.get(band)
            if held is None:
                self._buckets[band] = key
            elif isinstance(held, str):
                self._buckets[band] = [held, key]
            else:
                held.append(key)
        if original is not None:
            self._original[key] = original
        self._order.append(key)
        self._evict()
        return original

    def remove(self, key: str) -> None:
        """Forget `key` (no error when it is not indexed)."""
        band_keys = self._band_keys.pop(key, None)
        if band_keys is None:
            return
        del self._signatures[key]
        self._original.pop(key, None)
        for band in band_keys:
            held = self._buckets.get(band)
            if held == key:
                del self._buckets[band]
            elif isinstance(held, list):
                held.remove(key)
                if len(held) == 1:
                    self._buckets[band] = held[0]

    def similarity(self, a: str, b: str) -> float:
        """Estimated Jaccard similarity of two indexed texts."""
        return self._estimate(self._signatures[a], self._signatures[b])

    def _band_hashes(self, sig: array) -> list[int]:
        rows = self.rows
        # Tuples of ints hash the same in every process (no hash randomisation for ints).
        return [hash((band, *sig[band * rows : (band + 1) * rows])) for band in range(self.bands)]

    def _estimate(self, a: array, b: array) -> float:
        return sum(1 for x, y in zip(a, b, strict=True) if x == y) / self.num_perm

    def _find_original(self, sig: array, band_keys: list[int]) -> str | None:
        seen: set[str] = set()
        best: tuple[float, str] | None = None
        for band in band_keys:
            held = self._buckets.get(band)
            if held is None:
                continue
            for candidate in (held,) if isinstance(held, str) else held:
                if candidate in seen:
                    continue
                seen.add(candidate)
                estimate = self._estimate(sig, self._signatures[candidate])
                if estimate >= self.threshold and (best is None or estimate > best[0]):
                    best = (estimate, candidate)
        if best is None:
            return None
        return self._original.get(best[1], best[1])

    def _evict(self) -> None:
        if self.window is None:
            return
        order = self._order
        while len(self._signatures) > self.window and order:
            self.remove(order.popleft())
        # Keys removed by hand leave stale entries; drop them so the deque stays bounded.
        if len(order) > 2 * max(self.window, 1):
            self._order = deque(k for k in order if k in self._signatures)
