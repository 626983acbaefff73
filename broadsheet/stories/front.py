"""The front page made of stories: top stories, sections by topic, and the stories index.

Top stories are ranked by independent sources and recency (`queries.story_score`), raised
for what the reader follows (the story itself, one of its sources, one of its topics), and
led by stories that several sources cover. When too few such stories exist (a young install,
a quiet night, the demo's first minutes) the best single-source stories fill the rest, so
the section is never empty while there is news.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet

from broadsheet.articles.models import Article
from broadsheet.stories.models import ArticleTopic, Story, Topic
from broadsheet.stories.queries import story_score, top_stories

TOP_LIMIT = 8
RANKED_POOL = 40  # stories ranked for the top and the sections
FOLLOWED_BOOST = 1.5  # a followed story, source or topic counts as half as much again
SECTIONS = 4
SECTION_SIZE = 3


@dataclass
class FrontPage:
    """What the home page shows above "Latest news": the top stories and topic sections,
    each story with its lead article (the first original, to link and illustrate it)."""

    top: list[tuple[Story, Article]] = field(default_factory=list)
    sections: list[tuple[Topic, list[tuple[Story, Article]]]] = field(default_factory=list)


TopicPair = tuple[int, str, str, int]  # topic id, slug, name, story id


@dataclass
class FrontPool:
    """What every reader's front page is ranked from (the same for all, so it can be kept
    and shared): the candidate stories, each one's lead article, and their topics."""

    stories: list[Story] = field(default_factory=list)
    leads: dict[int, Article] = field(default_factory=dict)
    topics: list[TopicPair] = field(default_factory=list)
    sources: list[tuple[int, int]] = field(default_factory=list)  # story id, source id


def rank_stories(
    stories: list[Story], *, now: datetime, followed: set[int], limit: int
) -> list[Story]:
    """Multi-source stories first, by score (boosted when followed), then single-source ones
    by score to fill up to `limit`."""

    def score(story: Story) -> float:
        boost = FOLLOWED_BOOST if story.pk in followed else 1.0
        return boost * story_score(story, now=now)

    ranked = sorted(stories, key=score, reverse=True)
    multi = [story for story in ranked if story.source_count >= 2]
    single = [story for story in ranked if story.source_count < 2]
    return (multi + single)[:limit]


def _with_leads(stories: list[Story], leads: dict[int, Article]) -> list[tuple[Story, Article]]:
    return [(story, leads[story.pk]) for story in stories if story.pk in leads]


def front_pool(*, now: datetime) -> FrontPool:
    """The RANKED_POOL best stories, their leads, topics and sources (a few queries)."""
    stories = top_stories(now=now, limit=RANKED_POOL)
    pairs = (
        ArticleTopic.objects.filter(article__story__in=stories)
        .values_list("topic_id", "topic__slug", "topic__name", "article__story_id")
        .distinct()
    )
    rows = (
        Article.objects.filter(story__in=stories)
        .order_by("published_at", "pk")
        .values_list("story_id", "source_id", "pk", "copy_of_id")
    )
    sources: dict[tuple[int, int], None] = {}
    first: dict[int, int] = {}  # a story's first original: its lead (as lead_articles picks)
    for story_id, source_id, pk, copy_of_id in rows:
        sources[(story_id, source_id)] = None
        if copy_of_id is None:
            first.setdefault(story_id, pk)
    found = Article.objects.select_related("source").defer("body").in_bulk(first.values())
    return FrontPool(
        stories=stories,
        leads={story_id: found[pk] for story_id, pk in first.items() if pk in found},
        topics=list(pairs),
        sources=list(sources),
    )


def topic_sections(
    pool: list[Story],
    *,
    shown: set[int],
    sections: int = SECTIONS,
    size: int = SECTION_SIZE,
    pairs: list[TopicPair] | None = None,
) -> list[tuple[Topic, list[Story]]]:
    """Topics of the ranked `pool` with two or more stories not `shown` above, best first
    (`pairs`: the pool's topics when already read, else one query)."""
    by_topic: dict[int, list[Story]] = defaultdict(list)
    position = {story.pk: n for n, story in enumerate(pool)}
    if pairs is None:
        pairs = list(
            ArticleTopic.objects.filter(article__story__in=[s for s in pool if s.pk not in shown])
            .values_list("topic_id", "topic__slug", "topic__name", "article__story_id")
            .distinct()
        )
    stories = {story.pk: story for story in pool if story.pk not in shown}
    topics: dict[int, Topic] = {}
    placed: set[tuple[int, int]] = set()  # (topic, story) pairs already listed
    for topic_id, slug, name, story_id in pairs:
        if topic_id not in topics:
            topics[topic_id] = Topic(pk=topic_id, slug=slug, name=name)
        if story_id in stories and (topic_id, story_id) not in placed:
            placed.add((topic_id, story_id))
            by_topic[topic_id].append(stories[story_id])
    chosen = sorted(
        (topic_id for topic_id, members in by_topic.items() if len(members) >= 2),
        key=lambda topic_id: min(position[s.pk] for s in by_topic[topic_id]),
    )[:sections]
    result = []
    used: set[int] = set()
    for topic_id in chosen:
        members = sorted(by_topic[topic_id], key=lambda s: position[s.pk])
        fresh = [s for s in members if s.pk not in used][:size]
        if len(fresh) >= 2 and topic_id in topics:
            used.update(s.pk for s in fresh)
            result.append((topics[topic_id], fresh))
    return result


def front_page(
    *,
    now: datetime,
    follows: Callable[[FrontPool], set[int]] | None = None,
    hide: Callable[[list[Story]], list[Story]] | None = None,
    pool: FrontPool | None = None,
) -> FrontPage:
    """Top stories and topic sections for the home page (`follows` names the pool's stories the
    reader follows, `hide` drops muted stories: both given by the readers side).

    `pool` is `front_pool(now=now)` when the caller keeps it (web/views.py shares it under
    the news version); what is left per reader is their follows (one query) and mutes."""
    if pool is None:
        pool = front_pool(now=now)
    stories = hide(pool.stories) if hide is not None else pool.stories
    followed = follows(pool) if follows is not None else set()
    top = rank_stories(stories, now=now, followed=followed, limit=TOP_LIMIT)
    shown = {s.pk for s in top}  # by id: comparing model instances costs more
    ranked_pool = top + [s for s in stories if s.pk not in shown]
    sections = topic_sections(ranked_pool, shown=shown, pairs=pool.topics)
    return FrontPage(
        top=_with_leads(top, pool.leads),
        sections=[(topic, _with_leads(rows, pool.leads)) for topic, rows in sections],
    )


def stories_index(*, topic: Topic | None = None, source_id: int | None = None) -> QuerySet[Story]:
    """Live stories, newest update first, narrowed to a topic and/or a source."""
    stories = Story.objects.live().filter(article_count__gt=0)
    if topic is not None:
        stories = stories.filter(
            pk__in=Article.objects.filter(topic_links__topic=topic).values("story_id")
        )
    if source_id is not None:
        stories = stories.filter(
            pk__in=Article.objects.filter(source_id=source_id).values("story_id")
        )
    return stories.order_by("-last_seen_at", "-pk")


def story_chapters_before(story: Story) -> Story | None:
    """The earlier story `story` continues (merges followed), if any."""
    if story.follows is None:
        return None
    earlier = story.follows.survivor()
    return earlier if earlier.pk != story.pk else None


def story_chapters_after(story: Story, *, limit: int = 5) -> list[Story]:
    """The later stories that continue `story`, oldest first."""
    return list(
        Story.objects.live()
        .filter(follows=story)
        .exclude(pk=story.pk)
        .order_by("first_seen_at")[:limit]
    )
