"""The article body: trafilatura's main-content tree rendered into clean paragraphs.

trafilatura runs in its balanced (default) mode: precision mode dropped whole sections of
guides and reviews (WCXB article pages: recall 0.908 against 0.942). Page furniture it lets
through is the boilerplate filters' job. When its reading holds much less than the page's
prose (see prose.py), the prose reading replaces it.
"""

from __future__ import annotations

import re
from collections import Counter

import lxml.html
from lxml import etree

from . import cascade
from .block import Block
from .hygiene import clean_line, normalize_for_compare
from .page import element_text
from .prose import ProseMeasure, ProseReading, measure_prose, read_prose
from .questions import restore_questions
from .repairs import prepare_tree, promote_loose_text
from .tail import container_words, cut_outside, ends_inside

# trafilatura's output vocabulary: these start a new paragraph; everything else is inline.
_BLOCK_TAGS = frozenset({"p", "head", "quote", "list", "item", "table", "row", "code", "div"})
# trafilatura leaves a table it meets inside a list item as bare HTML cells, with no row or
# table around them: they are cells too, not inline text to run together.
_CELL_TAGS = frozenset({"cell", "td", "th"})
_SKIP_TAGS = frozenset({"graphic", "fw", "note"})


# No article has this many paragraphs; beyond it the rest is dropped to bound the filters' work.
MAX_BLOCKS = 3000
# An extraction shorter than this may have stopped at the first paragraph; it is re-run
# with trafilatura's external comparison (readability/justext), which is slower.
SHORT_BODY_CHARS = 1000
# A quick reading holding less than this share of the page's running text is re-run with
# the comparison too.
COMPARE_SHARE = 0.6
# trafilatura's reading is replaced by the prose reading when it holds less than this share
# of the words of the page's prose container...
RECOVER_SHARE = 0.5
# ...and the container is a long text (a short page's prose is as likely a teaser list), or
# trafilatura found next to nothing.
RECOVER_MIN_WORDS = 300
NOTHING_WORDS = 40
# The prose container is read as well when trafilatura's reading holds under this share of
# the page's running text; it replaces that reading when it holds WIDEN_OVERLAP of its
# words and WIDEN_GAIN times as many in all.
WIDEN_SHARE = 0.9
WIDEN_OVERLAP = 0.9
WIDEN_GAIN = 1.3
# A single block this long that holds this many of the page's prose paragraphs (found by
# their first characters) is the page's whole text run together (see is_page_dump).
DUMP_WORDS = 300
DUMP_PARAGRAPHS = 3
DUMP_PROBE_CHARS = 60
_WORD_RE = re.compile(r"\w+")


def extract_blocks(
    tree: lxml.html.HtmlElement, *, url: str | None, faq: bool = False
) -> list[Block]:
    """The main content of a page as paragraph blocks (`faq`: a heading announces a FAQ)."""
    prepare_tree(tree)
    started = cascade.start(tree, url=url)
    # trafilatura reads its own copy: loose sentences become paragraphs for the prose reading.
    promote_loose_text(tree)
    body = started.body(compare=False) if started is not None else None
    blocks = render_blocks(body) if body is not None else []
    measure = measure_prose(tree)
    dump = is_page_dump(blocks, measure)
    if started is not None and (dump or should_compare(blocks, page_words=measure.page_words)):
        slow = started.body(compare=True)
        slow_blocks = render_blocks(slow) if slow is not None else []
        slow_dump = is_page_dump(slow_blocks, measure)
        longer = sum(len(b.text) for b in slow_blocks) > sum(len(b.text) for b in blocks)
        if (dump and not slow_dump and slow_blocks) or (longer and dump == slow_dump):
            blocks, dump = slow_blocks, slow_dump
    # A dump of the whole page's text counts as no reading: the prose reading replaces it.
    words = 0 if dump else count_block_words(blocks)
    # The page may hold more than trafilatura's reading: its container's span may replace
    # it (widen) or lend it the headings, items and rows it dropped (merge).
    may_widen = words < WIDEN_SHARE * measure.page_words
    # The container is read on every page: what the reading holds after it is a tail.
    reading = read_prose(tree, measure)
    if dump and reading.words < NOTHING_WORDS:
        return blocks[:MAX_BLOCKS]  # next to no prose elsewhere: the dump is all there is
    if should_recover(words, prose_words=reading.words):
        return reading.blocks(max_blocks=MAX_BLOCKS)
    if reading.container is None:
        return blocks[:MAX_BLOCKS]
    if may_widen or _holds_more_structure(reading, blocks):
        wider = reading.blocks(max_blocks=MAX_BLOCKS)
        first, last = _span_of(wider, blocks)
        if may_widen and should_widen(blocks, wider[first:last]):
            return wider[first:last]
        blocks = merge_structure(blocks, wider[_lead_of(wider, first) : last])
    # Most readings start and end inside the container: its text run together (a quick
    # serialisation, which glues words across block boundaries) shows it without the
    # slower walk that parts the blocks.
    if faq:
        blocks = restore_questions(blocks, tree)
    quick = container_words(etree.tostring(reading.container, method="text", encoding=str))
    if blocks and not ends_inside(blocks, quick):
        blocks = cut_outside(blocks, container_words(element_text(reading.container)))
    return blocks[:MAX_BLOCKS]


# Blocks of these kinds are what trafilatura drops inside an article it otherwise keeps.
_STRUCTURE_KINDS = frozenset({"head", "item", "row"})
# A block of trafilatura's reading this long found inside a block of the span is the same
# text, read as a bigger block.
_SAME_TEXT_CHARS = 30


_STRUCTURE_COUNT_XPATH = etree.XPath(
    "count((.//h2|.//h3|.//h4|.//h5|.//h6|.//li|.//tr)"
    "[not(ancestor::nav or ancestor::footer or ancestor::aside or ancestor::form or ancestor::a)]"
    "[string-length(normalize-space()) >= 20])"
)


def _holds_more_structure(reading: ProseReading, blocks: list[Block]) -> bool:
    """Whether the prose container holds more heading, item and row elements than the
    reading has such blocks (a cheap count: when it fails there is nothing to merge)."""
    kept = sum(block.kind in _STRUCTURE_KINDS for block in blocks)
    return bool(_STRUCTURE_COUNT_XPATH(reading.container) > kept)


def merge_structure(blocks: list[Block], span: list[Block]) -> list[Block]:
    """trafilatura's reading with the sub-headings, list items and table rows it dropped.

    trafilatura often keeps every paragraph of a guide or list article but drops its
    headings, lists and tables. Those the prose container holds between two of the
    reading's paragraphs are put back after the paragraph they follow; the reading itself
    is kept whole (its blocks outside the container too). Paragraphs are never added: a
    paragraph trafilatura left out between two it kept is more often a product box, an
    author's bio or an ad than the article.
    """
    if not span:
        return blocks
    known: dict[str, int] = {}
    for index, block in enumerate(blocks):
        known.setdefault(normalize_for_compare(block.text), index)
    joined = "\n".join(known)
    long_ones = [norm for norm in known if len(norm) > _SAME_TEXT_CHARS]
    inserts: dict[int, list[Block]] = {}
    anchor = first = -1
    for block in span:
        norm = normalize_for_compare(block.text)
        if norm in known:
            anchor = known[norm]
            first = anchor if first < 0 else first
        elif (
            block.kind in _STRUCTURE_KINDS
            and norm
            and norm not in joined  # a part of one of the reading's blocks
            and not any(text in norm for text in long_ones)  # the reading's block, and more
        ):
            inserts.setdefault(anchor, []).append(block)
    if not inserts:
        return blocks
    merged: list[Block] = []
    for index, block in enumerate(blocks):
        if index == first:  # what the span holds above the reading's first block
            merged.extend(inserts.get(-1, ()))
        merged.append(block)
        merged.extend(inserts.get(index, ()))
    return merged


def should_widen(blocks: list[Block], wider: list[Block]) -> bool:
    """Whether the prose container's blocks are trafilatura's reading and much more.

    trafilatura drops the headed sections, lists and tables of many guides and list
    articles while keeping their paragraphs. When the container holds all but a few of the
    words trafilatura kept and WIDEN_GAIN times as many, it is the same article, whole.
    """
    words = count_block_words(blocks)
    if count_block_words(wider) < WIDEN_GAIN * words:
        return False
    kept = _word_bag(blocks)
    overlap = sum((kept & _word_bag(wider)).values())
    return overlap >= WIDEN_OVERLAP * sum(kept.values())


def _span_of(wider: list[Block], blocks: list[Block]) -> tuple[int, int]:
    """The part of the wider reading from the first to the last paragraph of `blocks`
    (as a slice's bounds; empty when it holds none of them).

    What the container holds before trafilatura's first paragraph or after its last one
    (a site banner, "Recent articles", testimonials) is left out; what lies between them
    (the sub-headings, lists and tables of the article) is what the wider reading adds.
    """
    known = {normalize_for_compare(block.text) for block in blocks}
    inside = [i for i, block in enumerate(wider) if normalize_for_compare(block.text) in known]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


def _lead_of(wider: list[Block], first: int) -> int:
    """Where the run of sub-headings, list items and rows right above `first` starts.

    A guide's "TL;DR" or "Key takeaways" list, or a section's heading, sits right above
    the first paragraph trafilatura kept; a banner or a byline above them is no such run.
    """
    start = first
    while start > 0 and wider[start - 1].kind in _STRUCTURE_KINDS:
        start -= 1
    return start


def _word_bag(blocks: list[Block]) -> Counter[str]:
    return Counter(word for block in blocks for word in _WORD_RE.findall(block.text.lower()))


def fallback_blocks(tree: lxml.html.HtmlElement, *, url: str | None) -> list[Block]:
    """trafilatura's reading of an unprepared page in recall mode, with its comparison."""
    started = cascade.start(tree, url=url, favor_recall=True)
    body = started.body(compare=True) if started is not None else None
    return render_blocks(body)[:MAX_BLOCKS] if body is not None else []


def is_page_dump(blocks: list[Block], measure: ProseMeasure) -> bool:
    """Whether a reading is the page's whole text run together rather than its paragraphs.

    When trafilatura finds no main content it falls back on the text of the entire page
    (menus, share buttons, the article, the footer) in one block. A block of DUMP_WORDS or
    more that holds DUMP_PARAGRAPHS or more of the page's prose paragraphs is such a dump.
    (An article typed as loose text, with no paragraphs of its own, is no dump.)
    """
    biggest = max(blocks, key=lambda block: len(block.text), default=None)
    if biggest is None or len(biggest.text.split()) < DUMP_WORDS:
        return False
    text = " ".join(biggest.text.split())
    found = 0
    for element, _ in measure.paragraphs:
        opening = " ".join(element.text_content().split())[:DUMP_PROBE_CHARS]
        found += opening in text
        if found >= DUMP_PARAGRAPHS:
            return True
    return False


def should_compare(blocks: list[Block], *, page_words: int) -> bool:
    """Whether trafilatura's quick reading may have stopped short: re-run it with comparison.

    It is short in itself, or it holds under COMPARE_SHARE of the running text the page
    shows (paragraphs and loose text anywhere on the page, so the bar sits high).
    """
    if sum(len(b.text) for b in blocks) < SHORT_BODY_CHARS:
        return True
    return count_block_words(blocks) < COMPARE_SHARE * page_words


def should_recover(words: int, *, prose_words: int) -> bool:
    """Whether trafilatura's reading (words) kept so little of the page's prose that it is lost."""
    if words >= RECOVER_SHARE * prose_words:
        return False
    return prose_words >= RECOVER_MIN_WORDS or words < NOTHING_WORDS


def count_block_words(blocks: list[Block]) -> int:
    """Words in a list of blocks (split on whitespace)."""
    return sum(len(block.text.split()) for block in blocks)


# Blocks of trafilatura's output that hold running text: a <code> inside one is inline.
_TEXT_BLOCK_TAGS = frozenset({"p", "head", "item", "quote"})


def _is_inline_code(el: etree._Element, tag: str) -> bool:
    if tag != "code":
        return False
    parent = el.getparent()
    return parent is not None and parent.tag in _TEXT_BLOCK_TAGS and "\n" not in (el.text or "")


def _tag_of(el: etree._Element | None) -> str:
    return el.tag if el is not None and isinstance(el.tag, str) else ""


def render_blocks(body: etree._Element) -> list[Block]:
    """Blocks of a trafilatura XML body; <lb/> becomes a line break within a block."""
    blocks: list[Block] = []
    buffer: list[str] = []
    kinds: list[str] = ["p"]
    group = 0

    def flush() -> None:
        if buffer:
            lines = (clean_line(line) for line in "".join(buffer).split("\n"))
            # A table row is one line, whatever its cells hold.
            text = (" " if kinds[-1] == "row" else "\n").join(line for line in lines if line)
            if text:
                blocks.append(Block(text, kinds[-1], group))
            buffer.clear()

    def walk(el: etree._Element, in_row: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        # A table row is one line: paragraphs inside its cells do not break it up. Code
        # inside a sentence ("call <code>array.push()</code> instead") is part of it.
        block = tag in _BLOCK_TAGS and not in_row and not _is_inline_code(el, tag)
        if in_row and tag in _BLOCK_TAGS and buffer and not buffer[-1].endswith(("| ", " ")):
            buffer.append(" ")
        if block:
            flush()
            kinds.append(tag)
        elif tag == "lb":
            buffer.append("\n")
        elif tag in _CELL_TAGS and _tag_of(el.getprevious()) in _CELL_TAGS:
            buffer.append(" | ")
        inside = in_row or tag == "row"
        if el.text:
            buffer.append(el.text)
        for child in el:
            walk(child, inside)
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
