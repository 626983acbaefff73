"""The cascade run once for both modes reads what bare_extraction reads in each mode.

cascade.py follows the stages of the pinned trafilatura; an upgrade that changes them
fails here rather than silently changing bodies.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from trafilatura.baseline import html2txt
from trafilatura.core import bare_extraction
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.settings import DEFAULT_CONFIG
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from broadsheet.extraction import cascade
from broadsheet.extraction.body import render_blocks
from broadsheet.extraction.parsing import parse_page
from broadsheet.extraction.repairs import prepare_tree

GOLDEN = Path(__file__).parent / "golden"
PAGES = sorted(path.name for path in GOLDEN.glob("*.html"))


def _bare(tree: lxml.html.HtmlElement, *, fast: bool, favor_recall: bool) -> list[str]:
    document = bare_extraction(
        tree,
        fast=fast,
        favor_recall=favor_recall,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
        output_format="xml",
        config=DEFAULT_CONFIG,
    )
    if document is None or isinstance(document, dict):
        return []
    return [block.text for block in render_blocks(document.body)]


def _ours(tree: lxml.html.HtmlElement, *, compare: bool, favor_recall: bool) -> list[str]:
    started = cascade.start(tree, url=None, favor_recall=favor_recall)
    assert started is not None
    body = started.body(compare=compare)
    return [block.text for block in render_blocks(body)] if body is not None else []


@pytest.mark.parametrize("name", PAGES)
def test_both_modes_read_as_bare_extraction(name: str) -> None:
    tree = parse_page((GOLDEN / name).read_bytes().decode("utf-8", errors="replace"))
    assert tree is not None
    prepare_tree(tree)
    before = len(list(tree.iter()))
    assert _ours(tree, compare=False, favor_recall=False) == _bare(
        tree, fast=True, favor_recall=False
    )
    assert len(list(tree.iter())) == before  # the caller's tree is left as it was
    assert _ours(tree, compare=True, favor_recall=False) == _bare(
        tree, fast=False, favor_recall=False
    )
    assert _ours(tree, compare=True, favor_recall=True) == _bare(
        tree, fast=False, favor_recall=True
    )


_PRUNE_PAGE = """<html><body><main>
<h1>Headline</h1><p>Text one.</p>
<div class="comments-area"><p>A reader's comment.</p></div>
<div class="commentary"><p>An analysis, kept.</p></div>
<section id="comment-42"><p>Another comment.</p></section>
<div class="x post-comments"><p>Comments again.</p></div>
<ul id="comments"><li>Listed comment</li></ul>
<ol id="disqus_thread"><li>A list so named stays</li></ol>
<ul class="Comment-list"><li>Comment item</li></ul>
<div id="dsq-comments"><p>Disqus.</p></div>
<div class="infinite-scroll"><p>Next article.</p>
<div class="elementor-share-buttons">Share<div id="comments">Nested</div></div>tail</div>
<div class="infinite-scroll"><h1>The page's own article</h1><p>Kept.</p></div>
<aside id="mvp-post-add-box"><h1>Appended</h1><p>Gone.</p></aside>
<div class="elementor-share-buttons">Share</div>
<details class="comment-thread"><summary>Replies</summary></details>
<p>Tail text.</p></main></body></html>"""


@pytest.mark.parametrize("comments", [True, False])
def test_raw_prunes_match_trafilaturas_xpaths(comments: bool) -> None:
    ours, theirs = (lxml.html.document_fromstring(_PRUNE_PAGE) for _ in range(2))
    cascade.prune_raw_tree(ours, comments=comments)
    prune_unwanted_nodes(theirs, RAW_TREE_PRUNE_XPATH)
    if comments:
        prune_unwanted_nodes(theirs, REMOVE_COMMENTS_AND_LISTS_XPATH)
    assert lxml.html.tostring(ours) == lxml.html.tostring(theirs)
    assert b"An analysis, kept." in lxml.html.tostring(ours)
    assert b"Next article." not in lxml.html.tostring(ours)
    assert (b"A reader's comment." in lxml.html.tostring(ours)) is not comments


@pytest.mark.parametrize("name", PAGES)
def test_page_text_length_is_html2txts(name: str) -> None:
    tree = parse_page((GOLDEN / name).read_bytes().decode("utf-8", errors="replace"))
    assert tree is not None
    assert cascade.page_text_length(tree) == len(html2txt(tree))


def test_page_text_length_cleans_as_html2txt() -> None:
    # A <div>'s first attribute of class and id decides "footer" (here id="x": kept).
    page = lxml.html.document_fromstring(
        "<html><body><p>Kept text here.</p><aside>Side</aside>"
        '<div id="x" class="site-footer">Foot</div><div class="a" id="footer-2">Kept</div>'
        '<section class="CookieConsent-banner">Cookies</section><p>End</p>tail</body></html>'
    )
    assert (
        cascade.page_text_length(page)
        == len(html2txt(page))
        == len("Kept text here. Foot Kept End tail")
    )
