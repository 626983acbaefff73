"""Questions answered from the text: the best-supported sentence, or "the article does not say".

A sentence supports an answer when it covers the question's content words
(stemmed, weighted by how rare each word is in the article: a word the article
never uses counts against every sentence) and holds the kind of thing the
question asks for, which the question itself does not already name: a person
or organisation for "who", a date for "when", a number for "how many", a place
for "where", a cause for "why". Below the calibrated threshold, or without the
right kind of answer, the answer is ``found=False``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet.ai.results import OFFLINE, Answer, Citation, not_found
from broadsheet.ai.sentences import article_sentences, is_dangling, names_in, numbers_in
from broadsheet.ai.stories import StoryArticle
from broadsheet.ai.terms import content_stems, stem, words
from broadsheet.enrichment import Entity, extract_entities, key_facts

# Calibrated on the "tune" half of tests/data/qa.jsonl (bench/ai.py --calibrate).
THRESHOLD = 0.525

_QUESTION_WORDS = frozenset(
    ["many", "much", "kind", "type", "name", "happen", "long", "far", "did", "does", "do"]
)
# A few news paraphrases; both the question and the sentences are mapped.
_PARAPHRASES = {
    "kill": "die", "fatal": "die", "fatality": "die", "toll": "die", "age": "old",
    "justice": "judge", "purchase": "buy", "acquire": "buy", "ceo": "ceo", "boss": "ceo",
    "chairperson": "chairman", "chair": "chairman", "wed": "marry", "sue": "lawsuit",
}  # fmt: skip
_SYNONYMS = {stem(k): stem(v) for k, v in _PARAPHRASES.items()}
_PHRASES = ((re.compile(r"\bchief executive(?: officer)?\b", re.I), "CEO"),)
BIGRAM_WEIGHT = 0.15
TITLE_WEIGHT = 0.5  # the headline's words are what every sentence is about: they tell little
_AGE = re.compile(r"\b(?:aged?|was|is|at)\s+\d{1,3}\b|\b\d{1,3}[- ]years?[- ]old\b|, \d{1,3},")
_WH = frozenset(
    """
    who whom whose what when where why how which did does do is was are were
    """.split()  # noqa: SIM905
)
_DATE_WORDS = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|"
    r"tomorrow|tonight|(?:1[89]|20)\d\d)\b"
)
_CAUSE = re.compile(
    r"\b(?:because|due to|caused|cause|after|following|as a result|led to|blamed|reason|since|"
    r"over|amid|in response to|so that|to avoid|in order to)\b",
    re.I,
)
_PLACE_CUE = re.compile(
    r"\b(?:in|at|near|outside|inside|across|off|into|to|from|on)\s+(?:the\s+)?[A-Z][\w'’.-]+"
)


@dataclass(frozen=True)
class Support:
    """How well one sentence supports an answer to the question."""

    index: int
    score: float
    typed: bool  # holds the kind of answer the question asks for


def question_type(question: str) -> str:
    """ "who" | "when" | "number" | "where" | "why" | "other", from the question's opening."""
    q = question.casefold().strip()
    if re.match(r"(?:and |so )?(?:who|whom|whose)\b", q) or re.search(r"\bwho (?:is|was)\b", q):
        return "who"
    if re.match(r"(?:when|what (?:time|year|date|day|month)|since when|on what date)\b", q):
        return "when"
    if re.match(r"(?:how (?:many|much|old|long|far|big|large|high|fast)|by how much|at what)\b", q):
        return "number"
    if re.match(r"(?:where|in what (?:city|country|place|state))\b", q):
        return "where"
    if re.match(r"why\b", q):
        return "why"
    return "other"


def _stems(text: str) -> list[str]:
    for pattern, repl in _PHRASES:
        text = pattern.sub(repl, text)
    return [_SYNONYMS.get(s, s) for s in content_stems(text)]


def rank_support(
    question: str,
    sentences: Sequence[str],
    *,
    title: str = "",
    entities: Sequence[Entity] = (),
    dates: set[int],
) -> list[Support]:
    """Every sentence's support for an answer, best first (ties keep article order)."""
    kind = question_type(question)
    q_terms = {s for s in _stems(question) if s not in _QUESTION_WORDS}
    q_bigrams = _bigrams(question)
    sentence_terms = [set(_stems(s)) for s in sentences]
    for i in range(1, len(sentences)):
        if is_dangling(sentences[i]):
            # "He was 101": the pronoun stands for the names of the sentence before.
            sentence_terms[i] |= {stem(n) for n in names_in(sentences[i - 1])}
    if re.match(r"how old\b", question.strip().casefold()):
        for i, sentence in enumerate(sentences):
            if _AGE.search(sentence):
                sentence_terms[i].add("old")
    n = len(sentences)
    title_terms = set(_stems(title))
    df = {t: sum(t in terms for terms in sentence_terms) for t in q_terms}
    idf = {
        t: math.log((n + 1) / (df[t] + 0.5)) * (TITLE_WEIGHT if t in title_terms else 1.0)
        for t in q_terms
    }
    total = sum(idf.values())
    q_words = {w.casefold() for w in words(question)}
    q_numbers = numbers_in(question)
    out = []
    for i, sentence in enumerate(sentences):
        covered = sum(idf[t] for t in q_terms & sentence_terms[i])
        score = covered / total if total else 0.0
        if q_bigrams:
            shared = len(q_bigrams & _bigrams(sentence)) / len(q_bigrams)
            score = (1 - BIGRAM_WEIGHT) * score + BIGRAM_WEIGHT * shared
        typed = _has_answer_kind(kind, sentence, i, q_words, q_numbers, entities, dates)
        out.append(Support(i, score, typed))
    out.sort(key=lambda s: (-s.score, s.index))
    return out


def _bigrams(text: str) -> set[tuple[str, str]]:
    """Adjacent stemmed word pairs, function words kept ("die of", "maiden flight")."""
    tokens = [_SYNONYMS.get(stem(w), stem(w)) for w in words(text)]
    tokens = [t for t in tokens if t not in _WH]
    return set(zip(tokens, tokens[1:], strict=False))


def _has_answer_kind(
    kind: str,
    sentence: str,
    index: int,
    q_words: set[str],
    q_numbers: set[float],
    entities: Sequence[Entity],
    dates: set[int],
) -> bool:
    """Whether the sentence holds the kind of answer asked for, beyond what the question names."""
    if kind == "who":
        new_names = {n for n in names_in(sentence) if n.casefold() not in q_words}
        return any(_mentions(e, sentence, q_words) for e in entities if e.kind != "place") or (
            not entities and bool(new_names)
        )
    if kind == "when":
        return index in dates or bool(_DATE_WORDS.search(sentence))
    if kind == "number":
        return bool(numbers_in(sentence) - q_numbers)
    if kind == "where":
        return bool(_PLACE_CUE.search(sentence))
    if kind == "why":
        return bool(_CAUSE.search(sentence))
    return True


def _mentions(entity: Entity, sentence: str, q_words: set[str]) -> bool:
    """Whether the sentence names the entity by a name the question does not already use."""
    for name in (entity.name, *entity.aliases):
        if name and name in sentence:
            return not all(w.casefold() in q_words for w in words(name))
    return False


def answer_question(
    question: str, title: str, text: str, *, entities: Sequence[Entity] | None = None
) -> Answer:
    """The article sentence that best answers the question, or found=False when none does.

    ``entities`` may pass the article's already extracted entities (the page has
    them for the panel); they are only needed for "who" questions.
    """
    sentences = article_sentences(text)
    if not sentences or not question.strip():
        return not_found()
    if entities is None:
        entities = extract_entities(title, text) if question_type(question) == "who" else []
    dates = {fact.sentence for fact in key_facts(text).dates}
    ranked = rank_support(question, sentences, title=title, entities=entities, dates=dates)
    best = best_support(ranked)
    if best is None:
        return not_found()
    cited = sentences[best.index]
    return Answer(
        found=True, answer=cited, citations=(Citation(best.index, cited),), method=OFFLINE
    )


def best_support(ranked: Sequence[Support], *, threshold: float = THRESHOLD) -> Support | None:
    """The best sentence that holds the right kind of answer and clears the threshold."""
    for support in ranked:
        if support.score < threshold:
            return None
        if support.typed:
            return support
    return None


def answer_story_question(question: str, articles: Sequence[StoryArticle]) -> Answer:
    """The best-supported sentence across a story's articles; the citation names its article."""
    sentences: list[str] = []
    origin: list[tuple[int, int]] = []
    entities: list[Entity] = []
    dates: set[int] = set()
    for doc, article in enumerate(articles):
        own = article_sentences(article.text)
        dates.update(len(sentences) + f.sentence for f in key_facts(article.text).dates)
        entities.extend(extract_entities(article.title, article.text))
        origin.extend((doc, i) for i in range(len(own)))
        sentences.extend(own)
    if not sentences or not question.strip():
        return not_found()
    headline = " ".join(a.title for a in articles)
    ranked = rank_support(question, sentences, title=headline, entities=entities, dates=dates)
    best = best_support(ranked)
    if best is None:
        return not_found()
    doc, index = origin[best.index]
    cited = sentences[best.index]
    return Answer(
        found=True,
        answer=cited,
        citations=(Citation(index, cited, articles[doc].key),),
        method=OFFLINE,
    )
