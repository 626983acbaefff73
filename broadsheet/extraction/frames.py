"""trafilatura's candidate frames (BODY_XPATH) found by Python walks, same elements.

trafilatura's main extractor tries five XPaths in turn for the page's main frame (the first
`<div>` whose class names an article body, the first `<article>`...). Three of them test
class and id with EXSLT regular expressions, a call back into Python for each test on every
`<div>` of the page (about 1 ms a page each, and up to five run). Here each of the four
that test attributes is the first element, in document order, that passes the same tests,
each distinct set of attributes judged once (the first `<article>` stays an XPath). Used
only while `sections.python_walks()` is active (the cascade); `test_frames.py` checks the
walks against the XPaths.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import lxml.html
from lxml import etree
from trafilatura import main_extractor
from trafilatura.xpaths import (
    _ARTICLE_CONTENT_CLASS_TOKENS,
    _ARTICLE_CONTENT_ID_TOKENS,
    _MAIN_CONTENT_CLASS_TOKENS,
    _MAIN_CONTENT_ID_TOKENS,
    _STORY_CLASS_TOKENS,
    _STORY_ID_TOKENS,
    BODY_XPATH,
)

from .sections import MAX_CACHED_CHARS, walks_active

_FRAME_TAGS = ("article", "div", "main", "section")
_ARTICLE_ID_RE = re.compile("|".join(_ARTICLE_CONTENT_ID_TOKENS))
_ARTICLE_CLASS_RE = re.compile("|".join(_ARTICLE_CONTENT_CLASS_TOKENS))
_STORY_ID_RE = re.compile("|".join(_STORY_ID_TOKENS))
_STORY_CLASS_RE = re.compile("|".join(_STORY_CLASS_TOKENS))
_FULLTEXT_RE = re.compile("fulltext", re.IGNORECASE)
_MAIN_ID_RE = re.compile("|".join(_MAIN_CONTENT_ID_TOKENS))
_MAIN_CLASS_RE = re.compile("|".join(_MAIN_CONTENT_CLASS_TOKENS))
_STORY_NAMES = frozenset({"postarea", "art-postcontent", "text", "cell", "story"})
# The XPaths an element passes, as bits (BODY_XPATH's first, third, fourth and fifth).
_ARTICLE_BODY, _STORY, _MAIN_CONTENT, _MAIN = 1, 4, 8, 16


@functools.lru_cache(maxsize=8192)
def _frame_marks(
    tag: str, ident: str | None, names: str | None, role: str | None, prop: str | None
) -> int:
    """Which of BODY_XPATH's tests an element so named passes (None: no such attribute)."""
    i, c, r = ident or "", names or "", role or ""
    marks = 0
    if _is_article_body(ident, names, prop):
        marks |= _ARTICLE_BODY
    if r == "article" or i in ("article", "story") or c in _STORY_NAMES or _is_story(i, c):
        marks |= _STORY
    if _is_main_content(i, c):
        marks |= _MAIN_CONTENT
    if tag == "main" or c.startswith("main") or i.startswith("main") or r.startswith("main"):
        marks |= _MAIN
    return marks


def _is_article_body(ident: str | None, names: str | None, prop: str | None) -> bool:
    if names in ("post", "entry") or prop == "articleBody" or ident == "articleContent":
        return True
    return bool(_ARTICLE_ID_RE.search(ident or "") or _ARTICLE_CLASS_RE.search(names or ""))


def _is_story(ident: str, names: str) -> bool:
    return bool(
        _STORY_ID_RE.search(ident) or _FULLTEXT_RE.search(names) or _STORY_CLASS_RE.search(names)
    )


def _is_main_content(ident: str, names: str) -> bool:
    """@id or @class 'content', the tokens, or translate()'s case folds of two of them."""
    if ident == "content" or names == "content":
        return True
    if _MAIN_ID_RE.search(ident) or _MAIN_CLASS_RE.search(names):
        return True
    if any("main-content" in n.replace("C", "c").replace("M", "m") for n in (ident, names)):
        return True
    return "page-content" in names.replace("C", "c").replace("P", "p")


def _first_marked(bit: int) -> Callable[[lxml.html.HtmlElement], list[lxml.html.HtmlElement]]:
    def find(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
        for element in tree.iterdescendants(*_FRAME_TAGS):
            get = element.get
            names = (get("id"), get("class"), get("role"), get("itemprop"))
            short = sum(len(name) for name in names if name) <= MAX_CACHED_CHARS
            marks = (_frame_marks if short else _frame_marks.__wrapped__)(element.tag, *names)
            if marks & bit:
                return [element]
        return []

    return find


_WALKS = [
    _first_marked(_ARTICLE_BODY),
    BODY_XPATH[1],  # "(.//article)[1]": no EXSLT test, and faster in C than a walk
    _first_marked(_STORY),
    _first_marked(_MAIN_CONTENT),
    _first_marked(_MAIN),
]


class _Frame:
    """One of BODY_XPATH's XPaths, or its walk while the cascade runs."""

    def __init__(
        self, xpath: etree.XPath, walk: Callable[..., list[lxml.html.HtmlElement]]
    ) -> None:
        self.xpath, self.walk = xpath, walk

    def __call__(self, tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
        return self.walk(tree) if walks_active() else self.xpath(tree)

    def __str__(self) -> str:
        return str(self.xpath.path)


# trafilatura's main extractor looks the list up in its module at each call.
main_extractor.BODY_XPATH = [
    _Frame(xpath, walk) for xpath, walk in zip(BODY_XPATH, _WALKS, strict=True)
]
