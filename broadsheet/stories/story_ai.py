"""Story AI: what happened across all sources, where they disagree, and answers, cited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from broadsheet.ai import (
    Answer,
    Disagreement,
    StoryArticle,
    Summary,
    answer_story_question,
    find_disagreements,
    summarize_story,
)
from broadsheet.articles.models import Article
from broadsheet.stories.models import Story

PANEL_VERSION = "2"
MAX_ARTICLES = 30
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class StoryPanel:
    """What the story page's AI section shows; citations name articles by public id."""

    summary: Summary
    disagreements: list[Disagreement]
    titles: dict[str, str]


def story_articles(story: Story) -> list[StoryArticle]:
    """The story's original articles (copies add nothing), oldest first, as plain data."""
    members = (
        Article.objects.originals()
        .filter(story=story)
        .select_related("source")
        .order_by("published_at", "pk")[:MAX_ARTICLES]
    )
    return [StoryArticle(a.public_id, a.source.name, a.title, a.body) for a in members]


def _key(kind: str, articles: list[StoryArticle], *extra: str) -> str:
    digest = hashlib.blake2b(digest_size=12)
    for item in articles:
        digest.update(f"{item.key}\x1f{len(item.text)}\x1e".encode())
    for part in extra:
        digest.update(part.encode())
    return f"ai:story-{kind}:{PANEL_VERSION}:{digest.hexdigest()}"


def story_panel(story: Story) -> StoryPanel:
    """What happened, from every source, and the numbers they disagree on."""
    articles = story_articles(story)
    key = _key("panel", articles)
    panel = cache.get(key)
    if panel is None:
        panel = StoryPanel(
            summarize_story(articles),
            find_disagreements(articles),
            {a.key: f"{a.source}: {a.title}" for a in articles},
        )
        cache.set(key, panel, CACHE_SECONDS)
    return panel


def ask_story(story: Story, question: str) -> Answer:
    """Answer a question from all the story's articles, citing each article used."""
    question = " ".join(question.split())[:500]
    articles = story_articles(story)
    key = _key("ask", articles, question.casefold())
    answer = cache.get(key)
    if answer is None:
        answer = answer_story_question(question, articles)
        cache.set(key, answer, CACHE_SECONDS)
    return answer
