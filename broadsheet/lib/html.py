"""HTML we show: allow-list sanitising with nh3, and plain text from markup.

No helper here raises, whatever the input (feeds carry control characters, lone
surrogates, NULs and broken markup): one item's bad HTML must never fail its feed.
"""

from __future__ import annotations

import html as html_lib
import re
import threading
from collections.abc import Callable

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
_SURROGATE = re.compile("[\ud800-\udfff]")
_TAG = re.compile(r"<[^>]*>")
_HIDDEN_ELEMENT = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.S | re.I)
# What lxml refuses in text (C0 controls but tab and line breaks, U+FFFE/U+FFFF): a space.
_UNSAFE_CHARS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)], " ")
_UNSAFE_CHARS.update({0xFFFE: " ", 0xFFFF: " "})


def _safe_input(markup: str) -> str:
    """Markup lxml and nh3 can take: unsafe controls as spaces, lone surrogates as U+FFFD."""
    if not isinstance(markup, str):
        markup = "" if markup is None else str(markup)
    return _SURROGATE.sub("\ufffd", markup.translate(_UNSAFE_CHARS))


def _text_by_regex(markup: str) -> str:
    """The last resort when parsing fails: hidden elements and tags cut out, entities decoded."""
    visible = _TAG.sub(" ", _HIDDEN_ELEMENT.sub(" ", markup))
    return _SPACE.sub(" ", _safe_input(html_lib.unescape(visible))).strip()


def _hide(element: etree._Element) -> None:
    """Empty an element that shows nothing (script, style...) but keep the text after it.

    Not drop_tree(): that moves the tail into a neighbour through lxml's checked setter,
    which raises on a control character the parser decoded from an entity (&#11;).
    """
    element.text = None
    for child in list(element):
        element.remove(child)


def _spaced_tail(element: etree._Element) -> None:
    """A space before the text after a block element, so words do not run together."""
    element.tail = " " + _safe_input(element.tail or "")


def sanitize_html(markup: str, *, base_url: str | None = None) -> str:
    """Markup reduced to an allow-list of tags; links made absolute and http(s) only."""

    def keep_url(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            return absolute_http_url(value, base=base_url)
        return value

    markup = _safe_input(markup)
    try:
        # nh3 decodes entities such as &#11; and writes the character back out raw.
        return _safe_input(_clean(markup, keep_url))
    except Exception:
        # nh3 has not been seen to fail on safe input; if it does, show the text alone.
        return html_lib.escape(_text_by_regex(markup), quote=False)


def _clean(markup: str, keep_url: Callable[[str, str, str], str | None]) -> str:
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
    markup = _safe_input(markup)
    if "<" not in markup:
        return _SPACE.sub(" ", html_lib.unescape(markup)).strip()
    try:
        return _parsed_text(markup)
    except Exception:
        return _text_by_regex(markup)


def _parsed_text(markup: str) -> str:
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    for bad in root.xpath(".//script|.//style|.//noscript|.//template"):
        _hide(bad)
    for block in root.iter(
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "td", "tr", "blockquote"
    ):
        _spaced_tail(block)
    return _SPACE.sub(" ", _safe_input(root.text_content())).strip()


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
    fragment = _safe_input(fragment).translate(_CONTROL_CHARS)
    if "<" not in fragment:
        return " ".join(
            html_lib.unescape(fragment).split() if "&" in fragment else fragment.split()
        )
    try:
        return _parsed_fragment_text(fragment)
    except Exception:
        return _text_by_regex(fragment)


def _parsed_fragment_text(fragment: str) -> str:
    # Bytes: lxml refuses str that carries an XML declaration, as feeds' CDATA can.
    root = etree.fromstring(fragment.encode("utf-8", errors="replace"), parser=_html_parser())
    if root is None:
        return ""
    for element in root.iter():
        if element.tag in _INVISIBLE_TAGS:
            element.text = ""
        elif element.tag in _BLOCK_TAGS:
            _spaced_tail(element)
    text = etree.tostring(root, method="text", encoding="unicode")
    return " ".join(_safe_input(text).split())


def html_to_paragraphs(markup: str) -> str:
    """Feed content as plain paragraphs separated by blank lines (the fallback body)."""
    markup = _safe_input(markup)
    if not markup:
        return ""
    try:
        return _parsed_paragraphs(markup)
    except Exception:
        return html_to_text(markup)


def _parsed_paragraphs(markup: str) -> str:
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    for bad in root.xpath(".//script|.//style|.//noscript|.//template"):
        _hide(bad)
    blocks = root.xpath(".//p|.//li|.//blockquote|.//h2|.//h3|.//h4|.//pre")
    texts = [_SPACE.sub(" ", _safe_input(b.text_content())).strip() for b in blocks]
    texts = [t for t in texts if t]
    if not texts:
        return html_to_text(markup)
    return "\n\n".join(texts)
