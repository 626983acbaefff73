"""Stories made directly in the database for front-page tests: n sources, an age, topics."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.sources.models import Source
from broadsheet.stories.models import ArticleTopic, Story, Topic

_numbers = count(1)


def make_sources(n: int) -> list[Source]:
    """`n` publishers, Source 0 to Source n-1."""
    return [
        Source.objects.create(name=f"Source {i}", slug=f"source-{i}", home_url="https://e.example/")
        for i in range(n)
    ]


def make_story(
    title: str,
    sources: list[Source],
    *,
    hours: float = 1,
    span_hours: float = 0,
    topics: tuple[Topic, ...] = (),
) -> Story:
    """A story covered once by each of `sources`, first `hours + span_hours` ago, last `hours`."""
    n = next(_numbers)
    last = timezone.now() - timedelta(hours=hours)
    first = last - timedelta(hours=span_hours)
    story = Story.objects.create(
        public_id=f"fp{n:07d}", title=title, first_seen_at=first, last_seen_at=last,
        article_count=len(sources), source_count=len({s.pk for s in sources}),
    )  # fmt: skip
    for i, source in enumerate(sources):
        article = Article.objects.create(
            public_id=f"fpa{n:05d}x{i:03d}", source=source, story=story, title=f"{title} ({i})",
            url=f"https://{source.slug}.example/{n}/{i}", body="One.\n\nTwo.", word_count=2,
            summary=f"What {source.name} said about {title}.",
            published_at=first if i == 0 else last, language="en",
        )  # fmt: skip
        for topic in topics:
            ArticleTopic.objects.create(article=article, topic=topic)
    return story
