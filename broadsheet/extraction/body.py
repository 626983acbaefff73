"""The article body: trafilatura's main-content tree rendered into clean paragraphs."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import lxml.html
from lxml import etree
from trafilatura.core import bare_extraction
from trafilatura.settings import DEFAULT_CONFIG

from .repairs import prepare_tree
from .text import clean_line

LOGGER = logging.getLogger(__name__)

# trafilatura's output vocabulary: these start a new paragraph; everything else is inline.
_BLOCK_TAGS = frozenset({"p", "head", "quote", "list", "item", "table", "row", "code", "div"})
_CELL_TAGS = frozenset({"cell"})
_SKIP_TAGS = frozenset({"graphic", "fw", "note"})


@dataclass(frozen=True)
class Block:
    """One paragraph of the body with the kind of element it came from."""

    text: str
    kind: str  # p, head, item, quote, row, code, ...
    group: int  # index of the top-level element it belongs to (items of one list share it)


# No article has this many paragraphs; beyond it the rest is dropped to bound the filters' work.
MAX_BLOCKS = 3000
# A precision-mode extraction shorter than this may have stopped at the first paragraph;
# it is re-run with trafilatura's external comparison (readability/justext), which is slower.
SHORT_BODY_CHARS = 1000


def extract_blocks(tree: lxml.html.HtmlElement, *, url: str | None) -> list[Block]:
    """The main content of a page as paragraph blocks (trafilatura in precision mode)."""
    prepare_tree(tree)
    body = trafilatura_body(tree, url=url, fast=True)
    blocks = render_blocks(body) if body is not None else []
    if sum(len(b.text) for b in blocks) < SHORT_BODY_CHARS:
        slow = trafilatura_body(tree, url=url, fast=False)
        slow_blocks = render_blocks(slow) if slow is not None else []
        if sum(len(b.text) for b in slow_blocks) > sum(len(b.text) for b in blocks):
            blocks = slow_blocks
    return blocks[:MAX_BLOCKS]


def trafilatura_body(
    tree: lxml.html.HtmlElement, *, url: str | None, fast: bool
) -> etree._Element | None:
    """Run trafilatura's main-content extraction on a parsed page and return its XML body."""
    try:
        document = bare_extraction(
            tree,
            url=url,
            fast=fast,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=False,
            output_format="xml",
            config=DEFAULT_CONFIG,
        )
    except Exception as exc:  # a page trafilatura chokes on simply has no body for us
        LOGGER.debug("trafilatura failed on %s: %s", url, exc)
        return None
    if document is None or isinstance(document, dict):
        return None
    return document.body


def render_blocks(body: etree._Element) -> list[Block]:
    """Blocks of a trafilatura XML body; <lb/> becomes a line break within a block."""
    blocks: list[Block] = []
    buffer: list[str] = []
    kinds: list[str] = ["p"]
    group = 0

    def flush() -> None:
        if buffer:
            lines = (clean_line(line) for line in "".join(buffer).split("\n"))
            text = "\n".join(line for line in lines if line)
            if text:
                blocks.append(Block(text, kinds[-1], group))
            buffer.clear()

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
            kinds.append(tag)
        elif tag == "lb":
            buffer.append("\n")
        elif tag in _CELL_TAGS and el.getprevious() is not None:
            buffer.append(" | ")
        if el.text:
            buffer.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                # A block's tail is loose text after it: a paragraph of its own.
                buffer.append(child.tail)
        if block:
            flush()
            kinds.pop()

    for index, child in enumerate(body):
        group = index
        walk(child)
        if child.tail:
            buffer.append(child.tail)
            flush()
    flush()
    return blocks
