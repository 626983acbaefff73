"""Article and story sitemap pages are written from rows, byte for byte what Django's sitemap
template writes, in any time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sitemaps import views as sitemap_views
from django.test import RequestFactory
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.stories.models import Story
from broadsheet.web import sitemaps


@pytest.fixture
def archive(feed):
    # Times either side of midnight UTC, so the day written depends on the time zone.
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    for n in range(7):
        Article.objects.create(
            public_id=f"a{n}" if n != 3 else "a&3<x>", source=feed.source, feed=feed,
            url=f"https://harbour.example/{n}", title=f"Article {n}",
            published_at=late + timedelta(hours=n), updated_at=late if n == 5 else None,
        )  # fmt: skip
        Story.objects.create(
            public_id=f"s{n}", title=f"Story {n}", last_seen_at=late - timedelta(hours=n)
        )


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "America/Los_Angeles"])
@pytest.mark.parametrize("section", ["articles", "stories"])
def test_sitemap_pages_are_what_django_writes(archive, monkeypatch, section, zone):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 3)
    monkeypatch.setattr(sitemaps.StorySitemap, "limit", 3)
    factory, written = RequestFactory(), b""
    with timezone.override(zone):
        for page in ("1", "2", "3"):
            request = factory.get(f"/sitemap-{section}.xml", {"p": page})
            ours = sitemaps.sitemap_section(request, section)
            theirs = sitemap_views.sitemap(request, sitemaps.SITEMAPS, section)
            theirs.render()
            assert ours.content == theirs.content, (section, page)
            written += ours.content
            for header in ("Content-Type", "Last-Modified", "X-Robots-Tag"):
                assert ours.get(header) == theirs.get(header), header
    assert written.count(b"<url>") == 7
    assert b"/en/article/a&amp;3%3Cx%3E<" in written or section == "stories"


def test_a_page_past_the_end_or_not_a_number_is_not_found(archive, client):
    assert client.get("/sitemap-articles.xml?p=99").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404
    assert client.get("/sitemap-stories.xml?p=1").status_code == 200
