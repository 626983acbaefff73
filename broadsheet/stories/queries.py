"""Read-side queries for stories: the front page ranking, related articles, coverage."""

from __future__ import annotations

import math
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection

from broadsheet.articles.models import Article
from broadsheet.stories import related_store
from broadsheet.stories.models import ArticleEntity, ArticleTopic, Story, StoryQuerySet

TOP_WINDOW = timedelta(hours=72)
CANDIDATES = 500  # stories of the window ranked for the home page
# Related articles come from the articles stored around this one (ids follow arrival): the
# cost of the page stays flat as the archive grows, and "related" means the same period.
RELATED_WINDOW = 20_000


def story_score(story: Story, *, now: datetime) -> float:
    """Breadth of coverage, decayed by age: many sources recently beats one source just now."""
    return _score(story.source_count, story.article_count, story.last_seen_at, now=now)


def _score(sources: int, articles: int, last_seen_at: datetime, *, now: datetime) -> float:
    hours = max((now - last_seen_at).total_seconds() / 3600, 0)
    return (sources**1.3 + 0.3 * math.log1p(articles)) / (hours + 2) ** 1.2


# What ranking reads of a candidate: (pk, source_count, article_count, last_seen_at).
_RANK_FIELDS = ("pk", "source_count", "article_count", "last_seen_at")


def top_stories(
    *, now: datetime, limit: int = 8, among: StoryQuerySet | None = None
) -> list[Story]:
    """Stories ranked by breadth and recency; falls back to the newest stories of any age.

    ``among`` narrows the candidates (a reader's For-you page) without changing the ranking.
    Candidates are ranked from four columns; only the chosen ``limit`` stories are loaded
    whole (building 600 model instances per request was half the home page's time).
    """
    base = (among if among is not None else Story.objects.all()).live()
    window = base.filter(last_seen_at__gte=now - TOP_WINDOW)
    # Candidates: the newest stories of the window and its broadest (an older story covered
    # by many sources can outrank a new one), so a busy window cannot hide either.
    newest = window.order_by("-last_seen_at", "-pk").values_list(*_RANK_FIELDS)
    candidates = {row[0]: row for row in newest[:CANDIDATES]}
    broadest = window.order_by("-source_count", "-last_seen_at").values_list(*_RANK_FIELDS)
    for row in broadest[: CANDIDATES // 5]:
        candidates.setdefault(row[0], row)
    recent = list(candidates.values())
    if len(recent) < limit:
        recent = list(base.order_by("-last_seen_at").values_list(*_RANK_FIELDS)[:200])
        now = max((row[3] for row in recent), default=now)
    recent.sort(key=lambda row: _score(row[1], row[2], row[3], now=now), reverse=True)
    chosen = [row[0] for row in recent[:limit]]
    stories = Story.objects.in_bulk(chosen)
    return [stories[pk] for pk in chosen if pk in stories]


def lead_articles(stories: list[Story]) -> dict[int, Article]:
    """The first original article of each story, to link and illustrate it: the stories'
    article ids in one query, then only the leads loaded (not every article of each story)."""
    first: dict[int, int] = {}
    rows = (
        Article.objects.originals()
        .filter(story__in=stories)
        .order_by("published_at", "pk")
        .values_list("story_id", "pk")
    )
    for story_id, pk in rows:
        first.setdefault(story_id, pk)
    if not first:
        return {}
    found = Article.objects.select_related("source").defer("body").in_bulk(first.values())
    return {story_id: found[pk] for story_id, pk in first.items() if pk in found}


def related_articles(
    article: Article,
    *,
    limit: int = 6,
    entity_ids: list[int] | None = None,
    topic_ids: list[int] | None = None,
) -> list[Article]:
    """Articles of OTHER stories that share entities or topics, at most one per story, no copies.

    Candidates are the RELATED_WINDOW articles stored before and after this one, ranked by
    shared strong entities, then weak ones, then shared topics, then newest. A shared entity
    is weak when one of the two articles names it only in passing (once: "according to the
    Associated Press") or when it is broad (a country, a big company: more than BROAD_SHARE
    of the nearby articles that share anything with this one share it). A weak entity alone
    does not make an article related (a hotel fire in Delhi and car-maker loans that mention
    India once); with a shared topic it does. So an article must share a strong entity, or a
    weak one and a topic, or two topics.

    The list is counted once and kept (`stories/related_store.py`): a later view reads the
    kept ids while no write could have changed them (a sharing article placed in the window,
    a merge or split moving its articles), and counts again otherwise; the answer is the
    same either way. A caller that already loaded the article's entities and topics passes
    their ids, saving two queries on the article page.
    """
    if entity_ids is None:
        entity_ids = list(article.entity_links.values_list("entity_id", flat=True))
    if topic_ids is None:
        topic_ids = list(article.topic_links.values_list("topic_id", flat=True))
    if not entity_ids and not topic_ids:
        return []
    made_with = related_store.definition_digest(
        RELATED_WINDOW, limit, RELATED_RANK_IDS, BROAD_MIN, BROAD_SHARE
    )
    kept = related_store.read_kept(
        article.pk, entity_ids, topic_ids, window=RELATED_WINDOW, made_with=made_with
    )
    if kept.ids is not None:
        found = _load_related(kept.ids)
        if _still_right(article, kept.ids, found):
            return found
    chosen = _related_ids(article, entity_ids, topic_ids, limit)
    related_store.keep(article.pk, chosen, kept, made_with=made_with)
    return _load_related(chosen)


def _load_related(ids: list[int]) -> list[Article]:
    """The articles of `ids`, in that order, with their sources (bodies left unread)."""
    loaded = Article.objects.select_related("source").defer("body").in_bulk(ids)
    return [loaded[pk] for pk in ids if pk in loaded]


def _still_right(article: Article, ids: list[int], found: list[Article]) -> bool:
    """A kept list's articles all loaded as originals of distinct stories other than this
    article's (else a row was edited or deleted by hand since: the list is counted again)."""
    stories = {a.story_id or -a.pk for a in found}
    return (
        len(found) == len(ids) == len(stories)
        and all(a.copy_of_id is None for a in found)
        and (article.story_id is None or article.story_id not in stories)
    )


def _related_ids(
    article: Article, entity_ids: list[int], topic_ids: list[int], limit: int
) -> list[int]:
    """related_articles' ids counted from the links (the kept list is not read)."""
    rank: dict[int, tuple[int, int, int]] = {}
    for key, ids in sorted(_by_rank(article, entity_ids, topic_ids).items(), reverse=True):
        rank.update((pk, key) for pk in sorted(ids)[-RELATED_RANK_IDS:])
        if len(rank) >= limit * 10:
            break
    # Counting link rows in Python and loading only the best-ranked candidates replaced one
    # query joining both link tables with COUNT(DISTINCT) over their product (15 of the
    # article page's 60 ms on the demo database). The candidates are ranked from three
    # columns; only the chosen ones are loaded whole (a model per candidate was a third of
    # the query's time at 50k articles).
    rows = Article.objects.originals().filter(pk__in=list(rank))
    if article.story_id is not None:
        rows = rows.exclude(story_id=article.story_id)
    candidates = sorted(
        rows.values_list("pk", "story_id", "published_at"),
        key=lambda row: (rank[row[0]], row[2], row[0]),
        reverse=True,
    )
    chosen: OrderedDict[int, int] = OrderedDict()
    for pk, story_id, _ in candidates:
        chosen.setdefault(story_id or -pk, pk)
        if len(chosen) >= limit:
            break
    return list(chosen.values())


# A rank holding more ids than this (one topic shared by most of the window) is read from
# its newest-stored ids only, so the rows loaded stay bounded.
RELATED_RANK_IDS = 500


def _by_rank(
    article: Article, entity_ids: list[int], topic_ids: list[int]
) -> dict[tuple[int, int, int], list[int]]:
    """The eligible articles of the window around ``article``, grouped by (strong entities,
    weak entities, topics) shared; ids in no order."""
    rows, this = _link_rows(article, entity_ids, topic_ids), article.pk
    links = [row for row in rows if row[1] == 0 and row[0] != this]
    own = {link: mentions for pk, slot, link, mentions in rows if slot == 0 and pk == this}
    topics = {pk: count for pk, slot, count, _ in rows if slot == 1}
    named = Counter(row[0] for row in links)
    nearby = _nearby(named.keys(), topics, sum(row[2] for row in rows if row[1] == 2))
    sharing = Counter(row[2] for row in links)
    broad_above = max(BROAD_MIN, BROAD_SHARE * nearby)
    # Strong links are few (named more than once here, not broad): count only their rows
    # rather than testing every link of every article (half the query's Python at 1M).
    strong_links = {
        link for link, times in own.items() if times > 1 and sharing[link] <= broad_above
    }
    strong = Counter(pk for pk, _, link, times in links if times > 1 and link in strong_links)
    ranks: dict[tuple[int, int, int], list[int]] = {}
    # Only an article with a strong entity or a topic can qualify: most of a broad entity's
    # articles (weak, no topic) are never looked at.
    for pk in strong.keys() | topics.keys():
        firm, shared_topics = strong.get(pk, 0), topics.get(pk, 0)
        weak = named.get(pk, 0) - firm
        if firm or (weak and shared_topics) or shared_topics >= 2:
            ranks.setdefault((firm, weak, shared_topics), []).append(pk)
    return ranks


def _nearby(named: Iterable[int], topics: dict[int, int], topic_links: int) -> int:
    """Articles sharing an entity or a topic, counted without a UNION over every link: the
    articles sharing a topic are its links less the repeats, and every article with a repeat
    (two topics) or an entity is among ``topics``; those sharing both are counted once.
    The UNION was a quarter of the query's time (7 of 25 ms, 21,741 articles at 1M)."""
    named = set(named)
    tagged = topic_links - sum(count - 1 for count in topics.values())
    return len(named) + tagged - len(named & topics.keys())


def _link_rows(
    article: Article, entity_ids: list[int], topic_ids: list[int]
) -> list[tuple[int, int, int, int]]:
    """One query, the counting done by the database: (article, 0, entity, mentions) for each
    shared entity link in the window (this article's own too); (article, 1, topics shared, 0)
    for each other article that shares two topics or an entity; (0, 2, topic links of the
    other articles, 0). A broad topic is on a quarter of the window: 10,000 rows that Python
    counted one by one (two thirds of the query's 57 ms at 50k articles)."""
    low, high = article.pk - RELATED_WINDOW, article.pk + RELATED_WINDOW
    named = (
        f"SELECT article_id FROM {ArticleEntity._meta.db_table} "  # noqa: S608 - names, %s only
        f"WHERE entity_id IN ({', '.join(['%s'] * len(entity_ids))}) "
        "AND article_id BETWEEN %s AND %s"
    )
    tagged = (
        f"FROM {ArticleTopic._meta.db_table} "
        f"WHERE topic_id IN ({', '.join(['%s'] * len(topic_ids))}) "
        "AND article_id BETWEEN %s AND %s AND article_id <> %s"
    )
    parts, params = [], []
    if entity_ids:
        mentions, mention_params = _mentions_read(article, entity_ids, topic_ids)
        parts.append(
            named.replace("SELECT article_id", f"SELECT article_id, 0, entity_id, {mentions}")
        )
        params += [*mention_params, *entity_ids, low, high]
    if topic_ids:
        having = "count(*) >= 2" + (f" OR article_id IN ({named})" if entity_ids else "")
        parts.append(
            f"SELECT article_id, 1, count(*), 0 {tagged} GROUP BY article_id HAVING {having}"
        )
        params += [*topic_ids, low, high, article.pk, *(entity_ids and [*entity_ids, low, high])]
        parts.append(f"SELECT 0, 2, count(*), 0 {tagged}")
        params += [*topic_ids, low, high, article.pk]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def _mentions_read(
    article: Article, entity_ids: list[int], topic_ids: list[int]
) -> tuple[str, list[float]]:
    """The SQL for an entity link's mentions and its parameters: read only for an entity that
    could be strong (this article names it more than once and it is not surely broad, its
    links in the window at most BROAD_SHARE of all the window's entity and topic links, a
    bound on the articles sharing anything); 1 for the others, whose mentions decide nothing.
    SQLite then reads those links from the (entity, article) index alone, not the table: the
    broad entity's 6,300 links at 1M went 6.3 -> 3.3 ms."""
    low, high = article.pk - RELATED_WINDOW, article.pk + RELATED_WINDOW
    table, window = ArticleEntity._meta.db_table, "article_id BETWEEN %s AND %s"
    links = [f"SELECT count(*) FROM {table} WHERE entity_id IN ({_marks(entity_ids)})"]  # noqa: S608
    params = [*entity_ids, low, high]
    if topic_ids:
        topics = ArticleTopic._meta.db_table
        links.append(f"SELECT count(*) FROM {topics} WHERE topic_id IN ({_marks(topic_ids)})")  # noqa: S608
        params += [*topic_ids, low, high]
    upper = " + ".join(f"({part} AND {window})" for part in links)
    capable = (
        f"SELECT entity_id FROM (SELECT own.entity_id, (SELECT count(*) - 1 FROM {table} near "  # noqa: S608
        f"WHERE near.entity_id = own.entity_id AND near.{window}) AS sharing FROM {table} own "
        "WHERE own.article_id = %s AND own.mentions > 1) AS capable "
        f"WHERE sharing <= %s OR sharing <= %s * ({upper})"
    )
    sql = f"CASE WHEN entity_id IN ({capable}) THEN mentions ELSE 1 END"
    return sql, [low, high, article.pk, BROAD_MIN, BROAD_SHARE, *params]


def _marks(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids))


# An entity is broad when more than BROAD_MIN articles, and more than BROAD_SHARE of all the
# articles around this one that share anything with it, share that entity.
BROAD_MIN = 3
BROAD_SHARE = 0.2


@dataclass(frozen=True)
class Coverage:
    """One original article of a story and the publishers that ran copies of it."""

    article: Article
    copies: list[Article]


def story_coverage(story: Story) -> list[Coverage]:
    """The story's articles in time order, each original with its folded copies."""
    members = list(
        Article.objects.filter(story=story)
        .select_related("source")
        .defer("body")
        .order_by("published_at", "pk")
    )
    copies: dict[int, list[Article]] = {}
    for member in members:
        if member.copy_of_id is not None:
            copies.setdefault(member.copy_of_id, []).append(member)
    ids = {m.pk for m in members}
    return [
        Coverage(m, copies.get(m.pk, []))
        for m in members
        if m.copy_of_id is None or m.copy_of_id not in ids
    ]
