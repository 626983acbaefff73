"""Facts read once from a parsed page: meta tags, JSON-LD objects, links and visible headings."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html

from .hygiene import clean_line

# schema.org types whose JSON-LD object describes the article itself.
_ARTICLE_TYPES = frozenset(
    {
        *("article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle"),
        *("opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "blogposting"),
        *("socialmediaposting", "liveblogposting", "techarticle", "scholarlyarticle", "report"),
        *("webpage", "medicalwebpage", "itempage", "creativework", "review", "posting"),
    }
)
# HTML elements that start a new line when a browser renders them.
_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption"),
        *("figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main"),
        *("nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul"),
    }
)
_JSONLD_COMMA_RE = re.compile(r",\s*([\]}])")
MAX_JSONLD_CHARS = 500_000


@dataclass
class PageFacts:
    """Everything the metadata steps read from the page head, gathered in one pass."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    html_lang: str | None = None
    canonical: str | None = None
    title_tag: str | None = None
    h1s: list[str] = field(default_factory=list)

    def first_meta(self, *keys: str) -> str | None:
        """The first non-empty content among meta tags named by keys (lower case)."""
        for key in keys:
            for value in self.meta.get(key, ()):
                if value:
                    return value
        return None

    @property
    def articles(self) -> list[dict[str, Any]]:
        """JSON-LD objects that describe an article (most specific types first)."""
        found = [obj for obj in self.jsonld if _types(obj) & _ARTICLE_TYPES - {"webpage"}]
        found += [obj for obj in self.jsonld if "webpage" in _types(obj) and obj not in found]
        return found


# The types among those that say "this page is one article" (not a web page of any kind).
_STRICT_ARTICLE_TYPES = _ARTICLE_TYPES - {"webpage", "medicalwebpage", "itempage", "creativework"}


def declares_article(facts: PageFacts) -> bool:
    """Whether the page says it is an article (og:type article, or an Article in JSON-LD)."""
    if (facts.first_meta("og:type") or "").strip().lower() == "article":
        return True
    return any(_types(obj) & _STRICT_ARTICLE_TYPES for obj in facts.jsonld)


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return {kind.lower()}
    if isinstance(kind, list):
        return {k.lower() for k in kind if isinstance(k, str)}
    return set()


def element_text(element: lxml.html.HtmlElement) -> str:
    """Visible text of an element with block and <br> boundaries turned into spaces."""
    parts: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "noscript", "template"):
            return
        block = tag in _BLOCK_TAGS or tag == "br"
        if block:
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append(" ")

    walk(element)
    return clean_line("".join(parts))


def read_page_facts(tree: lxml.html.HtmlElement) -> PageFacts:
    """Collect meta tags, JSON-LD, <html lang>, canonical link, <title> and <h1>s."""
    facts = PageFacts()
    facts.html_lang = tree.get("lang") or tree.get("xml:lang") or None
    for meta in tree.iter("meta"):
        key = (
            meta.get("property")
            or meta.get("name")
            or meta.get("itemprop")
            or meta.get("http-equiv")
        )
        content = meta.get("content")
        if key and content is not None:
            facts.meta.setdefault(key.strip().lower(), []).append(clean_line(content))
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href") and not facts.canonical:
            facts.canonical = link.get("href", "").strip()
    title = tree.find(".//title")
    if title is not None and title.text_content():
        facts.title_tag = clean_line(title.text_content())
    for h1 in tree.iter("h1"):
        text = element_text(h1)
        if text and len(facts.h1s) < 5:
            facts.h1s.append(text)
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            facts.jsonld.extend(_parse_jsonld(script.text))
    return facts


def _parse_jsonld(raw: str) -> list[dict[str, Any]]:
    if len(raw) > MAX_JSONLD_CHARS:
        return []
    raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip()
    try:
        data = json.loads(raw, strict=False)
    except RecursionError:
        return []
    except ValueError:
        try:
            # Trailing commas are the most common JSON-LD syntax error in the wild.
            data = json.loads(_JSONLD_COMMA_RE.sub(r"\1", raw), strict=False)
        except (ValueError, RecursionError):
            return []
    found: list[dict[str, Any]] = []
    _flatten(data, found, depth=0)
    return found


def _flatten(data: Any, found: list[dict[str, Any]], depth: int) -> None:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            _flatten(item, found, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            found.append(data)
        graph = data.get("@graph")
        if graph is not None:
            _flatten(graph, found, depth + 1)
        main = data.get("mainEntity") or data.get("mainEntityOfPage")
        if isinstance(main, dict) and "@type" in main:
            _flatten(main, found, depth + 1)
