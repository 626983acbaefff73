"""The publisher's own headline, chosen by agreement among the page's title sources."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .hygiene import clean_line, normalize_for_compare
from .page import PageFacts

# Separators that join a headline and a site name in <title> (and sometimes og:title).
_SEPARATOR_RE = re.compile(r"\s+[-|–—·•»:/\\~]{1,2}\s+|\s*\|\s*")
_ELLIPSIS_RE = re.compile(r"(\.\.\.|…)\s*$")
MAX_HEADLINE_CHARS = 400

# When sources tie, the order of trust: what the publisher marked up as the headline first.
_PRIORITY = ("og:title", "jsonld", "h1", "twitter:title", "title", "feed")
# Sources that may carry a site name or section around the headline.
_SUFFIXED = frozenset({"title", "og:title", "twitter:title", "jsonld", "feed"})


@dataclass(frozen=True)
class _Source:
    name: str
    text: str
    norm: str
    truncated: bool


def choose_headline(
    facts: PageFacts, *, feed_title: str | None = None, site_name: str | None = None
) -> str:
    """Pick the headline most sources agree on; never a string that none of them holds."""
    sources = _collect_sources(facts, feed_title)
    if not sources:
        return ""
    site = normalize_for_compare(site_name) if site_name else ""
    best: tuple[tuple[int, int, int, int], str] | None = None
    for cand in _candidates(sources, site):
        support = {s.name for s in sources if _supports(s, cand.norm, site)}
        rank = _PRIORITY.index(cand.origin)
        key = (len(support), -rank, cand.strip_score, len(cand.norm))
        if best is None or key > best[0]:
            best = (key, cand.text)
    return _complete(best[1], sources, site) if best else ""


# Sources that hold the headline as the page shows it, with no site name around it.
_WHOLE = ("h1", "og:title", "jsonld")


def _complete(chosen: str, sources: list[_Source], site: str) -> str:
    """The complete headline when the chosen one is only its beginning.

    A <title> or a feed title cut at the headline's own colon ("Incendie à Notre-Dame de
    Paris" for "Incendie à Notre-Dame de Paris : la flèche s'effondre") can outvote the
    one source that holds it whole; a prefix of the headline is never the headline.
    """
    norm = normalize_for_compare(chosen)
    longer = [
        s
        for s in sources
        if s.name in _WHOLE
        and not s.truncated
        and s.norm.startswith(norm + " ")
        and not _names_site(s.norm[len(norm) :].strip(), site)
    ]
    return max(longer, key=lambda s: len(s.norm)).text if longer else chosen


def _collect_sources(facts: PageFacts, feed_title: str | None) -> list[_Source]:
    raw: list[tuple[str, str]] = []
    for key in ("og:title", "twitter:title"):
        value = facts.first_meta(key)
        if value:
            raw.append((key, value))
    for obj in facts.articles[:2]:
        for key in ("headline", "name"):
            value = obj.get(key)
            if isinstance(value, str) and value.strip():
                raw.append(("jsonld", value))
                break
    raw.extend(("h1", h1) for h1 in facts.h1s)
    if facts.title_tag:
        raw.append(("title", facts.title_tag))
    if feed_title:
        raw.append(("feed", feed_title))
    sources = []
    for name, value in raw:
        text = clean_line(value)
        if not text or len(text) > MAX_HEADLINE_CHARS:
            continue
        truncated = bool(_ELLIPSIS_RE.search(text))
        norm = normalize_for_compare(_ELLIPSIS_RE.sub("", text) if truncated else text)
        if norm:
            sources.append(_Source(name, text, norm, truncated))
    return sources


def _splits(text: str) -> list[tuple[str, str]]:
    """(kept, removed) pairs for a title with a site name before or after a separator."""
    parts = _SEPARATOR_RE.split(text)
    if len(parts) < 2:
        return []
    seps = _SEPARATOR_RE.findall(text)

    def glue(lo: int, hi: int) -> str:
        out = parts[lo]
        for i in range(lo + 1, hi):
            out += seps[i - 1] + parts[i]
        return out.strip()

    pairs = []
    for cut in range(1, len(parts)):
        # "Headline | Section | Site" keeps the front, "Site - Headline" keeps the back.
        pairs.append((glue(0, cut), glue(cut, len(parts))))
        pairs.append((glue(cut, len(parts)), glue(0, cut)))
    return [(kept, removed) for kept, removed in pairs if kept]


@dataclass(frozen=True)
class _Candidate:
    text: str
    norm: str
    origin: str
    strip_score: int  # > 0 when a plausible site-name part was removed; < 0 when implausible


def _strip_score(kept: str, removed: str, site: str) -> int:
    """How plausibly `removed` is the site name around a headline (< 0: it is not)."""
    removed_norm = normalize_for_compare(removed)
    if site and _names_site(removed_norm, site):
        return 100
    kept_words, removed_words = len(kept.split()), len(removed.split())
    if removed_words > 6 or kept_words < removed_words:
        return -1
    # With a known site name that this part is not, cutting it is no better than keeping it.
    return 0 if site else removed_words


def _names_site(norm: str, site: str) -> bool:
    """Whether a title part names the site: "BBC News" for "BBC", "WSJ" for "Wall St Journal"."""
    if not norm:
        return False
    if norm == site or f" {site} " in f" {norm} " or f" {norm} " in f" {site} ":
        return True
    initials = "".join(word[0] for word in site.split() if word != "the")
    squashed = norm.replace(" ", "")
    return squashed in (initials, site.replace(" ", ""))


def _candidates(sources: list[_Source], site: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    seen: set[str] = set()
    for source in sorted(sources, key=lambda s: _PRIORITY.index(s.name)):
        if source.truncated:
            continue
        options = [(source.text, "")]
        if source.name in _SUFFIXED:
            options += _splits(source.text)
        for text, removed in options:
            norm = normalize_for_compare(text)
            if not norm or norm == site or norm in seen:
                continue
            seen.add(norm)
            score = _strip_score(text, removed, site) if removed else 0
            found.append(_Candidate(text, norm, source.name, score))
    if not found:
        # Only truncated sources: return the longest as written rather than invent an end.
        longest = max(sources, key=lambda s: len(s.text))
        found.append(_Candidate(longest.text, longest.norm, longest.name, 0))
    return found


def _supports(source: _Source, norm: str, site: str) -> bool:
    if source.norm == norm:
        return True
    if source.truncated:
        return len(source.norm) >= 20 and norm.startswith(source.norm)
    if source.name in _SUFFIXED:
        # A title backs the part it keeps once a plausible site name is cut, not the site name.
        return any(
            normalize_for_compare(kept) == norm and _strip_score(kept, removed, site) >= 0
            for kept, removed in _splits(source.text)
        )
    return False
