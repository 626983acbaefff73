"""trafilatura's extraction cascade, run once for both of its modes.

The body is trafilatura's quick reading (fast mode) unless that reading looks short, when
it is re-read with trafilatura's comparison against readability and justext. Calling
bare_extraction twice for that repeated the whole cascade: a copy of the page, the pruning
of comment sections (regular expressions run on every element, about an eighth of the
cascade's cost), cleaning, tag conversion and the main extractor, only to add the
comparison. Here the cascade runs its shared stages once (`start`), and each reading
(`Cascade.body`) adds only what its mode adds: the comparison, then trafilatura's own
rescue stages (the baseline on the raw page, the recall retry) and bare_extraction's size
checks.

The stages follow trafilatura.core.trafilatura_sequence of the pinned trafilatura (2.3.1)
with comments off; `test_cascade.py` checks that both readings equal bare_extraction's.
One difference is kept on purpose: the compared reading starts from the quick reading's
main extractor, which keeps teaser-classed blocks when it recovers loose text on a page
whose main pass found under MIN_EXTRACTED_SIZE characters (trafilatura's full mode drops
them before comparing).
"""

from __future__ import annotations

import copy
import functools
import logging
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree
from trafilatura.baseline import _spaced_text, baseline
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_JUSTEXT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,
    _recall_retry,
)
from trafilatura.external import compare_extraction, justext_rescue
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import _COOKIE_CONSENT_RE, DEFAULT_CONFIG, Extractor
from trafilatura.xml import delete_element
from trafilatura.xpaths import _COMMENTS_CLASS, _COMMENTS_ID

from . import frames  # noqa: F401 - installs the frame walks
from .sections import MAX_CACHED_CHARS, python_walks

LOGGER = logging.getLogger(__name__)


@functools.cache
def _template(fast: bool, favor_recall: bool) -> Extractor:
    return Extractor(
        config=DEFAULT_CONFIG,
        output_format="xml",
        fast=fast,
        recall=favor_recall,
        comments=False,
        tables=True,
        images=False,
        links=False,
    )


def _options(url: str | None, *, fast: bool, favor_recall: bool) -> Extractor:
    """trafilatura's options for one page: a copy of the mode's (reading the config each
    time cost a quarter of a millisecond), with the page's URL as Extractor sets it."""
    options = copy.copy(_template(fast, favor_recall))
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    return options


@dataclass
class Cascade:
    """The shared stages of one page's cascade: its pruned copy and the main extractor's pick."""

    tree: lxml.html.HtmlElement  # the page, comment sections pruned (trafilatura's raw tree)
    main: etree._Element  # the main extractor's body
    text: str
    url: str | None
    favor_recall: bool
    page_chars: int | None = None  # the raw page's text length, measured once for both modes

    def body(self, *, compare: bool) -> etree._Element | None:
        """trafilatura's body in fast mode, or (compare) in its full mode; None if too short.

        The full mode's comparison reads the page cleaned but not converted (justext reads
        it): trafilatura copies that tree on every page, here it is cleaned again from the
        raw tree on the pages that ask for the comparison (the same tree: the raw one is
        never changed, and cleaning reads only what both modes share).
        """
        options = _options(self.url, fast=not compare, favor_recall=self.favor_recall)
        body, text = self.main, self.text
        try:
            with python_walks():
                if compare:
                    raw = copy.copy(self.tree)  # readability rewrites what it is given
                    backup = tree_cleaning(copy.copy(self.tree), options)
                    body, text = compare_extraction(backup, raw, body, text, options)
                body, text = _rescue(self, body, text, options)
        except Exception as exc:  # a page trafilatura chokes on simply has no body for us
            LOGGER.debug("trafilatura failed on %s: %s", self.url, exc)
            return None
        return _sized(body, text, options)


def start(
    tree: lxml.html.HtmlElement, *, url: str | None, favor_recall: bool = False
) -> Cascade | None:
    """Run the stages both modes share on a copy of the page (the caller's tree is kept)."""
    options = _options(url, fast=True, favor_recall=favor_recall)
    try:
        raw = copy.copy(tree)
        is_forum = _forum_thread_page(raw)
        prune_raw_tree(raw, comments=not is_forum)  # comments off: a forum's posts stay
        # trafilatura's _prepare_tree without its copy of the cleaned tree (see Cascade.body)
        cleaned = convert_tags(tree_cleaning(copy.copy(raw), options), options, url)
        with python_walks():
            main, text = extract_content(cleaned, options)
    except Exception as exc:
        LOGGER.debug("trafilatura failed on %s: %s", url, exc)
        return None
    return Cascade(raw, main, text, url, favor_recall)


# trafilatura's raw-tree prunes (xpaths.RAW_TREE_PRUNE_XPATH, then
# REMOVE_COMMENTS_AND_LISTS_XPATH), which test class and id with EXSLT regular expressions:
# libxml2 calls back into Python for each test, twice per <div> of the page (an eighth of
# trafilatura's cost). The same tests, run here in one loop over the same elements.
_SCROLL_TAGS = frozenset({"div", "section", "aside"})
_SCROLL_RE = re.compile(r"mvp-post-add-(?:box|wrap)|infinite-?scroll")
_APPENDED_RE = re.compile(r"mvp-post-add-(?:box|wrap)")
_SHARE_BUTTONS = "elementor-share-buttons"
_COMMENT_TAGS = frozenset({"div", "list", "section", "details", "ol", "ul"})
_COMMENTS_ID_RE = re.compile(f"^(?:{_COMMENTS_ID}|disqus_thread|dsq-comments)")
_COMMENTS_LIST_ID_RE = re.compile(f"^(?:{_COMMENTS_ID})")
_COMMENTS_CLASS_RE = re.compile(_COMMENTS_CLASS)
_RAW_TAGS = tuple(_SCROLL_TAGS | _COMMENT_TAGS)
# What an element's tag, id and class say (_raw_marks): appended outright, appended unless
# it holds an <h1>, share buttons, a comment section.
_APPENDED, _SCROLL, _SHARES, _COMMENTS = 1, 2, 4, 8


def prune_raw_tree(tree: lxml.html.HtmlElement, *, comments: bool) -> None:
    """Remove infinite-scroll containers, share buttons and (comments) comment sections.

    One walk finds all three (trafilatura runs one XPath after the other's removals: the
    same, since what a removed element holds is removed with it).
    """
    appended, shares, sections = [], [], []
    for element in tree.iterdescendants(*_RAW_TAGS):
        ident, names = element.get("id"), element.get("class")
        if ident is None and names is None:
            continue
        ident, names = ident or "", names or ""
        short = len(ident) + len(names) <= MAX_CACHED_CHARS
        marks = (_raw_marks if short else _raw_marks.__wrapped__)(element.tag, ident, names)
        if marks & _APPENDED or (marks & _SCROLL and next(element.iter("h1"), None) is None):
            appended.append(element)
        if marks & _SHARES:
            shares.append(element)
        if comments and marks & _COMMENTS:
            sections.append(element)
    for element in appended + shares + sections:
        delete_element(element)


# A page repeats its class names: each distinct tag, id and class is judged once.
@functools.lru_cache(maxsize=8192)
def _raw_marks(tag: str, ident: str, names: str) -> int:
    marks = 0
    if tag in _SCROLL_TAGS:
        if _APPENDED_RE.search(ident) or _APPENDED_RE.search(names):
            marks |= _APPENDED
        elif _SCROLL_RE.search(ident) or _SCROLL_RE.search(names):
            marks |= _SCROLL
        if _SHARE_BUTTONS in names:
            marks |= _SHARES
    if tag in _COMMENT_TAGS and _is_comments(tag, ident, names):
        marks |= _COMMENTS
    return marks


def _is_comments(tag: str, ident: str, names: str) -> bool:
    if _COMMENTS_CLASS_RE.search(names):
        return True
    if tag in ("ol", "ul"):
        return bool(_COMMENTS_LIST_ID_RE.search(ident))
    return bool(_COMMENTS_ID_RE.search(ident))


def _rescue(
    started: Cascade, body: etree._Element, text: str, options: Extractor
) -> tuple[etree._Element, str]:
    """trafilatura's stages 3 and 4: the baseline on the raw page, the recall escalation."""
    tree = started.tree
    if len(text) < options.min_extracted_size and options.focus != "precision":
        b_body, b_text, b_len = baseline(tree)
        if b_len > len(text):
            body, text = b_body, b_text
    if not (options.focus == "balanced" and 0 < len(text) < ESCALATION_MAX_LENGTH):
        return body, text
    if started.page_chars is None:
        started.page_chars = page_text_length(tree)  # once for both modes
    if len(text) >= ESCALATION_PAGE_SHARE * started.page_chars:
        return body, text
    r_options = copy.copy(options)
    r_options.focus = "recall"
    r_text = j_text = ""
    try:
        r_body, r_text = _recall_retry(tree, r_options, options.url)
    except Exception as exc:  # pragma: no cover - as trafilatura: the retry is optional
        LOGGER.debug("recall retry failed on %s: %s", options.url, exc)
    if not options.fast:
        try:
            j_body, j_text = justext_rescue(copy.copy(tree), options)
        except Exception as exc:  # pragma: no cover
            LOGGER.debug("justext candidate failed on %s: %s", options.url, exc)
    if len(j_text) > len(r_text) and len(j_text) > ESCALATION_JUSTEXT_RATIO * len(text):
        return j_body, j_text
    if len(r_text) >= options.min_extracted_size and len(r_text) > ESCALATION_ACCEPT_RATIO * len(
        text
    ):
        return r_body, r_text
    return body, text


# baseline.html2txt's cleaning (settings.BASIC_CLEAN_XPATH): asides, footers, scripts...
# and any element whose class or id names a cookie banner, an EXSLT test run on every
# element of the page (a quarter of trafilatura's own cost on a short news page).
_CLEANED_TAGS = frozenset({"aside", "fencedframe", "footer", "script", "style", "svg", "template"})
_COOKIE_RE = re.compile(_COOKIE_CONSENT_RE, re.IGNORECASE)


def page_text_length(tree: lxml.html.HtmlElement) -> int:
    """len(trafilatura.baseline.html2txt(tree)): the page's text after html2txt's cleaning."""
    page = copy.copy(tree)  # the steps below modify the tree
    body = page.find(".//body")
    if body is None:
        body = page
    cleaned = [element for element in body.iterdescendants() if _is_cleaned(element)]
    for element in cleaned:
        delete_element(element)
    return len(_spaced_text(body))


def _is_cleaned(element: lxml.html.HtmlElement) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return False
    if tag in _CLEANED_TAGS:
        return True
    if tag == "div":
        # contains(@class|@id, 'footer'): the first of the two attributes in the markup.
        first = next((value for key, value in element.attrib.items() if key in ("class", "id")), "")
        if "footer" in first:
            return True
    names = element.get("class")
    ident = element.get("id")
    return bool((names and _COOKIE_RE.search(names)) or (ident and _COOKIE_RE.search(ident)))


def _sized(body: etree._Element, text: str, options: Extractor) -> etree._Element | None:
    """bare_extraction's checks: an oversized tree loses its inline markup, a short text is none."""
    if options.max_tree_size and len(body) > options.max_tree_size:
        etree.strip_tags(body, "hi")
        if len(body) > options.max_tree_size:
            return None
    if len(text) < options.min_output_size:
        return None
    return body
