"""What the story clusterer's window keeps of one article: its vector, compactly, and the
facts its story is judged by (lead figures, headline roles, event time, the headline)."""

from __future__ import annotations

from array import array
from datetime import date, datetime

from .roles import Roles
from .vectors import SparseVector


class Member:
    """What the window keeps of one article (its vector, compactly)."""

    __slots__ = (
        "event",
        "focus",
        "key",
        "moved",
        "numbers",
        "roles",
        "seq",
        "story",
        "terms",
        "time",
        "title",
        "weights",
        "written",
    )

    def __init__(
        self,
        key: str,
        seq: int,
        story: int,
        time: datetime | None,
        vec: SparseVector,
        title: str = "",
    ):
        self.key = key
        self.seq = seq
        self.story = story
        self.time = time
        self.event: datetime | None = None  # when the reported event happened, if known
        self.terms = tuple(vec)
        self.weights = array("f", vec.values())
        self.moved = False  # left its first story in a split: no split moves it again
        self.numbers: frozenset[str] = frozenset()
        self.roles = Roles()
        self.written: date | None = None  # the first full date written in its lead
        self.focus: frozenset[str] = frozenset()  # names its lead leads with (focus.py)
        self.title = title  # read again only when a near miss is judged by its headline

    def vector(self) -> SparseVector:
        """The article's unit TF-IDF vector, as a dict."""
        return dict(zip(self.terms, self.weights, strict=True))
