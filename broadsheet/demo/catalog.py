"""The bundled Wikinews corpus split among fictional demo publishers, with stable URLs and GUIDs."""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
CORPUS_FILES = ("wikinews_en_demo.jsonl", "wikinews_en_gum.jsonl")
LICENCE_URL = "https://creativecommons.org/licenses/by/2.5/"
ATTRIBUTION = (
    "Text from Wikinews (https://en.wikinews.org), by Wikinews contributors, "
    "licensed CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/); articles reformatted"
)

_SENTENCE_GAP = re.compile(r"(?<=[.!?])([\"'”’)]?) +(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.)+|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Inc|Corp|Co|Ltd|No|vs|Gen|Sen|Rep|"
    r"Gov|Lt|Col|Capt|Sgt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est)\.)$"
)


@dataclass(frozen=True)
class PublisherSpec:
    """A fictional publisher: its name, feed format and URL habits."""

    slug: str
    name: str
    country: str
    tagline: str
    feed_format: str  # "rss2", "atom", "jsonfeed" or "rdf"
    feed_path: str
    has_full_content: bool
    url_style: str
    tracking: str  # query string appended to article links in the feed, "" for none


PUBLISHERS: tuple[PublisherSpec, ...] = (
    PublisherSpec(
        slug="morning-ledger",
        name="The Morning Ledger",
        country="US",
        tagline="Independent news since breakfast",
        feed_format="rss2",
        feed_path="/feed.xml",
        has_full_content=True,
        url_style="dated",
        tracking="",
    ),
    PublisherSpec(
        slug="harbour-wire",
        name="Harbour Wire",
        country="AU",
        tagline="News from every port",
        feed_format="atom",
        feed_path="/atom.xml",
        has_full_content=True,
        url_style="numeric",
        tracking="",
    ),
    PublisherSpec(
        slug="northern-gazette",
        name="Northern Gazette",
        country="GB",
        tagline="Serving the North since 1887",
        feed_format="rdf",
        feed_path="/index.rdf",
        has_full_content=False,
        url_style="slug",
        tracking="utm_source=rss&utm_medium=feed&utm_campaign=latest",
    ),
    PublisherSpec(
        slug="daily-meridian",
        name="Daily Meridian",
        country="CA",
        tagline="The world, noon to noon",
        feed_format="jsonfeed",
        feed_path="/feed.json",
        has_full_content=True,
        url_style="section",
        tracking="",
    ),
    PublisherSpec(
        slug="open-press-review",
        name="Open Press Review",
        country="NZ",
        tagline="Read the whole story on our site",
        feed_format="rss2",
        feed_path="/rss/latest.xml",
        has_full_content=False,
        url_style="wordpress",
        tracking="utm_source=rss&utm_medium=rss&utm_campaign=latest-news",
    ),
)


@dataclass(frozen=True)
class DemoArticle:
    """One corpus article as a demo publisher serves it; everything here is stable across runs."""

    number: int  # 1-based position in release order (date order over the whole corpus)
    publisher: str
    guid: str
    path: str
    title: str
    paragraphs: tuple[str, ...]
    original_published: datetime
    source_url: str
    author: str
    genre: str
    topic: str | None
    corpus_id: str

    @property
    def section(self) -> str:
        """The site section the article is filed under."""
        if self.topic is not None:
            return "Business"
        return "Interviews" if self.genre == "interview" else "World"


def load_corpus() -> list[dict]:
    """All bundled Wikinews records (both files), sorted by date then id."""
    records: list[dict] = []
    for name in CORPUS_FILES:
        with (CORPUS_DIR / name).open(encoding="utf-8") as handle:
            records.extend(json.loads(line) for line in handle if line.strip())
    records.sort(key=lambda record: (record["date"], record["id"]))
    return records


def split_sentences(text: str) -> list[str]:
    """`text` cut into sentences; joining them with single spaces gives `text` back."""
    sentences: list[str] = []
    start = 0
    for gap in _SENTENCE_GAP.finditer(text):
        end = gap.start() + len(gap.group(1))
        if _ABBREVIATION.search(text[start:end]):
            continue
        sentences.append(text[start:end])
        start = gap.end()
    sentences.append(text[start:])
    return [sentence for sentence in sentences if sentence]


def group_sentences(sentences: Sequence[str], *, per_paragraph: float = 3.5) -> list[str]:
    """Sentences packed evenly into paragraphs of about `per_paragraph` sentences."""
    count = max(1, round(len(sentences) / per_paragraph))
    size, extra = divmod(len(sentences), count)
    paragraphs = []
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        paragraphs.append(" ".join(sentences[start:end]))
        start = end
    return [paragraph for paragraph in paragraphs if paragraph]


def article_paragraphs(record: dict) -> list[str]:
    """The body of a corpus record as display paragraphs."""
    text = record["text"].strip()
    if record.get("text_format") == "sentences":
        # The SemEval/MEANTIME texts lost their paragraph breaks; regroup them for a readable page.
        return group_sentences(split_sentences(text))
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def slugify(title: str, *, limit: int = 80) -> str:
    """An ASCII URL slug for `title`, cut at a word boundary."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "article"


def article_path(spec: PublisherSpec, *, number: int, slug: str, day: date) -> str:
    """The URL path of an article page in the publisher's own scheme."""
    if spec.url_style == "dated":
        return f"/{day:%Y/%m/%d}/{slug}.html"
    if spec.url_style == "numeric":
        return f"/news/{100000 + number}"
    if spec.url_style == "slug":
        return f"/articles/{slug}"
    if spec.url_style == "section":
        return f"/stories/{day:%Y}/{day:%m}/{slug}-{number}"
    if spec.url_style == "wordpress":
        return f"/{day:%Y}/{day:%m}/{slug}/"
    raise ValueError(f"unknown url style {spec.url_style!r}")


def article_guid(spec: PublisherSpec, *, number: int, corpus_id: str) -> str:
    """The feed GUID of an article: never contains host or port, so it survives a restart."""
    if spec.feed_format == "atom":
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"broadsheet-demo:{corpus_id}"))
    if spec.feed_format == "jsonfeed":
        return str(number)
    return f"urn:{spec.slug}:article:{number}"


def build_catalog(
    records: Iterable[dict], *, publishers: Sequence[PublisherSpec] = PUBLISHERS
) -> list[DemoArticle]:
    """Corpus records dealt round-robin, in date order, to the publishers."""
    articles: list[DemoArticle] = []
    seen_paths: set[tuple[str, str]] = set()
    per_day: dict[str, int] = {}
    for index, record in enumerate(records):
        spec = publishers[index % len(publishers)]
        number = index + 1
        day = date.fromisoformat(record["date"])
        slug = slugify(record["title"])
        path = article_path(spec, number=number, slug=slug, day=day)
        if (spec.slug, path) in seen_paths:
            path = article_path(spec, number=number, slug=f"{slug}-{number}", day=day)
        seen_paths.add((spec.slug, path))
        # The corpus only knows the day; spread same-day articles over the afternoon to keep order.
        rank = per_day.get(record["date"], 0)
        per_day[record["date"]] = rank + 1
        published = datetime.combine(day, time(12, 0), tzinfo=UTC) + timedelta(minutes=7 * rank)
        articles.append(
            DemoArticle(
                number=number,
                publisher=spec.slug,
                guid=article_guid(spec, number=number, corpus_id=record["id"]),
                path=path,
                title=record["title"],
                paragraphs=tuple(article_paragraphs(record)),
                original_published=published,
                source_url=record["url"],
                author="Wikinews contributors",
                genre=record.get("genre", "news"),
                topic=record.get("topic_group"),
                corpus_id=record["id"],
            )
        )
    return articles


def summarize(paragraphs: Sequence[str], *, limit: int) -> str:
    """The first paragraph cut to at most `limit` characters at a word boundary."""
    lead = paragraphs[0] if paragraphs else ""
    if len(lead) <= limit:
        return lead
    return lead[:limit].rsplit(" ", 1)[0].rstrip(",;:-") + "…"
