"""Language tags of content: checked before they reach a lang attribute, with direction."""

from __future__ import annotations

import re

# Scripts written right to left, by primary language subtag. Publishers in these languages
# need dir="rtl" on their text or punctuation and numbers land on the wrong side.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi"}
)
_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")


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
