"""Language tags of content: normalised where they enter, checked before a lang attribute.

`normalize_language` is the one normaliser at the boundary: an article's language is stored as
the ISO 639-1 code whether it came from the page (extraction) or the feed ("en-us" -> "en"), so
`?language=en` finds both.
"""

from __future__ import annotations

import re

# Scripts written right to left, by primary language subtag. Publishers in these languages
# need dir="rtl" on their text or punctuation and numbers land on the wrong side.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi"}
)
_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")
_LANG_CODE_RE = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_].*)?$")


def clean_language_tag(raw: str | None) -> str:
    """A BCP 47-shaped tag ('pt-BR' from 'pt_br'), or '' when `raw` is not one.

    Feeds and pages declare languages loosely ('en_US', 'English', 'x'); an invalid lang
    attribute confuses screen readers, so anything that does not look like a tag is dropped.
    """
    tag = (raw or "").strip().replace("_", "-").lower()
    if not _TAG.match(tag):
        return ""
    primary, *rest = tag.split("-")
    return "-".join([primary, *(part.upper() if len(part) == 2 else part for part in rest)])


def text_direction(tag: str | None) -> str:
    """'rtl' for languages written right to left, otherwise 'ltr'."""
    primary = clean_language_tag(tag).split("-", 1)[0]
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


def normalize_language(value: str | None) -> str | None:
    """ISO 639-1 code from a declared tag such as "en-GB", "pt_BR" or "fra"; None if absent."""
    if not value:
        return None
    match = _LANG_CODE_RE.match(value.split(",")[0])
    if not match:
        return None
    code = match.group(1).lower()
    return {
        "eng": "en",
        "fra": "fr",
        "fre": "fr",
        "deu": "de",
        "ger": "de",
        "spa": "es",
        "ita": "it",
        "por": "pt",
        "rus": "ru",
        "ara": "ar",
        "zho": "zh",
        "chi": "zh",
        "jpn": "ja",
        "iw": "he",
        "in": "id",
    }.get(code, code if len(code) == 2 else None)
