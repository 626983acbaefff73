"""The mention and document types the entity rules pass around."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from broadsheet.enrichment.lexicon import Lexicon, Place
from broadsheet.enrichment.tokens import Token

PERSON, ORG, PLACE, SINGLE = "person", "organisation", "place", "single"


@dataclass(slots=True)
class Mention:
    """One typed mention: the words as written and what the rules learnt about them."""

    kind: str
    words: tuple[str, ...]
    position: int  # index of the first token
    place: Place | None = None
    country: str | None = None
    acronym: str | None = None  # "(JNIM)" right after the name
    role: bool = False  # a role noun or title right before ("coach", "President")
    located: bool = False  # place context: "in X", "X, <place>"
    org_cue: bool = False  # "the X", "X company"
    initial: bool = False
    written: str = ""  # the words as written, when a resolved mention took a longer name
    certainty: int = 2  # 2: a signal decided the kind; 1: a weak cue ("the X"); 0: a guess

    @property
    def surface(self) -> str:
        """The words joined as written."""
        return " ".join(self.words)


_ELIDED_GAP = re.compile(r" ([lLdD])['’]")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][\w'’]*")


@dataclass
class Document:
    """The tokens of one article with the counts the rules consult."""

    text: str
    tokens: list[Token]
    lexicon: Lexicon
    capitalised: Counter[str] = field(default_factory=Counter)  # mid-sentence capitals
    starts: Counter[str] = field(default_factory=Counter)  # capitals at sentence starts
    events: set[str] = field(default_factory=set)  # last words of event names ("Dorian")
    things: set[str] = field(default_factory=set)  # names of indices, products, works
    _lowercase: set[str] | None = None

    def __post_init__(self) -> None:
        for token in self.tokens:
            if not token.cap:
                continue
            if not token.initial:
                self.capitalised[token.text] += 1
            else:
                self.starts[token.text] += 1

    def lower_before(self, i: int, *, back: int = 1) -> str:
        """The lowercase word right before token i ('' at a sentence start or after a comma).

        ``back=2`` gives the word before that one ("island" in "the island of X").
        """
        if i == 0:
            return ""
        gap = self.gap(i)
        if gap != " ":
            elided = _ELIDED_GAP.fullmatch(gap)  # "province d'Al Haouz": "de" before the name
            if elided is None:
                return ""
            if back == 1:
                return "de" if elided[1] in "dD" else "le"
            back -= 1
        prev = self.tokens[i - 1]
        if prev.cap:
            return prev.text.casefold() if back == 1 and prev.text in ("Mr", "Dr") else ""
        words = prev.text.rsplit(" ", back)
        return words[-back].casefold() if len(words) >= back else ""

    def seen_lowercase(self, word: str) -> bool:
        """Whether the word also occurs in lowercase ("officials" for "Officials")."""
        if self._lowercase is None:
            # Built only when a sentence start needs it: one C-speed pass over the text.
            self._lowercase = set(_LOWER_WORD.findall(self.text))
        return word[:1].lower() + word[1:] in self._lowercase

    def gap(self, i: int) -> str:
        """The text between token i-1 and token i."""
        return self.text[self.tokens[i - 1].end : self.tokens[i].start] if i else ""
