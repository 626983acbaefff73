"""Bytes to text for fetched pages, including Windows-1252 pages mis-declared as UTF-8."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE
)
_NON_ASCII_RE = re.compile(rb"[\x80-\xff]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG: these labels all mean windows-1252 in a browser, so they must here too.
_WINDOWS_1252_LABELS = {
    "iso-8859-1",
    "iso8859-1",
    "latin-1",
    "latin1",
    "l1",
    "ascii",
    "us-ascii",
    "cp1252",
    "windows-1252",
    "x-cp1252",
}
_SNIFF_BYTES = 4096
# The only sniffer answers we trust: legacy code pages of non-Latin scripts. Short Latin
# text fools the sniffer into exotic code pages (cp775...), so anything else is cp1252.
_NON_LATIN_CODECS = frozenset(
    [
        "cp1251",
        "koi8_r",
        "koi8_u",
        "iso8859_5",
        "mac_cyrillic",
        "cp866",
        "cp1253",
        "iso8859_7",
        "cp1255",
        "iso8859_8",
        "cp1256",
        "iso8859_6",
        "gb2312",
        "gbk",
        "gb18030",
        "big5",
        "big5hkscs",
        "shift_jis",
        "cp932",
        "euc_jp",
        "iso2022_jp",
        "euc_kr",
        "cp949",
        "tis_620",
        "cp874",
    ]
)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as Windows-1252 (undefined slots as Latin-1)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    chars = []
    for byte in bad:
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars), error.end


codecs.register_error("broadsheet-cp1252", _cp1252_fallback)


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, *, declared: str | None = None) -> str:
    """Decode a page: BOM, then the declared/meta charset checked against the bytes, else sniffed.

    A page that claims UTF-8 but holds Windows-1252 bytes (the most common mis-declaration)
    is decoded byte-run by byte-run: valid UTF-8 stays UTF-8, the rest is read as
    Windows-1252, so a mostly-UTF-8 page with a few pasted cp1252 quotes also comes out right.
    """
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(bom_codec, errors="replace")
    codec = _codec_name(declared)
    if codec is None:
        match = _META_CHARSET_RE.search(data[:_SNIFF_BYTES])
        codec = _codec_name(match.group(1).decode("ascii", "ignore")) if match else None
    if codec in (None, "utf-8", "cp1252", "iso8859-1", "iso8859-15") or codec == "ascii":
        text: str | None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        # Bytes that are valid UTF-8 with non-ASCII in them are UTF-8, whatever the label says.
        if text is not None and (codec in (None, "utf-8") or _NON_ASCII_RE.search(data)):
            return text
        if codec in (None, "utf-8"):
            if codec is None and not _mostly_utf8(data) and _is_legacy_script(data):
                # Dense non-ASCII in a legacy encoding: Cyrillic, Greek, CJK... let the sniffer say.
                guess = from_bytes(data[:200_000]).best()
                if guess is not None and guess.encoding in _NON_LATIN_CODECS:
                    return data.decode(guess.encoding, errors="replace")
            return data.decode("utf-8", errors="broadsheet-cp1252")
    return data.decode(codec or "utf-8", errors="replace")


def _mostly_utf8(data: bytes) -> bool:
    """Whether most non-ASCII bytes form valid UTF-8 sequences (the rest are stray cp1252)."""
    non_ascii = len(_NON_ASCII_RE.findall(data))
    if not non_ascii:
        return True
    valid = len(
        re.findall(
            rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}", data
        )
    )
    return valid * 2 >= non_ascii * 0.5


def _is_legacy_script(data: bytes) -> bool:
    """Latin-script text has a few accented bytes; other scripts are mostly non-ASCII letters."""
    sample = re.sub(rb"<[^>]*>", b"", data[:200_000])
    return len(_NON_ASCII_RE.findall(sample)) > 0.2 * max(1, len(sample.strip()))
