"""cluster_articles: the public seam, one label per document in arrival order."""

from __future__ import annotations

from datetime import UTC, datetime

from broadsheet.clustering import ClusterConfig, Doc, cluster_articles

from .corpus import as_doc, load_records


def test_cluster_articles_handles_empty_text_and_missing_dates() -> None:
    docs = [
        Doc(title="Ferry service resumes after storm", text="", source="a", url=None),
        Doc(title="", text="", source="b", url="https://b.example/1", published_at=None),
        Doc(
            title="Ferry service resumes after the storm",
            text="",
            source="c",
            url="https://c.example/2",
            published_at=datetime(2024, 3, 1, 12, tzinfo=UTC),
            language=None,
        ),
        Doc(title="Naive dates are read as UTC", published_at=datetime(2024, 3, 1, 13)),
    ]
    labels = cluster_articles(docs)
    assert len(labels) == 4
    assert labels[0] == labels[2]


def test_cluster_articles_returns_nothing_for_nothing() -> None:
    assert cluster_articles([]) == []


def test_cluster_articles_keeps_unrelated_articles_apart() -> None:
    records = [r for r in load_records() if not r.get("topic_group")][:60]
    labels = cluster_articles([as_doc(r) for r in records])
    assert len(set(labels)) >= 50


def test_cluster_articles_runs_with_the_given_configuration() -> None:
    docs = [
        Doc(title="Ferry service resumes after storm", text="", source="a"),
        Doc(title="Ferry service resumes after the storm", text="", source="b"),
    ]
    assert len(set(cluster_articles(docs))) == 1
    never_join = ClusterConfig(assign_threshold=2.0, assign_threshold_headline=2.0)
    assert len(set(cluster_articles(docs, never_join))) == 2
