"""A whole list of articles clustered at once: the seam the story sets are scored through."""

from __future__ import annotations

from collections.abc import Sequence

from .clusterer import StoryClusterer
from .model import ClusterConfig, Doc

_AHEAD = 64  # articles whose bare headlines are encoded together


def cluster_articles(docs: Sequence[Doc], config: ClusterConfig | None = None) -> list[int]:
    """Final story of each of `docs`: StoryClusterer run over them in order, merges applied."""
    clusterer = StoryClusterer(config)
    labels: list[int] = []
    survivor: dict[int, int] = {}
    for n, doc in enumerate(docs):
        if n % _AHEAD == 0:  # the model encodes a batch of headlines faster than one by one
            clusterer.prefetch(docs[n : n + _AHEAD])
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
