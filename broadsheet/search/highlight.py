"""Escaping-safe highlighting: database markers in, HTML with only <mark> tags out.

The databases (FTS5 highlight()/snippet(), PostgreSQL ts_headline) wrap matches
in two private-use characters instead of tags. Publisher text has those two
characters removed before the database sees it, so every marker in the output
came from the database; everything between markers is HTML-escaped here.
"""

from __future__ import annotations

import html
import re

MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
ELLIPSIS = "…"

_MARKERS = re.compile(f"([{MARK_OPEN}{MARK_CLOSE}])")
_SPACE = re.compile(r"\s+")


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
