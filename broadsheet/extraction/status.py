"""Whether an extracted body is the whole article, a partial one, or a paywall/consent wall."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from broadsheet.lib.text import count_words

from .page import PageFacts

# What a paywall says where the article stops. "Already a subscriber?" is not enough on its
# own when read page-wide: many sites show it in the header of every article.
_PAYWALL_RE = re.compile(
    "|".join(
        (
            r"subscribe (?:now )?to (?:continue|keep) reading",
            r"to (?:continue|keep) reading,? (?:please )?(?:subscribe|log ?in|sign in|register)",
            r"this (?:article|content|story) is (?:only )?(?:available|reserved|exclusive) "
            r"(?:to|for) (?:subscribers|members)",
            r"(?:for )?subscribers only|subscriber[- ]exclusive",
            r"create a free account to (?:continue|read)",
            r"you have reached (?:your|the) (?:limit|maximum) of (?:free )?(?:articles|stories)",
        )
    ),
    re.IGNORECASE,
)
_TEASER_END_RE = re.compile(r"already (?:a subscriber|have an account)\?", re.IGNORECASE)
# What a consent wall says instead of the article (cookie banners on full pages do not count).
_CONSENT_RE = re.compile(
    r"(?:we|our partners) (?:use|store) cookies|accept (?:all )?cookies"
    r"|cookie (?:settings|preferences|consent)|consent to (?:the use of )?(?:cookies|data)"
    r"|manage (?:your )?(?:privacy|consent) (?:settings|preferences|options)",
    re.IGNORECASE,
)
_PAGE_TEXT_XPATH = etree.XPath(
    "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
)
# Below this a body is a fragment whatever the page; news briefs start around 50 words.
MIN_WORDS = 40
# A consent wall leaves (next to) nothing of the article; a banner beside a text is no wall.
WALL_WORDS = 15
# A gate leaves a teaser: bodies longer than this are articles that merely mention subscribing.
MAX_TEASER_WORDS = 250
MAX_PAGE_TEXT_CHARS = 100_000


def judge_status(
    tree: lxml.html.HtmlElement,
    facts: PageFacts,
    text: str,
    *,
    removed_text: str = "",
    removed_chars: int = 0,
) -> str:
    """The body's status: "ok", "partial" (boilerplate or too short) or "gated" (a wall).

    removed_text holds the blocks the boilerplate filters dropped, where a paywall's
    "subscribe to continue reading" usually ends up.
    """
    words = count_words(text)
    if words < MAX_TEASER_WORDS:
        paywalled = any(
            str(obj.get("isAccessibleForFree", "")).lower() in ("false", "no")
            for obj in facts.articles
        )
        end = f"{text[-800:]}\n{removed_text[-1500:]}"
        if paywalled or _PAYWALL_RE.search(end) or _TEASER_END_RE.search(end):
            return "gated"
        page_text = _page_text(tree)
        if _PAYWALL_RE.search(page_text) or (words < WALL_WORDS and _CONSENT_RE.search(page_text)):
            return "gated"
    if words < MIN_WORDS or removed_chars > len(text):
        return "partial"
    declared = _declared_word_count(facts)
    # The page says how long the article is: a body under half of that was cut short.
    if declared and words < 0.5 * declared:
        return "partial"
    # A body shorter than the page's own summary of it is a fragment.
    summary = facts.first_meta("og:description", "description") or ""
    if words < 2 * MIN_WORDS and count_words(summary) > words:
        return "partial"
    return "ok"


# A line of running text: a sentence with its end mark, or a long line without one, or a
# long run of a script written without spaces between words (Chinese, Japanese, Thai, Lao,
# Khmer, Burmese; Korean is spaced but its syllables are dense).
_SENTENCE_RE = re.compile(
    r"(?:\S+\s+){5,}\S*[.!?…。！？]|(?:\S+\s+){9,}\S+"
    r"|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{12,}"
    r"|[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]{24,}"
)


def has_prose(text: str) -> bool:
    """Whether a body holds at least one sentence, not only link labels and headings.

    An index page, a section front or a menu read as a body is a list of short labels.
    """
    return any(_SENTENCE_RE.search(line) for line in text.split("\n"))


def _page_text(tree: lxml.html.HtmlElement) -> str:
    parts: list[str] = []
    size = 0
    for piece in _PAGE_TEXT_XPATH(tree):
        parts.append(str(piece))
        size += len(piece)
        if size > MAX_PAGE_TEXT_CHARS:
            break
    return " ".join(" ".join(parts).split())


def _declared_word_count(facts: PageFacts) -> int:
    for obj in facts.articles[:2]:
        value = obj.get("wordCount")
        if isinstance(value, int | str) and str(value).strip().isdigit():
            return int(value)
        body = obj.get("articleBody")
        if isinstance(body, str) and len(body) > 200:
            return count_words(body)
    return 0
