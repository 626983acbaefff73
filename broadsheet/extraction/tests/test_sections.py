"""The section walk selects what trafilatura's OVERALL_DISCARD_XPATH selects, element by element.

sections.py re-runs the pinned trafilatura's EXSLT tests in Python; an upgrade that changes
the XPaths' vocabulary fails here rather than silently changing bodies.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import trafilatura
from trafilatura import main_extractor
from trafilatura.xpaths import OVERALL_DISCARD_XPATH

from broadsheet.extraction import frames, sections
from broadsheet.extraction.parsing import parse_page

GOLDEN = Path(__file__).parent / "golden"
PAGES = sorted(path.name for path in GOLDEN.glob("*.html"))


def _theirs(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return list(
        dict.fromkeys(element for xpath in OVERALL_DISCARD_XPATH for element in xpath(tree))
    )


# One element per test of the two XPaths, and their near misses. Attribute order matters:
# re:test(@id|@class) and starts-with(@id|@class) read whichever comes first in the markup.
_SECTIONS_PAGE = """<html><body><main>
<div data-lp-replacement-content="">lp</div>
<div role="Navigation">nav, N lower-cased</div><div role="NAV">kept: only N is lower-cased</div>
<span data-component="x MostPopularStories">popular</span>
<section id="cookie-wall" class="body">cookie id first</section>
<section class="body" id="cookie-wall">cookie id second: kept</section>
<div class="cookie-note" id="main">cookie class first</div>
<p id="jp-post-flair">legacy id</p><p class="x" id="navigation">nav id</p>
<p class="a share-this">share class</p><p class="printable">kept: printable</p>
<item class="ad-slot">ad item</item><list class="related-links">related list</list>
<h2 class="byline">a heading: the first XPath skips it</h2>
<h3 class="comments-title">comments title</h3><h3 class="comments-title x">by regex</h3>
<b id="reply-12">reply id</b><b class="reply-form" id="x">reply class first</b>
<b id="x" class="reply-form">reply class second: kept</b>
<em id="is-hidden">hidden id</em><em style="visibility: hidden" id="x">hidden style first</em>
<em id="x" style="visibility: hidden">hidden style second: kept</em>
<i style="color: red; display:none">display none</i><i style="display: none">display none</i>
<u id="akismet-form">akismet</u><u class="x hidden">hidden class</u>
<u class="xhidden">kept: no space before hidden</u><u aria-hidden="true">aria</u><u aria-hidden="false">kept: not hidden</u>
<div class="menu"><div class="sidebar"><p class="message">nested</p></div></div>
<article><p>Body text stays.</p></article>
</main></body></html>"""


def test_the_walk_selects_what_the_xpaths_select() -> None:
    tree = lxml.html.document_fromstring(_SECTIONS_PAGE)
    ours, theirs = sections.section_matches(tree), _theirs(tree)
    assert [element.text for element in ours] == [element.text for element in theirs]
    assert all(a is b for a, b in zip(ours, theirs, strict=True))
    kept = {element.text for element in tree.iter() if element not in set(ours)}
    assert {
        "kept: only N is lower-cased",
        "cookie id second: kept",
        "kept: printable",
        "kept: no space before hidden",
        "kept: not hidden",
        "reply class second: kept",
        "hidden style second: kept",
        "a heading: the first XPath skips it",
    } <= kept


@pytest.mark.parametrize("name", PAGES)
def test_the_walk_selects_what_the_xpaths_select_on_golden_pages(name: str) -> None:
    tree = parse_page((GOLDEN / name).read_bytes().decode("utf-8", errors="replace"))
    assert tree is not None
    ours, theirs = sections.section_matches(tree), _theirs(tree)
    assert len(ours) == len(theirs)
    assert all(a is b for a, b in zip(ours, theirs, strict=True))


def test_the_walks_are_used_only_inside_python_walks(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    walk, frame = sections.section_matches, frames._WALKS[0]

    def counted(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
        calls.append("sections")
        return walk(tree)

    def counted_frame(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
        calls.append("frames")
        return frame(tree)

    monkeypatch.setattr(sections, "_SECTION_WALK", [counted])
    monkeypatch.setattr(main_extractor.BODY_XPATH[0], "walk", counted_frame)
    html = (GOLDEN / PAGES[0]).read_text(encoding="utf-8", errors="replace")
    direct = trafilatura.extract(html, include_comments=False)
    assert not calls  # trafilatura called directly runs its own XPaths
    with sections.python_walks():
        walked = trafilatura.extract(html, include_comments=False)
    assert set(calls) == {"sections", "frames"}
    assert walked == direct
    assert main_extractor.prune_unwanted_nodes is sections._prune_unwanted_nodes


def test_long_attribute_values_are_judged_without_the_cache() -> None:
    image = "data:image/png;base64," + "A" * 5000
    page = (
        f'<html><body><div style="background: url({image}); display: none">hidden</div>'
        f'<div style="background: url({image})">shown</div></body></html>'
    )
    tree = lxml.html.document_fromstring(page)
    cached = sections._verdict.cache_info().currsize
    assert [element.text for element in sections.section_matches(tree)] == ["hidden"]
    assert [element.text for element in _theirs(tree)] == ["hidden"]
    assert sections._verdict.cache_info().currsize == cached
