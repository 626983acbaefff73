"""The article AI panel: cited summary, key facts and answers, cached by content and version."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from broadsheet.ai import (
    Answer,
    Summary,
    answer_question,
    answer_with_model,
    article_sentences,
    summarize_article,
    summarize_with_model,
    translate_summary,
)
from broadsheet.articles.language_model import configured_model, token_budget
from broadsheet.articles.models import Article
from broadsheet.enrichment import Facts, key_facts

PANEL_VERSION = "2"
CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class ArticlePanel:
    """Everything the AI panel shows for one article."""

    summary: Summary
    facts: Facts
    sentences: list[str]


def _key(kind: str, article: Article, *extra: str) -> str:
    digest = hashlib.blake2b(
        "\x1f".join((article.title, article.body, *extra)).encode(), digest_size=12
    )
    model = configured_model()
    return f"ai:{kind}:{PANEL_VERSION}:{model.name if model else 'offline'}:{digest.hexdigest()}"


def article_panel(article: Article, language: str = "") -> ArticlePanel:
    """The summary (from the configured model, else offline) and key facts of an article.

    With a model and a reader's ``language`` other than the article's, the summary is
    translated line by line (checked lines only); offline it stays in the article's language.
    """
    key = _key("panel", article, language)
    panel = cache.get(key)
    if panel is None:
        model = configured_model()
        if model is not None:
            summary = summarize_with_model(
                model, article.title, article.body, budget=token_budget()
            )
            if language and article.language and language != article.language:
                summary = translate_summary(
                    model, summary, source=article.language, target=language, budget=token_budget()
                )
        else:
            summary = summarize_article(article.title, article.body)
        panel = ArticlePanel(summary, key_facts(article.body), article_sentences(article.body))
        cache.set(key, panel, CACHE_SECONDS)
    return panel


def ask_article(article: Article, question: str) -> Answer:
    """Answer a reader's question from the article's own sentences, or say it does not say."""
    question = " ".join(question.split())[:500]
    key = _key("ask", article, question.casefold())
    answer = cache.get(key)
    if answer is None:
        model = configured_model()
        if model is not None:
            answer = answer_with_model(
                model, question, article.title, article.body, budget=token_budget()
            )
        else:
            answer = answer_question(question, article.title, article.body)
        cache.set(key, answer, CACHE_SECONDS)
    return answer


def sentence_paragraphs(article: Article) -> list[list[tuple[int, str]]]:
    """The body as paragraphs of (index, sentence), numbered as citations number them."""
    paragraphs, index = [], 0
    for paragraph in article.paragraphs:
        numbered = []
        for sentence in article_sentences(paragraph):
            numbered.append((index, sentence))
            index += 1
        paragraphs.append(numbered)
    return paragraphs
