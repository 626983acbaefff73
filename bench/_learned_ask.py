"""Ask's candidates scored by learned weights instead of hand weights (an experiment, bench only).

``answers.rank_support`` keeps its checks (a fact of the asked type, the asked act, role and
subject) and records each typed sentence's score parts (``Support.parts``): the idf share of
the question's words it covers, the share of its bigrams, whether the fact sits near the
question's words and whether the type noun is beside it. Here those parts and, when the sentence
model is installed, the cosine of question and sentence are combined by a logistic regression
whose weights (bench/ask_weights.json) ``bench/train_ask.py`` fits on pseudo-questions made from
Wikinews articles no question set uses; the answer is the best candidate whose probability
clears the fitted cut. ``evaluate`` prints the Q&A set's totals per part with it (never a row).
It lost to the hand weights on the never-read parts (docs/measurements.md, "## AI panel"), so
the product does not use it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from broadsheet.ai.sentence_vectors import load_encoder

if TYPE_CHECKING:
    from broadsheet.ai.answers import Support

WEIGHTS_FILE = Path(__file__).with_name("ask_weights.json")
NEVER_READ = ("held-aside", "b6", "b7", "b9", "b10", "b11", "b12")
FEATURES = ("bias", "words", "bigrams", "near", "head", "cosine")
CANDIDATES = 6  # typed sentences embedded per question, best by the words' part of the model


@lru_cache(maxsize=4)
def load_weights(path: Path | None = None) -> dict[str, Any]:
    """The fitted weights: {"model": {...}, "words": {...}}, each {"w": [...], "cut": p}."""
    with (path or WEIGHTS_FILE).open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def features(parts: Sequence[float], cosine: float | None) -> list[float]:
    """One candidate's feature row, in the order of FEATURES (without "cosine" when None)."""
    row = [1.0, *parts[:4]]
    return row if cosine is None else [*row, cosine]


def probability(weights: Sequence[float], row: Sequence[float]) -> float:
    """The fitted probability that the row's sentence answers the question."""
    z = sum(w * x for w, x in zip(weights, row, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def rescore(
    question: str, sentences: Sequence[str], ranked: Sequence[Support], *, threshold: float
) -> list[Support]:
    """The typed candidates scored by the learned weights on the scale of ``threshold`` (a
    candidate scores at least ``threshold`` exactly when its probability clears the cut)."""
    encoder = load_encoder()
    fitted = load_weights(WEIGHTS_FILE)["model" if encoder is not None else "words"]
    weights, cut = fitted["w"], fitted["cut"]
    typed = [s for s in ranked if s.typed and s.parts]
    words_only = weights[: len(FEATURES) - 1]
    typed.sort(key=lambda s: -probability(words_only, features(s.parts, None)))
    typed = typed[:CANDIDATES]
    if not typed:
        return []
    cosines: list[float | None] = [None] * len(typed)
    if encoder is not None:
        vectors = encoder.encode([question, *(sentences[s.index] for s in typed)])
        cosines = [float(c) for c in vectors[1:] @ vectors[0]]
    out = []
    for s, cosine in zip(typed, cosines, strict=True):
        score = probability(weights, features(s.parts, cosine)) * threshold / cut
        if s.parts[4]:
            score = max(score, threshold)  # "Cummings, the chairman, was 68": his age
        out.append(replace(s, score=score))
    out.sort(key=lambda s: (-s.score, s.index))
    return out


def _part(half: str, batch: int) -> str:
    return half if half in {"dev", "held-aside"} else f"b{batch}"


def evaluate() -> dict[str, tuple[int, int, int, int]]:
    """Found / answerable, refused / unanswerable per part of the Q&A set, answered with the
    learned scores (totals only: no question or answer is printed)."""
    from broadsheet.ai import answers, evaluation, story_answers

    saved = answers.blend, story_answers.blend
    answers.blend = story_answers.blend = rescore  # type: ignore[assignment]
    try:
        results = evaluation.run_qa()
    finally:
        answers.blend, story_answers.blend = saved
    totals: dict[str, list[int]] = {}
    for r in results:
        t = totals.setdefault(_part(r.half, r.batch), [0, 0, 0, 0])
        t[0 if r.answerable else 2] += r.correct
        t[1 if r.answerable else 3] += 1
    return {part: (t[0], t[1], t[2], t[3]) for part, t in totals.items()}


def print_totals(totals: dict[str, tuple[int, int, int, int]]) -> None:
    """One line per part and the never-read parts' sum."""
    for part in ("dev", *NEVER_READ):
        f, a, r, u = totals[part]
        print(f"  {part:10} found {f:3}/{a:3}  refused {r:3}/{u:3}")
    f, a, r, u = (sum(totals[p][i] for p in NEVER_READ) for i in range(4))
    print(f"  never-read found {f}/{a}  refused {r}/{u}")
