"""Feed documents of the demo publishers: RSS 2.0, Atom 1.0, JSON Feed 1.1, RSS 1.0 and OPML."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape as escape_html
from xml.sax.saxutils import escape, quoteattr

from broadsheet.demo.catalog import ATTRIBUTION, DemoArticle, PublisherSpec, summarize

FEED_SIZE = 50
SUMMARY_LIMIT = 300
SHORT_SUMMARY_LIMIT = 160

FEED_CONTENT_TYPES = {
    "rss2": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "jsonfeed": "application/feed+json; charset=utf-8",
    "rdf": "application/rdf+xml; charset=utf-8",
}
# What a homepage announces in <link rel="alternate">; RSS 1.0 sites habitually say rss+xml.
ALTERNATE_TYPES = {
    "rss2": "application/rss+xml",
    "atom": "application/atom+xml",
    "jsonfeed": "application/feed+json",
    "rdf": "application/rss+xml",
}


@dataclass(frozen=True)
class Site:
    """A publisher as served at one base URL."""

    spec: PublisherSpec
    base_url: str  # no trailing slash

    @property
    def home_url(self) -> str:
        return self.base_url + "/"

    @property
    def feed_url(self) -> str:
        return self.base_url + self.spec.feed_path

    def url(self, article: DemoArticle) -> str:
        """The canonical URL of an article page."""
        return self.base_url + article.path

    def feed_link(self, article: DemoArticle) -> str:
        """The article link as the feed gives it, tracking parameters included."""
        if not self.spec.tracking:
            return self.url(article)
        return f"{self.url(article)}?{self.spec.tracking}"


@dataclass(frozen=True)
class Entry:
    """A released article with the date it is shown with."""

    article: DemoArticle
    published: datetime


def render_feed(site: Site, entries: Sequence[Entry], *, now: datetime) -> str:
    """The publisher's feed, newest entry first, in its own format."""
    newest = sorted(entries, key=lambda entry: entry.published, reverse=True)[:FEED_SIZE]
    updated = newest[0].published if newest else now
    renderer = {
        "rss2": _render_rss2,
        "atom": _render_atom,
        "jsonfeed": _render_json_feed,
        "rdf": _render_rdf,
    }[site.spec.feed_format]
    return renderer(site, newest, updated)


def content_html(article: DemoArticle) -> str:
    """The article body as an HTML fragment for feeds that carry the full text."""
    return "".join(f"<p>{escape_html(paragraph)}</p>" for paragraph in article.paragraphs)


def _summary(site: Site, article: DemoArticle) -> str:
    limit = SUMMARY_LIMIT if site.spec.has_full_content else SHORT_SUMMARY_LIMIT
    return summarize(article.paragraphs, limit=limit)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _render_rss2(site: Site, entries: Sequence[Entry], updated: datetime) -> str:
    items = []
    for entry in entries:
        article = entry.article
        parts = [
            f"<title>{escape(article.title)}</title>",
            f"<link>{escape(site.feed_link(article))}</link>",
            f'<guid isPermaLink="false">{escape(article.guid)}</guid>',
            f"<dc:creator>{escape(article.author)}</dc:creator>",
            f"<pubDate>{format_datetime(entry.published.astimezone(UTC), usegmt=True)}</pubDate>",
            f"<category>{escape(article.section)}</category>",
            f"<description>{escape(_summary(site, article))}</description>",
        ]
        if site.spec.has_full_content:
            parts.append(f"<content:encoded>{escape(content_html(article))}</content:encoded>")
        items.append("    <item>\n      " + "\n      ".join(parts) + "\n    </item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        "  <channel>\n"
        f"    <title>{escape(site.spec.name)}</title>\n"
        f"    <link>{escape(site.home_url)}</link>\n"
        f"    <description>{escape(site.spec.tagline)}</description>\n"
        "    <language>en</language>\n"
        f"    <copyright>{escape(ATTRIBUTION)}</copyright>\n"
        f"    <lastBuildDate>{format_datetime(updated.astimezone(UTC), usegmt=True)}"
        "</lastBuildDate>\n"
        f'    <atom:link href={quoteattr(site.feed_url)} rel="self" '
        'type="application/rss+xml"/>\n'
        "    <ttl>5</ttl>\n" + "\n".join(items) + "\n  </channel>\n</rss>\n"
    )


def _render_atom(site: Site, entries: Sequence[Entry], updated: datetime) -> str:
    items = []
    for entry in entries:
        article = entry.article
        parts = [
            f"<id>{escape(article.guid)}</id>",
            f'<title type="text">{escape(article.title)}</title>',
            f'<link rel="alternate" type="text/html" href={quoteattr(site.feed_link(article))}/>',
            f"<published>{_iso(entry.published)}</published>",
            f"<updated>{_iso(entry.published)}</updated>",
            f"<author><name>{escape(article.author)}</name></author>",
            f"<category term={quoteattr(article.section)}/>",
            f'<summary type="text">{escape(_summary(site, article))}</summary>',
        ]
        if site.spec.has_full_content:
            parts.append(f'<content type="html">{escape(content_html(article))}</content>')
        items.append("  <entry>\n    " + "\n    ".join(parts) + "\n  </entry>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        f"  <id>urn:broadsheet-demo:{site.spec.slug}</id>\n"
        f"  <title>{escape(site.spec.name)}</title>\n"
        f"  <subtitle>{escape(site.spec.tagline)}</subtitle>\n"
        f"  <updated>{_iso(updated)}</updated>\n"
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(site.feed_url)}/>\n'
        f'  <link rel="alternate" type="text/html" href={quoteattr(site.home_url)}/>\n'
        f"  <rights>{escape(ATTRIBUTION)}</rights>\n" + "\n".join(items) + "\n</feed>\n"
    )


def _render_json_feed(site: Site, entries: Sequence[Entry], updated: datetime) -> str:
    items = []
    for entry in entries:
        article = entry.article
        item: dict[str, object] = {
            "id": article.guid,
            "url": site.feed_link(article),
            "external_url": article.source_url,
            "title": article.title,
            "summary": _summary(site, article),
            "date_published": _iso(entry.published),
            "authors": [{"name": article.author}],
            "tags": [article.section],
            "language": "en",
        }
        if site.spec.has_full_content:
            item["content_html"] = content_html(article)
        else:
            item["content_text"] = item["summary"]
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.spec.name,
        "home_page_url": site.home_url,
        "feed_url": site.feed_url,
        "description": f"{site.spec.tagline}. {ATTRIBUTION}.",
        "language": "en",
        "authors": [{"name": site.spec.name}],
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _render_rdf(site: Site, entries: Sequence[Entry], updated: datetime) -> str:
    # rdf:about is usually the link; a URN keeps the item's identity free of host and port.
    sequence = "\n".join(
        f"        <rdf:li rdf:resource={quoteattr(entry.article.guid)}/>" for entry in entries
    )
    items = []
    for entry in entries:
        article = entry.article
        parts = [
            f"<title>{escape(article.title)}</title>",
            f"<link>{escape(site.feed_link(article))}</link>",
            f"<description>{escape(_summary(site, article))}</description>",
            f"<dc:creator>{escape(article.author)}</dc:creator>",
            f"<dc:date>{_iso(entry.published)}</dc:date>",
            f"<dc:identifier>{escape(article.guid)}</dc:identifier>",
            f"<dc:subject>{escape(article.section)}</dc:subject>",
        ]
        if site.spec.has_full_content:
            parts.append(f"<content:encoded>{escape(content_html(article))}</content:encoded>")
        items.append(
            f"  <item rdf:about={quoteattr(article.guid)}>\n    "
            + "\n    ".join(parts)
            + "\n  </item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
        f"  <channel rdf:about={quoteattr(site.feed_url)}>\n"
        f"    <title>{escape(site.spec.name)}</title>\n"
        f"    <link>{escape(site.home_url)}</link>\n"
        f"    <description>{escape(site.spec.tagline)}</description>\n"
        "    <dc:language>en</dc:language>\n"
        f"    <dc:rights>{escape(ATTRIBUTION)}</dc:rights>\n"
        f"    <dc:date>{_iso(updated)}</dc:date>\n"
        "    <items>\n      <rdf:Seq>\n" + sequence + "\n      </rdf:Seq>\n    </items>\n"
        "  </channel>\n" + "\n".join(items) + "\n</rdf:RDF>\n"
    )


def render_opml(sites: Sequence[Site], *, now: datetime) -> str:
    """An OPML subscription list of every demo feed."""
    outlines = "\n".join(
        f'    <outline type="{_opml_type(site)}" text={quoteattr(site.spec.name)} '
        f"title={quoteattr(site.spec.name)} xmlUrl={quoteattr(site.feed_url)} "
        f"htmlUrl={quoteattr(site.home_url)}/>"
        for site in sites
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<opml version="2.0">\n'
        "  <head>\n"
        "    <title>Broadsheet demo publishers</title>\n"
        f"    <dateCreated>{format_datetime(now.astimezone(UTC), usegmt=True)}</dateCreated>\n"
        "  </head>\n"
        "  <body>\n" + outlines + "\n  </body>\n</opml>\n"
    )


def _opml_type(site: Site) -> str:
    return "json" if site.spec.feed_format == "jsonfeed" else "rss"
