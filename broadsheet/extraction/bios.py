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
_HONORIFIC_RE = re.compile(r"(?:mr|mrs|ms|dr|prof)\.?\s+", re.IGNORECASE)
_TOKEN_RE = re.compile(r"\s*([^\s,(]+)")
_INITIAL_RE = re.compile(r"[A-Z]\.")
# What follows the name in a bio's first sentence: the end of the line, an apposition, or a
# verb of the third person that bios open with ("Jane Doe, PhD, is", "Jane holds").
_AFTER_NAME_RE = re.compile(
    r"\s*$|\s*[,(]|\s+(?:is|was|has|had|holds|writes|wrote|covers|covered|started|joined"
    r"|lives|leads|serves|works|worked|founded|teaches|explores|earned|received|studied"
    r"|spent|loves|enjoys|specializes|specialises|brings|contributes|reports|edits|helps"
    r"|runs|grew)\b"
)
_ABOUT_AUTHOR_RE = re.compile(r"^about the authors?\W*$", re.IGNORECASE)


def name_parts(authors: tuple[str, ...]) -> frozenset[str]:
    """The parts of the byline's names that mark a bio ("Jean-Luc", "O'Neil", not "A." or "CPP")."""
    return frozenset(
        word
        for author in authors
        for word in author.split()
        if len(word) >= MIN_NAME_PART and word[0].isupper() and any(c.islower() for c in word)
    )


def opens_bio(text: str, parts: frozenset[str]) -> bool:
    """Whether a block opens with a name of the byline followed by what starts a bio.

    The name is one or more of its parts, with initials between them ("Jane A. Doe"),
    maybe after an honorific; checked word by word (a regex built per page cost more to
    compile than the whole rule takes to run).
    """
    honorific = _HONORIFIC_RE.match(text)
    position = honorific.end() if honorific else 0
    named = False
    while token := _TOKEN_RE.match(text, position):
        word = token.group(1)
        if word not in parts and not (named and _INITIAL_RE.fullmatch(word)):
            break
        named = named or word in parts
        position = token.end()
    return named and bool(_AFTER_NAME_RE.match(text, position))


def mark_author_bio(blocks: list[Block], keep: list[bool], authors: tuple[str, ...]) -> None:
    """Mark the author's bio at the end of the body as boilerplate."""
    parts = name_parts(authors)
    for i in range(max(len(blocks) - BIO_TAIL_BLOCKS, 1), len(blocks)):
        text = blocks[i].text.strip()
        if _ABOUT_AUTHOR_RE.match(text) or (parts and opens_bio(text, parts)):
            bio_words = sum(len(block.text.split()) for block in blocks[i:])
            total = sum(len(block.text.split()) for block in blocks)
            if bio_words <= MAX_BIO_SHARE * total:
                for j in range(i, len(blocks)):
                    keep[j] = False
            return
