"""The article panel translates its summary for the reader only when a model is configured."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from broadsheet.ai.tests.test_translate_summary import ScriptedModel
from broadsheet.articles import article_ai
from broadsheet.stories.tests.test_story_assignment import QUAKE, store


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_offline_panel_stays_in_the_article_language(db, monkeypatch) -> None:
    monkeypatch.setattr(article_ai, "configured_model", lambda: None)
    article = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    panel = article_ai.article_panel(article, "fr")
    assert panel.summary.method == "offline-extractive"
    assert all(s.language is None for s in panel.summary.sentences)


def test_with_a_model_the_summary_is_translated_and_cached_per_language(db, monkeypatch) -> None:
    article = store("Earthquake kills four in southern Peru", QUAKE, source="andes", n=1)
    article.language = "en"
    # The model "summarises" by echoing nothing checkable, so the offline summary is used,
    # then "translates" each line by returning it unchanged: digits and people survive.
    model = ScriptedModel("")
    monkeypatch.setattr(article_ai, "configured_model", lambda: model)
    english = article_ai.article_panel(article, "en")
    model.reply = "\n".join(f"[{i + 1}] {s.text}" for i, s in enumerate(english.summary.sentences))
    french = article_ai.article_panel(article, "fr")
    assert [s.language for s in french.summary.sentences] == ["fr"] * len(french.summary.sentences)
    assert "translated by llm:scripted" in french.summary.method
    calls = len(model.prompts)
    article_ai.article_panel(article, "fr")
    assert len(model.prompts) == calls  # cached
