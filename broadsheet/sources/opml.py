"""OPML subscription lists: read them safely (bad outlines reported) and write OPML 2.0."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from broadsheet.feeds.xml_feed import repair_xml, safe_xml_parser
from broadsheet.lib.charset import decode_body

__all__ = ["OpmlError", "OpmlImport", "OpmlOutline", "parse_opml", "render_opml"]

CATEGORY_SEPARATOR = " / "
# Far above any real reader's list (heavy users follow a few thousand feeds); a file past
# these limits is refused whole, before anything is stored.
MAX_BYTES = 10 * 1024 * 1024
MAX_OUTLINES = 10_000
MAX_DEPTH = 32
_MAX_REPORTED_SYNTAX_ERRORS = 20
_OUTLINE_ATTRIBUTE = re.compile(
    r"""\b(text|title|xmlurl)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
# Characters XML 1.0 forbids, dropped from what render_opml writes.
_NOT_XML_CHARS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass(frozen=True)
class OpmlOutline:
    """One subscription: the feed, its display title, site and (folder) category."""

    feed_url: str
    title: str
    home_url: str | None
    category: str | None


@dataclass(frozen=True)
class OpmlImport:
    """The subscriptions read from an OPML file, and one message per outline that was skipped."""

    outlines: tuple[OpmlOutline, ...]
    errors: tuple[str, ...]


class OpmlError(ValueError):
    """The file as a whole cannot be imported (not OPML, unsafe, unreadable)."""


def parse_opml(data: bytes) -> OpmlImport:
    """Read an OPML file's feed outlines, nested folders becoming ``"Tech / Python"`` categories."""
    if not data or not data.strip():
        raise OpmlError("empty document")
    if len(data) > MAX_BYTES:
        raise OpmlError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    root_at = data.find(b"<opml")
    if _ENTITY_DECLARATION.search(data, 0, root_at if root_at >= 0 else len(data)):
        # Entity declarations exist in OPML only to mount XXE or
        # entity-expansion ("billion laughs") attacks: refuse the file.
        raise OpmlError("unsafe OPML: the file declares XML entities, which are not allowed")
    root, syntax_errors = _parse_xml(data)
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise OpmlError("unsafe OPML: the file declares XML entities, which are not allowed")
    if not _is(root, "opml"):
        name = _local_name(root) or "?"
        raise OpmlError(f"not an OPML file: the root element is <{name}>")
    body = next((el for el in root if _is(el, "body")), None)
    if body is None:
        raise OpmlError("not an OPML file: it has no <body>")
    _check_size(body)
    outlines: list[OpmlOutline] = []
    errors = _name_broken_outlines(data, syntax_errors)
    seen: dict[tuple[str, str | None], int] = {}
    _collect(body, category=None, outlines=outlines, errors=errors, seen=seen)
    kept = {o.feed_url for o in outlines}
    errors = [_with_fate(message, kept) for message in errors]
    return OpmlImport(outlines=tuple(outlines), errors=tuple(errors))


def _check_size(body: Any) -> None:
    """Refuse a file with more outlines, or deeper folders, than any reader's list has."""
    count = 0
    for element in body.iter():
        if _is(element, "outline"):
            count += 1
            if count > MAX_OUTLINES:
                raise OpmlError(f"too many outlines: more than {MAX_OUTLINES:,} in one file")
            depth = sum(1 for a in element.iterancestors() if _is(a, "outline"))
            if depth >= MAX_DEPTH:
                raise OpmlError(f"folders are nested deeper than {MAX_DEPTH} levels")


def _name_broken_outlines(data: bytes, syntax_errors: list[tuple[int, str]]) -> list[str]:
    """XML errors as messages that name the outline on that line (its title and feed URL)."""
    if not syntax_errors:
        return []
    lines = decode_body(data).splitlines()
    messages = []
    for line, message in syntax_errors:
        if "Excessive depth" in message:
            raise OpmlError(f"folders are nested deeper than {MAX_DEPTH} levels")
        named = _outline_on_line(lines, line)
        messages.append(f"line {line}: {named}XML error, {message}" if named else
                        f"line {line}: XML error, {message}")  # fmt: skip
    return messages


def _outline_on_line(lines: list[str], line: int) -> str:
    """`outline 'Title' (url): ` for the outline written on (or just before) `line`."""
    for number in range(min(line, len(lines)), max(line - 3, 0), -1):
        text = lines[number - 1]
        if "<outline" not in text.lower():
            continue
        found = {m.group(1).lower(): m.group(2) or m.group(3) or "" for m in
                 _OUTLINE_ATTRIBUTE.finditer(text[text.lower().rfind("<outline"):])}  # fmt: skip
        title = found.get("title") or found.get("text") or ""
        url = found.get("xmlurl", "")
        if title or url:
            return f"outline {title!r} ({url or 'no xmlUrl'}): "
    return ""


def _with_fate(message: str, kept: set[str]) -> str:
    """Say whether the broken outline a message names was read anyway or skipped."""
    match = re.search(r"\((https?://[^)\s]+)\): XML error", message)
    if match is None:
        return message
    fate = "read anyway" if match.group(1) in kept else "skipped"
    return f"{message.rstrip('.')} ({fate})"


def render_opml(outlines: Iterable[OpmlOutline], *, title: str) -> bytes:
    """Write subscriptions as an OPML 2.0 document, one folder outline per category."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _xml_safe(title)
    etree.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC))
    body = etree.SubElement(root, "body")
    folders: dict[str, Any] = {}
    for outline in outlines:
        parent = body
        if outline.category:
            path: list[str] = []
            for name in outline.category.split(CATEGORY_SEPARATOR):
                name = name.strip()
                if not name:
                    continue
                path.append(name)
                key = CATEGORY_SEPARATOR.join(path)
                if key not in folders:
                    folders[key] = etree.SubElement(
                        parent, "outline", text=_xml_safe(name), title=_xml_safe(name)
                    )
                parent = folders[key]
        attributes = {
            "type": "rss",
            "text": _xml_safe(outline.title or outline.feed_url),
            "title": _xml_safe(outline.title or outline.feed_url),
            "xmlUrl": _xml_safe(outline.feed_url),
        }
        if outline.home_url:
            attributes["htmlUrl"] = _xml_safe(outline.home_url)
        etree.SubElement(parent, "outline", attributes)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _parse_xml(data: bytes) -> tuple[Any, list[tuple[int, str]]]:
    try:
        return etree.fromstring(data, parser=safe_xml_parser(recover=False)), []
    except etree.XMLSyntaxError:
        pass
    # Hand-edited and exported OPML often has bare "&" in titles and URLs, or
    # HTML entities: repair those, then let lxml recover what it can.
    text = decode_body(data)
    root_at = text.find("<opml")
    if _ENTITY_DECLARATION.search(text[: root_at if root_at >= 0 else len(text)].encode()):
        # The byte-level check in parse_opml cannot see a UTF-16 or UTF-32 declaration.
        raise OpmlError("unsafe OPML: the file declares XML entities, which are not allowed")
    text = repair_xml(_XML_DECLARATION.sub("", text.lstrip("\ufeff")))
    parser = safe_xml_parser(recover=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise OpmlError(f"unreadable OPML: {exc}") from None
    if root is None:
        raise OpmlError("unreadable OPML: no XML element found")
    messages = [
        (error.line, str(error.message).strip())
        for error in parser.error_log
        if error.level >= etree.ErrorLevels.ERROR
    ]
    return root, messages[:_MAX_REPORTED_SYNTAX_ERRORS]


def _local_name(element: Any) -> str:
    # Not etree.QName: it rejects the odd names a recovered tree can hold.
    return element.tag.rpartition("}")[2].lower() if isinstance(element.tag, str) else ""


def _is(element: Any, name: str) -> bool:
    return _local_name(element) == name


def _attribute(element: Any, name: str) -> str:
    # Exporters disagree on case: xmlUrl, xmlurl, XMLURL all occur.
    value = element.get(name)
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in element.attrib.items() if str(k).lower() == wanted), "")
    return " ".join(str(value).split())


def _collect(
    parent: Any,
    *,
    category: str | None,
    outlines: list[OpmlOutline],
    errors: list[str],
    seen: dict[tuple[str, str | None], int],
) -> None:
    for element in parent:
        if not _is(element, "outline"):
            continue
        line = element.sourceline or 0
        title = _attribute(element, "title") or _attribute(element, "text")
        raw_url = _attribute(element, "xmlUrl")
        has_children = any(_is(child, "outline") for child in element)
        if not raw_url:
            if has_children:
                folder = title or "Untitled"
                nested = f"{category}{CATEGORY_SEPARATOR}{folder}" if category else folder
                _collect(element, category=nested, outlines=outlines, errors=errors, seen=seen)
            else:
                label = f" {title!r}" if title else ""
                errors.append(f"line {line}: outline{label} has no xmlUrl, skipped")
            continue
        feed_url = _http_url(raw_url)
        if feed_url is None:
            errors.append(
                f"line {line}: outline {title or raw_url!r} has an invalid xmlUrl "
                f"({raw_url[:200]}), skipped"
            )
            continue
        filed_in = category or _first_category(_attribute(element, "category"))
        # The same feed in two folders is filed in both; twice in one folder is a duplicate.
        if (feed_url, filed_in) in seen:
            first = seen[(feed_url, filed_in)]
            errors.append(
                f"line {line}: outline {title or feed_url!r} ({feed_url}) is a duplicate "
                f"of line {first}, skipped"
            )
            continue
        seen[(feed_url, filed_in)] = line
        outlines.append(
            OpmlOutline(
                feed_url=feed_url,
                title=title or feed_url,
                home_url=_http_url(_attribute(element, "htmlUrl")),
                category=filed_in,
            )
        )
        if has_children:
            _collect(element, category=category, outlines=outlines, errors=errors, seen=seen)


def _first_category(value: str) -> str | None:
    # OPML 2.0's category attribute: comma-separated slash-delimited paths.
    first = value.split(",")[0].strip().strip("/")
    parts = [part.strip() for part in first.split("/") if part.strip()]
    return CATEGORY_SEPARATOR.join(parts) or None


def _http_url(value: str) -> str | None:
    value = value.strip()
    if value.lower().startswith("feed://"):
        value = "http://" + value[len("feed://") :]  # an old subscribe-scheme for feeds
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def _xml_safe(value: str) -> str:
    return value.translate(_NOT_XML_CHARS)
