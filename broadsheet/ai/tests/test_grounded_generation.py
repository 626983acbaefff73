"""Model-written summaries and answers are verified against their citations, with offline fallbacks."""

from __future__ import annotations

from datetime import UTC, datetime

from broadsheet.ai import (
    LanguageModel,
    ModelUnavailable,
    TokenBudget,
    answer_with_model,
    summarize_article,
    summarize_with_model,
)
from broadsheet.ai.grounded import load_prompt, parse_cited

TITLE = "Storm floods Eastport"
TEXT = (
    "A storm flooded the town of Eastport on Tuesday. "
    "About 2,000 residents left their homes. "
    "Mayor Ana Ruiz declared a state of emergency. "
    "Schools will stay closed until Friday."
)


class FakeModel:
    """A scripted model that records its prompts."""

    name = "fake-1"

    def __init__(self, reply: str = "", *, down: bool = False) -> None:
        self.reply = reply
        self.down = down
        self.prompts: list[str] = []

    def complete(self, prompt: str, *, max_tokens: int, temperature: float = 0.0) -> str:
        self.prompts.append(prompt)
        if self.down:
            raise ModelUnavailable("connection refused")
        return self.reply


def test_fake_model_satisfies_the_protocol():
    assert isinstance(FakeModel(), LanguageModel)


def test_summary_prompt_numbers_the_article_sentences():
    model = FakeModel("A storm flooded Eastport on Tuesday [1].")
    summarize_with_model(model, TITLE, TEXT)
    assert "[1] A storm flooded the town of Eastport on Tuesday." in model.prompts[0]
    assert "[4] Schools will stay closed until Friday." in model.prompts[0]


def test_supported_generated_sentences_keep_their_citations():
    model = FakeModel("A storm flooded Eastport on Tuesday [1].\nAbout 2,000 residents left [2].")
    summary = summarize_with_model(model, TITLE, TEXT)
    assert summary.method == "llm:fake-1"
    assert [s.citations[0].sentence for s in summary.sentences] == [0, 1]


def test_one_unsupported_number_sends_the_whole_summary_back_to_the_offline_one():
    model = FakeModel(
        "A storm flooded Eastport on Tuesday [1].\n"
        "About 3,000 residents left their homes [2].\n"
        "Mayor Ana Ruiz declared an emergency [3]."
    )
    summary = summarize_with_model(model, TITLE, TEXT)
    assert summary.method == "offline-extractive (model output failed verification)"
    assert summary.sentences == summarize_article(TITLE, TEXT).sentences
    assert len(summary.sentences) >= 3


def test_a_name_the_cited_sentence_lacks_fails_verification():
    model = FakeModel(
        "Governor Tom Hale declared a state of emergency [3].\nA storm hit Eastport [1]."
    )
    summary = summarize_with_model(model, TITLE, TEXT)
    assert summary.method == "offline-extractive (model output failed verification)"
    assert "Tom Hale" not in " ".join(s.text for s in summary.sentences)


def test_nothing_verifiable_falls_back_to_the_offline_summary():
    summary = summarize_with_model(FakeModel("Ten thousand people fled [2]."), TITLE, TEXT)
    assert summary.method == "offline-extractive (model output failed verification)"


def test_model_down_returns_offline_summary_with_method_saying_so():
    summary = summarize_with_model(FakeModel(down=True), TITLE, TEXT)
    assert summary.method == "offline-extractive (model unavailable)"
    assert summary.sentences


def test_token_budget_exhausted_returns_offline_summary_without_calling_the_model():
    model = FakeModel("A storm flooded Eastport on Tuesday [1].")
    budget = TokenBudget(50, clock=lambda: datetime(2025, 3, 1, tzinfo=UTC))
    summary = summarize_with_model(model, TITLE, TEXT, budget=budget)
    assert summary.method == "offline-extractive (token budget exhausted)"
    assert model.prompts == []


def test_a_call_spends_from_the_budget():
    budget = TokenBudget(10_000, clock=lambda: datetime(2025, 3, 1, tzinfo=UTC))
    summarize_with_model(FakeModel("A storm flooded Eastport [1]."), TITLE, TEXT, budget=budget)
    assert 0 < 10_000 - budget.remaining() < 1_000


def test_cache_hit_avoids_a_second_model_call():
    model = FakeModel("A storm flooded Eastport on Tuesday [1].")
    cache: dict = {}
    first = summarize_with_model(model, TITLE, TEXT, cache=cache)
    second = summarize_with_model(model, TITLE, TEXT, cache=cache)
    assert first == second
    assert len(model.prompts) == 1
    ((_, version),) = cache
    assert version == "summary.v1"


def test_answer_with_model_cites_its_sentence():
    model = FakeModel("About 2,000 residents left their homes [2].")
    answer = answer_with_model(model, "How many residents left their homes?", TITLE, TEXT)
    assert answer.found and answer.method == "llm:fake-1"
    assert [c.sentence for c in answer.citations] == [1]


def test_answer_with_model_can_say_the_text_does_not_say():
    model = FakeModel("NOT IN TEXT")
    answer = answer_with_model(model, "How many residents left their homes?", TITLE, TEXT)
    assert not answer.found and answer.answer is None


def test_answer_with_model_down_falls_back_offline():
    answer = answer_with_model(
        FakeModel(down=True), "How many residents left their homes?", TITLE, TEXT
    )
    assert answer.method.startswith("offline-extractive")
    assert answer.method.endswith("(model unavailable)")
    assert answer.found and "2,000" in answer.answer


def test_parse_cited_reads_bullets_and_several_citations():
    parsed = parse_cited("- First point [1][3]\n2. Second point [2, 4].", limit=5)
    assert parsed == [("First point.", [0, 2]), ("Second point.", [1, 3])]


def test_prompts_are_versioned_package_files():
    assert "{sentences}" in load_prompt("summary.v1")
    assert "NOT IN TEXT" in load_prompt("answer.v1")
