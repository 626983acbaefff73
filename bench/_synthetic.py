"""Synthetic news text for the scale benchmarks (bench/search.py, bench/bulk.py).

Words come from the vocabulary of the bundled Wikinews corpus with Zipf-like frequencies,
plus a long tail of made-up names, and short windows of real text so phrases exist. The
same seed gives the same vocabulary, so a database built by one script can be searched with
the query classes of another.
"""

from __future__ import annotations

import glob
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate

from _harness import ROOT

CORPUS = ROOT / "broadsheet" / "demo" / "corpus"
WORD = re.compile(r"[^\W_]+")
VOCABULARY_SIZE = 300_000  # real words first, then made-up names for the long tail
ZIPF_EXPONENT = 1.07


@dataclass
class Corpus:
    """Words ranked by frequency, their sampling distribution and the real token stream."""

    words: list[str]
    cumulative: list[float]
    stream: list[str]
    real_types: int


def load_corpus(seed: int) -> Corpus:
    """The Wikinews vocabulary, extended with a tail of made-up words, with Zipf weights."""
    stream: list[str] = []
    for path in sorted(glob.glob(str(CORPUS / "*.jsonl"))):
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                stream += WORD.findall(f"{record['title']} {record['text']}".lower())
    ranked = [word for word, _ in Counter(stream).most_common()]
    rng = random.Random(seed)
    seen = set(ranked)
    pool = [w for w in ranked if len(w) > 3]
    while len(ranked) < VOCABULARY_SIZE:
        made_up = rng.choice(pool)[:5] + rng.choice(pool)[-4:]
        if made_up not in seen:
            seen.add(made_up)
            ranked.append(made_up)
    cumulative = list(accumulate(1.0 / (n + 2.7) ** ZIPF_EXPONENT for n in range(len(ranked))))
    return Corpus(words=ranked, cumulative=cumulative, stream=stream, real_types=len(set(stream)))


class TextMaker:
    """Titles and bodies drawn from a Corpus, many articles per call (numpy draws the words:
    a million 260-word articles are 270M draws, minutes in pure Python)."""

    def __init__(self, corpus: Corpus, seed: int):
        import numpy as np

        self.np = np
        self.words = np.array(corpus.words, dtype=object)
        total = corpus.cumulative[-1]
        self.cumulative = np.array(corpus.cumulative) / total
        self.stream = corpus.stream
        self.seed = seed
        self.reseed(0)

    def reseed(self, offset: int) -> None:
        """Draw from `seed + offset` from now on."""
        self.generator = self.np.random.default_rng(self.seed + offset)
        self.rng = random.Random(self.seed + offset)

    def draw(self, count: int) -> list[str]:
        """`count` words with the corpus's Zipf frequencies."""
        at = self.np.searchsorted(self.cumulative, self.generator.random(count), side="right")
        return self.words[self.np.minimum(at, len(self.words) - 1)].tolist()

    def articles(self, count: int) -> list[tuple[str, str]]:
        """(title, body) pairs: 6-12 title words, 60-700 body words (mean 260) in sentences of
        8-24 words and paragraphs of 3-5 sentences, with three real phrases in each body."""
        rng = self.rng
        lengths = [min(700, max(60, int(rng.gauss(260, 90)))) for _ in range(count)]
        title_lengths = [rng.randint(6, 12) for _ in range(count)]
        drawn = self.draw(sum(lengths) + sum(title_lengths))
        stream, position, made = self.stream, 0, []
        for length, title_length in zip(lengths, title_lengths, strict=True):
            title = " ".join(drawn[position : position + title_length]).capitalize()
            position += title_length
            body_words = drawn[position : position + length]
            position += length
            for _ in range(3):  # real phrases: short windows of Wikinews text
                start = rng.randrange(len(stream) - 8)
                at = rng.randrange(len(body_words))
                body_words[at:at] = stream[start : start + rng.randint(2, 6)]
            made.append((title, _paragraphs(body_words, rng)))
        return made


def _paragraphs(words: list[str], rng: random.Random) -> str:
    """Words as sentences (capitalised, full stop) in paragraphs separated by a blank line."""
    sentences, at = [], 0
    while at < len(words):
        size = rng.randint(8, 24)
        sentences.append(" ".join(words[at : at + size]).capitalize() + ".")
        at += size
    paragraphs = []
    while sentences:
        size = rng.randint(3, 5)
        paragraphs.append(" ".join(sentences[:size]))
        del sentences[:size]
    return "\n\n".join(paragraphs)
