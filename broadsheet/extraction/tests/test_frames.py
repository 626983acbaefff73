"""The frame walks find what trafilatura's BODY_XPATH finds, XPath by XPath.

(That they run only inside python_walks() is checked in test_sections.py.)

frames.py re-runs the pinned trafilatura's tests in Python; an upgrade that changes
BODY_XPATH fails here rather than silently changing bodies.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from trafilatura.xpaths import BODY_XPATH

from broadsheet.extraction import frames
from broadsheet.extraction.parsing import parse_page

GOLDEN = Path(__file__).parent / "golden"
PAGES = sorted(path.name for path in GOLDEN.glob("*.html"))


def _firsts(tree: lxml.html.HtmlElement) -> tuple[list[object], list[object]]:
    theirs = [next(iter(xpath(tree)), None) for xpath in BODY_XPATH]
    ours = [next(iter(walk(tree)), None) for walk in frames._WALKS]
    return theirs, ours


# Each element passes one test of one XPath; the near misses before them must be skipped.
_FRAMES = [
    '<div class="posts">miss</div><section class="post">hit</section>',
    '<div itemprop="articleBody">hit</div>',
    '<div id="entry-content-x">hit</div>',
    '<main class="js-post_content">hit</main>',
    '<aside class="post"></aside><span><article>hit</article></span>',
    '<div role="articles">miss</div><div role="article">hit</div>',
    '<section class="texts">miss</section><section class="text">hit</section>',
    '<div id="primary-col">hit</div>',
    '<div id="x-primary">miss</div><div class="FullText">hit</div>',
    '<div class="x single-post">hit</div>',
    '<div class="Content">miss</div><div class="content">hit</div>',
    '<div id="page-Main-Content">hit</div>',
    '<div class="PAGE-CONTENT">miss</div><div class="x Page-Content">hit</div>',
    '<div class="x main">miss</div><section role="main-area">hit</section>',
    "<p>text</p><main>hit</main>",
]


@pytest.mark.parametrize("frame", _FRAMES)
def test_each_walk_finds_what_its_xpath_finds(frame: str) -> None:
    tree = lxml.html.document_fromstring(f"<html><body>{frame}</body></html>")
    theirs, ours = _firsts(tree)
    assert all(a is b for a, b in zip(theirs, ours, strict=True))
    assert any(element is not None and element.text == "hit" for element in ours)


@pytest.mark.parametrize("name", PAGES)
def test_the_walks_find_what_the_xpaths_find_on_golden_pages(name: str) -> None:
    tree = parse_page((GOLDEN / name).read_bytes().decode("utf-8", errors="replace"))
    assert tree is not None
    theirs, ours = _firsts(tree)
    assert all(a is b for a, b in zip(theirs, ours, strict=True))
