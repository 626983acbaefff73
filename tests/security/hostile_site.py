"""A hostile publisher: every feed field and article page carries XSS payloads, ingested for real.

Payloads go out in batches: batch i is feed i's title and its one entry's title, author,
summary, content, categories and the article page's headline, byline and paragraphs. Links,
enclosures and lead images get the script/data URL spellings. Formats rotate between RSS
with CDATA, RSS with escaped markup, Atom with XHTML content and JSON Feed, so each way a
publisher can smuggle markup is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from xml.sax.saxutils import escape, quoteattr

from django.contrib.auth.models import User
from django.utils import timezone

from broadsheet.accounts.models import Profile
from broadsheet.articles.models import Article
from broadsheet.comments.services import add_comment
from broadsheet.ingest.jobs import IngestContext, poll_feed
from broadsheet.ingest.schedule import SchedulePolicy
from broadsheet.lib.fetch import Fetcher, FetchPolicy, parse_networks
from broadsheet.lib.testing.publisher import LoopbackPublisher, Page
from broadsheet.sources.models import Feed
from broadsheet.sources.services import add_source
from tests.security.xss_payloads import bare_urls, generate

BATCH = 5
FILLER = (
    "The harbour council met on Tuesday evening to discuss the ferry timetable, the cost of "
    "repairs to the northern pier and the plan for a new library on the market square. "
)


@dataclass
class Batch:
    """One feed's worth of payloads."""

    index: int
    payloads: list[str]
    url_payload: str

    @property
    def text(self) -> str:
        return " ".join(self.payloads)


def batches() -> list[Batch]:
    payloads, urls = generate(), bare_urls()
    return [
        Batch(i, payloads[start : start + BATCH], urls[i % len(urls)])
        for i, start in enumerate(range(0, len(payloads), BATCH))
    ]


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _xml_text(text: str) -> str:
    # XML cannot carry C0 controls even escaped; the publisher's own bytes would lose them.
    return escape("".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20))


def _link(batch: Batch, base: str) -> str:
    # Half the entries link to a hostile page that is fetched; half carry a script URL.
    # The query keeps each entry's link its own, so no two entries are one article.
    return (
        f"{base}/a/{batch.index}"
        if batch.index % 2 == 0
        else f"{batch.url_payload}?b={batch.index}"
    )


def rss(batch: Batch, base: str, *, cdata: bool) -> bytes:
    wrap = _cdata if cdata else _xml_text
    text = wrap(batch.text)
    categories = "".join(f"<category>{wrap(p)}</category>" for p in batch.payloads)
    enclosure = quoteattr("".join(c for c in batch.url_payload if ord(c) >= 0x20))
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{text}</title><link>{_xml_text(base)}/</link><item><title>{text}</title>"
        f"<link>{_xml_text(_link(batch, base))}</link><guid>g{batch.index}</guid>"
        f"<dc:creator>{text}</dc:creator><description>{text}</description>"
        f"<content:encoded>{text}</content:encoded>{categories}"
        f'<enclosure url={enclosure} type="image/jpeg" length="1"/>'
        "</item></channel></rss>"
    ).encode()


def atom(batch: Batch, base: str) -> bytes:
    text = _xml_text(batch.text)
    href = quoteattr("".join(c for c in _link(batch, base) if ord(c) >= 0x20))
    image = quoteattr("".join(c for c in batch.url_payload if ord(c) >= 0x20))
    categories = "".join(f"<category term={quoteattr(p)}/>" for p in batch.payloads)
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title type="html">{text}</title><id>urn:f{batch.index}</id>'
        f'<entry><id>urn:e{batch.index}</id><title type="html">{text}</title>'
        f'<link href={href}/><link rel="enclosure" type="image/png" href={image}/>'
        f'<author><name>{text}</name></author><summary type="html">{text}</summary>'
        f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{text}</div></content>'
        f"{categories}<updated>2026-01-01T00:00:00Z</updated></entry></feed>"
    ).encode()


def json_feed(batch: Batch, base: str) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": batch.text,
            "home_page_url": batch.url_payload,
            "items": [
                {
                    "id": f"j{batch.index}",
                    "url": _link(batch, base),
                    "title": batch.text,
                    "authors": [{"name": batch.text, "url": batch.url_payload}],
                    "summary": batch.text,
                    "content_html": batch.text,
                    "image": batch.url_payload,
                    "tags": batch.payloads,
                    "attachments": [{"url": batch.url_payload, "mime_type": "image/png"}],
                }
            ],
        }
    ).encode()


def article_page(batch: Batch) -> bytes:
    text = batch.text
    attr = quoteattr(text)
    url = quoteattr(batch.url_payload)
    paragraphs = "".join(f"<p>{FILLER}{payload} {FILLER}</p>" for payload in batch.payloads)
    return (
        f"<!doctype html><html><head><title>{text}</title><meta property='og:title' "
        f"content={attr}><meta property='og:image' content={url}><meta name='author' "
        f"content={attr}><link rel='canonical' href={url}></head><body><article>"
        f"<h1>{text}</h1><p class='byline'>By {text}</p>{paragraphs}</article></body></html>"
    ).encode()


def serve(publisher: LoopbackPublisher, all_batches: list[Batch]) -> list[str]:
    """Put every batch's feed and page on the publisher; returns the feed URLs."""
    urls = []
    for batch in all_batches:
        kind = ("rss-cdata", "rss", "atom", "json")[batch.index % 4]
        if kind == "atom":
            body, media = atom(batch, publisher.base), "application/atom+xml"
        elif kind == "json":
            body, media = json_feed(batch, publisher.base), "application/feed+json"
        else:
            body = rss(batch, publisher.base, cdata=kind == "rss-cdata")
            media = "application/rss+xml"
        publisher.pages[f"/feed/{batch.index}"] = Page(body, media)
        publisher.pages[f"/a/{batch.index}"] = Page(article_page(batch))
        urls.append(f"{publisher.base}/feed/{batch.index}")
    return urls


def ingest_hostile_site(publisher: LoopbackPublisher) -> list[Batch]:
    """Add every hostile feed through `add_source` (its title names the source) and poll it."""
    all_batches = batches()
    policy = FetchPolicy(
        total_timeout=10, per_host_delay=0, allowed_networks=parse_networks("127.0.0.0/8")
    )
    with Fetcher(policy) as fetcher:
        for url in serve(publisher, all_batches):
            add_source(url, fetcher=fetcher)
        context = IngestContext(fetcher=fetcher, schedule=SchedulePolicy(min_interval=60))
        for feed in Feed.objects.all():
            outcome = poll_feed(feed.pk, context=context)
            assert outcome.status == "ok", outcome
    add_hostile_comments(all_batches)
    return all_batches


def add_hostile_comments(all_batches: list[Batch]) -> None:
    """One reader per batch, named with its first payload, comments the batch as Markdown."""
    articles = list(Article.objects.order_by("pk"))
    old = timezone.now() - timedelta(days=30)
    for batch, article in zip(all_batches, articles, strict=False):
        user = User.objects.create_user(f"reader{batch.index}", f"r{batch.index}@example.org")
        User.objects.filter(pk=user.pk).update(date_joined=old)
        user.refresh_from_db()
        Profile.objects.update_or_create(
            user=user, defaults={"display_name": batch.payloads[0][:50]}
        )
        markdown = "\n\n".join(batch.payloads) + f"\n\n[link]({batch.url_payload})"
        add_comment(article, author=user, body=markdown[:5000])
