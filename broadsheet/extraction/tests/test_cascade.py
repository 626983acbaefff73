"""The cascade run once for both modes reads what bare_extraction reads in each mode.

cascade.py follows the stages of the pinned trafilatura; an upgrade that changes them
fails here rather than silently changing bodies.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from trafilatura.core import bare_extraction
from trafilatura.settings import DEFAULT_CONFIG

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
