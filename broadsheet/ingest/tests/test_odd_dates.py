"""Entries without a usable date are stored, placed by content, and flagged in feed health."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.ingest.jobs import poll_feed
from broadsheet.ingest.tests.test_ingest_feed import gazette, serve_items  # noqa: F401
from broadsheet.stories.placement import doc_for

DATES = {
    "Ferry dated next century": "Fri, 01 Jan 2100 00:00:00 GMT",
    "Ferry with no date": "sometime next week",
    "Ferry dated in 1970": "Thu, 01 Jan 1970 00:00:00 GMT",
    "Ferry dated well": "Mon, 30 Nov 2026 09:00:00 GMT",
}


def test_odd_dates_are_noted_placed_by_content_and_shown_in_feed_health(
    gazette,  # noqa: F811
    publisher,
    context,
) -> None:
    items = [
        {"title": title, "path": f"/news/{n}", "guid": f"urn:odd:{n}", "date": date}
        for n, (title, date) in enumerate(DATES.items())
    ]
    serve_items(publisher, items)
    assert poll_feed(gazette.pk, context=context).new_articles == 4
    notes = dict(Article.objects.values_list("title", "date_note"))
    assert notes == {
        "Ferry dated next century": "in the future",
        "Ferry with no date": "missing",
        "Ferry dated in 1970": "too old",
        "Ferry dated well": "",
    }
    for article in Article.objects.all():
        assert article.published_at <= timezone.now()
        assert article.story_id is not None  # placed, not dropped
        assert (doc_for(article).published_at is None) == bool(article.date_note)
    gazette.refresh_from_db()
    assert gazette.date_warning in {"in the future", "missing", "too old"}
    page = Client().get("/en/source/test-gazette").content.decode()
    assert "Dates not trusted" in page
    assert "placed in stories by content alone" in page
