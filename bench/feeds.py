"""Feed parsing benchmark: items/s per parser on generated feeds, and robustness on the fixtures.

Run by hand or with ``make bench``: ``.venv/bin/python bench/feeds.py [--items 200] [--runs 5]``.
Prints figures only; the choice they support is recorded in broadsheet/feeds/parse.py.
"""

from __future__ import annotations

import argparse
import calendar
import io
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import fastfeedparser  # noqa: E402
import feedparser  # noqa: E402
from _harness import ROOT  # noqa: E402 - the one preamble: sys.path, --json
from lxml import etree  # noqa: E402

from broadsheet.feeds import parse as feeds  # noqa: E402

FIXTURES = ROOT / "broadsheet" / "feeds" / "tests" / "fixtures" / "feeds"
START = datetime(2024, 1, 1, tzinfo=UTC)
BODY = (
    "<p>The council met on <em>Tuesday</em> to discuss the &quot;bridge&quot; plan, "
    '<a href="https://example.com/plan">published last week</a>.</p>'
) * 6


def generate_rss(items: int) -> bytes:
    """An RSS 2.0 feed shaped like a news site's: CDATA HTML, content:encoded, images."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">'
        "<channel><title>Bench Gazette</title><link>https://bench.example/</link>"
        "<description>Generated</description><language>en</language>"
    ]
    for i in range(items):
        when = (START + timedelta(hours=i)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        parts.append(
            f"<item><title>Story number {i} &amp; its &lt;b&gt;follow-up&lt;/b&gt;</title>"
            f"<link>https://bench.example/2024/story-{i}</link>"
            f'<guid isPermaLink="false">bench-{i}</guid><pubDate>{when}</pubDate>'
            f"<dc:creator>Reporter {i % 7}</dc:creator><category>News</category>"
            f"<category>Topic {i % 5}</category>"
            f"<description><![CDATA[{BODY[:400]}]]></description>"
            f"<content:encoded><![CDATA[{BODY}]]></content:encoded>"
            f'<media:content url="https://bench.example/img/{i}.jpg" medium="image"/>'
            "</item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def generate_atom(items: int) -> bytes:
    """An Atom 1.0 feed with escaped HTML summaries and content."""
    escaped = BODY.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
        '<title>Bench Atom</title><link rel="alternate" href="https://bench.example/"/>'
        "<id>tag:bench.example,2024:feed</id><updated>2024-01-01T00:00:00Z</updated>"
    ]
    for i in range(items):
        when = (START + timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        parts.append(
            f'<entry><title type="html">Story {i} &amp;amp; more</title>'
            f'<link rel="alternate" href="https://bench.example/2024/story-{i}"/>'
            f"<id>tag:bench.example,2024:{i}</id><published>{when}</published>"
            f"<updated>{when}</updated><author><name>Reporter {i % 7}</name></author>"
            f'<category term="news"/><summary type="html">{escaped[:600]}</summary>'
            f'<content type="html">{escaped}</content></entry>'
        )
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


def run_feedparser(data: bytes) -> int:
    return len(feedparser.parse(io.BytesIO(data)).entries)


def run_feedparser_unsanitised(data: bytes) -> int:
    result = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    return len(result.entries)


def run_fastfeedparser(data: bytes) -> int:
    return len(fastfeedparser.parse(data).entries)


def run_lxml_only(data: bytes) -> int:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser=parser)
    return sum(1 for _ in root.iter("item", "{http://www.w3.org/2005/Atom}entry"))


def run_broadsheet(data: bytes) -> int:
    return len(feeds.parse_feed(data, url="https://bench.example/feed").entries)


PARSERS: dict[str, Callable[[bytes], int]] = {
    "feedparser 6.0.14 (default, sanitises)": run_feedparser,
    "feedparser 6.0.14 (sanitize_html=False)": run_feedparser_unsanitised,
    "fastfeedparser 0.6.5": run_fastfeedparser,
    "lxml parse only (floor)": run_lxml_only,
    "broadsheet parse_feed (chosen)": run_broadsheet,
}


def items_per_second(parse: Callable[[bytes], int], data: bytes, runs: int) -> float:
    best = float("inf")
    count = parse(data)  # warm-up: imports, caches
    for _ in range(runs):
        started = time.perf_counter()
        count = parse(data)
        best = min(best, time.perf_counter() - started)
    return count / best


def print_speed(items: int, runs: int) -> None:
    damaged = (
        generate_rss(items).replace(b"&amp; its", b"& its").replace(b"Reporter", b"R&eacute;p")
    )
    truncated = generate_rss(items)[: -len(b"</item></channel></rss>") - 200]
    documents = {
        f"RSS 2.0, {items} items": generate_rss(items),
        f"Atom 1.0, {items} items": generate_atom(items),
        f"RSS 2.0, {items} items, bare & and HTML entities (repair path)": damaged,
        f"RSS 2.0, {items} items, truncated (repair + recover path)": truncated,
    }
    print(f"## Speed: items/s, best of {runs} runs\n")
    for label, data in documents.items():
        print(f"### {label} ({len(data) / 1024:.0f} KB)")
        for name, parse in PARSERS.items():
            try:
                rate = items_per_second(parse, data, runs)
                print(f"  {name:<42} {rate:>10,.0f} items/s")
            except Exception as exc:  # a parser failing is a figure too
                print(f"  {name:<42} {'error':>10}  ({type(exc).__name__}: {str(exc)[:60]})")
        print()


# Robustness: what each parser gets right on the hand-made fixtures.
# fixture -> expected entry titles (plain text), and optionally expected published dates.
EXPECTED: dict[str, dict[str, Any]] = {
    "rss20_basic.xml": {"titles": ["Council approves new bridge", "Library opens late"]},
    "rss10_rdf.xml": {"titles": ["Erster Artikel", "Zweiter Artikel"]},
    "rss090.xml": {"titles": ["First headline", "Second headline"]},
    "rss091_netscape_entities.xml": {"titles": ["Crème brûlée recipe"]},
    "rss092.xml": {"titles": ["Episode one"]},
    "atom10_basic.xml": {"titles": ["Breaking news & more", "Plain & simple <tag> text"]},
    "atom03.xml": {"titles": ["Old entry"]},
    "json10.json": {"titles": ["First & foremost", ""]},
    "json11.json": {"titles": ["Hola", ""]},
    "encoding_cp1252_declared_utf8.xml": {"titles": ["Naïve café – “smart” quotes €5"]},
    "encoding_utf8_declared_latin1.xml": {"titles": ["Über ärger — “Zitat”"]},
    "encoding_mixed_utf8_cp1252.xml": {"titles": ["UTF-8 café", "“pasted” from Word"]},
    "encoding_latin1_correct.xml": {"titles": ["Señor Muñoz"]},
    "encoding_utf16_bom.xml": {"titles": ["Wide 中文"]},
    "undefined_entities.xml": {"titles": ["Café opens — finally…", "Second & last ’item‘"]},
    "html_in_titles.xml": {
        "titles": [
            "Breaking news & more",
            'Exclusive: Mayor "resigns"',
            "Literal child & element",
            "Fish & chips",
        ]
    },
    "cdata.xml": {"titles": ["Tom & Jerry <3 cheese"]},
    "bom_leading_whitespace.xml": {"titles": ["Survives"]},
    "control_characters.xml": {"titles": ["Bad bytes here"]},
    "truncated.xml": {"titles": ["Complete one", "Complete two", "Cut off"], "dates": [None] * 3},
    "atom_truncated.xml": {"titles": ["Whole", "Half"]},
    "unescaped_markup.xml": {"titles": ["Salt & pepper", "Second", "Third"]},
    "mismatched_tags.xml": {"titles": ["First", "Second", "Third"]},
    "missing_guids.xml": {"titles": ["One", "Two", "Three, no link either"]},
    "odd_dates.xml": {
        "dates": [
            "2024-01-03T10:00:00+00:00",
            None,
            "2024-01-02T15:00:00+00:00",
            "2024-07-02T17:00:00+00:00",
            "2024-01-02T10:00:00+00:00",
            None,
            None,
            "2024-01-02T04:30:00+00:00",
            "2024-01-02T10:00:00+00:00",
            "2024-01-02T00:00:00+00:00",
            None,
        ]
    },
    "relative_links.xml": {
        "links": [
            "https://relative.example/news/2024/story.html",
            "https://relative.example/about/item",
            "https://cdn.relative.example/x",
            None,
            None,
        ]
    },
    "xxe_file.xml": {"safe": True},
    "billion_laughs.xml": {"safe": True},
    "xxe_parameter_entity.xml": {"safe": True},
}


def _plain(value: str) -> str:
    # The libraries return titles as markup: give them our plain-text step so
    # this table measures parsing, not post-processing.
    return feeds._plain_text(value or "")


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, time.struct_time):
        return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat()
    return datetime.fromisoformat(value).astimezone(UTC).isoformat()


def _rows_feedparser(data: bytes) -> list[dict[str, Any]]:
    result = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    return [
        {
            "title": e.get("title", ""),
            "date": _iso(e.get("published_parsed") or e.get("updated_parsed")),
            "link": e.get("link"),
            "text": str(e),
            "plain": False,
        }
        for e in result.entries
    ]


def _rows_fastfeedparser(data: bytes) -> list[dict[str, Any]]:
    result = fastfeedparser.parse(data)
    return [
        {
            "title": e.get("title", ""),
            "date": _iso(e.get("published") or e.get("updated")),
            "link": e.get("link"),
            "text": str(e),
            "plain": False,
        }
        for e in result.entries
    ]


def _rows_broadsheet(data: bytes) -> list[dict[str, Any]]:
    result = feeds.parse_feed(data, url="https://relative.example/feed.xml")
    return [
        {
            "title": e.title,
            "date": _iso(e.published_at),
            "link": e.url,
            "text": repr(e),
            "plain": True,  # already plain text: a second pass would eat "<tag>" in Atom text
        }
        for e in result.entries
    ]


def _verdict(
    rows_of: Callable[[bytes], list[dict[str, Any]]], data: bytes, expected: dict[str, Any]
) -> str:
    started = time.perf_counter()
    try:
        rows = rows_of(data)
    except Exception as exc:
        return "refused" if expected.get("safe") else f"error ({type(exc).__name__})"
    elapsed = time.perf_counter() - started
    if expected.get("safe"):
        leaked = any("root:" in r["text"] or "lollollol" in r["text"] for r in rows)
        return "UNSAFE" if leaked or elapsed > 1 else "ok (not expanded)"
    problems = []
    titles = expected.get("titles")
    if titles is not None:
        if len(rows) != len(titles):
            problems.append(f"{len(rows)}/{len(titles)} entries")
        elif [r["title"] if r["plain"] else _plain(r["title"]) for r in rows] != titles:
            problems.append("titles")
    if "dates" in expected and [r["date"] for r in rows] != expected["dates"]:
        problems.append("dates")
    if "links" in expected and [r["link"] for r in rows] != expected["links"]:
        problems.append("links")
    return ", ".join(problems) or "ok"


def print_robustness() -> None:
    options = {
        "feedparser": _rows_feedparser,
        "fastfeedparser": _rows_fastfeedparser,
        "broadsheet": _rows_broadsheet,
    }
    print("## Robustness on broadsheet/feeds/tests/fixtures/feeds (same plain-text step for all)\n")
    print(f"| {'fixture':<34} | " + " | ".join(f"{name:<20}" for name in options) + " |")
    print(f"|{'-' * 36}|" + "|".join("-" * 22 for _ in options) + "|")
    totals = dict.fromkeys(options, 0)
    for name, expected in EXPECTED.items():
        data = (FIXTURES / name).read_bytes()
        cells = []
        for option, rows_of in options.items():
            verdict = _verdict(rows_of, data, expected)
            totals[option] += verdict.startswith(("ok", "refused"))
            cells.append(f"{verdict:<20}")
        print(f"| {name:<34} | " + " | ".join(cells) + " |")
    print(
        f"| {'passed':<34} | "
        + " | ".join(f"{f'{totals[o]}/{len(EXPECTED)}':<20}" for o in options)
        + " |\n"
    )


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--items", type=int, nargs="*", default=[20, 200])
    arguments.add_argument("--runs", type=int, default=5)
    options = arguments.parse_args()
    print_robustness()
    for items in options.items:
        print_speed(items, options.runs)


if __name__ == "__main__":
    main()
