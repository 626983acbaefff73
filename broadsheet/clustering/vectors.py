"""Sparse TF-IDF vectors for articles, with document frequencies kept over a sliding window."""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass
from operator import itemgetter

from .background import WordStats, load_word_stats
from .tokens import (
    STOPWORDS,
    find_tokens,
    is_capitalized,
    is_title_case,
    normalize_token,
    split_sentences,
)

SparseVector = dict[str, float]

# Headline words past this many are page furniture, not headline.
_MAX_TITLE_WORDS = 60


@dataclass(frozen=True)
class VectorConfig:
    """How an article becomes a weighted bag of words."""

    title_weight: float = 2.0  # a headline word counts as this many body words
    entity_weight: float = 3.0  # names separate look-alike events better than common words
    number_weight: float = 2.0  # counts, scores, ages and years tell one event from another
    max_text_words: int = 400  # the lead carries the event; long tails add noise and cost
    max_terms: int = 60  # terms kept per article vector, highest weights first


class DocumentFrequencies:
    """Document frequencies over the recent articles, seeded with background counts.

    Counts are kept in buckets of consecutive articles so that a bucket can be forgotten
    once every article in it has left the window, without storing each article's words.
    """

    def __init__(self, background: WordStats | None = None, *, bucket_size: int = 2000) -> None:
        self.background = background if background is not None else load_word_stats()
        self.bucket_size = bucket_size
        self.documents = 0
        self.counts: Counter[str] = Counter()
        # (sequence number of the bucket's last article, its counts, its article count)
        self._buckets: deque[tuple[int, Counter[str], int]] = deque()
        self._open: Counter[str] = Counter()
        self._open_docs = 0

    def idf(self, word: str) -> float:
        """Inverse document frequency of `word` now (smoothed, always positive)."""
        background = self.background
        total = self.documents + background.documents
        freq = self.counts.get(word, 0) + background.document_frequency.get(word, 0)
        return math.log((total + 1.0) / (freq + 0.5))

    def add(self, words: set[str], *, seq: int) -> None:
        """Count article number `seq`, which holds `words`."""
        self.documents += 1
        self.counts.update(words)
        self._open.update(words)
        self._open_docs += 1
        if self._open_docs >= self.bucket_size:
            self._buckets.append((seq, self._open, self._open_docs))
            self._open = Counter()
            self._open_docs = 0

    def forget_before(self, seq: int) -> None:
        """Drop the buckets whose articles all came before article number `seq`."""
        counts = self.counts
        while self._buckets and self._buckets[0][0] < seq:
            _, bucket, docs = self._buckets.popleft()
            self.documents -= docs
            for word, n in bucket.items():
                left = counts[word] - n
                if left > 0:
                    counts[word] = left
                else:
                    del counts[word]


class TermCounter:
    """Turns a headline and a body into weighted term counts (see VectorConfig).

    Each distinct token is classified once (normalised word, stopword or not, name-like or
    not) and remembered, since the same few thousand tokens make up most of the news.
    """

    _CACHE_LIMIT = 1 << 18

    def __init__(self, config: VectorConfig, stats: WordStats) -> None:
        self.config = config
        self.stats = stats
        # token -> (word, multiplier mid-sentence, multiplier where capitals say nothing)
        self._tokens: dict[str, tuple[str, float, float] | None] = {}

    def _classify(self, token: str) -> tuple[str, float, float] | None:
        word = normalize_token(token)
        if len(word) < 2 or word in STOPWORDS:
            return None
        config = self.config
        if word[0].isdigit():
            return word, config.number_weight, config.number_weight
        mid = config.entity_weight if is_capitalized(token) else 1.0
        # Sentence starts and Headline Case capitalise everything: ask the background corpus.
        caps = self.stats.capitalized.get(word, 0)
        lows = self.stats.lowercase.get(word, 0)
        if not caps + lows:
            return word, mid, mid
        return word, mid, config.entity_weight if caps > lows else 1.0

    def classify(self, token: str) -> tuple[str, float, float] | None:
        """`token` as (word, multiplier mid-sentence, multiplier where capitals say nothing),
        None for a stopword; a multiplier over 1 marks a name."""
        tokens = self._tokens
        if token in tokens:
            return tokens[token]
        if len(tokens) > self._CACHE_LIMIT:
            tokens.clear()
        entry = tokens[token] = self._classify(token)
        return entry

    def count(self, title: str, text: str) -> dict[str, float]:
        """Weighted term counts of an article: headline words, names and numbers count more."""
        config = self.config
        tokens = self._tokens
        if len(tokens) > self._CACHE_LIMIT:
            tokens.clear()
        counts: dict[str, float] = {}
        get = counts.get
        parts = [(title, config.title_weight, _MAX_TITLE_WORDS, is_title_case(title))]
        if text:
            parts.append((text, 1.0, config.max_text_words, False))
        for part, weight, limit, all_capitals in parts:
            seen = 0
            for sentence in split_sentences(part):
                first = True
                for token in find_tokens(sentence):
                    seen += 1
                    if seen > limit:
                        break
                    if token in tokens:
                        entry = tokens[token]
                    else:
                        entry = tokens[token] = self._classify(token)
                    if entry is not None:
                        word, mid, anywhere = entry
                        factor = anywhere if (first or all_capitals) else mid
                        counts[word] = get(word, 0.0) + weight * factor
                    first = False
                if seen > limit:
                    break
        return counts


def weigh_terms(
    counts: dict[str, float], df: DocumentFrequencies, *, max_terms: int
) -> SparseVector:
    """Unit-length TF-IDF vector of `counts` (sublinear tf), keeping the `max_terms` heaviest."""
    background = df.background
    bg_get = background.document_frequency.get
    df_get = df.counts.get
    log = math.log
    total = log(df.documents + background.documents + 1.0)
    weights = {
        word: (1.0 + log(c) if c > 1.0 else c)
        * (total - log(df_get(word, 0) + bg_get(word, 0) + 0.5))
        for word, c in counts.items()
    }
    ranked = sorted(weights.items(), key=itemgetter(1), reverse=True)[:max_terms]
    norm = math.sqrt(sum([w * w for _, w in ranked]))
    if norm == 0.0:
        return {}
    return {word: w / norm for word, w in ranked}


def dot(a: SparseVector, b: SparseVector) -> float:
    """Dot product of two sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum([w * get(t, 0.0) for t, w in a.items()])
