"""What a bare headline means, beyond its words: a sentence vector as a second similarity.

A headline with no body shares two or three words with its story, and many headlines of one
story share none ("Aust dollar weaker in early trade" and "Ukraine, Chinese economy weigh on
$A"). The packaged all-MiniLM-L6-v2 (broadsheet/ai/sentence_vectors.py, run in numpy) puts
headlines that mean the same close together: on the UCI dev half, same-story against
other-story headline pairs reach ROC AUC 0.967 by its cosine against 0.924 by the TF-IDF
cosine. Only articles with no body at all are embedded (their headline); an article with
any text keeps the TF-IDF vector only (a short text's lead sentence, as ECB+ gives, is not a
headline, and the model costs 10-20 ms a headline on this CPU, the rest ~1 ms).

Each story keeps the sum of its headline members' unit vectors. A headline's join score with
a story that has one is scaled by (cosine / `meaning_join`) ** 2, at most 1: the headline of
another story sharing a word with this one scores low, one meaning the same keeps the score
its words give (letting the factor exceed 1: UCI dev half 0.921, capped 0.923). Two stories
of headlines whose mean vectors reach `meaning_merge` merge at the full-text bar scaled by
evidence alone (the merge threshold's headline end drops to 0). Without the model package
(or with `meaning_join` 0), and for headlines in another language than English (the model
reads English only), every factor is 1: the clusterer is as lexical as before.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    Sense = np.ndarray[Any, Any]
else:
    Sense = Any


def _encoder() -> Any:
    """The packaged sentence model, or None (imported late: numpy and the model load only when
    a bare headline arrives)."""
    from broadsheet.ai.sentence_vectors import load_encoder

    return load_encoder()


def _english(language: str | None) -> bool:
    """Whether `language` (a code, or None when unknown) is one the model was trained on: it
    reads English only, and headlines in another language would look alike by their
    word pieces alone."""
    return language is None or language.lower().split("-")[0] in ("", "en")


class HeadlineMeaning:
    """Sentence vectors of bare headlines and the sums of each story's."""

    def __init__(self, *, join: float, merge: float) -> None:
        self.join = join
        self.merge = merge
        self._sums: dict[int, Sense] = {}
        self._model: Any = None
        self._loaded = join <= 0  # off: never load the model

    def _load(self) -> Any:
        if not self._loaded:
            self._model = _encoder()
            self._loaded = True
        return self._model

    def prefetch(self, titles: Iterable[str]) -> None:
        """Encode `titles` in one batch ahead of time (the model caches by text)."""
        batch = list(titles)
        model = self._load() if batch else None
        if model is not None:
            model.encode(batch)

    def wants(self, title: str, text: str, language: str | None) -> bool:
        """Whether an article is a bare headline the model reads: no body, some headline,
        English or unknown language, and the factor on."""
        bare = not text or text.isspace()
        return self.join > 0 and bare and bool(title.strip()) and _english(language)

    def of(self, title: str, text: str, language: str | None = None) -> Sense | None:
        """The unit sentence vector of `title` for an article with body `text` in `language`,
        or None (a body, no headline, a language other than English, no model)."""
        if not self.wants(title, text, language):
            return None
        model = self._load()
        return None if model is None else model.encode([title])[0]

    def add(self, sid: int, sense: Sense | None) -> None:
        """Story `sid` gained a member with `sense`."""
        if sense is not None:
            total = self._sums.get(sid)
            self._sums[sid] = sense.copy() if total is None else total + sense

    def absorb(self, old: int, young: int) -> None:
        """Story `young` was merged into `old`."""
        gone = self._sums.pop(young, None)
        if gone is not None:
            self.add(old, gone)

    def drop(self, sids: Sequence[int]) -> None:
        """Stories `sids` closed."""
        for sid in sids:
            self._sums.pop(sid, None)

    def join_factor(self, sense: Sense | None, sid: int) -> float:
        """How much a headline meaning `sense` scales its join score with story `sid`."""
        total = self._sums.get(sid)
        if sense is None or total is None:
            return 1.0
        cos = float(sense @ total) / max(math.sqrt(float(total @ total)), 1e-9)
        return min(1.0, (max(cos, 0.0) / self.join) ** 2)

    def alike(self, one: int, other: int) -> bool:
        """Whether the headlines of stories `one` and `other` mean the same on average."""
        first, second = self._sums.get(one), self._sums.get(other)
        if first is None or second is None:
            return False
        norms = math.sqrt(float(first @ first) * float(second @ second))
        return float(first @ second) / max(norms, 1e-9) >= self.merge
