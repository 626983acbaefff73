"""Story clustering and near-copy detection for incoming articles (pure Python, no Django)."""

from .batch import cluster_articles
from .clusterer import StoryClusterer
from .model import Assignment, ClusterConfig, Doc
from .nearcopy import NearCopyIndex, text_signature

__all__ = [
    "Assignment",
    "ClusterConfig",
    "Doc",
    "NearCopyIndex",
    "StoryClusterer",
    "cluster_articles",
    "text_signature",
]
