"""Inputs the 30-minute fuzz runs (bench/fuzz.py) found crashing, replayed as regressions."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from broadsheet.extraction import extract_article
from broadsheet.feeds.model import http_url
from broadsheet.feeds.parse import FeedParseError, parse_feed
from broadsheet.lib.dates import parse_date

CRASHES = Path(__file__).resolve().parents[3] / "bench" / "fuzz_corpus" / "crashes"


@pytest.mark.parametrize("path", sorted(CRASHES.glob("feeds-*")), ids=lambda p: p.name)
def test_feed_crash_inputs_parse_or_fail_cleanly(path: Path) -> None:
    with contextlib.suppress(FeedParseError):
        parse_feed(path.read_bytes(), url="http://fuzz.example/feed")


@pytest.mark.parametrize("path", sorted(CRASHES.glob("extraction-*")), ids=lambda p: p.name)
def test_page_crash_inputs_extract(path: Path) -> None:
    extract_article(path.read_text(errors="replace"), "http://fuzz.example/a/1")


@pytest.mark.parametrize(
    "text", ["Tue, 05 Mar 2024 12:00:00 +2400", "March 5 2024 12:00 +9999", "2024-03-05 1:00 -3000"]
)
def test_a_day_long_zone_offset_is_no_date(text: str) -> None:
    assert parse_date(text) is None


def test_a_valid_offset_still_parses() -> None:
    parsed = parse_date("March 5 2024 12:00 +0130")
    assert parsed is not None and parsed.utcoffset() is not None


def test_http_url_ignores_a_non_string() -> None:
    assert http_url({"href": "https://x.example/"}, "https://x.example/") is None  # type: ignore[arg-type]
    assert http_url("https://x.example/a", None) == "https://x.example/a"
