"""Feed discovery in HTML pages, and telling a feed from a homepage."""

from __future__ import annotations

from pathlib import Path

from broadsheet.feeds.discovery import discover_feed_urls, looks_like_feed

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
BASE = "https://site.example/blog/index.html"


def page(head: str, body: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>Site</title>{head}</head><body>{body}</body></html>"


def test_discover_feed_urls_finds_rss_atom_and_json_feeds_in_document_order():
    html = page(
        '<link rel="alternate" type="application/atom+xml" href="https://site.example/atom">'
        '<link rel="alternate" type="application/rss+xml" href="https://site.example/rss">'
        '<link rel="alternate" type="application/feed+json" href="https://site.example/feed.json">'
        '<link rel="alternate" type="application/json" href="https://site.example/other.json">'
    )
    assert discover_feed_urls(html, base_url=BASE) == [
        "https://site.example/atom",
        "https://site.example/rss",
        "https://site.example/feed.json",
        "https://site.example/other.json",
    ]


def test_discover_feed_urls_resolves_relative_hrefs_against_the_page_url():
    html = page(
        '<link rel="alternate" type="application/rss+xml" href="feed.xml">'
        '<link rel="alternate" type="application/rss+xml" href="/comments.xml">'
    )
    assert discover_feed_urls(html, base_url=BASE) == [
        "https://site.example/blog/feed.xml",
        "https://site.example/comments.xml",
    ]


def test_discover_feed_urls_honours_the_base_element():
    html = page(
        '<base href="https://cdn.site.example/news/">'
        '<link rel="alternate" type="application/rss+xml" href="feed.xml">'
    )
    assert discover_feed_urls(html, base_url=BASE) == ["https://cdn.site.example/news/feed.xml"]


def test_discover_feed_urls_removes_duplicates():
    link = '<link rel="alternate" type="application/rss+xml" href="/feed">'
    assert discover_feed_urls(page(link * 3), base_url=BASE) == ["https://site.example/feed"]


def test_discover_feed_urls_ignores_links_that_are_not_alternate_feeds():
    html = page(
        '<link rel="stylesheet" type="application/rss+xml" href="/not-alternate">'
        '<link rel="alternate" hreflang="fr" type="text/html" href="/fr/">'
        '<link rel="alternate" href="/no-type">'
        '<link rel="alternate" type="application/rss+xml">'
    )
    assert discover_feed_urls(html, base_url=BASE) == []


def test_discover_feed_urls_ignores_hrefs_that_are_not_http():
    html = page(
        '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
        '<link rel="alternate" type="application/rss+xml" href="ftp://site.example/feed">'
        '<link rel="alternate" type="application/rss+xml" href="data:text/xml,<rss/>">'
    )
    assert discover_feed_urls(html, base_url=BASE) == []


def test_discover_feed_urls_skips_the_wordpress_rest_api_link():
    html = page(
        '<link rel="alternate" type="application/json" href="https://site.example/wp-json/wp/v2/pages/2">'
        '<link rel="alternate" type="application/rss+xml" href="https://site.example/feed/">'
    )
    assert discover_feed_urls(html, base_url=BASE) == ["https://site.example/feed/"]


def test_discover_feed_urls_accepts_any_case_extra_rel_tokens_and_type_parameters():
    html = page(
        '<LINK REL="Alternate Feed" TYPE="Application/RSS+XML; charset=utf-8" HREF=" /feed ">'
    )
    assert discover_feed_urls(html, base_url=BASE) == ["https://site.example/feed"]


def test_discover_feed_urls_finds_feed_links_outside_the_head():
    body = '<link rel="alternate" type="application/atom+xml" href="/atom">'
    assert discover_feed_urls(page("", body), base_url=BASE) == ["https://site.example/atom"]


def test_discover_feed_urls_reads_html_that_starts_with_an_xml_declaration():
    html = '<?xml version="1.0" encoding="iso-8859-1"?>' + page(
        '<link rel="alternate" type="application/rss+xml" href="/feed">'
    )
    assert discover_feed_urls(html, base_url=BASE) == ["https://site.example/feed"]


def test_discover_feed_urls_returns_nothing_for_an_empty_page():
    assert discover_feed_urls("", base_url=BASE) == []
    assert discover_feed_urls("  \n", base_url=BASE) == []


def test_discover_feed_urls_survives_broken_markup():
    html = "<html><head><link rel=alternate type=application/rss+xml href=/feed><div><p></span>"
    assert discover_feed_urls(html, base_url=BASE) == ["https://site.example/feed"]


def test_looks_like_feed_accepts_rss_served_as_text_html():
    assert looks_like_feed((FIXTURES / "rss20_basic.xml").read_bytes(), "text/html")


def test_looks_like_feed_accepts_atom():
    assert looks_like_feed((FIXTURES / "atom10_basic.xml").read_bytes(), "application/atom+xml")


def test_looks_like_feed_accepts_rss_1_0():
    assert looks_like_feed((FIXTURES / "rss10_rdf.xml").read_bytes(), "application/rdf+xml")


def test_looks_like_feed_accepts_a_json_feed():
    assert looks_like_feed((FIXTURES / "json11.json").read_bytes(), "application/feed+json")


def test_looks_like_feed_accepts_a_feed_with_no_entries():
    data = b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert looks_like_feed(data, "application/rss+xml")


def test_looks_like_feed_rejects_an_html_page_labelled_as_rss():
    assert not looks_like_feed((FIXTURES / "html_page.xml").read_bytes(), "application/rss+xml")


def test_looks_like_feed_rejects_json_that_is_not_a_feed():
    assert not looks_like_feed(b'{"status": "ok"}', "application/json")


def test_looks_like_feed_rejects_an_xml_sitemap():
    data = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>'
    assert not looks_like_feed(data, "application/xml")


def test_looks_like_feed_rejects_empty_bytes():
    assert not looks_like_feed(b"", "application/rss+xml")


def test_looks_like_feed_rejects_a_feed_declaring_entities():
    assert not looks_like_feed((FIXTURES / "xxe_file.xml").read_bytes(), "application/rss+xml")
