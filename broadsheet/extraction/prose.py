"""A second reading of the page: the element that holds most of its prose, block by block.

trafilatura sometimes settles on a fragment of a long page (the lead of a list article whose
entries sit in cards, the intro of a guide whose sections are separate containers) or on
nothing at all. This reading measures where the page's prose is, so that the body can be
recovered when trafilatura kept much less than the page evidently holds.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from .block import Block
from .hygiene import clean_line
from .page import element_text

# Page furniture: nothing inside these is article prose.
_FURNITURE_TAGS = frozenset(
    {
        *("nav", "header", "footer", "aside", "form", "button", "select", "script", "style"),
        *("noscript", "template", "svg", "figure", "iframe", "dialog", "menu", "label"),
        "a",  # a paragraph inside a link is a card for another page
    }
)
_BLOCK_KINDS = {
    **dict.fromkeys(("p", "blockquote", "dd", "dt"), "p"),
    **dict.fromkeys(("h2", "h3", "h4", "h5", "h6"), "head"),
    "li": "item",
    "pre": "code",
    "tr": "row",
}
# Class or id words of containers that hold page furniture rather than the article.
_FURNITURE_NAME_RE = re.compile(
    r"related|sidebar|widget|footer|share|social|newsletter|subscri|cookie|consent"
    r"|popup|modal|promo|advert|breadcrumb|menu|navigation|recommend|author-?bio|byline"
    r"|disclaimer|signup|sign-up|cta\b"
)  # matched against lower-cased names: an IGNORECASE alternation is four times slower
# Readers' comments are never the article, however much of the page they fill.
_COMMENTS_RE = re.compile(r"comment|disqus|respond(?!\w)|replies")
# A block this much made of link text is navigation, a teaser or a tag list.
MAX_LINK_SHARE = 0.5
# A furniture element holding more than this share of the page's prose is the article's home.
FURNITURE_SHARE = 0.5
# A one- or two-sentence dek under a linked headline is a teaser; entries of a list article
# under linked names run longer.
MAX_TEASER_WORDS = 40
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# The container must hold this share of the page's prose: above it the climb stops.
CONTAINER_SHARE = 0.75
# A paragraph of fewer words carries little evidence of where the article is.
MIN_PROSE_WORDS = 8


@dataclass
class ProseReading:
    """The element that holds most of the page's prose; its blocks are read on demand."""

    container: lxml.html.HtmlElement | None = None
    words: int = 0
    furniture: set[lxml.html.HtmlElement] = field(default_factory=set)
    comments: set[lxml.html.HtmlElement] = field(default_factory=set)
    held: dict[lxml.html.HtmlElement, int] = field(default_factory=dict)
    furniture_limit: float = 0.0

    def blocks(self, *, max_blocks: int) -> list[Block]:
        """The container's text blocks in document order, furniture and comments left out."""
        if self.container is None:
            return []
        blocks: list[Block] = []
        group = 0
        outer = _OUTER_BLOCKS_XPATH(self.container)
        elements = (
            _NESTED_BLOCKS_XPATH(self.container, outer=outer)
            if outer
            else _BLOCKS_XPATH(self.container)
        )
        for element in elements:
            if len(blocks) >= max_blocks:
                break
            if not self.is_prose_place(element):
                continue
            text = _block_text(element)
            if not text or (element.tag != "tr" and _prose_words(element) == 0):
                continue
            kind = _BLOCK_KINDS.get(element.tag, "p")  # or a text <div>
            if kind != "item" or not blocks or blocks[-1].kind != "item":
                group += 1
            blocks.append(Block(text, kind, group))
        return blocks

    def is_prose_place(self, element: lxml.html.HtmlElement) -> bool:
        """Whether an element sits outside comments and outside (small) page furniture."""
        for ancestor in element.iterancestors():
            if ancestor in self.comments:
                return False
            if ancestor in self.furniture and self.held.get(ancestor, 0) <= self.furniture_limit:
                return False
        return True


# A <div> written as a paragraph: text of its own and no block inside (editors that type
# "<div>Yes, it is. If it was easy...</div>" instead of <p>).
_TEXT_DIV_TEST = (
    "text()[normalize-space()] and not(div or p or ul or ol or table or h2 or h3 or h4"
    " or blockquote or pre)"
)
_TEXT_DIV = f"self::div[{_TEXT_DIV_TEST}]"
# Outermost paragraphs, and outermost blocks, of the document (XPath runs in C).
# (A union of name tests runs several times faster in libxml2 than one "*[self::a or
# self::b]" test.)
_PARAGRAPHS_XPATH = etree.XPath(
    "(//body//p|//body//pre|//body//blockquote|//body//dd)"
    "[not(ancestor::p or ancestor::pre or ancestor::blockquote or ancestor::dd)]"
)
# (Eight words take 15 characters: shorter ones, a menu's list items, are not even read.)
_TEXT_DIVS_XPATH = etree.XPath(
    f"(//body//div[{_TEXT_DIV_TEST}]|//body//li)[not(ancestor::p or ancestor::li)]"
    "[string-length(normalize-space()) >= 15]"
)
_BLOCK_TEST = " or ".join(f"self::{tag}" for tag in _BLOCK_KINDS)
# The outermost blocks inside an element: those with no block between them and it. (Broken
# markup or a table layout may leave the whole article inside an <li> or a <tr>: blocks
# above the element do not count; the cheaper first form serves when there are none.)
_BLOCK_ANCESTOR = " or ".join(f"ancestor::{tag}" for tag in _BLOCK_KINDS)
_BLOCKS_XPATH = etree.XPath(f".//*[{_BLOCK_TEST} or {_TEXT_DIV}][not({_BLOCK_ANCESTOR})]")
_NESTED_BLOCKS_XPATH = etree.XPath(
    f".//*[{_BLOCK_TEST} or {_TEXT_DIV}][count(ancestor::*[{_BLOCK_TEST}]) = $outer]"
)
_OUTER_BLOCKS_XPATH = etree.XPath(f"count(ancestor-or-self::*[{_BLOCK_TEST}])")
_NAMED_XPATH = etree.XPath("//body/descendant::*[@class or @id]")


Paragraph = tuple[lxml.html.HtmlElement, int, list[lxml.html.HtmlElement]]


@dataclass
class ProseMeasure:
    """The page's prose paragraphs (element, words) and, in words, its loose text
    (text <div>s and text typed between blocks), which counts only as evidence of length."""

    paragraphs: list[tuple[lxml.html.HtmlElement, int]]  # element, words
    words: int
    loose_words: int

    @property
    def page_words(self) -> int:
        """All the running text the page evidently holds, wherever it sits."""
        return self.words + self.loose_words


# Containers with text typed straight in between their blocks ("<div>Text <h2>..</h2> more").
_LOOSE_TEXT_XPATH = etree.XPath(
    "(//body//div|//body//section|//body//article|//body//main|//body//td)"
    "[p or div or h2 or h3 or ul or ol or table][text()[string-length(normalize-space()) > 30]]"
)


def measure_prose(tree: lxml.html.HtmlElement) -> ProseMeasure:
    """Count the page's prose: paragraphs of MIN_PROSE_WORDS words, and loose text."""
    paragraphs = []
    for element in _PARAGRAPHS_XPATH(tree):
        words = _prose_words(element, at_least=MIN_PROSE_WORDS)
        if words:
            paragraphs.append((element, words))
    loose = 0
    for element in _TEXT_DIVS_XPATH(tree):
        words = _prose_words(element, at_least=MIN_PROSE_WORDS)
        if words and not _is_hidden(element):
            loose += words
    for element in _LOOSE_TEXT_XPATH(tree):
        pieces = [element.text or "", *(child.tail or "" for child in element)]
        words = sum(n for n in (len(piece.split()) for piece in pieces) if n >= MIN_PROSE_WORDS)
        if words and not _is_hidden(element):
            loose += words
    return ProseMeasure(paragraphs, sum(words for _, words in paragraphs), loose)


def _is_hidden(element: lxml.html.HtmlElement) -> bool:
    """Whether a browser hides the element (it or an ancestor is hidden or display:none).

    (The attribute tests in Python: an XPath over the ancestors took nearly twice as long.)
    """
    for node in (element, *element.iterancestors()):
        if node.get("hidden") is not None or node.get("aria-hidden") == "true":
            return True
        if "display:none" in node.get("style", "").replace(" ", ""):
            return True
    return False


def read_prose(
    tree: lxml.html.HtmlElement, measure: ProseMeasure | None = None, *, at_least: float = 0
) -> ProseReading:
    """Find the page's main prose container and count its words.

    The reading is empty when the page has no prose, or fewer than at_least words of it in
    all (a cheap count that spares the rest of the work on most pages).
    """
    measure = measure or measure_prose(tree)
    total = measure.words
    reading = ProseReading()
    if not total or total < at_least:
        return reading
    paragraphs = [
        (element, words, list(element.iterancestors())) for element, words in measure.paragraphs
    ]
    body = tree.find("body")
    reading.furniture = set((body if body is not None else tree).iter(*_FURNITURE_TAGS))
    named: dict[str, list[lxml.html.HtmlElement]] = defaultdict(list)
    for element in _NAMED_XPATH(tree):
        kind = _name_kind(f"{element.get('class', '')} {element.get('id', '')}")
        if kind == _COMMENTS:
            reading.comments.add(element)
        elif kind:
            named[kind].append(element)
    reading.furniture_limit = FURNITURE_SHARE * total
    reading.furniture.update(_furniture_by_name(named, paragraphs, reading.furniture_limit))
    # A "footer" or "header" holding most of the page's prose is no furniture: broken markup
    # left the article inside it, or a template named a list article's entries so.
    held: dict[lxml.html.HtmlElement, int] = defaultdict(int)
    for _, words, ancestors in paragraphs:
        for ancestor in ancestors:
            if ancestor in reading.furniture:
                held[ancestor] += words
    reading.held = held
    weights: dict[lxml.html.HtmlElement, int] = defaultdict(int)
    prose_total = 0
    comments, furniture, limit = reading.comments, reading.furniture, reading.furniture_limit
    for _, words, ancestors in paragraphs:
        # is_prose_place, on the ancestors already listed
        if not any(
            a in comments or (a in furniture and held.get(a, 0) <= limit) for a in ancestors
        ):
            prose_total += words
            for ancestor in ancestors:
                weights[ancestor] += words
    if prose_total:
        reading.container = _container(body if body is not None else tree, weights, prose_total)
        reading.words = weights.get(reading.container, prose_total)
    return reading


_COMMENTS = "\ncomments"  # a kind no class token can spell


@functools.lru_cache(maxsize=4096)
def _name_kind(names: str) -> str:
    """_COMMENTS, the furniture token a class/id string holds, or "" (pages repeat names)."""
    names = names.lower()
    if _COMMENTS_RE.search(names):
        return _COMMENTS
    match = _FURNITURE_NAME_RE.search(names)
    return _name_token(names, match.start()) if match else ""


def _name_token(names: str, position: int) -> str:
    """The whole class or id token around a match ("elementor-widget-container")."""
    start = names.rfind(" ", 0, position) + 1
    end = names.find(" ", position)
    return names[start : end if end >= 0 else len(names)]


def _furniture_by_name(
    named: dict[str, list[lxml.html.HtmlElement]],
    paragraphs: list[Paragraph],
    limit: float,
) -> set[lxml.html.HtmlElement]:
    """Elements named like furniture, except those whose name marks most of the page's prose.

    A template that wraps every block of the article in, say, "elementor-widget-container"
    uses the word for its own layout: that name holds the article, not a sidebar.
    """
    members = {element: token for token, elements in named.items() for element in elements}
    held: dict[str, int] = defaultdict(int)
    for _, words, ancestors in paragraphs:
        for token in {members[a] for a in ancestors if a in members}:
            held[token] += words
    return {
        element
        for token, elements in named.items()
        if held.get(token, 0) <= limit
        for element in elements
    }


def _container(
    root: lxml.html.HtmlElement, weights: dict[lxml.html.HtmlElement, int], total: int
) -> lxml.html.HtmlElement:
    """The deepest element still holding CONTAINER_SHARE of the prose."""
    current = root
    while True:
        heavy = [child for child in current if weights.get(child, 0) >= CONTAINER_SHARE * total]
        if not heavy:
            return current
        current = heavy[0]


def _prose_words(element: lxml.html.HtmlElement, *, at_least: int = 1) -> int:
    text = element.text_content()
    words = len(text.split())
    if words < at_least:
        return 0
    linked = sum(len((a.text_content() or "").split()) for a in _links_away(element))
    if linked > MAX_LINK_SHARE * words:
        return 0
    return 0 if words < MAX_TEASER_WORDS and _follows_headline_link(element) else words


def _links_away(element: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The element's links, but its own permalinks: a heading linked to itself
    ("<h3 id=tips><a href='#tips'>Tips</a></h3>") is no link to another page (an entry of a
    table of contents, linked to a section elsewhere, still is), nor is an <a> without href."""
    links = [a for a in element.iter("a") if a.get("href") is not None]
    if not any(a.get("href", "").startswith("#") for a in links):
        return links
    own = {f"#{node.get('id')}" for node in element.iter() if node.get("id")}
    return [a for a in links if a.get("href") not in own]


def _follows_headline_link(element: lxml.html.HtmlElement) -> bool:
    """Whether a paragraph is the dek under a linked headline (a teaser for another page)."""
    for node in (element, element.getparent()):
        if node is None:
            continue
        previous = node.getprevious()
        if previous is None or not isinstance(previous.tag, str):
            continue
        if previous.tag == "a" or previous.tag in _HEADINGS:
            text = " ".join(previous.text_content().split())
            linked = " ".join(" ".join(a.text_content().split()) for a in _links_away(previous))
            if text and len(linked) >= 0.8 * len(text):
                return True
    return False


def _block_text(element: lxml.html.HtmlElement) -> str:
    if element.tag == "tr":
        cells = [element_text(cell) for cell in element if cell.tag in ("td", "th")]
        return " | ".join(cell for cell in cells if cell)
    if element.tag == "pre":
        return "\n".join(clean_line(line) for line in element.text_content().splitlines()).strip()
    return element_text(element)
