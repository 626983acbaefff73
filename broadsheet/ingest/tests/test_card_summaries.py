"""The excerpt a card shows is about the article, never only its dateline."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from broadsheet.extraction.article import ExtractedArticle
from broadsheet.feeds.model import make_entry
from broadsheet.ingest.pipeline import build_draft
from broadsheet.lib.dates import is_dateline

NOW = datetime(2026, 12, 6, 12, tzinfo=UTC)
BODY = "Monday, May 18, 2015\n\nThe harbour ferry ran again on Sunday after a week of storms."


def entry(summary_html: str):
    return make_entry(
        guid="1", url="https://harbour.example/1", title="Ferry runs again", author="",
        summary_html=summary_html, content_html="", published=None, updated=None,
        image_url=None, categories=(), language="en",
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["Monday, May 18, 2015", "Sunday, January 20, 2008", "18 mai 2015", "lundi 18 mai 2015",
     "Thursday, 12 January 2006 (UTC)", "2015-05-18", "martes, 3 de marzo de 2020"],
)  # fmt: skip
def test_datelines_are_recognised(text):
    assert is_dateline(text)


@pytest.mark.parametrize(
    "text",
    ["General questions", "May is the month", "Ferry runs again on 18 May 2015",
     "", "2015 was a hard year for ferries"],
)  # fmt: skip
def test_text_with_other_words_is_not_a_dateline(text):
    assert not is_dateline(text)


def test_a_feed_description_that_is_only_a_dateline_gives_way_to_the_page():
    page = ExtractedArticle(title="Ferry runs again", text=BODY, description="Ferries are back.")
    draft = build_draft(
        entry("<p>Monday, May 18, 2015</p>"), url="https://harbour.example/1", key="1",
        extracted=page, now=NOW,
    )  # fmt: skip
    assert draft.summary == "Ferries are back."


def test_without_a_description_the_excerpt_starts_after_the_dateline():
    page = ExtractedArticle(title="Ferry runs again", text=BODY)
    draft = build_draft(
        entry("Monday, May 18, 2015"), url="https://harbour.example/1", key="1",
        extracted=page, now=NOW,
    )  # fmt: skip
    assert draft.summary.startswith("The harbour ferry ran again on Sunday")
