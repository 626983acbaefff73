"""The operator's optional language model, built once from the settings (None when unset)."""

from __future__ import annotations

import functools

from django.conf import settings

from broadsheet.ai import LanguageModel, OpenAICompatibleModel, TokenBudget


@functools.cache
def configured_model() -> LanguageModel | None:
    """The OpenAI-compatible model named by LLM_BASE_URL and LLM_MODEL, or None (offline)."""
    if not settings.LLM_BASE_URL or not settings.LLM_MODEL:
        return None
    return OpenAICompatibleModel(
        base_url=settings.LLM_BASE_URL,
        model=settings.LLM_MODEL,
        api_key=settings.LLM_API_KEY or None,
        timeout=settings.LLM_TIMEOUT,
    )


@functools.cache
def token_budget() -> TokenBudget:
    """The process's per-day token budget for the model."""
    return TokenBudget(settings.LLM_DAILY_TOKENS)
