"""A feed's language tag is normalised where it enters, so `?language=en` finds feed-only articles."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps

from broadsheet.articles.models import Article
from broadsheet.articles.services import upsert_article
from broadsheet.feeds.model import make_entry
from broadsheet.ingest.pipeline import build_draft

NOW = datetime(2026, 12, 6, 12, tzinfo=UTC)


def feed_only_draft(language: str | None):
    entry = make_entry(
        guid="1", url="https://harbour.example/1", title="Ferry runs again", author="",
        summary_html="<p>The harbour ferry ran again on Sunday.</p>", content_html="",
        published=None, updated=None, image_url=None, categories=(), language=language,
    )  # fmt: skip
    return build_draft(entry, url="https://harbour.example/1", key="k", extracted=None, now=NOW)


@pytest.mark.parametrize(
    ("declared", "stored"),
    [("en-us", "en"), ("en_GB", "en"), ("fra", "fr"), ("English", ""), (None, "")],
)
def test_a_feed_language_is_stored_as_its_iso_code(declared, stored) -> None:
    assert feed_only_draft(declared).language == stored


@pytest.mark.django_db
def test_the_api_language_filter_finds_a_feed_only_article(client, source, feed) -> None:
    upsert_article(feed_only_draft("en-US"), source=source, feed=feed)
    items = client.get("/api/v1/articles?language=en").json()["items"]
    assert [item["title"] for item in items] == ["Ferry runs again"]


@pytest.mark.django_db
def test_the_migration_rewrites_stored_feed_tags(source, make_draft) -> None:
    for n, language in enumerate(["en-us", "pt_BR", "en", "x-klingon", ""]):
        upsert_article(make_draft(f"https://harbour.example/{n}", language=language),
                       source=source, feed=None)  # fmt: skip
    migration = importlib.import_module(
        "broadsheet.articles.migrations.0011_article_language_iso_codes"
    )
    migration.to_iso_codes(apps, None)
    stored = sorted(Article.objects.values_list("language", flat=True))
    assert stored == ["", "", "en", "en", "pt"]
