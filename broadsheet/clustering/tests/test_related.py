"""Related articles come from other stories, never the article's own, one per story."""

from __future__ import annotations

from broadsheet.clustering import StoryClusterer

from .corpus import as_doc, load_records


def test_related_never_returns_articles_of_the_same_story() -> None:
    clusterer = StoryClusterer()
    records = [r for r in load_records() if r.get("topic_group")]
    for n, record in enumerate(records):
        clusterer.add(as_doc(record, dated=False), key=str(n))
    seen_any = False
    for n in range(len(records)):
        key = str(n)
        related = clusterer.related(key, limit=6)
        stories = [clusterer.story_of(other) for other, _ in related]
        assert clusterer.story_of(key) not in stories
        assert len(stories) == len(set(stories))
        assert [score for _, score in related] == sorted((s for _, s in related), reverse=True)
        seen_any = seen_any or bool(related)
    assert seen_any
