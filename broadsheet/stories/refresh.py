"""A story's counts, dates, languages and title, recomputed from its articles."""

from __future__ import annotations

from django.db.models import Count, Max, Min

from broadsheet.articles.models import Article
from broadsheet.stories.models import Story
from broadsheet.stories.titles import representative_title


def refresh_story(story: Story) -> None:
    """Recompute a story's counts, languages, times and representative title."""
    members = Article.objects.filter(story=story)
    stats = members.aggregate(
        n=Count("pk"),
        sources=Count("source", distinct=True),
        first=Min("published_at"),
        last=Max("published_at"),
    )
    languages = sorted({lang for lang in members.values_list("language", flat=True) if lang})
    titles = list(
        members.originals().order_by("published_at", "pk").values_list("title", flat=True)[:50]
    )
    story.article_count = stats["n"]
    story.source_count = stats["sources"]
    story.first_seen_at = stats["first"] or story.first_seen_at
    story.last_seen_at = stats["last"] or story.last_seen_at
    story.languages = ",".join(languages)[:200]
    story.title = representative_title(titles) or story.title
    story.save()
