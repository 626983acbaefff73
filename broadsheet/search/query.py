"""The reader's query language, parsed into terms every backend can compile safely.

The language is small: words (all must match), "exact phrases", prefix* and
-excluded terms. Anything else, FTS5 or tsquery operators included, is literal
text. Parsing never fails: whatever the input, the result is a `ParsedQuery`
whose terms hold only letter, digit and mark characters, so a backend can quote
them without any escaping rule to get wrong.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

# Longer input is cut here before parsing: 4 KB of query text is already far
# beyond what a reader types, and it bounds the work an abusive query can cause.
MAX_QUERY_CHARS = 4096
# At most this many terms (words, phrases, prefixes, exclusions) are kept.
MAX_TERMS = 16
# A phrase keeps at most this many words.
MAX_PHRASE_TOKENS = 16
# A "word" longer than this is no word any index holds; it is dropped.
MAX_TOKEN_CHARS = 100
# Shorter prefixes would expand to a large part of the vocabulary; they are
# searched as whole words instead.
MIN_PREFIX_CHARS = 3


@dataclass(frozen=True)
class SearchQuery:
    """What a reader asked for: query text, optional filters and a page."""

    text: str
    source_slug: str | None = None
    language: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True)
class Term:
    """One term: a word or phrase (tokens in order), maybe a prefix, maybe excluded.

    `tokens` are runs of letters, digits and combining marks, never empty, in the
    reader's spelling (backends fold case and accents). `text` is the term as
    typed, without operators or NUL bytes, for backends that tokenize it themselves.
    """

    tokens: tuple[str, ...]
    text: str
    is_prefix: bool = False
    is_excluded: bool = False

    @property
    def is_phrase(self) -> bool:
        """Whether the term needs its tokens adjacent and in order."""
        return len(self.tokens) > 1


@dataclass(frozen=True)
class ParsedQuery:
    """The terms of a query; it can match something only if it has an included term."""

    terms: tuple[Term, ...] = ()

    @property
    def included(self) -> tuple[Term, ...]:
        """Terms every result must contain."""
        return tuple(t for t in self.terms if not t.is_excluded)

    @property
    def excluded(self) -> tuple[Term, ...]:
        """Terms no result may contain."""
        return tuple(t for t in self.terms if t.is_excluded)

    @property
    def is_empty(self) -> bool:
        """True when nothing can match (no included term): backends return no hits."""
        return not self.included


def _is_token_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM"


def _is_anchor_char(char: str) -> bool:
    # A token needs a letter or digit: marks alone are folded away by tokenizers.
    return unicodedata.category(char)[0] in "LN"


def _is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def split_tokens(text: str) -> list[str]:
    """The runs of letters, digits and marks in `text` that hold a letter or a digit."""
    tokens: list[str] = []
    current: list[str] = []
    for char in text + " ":
        if _is_token_char(char):
            current.append(char)
            continue
        if current:
            token = "".join(current)
            if any(_is_anchor_char(c) for c in token):
                tokens.append(token)
            current = []
    return tokens


def _make_term(raw: str, *, is_excluded: bool, is_phrase: bool) -> Term | None:
    is_prefix = not is_phrase and raw.endswith("*")
    all_tokens = split_tokens(raw)
    if not all_tokens or any(len(t) > MAX_TOKEN_CHARS for t in all_tokens):
        # No index holds a 100-character word: the term is dropped, not an error.
        return None
    tokens = all_tokens[:MAX_PHRASE_TOKENS]
    if is_prefix and len(tokens[-1]) < MIN_PREFIX_CHARS:
        is_prefix = False
    # Backends that tokenize the typed text themselves (PostgreSQL) get it as typed,
    # unless the phrase was cut to MAX_PHRASE_TOKENS.
    text = raw.rstrip("*") if len(tokens) == len(all_tokens) else " ".join(tokens)
    return Term(tokens=tuple(tokens), text=text, is_prefix=is_prefix, is_excluded=is_excluded)


def _scan(text: str) -> list[tuple[str, bool, bool]]:
    """Split the query into (raw term, excluded?, quoted?) triples."""
    pieces: list[tuple[str, bool, bool]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        is_excluded = char == "-" and i + 1 < n and not text[i + 1].isspace()
        if is_excluded:
            i += 1
        if text[i] == '"':
            # An unbalanced quote runs to the end of the query.
            end = text.find('"', i + 1)
            end = n if end == -1 else end
            pieces.append((text[i + 1 : end], is_excluded, True))
            i = end + 1
            continue
        end = i
        while end < n and not text[end].isspace() and text[end] != '"':
            end += 1
        pieces.append((text[i:end], is_excluded, False))
        i = end
    return pieces


def parse_query(text: str) -> ParsedQuery:
    """Parse what a reader typed into terms; never raises, whatever `text` holds."""
    text = str(text).replace("\x00", " ")
    if len(text) > MAX_QUERY_CHARS:
        # Cut at a space so the last word kept is a whole word, not a stray prefix.
        kept = text[: MAX_QUERY_CHARS + 1].rsplit(None, 1)
        text = kept[0] if kept else ""
    terms: list[Term] = []
    seen: set[tuple[tuple[str, ...], bool, bool]] = set()
    for raw, is_excluded, is_phrase in _scan(text):
        term = _make_term(raw, is_excluded=is_excluded, is_phrase=is_phrase)
        if term is None:
            continue
        key = (tuple(t.lower() for t in term.tokens), term.is_prefix, term.is_excluded)
        if key in seen:
            continue
        seen.add(key)
        terms.append(term)
        if len(terms) >= MAX_TERMS:
            break
    return ParsedQuery(terms=tuple(terms))


def language_keys(language: str) -> tuple[str, ...]:
    """Filter keys for an article's language: the whole tag and its primary subtag.

    "pt-BR" gives ("ptbr", "pt"), so a filter on "pt" finds Brazilian Portuguese
    too while a filter on "pt-BR" finds only it. Keys hold ASCII letters and digits.
    """
    subtags = language.lower().replace("_", "-").split("-")
    parts = [kept for tag in subtags if (kept := "".join(filter(_is_ascii_alnum, tag)))]
    if not parts:
        return ()
    whole = "".join(parts)
    return (whole,) if len(parts) == 1 else (whole, parts[0])


def language_filter_key(language: str) -> str | None:
    """The one key that a language filter ("en", "pt-BR") matches on, or None if blank."""
    keys = language_keys(language)
    return keys[0] if keys else None
