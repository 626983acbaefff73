"""Author names from JSON-LD, meta tags and bylines: persons only, never the publication."""

from __future__ import annotations

import re
from typing import Any

import lxml.html

from .hygiene import clean_line, normalize_for_compare
from .page import PageFacts, element_text


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_BYLINE_PREFIX_RE = re.compile(
    r"^(?:(?:written|posted|reported|text|story|words|photos?)\s+)?"
    r"(?:by|von|por|par|di|door|av|от|автор:?)\s*[:\-]?\s+",
    re.IGNORECASE,
)
# Conjunctions only in lower case: "Sarah E. Needleman" is one name, "Jane e Maria" two.
_AUTHOR_SPLIT_RE = re.compile(
    r"\s*(?:,|;|&|/|\||\n)\s*|\s+(?:and|und|et|y|e|и|og|och|en|ve|i)\s+|\s+(?i:and)\s+"
)
_NOT_A_NAME_RE = re.compile(r"https?://|www\.|@|\d|^[\W_]+$")
# Words that make a byline an organisation, a desk or a job title rather than a person.
_ORG_WORDS = _word_set(
    "news press agency associated international media network times post daily herald "
    "tribune journal staff team editorial editor editors desk wire service bureau online "
    "magazine tv radio channel inc ltd llc corp group writer reporter correspondent "
    "contributor columnist admin administrator webmaster redaktion redacción rédaction "
    "redazione agencia agence newsroom report reports business insider gazette chronicle "
    "weekly today blog official"
)
# Lower-case particles inside names ("Ludwig van Beethoven", "Ibn al Haytham").
_PARTICLES = _word_set("van von der den de da di del della des du la le bin ibn al el y e dos das")
_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
    "cxenseparse:author",
)
MAX_AUTHOR_WORDS = 5
MAX_AUTHORS = 10


def clean_author(value: str) -> list[str]:
    """Person names from a byline: "By Jane Doe and John Roe" -> ["Jane Doe", "John Roe"]."""
    value = " ".join(clean_line(value).split())
    if _NOT_A_NAME_RE.match(value):
        # article:author is often a profile URL, not a name.
        return []
    value = _BYLINE_PREFIX_RE.sub("", value)
    # "Jane Doe - Reporter", "Jane Doe (AP)": the name comes first.
    value = re.split(r"\s+[-–—|]\s+|\s*\(", value)[0]
    names = []
    for part in _AUTHOR_SPLIT_RE.split(value):
        part = _BYLINE_PREFIX_RE.sub("", part.strip(" .:-–—•·")).strip()
        if _is_person_name(part):
            names.append(part)
    return names


def _is_person_name(value: str) -> bool:
    if not value or _NOT_A_NAME_RE.search(value):
        return False
    words = value.split()
    if len(words) > MAX_AUTHOR_WORDS:
        return False
    if any(word.lower().strip(".") in _ORG_WORDS for word in words):
        return False
    cased = [w for w in words if any(ch.isupper() or ch.islower() for ch in w)]
    if not cased:
        return True  # scripts without case (Arabic, CJK): nothing more to check
    if len(words) == 1 and words[0].isupper():
        return False  # "CNN", "PTI", "MS": acronyms, not people
    # Every word of a Latin/Cyrillic/Greek name is capitalised, bar particles like "van".
    return all(w[0].isupper() or w.lower() in _PARTICLES for w in cased)


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if str(value.get("@type", "")).lower() in ("organization", "newsmediaorganization"):
            return []
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value[:MAX_AUTHORS] for name in _names(item)]
    return []


def _names_of_org(value: Any) -> list[str]:
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return [value["name"]]
    if isinstance(value, list):
        return [n for item in value for n in _names_of_org(item)]
    return []


def _is_publication(norm: str, blocked: set[str]) -> bool:
    """Whether a byline names the publication ("BBC News" on a site called "BBC")."""
    for site in blocked:
        if not site:
            continue
        if norm == site or norm in f" {site} " or site in f" {norm} ":
            return True
        site_words, words = set(site.split()), norm.split()
        if all(word in site_words for word in words):
            return True
    return False


def find_authors(
    facts: PageFacts, tree: lxml.html.HtmlElement, *, site_name: str | None
) -> tuple[str, ...]:
    """Author names as persons; organisation-only bylines (the site itself) are dropped."""
    raw: list[str] = []
    for obj in facts.articles[:2]:
        raw.extend(_names(obj.get("author")) + _names(obj.get("creator")))
    if not raw:
        for key in _AUTHOR_META:
            raw.extend(facts.meta.get(key, ()))
    if not raw:
        for element in tree.xpath('//*[@rel="author" or @itemprop="author"]')[:5]:
            text = element_text(element)
            if text:
                raw.append(text)
    blocked = {normalize_for_compare(name) for name in (site_name,) if name}
    for obj in facts.articles[:2]:
        blocked.update(normalize_for_compare(n) for n in _names_of_org(obj.get("publisher")))
    authors: list[str] = []
    seen: set[str] = set()
    for value in raw:
        for name in clean_author(value):
            norm = normalize_for_compare(name)
            if not norm or norm in seen or _is_publication(norm, blocked):
                continue
            seen.add(norm)
            authors.append(name)
    return tuple(authors[:MAX_AUTHORS])
