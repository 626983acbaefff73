"""HTML page -> ExtractedArticle: headline, clean body in paragraphs and metadata (no Django).

    from broadsheet.extraction import extract_article
    article = extract_article(html, url, feed_title=entry_title)

extract_article returns None when the page holds no article, and raises ExtractionTimeout
(a TimeoutError) when the page is too large to process in bounded time: more than
parsing.MAX_ELEMENTS elements once scripts and styles are gone. Inputs over
parsing.MAX_HTML_CHARS are trimmed first; nesting deeper than libxml2's 256 levels is cut
by the parser. lib/charset.decode_body (what the fetcher's `.text` uses) turns fetched bytes
into the str extract_article takes.
"""

from .article import ExtractedArticle, ExtractionTimeout
from .extract import extract_article

__all__ = ["ExtractedArticle", "ExtractionTimeout", "extract_article"]
