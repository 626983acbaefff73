"""A realistic small newsroom for page tests: a story told by several sources, copies,
another story, topics and entities from the real enrichment, an Arabic and a French article,
and lead images served by a loopback "publisher" image server."""

from __future__ import annotations

import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils import timezone

from broadsheet.articles.drafts import ArticleDraft
from broadsheet.articles.models import Article
from broadsheet.articles.services import upsert_article
from broadsheet.search import get_backend
from broadsheet.sources.models import Feed, Source
from broadsheet.stories.models import Story
from broadsheet.stories.placement import place_articles
from broadsheet.stories.tests.test_story_assignment import ELECTION, QUAKE, QUAKE_2

ARABIC_TITLE = "زلزال بقوة 6.4 درجات يضرب جنوب بيرو ويقتل أربعة أشخاص"
ARABIC_BODY = (
    "ضرب زلزال بقوة 6.4 درجات ساحل جنوب بيرو قرب مدينة أريكيبا يوم الاثنين، ما أدى إلى مقتل "
    "أربعة أشخاص على الأقل وتضرر مئات المنازل، بحسب ما أفاد به المسؤولون.\n\n"
    "وشعر السكان بالهزة في العاصمة ليما، وأرسلت الوكالة الوطنية للطوارئ فرق إنقاذ إلى إقليم "
    "كارافيلي حيث أغلقت الانهيارات الأرضية الطرق."
)
FRENCH_BODY = (
    "Les électeurs finlandais ont élu dimanche un nouveau parlement, et le Parti "
    "social-démocrate a obtenu le plus grand nombre de sièges pour la première fois depuis "
    "vingt ans, juste devant le parti nationaliste des Finlandais.\n\n"
    "Antti Rinne, chef des sociaux-démocrates, a annoncé qu'il ouvrirait cette semaine des "
    "négociations de coalition avec tous les partis."
)


@dataclass
class Newsroom:
    """The stored articles a page test looks at."""

    quake: Article
    follow: Article
    election: Article
    arabic: Article
    french: Article


def story_of(article: Article) -> Story:
    """The story an article was placed in (every newsroom article has one)."""
    assert article.story_id is not None, article.title
    return Story.objects.get(pk=article.story_id)


def _png(width: int, height: int) -> bytes:
    """A gradient PNG, built by hand so no image library is needed."""
    raw = b"".join(
        b"\x00" + bytes((60 + y * 120 // height, 100, 150 - y * 90 // height)) * width
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@contextmanager
def image_server() -> Iterator[str]:
    """A publisher's image host on loopback; yields its base URL."""
    picture = _png(800, 450)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(picture)))
            self.end_headers()
            self.wfile.write(picture)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _store(
    title: str, body: str, *, source: str, n: int, hours_ago: float = 1, **extra: str
) -> Article:
    src, _ = Source.objects.get_or_create(
        slug=source, defaults={"name": source.replace("-", " ").title()}
    )
    feed, _ = Feed.objects.get_or_create(
        url=f"https://{source}.example/feed", defaults={"source": src}
    )
    now = timezone.now()
    values: dict = dict(
        url=f"https://{source}.example/{n}", entry_key=str(n), title=title, author="",
        summary="", body=body, status="ok", language="en", image_url="",
        word_count=len(body.split()), published_at=now - timedelta(hours=hours_ago),
        updated_at=None, fetched_at=now, entry_updated_at=None,
    )  # fmt: skip
    values.update(extra)
    return upsert_article(ArticleDraft(**values), source=src, feed=feed)


def build_newsroom(*, image_base: str = "", filler: int = 0) -> Newsroom:
    """Store, enrich and index the newsroom; `filler` adds that many more one-off articles."""
    image = f"{image_base}/lead.png" if image_base else ""
    quake = _store(
        "Earthquake kills four in southern Peru", QUAKE, source="andes-daily", n=1,
        hours_ago=5, author="María Quispe", image_url=image, summary=QUAKE.split(". ")[0] + ".",
    )  # fmt: skip
    follow = _store(
        "Peru quake: rescuers search homes near Arequipa", QUAKE_2, source="pacific-post", n=2
    )
    copy = _store(
        "Peru earthquake damage", QUAKE.replace("officials said", "the agency said"),
        source="reprint-wire", n=3,
    )  # fmt: skip
    arabic = _store(
        ARABIC_TITLE, ARABIC_BODY, source="al-sahel", n=4, language="ar", image_url=image
    )
    election = _store("Social Democrats win Finnish election", ELECTION, source="nordic-times", n=5)
    french = _store(
        "Les sociaux-démocrates remportent les législatives finlandaises", FRENCH_BODY,
        source="le-nord", n=6, language="fr", hours_ago=2,
    )  # fmt: skip
    extra = [
        _store(f"Harbour report number {i}", f"The harbour opened berth {i} on Friday. " * 6,
               source=f"harbour-{i % 4}", n=100 + i, hours_ago=10 + i)
        for i in range(filler)
    ]  # fmt: skip
    ids = [a.pk for a in (quake, follow, copy, arabic, election, french, *extra)]
    place_articles(ids)
    get_backend().index_articles(ids)
    fresh = Article.objects.in_bulk(ids)
    return Newsroom(
        quake=fresh[quake.pk],
        follow=fresh[follow.pk],
        election=fresh[election.pk],
        arabic=fresh[arabic.pk],
        french=fresh[french.pk],
    )
