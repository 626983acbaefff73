"""ROUGE-1, ROUGE-2 and ROUGE-L on lower-cased word tokens (no stemming, no stopword removal)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class RougeScore:
    """Precision, recall and F1 of one candidate against one reference."""

    precision: float
    recall: float
    f1: float


def rouge_tokens(text: str) -> list[str]:
    """Lower-cased alphanumeric word tokens, as ROUGE counts them."""
    return _TOKEN.findall(text.casefold())


def _score(overlap: int, candidate: int, reference: int) -> RougeScore:
    p = overlap / candidate if candidate else 0.0
    r = overlap / reference if reference else 0.0
    return RougeScore(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def rouge_n(candidate: str, reference: str, n: int) -> RougeScore:
    """Clipped n-gram overlap between candidate and reference."""
    c, r = rouge_tokens(candidate), rouge_tokens(reference)
    cg = Counter(tuple(c[i : i + n]) for i in range(len(c) - n + 1))
    rg = Counter(tuple(r[i : i + n]) for i in range(len(r) - n + 1))
    overlap = sum((cg & rg).values())
    return _score(overlap, sum(cg.values()), sum(rg.values()))


def rouge_l(candidate: str, reference: str) -> RougeScore:
    """Longest common subsequence of the two token sequences (summary-level, one LCS)."""
    c, r = rouge_tokens(candidate), rouge_tokens(reference)
    if not c or not r:
        return _score(0, len(c), len(r))
    previous = [0] * (len(r) + 1)
    for token in c:
        current = [0]
        for j, ref_token in enumerate(r, 1):
            current.append(
                previous[j - 1] + 1 if token == ref_token else max(previous[j], current[-1])
            )
        previous = current
    return _score(previous[-1], len(c), len(r))
