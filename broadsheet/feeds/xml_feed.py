"""XML feeds: prolog checks and repair, lxml parsing, and feedparser for what lxml loses."""

from __future__ import annotations

import html.entities
import io
import re
from dataclasses import replace
from typing import Any

from lxml import etree

from broadsheet.feeds.model import (
    FeedParseError,
    ParsedEntry,
    ParsedFeed,
    add_image,
    author_name,
    http_url,
    make_entry,
    pick_image,
)
from broadsheet.feeds.rss_atom import local_name, map_xml
from broadsheet.lib.charset import cp1252_char
from broadsheet.lib.html import fragment_to_text

_ROOT_NAMES = {"rss", "rdf", "feed", "channel"}
_JUNK_SCAN_CHARS = 8192
_XML_CONTROL_CHARS: dict[int, str | None] = {
    **dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x20), 0xFFFE, 0xFFFF]),
    0x0B: " ",
    0x0C: " ",
}
# &#146; is legal XML for an invisible C1 control, but on the web it means
# windows-1252's right quote (HTML5 reads it so): rewrite 128-159 before parsing.
_C1_REFERENCE = re.compile(r"&#(?:0*(1[2-5][0-9])|[xX]0*([89][0-9a-fA-F]));")
_DOCTYPE_SUBSET_END = re.compile(r"\]\s*>")
_XML_PREDEFINED = {"amp", "lt", "gt", "quot", "apos"}
# CDATA sections and comments are copied untouched; everything else with an
# ampersand is rewritten into something XML accepts.
_REPAIR = re.compile(
    r"<!\[CDATA\[.*?(?:\]\]>|\Z)|<!--.*?(?:-->|\Z)"
    r"|&(?:#(?P<num>[0-9]{1,8}|[xX][0-9a-fA-F]{1,8});|(?P<name>[A-Za-z][A-Za-z0-9]{0,31});)?",
    re.DOTALL,
)


def parse_xml_feed(text: str, *, url: str) -> ParsedFeed:
    """Parse a decoded RSS, RDF or Atom document into a ParsedFeed or raise FeedParseError."""
    body = _strip_prolog(text)
    if "&#1" in body or "&#x" in body or "&#X" in body:
        body = _C1_REFERENCE.sub(_c1_reference, body)
    root, body, recovered = _parse_xml(body)
    feed = map_xml(root, url=url, strict=not recovered)
    if recovered and _may_have_lost_items(root, body, feed):
        # lxml recovers broken XML element by element and can drop items or
        # nest them into each other; feedparser's tag-soup parser often keeps
        # them apart. It is ~10x slower, so it only runs when lxml lost some.
        fallback = _parse_with_feedparser(body, url=url, recovered=feed)
        if fallback is not None and (
            feed is None
            or len(fallback.entries) > len(feed.entries)
            or (len(fallback.entries) == len(feed.entries) and _has_nested_items(root))
        ):
            feed = fallback
    if feed is None:
        raise FeedParseError("not a feed: the XML has no RSS, RDF or Atom structure")
    return feed


def _may_have_lost_items(root: Any, body: str, feed: ParsedFeed | None) -> bool:
    if feed is None or _has_nested_items(root):
        return True
    written = sum(body.count(tag) for tag in ("<item>", "<item ", "<entry>", "<entry "))
    return written > len(feed.entries)


def _strip_prolog(text: str) -> str:
    """Drop the XML declaration, PIs, comments and DOCTYPE; refuse entity declarations."""
    start = 0
    for _attempt in range(2):
        position = _skip_prolog(text, start)
        name = _element_name_at(text, position)
        if name in _ROOT_NAMES:
            return text[position:]
        if name == "html":
            raise FeedParseError("not a feed: looks like an HTML page")
        # Junk before the document (a PHP warning, a stray line) is common:
        # restart at the first thing that looks like the real document.
        head = text[:_JUNK_SCAN_CHARS].lower()
        found = [
            i
            for i in (head.find(m, start + 1) for m in ("<?xml", "<rss", "<feed", "<rdf:rdf"))
            if i > 0
        ]
        if not found:
            break
        start = min(found)
    if name is None:
        raise FeedParseError("not a feed: no XML element found")
    raise FeedParseError(f"not a feed: the document's root element is <{name}>")


def _skip_prolog(text: str, position: int) -> int:
    length = len(text)
    while position < length:
        while position < length and text[position] in " \t\r\n\ufeff":
            position += 1
        if text.startswith("<?", position):
            end = text.find("?>", position)
            position = length if end < 0 else end + 2
        elif text.startswith("<!--", position):
            end = text.find("-->", position)
            position = length if end < 0 else end + 3
        elif text[position : position + 9].upper() == "<!DOCTYPE":
            position = _skip_doctype(text, position)
        else:
            break
    return position


def _skip_doctype(text: str, position: int) -> int:
    close = text.find(">", position)
    bracket = text.find("[", position)
    if 0 <= bracket < close or (close < 0 <= bracket):
        subset_end = _DOCTYPE_SUBSET_END.search(text, bracket)
        end = len(text) if subset_end is None else subset_end.end()
        subset = text[bracket:end].upper()
        # Entity declarations serve only the billion-laughs and XXE attacks
        # in feeds; refuse rather than trust any parser to neuter them.
        if "<!ENTITY" in subset or "%" in subset:
            raise FeedParseError(
                "unsafe feed: the DOCTYPE declares XML entities "
                "(refused to prevent entity-expansion and external-entity attacks)"
            )
        return end
    return len(text) if close < 0 else close + 1


def _element_name_at(text: str, position: int) -> str | None:
    if not text.startswith("<", position):
        return None
    end = position + 1
    while end < len(text) and end - position < 64 and (text[end].isalnum() or text[end] in ":_-."):
        end += 1
    name = text[position + 1 : end].lower()
    return name.rpartition(":")[2] or None


def safe_xml_parser(*, recover: bool) -> etree.XMLParser:
    """The one hardened lxml parser for XML from outside (feeds, OPML): no entities, no DTD,
    no network, no huge trees, comments and processing instructions dropped."""
    return etree.XMLParser(
        recover=recover,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def _parse_xml(body: str) -> tuple[Any, str, bool]:
    """Parse strictly, else repair the text and let lxml recover: (root, text, recovered)."""
    try:
        return (
            etree.fromstring(body.encode("utf-8"), parser=safe_xml_parser(recover=False)),
            body,
            False,
        )
    except etree.XMLSyntaxError:
        pass
    repaired = repair_xml(body)
    parser = safe_xml_parser(recover=True)
    try:
        root = etree.fromstring(repaired.encode("utf-8"), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedParseError(f"not a feed: unreadable XML ({exc})") from None
    if root is None:
        raise FeedParseError("not a feed: unreadable XML")
    recovered = any(error.level >= etree.ErrorLevels.ERROR for error in parser.error_log)
    return root, repaired, recovered


def repair_xml(body: str) -> str:
    """Rewrite what XML rejects: HTML entities, bare ampersands, control characters."""
    return _REPAIR.sub(_repair_match, body.translate(_XML_CONTROL_CHARS))


def _c1_reference(match: re.Match[str]) -> str:
    decimal, hexadecimal = match.groups()
    code = int(decimal) if decimal else int(hexadecimal, 16)
    return f"&#{ord(cp1252_char(code))};" if 0x80 <= code <= 0x9F else match.group(0)


def _repair_match(match: re.Match[str]) -> str:
    token = match.group(0)
    if token[0] == "<":
        return token
    if number := match.group("num"):
        code = int(number[1:], 16) if number[0] in "xX" else int(number)
        if code in _XML_CONTROL_CHARS or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return ""
        return token
    if name := match.group("name"):
        if name in _XML_PREDEFINED:
            return token
        chars = html.entities.html5.get(name + ";")
        if chars:
            return "".join(f"&#{ord(c)};" for c in chars)
        return "&amp;" + name + ";"
    return "&amp;"


def _has_nested_items(root: Any) -> bool:
    for item in root.iter("{*}item", "{*}entry"):
        for ancestor in item.iterancestors():
            if isinstance(ancestor.tag, str) and local_name(ancestor.tag) in ("item", "entry"):
                return True
    return False


def _parse_with_feedparser(
    body: str, *, url: str, recovered: ParsedFeed | None
) -> ParsedFeed | None:
    """Entries read by feedparser's tag-soup parser; channel fields from lxml's ``recovered``."""
    import feedparser  # imported lazily: only broken feeds pay for it

    # Always a stream: given bytes or str, feedparser would try them as a
    # local file name and as a URL before treating them as the document.
    document = io.BytesIO(b'<?xml version="1.0" encoding="utf-8"?>\n' + body.encode("utf-8"))
    try:
        result = feedparser.parse(
            document,
            response_headers={"content-type": "application/xml; charset=utf-8"},
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except Exception:
        # feedparser has its own crash bugs on mangled input (found by
        # fuzzing); a fallback that fails leaves lxml's recovery in place.
        return None
    version = result.get("version") or ""
    if not version and not result.entries:
        return None
    info = result.feed
    formats = {"rss10": "rss1.0", "atom10": "atom1.0", "atom03": "atom0.3", "atom": "atom1.0"}
    guessed = formats.get(version) or ("rss0.9x" if version.startswith("rss09") else "rss2.0")
    # The channel comes before the damage, and lxml reads it more faithfully.
    feed = recovered or ParsedFeed(
        format=guessed,
        title=fragment_to_text(info.get("title") or ""),
        home_url=http_url(info.get("link"), url),
        language=(info.get("language") or "").strip() or None,
        entries=(),
    )
    base = feed.home_url or url
    entries = []
    for item in result.entries:
        try:
            entries.append(_feedparser_entry(item, base=base, language=feed.language))
        except (TypeError, KeyError, AttributeError, ValueError, IndexError):
            # feedparser's result dicts can crash on access when a mangled item put a string
            # where they expect a dict (found by bench/fuzz.py): skip that item, keep the rest.
            continue
    return replace(feed, entries=tuple(entries))


def _feedparser_entry(item: Any, *, base: str, language: str | None) -> ParsedEntry:
    """One feedparser item mapped like our own parser maps RSS and Atom items."""
    images: list[tuple[int, str]] = []
    for media in item.get("media_content") or []:
        if (media.get("medium") or "image") == "image":
            add_image(images, 0, media.get("url"), media.get("type"))
    for enclosure in item.get("enclosures") or []:
        add_image(images, 1, enclosure.get("href") or enclosure.get("url"), enclosure.get("type"))
    for thumbnail in item.get("media_thumbnail") or []:
        add_image(images, 2, thumbnail.get("url"), "image/*")
    content = item.get("content") or []
    return make_entry(
        guid=(item.get("id") or "").strip() or None,
        url=http_url(item.get("link"), base),
        title=fragment_to_text(item.get("title") or ""),
        author=author_name(item.get("author") or ""),
        summary_html=(item.get("summary") or "").strip(),
        content_html=(content[0].get("value") or "").strip() if content else "",
        published=item.get("published"),
        updated=item.get("updated"),
        image_url=pick_image(images, base),
        categories=[t.get("label") or t.get("term") or "" for t in item.get("tags") or []],
        language=language,
    )
