"""Finding interface text that a French or Spanish page shows in English.

A page is rendered twice from the same rows, under /en/ and under /fr/ (or /es/). A visible
string (text, or a placeholder, title, aria-label, alt or button value) that is the same in
both is suspect: it is either data (a headline, a source's name, a comment), a word that is
the same in both languages and says so in the catalogue ("Sport", "Culture"), or a string
that never went through the catalogue. Only the last kind is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import lxml.html

LOCALE = Path(__file__).resolve().parents[2] / "locale"
_ATTRIBUTES = "//body//@placeholder|//body//@title|//body//@aria-label|//body//@alt"
_BUTTON_VALUES = "//body//input[@type='submit' or @type='button']/@value"
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_ADDRESS = re.compile(r"(?:https?://|/)\S*")
# Language-neutral names a page may show in every language.
NEUTRAL = {"Broadsheet", "Wikinews", "CC BY 2.5", "English", "Français", "Español", "RSS",
           "Atom", "JSON Feed", "OPML", "API", "JSON", "OpenAPI", "Google Reader", "Fever",
           "OK", "Email"}  # fmt: skip


def visible_strings(html: str) -> set[str]:
    """Every piece of text a reader sees or hears on the page, whitespace collapsed."""
    root = lxml.html.document_fromstring(html)
    for hidden in root.xpath("//script|//style|//template|//noscript"):
        hidden.drop_tree()
    found = {*root.xpath("//body//text()"), *root.xpath(_ATTRIBUTES), *root.xpath(_BUTTON_VALUES)}
    return {" ".join(str(s).split()) for s in found} - {""}


@cache
def _catalogue_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    """A pattern per translation in the catalogue (a placeholder matches anything)."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    patterns = []
    for entry in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', text, flags=re.M):
        value = "".join(re.findall(r'"(.*)"', entry))
        value = value.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
        parts = _PLACEHOLDER.split(" ".join(value.split()))
        if _has_words("".join(parts)):
            patterns.append(re.compile(".*".join(re.escape(p) for p in parts), re.S))
    return tuple(patterns)


def untranslated(english: str, other: str, *, language: str, data: Iterable[str]) -> list[str]:
    """Strings shown the same on the English and the other page that are not data and that
    the other language's catalogue does not give as its own."""
    blob = "\n".join(d for d in data if d)
    suspects = visible_strings(english) & visible_strings(other)
    patterns = _catalogue_patterns(language)
    return sorted(
        s
        for s in suspects
        if _has_words(s)
        and s not in NEUTRAL
        and not _is_data(s, blob)
        and not any(p.fullmatch(_core(s)) for p in patterns)
    )


def _has_words(text: str) -> bool:
    # An address or a path reads the same in every language.
    if _ADDRESS.fullmatch(text.strip()):
        return False
    return bool(_LETTERS.search(text))


def _core(text: str) -> str:
    # Text shows beside punctuation that belongs to the layout ("· Harbour Wire", "#Sport").
    return text.strip(" ·…—-–:,.;()#«»\"'")


def _is_data(text: str, blob: str) -> bool:
    # Data shows whole ("Harbour Wire") or cut ("…the ferry ran again").
    core = _core(text)
    return bool(core) and core in blob
