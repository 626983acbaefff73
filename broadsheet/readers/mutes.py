"""A reader's mutes: publishers and words they never want to see in their lists.

Signed-in readers only (an anonymous front page is one cached page for everyone). A muted
source's articles leave the latest list and For you; a muted word hides every article whose
headline names it as a whole word ("art" does not hide "party"), and every story whose title
does. A story only muted sources cover goes with them; one that others cover too stays.
Search and the pages of a source, topic or story still show everything: they are asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from broadsheet.articles.models import Article
from broadsheet.readers.models import Mute
from broadsheet.readers.services import User, require_reader
from broadsheet.readers.state import ReaderState, reader_state, state_changed
from broadsheet.sources.models import Source
from broadsheet.stories.models import Story

MAX_MUTES = 100
WORD_MIN, WORD_MAX = 2, 60


class MuteError(ValueError):
    """A word that cannot be muted, or one mute too many; the message is for the reader."""


class TooManyMutes(MuteError):
    """The reader has as many mutes as allowed: unmute something first."""


@dataclass(frozen=True)
class Muted:
    """What one reader mutes: source ids and case-folded words."""

    sources: frozenset[int] = frozenset()
    words: tuple[str, ...] = ()
    _patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False)

    def __bool__(self) -> bool:
        return bool(self.sources or self.words)

    def hides_title(self, title: str) -> bool:
        return any(pattern.search(title) for pattern in self._patterns)  # one, or none

    def hides_article(self, article: Article) -> bool:
        """What hide_muted_articles leaves out, for one article already read."""
        return article.source_id in self.sources or self.hides_title(article.title)


def normalize_word(text: str) -> str:
    """The word as kept: spaces collapsed, case-folded; MuteError if too short or too long."""
    word = " ".join(text.split())
    # Counted before case-folding, which lengthens some letters ("ß" -> "ss"): the limits
    # are what the reader typed, as the API schema states them.
    if len(word) < WORD_MIN:
        raise MuteError(_("A muted word needs at least %(n)d characters.") % {"n": WORD_MIN})
    if len(word) > WORD_MAX:
        raise MuteError(_("A muted word can have at most %(n)d characters.") % {"n": WORD_MAX})
    return word.casefold()


def _add(user: User, kind: str, value: str) -> None:
    user_id = require_reader(user)
    if Mute.objects.filter(user_id=user_id, kind=kind, value=value).exists():
        return
    if Mute.objects.filter(user_id=user_id).count() >= MAX_MUTES:
        raise TooManyMutes(_("You can mute at most %(n)d sources and words.") % {"n": MAX_MUTES})
    row = Mute(user_id=user_id, kind=kind, value=value)
    Mute.objects.bulk_create([row], ignore_conflicts=True)
    state_changed(user)


def mute_source(user: User, source: Source) -> None:
    _add(user, Mute.Kind.SOURCE, str(source.pk))


def unmute_source(user: User, source: Source) -> None:
    mutes = Mute.objects.filter(user_id=require_reader(user), kind=Mute.Kind.SOURCE)
    mutes.filter(value=str(source.pk)).delete()
    state_changed(user)


def mute_word(user: User, text: str) -> str:
    """Mute a word (or phrase) and return it as kept."""
    word = normalize_word(text)
    _add(user, Mute.Kind.WORD, word)
    return word


def unmute_word(user: User, text: str) -> None:
    word = " ".join(text.split()).casefold()
    Mute.objects.filter(user_id=require_reader(user), kind=Mute.Kind.WORD, value=word).delete()
    state_changed(user)


def is_muted(user: User, source: Source) -> bool:
    return source.pk in reader_state(user).muted_sources


def muted_for(user: User) -> Muted:
    """What the reader mutes (nothing for an anonymous visitor), from their state entry
    (readers/state.py: one cache read, or one query among the state's few)."""
    return muted_in(reader_state(user))


def muted_in(state: ReaderState) -> Muted:
    """What a reader's state entry mutes."""
    if not state.muted_sources and not state.muted_words:
        return Muted()
    words = state.muted_words
    # One pattern for all the words (a title is tested once, not once per word).
    patterns = (re.compile(_python_pattern(words), re.IGNORECASE),) if words else ()
    return Muted(state.muted_sources, words, patterns)


def muted_sources(muted: Muted) -> list[Source]:
    """The muted sources themselves, by name (for the lists that offer to unmute them)."""
    return list(Source.objects.filter(pk__in=muted.sources).order_by("name"))


def hide_muted_articles(articles: QuerySet[Article], muted: Muted) -> QuerySet[Article]:
    """The articles without those of muted sources or with a muted word in the headline."""
    if muted.sources:
        articles = articles.exclude(source_id__in=muted.sources)
    if muted.words:  # one pattern for all the words: one test per row, not one per word
        articles = articles.exclude(title__iregex=_database_pattern(muted.words))
    return articles


def hide_muted_stories(
    stories: list[Story], muted: Muted, *, sources: Iterable[tuple[int, int]] = ()
) -> list[Story]:
    """The stories whose title names no muted word and that some unmuted source covers.

    A story of one source is that source's news: muted with it. `sources` may give the
    (story id, source id) pairs of the stories (the front page's shared pool knows them);
    for a story it leaves out, one query asks, only when the reader mutes a source and such
    a story is among `stories`. A story covered by others stays."""
    kept = [story for story in stories if not muted.hides_title(story.title)]
    single = {story.pk for story in kept if story.source_count <= 1}
    if not muted.sources or not single:
        return kept
    unmuted: set[int] = set()
    known: set[int] = set()
    for story_id, source_id in sources:
        if story_id in single:
            known.add(story_id)
            if source_id not in muted.sources:
                unmuted.add(story_id)
    if single - known:
        unmuted.update(
            Article.objects.filter(story_id__in=single - known)
            .exclude(source_id__in=muted.sources)
            .values_list("story_id", flat=True)
            .distinct()
        )
    return [story for story in kept if story.source_count > 1 or story.pk in unmuted]


def _python_pattern(words: tuple[str, ...]) -> str:
    """Any of `words` as a whole word (the longest first, as the database pattern tries)."""
    ordered = sorted(words, key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(re.escape(word) for word in ordered) + r")(?!\w)"


def _database_pattern(words: tuple[str, ...]) -> str:
    """Any of `words` as a whole word, for the database's regex match."""
    either = "(" + "|".join(re.escape(word) for word in words) + ")"
    # SQLite's REGEXP is Python's re (Django registers it); PostgreSQL's has no lookbehind,
    # and its word edges are \m and \M (\b there is a backspace).
    if connection.vendor == "postgresql":
        return r"(^|\W)" + either + r"(\W|$)"
    return r"(?<!\w)" + either + r"(?!\w)"
