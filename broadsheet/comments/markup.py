"""A small Markdown subset for comments, rendered then sanitised (no ORM).

Paragraphs, line breaks, **bold**, *italic*, `code`, [links](https://…) and > quotes.
Everything typed is escaped first, so the only tags are the ones made here; nh3 then
checks them again, keeps only http(s) links and marks them rel="nofollow noopener
noreferrer ugc".
"""

from __future__ import annotations

import html
import re

from broadsheet.lib.html import sanitize_html

_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")
_URL = re.compile(r"https?://", re.IGNORECASE)
_BLANK = re.compile(r"\n\s*\n")
_SLOT = re.compile(r"\x00(\d+)\x00")


def count_links(source: str) -> int:
    """How many web addresses the text carries (a spam signal)."""
    return len(_URL.findall(source))


def render_comment(source: str) -> str:
    """Comment Markdown as sanitised HTML."""
    # NUL marks our own placeholders below; typed ones would be read as ours.
    source = source.replace("\x00", "").replace("\r\n", "\n")
    blocks = [b.strip("\n") for b in _BLANK.split(source) if b.strip()]
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
    # Code spans and links are set aside first, so that their contents (a URL's `*` or
    # `_`) are not read as emphasis; a link's label still gets emphasis of its own.
    slots: list[str] = []

    def stash(markup: str) -> str:
        slots.append(markup)
        return f"\x00{len(slots) - 1}\x00"

    escaped = _CODE.sub(lambda m: stash(f"<code>{m.group(1)}</code>"), escaped)
    escaped = _LINK.sub(
        lambda m: stash(f'<a href="{m.group(2)}">{_emphasis(m.group(1))}</a>'), escaped
    )
    escaped = _emphasis(escaped)
    # A link's label may hold a code span: its slot only points to earlier slots.
    while _SLOT.search(escaped):
        escaped = _SLOT.sub(lambda m: slots[int(m.group(1))], escaped)
    return escaped.replace("\n", "<br>")


def _emphasis(escaped: str) -> str:
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    return _ITALIC.sub(r"<em>\1</em>", escaped)
