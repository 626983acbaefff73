"""Pages for stories, topics and entities."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from broadsheet.sources.models import Source
from broadsheet.stories.front import stories_index, story_chapters_after, story_chapters_before
from broadsheet.stories.models import Entity, Story, Topic
from broadsheet.stories.queries import Coverage, lead_articles, story_coverage
from broadsheet.stories.story_ai import story_panel
from broadsheet.web.fragments import Once, stamped_head
from broadsheet.web.paging import uncounted_page

PAGE_SIZE = 20


@require_GET
def story_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """Full coverage of one story: the timeline, coverage grouped by source, copies folded."""
    # The story and its chapters, kept under the news version and the story row as it is
    # now (one indexed read; see article_detail).
    head, version, stamp = stamped_head(
        "story", _STORY_STAMP, public_id, lambda: _story_head(public_id)
    )
    story, earlier, later = head
    if story.merged_into_id is not None:
        survivor = story.survivor()
        return redirect("story", public_id=survivor.public_id, permanent=True)
    # Computed only when the page's shared fragments miss the cache (web/fragments.py).
    timeline = Once(lambda: story_coverage(story))
    by_source = Once(lambda: _by_source(timeline()))
    panel = Once(lambda: story_panel(story))
    context = {
        "story": story, "timeline": timeline, "by_source": by_source, "panel": panel,
        "earlier": earlier, "later": later, "news_version": version, "stamp": stamp,
    }  # fmt: skip
    return render(request, "web/story.html", context)


_STORY_STAMP = (
    "SELECT id, title, last_seen_at, article_count, source_count, languages, merged_into_id, "
    "follows_id FROM stories_story WHERE public_id = %s"
)


def _story_head(public_id: str) -> tuple[Story, Story | None, list[Story]] | None:
    """The story, the earlier one it continues and the later ones; None if unknown."""
    story = Story.objects.filter(public_id=public_id).first()
    if story is None or story.merged_into_id is not None:
        return None if story is None else (story, None, [])
    return story, story_chapters_before(story), story_chapters_after(story)


def _by_source(coverage: list[Coverage]) -> list[tuple[str, list[Coverage]]]:
    by_source: dict[str, list[Coverage]] = {}
    for item in coverage:
        by_source.setdefault(item.article.source.name, []).append(item)
    return sorted(by_source.items())


def _stories_page(request: HttpRequest, stories, template_context: dict) -> HttpResponse:  # type: ignore[no-untyped-def]
    page = Paginator(stories.order_by("-last_seen_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    leads = lead_articles(list(page.object_list))
    rows = [(story, leads.get(story.pk)) for story in page.object_list]
    return render(request, "web/stories.html", {"page": page, "rows": rows, **template_context})


@require_GET
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A topic's stories, newest first."""
    topic = get_object_or_404(Topic, slug=slug)
    stories = Story.objects.live().filter(articles__topic_links__topic=topic).distinct()
    return _stories_page(
        request, stories, {"heading": topic.display_name, "kind": "topic", "topic": topic}
    )


@require_GET
def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A person's, organisation's or place's stories, newest first."""
    entity = get_object_or_404(Entity, slug=slug)
    stories = Story.objects.live().filter(articles__entity_links__entity=entity).distinct()
    return _stories_page(
        request, stories, {"heading": entity.name, "kind": entity.kind, "entity": entity}
    )


@require_GET
def stories_list(request: HttpRequest) -> HttpResponse:
    """Every story, newest update first, paged, filtered by topic and/or source."""
    topic = Topic.objects.filter(slug=request.GET.get("topic") or "").first()
    source = Source.objects.filter(slug=request.GET.get("source") or "").first()
    stories = stories_index(topic=topic, source_id=source.pk if source else None)
    page = uncounted_page(stories, request.GET.get("page"), PAGE_SIZE)
    leads = lead_articles(list(page.object_list))
    filters = {
        key: value
        for key, value in (
            ("topic", topic.slug if topic else ""),
            ("source", source.slug if source else ""),
        )
        if value
    }
    context = {
        "page": page,
        "rows": [(story, leads.get(story.pk)) for story in page.object_list],
        "topics": Topic.objects.all(),
        "sources": Source.objects.order_by("name"),
        "topic": topic,
        "source": source,
        "query_prefix": urlencode(filters) + "&" if filters else "",
    }
    return render(request, "web/stories_index.html", context)
