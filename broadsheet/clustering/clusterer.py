"""Online story clustering: each article joins a story on arrival; stories only ever merge.

How an article is placed:

1. It becomes a unit TF-IDF vector (headline, names and numbers weighted up; document
   frequencies from the articles in the window, seeded by a bundled background list).
2. Its heaviest terms look up the stories of the window in an inverted index; the few
   stories sharing the most weight are scored by cosine with their centroid, divided by
   the cosine a true member is expected to reach (a larger story's centroid is less noisy).
3. It joins the best story above the threshold, or opens a new one.
4. Split: the story's recent members closer to it than to the rest of the story (two-means)
   leave with it for a new story, once, if they are few and stand apart (cross similarity
   well under the groups' cohesion, figures differing). This undoes the first article of a
   look-alike event joining while the evidence was thin; no split moves an article twice,
   and the two stories never merge. A member left on the wrong side moves into the other
   story when it grows to show it belongs there (regather.py). Otherwise an article moves
   only by merges.
5. The story it joined is compared with the other candidates: when their mean cross
   similarity is close to their own cohesion (average-link), the younger story is merged
   into the older one, whose label survives.

The window (time when articles carry dates, a count otherwise) bounds the work and the
memory: older articles leave the index, and a story whose last article left is closed.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import islice

from .background import load_word_stats
from .bursts import burst_ended, bursts_apart
from .chapters import ChapterIndex
from .eventtime import event_time, written_date
from .focus import focus_apart, focus_names
from .headline_match import HeadlineMatch
from .live_stories import Story, StoryIndex, would_join
from .meaning import HeadlineMeaning, Sense
from .member import Member
from .model import Assignment, ClusterConfig, Doc
from .regather import regather
from .related import nearest_members
from .roles import RoleReader, Roles, roles_conflict
from .split import cross_and_own, dates_agree, seed_group, two_means, vector_sum
from .tokens import lead_numbers
from .vectors import DocumentFrequencies, SparseVector, TermCounter, dot, weigh_terms


def _lerp(low: float, high: float, share: float) -> float:
    return low + (high - low) * share


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


class StoryClusterer:
    """Assigns articles to stories as they arrive (one instance per process, arrival order)."""

    def __init__(self, config: ClusterConfig | None = None) -> None:
        self.config = config or ClusterConfig()
        self._stats = load_word_stats()
        self._terms = TermCounter(self.config.vectors, self._stats)
        self._roles = RoleReader(self._stats, max_words=self.config.role_headline_words)
        self._df = DocumentFrequencies(self._stats, bucket_size=self.config.df_bucket_size)
        self._index = StoryIndex(depth=self.config.posting_depth)
        self._headlines = HeadlineMatch(self._terms, self._df, self.config)
        self._stories: dict[int, Story] = {}
        self._articles: dict[str, Member] = {}
        self._queue: deque[Member] = deque()
        self._seq = 0
        self._next_story = 0
        self._clock: datetime | None = None
        self._chapters = ChapterIndex(
            keep=self.config.chapter_keep, limit=self.config.chapter_limit
        )
        self._meaning = HeadlineMeaning(
            join=self.config.meaning_join,
            merge=self.config.meaning_merge,
        )

    # -- public ---------------------------------------------------------------------------

    def add(self, doc: Doc, *, key: str) -> Assignment:
        """Assign `doc` (unique `key`) to a story and return it, with any merges it caused."""
        config = self.config
        vec, numbers, seq, when = self._admit(doc, key)
        event = event_time(doc.title, doc.text, when).when
        roles = self._roles.read(doc.title, doc.language)
        sense = self._meaning.of(doc.title, doc.text, doc.language)
        scored, late = self._in_span(self._score(vec, numbers, roles, sense), event, when)
        threshold = _lerp(
            config.assign_threshold_headline, config.assign_threshold, self._evidence(len(vec))
        )
        if sense is None and self._evidence(len(vec)) >= 1.0:  # a near miss: the headlines
            scored = self._headlines.rescue(
                scored, threshold, title=doc.title, roles=roles, articles=self._articles
            )
        # The story it would have joined but for the time span: the one it continues.
        continued = late[1].sid if late is not None and late[0] >= threshold else None
        if scored and scored[0][0] >= threshold:
            story = scored[0][1]
        else:
            story = self._open(self.new_label())
            if continued is None:
                continued = self._chapters.continued_by(vec, threshold=config.chapter_threshold)
        fresh = Member(key, seq, story.sid, when, vec, doc.title)
        fresh.event = event
        fresh.roles = roles
        fresh.written = written_date(doc.title, doc.text)
        fresh.focus = focus_names(self._terms, doc.title, doc.text)
        article = self._join(story, fresh, vec, numbers, sense)

        # Another story is checked for a merge only when this article also resembles it.
        floor = config.merge_trigger * threshold
        nearby = scored[: config.merge_candidates + 1]
        others = [s for score, s in nearby if s is not story and score >= floor]
        moved: dict[str, int] = {}
        if config.split_threshold > 0 and story.size > config.split_min_rest + 1:
            split = self._split(story, article, vec)
            if split is not None:
                story, moved = split
        survivor, merged = self._merge_converged(story, others, headline=sense is not None)
        if survivor.apart:  # split siblings' members that belong here come in (regather.py)
            moved.update(
                regather(survivor, self._stories, self._articles, config, move=self._transfer)
            )
        if continued is not None and (continued == survivor.sid or not self.is_known(continued)):
            continued = None  # merged into this very story, or gone
        return Assignment(survivor.sid, merged, moved, continued)

    def restore(self, doc: Doc, *, key: str, story: int) -> None:
        """Put back a stored article in the story (`story`, a label) it already has: no
        scoring, split or merge, so a restart rebuilds the window as the database holds it."""
        vec, numbers, seq, when = self._admit(doc, key)
        target = self._stories.get(story) or self._open(story)
        article = Member(key, seq, story, when, vec, doc.title)
        article.event = event_time(doc.title, doc.text, when).when
        article.roles = self._roles.read(doc.title, doc.language)
        article.written = written_date(doc.title, doc.text)
        article.focus = focus_names(self._terms, doc.title, doc.text)
        self._join(
            target, article, vec, numbers, self._meaning.of(doc.title, doc.text, doc.language)
        )

    def move(self, key: str, story: int) -> None:
        """Move article `key` into story `story` (a label, opened if need be) and pin it: a
        split another process made, replayed here. Nothing happens once `key` left the window."""
        article = self._articles.get(key)
        if article is None:
            return
        article.moved = True
        if article.story != story:
            self._transfer(article, story)

    def _transfer(self, article: Member, story: int) -> None:
        """Take `article` out of its story into story `story` (opened if need be)."""
        key = article.key
        vec = article.vector()
        old = self._stories.get(article.story)
        if old is not None:
            # What stays: |S - v|^2 = |S|^2 - 2 S.v + |v|^2, with v of unit length.
            left = old.norm2 - 2.0 * dot(old.centroid, vec) + (1.0 if vec else 0.0)
            old.release({key}, vec, norm2_left=left, terms=len(vec))
            if old.live <= 0:
                self._index.unpost(old)
                del self._stories[old.sid]
                self._meaning.drop([old.sid])
        target = self._stories.get(story) or self._open(story)
        target.add(vec, max_terms=self.config.centroid_terms)
        target.numbers |= article.numbers
        target.take_roles(*article.roles.sides())
        target.extend(article.event, article.event)
        target.members.append(key)
        target.last_seq = max(target.last_seq, article.seq)
        article.story = story
        self._index.post(target, islice(vec, self.config.index_terms))

    def prefetch(self, docs: Sequence[Doc]) -> None:
        """Encode the headlines of those of `docs` with no body, in one batch (same result)."""
        self._meaning.prefetch(
            d.title for d in docs if self._meaning.wants(d.title, d.text, d.language)
        )

    def new_label(self) -> int:
        """A story label never used before (for a story about to be opened or restored)."""
        label = self._next_story
        self._next_story += 1
        return label

    def is_open(self, label: int) -> bool:
        """Whether story `label` is in the window (not merged away, not closed)."""
        return label in self._stories

    def is_known(self, label: int) -> bool:
        """Whether story `label` is open or kept in brief after closing (a story a later one
        may continue)."""
        return label in self._stories or label in self._chapters

    def kept_apart(self, one: int, other: int) -> bool:
        """Whether stories `one` and `other` may never merge (one was split from the other)."""
        story = self._stories.get(one)
        return story is not None and other in story.apart

    def keep_apart(self, one: int, other: int) -> None:
        """Never merge stories `one` and `other` (a split the database remembers)."""
        if one in self._stories and other in self._stories and one != other:
            self._stories[one].apart.add(other)
            self._stories[other].apart.add(one)

    def pin(self, key: str) -> None:
        """Mark article `key` as moved by a split already (a replayed, stored mark): no split
        moves it again."""
        article = self._articles.get(key)
        if article is not None:
            article.moved = True

    def pinned(self, key: str) -> bool:
        """Whether a split moved article `key` (or it was pinned): no split moves it again."""
        article = self._articles.get(key)
        return article is not None and article.moved

    def story_of(self, key: str) -> int:
        """The story of article `key` now (merges applied); KeyError once it left the window."""
        return self._articles[key].story

    def related(self, key: str, *, limit: int = 6) -> list[tuple[str, float]]:
        """Articles most similar to `key` from other stories, one per story, best first.

        Only articles still in the window are considered; KeyError if `key` has left it.
        """
        article = self._articles[key]
        vec = article.vector()
        candidates = self._index.candidates(
            vec,
            query_terms=self.config.query_terms,
            limit=max(self.config.scored_candidates, 2 * limit + 1),
        )
        found = nearest_members(vec, article.story, candidates, self._stories, self._articles)
        return [(member_key, round(sim, 4)) for sim, member_key in found[:limit]]

    @property
    def live_articles(self) -> int:
        """Articles currently held in the window."""
        return len(self._articles)

    @property
    def live_stories(self) -> int:
        """Stories currently open in the window."""
        return len(self._stories)

    # -- internals ------------------------------------------------------------------------

    def _evidence(self, terms: float) -> float:
        """0 for a one-word headline, 1 for a full text: how far thresholds move to full text."""
        full = self.config.full_text_terms
        return min(1.0, max(0.0, (terms - 1.0) / (full - 1.0)))

    def _admit(
        self, doc: Doc, key: str
    ) -> tuple[SparseVector, frozenset[str], int, datetime | None]:
        """Advance the clock, evict, and vectorise `doc`: its vector, lead figures, sequence
        number and time."""
        if key in self._articles:
            raise ValueError(f"article {key!r} was already added")
        config = self.config
        when = _aware(doc.published_at)
        if when is not None and (self._clock is None or when > self._clock):
            self._clock = when
        self._evict()
        counts = self._terms.count(doc.title, doc.text)
        vec = weigh_terms(counts, self._df, max_terms=config.vectors.max_terms)
        seq = self._seq
        self._seq += 1
        self._df.add(set(counts), seq=seq)
        numbers = lead_numbers(doc.title, doc.text, words=config.number_lead_words)
        return vec, numbers, seq, when

    def _open(self, label: int) -> Story:
        story = Story(label)
        self._stories[label] = story
        self._next_story = max(self._next_story, label + 1)
        return story

    def _join(
        self,
        story: Story,
        article: Member,
        vec: SparseVector,
        numbers: frozenset[str],
        sense: Sense | None = None,
    ) -> Member:
        """Make `article` (vector `vec`, headline meaning `sense`) a member of `story` and
        post it to the index."""
        self._meaning.add(story.sid, sense)
        story.add(vec, max_terms=self.config.centroid_terms)
        story.numbers |= numbers
        story.take_roles(*article.roles.sides())
        story.extend(article.event, article.event)
        story.see(article.time, article.time)
        story.members.append(article.key)
        story.last_seq = article.seq
        article.numbers = numbers
        self._articles[article.key] = article
        self._queue.append(article)
        self._index.post(story, islice(vec, self.config.index_terms))
        return article

    def _in_span(
        self, scored: list[tuple[float, Story]], event: datetime | None, when: datetime | None
    ) -> tuple[list[tuple[float, Story]], tuple[float, Story] | None]:
        """The candidates an article with event time `event`, published at `when`, may join
        (the story would span at most `story_span`, and was published within `window` of
        it), and the best one it may not (the story it continues).

        In time order the window check changes nothing (a story idle for `window` has closed);
        it keeps a late article (an archive filling in, a back-dated feed) from joining a
        story its own time would have seen closed, or not yet opened."""
        span, window = self.config.story_span, self.config.window

        def is_open(story: Story) -> bool:
            if burst_ended(story, when, self.config):
                return False  # its coverage ended: a new chapter (bursts.py)
            return story.span_with(event, event) <= span and story.seen_gap(when, when) <= window

        kept = [pair for pair in scored if is_open(pair[1])]
        if len(kept) == len(scored):
            return scored, None
        late = next((pair for pair in scored if not is_open(pair[1])), None)
        return kept, late

    def _score(
        self, vec: SparseVector, numbers: frozenset[str], roles: Roles, sense: Sense | None
    ) -> list[tuple[float, Story]]:
        config = self.config
        match, mismatch = config.number_match, config.number_mismatch
        sides = roles.sides()
        # Bare headlines already differ by their names; bodies share background that hides it.
        role_factor = config.role_mismatch if self._evidence(len(vec)) >= 1.0 else 1.0
        rho = config.story_cohesion
        scored = []
        for sid in self._index.candidates(
            vec, query_terms=config.query_terms, limit=config.scored_candidates
        ):
            story = self._stories[sid]
            # The cosine a member reaches grows with the story's size as sqrt(n / (1 + (n-1)rho)).
            expected = math.sqrt(story.size / (1.0 + (story.size - 1) * rho))
            factor = story.number_factor(numbers, match=match, mismatch=mismatch)
            if story.size <= config.role_story_members and roles_conflict(sides, story.roles()):
                factor *= role_factor
            factor *= self._meaning.join_factor(sense, sid)
            scored.append((factor * story.cosine(vec) / expected, story))
        scored.sort(key=lambda pair: -pair[0])
        return scored

    def _split(
        self, story: Story, article: Member, vec: SparseVector
    ) -> tuple[Story, dict[str, int]] | None:
        """Split the members closest to the new article off `story` with it, if they stand apart."""
        config = self.config
        recent = []
        for key in islice(reversed(story.members), 1, config.split_members + 1):
            member = self._articles.get(key)
            if member is not None and member.story == story.sid:
                recent.append(member)
        if len(recent) < 2:
            return None
        movable = [(m.key, m.vector()) for m in recent if not m.moved]
        # Two means compared as joins are: relative to the cosine a member reaches with a
        # mean of that many (a mean of 14 is less noisy than one of 2, and would win unfairly).
        rho = config.story_cohesion
        in_group = seed_group(vec, movable, story.centroid, story.norm2, size=story.size, rho=rho)
        if not in_group:
            return None  # nothing is closer to the new article than to its story
        in_group = two_means(
            vec,
            movable,
            story.centroid,
            story.norm2,
            in_group,
            rounds=config.split_rounds,
            size=story.size,
            rho=rho,
        )
        group = [article] + [m for m in recent if m.key in in_group]
        n_g = len(group)
        if n_g < 2 or n_g > config.split_max or story.size - n_g < config.split_min_rest:
            return None
        rest = [m for m in recent if m.key not in in_group]
        written = [m.written for m in rest]
        if dates_agree([m.written for m in group], written, days=config.split_written_days):
            return None  # reports that write the same dates tell of one event: no split
        vectors = [vec] + [mv for key, mv in movable if key in in_group]
        g_sum = vector_sum(vectors[0], vectors[1:])
        cross, own, r_norm2 = cross_and_own(
            g_sum, n_g, story.centroid, story.norm2, story.size, prior=config.prior_cohesion
        )
        # Look-alike events bring lead figures of their own (as for joins and merges).
        g_numbers = set().union(*(m.numbers for m in group))
        r_numbers = set().union(*(m.numbers for m in rest))
        if g_numbers and r_numbers:
            disjoint = g_numbers.isdisjoint(r_numbers)
            cross *= config.number_mismatch if disjoint else config.number_match
        if config.focus_split < 1.0 and focus_apart(group, rest, g_sum):
            cross *= config.focus_split  # two actors around one name (focus.py)
        # Headlines or full texts: judged on the group's own vectors (the rest may be briefs).
        evidence = self._evidence(sum(len(v) for v in vectors) / n_g)
        limit = _lerp(config.split_threshold_headline, config.split_threshold, evidence)
        if cross / own >= limit:
            return None
        return self._split_off(story, list(zip(group, vectors, strict=True)), g_sum, r_norm2)

    def _split_off(
        self,
        story: Story,
        group: list[tuple[Member, SparseVector]],
        g_sum: SparseVector,
        r_norm2: float,
    ) -> tuple[Story, dict[str, int]]:
        """Move `group` (the new article first) out of `story` into a new story, for good."""
        new = self._open(self.new_label())
        keys = {member.key for member, _ in group}
        terms = sum(len(mv) for _, mv in group)
        story.release(keys, g_sum, norm2_left=r_norm2, terms=terms)
        newcomer = group[0][0]
        moved: dict[str, int] = {}
        for member, mv in reversed(group):  # oldest first, as they arrived
            new.add(mv, max_terms=self.config.centroid_terms)
            new.numbers |= member.numbers
            new.take_roles(*member.roles.sides())
            new.extend(member.event, member.event)
            new.see(member.time, member.time)
            new.members.append(member.key)
            new.last_seq = max(new.last_seq, member.seq)
            if member is not newcomer:
                moved[member.key] = story.sid
                member.moved = True
            member.story = new.sid
            self._index.post(new, islice(mv, self.config.index_terms))
        new.apart.add(story.sid)
        story.apart.add(new.sid)
        return new, moved

    def _merge_converged(
        self, story: Story, others: list[Story], *, headline: bool = False
    ) -> tuple[Story, dict[int, int]]:
        """Merge `story` with each of `others` close to it (`headline`: the article that just
        joined it is a bare headline, whose story may merge by meaning)."""
        config = self.config
        prior = config.prior_cohesion
        merged: dict[int, int] = {}
        for other in others:
            if other.sid not in self._stories or other is story:
                continue
            if other.sid in story.apart or story.sid in other.apart:
                continue
            if story.span_with(other.first_event, other.last_event) > config.story_span:
                continue
            if story.seen_gap(other.first_seen, other.last_seen) > config.window:
                continue
            if bursts_apart(story, other, config):
                continue
            evidence = self._evidence(min(story.terms_per_member(), other.terms_per_member()))
            low = config.merge_threshold_headline
            if headline and evidence < 1.0 and self._meaning.alike(story.sid, other.sid):
                low = 0.0  # headlines that mean the same: the words' bar alone
            threshold = _lerp(low, config.merge_threshold, evidence)
            cross = dot(story.centroid, other.centroid) / (story.size * other.size)
            cross *= other.number_factor(
                story.numbers, match=config.number_match, mismatch=config.number_mismatch
            )
            thin = min(story.size, other.size) <= config.role_story_members
            if thin and roles_conflict(story.roles(), other.roles()):
                cross *= config.role_mismatch if evidence >= 1.0 else 1.0
            own = math.sqrt(max(story.cohesion(prior=prior) * other.cohesion(prior=prior), 1e-9))
            if cross / own >= threshold or (evidence >= 1.0 and would_join(story, other, config)):
                old, young = (story, other) if story.sid < other.sid else (other, story)
                self._absorb(old, young)
                merged[young.sid] = old.sid
                story = old
        return story, dict.fromkeys(merged, story.sid)

    def _absorb(self, old: Story, young: Story) -> None:
        self._meaning.absorb(old.sid, young.sid)
        self._index.unpost(young)
        posted = young.posted
        old.absorb(young, max_terms=self.config.centroid_terms)
        for key in young.members:
            article = self._articles.get(key)
            if article is not None and article.story == young.sid:
                article.story = old.sid
        del self._stories[young.sid]
        self._index.post(old, posted)

    def _evict(self) -> None:
        config = self.config
        queue = self._queue
        horizon = self._clock - config.window if self._clock is not None else None
        while queue:
            oldest = queue[0]
            expired = horizon is not None and oldest.time is not None and oldest.time < horizon
            expired = expired and len(queue) >= config.min_docs  # with the new one: min_docs
            if not expired and len(queue) < config.max_docs:
                break
            queue.popleft()
            del self._articles[oldest.key]
            story = self._stories.get(oldest.story)
            if story is not None:
                story.live -= 1
                if story.live <= 0:
                    self._index.unpost(story)
                    del self._stories[story.sid]
                    self._meaning.drop([story.sid])
                    self._chapters.close(story.sid, story.centroid, story.last_event)
                elif len(story.members) > 2 * story.live + 16:
                    story.members = [k for k in story.members if k in self._articles]
        self._chapters.expire(self._clock)
        if queue:
            self._df.forget_before(queue[0].seq)
        else:
            self._df.forget_before(self._seq)
