"""A small Markdown subset for comments, rendered then sanitised (no ORM).

Paragraphs, line breaks, **bold**, *italic*, `code`, [links](https://…) and > quotes.
Everything typed is escaped first, so the only tags are the ones made here; nh3 then
checks them again and marks links nofollow/ugc.
"""

from __future__ import annotations

import html
import re

from broadsheet.lib.html import sanitize_html

_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")
_URL = re.compile(r"https?://", re.IGNORECASE)
_BLANK = re.compile(r"\n\s*\n")


def count_links(source: str) -> int:
    """How many web addresses the text carries (a spam signal)."""
    return len(_URL.findall(source))


def render_comment(source: str) -> str:
    """Comment Markdown as sanitised HTML."""
    blocks = [b.strip("\n") for b in _BLANK.split(source.replace("\r\n", "\n")) if b.strip()]
    parts = []
    for block in blocks:
        lines = block.split("\n")
        if all(line.lstrip().startswith(">") for line in lines):
            inner = "\n".join(line.lstrip()[1:].lstrip() for line in lines)
            parts.append(f"<blockquote><p>{_inline(inner)}</p></blockquote>")
        else:
            parts.append(f"<p>{_inline(block)}</p>")
    return sanitize_html("".join(parts))


def _inline(text: str) -> str:
    escaped = html.escape(text.strip(), quote=True)
    # Code spans first, set aside, so their contents are not read as emphasis or links.
    codes: list[str] = []

    def stash(match: re.Match[str]) -> str:
        codes.append(f"<code>{match.group(1)}</code>")
        return f"\x00{len(codes) - 1}\x00"

    escaped = _CODE.sub(stash, escaped)
    escaped = _LINK.sub(r'<a href="\2">\1</a>', escaped)
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    escaped = _ITALIC.sub(r"<em>\1</em>", escaped)
    escaped = re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], escaped)
    return escaped.replace("\n", "<br>")
