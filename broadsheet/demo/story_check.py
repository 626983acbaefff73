"""Does the demo tell the truth? Cluster the bundled corpus with its true dates and check the pairs.

Every Wikinews article reports its own event, so two demo articles belong in one story only
when they report the same event or one follows the other within days. Those few pairs are
labelled by hand in `story_pairs.json` (corpus ids); any other pair a story holds is a wrong
join. The check reports pairwise precision, the wrong pairs and the stories whose articles'
own dates lie more than `MAX_SPAN` apart, for the corpus in date order with its true dates
and as a new install receives it from the demo publishers (release order, shown dates).
Pure: no Django, no network.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from pathlib import Path

from broadsheet.clustering import Doc, cluster_articles
from broadsheet.demo.catalog import PUBLISHERS, DemoArticle, build_catalog, load_corpus
from broadsheet.demo.chronology import release_order, shown_times
from broadsheet.demo.publishers import INITIAL_PER_PUBLISHER

PAIRS_FILE = Path(__file__).resolve().parent / "story_pairs.json"
MAX_SPAN = timedelta(days=14)
SERVED_AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # any start time gives the same stories


@dataclass(frozen=True)
class DemoStoryCheck:
    """What clustering the demo corpus with its true dates gives."""

    pairs: int  # pairs of articles that share a story
    right: int  # of them, labelled the same event or a close follow-up
    wrong_pairs: list[tuple[str, str]]  # the other pairs (corpus ids)
    wide_stories: list[list[str]]  # stories whose articles' dates lie more than MAX_SPAN apart
    stories: int  # stories of two or more articles

    @property
    def precision(self) -> float:
        """Share of joined pairs that are right (1.0 when nothing was joined)."""
        return self.right / self.pairs if self.pairs else 1.0


def load_labelled_pairs(path: Path = PAIRS_FILE) -> set[frozenset[str]]:
    """The hand-labelled pairs (corpus ids) that may share a story."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {frozenset((row["a"], row["b"])) for row in data["pairs"]}


def demo_docs() -> list[tuple[DemoArticle, Doc]]:
    """The demo articles in corpus date order, as Docs with their true (corpus) dates."""
    return [
        (
            article,
            Doc(
                title=article.title,
                text="\n\n".join(article.paragraphs),
                source=article.publisher,
                url=article.source_url,
                published_at=article.original_published,
                language="en",
            ),
        )
        for article in build_catalog(load_corpus())
    ]


def served_docs(
    *, initial: int = INITIAL_PER_PUBLISHER * len(PUBLISHERS), newest_at: datetime = SERVED_AT
) -> list[tuple[DemoArticle, Doc]]:
    """The demo articles as a new install receives them: in release order (the newest
    `initial` first, then the rest from the oldest on), with the dates the publishers show."""
    items = demo_docs()
    shown = shown_times([article.original_published for article, _ in items], newest_at=newest_at)
    return [
        (items[i][0], replace(items[i][1], published_at=shown[i]))
        for i in release_order(len(items), initial=initial)
    ]


def check_demo_stories(
    articles: Sequence[DemoArticle], labels: Sequence[int], labelled: set[frozenset[str]]
) -> DemoStoryCheck:
    """Score story `labels` (one per article) against the `labelled` pairs."""
    groups: dict[int, list[DemoArticle]] = defaultdict(list)
    for article, label in zip(articles, labels, strict=True):
        groups[label].append(article)
    pairs = right = 0
    wrong: list[tuple[str, str]] = []
    wide: list[list[str]] = []
    multi = [members for members in groups.values() if len(members) > 1]
    for members in multi:
        for one, other in combinations(members, 2):
            pairs += 1
            if frozenset((one.corpus_id, other.corpus_id)) in labelled:
                right += 1
            else:
                wrong.append((one.corpus_id, other.corpus_id))
        days = [article.original_published.date() for article in members]
        if _span(days) > MAX_SPAN:
            wide.append([article.corpus_id for article in members])
    return DemoStoryCheck(pairs, right, wrong, wide, len(multi))


def _span(days: Sequence[date]) -> timedelta:
    return max(days) - min(days)


def run_demo_check(*, served: bool = False) -> DemoStoryCheck:
    """Cluster the demo corpus in date order with its true dates (or, `served`, as the demo
    publishers serve it), exactly as the product does."""
    items = served_docs() if served else demo_docs()
    labels = cluster_articles([doc for _, doc in items])
    return check_demo_stories([article for article, _ in items], labels, load_labelled_pairs())
