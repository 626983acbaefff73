"""Model-written summaries and answers, held to the article: every sentence cites and is checked.

The prompt numbers the article's sentences; the model must end each sentence
with ``[n]`` citations. A generated sentence survives only when every name and
number in it appears in the sentences it cites. When the model is down, slow
or over budget, or any sentence it wrote fails that check, the whole offline result is returned
with ``method`` saying why ("offline-extractive (model unavailable)").
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from broadsheet.ai.answers import answer_question, rank_support
from broadsheet.ai.budget import TokenBudget, content_key, estimate_tokens
from broadsheet.ai.language_models import LanguageModel, ModelUnavailable
from broadsheet.ai.results import Answer, Citation, Summary, SummarySentence
from broadsheet.ai.sentences import article_sentences, supported_by
from broadsheet.ai.summaries import summarize_article
from broadsheet.enrichment import extract_entities

SUMMARY_PROMPT = "summary.v1"
ANSWER_PROMPT = "answer.v1"
MAX_PROMPT_SENTENCES = 80  # about 3,000 tokens of article: fits small local models' context
SUMMARY_TOKENS, ANSWER_TOKENS = 400, 200
ANSWER_CANDIDATES = 6
NOT_IN_TEXT = "NOT IN TEXT"

_CITED = re.compile(r"(?P<text>[^\[\]\n]+?)\s*(?P<cites>(?:\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]\s*)+)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")

Cache = MutableMapping[tuple[str, str], Any]
_Result = TypeVar("_Result", Summary, Answer)


@cache
def load_prompt(version: str) -> str:
    """A versioned prompt template from broadsheet/ai/prompts/ (e.g. "summary.v1")."""
    return resources.files("broadsheet.ai").joinpath("prompts", f"{version}.txt").read_text("utf-8")


def numbered(sentences: list[str], indices: list[int]) -> str:
    """Sentences as the prompt shows them: "[n] text", numbered from 1."""
    return "\n".join(f"[{i + 1}] {sentences[i]}" for i in indices)


def parse_cited(output: str, *, limit: int) -> list[tuple[str, list[int]]]:
    """(sentence, 0-based cited indices) for every generated sentence that ends in citations."""
    out = []
    for line in output.splitlines():
        for match in _CITED.finditer(_BULLET.sub("", line)):
            text = match.group("text").strip(" .;:-").strip()
            cites = [int(n) - 1 for n in re.findall(r"\d+", match.group("cites"))]
            if text and cites and all(0 <= c < limit for c in cites):
                out.append((text if text.endswith((".", "!", "?")) else text + ".", cites))
    return out


def verified(
    output: str, sentences: list[str], *, context: str, allowed: set[int] | None = None
) -> list[SummarySentence]:
    """Generated sentences whose names and numbers all appear in the sentences they cite."""
    kept = []
    for text, cites in parse_cited(output, limit=len(sentences)):
        if allowed is not None and not set(cites) <= allowed:
            continue
        cites = sorted(set(cites))
        if supported_by(text, [sentences[c] for c in cites], context=context):
            kept.append(SummarySentence(text, tuple(Citation(c, sentences[c]) for c in cites)))
    return kept


def call_model(
    model: LanguageModel, prompt: str, *, max_tokens: int, budget: TokenBudget | None
) -> str | None:
    """The model's output, or None when the budget forbids the call (ModelUnavailable passes)."""
    estimate = estimate_tokens(prompt) + max_tokens
    if budget is not None and not budget.can_spend(estimate):
        return None
    output = model.complete(prompt, max_tokens=max_tokens, temperature=0.0)
    if budget is not None:
        used = getattr(model, "last_usage", None)
        budget.spend(used if isinstance(used, int) else estimate_tokens(prompt + output))
    return output


def summarize_with_model(
    model: LanguageModel,
    title: str,
    text: str,
    *,
    fallback: Callable[[str, str], Summary] = summarize_article,
    budget: TokenBudget | None = None,
    cache: Cache | None = None,
) -> Summary:
    """An abstractive summary whose sentences cite and match the article, else the offline one."""
    sentences = article_sentences(text)
    if not sentences:
        return fallback(title, text)
    key = (content_key(model.name, title, text), SUMMARY_PROMPT)
    if cache is not None and key in cache:
        return cache[key]
    shown = list(range(min(len(sentences), MAX_PROMPT_SENTENCES)))
    prompt = load_prompt(SUMMARY_PROMPT).format(title=title, sentences=numbered(sentences, shown))
    try:
        output = call_model(model, prompt, max_tokens=SUMMARY_TOKENS, budget=budget)
    except ModelUnavailable:
        return _offline(fallback(title, text), "model unavailable")
    if output is None:
        return _offline(fallback(title, text), "token budget exhausted")
    kept = verified(output, sentences, context=text, allowed=set(shown))
    if not kept or len(kept) < len(parse_cited(output, limit=len(sentences))):
        # A model that wrote one unsupported sentence is not trusted with the others: a
        # summary shrunk to what survived would say less than the offline one, and pick it.
        return _offline(fallback(title, text), "model output failed verification")
    kept = kept[:5]
    summary = Summary(method=f"llm:{model.name}", sentences=tuple(kept))
    if cache is not None:
        cache[key] = summary
    return summary


def answer_with_model(
    model: LanguageModel,
    question: str,
    title: str,
    text: str,
    *,
    fallback: Callable[[str, str, str], Answer] = answer_question,
    budget: TokenBudget | None = None,
    cache: Cache | None = None,
) -> Answer:
    """The model's answer from the best-supported sentences, checked against them."""
    sentences = article_sentences(text)
    ranked = rank_support(question, sentences, title=title, entities=extract_entities(title, text))
    candidates = sorted(s.index for s in ranked[:ANSWER_CANDIDATES] if s.score > 0)
    if not candidates:
        return fallback(question, title, text)  # nothing in the text touches the question
    key = (content_key(model.name, question, title, text), ANSWER_PROMPT)
    if cache is not None and key in cache:
        return cache[key]
    prompt = load_prompt(ANSWER_PROMPT).format(
        title=title, sentences=numbered(sentences, candidates), question=question
    )
    try:
        output = call_model(model, prompt, max_tokens=ANSWER_TOKENS, budget=budget)
    except ModelUnavailable:
        return _offline(fallback(question, title, text), "model unavailable")
    if output is None:
        return _offline(fallback(question, title, text), "token budget exhausted")
    method = f"llm:{model.name}"
    if output.strip().upper().startswith(NOT_IN_TEXT):
        answer = Answer(found=False, answer=None, citations=(), method=method)
    else:
        kept = verified(output, sentences, context=text, allowed=set(candidates))
        if not kept:
            return _offline(fallback(question, title, text), "model output failed verification")
        citations = {c.sentence: c for s in kept for c in s.citations}
        answer = Answer(
            found=True,
            answer=" ".join(s.text for s in kept),
            citations=tuple(citations[i] for i in sorted(citations)),
            method=method,
        )
    if cache is not None:
        cache[key] = answer
    return answer


def _offline(result: _Result, reason: str) -> _Result:
    """The offline result, its method saying why the model's was not used."""
    return replace(result, method=f"{result.method} ({reason})")
