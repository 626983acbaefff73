"""trafilatura's section prune (OVERALL_DISCARD_XPATH) as one Python loop, same result.

trafilatura's main extractor prunes every candidate frame with two XPaths whose class and
id tests are EXSLT regular expressions: libxml2 calls back into Python for each test, on
every element of the frame (extract_article took a tenth less CPU a page without them). Here
the same tests run in one walk over the frame. While `python_walks()` is active, the
cascade's calls into trafilatura's main extractor use this walk; outside it (trafilatura
called directly, as the benchmark's baseline does) trafilatura's own XPaths run.
`test_sections.py` checks the walk against the XPaths element by element.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from collections.abc import Iterator

import lxml.html
from lxml import etree
from trafilatura import main_extractor
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.xpaths import (
    _CONSENT_ID_CLASS_TOKENS,
    _OVERALL_DISCARD_BOTH_TOKENS,
    _OVERALL_DISCARD_CLASS_TOKENS,
    _OVERALL_DISCARD_ID_TOKENS,
    OVERALL_DISCARD_XPATH,
)

# The first XPath: these tags, tested on role, data attributes, id and class.
_SECTION_TAGS = frozenset({"div", "item", "list", "p", "section", "span"})
_CONSENT_RE = re.compile("|".join(_CONSENT_ID_CLASS_TOKENS))
_ID_RE = re.compile("|".join(_OVERALL_DISCARD_BOTH_TOKENS + _OVERALL_DISCARD_ID_TOKENS))
_CLASS_RE = re.compile("|".join(_OVERALL_DISCARD_BOTH_TOKENS + _OVERALL_DISCARD_CLASS_TOKENS))
# The second XPath: any element, tested for hidden and comment-form furniture.
_HIDDEN_ID_RE = re.compile("reader-comments|akismet")
_HIDDEN_CLASS_RE = re.compile(
    "^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print"
    "| hidden| hide|noprint|notloaded"
)
# Elements with none of these attributes match neither XPath.
_TESTED = frozenset(
    {"id", "class", "style", "role", "aria-hidden", "data-component", "data-lp-replacement-content"}
)


def section_matches(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """What OVERALL_DISCARD_XPATH selects under tree: the first XPath's elements, then the
    second's not already selected, each in document order."""
    first, second = [], []
    for element in tree.iterdescendants(etree.Element):
        keys = element.keys()
        if not keys or _TESTED.isdisjoint(keys):
            continue
        tested = tuple(item for item in element.items() if item[0] in _TESTED)
        judge = _verdict if sum(len(v) for _, v in tested) <= MAX_CACHED_CHARS else _judge
        verdict = judge(element.tag in _SECTION_TAGS, tested)
        if verdict == _SECTION:
            first.append(element)
        elif verdict == _HIDDEN:
            second.append(element)
    return first + second


_SECTION, _HIDDEN = 1, 2
# The walks' verdicts are cached per distinct attribute values (here, frames.py and
# cascade.py); longer values (an inline style holding a data: URI) are judged uncached, so
# each cache stays within a few megabytes.
MAX_CACHED_CHARS = 1000


def _judge(section_tag: bool, items: tuple[tuple[str, str], ...]) -> int:
    """_SECTION if the first XPath selects an element so named, else _HIDDEN if the second
    does, else 0. items: its tested attributes, in the markup's order."""
    attributes = dict(items)
    if section_tag and _is_section(attributes, _first_of(items, "id", "class")):
        return _SECTION
    return _HIDDEN if _is_hidden(attributes, items) else 0


# Pages repeat their attributes (a class on every card): each distinct set is judged once,
# the alternations of forty-odd tokens being the walk's main cost.
_verdict = functools.lru_cache(maxsize=8192)(_judge)


def _first_of(items: tuple[tuple[str, str], ...], one: str, other: str) -> str | None:
    """The value of whichever of two attributes comes first in the markup (None if neither):
    what re:test(@one|@other) and starts-with(@one|@other) test."""
    return next((value for key, value in items if key in (one, other)), None)


def _is_section(attributes: dict[str, str], id_or_class: str | None) -> bool:
    if "data-lp-replacement-content" in attributes:
        return True
    if "nav" in attributes.get("role", "").replace("N", "n"):
        return True
    if "MostPopularStories" in attributes.get("data-component", ""):
        return True
    if id_or_class is not None and _CONSENT_RE.search(id_or_class):
        return True
    return bool(
        _ID_RE.search(attributes.get("id", "")) or _CLASS_RE.search(attributes.get("class", ""))
    )


def _is_hidden(attributes: dict[str, str], items: tuple[tuple[str, str], ...]) -> bool:
    names, ident = attributes.get("class"), attributes.get("id")
    style = attributes.get("style", "")
    if names == "comments-title" or attributes.get("aria-hidden") == "true":
        return True
    if (_first_of(items, "id", "class") or "").startswith("reply-"):
        return True
    if "hidden" in (_first_of(items, "id", "style") or ""):
        return True
    if "display:none" in style or "display: none" in style:
        return True
    if ident is not None and _HIDDEN_ID_RE.search(ident):
        return True
    return names is not None and bool(_HIDDEN_CLASS_RE.search(names))


_ACTIVE = contextvars.ContextVar("python_walks", default=False)
_SECTION_WALK = [section_matches]  # a node list for prune_unwanted_nodes: its guard is kept


@contextlib.contextmanager
def python_walks() -> Iterator[None]:
    """Within this block, trafilatura's main extractor runs the walks (this module's and
    frames.py's) in place of its XPaths."""
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def walks_active() -> bool:
    """Whether the caller runs inside python_walks()."""
    return _ACTIVE.get()


def _prune_unwanted_nodes(
    tree: lxml.html.HtmlElement, nodelist: list[etree.XPath], with_backup: bool = False
) -> lxml.html.HtmlElement:
    """trafilatura's prune_unwanted_nodes, the section XPaths replaced by the walk when active."""
    if nodelist is OVERALL_DISCARD_XPATH and _ACTIVE.get():
        return prune_unwanted_nodes(tree, _SECTION_WALK, with_backup)  # type: ignore[arg-type]
    return prune_unwanted_nodes(tree, nodelist, with_backup)


# trafilatura's main extractor looks the function up in its module at each call.
main_extractor.prune_unwanted_nodes = _prune_unwanted_nodes
