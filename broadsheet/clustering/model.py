"""Plain data for story clustering: the article in, the settings, the assignment out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .vectors import VectorConfig


@dataclass(frozen=True)
class Doc:
    """One article as the clusterer sees it; `text` may be empty and `published_at` unknown."""

    title: str
    text: str = ""
    source: str = ""
    url: str | None = None
    published_at: datetime | None = None
    language: str | None = None


@dataclass(frozen=True)
class Assignment:
    """The story an article joined, the stories its arrival merged (absorbed -> survivor), and
    the earlier articles a split moved with it into `story` (key -> story they left), and the
    story it continues, if any."""

    story: int
    merged_into: dict[int, int] = field(default_factory=dict)
    # Earlier articles that left their story with this one, to `story` (key -> old story).
    moved: dict[str, int] = field(default_factory=dict)
    # The story this article would have joined by content but whose event lies too far
    # from its own in time: the earlier (or later) chapter of a continuing story.
    follows: int | None = None


@dataclass(frozen=True)
class ClusterConfig:
    """Settings of the online story clusterer (one configuration serves full texts and headlines).

    Similarities are cosines of TF-IDF vectors. A full text shares many words with its story,
    a bare headline only a few, so each threshold runs from its `*_headline` value for an
    article with one term to its full-text value for `full_text_terms` terms or more.
    """

    vectors: VectorConfig = field(default_factory=VectorConfig)
    # Join the best candidate story when cosine / expected cosine of a member reaches this.
    assign_threshold: float = 0.20
    assign_threshold_headline: float = 0.03
    full_text_terms: int = 50
    # A bigger story's centroid is less noisy, so a true member scores higher against it; the
    # bar rises with size as for stories whose members have this mean pairwise similarity.
    story_cohesion: float = 0.5
    # Merge two stories when their mean cross similarity reaches this share of their own
    # cohesion (average-link, relative to how tight each story is).
    merge_threshold: float = 0.70
    merge_threshold_headline: float = 0.15
    prior_cohesion: float = 0.3  # cohesion assumed for a story of one (weight of one pair)
    # Numbers in the lead (headline + first `number_lead_words` words) of an article and of a
    # story's members: sharing none scales the similarity by `number_mismatch`, sharing one
    # by `number_match`; no numbers on either side, no change.
    number_lead_words: int = 100
    number_match: float = 1.0
    number_mismatch: float = 0.7
    # Headline roles (roles.py): a full text whose headline's actor differs from every actor
    # of a story's headlines, neither naming the other's (or one actor, different objects),
    # scores this factor against a story of at most `role_story_members` (thin evidence);
    # the same weighs the cross similarity of a merge with such a story. Bare headlines
    # (under `full_text_terms`) are left alone: their few words already carry the names.
    role_mismatch: float = 0.3
    role_headline_words: int = 12  # a longer title is a lead sentence: no roles read from it
    role_story_members: int = 2
    # Split: after an article joins a story of full texts, the movable members (of the
    # story's `split_members` most recent) closer to it than to the rest (two-means, each
    # mean's cosine taken relative to what a member reaches with a mean of that many, as
    # for joins with `story_cohesion`) leave with it for a new story, when they are at most
    # `split_max`, at least `split_min_rest` stay, and the groups' mean cross similarity
    # (x `number_mismatch` when their lead numbers differ) is under `split_threshold` of
    # their cohesion. It undoes the first article of a look-alike event joining a story
    # while the evidence was thin. No split moves an article twice (see `regather_*`), and
    # the two stories never merge.
    split_threshold: float = 0.55
    split_threshold_headline: float = 0.0
    split_max: int = 10
    split_min_rest: int = 2
    split_members: int = 16
    split_rounds: int = 3
    # No split when at least half of the group's written lead dates (eventtime.written_date)
    # lie within this many days of one of the rest's: reports that write the same dates
    # tell of one event (its first reports and its follow-ups apart). 0 turns it off.
    split_written_days: float = 3.0
    # The split's groups focus on two actors around one shared name, each naming the other's
    # only in passing (focus.py: two clubs' offers to one player): their cross similarity
    # counts this much. 1 turns it off.
    focus_split: float = 0.7
    # Regather (regather.py): when a story with split siblings grows, each sibling's
    # `regather_members` latest members move into it if they fit its mean better than their
    # own's (both relative to the cosine a true member reaches) and most of their
    # `regather_neighbours` nearest members are in it. 0 turns it off.
    regather_members: int = 16
    regather_neighbours: int = 5
    # Bare headlines (meaning.py): a join score with a story of headlines is scaled by
    # (cosine of the sentence vectors / `meaning_join`) ** 2, at most 1, and two stories of
    # headlines whose mean vectors reach `meaning_merge` merge at the full-text bar scaled by
    # evidence alone. 0 turns it off (so does a missing model package).
    meaning_join: float = 0.5
    meaning_merge: float = 0.5
    # A full text scoring at least `headline_match_low` of the join bar with one of its two
    # best stories (of `headline_match_min_size` members or more, no conflicting headline
    # roles), but under the bar, joins it when its headline reaches cosine `headline_match`
    # with one of the story's `headline_match_members` latest headlines (headline_match.py).
    # 0 turns it off.
    headline_match: float = 0.4
    headline_match_low: float = 0.6
    headline_match_min_size: int = 2
    headline_match_members: int = 8
    # A story of one (full text) merges into a candidate story it would join now.
    join_single: bool = True
    merge_candidates: int = 5  # other candidate stories checked for a merge after each article
    merge_trigger: float = 0.5  # ...if the article scores this share of the assign threshold there
    # Candidate retrieval: the article's top terms look up stories posted under them.
    query_terms: int = 12
    index_terms: int = 12  # terms each article posts its story under
    posting_depth: int = 64  # most recent stories read per term
    scored_candidates: int = 12  # candidates scored exactly, after a cheap overlap ranking
    centroid_terms: int = 300  # a story centroid is pruned back to this many terms
    # No story spans more than this in event time: an article whose event lies further from
    # a story's first or last event does not join it, and two such stories never merge.
    story_span: timedelta = timedelta(days=14)
    # A closed story is kept in brief this long; a new story whose first article reaches
    # this cosine with one continues it (linked as its later chapter, never merged).
    chapter_keep: timedelta = timedelta(days=365)
    chapter_threshold: float = 0.35
    chapter_limit: int = 20_000  # closed stories kept in brief at most
    # A story of `burst_members` or more, quiet for longer than `burst_quiet` and than
    # `burst_ratio` times the span its articles took to arrive, has ended its burst of
    # coverage (bursts.py): a later article opens its next chapter instead of joining it.
    # 0 members turns it off.
    burst_members: int = 5
    burst_quiet: timedelta = timedelta(hours=12)
    burst_ratio: float = 4.0
    # The window: stories idle longer than this are closed; articles older leave the index.
    window: timedelta = timedelta(days=3)
    max_docs: int = 50_000  # articles kept in the window at most (the only bound without dates)
    # The newest arrivals stay in the window whatever their dates: a start-up backlog polled
    # feed by feed (each newest first) arrives out of time order, and one feed's newest article
    # would otherwise close every story the next feeds' older articles belong to.
    min_docs: int = 2_000
    df_bucket_size: int = 2000
