"""One pass over a page's links and headings: link texts, section labels, a FAQ heading.

The boilerplate filters (boilerplate.py) take a block that is one of the page's link texts
for a link to another story, and a short one at the top for a section label; a heading that
announces a FAQ lets questions.py put back the questions trafilatura dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html

from .hygiene import normalize_for_compare
from .questions import HEADING_TAGS, is_faq_heading

# A link text of at most this many words (and under 40 characters) may be a section label.
MAX_LABEL_WORDS = 3


def _links_elsewhere(link: lxml.html.HtmlElement) -> bool:
    """Whether an <a> links to another page (not an anchor, not a section of this page)."""
    href = (link.get("href") or "").strip()
    return bool(href) and not href.startswith("#")


def site_of(url: str | None) -> str:
    """The site a URL belongs to: the last two labels of its host ("www.bbc.com" and
    "news.bbc.com" are "bbc.com"); "" when there is no host."""
    try:
        host = urlsplit((url or "").strip()).hostname or ""
    except ValueError:
        return ""
    return ".".join(host.split(".")[-2:])


# A link to another site with a text this short names a product or a place, not a story.
OFF_SITE_MAX_WORDS = 4


def _names_off_site(link: lxml.html.HtmlElement, norm: str, site: str) -> bool:
    """Whether an <a> names something on another site (a shop, an affiliate network) than
    `site` in a few words: a checklist's item, not the headline of another story."""
    if not site or norm.count(" ") >= OFF_SITE_MAX_WORDS:
        return False
    target = site_of(link.get("href"))
    return bool(target and target != site)


@dataclass(frozen=True)
class PageLinks:
    """What one pass over the page's links and headings finds (see read_links)."""

    texts: frozenset[str]  # normalised link texts of two words or more
    labels: frozenset[str]  # normalised section labels
    faq: bool  # a heading announces a FAQ ("FAQs", "Frequently asked questions")


def read_links(
    tree: lxml.html.HtmlElement, *, sections: list[str], url: str | None = None
) -> PageLinks:
    """The page's link texts of two words or more, its section labels and whether a heading
    announces a FAQ (questions.py), in one pass.

    Labels are the names a page may print above its headline: declared sections and short
    link texts. Links within the page ("#key-takeaways") and <a>s without an href (the
    anchors around sub-headings) are left out of both: their texts repeat the article's own
    sub-headings, which are neither sections of the site nor links to other stories.
    Links to another site than the page's (`url`) are no other stories of the site either:
    a checklist whose every item links to a shop is the article's list.
    """
    site = site_of(url)
    texts: set[str] = set()
    labels = {normalize_for_compare(section) for section in sections}
    faq = False
    for element in tree.iter("a", *HEADING_TAGS):
        if element.tag != "a":
            faq = faq or is_faq_heading(element)
            continue
        if not _links_elsewhere(element):
            continue
        text = element.text_content()
        if not text:
            continue
        short = len(text) < 40 and len(text.split()) <= MAX_LABEL_WORDS
        spaced = " " in text.strip()
        if short or spaced:
            norm = normalize_for_compare(text)
            if short:
                labels.add(norm)
            if spaced and norm.count(" ") >= 1 and not _names_off_site(element, norm, site):
                texts.add(norm)
    labels.discard("")
    return PageLinks(frozenset(texts), frozenset(labels), faq)


def collect_labels(tree: lxml.html.HtmlElement, *, sections: list[str]) -> frozenset[str]:
    """Section names a page may print above its headline (see read_links)."""
    return read_links(tree, sections=sections).labels


def collect_link_texts(tree: lxml.html.HtmlElement) -> frozenset[str]:
    """Normalised texts of the page's links of at least two words (see read_links)."""
    return read_links(tree, sections=[]).texts
