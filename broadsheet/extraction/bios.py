"""The author's bio at the end of a body: "Jane Doe is a freelance writer who covers...".

Pages close an article with a box about its author, typed as ordinary paragraphs that
extractors keep. It is told from the article by the byline: among the last blocks, a block
that is the author's name alone, or opens with the author's name (or one part of it) and
goes on in the third person, starts the bio, which runs to the end of the body.
"""

from __future__ import annotations

import re

from .block import Block

# The bio is looked for among this many blocks at the end of the body...
BIO_TAIL_BLOCKS = 4
# ...and never takes more than this share of the body's words (a profile of the author is
# an article, not a bio).
MAX_BIO_SHARE = 0.3
# A part of a name this short ("Li", "Al") is too common a word to mark a bio.
MIN_NAME_PART = 3
_HONORIFIC = r"(?i:(?:mr|mrs|ms|dr|prof)\.?\s+)?"
# What follows the name in a bio's first sentence: an apposition or a verb of the third
# person that bios open with ("Jane Doe, PhD, is", "Jane holds", "Jane Doe (@jd) writes").
_BIO_VERBS = (
    "is|was|has|had|holds|writes|wrote|covers|covered|started|joined|lives|leads|serves"
    "|works|worked|founded|teaches|explores|earned|received|studied|spent|loves|enjoys"
    "|specializes|specialises|brings|contributes|reports|edits|helps|runs|grew"
)
_ABOUT_AUTHOR_RE = re.compile(r"^about the authors?\W*$", re.IGNORECASE)


def bio_pattern(authors: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern for a block that opens an author's bio, or None without a byline."""
    forms: set[str] = set()
    for author in authors:
        parts = [word for word in author.split() if _is_name_part(word)]
        forms.update(parts)
        if len(parts) > 1:
            forms.add(" ".join(parts))
    if not forms:
        return None
    names = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    # The name alone on its line, or the name followed by an apposition or a bio's verb.
    return re.compile(
        rf"^{_HONORIFIC}(?:{names})(?:\s+(?:[A-Z]\.\s*)?(?:{names}))*"
        rf"(?:\s*$|\s*[,(]|\s+(?:{_BIO_VERBS})\b)"
    )


def _is_name_part(word: str) -> bool:
    # "Jane", "O'Neil", "Jean-Luc"; not initials, not "CPP", not "PhD"-like all-caps tags.
    return len(word) >= MIN_NAME_PART and word[0].isupper() and any(c.islower() for c in word)


def mark_author_bio(blocks: list[Block], keep: list[bool], authors: tuple[str, ...]) -> None:
    """Mark the author's bio at the end of the body as boilerplate."""
    start = len(blocks) - BIO_TAIL_BLOCKS
    pattern = bio_pattern(authors)
    for i in range(max(start, 1), len(blocks)):
        text = blocks[i].text.strip()
        if _ABOUT_AUTHOR_RE.match(text) or (pattern is not None and pattern.match(text)):
            bio_words = sum(len(block.text.split()) for block in blocks[i:])
            total = sum(len(block.text.split()) for block in blocks)
            if bio_words <= MAX_BIO_SHARE * total:
                for j in range(i, len(blocks)):
                    keep[j] = False
            return
