"""RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 element trees (from lxml) mapped onto ParsedFeed."""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import html
from collections.abc import Iterator
from copy import deepcopy
from typing import Any
from urllib.parse import urljoin

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
from broadsheet.lib.html import fragment_to_text

_NS_RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
_NS_RSS = frozenset(
    (
        "",
        "http://purl.org/rss/1.0/",
        _NS_RSS090,
        "http://backend.userland.com/rss2",
        "http://blogs.law.harvard.edu/tech/rss",
    )
)
_NS_ATOM10 = "http://www.w3.org/2005/Atom"
_NS_ATOM03 = "http://purl.org/atom/ns#"
_NS_ATOM = frozenset((_NS_ATOM10, _NS_ATOM03, ""))
_NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_NS_DC = "http://purl.org/dc/elements/1.1/"
_NS_DCTERMS = "http://purl.org/dc/terms/"
_NS_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_NS_MEDIA = {"http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss"}
_NS_ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
_NS_FEEDBURNER = "http://rssnamespace.org/feedburner/ext/1.0"
_NS_XHTML = "http://www.w3.org/1999/xhtml"
# When an item carries several dates, the one that says "published" wins whatever the
# order: dc:date and dcterms:created are often a modification or creation time.
_PUBLISHED_RANK = {"pubDate": 0, "published": 0, "issued": 1, "created": 2, "date": 3}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


@functools.lru_cache(maxsize=512)
def _split(tag: str) -> tuple[str, str]:
    if tag[:1] == "{":
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def local_name(tag: str) -> str:
    """An element tag without its ``{namespace}``."""
    return tag.rpartition("}")[2]


def _children(element: Any) -> Iterator[tuple[str, str, Any]]:
    for child in element:
        if isinstance(child.tag, str):
            namespace, local = _split(child.tag)
            yield namespace, local, child


def _text(element: Any) -> str:
    if len(element) == 0:
        return (element.text or "").strip()
    return "".join(element.itertext()).strip()


def map_xml(root: Any, *, url: str, strict: bool) -> ParsedFeed | None:
    """Map an RSS, RDF or Atom root onto a ParsedFeed; None for other roots unless `strict`."""
    if not isinstance(root.tag, str):
        return None
    namespace, local = _split(root.tag)
    local = local.lower()
    if local == "feed":
        is_03 = namespace == _NS_ATOM03 or (
            namespace != _NS_ATOM10 and root.get("version") == "0.3"
        )
        return _map_atom(root, url=url, fmt="atom0.3" if is_03 else "atom1.0")
    if local == "html":
        raise FeedParseError("not a feed: looks like an HTML page")
    if local == "rss":
        channel = next(
            (c for ns, name, c in _children(root) if name == "channel" and ns in _NS_RSS), root
        )
        version = (root.get("version") or "2.0").strip()
        return _map_rss(
            root, channel, url=url, fmt="rss0.9x" if version.startswith("0.9") else "rss2.0"
        )
    if local == "channel":  # an RSS channel without its <rss> wrapper
        return _map_rss(root, root, url=url, fmt="rss2.0")
    if local == "rdf":
        channel = next((c for _ns, name, c in _children(root) if name == "channel"), root)
        namespaces = {_split(el.tag)[0] for el in root.iter("{*}item", "{*}channel")}
        fmt = "rss0.9x" if _NS_RSS090 in namespaces else "rss1.0"
        return _map_rss(root, channel, url=url, fmt=fmt)
    if not strict:
        return None
    raise FeedParseError(f"not a feed: the document's root element is <{local}>")


def _xml_base(element: Any, url: str) -> str | None:
    """The base URL set by xml:base on ``element`` or its ancestors, or None if none is set."""
    chain = [b for el in (element, *element.iterancestors()) if (b := el.get(_XML_BASE))]
    if not chain:
        return None
    base = url
    for value in reversed(chain):
        with contextlib.suppress(ValueError):  # an unparseable xml:base is ignored
            base = urljoin(base, value.strip())
    return base


def _websub_links(links: list[Any], *, base: str) -> tuple[tuple[str, ...], str | None]:
    """The hub URLs and the self URL among a feed's <link> elements (WebSub discovery)."""
    hubs: dict[str, None] = {}
    self_url = None
    for link in links:
        rels = (link.get("rel") or "").lower().split()
        href = http_url(link.get("href"), base)
        if href and "hub" in rels:
            hubs.setdefault(href, None)
        elif href and "self" in rels and self_url is None:
            self_url = href
    return tuple(hubs), self_url


def _map_rss(root: Any, channel: Any, *, url: str, fmt: str) -> ParsedFeed:
    title = home = language = dc_title = ""
    atom_links: list[Any] = []
    for namespace, local, child in _children(channel):
        if namespace == _NS_ATOM10 and local == "link":
            atom_links.append(child)
        if namespace in _NS_RSS:
            if local == "title" and not title:
                title = fragment_to_text(_inner_html(child))
            elif local == "link" and not home:
                home = _text(child)
            elif local == "language" and not language:
                language = _text(child)
        elif namespace == _NS_DC and local == "language" and not language:
            language = _text(child)
        elif namespace == _NS_DC and local == "title" and not dc_title:
            dc_title = fragment_to_text(_inner_html(child))
    title = title or dc_title
    home_url = http_url(home, _xml_base(channel, url) or url)
    language = language or channel.get(_XML_LANG) or root.get(_XML_LANG) or ""
    feed_language = language.strip() or None
    # Relative links in RSS mean the site they were written on: resolve them
    # against xml:base when given, else the home page, else the feed's URL.
    base = home_url or url
    entries = tuple(
        _map_rss_item(item, base=_xml_base(item, url) or base, language=feed_language)
        for item in root.iter("{*}item")
        if _split(item.tag)[0] in _NS_RSS
    )
    hub_urls, self_url = _websub_links(atom_links, base=url)
    return ParsedFeed(
        format=fmt, title=title, home_url=home_url, language=feed_language, entries=entries,
        hub_urls=hub_urls, self_url=self_url,
    )  # fmt: skip


def _map_rss_item(item: Any, *, base: str, language: str | None) -> ParsedEntry:
    fields: dict[str, str] = {}
    categories: list[str] = []
    images: list[tuple[int, str]] = []
    guid_is_permalink = True
    published_rank = len(_PUBLISHED_RANK)

    def keep(key: str, value: str) -> None:
        if value and key not in fields:
            fields[key] = value

    def keep_published(value: str, kind: str) -> None:
        nonlocal published_rank
        if value and _PUBLISHED_RANK[kind] < published_rank:
            fields["published"], published_rank = value, _PUBLISHED_RANK[kind]

    for namespace, local, child in _children(item):
        if namespace in _NS_RSS:
            if local == "title":
                keep("title", _inner_html(child))
            elif local == "link":
                keep("link", _text(child))
            elif local == "guid":
                keep("guid", _text(child))
                guid_is_permalink = (child.get("isPermaLink") or "true").strip().lower() != "false"
            elif local == "description":
                keep("summary", _inner_html(child))
            elif local == "pubDate":
                keep_published(_text(child), "pubDate")
            elif local == "body":  # an XHTML body written without its namespace
                keep("content", _xhtml_html(child))
            elif local == "author":
                keep("author", _text(child))
            elif local == "category":
                categories.append(_text(child))
            elif local == "enclosure":
                add_image(images, 1, child.get("url"), child.get("type"))
            elif local == "language":
                keep("language", _text(child))
        elif namespace == _NS_DC:
            if local == "creator":
                keep("creator", _text(child))
            elif local == "date":
                keep_published(_text(child), "date")
            elif local == "description":
                keep("dc_description", _inner_html(child))
            elif local == "subject":
                categories.append(_text(child))
            elif local == "language":
                keep("language", _text(child))
            elif local == "title":
                keep("dc_title", _inner_html(child))
        elif namespace == _NS_CONTENT and local == "encoded":
            keep("content", _inner_html(child))
        elif namespace == _NS_XHTML and local == "body":
            keep("content", _xhtml_html(child))
        elif namespace == _NS_ATOM10:
            if local == "link" and (child.get("rel") or "alternate") == "alternate":
                keep("link", child.get("href") or "")
            elif local == "updated":
                keep(local, _text(child))
            elif local == "published":
                keep_published(_text(child), "published")
        elif namespace == _NS_DCTERMS and local == "modified":
            keep("updated", _text(child))
        elif namespace == _NS_DCTERMS and local in ("issued", "created"):
            keep_published(_text(child), local)
        elif namespace in _NS_MEDIA:
            _add_media_images(images, local, child)
        elif namespace == _NS_FEEDBURNER and local == "origLink":
            # FeedBurner wraps links in its redirector and keeps the real one here.
            fields["link"] = _text(child) or fields.get("link", "")
        elif namespace == _NS_ITUNES and local == "image":
            add_image(images, 4, child.get("href"), "image/*")
        elif namespace == _NS_ITUNES and local in ("summary", "author"):
            keep(f"itunes_{local}", _text(child))

    guid = fields.get("guid") or item.get(f"{{{_NS_RDF}}}about", "").strip() or None
    link = fields.get("link")
    if not link and guid and guid_is_permalink:
        link = guid
    return make_entry(
        guid=guid,
        url=http_url(link, base),
        title=fragment_to_text(fields.get("title") or fields.get("dc_title", "")),
        author=author_name(
            fields.get("creator") or fields.get("author") or fields.get("itunes_author", "")
        ),
        summary_html=fields.get("summary")
        or fields.get("dc_description")
        # itunes:summary is plain text: escaped so no word in it is read as a tag.
        or html.escape(fields.get("itunes_summary", ""), quote=False),
        content_html=fields.get("content", ""),
        published=fields.get("published"),
        updated=fields.get("updated"),
        image_url=pick_image(images, base),
        categories=categories,
        language=fields.get("language") or item.get(_XML_LANG) or language,
    )


def _add_media_images(images: list[tuple[int, str]], local: str, element: Any) -> None:
    if local == "group":
        for _namespace, child_local, child in _children(element):
            _add_media_images(images, child_local, child)
    elif local == "content":
        medium = (element.get("medium") or "").lower()
        kind = "image/*" if medium == "image" else element.get("type")
        if medium in ("", "image"):
            add_image(images, 0, element.get("url"), kind)
    elif local == "thumbnail":
        add_image(images, 2, element.get("url"), "image/*")


def _map_atom(root: Any, *, url: str, fmt: str) -> ParsedFeed:
    title = ""
    links: list[Any] = []
    authors: list[str] = []
    for namespace, local, child in _children(root):
        if namespace not in _NS_ATOM:
            continue
        if local == "title" and not title:
            title = fragment_to_text(_atom_html(child))
        elif local == "link":
            links.append(child)
        elif local == "author":
            authors.append(_atom_person(child))
    home_url = _atom_alternate(links, url=url, base=_xml_base(root, url) or url)
    language = (root.get(_XML_LANG) or "").strip() or None
    feed_author = ", ".join(a for a in authors if a)
    # xml:base, when present, wins (the spec's rule); without it relative
    # links resolve against the site, which is what publishers who write them mean.
    base = home_url or url
    entries = tuple(
        _map_atom_entry(
            entry,
            url=url,
            base=_xml_base(entry, url) or base,
            author=feed_author,
            language=language,
        )
        for entry in root.iter("{*}entry")
        if _split(entry.tag)[0] in _NS_ATOM
    )
    hub_urls, self_url = _websub_links(links, base=_xml_base(root, url) or url)
    return ParsedFeed(
        format=fmt, title=title, home_url=home_url, language=language, entries=entries,
        hub_urls=hub_urls, self_url=self_url,
    )  # fmt: skip


def _atom_person(element: Any) -> str:
    for _namespace, local, child in _children(element):
        if local == "name":
            return " ".join(_text(child).split())
    return ""


def _atom_alternate(links: list[Any], *, url: str, base: str) -> str | None:
    alternates = [el for el in links if (el.get("rel") or "alternate").strip() == "alternate"]
    alternates.sort(
        key=lambda el: (
            0
            if (el.get("type") or "text/html").startswith(("text/html", "application/xhtml"))
            else 1
        )
    )
    for link in alternates:
        link_base = _xml_base(link, url) if link.get(_XML_BASE) else base
        if href := http_url(link.get("href"), link_base):
            return href
    return None


def _map_atom_entry(
    entry: Any, *, url: str, base: str, author: str, language: str | None
) -> ParsedEntry:
    fields: dict[str, str] = {}
    links: list[Any] = []
    authors: list[str] = []
    categories: list[str] = []
    images: list[tuple[int, str]] = []
    published_rank = len(_PUBLISHED_RANK)
    for namespace, local, child in _children(entry):
        if namespace in _NS_ATOM:
            if local in ("title", "summary", "content") and local not in fields:
                fields[local] = _atom_html(child)
            elif local == "link":
                links.append(child)
                if (child.get("rel") or "").strip() == "enclosure":
                    add_image(images, 1, child.get("href"), child.get("type"))
            elif local == "id" and "id" not in fields:
                fields["id"] = _text(child)
            elif local in ("published", "issued", "created"):
                rank = _PUBLISHED_RANK[local]
                if rank < published_rank and (value := _text(child)):
                    fields["published"], published_rank = value, rank
            elif local in ("updated", "modified") and "updated" not in fields:
                fields["updated"] = _text(child)
            elif local == "author":
                authors.append(_atom_person(child))
            elif local == "category":
                categories.append(child.get("label") or child.get("term") or _text(child))
        elif namespace in _NS_MEDIA:
            _add_media_images(images, local, child)
        elif namespace == _NS_DC and local == "creator":
            authors.append(" ".join(_text(child).split()))
        elif namespace == _NS_FEEDBURNER and local == "origLink":
            fields["origlink"] = _text(child)
    entry_language = entry.get(_XML_LANG) or next(
        (el.get(_XML_LANG) for el in entry.iterancestors() if el.get(_XML_LANG)), None
    )
    link = http_url(fields.get("origlink"), base) or _atom_alternate(links, url=url, base=base)
    return make_entry(
        guid=fields.get("id") or None,
        url=link,
        title=fragment_to_text(fields.get("title", "")),
        author=", ".join(a for a in authors if a) or author,
        summary_html=fields.get("summary", ""),
        content_html=fields.get("content", ""),
        published=fields.get("published"),
        updated=fields.get("updated"),
        image_url=pick_image(images, base),
        categories=categories,
        language=entry_language or language,
    )


def _atom_html(element: Any) -> str:
    """An Atom text construct as HTML: text is escaped, html kept, xhtml serialised."""
    kind = (element.get("type") or "text").strip().lower()
    mode = (element.get("mode") or "").strip().lower()
    if element.get("src"):
        return ""
    if kind in ("xhtml", "application/xhtml+xml") or mode == "xml":
        children = [c for c in element if isinstance(c.tag, str)]
        if (
            len(children) == 1
            and local_name(children[0].tag) == "div"
            and not (element.text or "").strip()
        ):
            return _xhtml_html(children[0])
        return _xhtml_html(element)
    if kind in ("html", "text/html") and len(element) and mode != "base64":
        return _inner_html(element)  # unescaped markup where escaped HTML was due
    value = "".join(element.itertext())
    if mode == "base64":
        try:
            value = base64.b64decode(value).decode("utf-8", errors="replace")
        except (binascii.Error, ValueError):
            return ""
    if kind in ("html", "text/html"):
        return value.strip()
    if kind in ("text", "text/plain"):
        return html.escape(value.strip(), quote=False)
    return ""


def _xhtml_html(element: Any) -> str:
    """XHTML content as an HTML string: its text is text, so "&lt;blink&gt;" stays escaped
    (unlike RSS descriptions, whose text is HTML)."""
    if len(element) == 0:
        return html.escape((element.text or "").strip(), quote=False)
    return _inner_html(element)


def _inner_html(element: Any) -> str:
    """The element's content as an HTML string (text, or child markup serialised)."""
    if len(element) == 0:
        return (element.text or "").strip()
    copy = _without_namespaces(element)
    parts = [html.escape(copy.text, quote=False)] if copy.text else []
    parts.extend(
        etree.tostring(child, encoding="unicode", method="html", with_tail=True) for child in copy
    )
    return "".join(parts).strip()


def _without_namespaces(element: Any) -> Any:
    if not any(isinstance(el.tag, str) and el.tag[:1] == "{" for el in element.iterdescendants()):
        return element
    copy = deepcopy(element)
    copy.tail = None
    for el in copy.iter():
        if isinstance(el.tag, str) and el.tag[:1] == "{":
            with contextlib.suppress(ValueError):  # recovered trees hold odd names
                el.tag = local_name(el.tag)
    etree.cleanup_namespaces(copy)
    return copy
