"""Item identity: the GUID problems real feeds have, over repeated polls: 0 duplicates, 0 lost.

Each case is a publisher's feed as it looks on three successive polls. Three stories are in
it throughout, however the publisher mangles their GUIDs and links; after every poll each story
must be stored exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape

import pytest

from broadsheet.articles.models import Article
from broadsheet.ingest.jobs import poll_feed
from broadsheet.sources.models import Feed, Source
from tests.security.servers import Reply

STORIES = ["Ferry resumes after storms", "Council passes budget", "Library opens in May"]
DATES = ["Mon, 01 Dec 2026 08:00:00 +0000", "Mon, 01 Dec 2026 09:00:00 +0000",
         "Mon, 01 Dec 2026 10:00:00 +0000"]  # fmt: skip
Item = dict[str, str]
# A case: (poll number, story index, site base) -> the story's item on that poll.
Case = Callable[[int, int, str], Item]


def item(base: str, i: int, **fields: str) -> Item:
    return {"title": STORIES[i], "link": f"{base}/news/{i}", "date": DATES[i], **fields}


CASES: dict[str, Case] = {
    "missing guid": lambda poll, i, base: item(base, i),
    "guid reused across items": lambda poll, i, base: item(base, i, guid="urn:site:latest"),
    "placeholder guids": lambda poll, i, base: item(base, i, guid=("0", "null", "-")[i]),
    "guid changes on every poll": lambda poll, i, base: item(base, i, guid=f"urn:{poll}:{i}"),
    "cache-busting guid": lambda poll, i, base: item(
        base, i, guid=f"{base}/news/{i}?t={poll}", permalink="true"
    ),
    "same link, new guid": lambda poll, i, base: item(
        base, i, guid=f"urn:v{1 if poll == 0 or i else 2}:{i}"
    ),
    "same guid, new link": lambda poll, i, base: item(
        base, i, guid=f"urn:story:{i}", link=f"{base}/news/{i}" + ("" if poll == 0 else "-moved")
    ),
    "tracking parameters": lambda poll, i, base: item(
        base, i, link=f"{base}/news/{i}?utm_source=rss&utm_campaign=p{poll}&fbclid=x{poll}"
    ),
    "http vs https": lambda poll, i, base: item(
        base, i, link=f"{base}/news/{i}".replace("http:", "https:" if poll % 2 else "http:")
    ),
    "trailing slash": lambda poll, i, base: item(
        base, i, link=f"{base}/news/{i}" + ("/" if poll % 2 else "")
    ),
    "relative links": lambda poll, i, base: item(
        base, i, link=f"/news/{i}" if poll % 2 else f"{base}/news/{i}"
    ),
    "host case and fragments": lambda poll, i, base: item(
        base, i, link=f"{base.replace('news', 'NEWS') if poll % 2 else base}/news/{i}#top{poll}"
    ),
    "ispermalink=false guids": lambda poll, i, base: item(
        base, i, guid=f"{9000 + i}", permalink="false"
    ),
    "guid whitespace": lambda poll, i, base: item(
        base, i, guid=(" " * poll) + f"urn:ws:{i}" + ("\n" * poll)
    ),
    "item missing from one poll": lambda poll, i, base: (
        item(base, i, guid=f"urn:gone:{i}") if not (poll == 1 and i == 2) else {}
    ),
}
DUPLICATE_IN_ONE_FEED = "duplicate items in one feed"
ATOM = "atom id vs link"


def rss(items: list[Item], base: str) -> bytes:
    entries = []
    for it in items:
        if not it:
            continue
        guid = ""
        if "guid" in it:
            permalink = f' isPermaLink="{it["permalink"]}"' if "permalink" in it else ""
            guid = f"<guid{permalink}>{escape(it['guid'])}</guid>"
        entries.append(
            f"<item><title>{escape(it['title'])}</title><link>{escape(it['link'])}</link>{guid}"
            f"<description>{escape(it['title'])}: the full story.</description>"
            f"<pubDate>{it['date']}</pubDate></item>"
        )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
        f"<link>{base}/</link>{''.join(entries)}</channel></rss>"
    ).encode()


def atom(poll: int, base: str) -> bytes:
    # Atom: the id is the identity; the alternate link moves on the second poll.
    entries = "".join(
        f"<entry><id>tag:news.example,2026:{i}</id><title>{STORIES[i]}</title>"
        f'<link rel="alternate" href="{base}/news/{i}{"?v=2" if poll else ""}"/>'
        f"<updated>2026-12-01T0{8 + i}:00:00Z</updated><summary>{STORIES[i]}.</summary></entry>"
        for i in range(3)
    )
    return (
        f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>G</title>'
        f"<id>urn:g</id>{entries}</feed>"
    ).encode()


def document(case: str, poll: int, base: str) -> Reply:
    if case == ATOM:
        return Reply(atom(poll, base), "application/atom+xml")
    if case == DUPLICATE_IN_ONE_FEED:
        items = [item(base, i, guid=f"urn:d:{i}") for i in (0, 1, 1, 2, 0)]
        # And one story under three spellings of its link, without GUIDs.
        https = base.replace("http:", "https:")
        items += [item(base, 2, link=f"{b}/news/2{s}") for b, s in ((https, ""), (base, "/"))]
        return Reply(rss(items, base), "application/rss+xml")
    return Reply(rss([CASES[case](poll, i, base) for i in range(3)], base), "application/rss+xml")


def test_at_least_twelve_known_guid_problems():
    assert len(CASES) + 2 >= 12


@pytest.mark.parametrize("case", [*CASES, DUPLICATE_IN_ONE_FEED, ATOM])
def test_each_story_is_stored_exactly_once_over_repeated_polls(
    case, db, ingest_context, public_site, trap
):
    base = f"http://news.example:{trap.port}"
    source = Source.objects.create(name="Gazette", slug="gazette", home_url=base)
    feed = Feed.objects.create(source=source, url=f"{base}/feed.xml")
    for poll in range(3):
        public_site.routes["/feed.xml"] = document(case, poll, base)
        outcome = poll_feed(feed.pk, context=ingest_context)
        assert outcome.status == "ok", outcome
        titles = sorted(Article.objects.values_list("title", flat=True))
        assert titles == sorted(STORIES), f"poll {poll}: {titles}"
