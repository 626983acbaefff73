"""The sentence model's opinion of ask's candidates: meaning beside the shared words.

The lexical score (``answers.rank_support``) finds a fact stated in the question's
own words; a reader asks "Which newspaper did he write for?" of "he was a
columnist for The Washington Post". When the packaged sentence model is there
(``sentence_vectors``), each of the few best sentences that hold a fact of the
asked type is scored (1 - w) · lexical + w · cosine(question, sentence), and the
threshold is the same. Only those candidates are embedded (a sentence costs about
0.35 ms of CPU per token), and their vectors are cached by text. Without the model
the lexical score decides alone, and the answer's method says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from broadsheet.ai.results import OFFLINE
from broadsheet.ai.sentence_vectors import MODEL_NAME, load_encoder

if TYPE_CHECKING:
    from broadsheet.ai.answers import Support

# Chosen on the dev part of tests/data/qa.jsonl (bench/ai.py; weights 0.1-0.7 swept with the
# threshold): 0.2 gives the dev part's best accuracy at the unchanged threshold 0.42.
SEMANTIC_WEIGHT = 0.2
CANDIDATES = 4  # typed sentences embedded per question (the median question has one)
WITH_MODEL = f"{OFFLINE} + {MODEL_NAME}"
LEXICAL_ONLY = f"{OFFLINE} (lexical only: sentence model not installed)"


def answer_method() -> str:
    """What answers ask's questions here: with the sentence model or by words alone."""
    return WITH_MODEL if load_encoder() is not None else LEXICAL_ONLY


def lexical_floor(threshold: float) -> float:
    """The lexical score below which a sentence cannot reach ``threshold`` even at cosine 1."""
    if load_encoder() is None:
        return threshold
    return (threshold - SEMANTIC_WEIGHT) / (1 - SEMANTIC_WEIGHT)


# A typed sentence whose words fall short of the blend ("He is a professor at Princeton
# University" for "Which university does Peebles teach at?") answers at the threshold when
# its words score at least RESCUE_LEX and the model puts it at cosine RESCUE_COS or more;
# the best RESCUE_N of them are embedded. Swept on the dev part (cosine 0.5-0.7, words
# 0.1-0.2, 1-4 sentences): below cosine 0.65 refusals are lost.
RESCUE_LEX, RESCUE_COS, RESCUE_N = 0.1, 0.65, 2


def search_floor(threshold: float) -> float:
    """The lexical score below which a sentence's facts are not looked for."""
    if load_encoder() is None:
        return threshold
    return min(lexical_floor(threshold), RESCUE_LEX)


def blend(
    question: str, sentences: Sequence[str], ranked: Sequence[Support], *, threshold: float
) -> list[Support]:
    """The typed candidates re-scored with the model, best first; ``ranked`` unchanged when
    the model is not installed."""
    encoder = load_encoder()
    if encoder is None:
        return list(ranked)
    floor = lexical_floor(threshold)
    typed = [s for s in ranked if s.typed and s.score >= floor][:CANDIDATES]
    rescue = [s for s in ranked if s.typed and RESCUE_LEX <= s.score < floor][:RESCUE_N]
    if not typed and not rescue:
        return []
    vectors = encoder.encode([question, *(sentences[s.index] for s in typed + rescue)])
    cosines = vectors[1:] @ vectors[0]
    blended = [
        replace(s, score=(1 - SEMANTIC_WEIGHT) * s.score + SEMANTIC_WEIGHT * float(c))
        for s, c in zip(typed, cosines[: len(typed)], strict=True)
    ]
    blended += [
        replace(s, score=threshold)
        for s, c in zip(rescue, cosines[len(typed) :], strict=True)
        if c >= RESCUE_COS
    ]
    blended.sort(key=lambda s: (-s.score, s.index))
    return blended
