"""HTML we show: allow-list sanitising with nh3, and plain text from markup."""

from __future__ import annotations

import html as html_lib
import re
import threading

import nh3
from lxml import etree
from lxml import html as lxml_html

from broadsheet.lib.urls import absolute_http_url

_TAGS = {
    "p", "br", "a", "em", "strong", "b", "i", "u", "s", "blockquote", "q", "cite",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "pre", "code", "figure",
    "figcaption", "sub", "sup", "small", "abbr", "time", "table", "thead", "tbody",
    "tr", "th", "td", "hr",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "time": {"datetime"}}
_SPACE = re.compile(r"\s+")


def sanitize_html(markup: str, *, base_url: str | None = None) -> str:
    """Markup reduced to an allow-list of tags; links made absolute and http(s) only."""

    def keep_url(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            return absolute_http_url(value, base=base_url)
        return value

    return nh3.clean(
        markup,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="nofollow noopener noreferrer ugc",
        attribute_filter=keep_url,
        strip_comments=True,
    )


def html_to_text(markup: str) -> str:
    """Plain text of a fragment: tags dropped, entities decoded, block boundaries kept as spaces."""
    if not markup or "<" not in markup:
        return _SPACE.sub(" ", html_lib.unescape(markup or "")).strip()
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except Exception:
        return _SPACE.sub(" ", html_lib.unescape(re.sub(r"<[^>]*>", " ", markup))).strip()
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for block in root.iter(
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "td", "tr", "blockquote"
    ):
        block.tail = " " + (block.tail or "")
    return _SPACE.sub(" ", root.text_content()).strip()


_BLOCK_TAGS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header"),
        *("hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th"),
        *("tr", "ul"),
    )
)


_CONTROL_CHARS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20)], " ")
_INVISIBLE_TAGS = frozenset(("script", "style", "noscript", "template"))
_THREAD = threading.local()


def _html_parser() -> etree.HTMLParser:
    # lxml serialises use of one parser object; one per thread avoids the wait.
    parser = getattr(_THREAD, "html_parser", None)
    if parser is None:
        parser = etree.HTMLParser(
            recover=True, no_network=True, remove_comments=True, remove_pis=True, encoding="utf-8"
        )
        _THREAD.html_parser = parser
    return parser


def fragment_to_text(fragment: str) -> str:
    """Plain text of a short fragment (a title, a name): fast, entities decoded, blocks spaced."""
    # Not html_to_text: feed fields need this exact output (it keeps <noscript> text, spaces
    # more block tags and reads a whole document's <title>), at several times the speed.
    # C0 controls (a JSON feed can carry them) are invisible, and our XML feeds refuse them.
    fragment = fragment.translate(_CONTROL_CHARS)
    if "<" not in fragment:
        return " ".join(
            html_lib.unescape(fragment).split() if "&" in fragment else fragment.split()
        )
    # Bytes: lxml refuses str that carries an XML declaration, as feeds' CDATA can.
    root = etree.fromstring(fragment.encode("utf-8", errors="replace"), parser=_html_parser())
    if root is None:
        return ""
    for element in root.iter():
        if element.tag in _INVISIBLE_TAGS:
            element.text = ""
        elif element.tag in _BLOCK_TAGS:
            element.tail = " " + (element.tail or "")
    return " ".join(etree.tostring(root, method="text", encoding="unicode").split())


def html_to_paragraphs(markup: str) -> str:
    """Feed content as plain paragraphs separated by blank lines (the fallback body)."""
    if not markup:
        return ""
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except Exception:
        return html_to_text(markup)
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    blocks = root.xpath(".//p|.//li|.//blockquote|.//h2|.//h3|.//h4|.//pre")
    texts = [_SPACE.sub(" ", b.text_content()).strip() for b in blocks if b.getparent() is not None]
    texts = [t for t in texts if t]
    if not texts:
        return html_to_text(markup)
    return "\n\n".join(texts)
