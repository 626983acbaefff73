"""Where our parser read feeds differently from feedparser's corpus, on fixtures written for it.

Each fixture in fixtures/feeds was built for this file (not copied from any project's
corpus); each test names the disagreement it settles.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from broadsheet.feeds.parse import ParsedFeed, parse_feed
from broadsheet.lib.html import fragment_to_text

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


def parse(name: str) -> ParsedFeed:
    return parse_feed((FIXTURES / name).read_bytes(), url=f"https://feeds.example/{name}")


def by_title(feed: ParsedFeed) -> dict:
    return {e.title: e for e in feed.entries}


def test_escaped_markup_in_xhtml_atom_text_stays_text():
    feed = parse("atom_xhtml_escaped_markup.xml")
    blink, tables = feed.entries
    assert blink.title == "History of the <blink> tag"
    assert fragment_to_text(blink.content_html) == "Use <script> tags carefully."
    assert "<script>" not in blink.content_html  # escaped, so no renderer can run it
    assert tables.title == "Tables & layout before <div>"
    assert fragment_to_text(tables.summary_html) == "Why <table> was everywhere."
    assert "<strong>everywhere</strong>" in tables.summary_html


def test_xhtml_bodies_dublin_core_and_itunes_fields_are_read():
    feed = parse("rss_other_content_elements.xml")
    assert feed.title == "The Quay Review"  # channel dc:title
    entries = by_title(feed)
    one = entries["Body in the XHTML namespace"]
    assert fragment_to_text(one.content_html) == "The ferry timetable changes in May."
    assert "<em>changes</em>" in one.content_html
    two = entries["Body without a prefix"]
    assert fragment_to_text(two.content_html) == "The harbour wall is being rebuilt."
    three = entries["Only a Dublin Core description"]
    assert fragment_to_text(three.summary_html) == "Fish prices fell for the third week."
    four = entries["Episode 12: the lighthouse keepers"]
    assert four.author == "Marta Quayle"
    assert fragment_to_text(four.summary_html) == "Two keepers talk about <storms> & night shifts."


def test_windows_1252_bytes_in_a_latin_1_feed_are_quotes_and_euros():
    [entry] = parse("encoding_cp1252_bytes_declared_latin1.xml").entries
    assert entry.title == "Don\u2019t say \u201ccheap\u201d: coffee costs \u20ac5"
    assert fragment_to_text(entry.summary_html) == "It\u2019s dear."


def test_c1_controls_left_by_a_double_decoding_are_read_as_windows_1252():
    [entry] = parse("encoding_c1_controls_in_utf8.xml").entries
    assert entry.title == "Don\u2019t say \u201ccheap\u201d"


def test_an_authors_e_mail_address_never_reaches_the_byline():
    assert [e.author for e in parse("author_emails.xml").entries] == [
        "Example editor", "Sam Reed", "Lee Park", "",
    ]  # fmt: skip


def test_numeric_offsets_with_a_colon_and_us_zone_letters_keep_their_offset():
    times = {e.title: e.published_at for e in parse("dates_offsets_and_us_zones.xml").entries}
    assert times == {
        "Delhi": datetime(2024, 3, 5, 11, 15, tzinfo=UTC),
        "Halifax": datetime(2024, 3, 5, 12, 0, tzinfo=UTC),
        "New York": datetime(2024, 3, 5, 13, 0, tzinfo=UTC),
        "Chicago": datetime(2024, 3, 5, 14, 0, tzinfo=UTC),
        "Denver": datetime(2024, 3, 5, 15, 0, tzinfo=UTC),
        "Seattle": datetime(2024, 3, 5, 16, 0, tzinfo=UTC),
        "Caracas": datetime(2024, 3, 5, 12, 0, tzinfo=UTC),
    }


def test_the_published_date_wins_over_an_earlier_written_generic_date():
    entries = by_title(parse("two_dates.xml"))
    assert entries["dc:date first"].published_at == datetime(2024, 4, 1, 9, 0, tzinfo=UTC)
    assert entries["created first"].published_at == datetime(2024, 4, 2, 9, 0, tzinfo=UTC)
    [old] = parse("atom03_two_dates.xml").entries
    assert old.published_at == datetime(2004, 1, 5, 12, 0, tzinfo=UTC)
    assert old.updated_at == datetime(2004, 1, 6, 0, 0, tzinfo=UTC)
