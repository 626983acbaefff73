"""Plain-text hygiene: invisible characters, odd spaces, whitespace and word counts."""

from __future__ import annotations

import functools
import re
import unicodedata

# Soft hyphens and zero-width characters are invisible in a browser but split or
# glue words in plain text and in search indexes.
_INVISIBLE_RE = re.compile(
    "[\u00ad\u200b\u2060\ufeff\u180e\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0e-\x1f\x7f-\x9f]"
)
# ZWNJ / ZWJ carry meaning inside Arabic-script and Indic words; elsewhere they are noise.
_JOINER_SCRIPTS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u0900-\u0dff\ufb50-\ufdff\ufe70-\ufeff"
_JOINER_RE = re.compile(
    f"(?<![{_JOINER_SCRIPTS}])[\u200c\u200d]|[\u200c\u200d](?![{_JOINER_SCRIPTS}])"
)
# Every horizontal space variant (nbsp, thin, ideographic space is kept apart for CJK) -> " ".
_SPACES_RE = re.compile("[ \t\n\r\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\x0b\x0c]+")
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS_RE = re.compile("\r\n?|[\u2028\u2029\x85]")
_COMPARE_WORD_RE = re.compile(r"[^\W_]+")
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def clean_line(value: str) -> str:
    """One line of text with invisible characters dropped and spaces collapsed."""
    if value.isascii():
        if value.isprintable():
            return " ".join(value.split())
        return _SPACES_RE.sub(" ", _CONTROL_RE.sub("", value)).strip()
    value = _INVISIBLE_RE.sub("", value)
    if "\u200c" in value or "\u200d" in value:
        value = _JOINER_RE.sub("", value)
    return _SPACES_RE.sub(" ", value).strip()


def clean_text(value: str) -> str:
    """Normalise a block of text: NFC, clean lines, at most one blank line between paragraphs."""
    value = unicodedata.normalize("NFC", _LINE_BREAKS_RE.sub("\n", value))
    lines = [clean_line(line) for line in value.split("\n")]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def join_paragraphs(paragraphs: list[str], *, code: list[bool] | None = None) -> str:
    """Body text: paragraphs separated by exactly one blank line, glued sentences parted.

    `code` marks the paragraphs that are code blocks: they are kept verbatim (in code,
    "os.Getenv" is no pair of sentences).
    """
    verbatim = code or [False] * len(paragraphs)
    return "\n\n".join(
        p if is_code else separate_sentences(p)
        for p, is_code in zip(paragraphs, verbatim, strict=True)
        if p
    )


# A sentence glued to the next inside one text ("vice president.In the Green Party"): a
# lower-case word of two letters or more, its full stop, then a capitalised word. Initials
# ("U.S.A"), domains ("example.com") and "e.g.The" do not match; a token holding "/", "@" or
# "www" (an address) is left alone, and so is a call in code quoted in a sentence
# ("os.Getenv(key)": the word after the stop runs into a parenthesis).
_GLUED_RE = re.compile(r"(?<![A-Z.])\b[a-z]{2,}[.!?](?=[A-Z][a-z])(?![A-Z]\w*(?:\(|\.\w|<))")
_ADDRESS_RE = re.compile(r"[/@]|www", re.IGNORECASE)


def separate_sentences(paragraph: str) -> str:
    """`paragraph` with a space put back between sentences the source glued together."""
    if not _GLUED_RE.search(paragraph):
        return paragraph
    return _GLUED_RE.sub(lambda match: _parted(paragraph, match), paragraph)


def _parted(paragraph: str, match: re.Match[str]) -> str:
    start = paragraph.rfind(" ", 0, match.start()) + 1
    end = paragraph.find(" ", match.end())
    token = paragraph[start : end if end >= 0 else len(paragraph)]
    return match.group(0) if _ADDRESS_RE.search(token) else match.group(0) + " "


@functools.lru_cache(maxsize=4096)  # the filters compare the same blocks and links often
def normalize_for_compare(value: str) -> str:
    """Case-, accent- and punctuation-insensitive form used to compare two strings."""
    value = value.casefold()
    if not value.isascii():
        value = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", value))
    return " ".join(_COMPARE_WORD_RE.findall(value))
