"""Bytes to text: byte-order marks first, then declared charsets the bytes bear out, then evidence.

The one decoder of fetched bytes (pages, feeds, and the extraction golden tests) and the one
windows-1252 error handler ("broadsheet_cp1252"). Two policies share them. Pages (`decode_body`)
trust a declared charset when the bytes decode under it, except that valid non-ASCII UTF-8
outranks a Western single-byte label; feeds (`decode_feed`) trust valid UTF-8 over any label,
since "declared iso-8859-1, served UTF-8" is the commoner feed misconfiguration. Both read
windows-1252 bytes pasted into UTF-8 (text from Word) as windows-1252.
"""

from __future__ import annotations

import codecs
import contextlib
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # Before UTF-16 LE, whose BOM is its prefix.
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_CHARSET_PARAM = re.compile(r";\s*charset\s*=\s*[\"']?([^\"';\s]+)", re.I)
# Feeds: the XML declaration must be quoted, and valid UTF-8 outranks it (see decode_feed).
_XML_DECL_ENCODING = re.compile(
    rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']"""
)
# Labels that mean "Western European single byte" in practice; the WHATWG
# encoding standard reads all of them as windows-1252.
_WESTERN = {"ascii", "latin-1", "iso8859-1", "cp1252"}
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030"}
# windows-1252 leaves five bytes undefined; browsers show them as the C1 controls.
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def cp1252_char(code: int) -> str:
    """The character windows-1252 gives a byte, as browsers show it (C1 controls for its gaps)."""
    return _CP1252[code]


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    # Feeds declared UTF-8 often carry windows-1252 bytes (text pasted from
    # Word): decode each invalid byte as windows-1252 instead of dropping it.
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return "".join(_CP1252[b] for b in bad), error.end


codecs.register_error("broadsheet_cp1252", _cp1252_fallback)


def _decode_bom(content: bytes) -> str | None:
    """`content` decoded by its byte-order mark, or None when it starts with none."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="replace")
    return None


def decode_body(content: bytes, *, http_charset: str | None = None) -> str:
    """Decode a body: BOM, then HTTP charset, then in-document declaration, then detection."""
    if (text := _decode_bom(content)) is not None:
        return text
    head = content[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    declared = match.group(1).decode("ascii") if match else None
    for label, in_document in ((http_charset, False), (declared, True)):
        codec = _codec_name(label, in_document=in_document)
        if codec is None:
            continue
        if codec == "cp1252" and (text := _non_ascii_utf8(content)) is not None:
            return text  # "declared latin-1, served UTF-8": the bytes say which
        with contextlib.suppress(UnicodeDecodeError, LookupError):
            return content.decode(codec)
    with contextlib.suppress(UnicodeDecodeError):
        return content.decode("utf-8")
    if _mostly_utf8(content):  # UTF-8 with a few windows-1252 bytes pasted in
        return content.decode("utf-8", errors="broadsheet_cp1252")
    return _detect_text(content)


_NON_ASCII = re.compile(rb"[\x80-\xff]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _non_ascii_utf8(content: bytes) -> str | None:
    """`content` as UTF-8 when it is valid UTF-8 with non-ASCII bytes in it, else None."""
    if not _NON_ASCII.search(content):
        return None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _mostly_utf8(content: bytes) -> bool:
    """Whether UTF-8 sequences hold most of the non-ASCII bytes (the rest stray windows-1252)."""
    non_ascii = len(_NON_ASCII.findall(content))
    sequences = _UTF8_SEQUENCE.findall(content)
    return non_ascii > 0 and sum(map(len, sequences)) * 2 > non_ascii


def _codec_name(label: str | None, *, in_document: bool) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    if name == "iso8859-1":
        # As browsers do: servers say latin-1 but mean windows-1252 (curly quotes, euro sign).
        return "cp1252"
    if in_document and name.startswith(("utf-16", "utf-32")):
        # A declaration we could read as ASCII cannot be in UTF-16; browsers assume UTF-8.
        return "utf-8"
    return name


def _detect_text(content: bytes) -> str:
    matches = charset_normalizer.from_bytes(content)
    best = matches.best()
    if best is None:
        return content.decode("cp1252", errors="replace")
    # Short Western text scores identically as cp1250 and cp1252 and the tie is broken
    # arbitrarily; windows-1252 is by far the likelier encoding of a mislabelled page.
    for candidate in matches:
        tied = (candidate.chaos, candidate.coherence) == (best.chaos, best.coherence)
        if tied and "cp1252" in candidate.could_be_from_charset:
            with contextlib.suppress(UnicodeDecodeError):
                return content.decode("cp1252")
            break
    return str(best)


def charset_param(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header as written, or None."""
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def _feed_codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def _charset_of(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return _feed_codec_name(value)
    return None


_C1_CONTROLS = re.compile("[\x80-\x9f]")


def _c1_as_cp1252(text: str) -> str:
    """C1 control characters read as the windows-1252 characters they stand for.

    They are never text: a U+0092 in a feed is a right quote that went through a latin-1
    decoder once already (HTML5 reads &#146; the same way).
    """
    if not _C1_CONTROLS.search(text):
        return text
    return _C1_CONTROLS.sub(lambda m: cp1252_char(ord(m.group(0))), text)


def decode_feed(data: bytes, *, content_type: str = "") -> str:
    """Decode feed bytes: BOM, then valid UTF-8, then the declared charsets, then windows-1252;
    C1 control characters are then read as windows-1252."""
    return _c1_as_cp1252(_decode_feed(data, content_type=content_type))


def _decode_feed(data: bytes, *, content_type: str) -> str:
    stripped = data.lstrip(b" \t\r\n")
    if (text := _decode_bom(stripped)) is not None:
        return text
    if stripped.startswith((b"<\x00", b"\x00<")):
        encoding = "utf-16-le" if stripped.startswith(b"<\x00") else "utf-16-be"
        return stripped.decode(encoding, errors="replace")
    # Bytes that are valid UTF-8 and not pure ASCII are UTF-8 whatever the
    # label says: legacy-encoded prose is practically never valid UTF-8, and
    # "declared iso-8859-1, served UTF-8" is a common CMS misconfiguration.
    try:
        return stripped.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _XML_DECL_ENCODING.search(stripped[:512])
    declared = _feed_codec_name(match.group(1).decode("ascii")) if match else None
    http_charset = _charset_of(content_type)
    for label in (declared, http_charset):
        if label is None or label == "utf-8" or label.startswith(("utf-16", "utf-32")):
            continue
        if label in _WESTERN:
            return stripped.decode("cp1252", errors="broadsheet_cp1252")
        try:
            return stripped.decode(label)
        except UnicodeDecodeError:
            continue
    # Invalid UTF-8 with no label that fits: mostly UTF-8 with windows-1252
    # bytes pasted in, or windows-1252 labelled UTF-8. Both decode right this way.
    return stripped.decode("utf-8", errors="broadsheet_cp1252")
