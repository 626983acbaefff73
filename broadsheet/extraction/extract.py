"""extract_article: HTML page in, ExtractedArticle (or None when there is no article) out."""

from __future__ import annotations

import lxml.html

from broadsheet.lib.text import count_words

from .article import ExtractedArticle
from .authors import find_authors
from .block import Block
from .body import extract_blocks, fallback_blocks
from .boilerplate import BodyContext, clean_blocks
from .dates import find_dates
from .headline import choose_headline
from .hygiene import clean_line, join_paragraphs, normalize_for_compare
from .language import choose_language
from .links import read_links
from .metadata import (
    find_canonical_url,
    find_description,
    find_image,
    find_site_name,
)
from .page import PageFacts, declares_article, read_page_facts
from .parsing import parse_page
from .status import MAX_TEASER_WORDS, has_prose, judge_status


def extract_article(
    html: str, url: str | None = None, *, feed_title: str | None = None
) -> ExtractedArticle | None:
    """Extract the article of a page: headline, clean body in paragraphs and metadata.

    Returns None when the page holds no article. Raises ExtractionTimeout (a TimeoutError)
    when the page is too large to process within bounded time.
    """
    tree = parse_page(html)
    if tree is None:
        return None
    facts = read_page_facts(tree)
    site_name = find_site_name(facts)
    title = choose_headline(facts, feed_title=feed_title, site_name=site_name)
    description = find_description(facts)
    canonical = find_canonical_url(facts, url=url)
    # Metadata first: preparing the body for trafilatura rewrites parts of the tree.
    published, updated = find_dates(facts, tree, url=url)
    authors = find_authors(facts, tree, site_name=site_name)
    image = find_image(facts, _article_root(tree), base=url or canonical)
    links = read_links(tree, sections=_declared_sections(facts), url=canonical or url)
    context = BodyContext(
        headlines=_headline_forms(facts, title),
        description=normalize_for_compare(description or ""),
        link_texts=links.texts,
        labels=links.labels,
        authors=tuple(authors),
    )
    blocks, removed = clean_blocks(extract_blocks(tree, url=url, faq=links.faq), context)
    text = _body_text(blocks)
    if not has_prose(text):
        # Our reading found no sentence: trafilatura's own, recall-oriented reading of the
        # untouched page is the last resort before saying the page holds no article.
        fresh = parse_page(html)
        if fresh is not None:
            blocks, removed = clean_blocks(fallback_blocks(fresh, url=url), context)
            text = _body_text(blocks)
    if not has_prose(text):
        # A page drawn by scripts may still declare its text in JSON-LD (articleBody).
        text = _declared_body(facts) or text
    summary_only = False
    if not has_prose(text) and description and has_prose(description) and declares_article(facts):
        # The page says it is an article but none of its text could be read: its own
        # summary stands in, marked partial, rather than losing the article altogether.
        text, summary_only = clean_line(description), True
    # A short body's status is judged on the page as served: preparing the body pruned
    # the boxes around buttons, a consent dialog's or a paywall's among them.
    served = parse_page(html) if count_words(text) < MAX_TEASER_WORDS else None
    status = judge_status(
        served if served is not None else tree,
        facts,
        text,
        removed_text="\n".join(block.text for block in removed),
        removed_chars=sum(len(block.text) for block in removed),
    )
    if summary_only and status == "ok":
        status = "partial"
    if status != "gated" and not has_prose(text):
        return None  # an index, a section front, an error page: labels and links only
    declared = [facts.html_lang, facts.first_meta("content-language", "og:locale", "language")]
    declared += [
        obj.get("inLanguage")
        for obj in facts.articles[:1]
        if isinstance(obj.get("inLanguage"), str)
    ]
    return ExtractedArticle(
        title=title,
        text=text,
        authors=authors,
        published_at=published,
        updated_at=updated,
        language=choose_language(declared, text),
        image_url=image,
        canonical_url=canonical,
        description=description,
        site_name=site_name,
        word_count=count_words(text),
        status=status,
    )


def _body_text(blocks: list[Block]) -> str:
    """The body's blocks joined into paragraphs (code blocks verbatim)."""
    return join_paragraphs(
        [block.text for block in blocks], code=[block.kind == "code" for block in blocks]
    )


def _declared_body(facts: PageFacts) -> str:
    """The article's text as the page declares it in JSON-LD articleBody, in paragraphs."""
    for obj in facts.articles[:2]:
        body = obj.get("articleBody")
        if isinstance(body, str) and has_prose(body):
            return join_paragraphs([clean_line(line) for line in body.splitlines()])
    return ""


def _headline_forms(facts: PageFacts, title: str) -> frozenset[str]:
    """Every form of the headline the page shows, to spot it repeated atop the body."""
    forms = [title, *facts.h1s, facts.first_meta("og:title", "twitter:title") or ""]
    forms += [obj["headline"] for obj in facts.articles[:1] if isinstance(obj.get("headline"), str)]
    return frozenset(norm for norm in map(normalize_for_compare, forms) if norm)


def _declared_sections(facts: PageFacts) -> list[str]:
    """The sections the page says the article is filed under (meta tags and JSON-LD)."""
    sections = list(facts.meta.get("article:section", ()))
    for obj in facts.articles[:1]:
        value = obj.get("articleSection")
        values = value if isinstance(value, list) else [value]
        sections.extend(v for v in values if isinstance(v, str))
    return sections


def _article_root(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    for tag in ("article", "main"):
        found = tree.find(f".//{tag}")
        if found is not None:
            return found
    return None
