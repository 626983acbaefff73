"""A whole list of articles clustered at once: the seam the story sets are scored through."""

from __future__ import annotations

from collections.abc import Sequence

from .clusterer import StoryClusterer
from .model import ClusterConfig, Doc


def cluster_articles(docs: Sequence[Doc], config: ClusterConfig | None = None) -> list[int]:
    """Final story of each of `docs`: StoryClusterer run over them in order, merges applied."""
    clusterer = StoryClusterer(config)
    labels: list[int] = []
    survivor: dict[int, int] = {}
    for n, doc in enumerate(docs):
        assignment = clusterer.add(doc, key=str(n))
        labels.append(assignment.story)
        for key in assignment.moved:
            labels[int(key)] = assignment.story
        survivor.update(assignment.merged_into)

    def resolve(story: int) -> int:
        while story in survivor:
            story = survivor[story]
        return story

    return [resolve(label) for label in labels]
