"""A full text that just misses a story joins it when its headline says what a member's did.

A body carries background, quotes and context that vary from one outlet to the next: two
reports of one event can share fewer body words than the join bar asks, while their
headlines (or lead sentences) name the same event in the same words. When the best
candidate stories of a full text score at least `headline_match_low` of the join bar but
below it, the article's headline is compared with the headlines of each such story's
`headline_match_members` most recent members (TF-IDF over the headline words only, with the
window's document frequencies); a cosine of `headline_match` or more with one of them lifts
that story to the bar. Only stories of `headline_match_min_size` members or more are
rescued (a story of one has a single headline to go by, and two look-alike events' first
reports often share headline words), and never one whose headline roles conflict with the
article's (another actor: Sanders' and Trump's Nevada wins). Bare headlines are left alone
(their whole vector already is the headline, and their meaning factor judges them).

Cost: only articles in the band pay, a few short headlines turned into vectors (no model).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from .roles import roles_conflict
from .vectors import DocumentFrequencies, SparseVector, TermCounter, dot, weigh_terms

if TYPE_CHECKING:
    from .live_stories import Story
    from .member import Member
    from .model import ClusterConfig
    from .roles import Roles

Scored = list[tuple[float, "Story"]]


class HeadlineMatch:
    """Judges a full text's near misses by headlines (one per clusterer: its words and
    document frequencies)."""

    def __init__(self, terms: TermCounter, df: DocumentFrequencies, config: ClusterConfig):
        self.terms = terms
        self.df = df
        self.config = config

    def vector(self, title: str) -> SparseVector:
        """The TF-IDF vector of headline `title` alone."""
        counts = self.terms.count(title, "")
        return weigh_terms(counts, self.df, max_terms=self.config.vectors.max_terms)

    def rescue(
        self,
        scored: Scored,
        threshold: float,
        *,
        title: str,
        roles: Roles,
        articles: Mapping[str, Member],
    ) -> Scored:
        """`scored` (best first) with the first story of the top two in the band whose
        recent headlines match `title` lifted to `threshold` and put first; unchanged
        otherwise."""
        config = self.config
        if not scored or scored[0][0] >= threshold or config.headline_match <= 0:
            return scored
        low = config.headline_match_low * threshold
        article: SparseVector | None = None
        for n, (score, story) in enumerate(scored[:2]):
            if score < low or story.size < config.headline_match_min_size:
                continue
            if roles_conflict(roles.sides(), story.roles()):
                continue
            if article is None:
                article = self.vector(title)
            titles = _recent_titles(story, articles, config.headline_match_members)
            if any(dot(article, self.vector(t)) >= config.headline_match for t in titles):
                return [(threshold, story)] + scored[:n] + scored[n + 1 :]
        return scored


def _recent_titles(story: Story, articles: Mapping[str, Member], limit: int) -> Sequence[str]:
    """The headlines of the story's `limit` most recent members still in it."""
    titles = []
    for key in islice(reversed(story.members), limit):
        member = articles.get(key)
        if member is not None and member.story == story.sid and member.title:
            titles.append(member.title)
    return titles
