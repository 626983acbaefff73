"""Translated summaries keep numbers and people, or fall back to the original line."""

from __future__ import annotations

from broadsheet.ai import ModelUnavailable, Summary, translate_summary
from broadsheet.ai.results import Citation, SummarySentence
from broadsheet.ai.translation import faithful, parse_lines


class ScriptedModel:
    """A LanguageModel that returns a fixed reply and records the prompts it saw."""

    name = "scripted"

    def __init__(self, reply: str | Exception) -> None:
        self.reply = reply
        self.prompts: list[str] = []

    def complete(self, prompt: str, *, max_tokens: int, temperature: float = 0.0) -> str:
        self.prompts.append(prompt)
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply


def _summary(*texts: str) -> Summary:
    return Summary(
        method="offline-extractive",
        sentences=tuple(SummarySentence(t, (Citation(i, t),)) for i, t in enumerate(texts)),
    )


SUMMARY = _summary(
    "The ferry carried 1,250 passengers on Monday.",
    "Captain Ana Ruiz said the crossing took 3 hours.",
)


def test_checked_lines_are_translated_and_marked_with_the_target_language() -> None:
    model = ScriptedModel(
        "[1] Le ferry a transporté 1 250 passagers lundi.\n"
        "[2] La capitaine Ana Ruiz a dit que la traversée a duré 3 heures."
    )
    result = translate_summary(model, SUMMARY, source="en", target="fr")
    assert [s.language for s in result.sentences] == ["fr", "fr"]
    assert result.sentences[0].text.startswith("Le ferry")
    assert result.sentences[1].citations == SUMMARY.sentences[1].citations
    assert "French" in model.prompts[0] and "[2] Captain Ana Ruiz" in model.prompts[0]
    assert "translated by llm:scripted (2/2)" in result.method


def test_a_line_that_changes_a_number_or_drops_a_person_keeps_the_original() -> None:
    model = ScriptedModel(
        "[1] Le ferry a transporté 1 520 passagers lundi.\n"
        "[2] La capitaine a dit que la traversée a duré 3 heures."
    )
    result = translate_summary(model, SUMMARY, source="en", target="fr")
    assert [s.text for s in result.sentences] == [s.text for s in SUMMARY.sentences]
    assert [s.language for s in result.sentences] == ["en", "en"]
    assert "translated by" not in result.method
    assert result.method.endswith("(not translated: no line passed the check)")


def test_model_down_leaves_the_summary_untranslated_and_says_so() -> None:
    result = translate_summary(
        ScriptedModel(ModelUnavailable("down")), SUMMARY, source="en", target="es"
    )
    assert [s.text for s in result.sentences] == [s.text for s in SUMMARY.sentences]
    assert result.method.endswith("(not translated: model unavailable)")


def test_same_language_or_unknown_target_makes_no_call() -> None:
    model = ScriptedModel("[1] x")
    assert translate_summary(model, SUMMARY, source="fr", target="fr") is SUMMARY
    assert translate_summary(model, SUMMARY, source="en", target="xx") is SUMMARY
    assert model.prompts == []


def test_results_are_cached_by_content_and_prompt_version() -> None:
    model = ScriptedModel("[1] Un.\n[2] Deux.")
    cache: dict = {}
    short = _summary("One.", "Two.")
    first = translate_summary(model, short, source="en", target="fr", cache=cache)
    second = translate_summary(model, short, source="en", target="fr", cache=cache)
    assert first == second and len(model.prompts) == 1


def test_faithful_reads_numbers_across_separators() -> None:
    assert faithful("It cost $1,500.", "Cela a coûté 1 500 $.")
    assert not faithful("It cost $1,500.", "Cela a coûté 15 000 $.")
    assert parse_lines("noise\n[2] deux\n[9] hors\n[1] un", count=2) == {0: "un", 1: "deux"}
