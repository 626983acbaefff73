"""Who does what in a headline: the principal actor and the first name after the action.

Two reports of one topic a day apart (Chrysler's dealership cuts and GM's, Sanders'
endorsement of Biden and Warren's, two interviews of different candidates) share most of
their words; what tells them apart is who acts, or on whom. A headline in sentence case
reads as "[actor] [verb] ... [object]": the actor is the last name before the first verb,
the object the first name after it. Two headlines whose actors differ, neither naming the
other's actor anywhere in its headline, report different events (same for the objects of
one actor). Headline Case hides both names and verbs, so such headlines give no roles (a
bare headline feed, like UCI, is left to the words alone).

Names are capitalised tokens (at the start of the headline, only when the background
corpus mostly capitalises the word); a name of two or more words also answers to its
initials ("General Motors" is "GM"). Verbs are guessed without a tagger: a lower-case
word ending in -s or -ed, or an auxiliary ("to", "is", "will"...). Pure, no Django.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from .background import WordStats
from .tokens import STOPWORDS, find_tokens, is_title_case, normalize_token

_AUXILIARIES = frozenset(
    ["to", "is", "are", "was", "were", "will", "has", "have", "had", "may", "can", "could"]
    + ["would", "should", "must"]
)
# Lower-case words ending in -s that are rarely verbs (class, status, bonus, basis, politics).
_NOT_VERB_ENDINGS = ("ss", "us", "is", "ics")

NO_NAMES: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Roles:
    """The names of a headline: its actor, its object and all of them (initials included)."""

    actor: frozenset[str] = NO_NAMES
    object: frozenset[str] = NO_NAMES
    names: frozenset[str] = NO_NAMES

    def sides(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """(actor, object, names): one side of roles_conflict."""
        return self.actor, self.object, self.names


def _is_verb(word: str) -> bool:
    if word in _AUXILIARIES:
        return True
    if len(word) > 3 and word.endswith("s") and not word.endswith(_NOT_VERB_ENDINGS):
        return True
    return len(word) > 4 and word.endswith("ed")


def _with_initials(chunk: list[str]) -> frozenset[str]:
    words = frozenset(chunk)
    initials = "".join(word[0] for word in chunk)
    if len(chunk) > 1 and initials not in STOPWORDS:
        return words | {initials}
    return words


class RoleReader:
    """Reads the roles of headlines (one per clusterer: it caches the name test per token)."""

    def __init__(self, stats: WordStats, *, max_words: int) -> None:
        self.stats = stats
        self.max_words = max_words

    def _is_name(self, token: str, *, capitals_say_nothing: bool) -> bool:
        if not token[0].isalpha() or token.islower():
            return False
        word = normalize_token(token)
        if word in STOPWORDS:
            return False
        if not capitals_say_nothing:
            return True
        # First word: a name only if the background corpus mostly writes it capitalised.
        return self.stats.capitalized.get(word, 0) > self.stats.lowercase.get(word, 0)

    def read(self, title: str, language: str | None = None) -> Roles:
        """The roles of headline `title`: none for Headline Case, for a `language` other
        than English (the verb guess is English) or when no verb is found; only its names
        when it is longer than `max_words` (a lead sentence, not a headline: its first
        name is as often a source or a scene as the actor)."""
        english = language is None or language.lower().startswith("en")
        if not title or not english or is_title_case(title):
            return Roles()
        chunks: list[list[str]] = []  # name chunks, in order
        verb_at: int | None = None  # chunks seen before the first verb
        current: list[str] = []
        tokens = find_tokens(title)
        for n, token in enumerate(tokens):
            if self._is_name(token, capitals_say_nothing=n == 0):
                current.append(normalize_token(token))
                continue
            if current:
                chunks.append(current)
                current = []
            if verb_at is None and token.islower() and _is_verb(token):
                verb_at = len(chunks)
        if current:
            chunks.append(current)
        names = frozenset().union(*(_with_initials(chunk) for chunk in chunks))
        if verb_at is None or len(tokens) > self.max_words:
            return Roles(names=names)
        actor = _with_initials(chunks[verb_at - 1]) if verb_at > 0 else NO_NAMES
        obj = _with_initials(chunks[verb_at]) if verb_at < len(chunks) else NO_NAMES
        return Roles(actor, obj, names)


def roles_differ(
    one: Set[str], one_names: Set[str], other: Set[str], other_names: Set[str]
) -> bool:
    """Whether two sides fill one role (actor or object) with different names, neither side's
    headlines naming the other's: `one`/`other` are the role's names, `*_names` every
    headline name of that side."""
    if not one or not other:
        return False
    return one.isdisjoint(other_names) and other.isdisjoint(one_names)


def roles_conflict(
    one: tuple[Set[str], Set[str], Set[str]], other: tuple[Set[str], Set[str], Set[str]]
) -> bool:
    """Whether two sides (an article or a story: its actors, objects and headline names)
    report different events: different actors, or one actor acting on different objects."""
    one_actor, one_object, one_names = one
    other_actor, other_object, other_names = other
    if roles_differ(one_actor, one_names, other_actor, other_names):
        return True
    if one_actor.isdisjoint(other_actor):
        return False  # an actor missing on one side: objects alone say too little
    return roles_differ(one_object, one_names, other_object, other_names)
