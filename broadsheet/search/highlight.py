"""Escaping-safe highlighting: matches in <mark>, everything else HTML-escaped.

Two sources of marked text. PostgreSQL's ts_headline wraps matches in two
private-use characters (publisher text has those removed first, so every marker
came from the database). For SQLite, `mark_matches` and `mark_snippet` find
the query's terms in the stored text here: FTS5's highlight() would run the
query again for every hit, a posting-list seek per word per hit, which costs
more than the search itself on a large index. Either way `render_marked` turns
the markers into <mark> tags and escapes everything between them.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Sequence

from broadsheet.search.query import Term

MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
ELLIPSIS = "…"
# A snippet is about this many characters of the body around its best match.
SNIPPET_CHARS = 220

_MARKERS = re.compile(f"([{MARK_OPEN}{MARK_CLOSE}])")
_SPACE = re.compile(r"\s+")
# Word characters as the FTS5 unicode61 tokenizer sees them: letters and digits.
_WORD = r"[^\W_]"
_SEPARATORS = r"[\W_]+"


def strip_markers(text: str) -> str:
    """`text` without the marker characters (and NUL), safe to index and highlight."""
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").replace("\x00", "")


def render_marked(text: str) -> str:
    """Turn marked text into HTML: escaped text, balanced <mark> tags, whitespace collapsed."""
    out: list[str] = []
    is_open = False
    for piece in _MARKERS.split(_SPACE.sub(" ", text).strip()):
        if piece == MARK_OPEN:
            if not is_open:
                out.append("<mark>")
                is_open = True
        elif piece == MARK_CLOSE:
            if is_open:
                out.append("</mark>")
                is_open = False
        elif piece:
            out.append(html.escape(piece))
    if is_open:
        out.append("</mark>")
    return "".join(out).replace("<mark></mark>", "")


@functools.cache
def _fold_table() -> dict[int, str]:
    """Case and accent folding for the BMP, one character to one character."""
    table = {}
    for code in range(0x10000):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        folded = base.lower()
        if len(folded) == 1 and folded != char:
            table[code] = folded
    return table


def fold(text: str) -> str:
    """Lowercase `text` and drop accents, keeping its length so offsets still apply."""
    return text.translate(_fold_table())


@functools.cache
def _variants() -> dict[str, str]:
    """Each folded character -> every BMP character that folds to it, itself included."""
    inverse: dict[str, list[str]] = {}
    for code, folded in _fold_table().items():
        inverse.setdefault(folded, [folded]).append(chr(code))
    return {folded: "".join(chars) for folded, chars in inverse.items()}


def _any_accent(word: str) -> str:
    """A regex for folded `word` matching its accented and capitalised spellings too."""
    variants = _variants()
    return "".join(f"[{re.escape(variants[c])}]" if c in variants else re.escape(c) for c in word)


def term_pattern(terms: Sequence[Term]) -> re.Pattern[str] | None:
    """A regex over the stored text matching any of `terms` as FTS5 would (whole words, phrases).

    Folding is built into the pattern (every letter stands for its accented and capitalised
    forms), so the text itself is never folded: translating every body of a page of hits
    through a 65k-entry table cost more than the search itself.
    """
    alternatives = []
    for term in terms:
        words = [_any_accent(w) for w in re.findall(f"{_WORD}+", fold(" ".join(term.tokens)))]
        if not words:
            continue
        tail = f"{_WORD}*" if term.is_prefix else ""
        alternatives.append(_SEPARATORS.join(words) + tail)
    if not alternatives:
        return None
    return re.compile(f"(?<!{_WORD})(?:{'|'.join(alternatives)})(?!{_WORD})", re.IGNORECASE)


def _spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)] if pattern else []


def _mark(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, position = [], start
    for span_start, span_end in spans:
        if span_start < position or span_end > end:
            continue
        out += [text[position:span_start], MARK_OPEN, text[span_start:span_end], MARK_CLOSE]
        position = span_end
    out.append(text[position:end])
    return "".join(out)


def mark_matches(text: str, pattern: re.Pattern[str] | None) -> str:
    """`text` with every match of `pattern` between markers."""
    return _mark(text, _spans(text, pattern), 0, len(text))


def _densest(spans: list[tuple[int, int]]) -> int:
    """Start of the match followed by the most matches within half a snippet (0 if none)."""
    best, most, following = 0, 0, 0
    for i, (start, _) in enumerate(spans):
        following = max(following, i)
        while following < len(spans) and spans[following][0] < start + SNIPPET_CHARS // 2:
            following += 1
        if following - i > most:
            best, most = start, following - i
    return best


def mark_snippet(text: str, pattern: re.Pattern[str] | None) -> str:
    """About SNIPPET_CHARS of `text` around its densest run of matches, marked."""
    spans = _spans(text, pattern)
    best = _densest(spans)
    start = max(0, best - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    # Cut at spaces, never inside a word (or a match).
    if start > 0:
        space = text.find(" ", start, best) if best > start else -1
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > best else end
    snippet = _mark(text, spans, start, end)
    return (ELLIPSIS if start > 0 else "") + snippet + (ELLIPSIS if end < len(text) else "")
