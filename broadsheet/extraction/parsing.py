"""Bounded HTML parsing: huge or pathological pages are trimmed or abandoned, never hang."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .article import ExtractionTimeout

# Real article pages are well under this (the benchmark's median is ~114 KB); beyond it the
# weight is inline scripts, styles, SVG and data: URIs, which we strip before measuring again.
MAX_HTML_CHARS = 5_000_000
# trafilatura's cost grows faster than linearly with the tree (~2-3 s for 30k elements of
# paragraphs on a 2-core machine); real article pages have a few thousand. A tree still
# larger than this once scripts and styles are gone is abandoned.
MAX_ELEMENTS = 30_000
# Deep nesting needs no check of ours: libxml2's HTML parser stops nesting at depth 256 and
# drops what lies deeper, which keeps trafilatura's recursive walks far from Python's limit.

_HEAVY_OPEN_RE = re.compile(r"<(script|style|svg|noscript|template)\b|<!--", re.IGNORECASE)
_DATA_URI_RE = re.compile(r"""(["'(])data:[^"')]{256,}""", re.IGNORECASE)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# A template that closes the document early ("</body></html>" right after the site header,
# then the article): browsers keep what follows in the body, libxml2 drops it.
_DOCUMENT_END_RE = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
_TRAILING_MARKUP_RE = re.compile(r"(?:\s|</(?:body|html)\s*>|<!--.*?-->)*", re.DOTALL)
# C0 controls are parse errors in HTML and not allowed in XML text: libxml2 keeps them in text
# nodes, and lxml then refuses to write such text back (a ValueError in the middle of
# extraction: found by bench/fuzz). Form feed is HTML whitespace, so it becomes a space.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# C1 controls (U+0080-U+009F) print nothing and are never text: a page holding them was
# written in UTF-8 and read back as Latin-1 before it was served ("you\xe2\x80\x99re", shown as
# "youâre"). Each run of such characters that is valid UTF-8 is decoded back ("you’re");
# dropping the controls instead glued the halves into one word.
_C1_RE = re.compile("[\x80-\x9f]")
_MOJIBAKE_RE = re.compile(
    "[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, default_doctype=False)
# lxml.html picks each element's Python class in Python (form and input elements get their
# own), and trafilatura and our readings touch hundreds of thousands of elements per page
# set: a C-level lookup giving every element the plain HtmlElement class saves about a tenth
# of the extraction's time. No code here uses the form classes.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def shrink_html(html: str) -> str:
    """Drop inline scripts, styles, comments and long data: URIs from an oversized page.

    A linear scan rather than one regex: ".*?" from each of a million unclosed "<script"
    openers would rescan the rest of the page every time.
    """
    lowered = html.lower()
    parts: list[str] = []
    position = 0
    while True:
        match = _HEAVY_OPEN_RE.search(html, position)
        if match is None:
            break
        closer = "-->" if match.group(0) == "<!--" else f"</{match.group(1).lower()}"
        end = lowered.find(closer, match.end())
        if end < 0:
            break  # unclosed to the end of the page: leave the rest to the parser
        end = lowered.find(">", end)
        end = len(html) if end < 0 else end + 1
        parts.append(html[position : match.start()])
        parts.append(" ")
        position = end
    parts.append(html[position:])
    return _DATA_URI_RE.sub(r"\1data:", "".join(parts))


def parse_page(html: str) -> lxml.html.HtmlElement | None:
    """Parse a page into an lxml tree within bounds.

    Raises ExtractionTimeout when the page still has too many elements after trimming.
    Returns None when the input holds no parseable HTML.
    """
    if not html or not html.strip():
        return None
    html = html.lstrip("\ufeff")
    if len(html) > MAX_HTML_CHARS:
        html = shrink_html(html)
        if len(html) > MAX_HTML_CHARS:
            # The article sits near the top of any page; libxml2 closes what we cut open.
            html = html[:MAX_HTML_CHARS]
    html = _XML_DECL_RE.sub("", html, count=1)
    html = _reopen_early_end(html)
    if _CONTROL_RE.search(html):  # rare: most pages need no rewriting
        html = _CONTROL_RE.sub("", html)
    if "\x0c" in html:
        html = html.replace("\x0c", " ")
    if _C1_RE.search(html):  # rare: UTF-8 read as Latin-1 before it was served
        html = _MOJIBAKE_RE.sub(_decode_utf8, html)
    try:
        tree = lxml.html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    if tree is None:
        return None
    # Every element needs a "<": pages with fewer of them need no counting.
    if html.count("<") > MAX_ELEMENTS:
        _check_size(tree)
    return tree


def _decode_utf8(match: re.Match[str]) -> str:
    """A run of Latin-1 characters that are the bytes of one UTF-8 character, decoded."""
    try:
        return match.group().encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return match.group()


def _reopen_early_end(html: str) -> str:
    """The page without its "</body>" and "</html>" when page content follows them."""
    end = _DOCUMENT_END_RE.search(html)
    if end is None or _TRAILING_MARKUP_RE.fullmatch(html, end.start()):
        return html  # the usual case: only the document's end follows
    return _DOCUMENT_END_RE.sub("", html)


def _check_size(tree: lxml.html.HtmlElement) -> None:
    for count, _ in enumerate(tree.iter(), start=1):
        if count > MAX_ELEMENTS:
            etree.strip_elements(
                tree, "script", "style", "svg", "noscript", "template", with_tail=False
            )
            if sum(1 for _ in tree.iter()) > MAX_ELEMENTS:
                raise ExtractionTimeout(f"page has more than {MAX_ELEMENTS} elements")
            break
