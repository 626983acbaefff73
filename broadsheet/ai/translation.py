"""Summaries in the reader's language, with a model: every translated line is checked.

A translated line is kept only when it carries the same digits as the original and
every person named in the original; otherwise the reader gets the original sentence
(marked with its own language), never an unchecked rendering. Offline there is no
translation: the summary stays in the article's language and the panel says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from broadsheet.ai.budget import TokenBudget, content_key
from broadsheet.ai.grounded import Cache, call_model, load_prompt
from broadsheet.ai.language_models import LanguageModel, ModelUnavailable
from broadsheet.ai.results import Summary, SummarySentence
from broadsheet.enrichment import extract_entities

TRANSLATE_PROMPT = "translate.v1"
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "de": "German"}
_LINE = re.compile(r"^\s*\[\s*(\d+)\s*\]\s*(.+?)\s*$")
_DIGITS = re.compile(r"\d+")


def _digits(text: str) -> Counter[str]:
    """Digit runs, so that "1,500", "1 500" and "1.500" all read as ("1", "500")."""
    return Counter(run.lstrip("0") or "0" for run in _DIGITS.findall(text))


def faithful(original: str, translated: str) -> bool:
    """Whether a translation keeps the original's numbers and the people it names."""
    if _digits(original) != _digits(translated):
        return False
    people = [e for e in extract_entities("", original) if e.kind == "person"]
    folded = translated.casefold()
    return all(person.name.split()[-1].casefold() in folded for person in people)


def parse_lines(output: str, *, count: int) -> dict[int, str]:
    """{0-based line index: text} for every "[n] text" line the model wrote."""
    found: dict[int, str] = {}
    for line in output.splitlines():
        match = _LINE.match(line)
        if match and 1 <= int(match.group(1)) <= count:
            found.setdefault(int(match.group(1)) - 1, match.group(2))
    return found


def translate_summary(
    model: LanguageModel,
    summary: Summary,
    *,
    source: str,
    target: str,
    budget: TokenBudget | None = None,
    cache: Cache | None = None,
) -> Summary:
    """The summary in ``target``: checked lines translated, the others left in ``source``."""
    if source == target or target not in LANGUAGE_NAMES or not summary.sentences:
        return summary
    texts = [s.text for s in summary.sentences]
    key = (content_key(model.name, source, target, *texts), TRANSLATE_PROMPT)
    if cache is not None and key in cache:
        return cache[key]
    prompt = load_prompt(TRANSLATE_PROMPT).format(
        source=LANGUAGE_NAMES.get(source, source),
        target=LANGUAGE_NAMES[target],
        lines="\n".join(f"[{i + 1}] {text}" for i, text in enumerate(texts)),
    )
    try:
        output = call_model(model, prompt, max_tokens=60 * len(texts), budget=budget)
    except ModelUnavailable:
        return replace(summary, method=f"{summary.method} (not translated: model unavailable)")
    if output is None:
        return replace(summary, method=f"{summary.method} (not translated: token budget)")
    lines = parse_lines(output, count=len(texts))
    sentences = tuple(
        _checked(s, lines.get(i), source, target) for i, s in enumerate(summary.sentences)
    )
    translated = sum(s.language == target for s in sentences)
    method = f"{summary.method}, translated by llm:{model.name} ({translated}/{len(texts)})"
    if not translated:
        method = f"{summary.method} (not translated: no line passed the check)"
    result = Summary(method=method, sentences=sentences)
    if cache is not None:
        cache[key] = result
    return result


def _checked(
    sentence: SummarySentence, translated: str | None, source: str, target: str
) -> SummarySentence:
    if translated and faithful(sentence.text, translated):
        return replace(sentence, text=translated, language=target)
    return replace(sentence, language=source)
