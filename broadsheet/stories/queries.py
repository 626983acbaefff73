"""Read-side queries for stories: the front page ranking, related articles, coverage."""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q

from broadsheet.articles.models import Article
from broadsheet.stories.models import Story, StoryQuerySet

TOP_WINDOW = timedelta(hours=72)
CANDIDATES = 500  # stories of the window ranked for the home page
# Related articles come from the articles stored around this one (ids follow arrival): the
# cost of the page stays flat as the archive grows, and "related" means the same period.
RELATED_WINDOW = 20_000


def story_score(story: Story, *, now: datetime) -> float:
    """Breadth of coverage, decayed by age: many sources recently beats one source just now."""
    hours = max((now - story.last_seen_at).total_seconds() / 3600, 0)
    return (story.source_count**1.3 + 0.3 * math.log1p(story.article_count)) / (hours + 2) ** 1.2


def top_stories(
    *, now: datetime, limit: int = 8, among: StoryQuerySet | None = None
) -> list[Story]:
    """Stories ranked by breadth and recency; falls back to the newest stories of any age.

    ``among`` narrows the candidates (a reader's For-you page) without changing the ranking.
    """
    base = (among if among is not None else Story.objects.all()).live()
    window = base.filter(last_seen_at__gte=now - TOP_WINDOW)
    # Candidates: the newest stories of the window and its broadest (an older story covered
    # by many sources can outrank a new one), so a busy window cannot hide either.
    candidates = {s.pk: s for s in window.order_by("-last_seen_at", "-pk")[:CANDIDATES]}
    for story in window.order_by("-source_count", "-last_seen_at")[: CANDIDATES // 5]:
        candidates.setdefault(story.pk, story)
    recent = list(candidates.values())
    if len(recent) < limit:
        recent = list(base.order_by("-last_seen_at")[:200])
        now = max((s.last_seen_at for s in recent), default=now)
    recent.sort(key=lambda s: story_score(s, now=now), reverse=True)
    return recent[:limit]


def lead_articles(stories: list[Story]) -> dict[int, Article]:
    """The first original article of each story (one query), to link and illustrate it."""
    leads: dict[int, Article] = {}
    articles = (
        Article.objects.originals()
        .filter(story__in=stories)
        .select_related("source")
        .defer("body")
        .order_by("published_at", "pk")
    )
    for article in articles:
        leads.setdefault(article.story_id, article)  # type: ignore[arg-type]
    return leads


def related_articles(
    article: Article,
    *,
    limit: int = 6,
    entity_ids: list[int] | None = None,
    topic_ids: list[int] | None = None,
) -> list[Article]:
    """Articles of OTHER stories that share entities or topics, at most one per story, no copies.

    Candidates are the RELATED_WINDOW articles stored before and after this one.

    A caller that already loaded the article's entities and topics passes their ids, saving
    two queries on the article page.
    """
    if entity_ids is None:
        entity_ids = list(article.entity_links.values_list("entity_id", flat=True))
    if topic_ids is None:
        topic_ids = list(article.topic_links.values_list("topic_id", flat=True))
    if not entity_ids and not topic_ids:
        return []
    candidates = (
        Article.objects.originals()
        .exclude(pk=article.pk)
        .filter(pk__range=(article.pk - RELATED_WINDOW, article.pk + RELATED_WINDOW))
        .filter(Q(entity_links__entity_id__in=entity_ids) | Q(topic_links__topic_id__in=topic_ids))
        .annotate(
            shared_entities=Count(
                "entity_links", filter=Q(entity_links__entity_id__in=entity_ids), distinct=True
            ),
            shared_topics=Count(
                "topic_links", filter=Q(topic_links__topic_id__in=topic_ids), distinct=True
            ),
        )
        .select_related("source")
        .defer("body")
        .order_by("-shared_entities", "-shared_topics", "-published_at")
    )
    if article.story_id is not None:
        candidates = candidates.exclude(story_id=article.story_id)
    chosen: OrderedDict[int, Article] = OrderedDict()
    for candidate in candidates[: limit * 10]:
        if candidate.shared_entities == 0 and candidate.shared_topics < 2:
            continue
        story_key = candidate.story_id if candidate.story_id is not None else -candidate.pk
        chosen.setdefault(story_key, candidate)
        if len(chosen) >= limit:
            break
    return list(chosen.values())


@dataclass(frozen=True)
class Coverage:
    """One original article of a story and the publishers that ran copies of it."""

    article: Article
    copies: list[Article]


def story_coverage(story: Story) -> list[Coverage]:
    """The story's articles in time order, each original with its folded copies."""
    members = list(
        Article.objects.filter(story=story)
        .select_related("source")
        .defer("body")
        .order_by("published_at", "pk")
    )
    copies: dict[int, list[Article]] = {}
    for member in members:
        if member.copy_of_id is not None:
            copies.setdefault(member.copy_of_id, []).append(member)
    ids = {m.pk for m in members}
    return [
        Coverage(m, copies.get(m.pk, []))
        for m in members
        if m.copy_of_id is None or m.copy_of_id not in ids
    ]
