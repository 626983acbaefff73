"""parse_feed and entry_key on every feed format and on the real world's ill-formed feeds."""

from __future__ import annotations

import contextlib
import socket
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from broadsheet.feeds.parse import FeedParseError, ParsedEntry, ParsedFeed, entry_key, parse_feed

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


def parse(name: str, *, url: str | None = None, content_type: str = "") -> ParsedFeed:
    data = (FIXTURES / name).read_bytes()
    return parse_feed(data, url=url or f"https://feeds.example/{name}", content_type=content_type)


def titles(feed: ParsedFeed) -> list[str]:
    return [entry.title for entry in feed.entries]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def rss(
    items: str, *, channel: str = "<title>T</title><link>https://site.example/</link>"
) -> bytes:
    return f'<rss version="2.0"><channel>{channel}{items}</channel></rss>'.encode()


def entry(**fields: object) -> ParsedEntry:
    defaults: dict[str, object] = {
        "guid": None,
        "url": None,
        "title": "",
        "author": "",
        "summary_html": "",
        "content_html": "",
        "published_at": None,
        "updated_at": None,
        "image_url": None,
        "categories": (),
        "language": None,
    }
    return ParsedEntry(**{**defaults, **fields})  # type: ignore[arg-type]


# --- formats -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("rss20_basic.xml", "rss2.0"),
        ("rss10_rdf.xml", "rss1.0"),
        ("rss090.xml", "rss0.9x"),
        ("rss091_netscape_entities.xml", "rss0.9x"),
        ("rss092.xml", "rss0.9x"),
        ("atom10_basic.xml", "atom1.0"),
        ("atom03.xml", "atom0.3"),
        ("json10.json", "json1.0"),
        ("json11.json", "json1.1"),
    ],
)
def test_parse_feed_reports_the_format_of_each_version(fixture, expected):
    assert parse(fixture).format == expected


def test_parse_feed_reads_rss_2_0_channel_fields():
    feed = parse("rss20_basic.xml")
    assert (feed.title, feed.home_url, feed.language) == (
        "Example Gazette",
        "https://gazette.example/",
        "en-gb",
    )


def test_parse_feed_reads_rss_2_0_entry_fields():
    first = parse("rss20_basic.xml").entries[0]
    assert first.guid == "gazette-1001"
    assert first.url == "https://gazette.example/2024/01/bridge"
    assert first.title == "Council approves new bridge"
    assert first.categories == ("Local", "Transport")
    assert first.language == "en-gb"


def test_parse_feed_converts_rss_dates_to_aware_utc():
    first = parse("rss20_basic.xml").entries[0]
    assert first.published_at == utc(2024, 1, 2, 9, 30)
    assert first.published_at.tzinfo is UTC


def test_parse_feed_keeps_description_as_summary_and_content_encoded_as_content():
    first = parse("rss20_basic.xml").entries[0]
    assert first.summary_html == "<p>The council <em>voted</em> 7 to 2.</p>"
    assert first.content_html.startswith("<p>The council <em>voted</em> 7 to 2 on Tuesday.</p>")


def test_parse_feed_leaves_content_empty_when_the_feed_has_only_a_description():
    second = parse("rss20_basic.xml").entries[1]
    assert (second.summary_html, second.content_html) == ("Opening hours extended.", "")


def test_parse_feed_prefers_dc_creator_for_the_author():
    assert parse("rss20_basic.xml").entries[0].author == "Ada Lovelace"


def test_parse_feed_takes_the_name_from_an_rss_author_email():
    assert parse("rss20_basic.xml").entries[1].author == "Grace Hopper"


def test_parse_feed_takes_the_image_from_an_image_enclosure():
    assert parse("rss20_basic.xml").entries[0].image_url == "https://gazette.example/img/bridge.jpg"


def test_parse_feed_takes_the_image_from_a_media_thumbnail():
    expected = "https://gazette.example/img/library-thumb.jpg"
    assert parse("rss20_basic.xml").entries[1].image_url == expected


def test_parse_feed_prefers_media_content_images_over_thumbnails():
    items = (
        '<item xmlns:media="http://search.yahoo.com/mrss/"><title>x</title>'
        '<media:thumbnail url="https://site.example/small.jpg"/>'
        '<media:content url="https://site.example/video.mp4" medium="video"/>'
        '<media:content url="https://site.example/big.jpg" medium="image"/></item>'
    )
    image = parse_feed(rss(items), url="https://site.example/feed").entries[0].image_url
    assert image == "https://site.example/big.jpg"


def test_parse_feed_ignores_enclosures_that_are_not_images():
    items = (
        '<item><title>x</title><enclosure url="https://s.example/a.mp3" type="audio/mpeg"/></item>'
    )
    assert parse_feed(rss(items), url="https://s.example/").entries[0].image_url is None


def test_parse_feed_reads_rss_1_0_dublin_core_fields():
    first = parse("rss10_rdf.xml").entries[0]
    assert (first.author, first.categories, first.language) == ("Karl Kraus", ("Politik",), "de")
    assert first.published_at == utc(2024, 2, 1, 8, 15)
    assert first.content_html == "<p>Volltext eins</p>"


def test_parse_feed_uses_rdf_about_as_the_guid_of_rss_1_0_items():
    assert parse("rss10_rdf.xml").entries[1].guid == "https://journal.example/a/2"


def test_parse_feed_reads_rss_0_90_items_outside_the_channel():
    feed = parse("rss090.xml")
    assert titles(feed) == ["First headline", "Second headline"]
    assert feed.entries[0].url == "http://old.example/1.html"


def test_parse_feed_reads_rss_0_91_with_netscape_dtd_entities():
    feed = parse("rss091_netscape_entities.xml")
    assert feed.title == "Café Society"
    assert titles(feed) == ["Crème brûlée recipe"]
    assert feed.entries[0].summary_html == "Sugar & cream…"


def test_parse_feed_reads_rss_0_92_enclosures_and_categories():
    episode = parse("rss092.xml").entries[0]
    assert (episode.image_url, episode.categories) == ("http://radio.example/ep1.jpg", ("Talk",))


def test_parse_feed_reads_atom_1_0_entry_fields():
    first = parse("atom10_basic.xml").entries[0]
    assert first.guid == "tag:atom.example,2024:1"
    assert first.author == "Jane Doe"
    assert first.published_at == utc(2024, 3, 4, 13, 0)
    assert first.updated_at == utc(2024, 3, 5, 14, 30)
    assert first.categories == ("World", "politics")
    assert first.summary_html == "<p>Short <b>summary</b></p>"
    assert first.content_html == "<p>The full story.</p>"


def test_parse_feed_resolves_atom_links_against_xml_base():
    first = parse("atom10_basic.xml").entries[0]
    assert first.url == "https://atom.example/blog/posts/breaking"
    assert first.image_url == "https://atom.example/media/breaking.png"


def test_parse_feed_strips_markup_from_atom_html_titles():
    feed = parse("atom10_basic.xml")
    assert (feed.title, feed.entries[0].title) == ("Atom Weekly", "Breaking news & more")


def test_parse_feed_keeps_atom_text_titles_literal():
    assert parse("atom10_basic.xml").entries[1].title == "Plain & simple <tag> text"


def test_parse_feed_serialises_atom_xhtml_content_without_its_wrapper_div():
    assert parse("atom10_basic.xml").entries[1].content_html == (
        "<p>XHTML <strong>content</strong></p>"
    )


def test_parse_feed_gives_atom_entries_the_feed_author_and_their_own_language():
    second = parse("atom10_basic.xml").entries[1]
    assert (second.author, second.language) == ("Feed Author", "fr")


def test_parse_feed_reads_atom_0_3_dates_and_escaped_content():
    feed = parse("atom03.xml")
    old = feed.entries[0]
    assert feed.home_url == "http://legacy.example/"
    assert old.published_at == utc(2005, 7, 31, 12, 29, 29)
    assert old.updated_at == utc(2005, 8, 1, 8, 0)
    assert old.content_html == "<p>Legacy <em>content</em></p>"


def test_parse_feed_reads_json_feed_1_0_items():
    feed = parse("json10.json")
    first = feed.entries[0]
    assert (feed.title, feed.home_url) == ("JSON Daily", "https://json.example/")
    assert first.url == "https://json.example/posts/first"
    assert first.title == "First & foremost"
    assert first.image_url == "https://json.example/img/first.png"
    assert first.published_at == utc(2024, 4, 1, 8, 0)
    assert first.categories == ("greetings", "intro")
    assert first.author == "Alice"


def test_parse_feed_turns_numeric_json_ids_into_string_guids():
    assert parse("json10.json").entries[1].guid == "2"


def test_parse_feed_reads_json_feed_1_1_authors_and_languages():
    feed = parse("json11.json")
    first = feed.entries[0]
    assert feed.language == "es"
    assert (first.author, first.language) == ("Bob, Carol", "es-MX")
    assert first.image_url == "https://eleven.example/a.jpg"


def test_parse_feed_converts_json_content_text_to_escaped_html():
    assert parse("json11.json").entries[0].content_html == "<p>Texto<br>plano</p>"


def test_parse_feed_uses_the_external_url_of_json_items_without_url():
    assert parse("json11.json").entries[1].url == "https://elsewhere.example/story"


def test_parse_feed_rejects_json_that_is_not_a_json_feed():
    with pytest.raises(FeedParseError, match="not a JSON Feed"):
        parse_feed(b'{"name": "config"}', url="https://x.example/")


def test_parse_feed_rejects_invalid_json():
    with pytest.raises(FeedParseError, match="invalid JSON"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1", ', url="https://x.example/")


def test_parse_feed_rejects_deeply_nested_json_without_crashing():
    with pytest.raises(FeedParseError):
        parse_feed(b"[" * 100_000, url="https://x.example/")


# --- encodings -------------------------------------------------------------


def test_parse_feed_decodes_windows_1252_declared_as_utf8():
    feed = parse("encoding_cp1252_declared_utf8.xml")
    assert titles(feed) == ["Naïve café – “smart” quotes €5"]


def test_parse_feed_decodes_utf8_declared_as_iso_8859_1():
    feed = parse("encoding_utf8_declared_latin1.xml")
    assert (feed.title, titles(feed)) == ("Grüße aus Köln", ["Über ärger — “Zitat”"])


def test_parse_feed_decodes_utf8_with_pasted_windows_1252_bytes():
    assert titles(parse("encoding_mixed_utf8_cp1252.xml")) == ["UTF-8 café", "“pasted” from Word"]


def test_parse_feed_decodes_genuine_iso_8859_1():
    assert titles(parse("encoding_latin1_correct.xml")) == ["Señor Muñoz"]


def test_parse_feed_decodes_utf16_with_a_bom():
    assert titles(parse("encoding_utf16_bom.xml")) == ["Wide 中文"]


def test_parse_feed_uses_the_http_charset_when_the_document_declares_none():
    feed = parse("encoding_cp1251_http_charset.xml", content_type="text/xml; charset=windows-1251")
    assert titles(feed) == ["Привет"]


# --- entities, markup and characters ---------------------------------------


def test_parse_feed_decodes_html_entities_that_xml_does_not_define():
    feed = parse("undefined_entities.xml")
    assert feed.title == "Entities Daily"
    assert titles(feed) == ["Café opens — finally…", "Second & last ’item‘"]


def test_parse_feed_strips_markup_and_decodes_entities_in_escaped_titles():
    assert parse("html_in_titles.xml").entries[0].title == "Breaking news & more"


def test_parse_feed_strips_markup_and_collapses_whitespace_in_cdata_titles():
    assert parse("html_in_titles.xml").entries[1].title == 'Exclusive: Mayor "resigns"'


def test_parse_feed_reads_titles_written_as_child_elements():
    assert parse("html_in_titles.xml").entries[2].title == "Literal child & element"


def test_parse_feed_strips_markup_from_authors():
    assert parse("html_in_titles.xml").entries[3].author == "Chef Ramsay"


def test_parse_feed_strips_markup_from_the_channel_title():
    assert parse("html_in_titles.xml").title == "Markup Times"


def test_parse_feed_keeps_cdata_text_that_only_looks_like_markup():
    assert parse("cdata.xml").entries[0].title == "Tom & Jerry <3 cheese"


def test_parse_feed_reads_links_and_guids_inside_cdata():
    first = parse("cdata.xml").entries[0]
    assert (first.url, first.guid) == ("https://cdata.example/tom?a=1&b=2", "cdata-1")


def test_parse_feed_joins_split_cdata_sections():
    assert parse("cdata.xml").entries[0].content_html == "<div>Part one]]>part two</div>"


def test_parse_feed_returns_summary_html_raw_for_the_renderer_to_sanitise():
    items = "<item><title>x</title><description>&lt;p onclick=x&gt;Hi&lt;script&gt;bad()&lt;/script&gt;</description></item>"
    summary = parse_feed(rss(items), url="https://s.example/").entries[0].summary_html
    assert summary == "<p onclick=x>Hi<script>bad()</script>"


def test_parse_feed_never_leaves_script_text_in_plain_titles():
    items = "<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Real title</title></item>"
    assert parse_feed(rss(items), url="https://s.example/").entries[0].title == "Real title"


def test_parse_feed_maps_windows_1252_numeric_references():
    items = "<item><title>It&#146;s &#147;quoted&#148;</title></item>"
    assert parse_feed(rss(items), url="https://s.example/").entries[0].title == "It’s “quoted”"


def test_parse_feed_repairs_bare_ampersands():
    feed = parse("unescaped_markup.xml")
    assert feed.title == "Tom & Jerry Weekly"
    assert feed.entries[0].title == "Salt & pepper"
    assert feed.entries[0].url == "https://amp.example/story?id=1&ref=rss"


def test_parse_feed_drops_control_characters():
    feed = parse("control_characters.xml")
    assert (feed.title, titles(feed)) == ("Control chars", ["Bad bytes here"])


# --- links -------------------------------------------------------------------


def test_parse_feed_resolves_relative_links_against_the_home_page():
    links = [e.url for e in parse("relative_links.xml").entries[:3]]
    assert links == [
        "https://relative.example/news/2024/story.html",
        "https://relative.example/about/item",
        "https://cdn.relative.example/x",
    ]


def test_parse_feed_resolves_relative_images_against_the_home_page():
    image = parse("relative_links.xml").entries[0].image_url
    assert image == "https://relative.example/images/story.jpg"


def test_parse_feed_resolves_relative_links_against_the_feed_url_without_a_home_page():
    feed = parse("relative_links_no_home.xml", url="https://blog.example/feeds/main.xml")
    assert feed.entries[0].url == "https://blog.example/feeds/posts/one"


def test_parse_feed_drops_links_that_are_not_http():
    assert [e.url for e in parse("relative_links.xml").entries[3:]] == [None, None]


def test_parse_feed_resolves_relative_json_urls_against_the_home_page():
    assert parse("json10.json").entries[0].url == "https://json.example/posts/first"


def test_parse_feed_uses_a_permalink_guid_as_the_link_when_there_is_none():
    items = "<item><title>x</title><guid>https://s.example/p/1</guid></item>"
    assert (
        parse_feed(rss(items), url="https://s.example/").entries[0].url == "https://s.example/p/1"
    )


def test_parse_feed_does_not_use_a_non_permalink_guid_as_the_link():
    items = '<item><title>x</title><guid isPermaLink="false">https://s.example/p/1</guid></item>'
    assert parse_feed(rss(items), url="https://s.example/").entries[0].url is None


def test_parse_feed_prefers_the_feedburner_original_link():
    items = (
        '<item xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><title>x</title>'
        "<link>https://feedproxy.google.com/~r/x/1</link>"
        "<feedburner:origLink>https://s.example/real</feedburner:origLink></item>"
    )
    assert (
        parse_feed(rss(items), url="https://s.example/").entries[0].url == "https://s.example/real"
    )


# --- dates ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def odd_dates() -> dict[str, datetime | None]:
    return {e.title: e.published_at for e in parse("odd_dates.xml").entries}


def test_parse_feed_ignores_wrong_day_names(odd_dates):
    assert odd_dates["bad day name"] == utc(2024, 1, 3, 10, 0)


def test_parse_feed_gives_none_for_impossible_dates(odd_dates):
    assert odd_dates["impossible date"] is None


def test_parse_feed_reads_us_timezone_names(odd_dates):
    assert (odd_dates["EST"], odd_dates["PDT"]) == (utc(2024, 1, 2, 15, 0), utc(2024, 7, 2, 17, 0))


def test_parse_feed_reads_european_timezone_names():
    items = "<item><title>x</title><pubDate>Tue, 02 Jul 2024 10:00:00 CEST</pubDate></item>"
    published = parse_feed(rss(items), url="https://s.example/").entries[0].published_at
    assert published == utc(2024, 7, 2, 8, 0)


def test_parse_feed_keeps_the_zone_of_long_form_dates():
    items = "<item><title>x</title><pubDate>Tuesday, January 2, 2024 10:00 AM EST</pubDate></item>"
    published = parse_feed(rss(items), url="https://s.example/").entries[0].published_at
    assert published == utc(2024, 1, 2, 15, 0)


def test_parse_feed_assumes_utc_for_iso_dates_without_a_zone(odd_dates):
    assert odd_dates["ISO no zone"] == utc(2024, 1, 2, 10, 0)


@pytest.mark.parametrize("title", ["missing", "garbage", "empty"])
def test_parse_feed_gives_none_for_missing_empty_or_garbage_dates(odd_dates, title):
    assert odd_dates[title] is None


def test_parse_feed_reads_dublin_core_dates_with_offsets(odd_dates):
    assert odd_dates["dc date"] == utc(2024, 1, 2, 4, 30)


def test_parse_feed_reads_two_digit_years_and_times_without_seconds(odd_dates):
    assert odd_dates["no seconds two digit year"] == utc(2024, 1, 2, 10, 0)


def test_parse_feed_reads_date_only_values_as_midnight_utc(odd_dates):
    assert odd_dates["date only"] == utc(2024, 1, 2)


def test_parse_feed_keeps_future_dates_for_the_caller_to_clamp():
    items = "<item><title>x</title><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>"
    assert parse_feed(rss(items), url="https://s.example/").entries[0].published_at == utc(
        2100, 1, 1
    )


def test_parse_feed_takes_the_updated_date_when_an_entry_has_no_published_date():
    second = parse("atom10_basic.xml").entries[1]
    assert second.published_at == second.updated_at == utc(2024, 3, 6, 10, 0)


def test_parse_feed_does_not_invent_dates_from_guids():
    assert [e.published_at for e in parse("truncated.xml").entries] == [None, None, None]


# --- GUIDs and entry keys ----------------------------------------------------------


def test_parse_feed_returns_none_for_missing_or_blank_guids():
    assert [e.guid for e in parse("missing_guids.xml").entries] == [None, None, None]


def test_parse_feed_flags_guids_shared_by_entries_with_different_links():
    flags = [e.has_shared_guid for e in parse("repeated_guids.xml").entries]
    assert flags == [True, True, False, False]


def test_parse_feed_does_not_flag_an_entry_listed_twice():
    item = "<item><title>x</title><link>https://s.example/1</link><guid>g</guid></item>"
    feed = parse_feed(rss(item * 2), url="https://s.example/")
    assert [e.has_shared_guid for e in feed.entries] == [False, False]


def test_entry_key_uses_a_usable_guid():
    assert entry_key(parse("rss20_basic.xml").entries[0]) == "guid:gazette-1001"


def test_entry_key_falls_back_to_the_link_when_the_guid_is_missing():
    assert entry_key(parse("missing_guids.xml").entries[0]) == "url:https://noguid.example/one"


def test_entry_key_falls_back_to_the_link_when_the_guid_is_shared():
    keys = [entry_key(e) for e in parse("repeated_guids.xml").entries[:2]]
    assert keys == ["url:https://repeat.example/one", "url:https://repeat.example/two"]


def test_entry_key_ignores_a_guid_that_is_the_site_root():
    assert entry_key(parse("repeated_guids.xml").entries[3]) == "url:https://repeat.example/four"


@pytest.mark.parametrize("guid", ["null", "undefined", "0", "  "])
def test_entry_key_ignores_placeholder_guids(guid):
    assert entry_key(entry(guid=guid, url="https://s.example/a")) == "url:https://s.example/a"


def test_entry_key_is_stable_when_a_cache_busting_guid_changes_while_the_link_stays():
    first = parse("changing_guid_poll1.xml").entries[0]
    second = parse("changing_guid_poll2.xml").entries[0]
    assert first.guid != second.guid
    assert entry_key(first) == entry_key(second) == "url:https://change.example/story"


def test_entry_key_drops_tracking_parameters_fragments_and_default_ports():
    key = entry_key(entry(url="HTTPS://S.Example:443/a?utm_source=rss&id=3#comments"))
    assert key == "url:https://s.example/a?id=3"


def test_entry_key_hashes_title_date_and_summary_without_guid_or_link():
    item = parse("missing_guids.xml").entries[2]
    assert entry_key(item).startswith("hash:")
    assert entry_key(item) == entry_key(replace(item))
    assert entry_key(item) != entry_key(replace(item, title="Other"))


def test_entry_key_hashes_overlong_guids():
    key = entry_key(entry(guid="x" * 500))
    assert key.startswith("guid#") and len(key) == len("guid#") + 64


def test_entry_key_tells_apart_every_entry_of_a_feed():
    for fixture in ("rss20_basic.xml", "repeated_guids.xml", "missing_guids.xml", "json10.json"):
        entries = parse(fixture).entries
        assert len({entry_key(e) for e in entries}) == len(entries), fixture


# --- damaged documents ---------------------------------------------------------------


def test_parse_feed_survives_a_bom_and_whitespace_before_the_declaration():
    assert titles(parse("bom_leading_whitespace.xml")) == ["Survives"]


def test_parse_feed_skips_junk_printed_before_the_xml():
    data = (
        b"<br />\n<b>Warning</b>: x.php on line 3<br />\n" + (FIXTURES / "rss092.xml").read_bytes()
    )
    assert titles(parse_feed(data, url="https://radio.example/feed")) == ["Episode one"]


def test_parse_feed_recovers_the_items_of_a_truncated_rss_feed():
    feed = parse("truncated.xml")
    assert titles(feed) == ["Complete one", "Complete two", "Cut off"]
    assert feed.entries[1].summary_html == "Full"


def test_parse_feed_recovers_the_entries_of_a_truncated_atom_feed():
    assert titles(parse("atom_truncated.xml")) == ["Whole", "Half"]


def test_parse_feed_keeps_items_apart_when_descriptions_hold_unescaped_html():
    feed = parse("unescaped_markup.xml")
    assert titles(feed) == ["Salt & pepper", "Second", "Third"]
    assert "Third" not in feed.entries[0].summary_html


def test_parse_feed_recovers_items_around_mismatched_tags():
    assert titles(parse("mismatched_tags.xml")) == ["First", "Second", "Third"]


def test_parse_feed_rejects_an_html_page():
    with pytest.raises(FeedParseError, match="looks like an HTML page"):
        parse("html_page.xml")


@pytest.mark.parametrize("data", [b"", b"   \n\t ", (FIXTURES / "empty.xml").read_bytes()])
def test_parse_feed_rejects_an_empty_document(data):
    with pytest.raises(FeedParseError, match="empty document"):
        parse_feed(data, url="https://x.example/")


def test_parse_feed_rejects_xml_that_is_not_a_feed():
    with pytest.raises(FeedParseError, match="root element is <note>"):
        parse("not_a_feed.xml")


def test_parse_feed_rejects_plain_text():
    with pytest.raises(FeedParseError, match="not a feed"):
        parse_feed(b"hello world", url="https://x.example/")


# --- XML attacks ---------------------------------------------------------------------


def test_parse_feed_refuses_external_entities_without_reading_the_file():
    with pytest.raises(FeedParseError, match="declares XML entities") as raised:
        parse("xxe_file.xml")
    assert "root:" not in str(raised.value)


def test_parse_feed_refuses_billion_laughs_before_any_parser_sees_it(monkeypatch):
    # Nothing is expanded whatever the machine's speed: no XML parser ever runs on it.
    import feedparser
    from lxml import etree

    parsers: list[str] = []
    for module, name in [(etree, "fromstring"), (etree, "XMLParser"), (feedparser, "parse")]:
        real = getattr(module, name)
        monkeypatch.setattr(
            module,
            name,
            lambda *a, real=real, name=name, **k: parsers.append(name) or real(*a, **k),
        )
    with pytest.raises(FeedParseError, match="declares XML entities"):
        parse("billion_laughs.xml")
    assert parsers == []


def test_parse_feed_refuses_external_parameter_entities():
    with pytest.raises(FeedParseError, match="declares XML entities"):
        parse("xxe_parameter_entity.xml")


def test_parse_feed_never_expands_entities_declared_after_the_root():
    data = rss(
        "<item><title>a &xxe;</title><link>https://e.example/1</link></item>",
        channel='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><title>T &xxe;</title>',
    )
    try:
        feed = parse_feed(data, url="https://e.example/")
    except FeedParseError:
        return
    assert "root:" not in repr(feed)


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.iterdir()))
def test_parse_feed_opens_no_network_connection(fixture, monkeypatch):
    import feedparser  # noqa: F401  (imported before sockets are refused)

    def refuse(*args, **kwargs):
        raise AssertionError("parse_feed tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    with contextlib.suppress(FeedParseError):
        parse(fixture)


# --- found by fuzzing mutated fixtures -------------------------------------------------


def test_parse_feed_reads_atom_html_given_as_unescaped_markup():
    data = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id>'
        b'<title type="html"><b>Bold</b> move</title>'
        b'<content type="html"><p>Para <a href="/x">link</a></p></content></entry></feed>'
    )
    first = parse_feed(data, url="https://a.example/").entries[0]
    assert (first.title, first.content_html) == ("Bold move", '<p>Para <a href="/x">link</a></p>')


def test_parse_feed_decodes_base64_atom_0_3_content():
    data = (
        b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title>x</title>'
        b'<content type="text/html" mode="base64">PGI+aGk8L2I+</content></entry></feed>'
    )
    assert parse_feed(data, url="https://a.example/").entries[0].content_html == "<b>hi</b>"


def test_parse_feed_survives_cdata_titles_holding_an_xml_declaration():
    items = '<item><title><![CDATA[<?xml version="1.0" encoding="shift_jis"?>Caf\u00e9]]></title></item>'
    assert parse_feed(rss(items), url="https://s.example/").entries[0].title == "Café"


def test_parse_feed_drops_links_with_a_malformed_host():
    items = "<item><title>x</title><link>http://[broken/story</link><guid>g</guid></item>"
    first = parse_feed(rss(items), url="https://s.example/").entries[0]
    assert first.url is None
    assert entry_key(first) == "guid:g"


def test_entry_key_survives_a_malformed_link():
    assert entry_key(entry(url="http://[broken/x")) == "url:http://[broken/x"
