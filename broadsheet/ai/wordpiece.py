"""BERT's uncased WordPiece tokenizer, as the packaged sentence model was trained with it.

Text is cleaned (control characters dropped, every kind of space made a space),
Chinese characters are set apart, words are lower-cased and their accents
stripped, punctuation is split off, and each word becomes the longest pieces of
the vocabulary from the left ("##" marks a piece inside a word); a word that
cannot be spelled from the vocabulary, or of over 100 characters, is [UNK].
tests/test_sentence_vectors.py checks it against the reference tokenizer's ids.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

MAX_WORD_CHARS = 100
_CJK = (
    (0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F),
)  # fmt: skip


class WordPiece:
    """Text to token ids with a BERT vocabulary (one token a line, the id is the line number)."""

    def __init__(self, vocab: Sequence[str]) -> None:
        self.ids = {token: i for i, token in enumerate(vocab)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]

    @classmethod
    def from_file(cls, path: Path) -> WordPiece:
        """The tokenizer of a vocab.txt."""
        return cls(path.read_text(encoding="utf-8").splitlines())

    def encode(self, text: str, *, max_length: int = 256) -> list[int]:
        """[CLS] + the text's pieces + [SEP], cut to ``max_length`` ids."""
        ids = [self.cls]
        for word in basic_words(text):
            ids.extend(self.pieces(word))
            if len(ids) >= max_length - 1:
                break
        return [*ids[: max_length - 1], self.sep]

    def pieces(self, word: str) -> list[int]:
        """The longest vocabulary pieces that spell ``word`` from the left, or [UNK]."""
        if len(word) > MAX_WORD_CHARS:
            return [self.unk]
        out, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.ids.get(piece)
                if found is not None:
                    out.append(found)
                    break
                end -= 1
            else:
                return [self.unk]
            start = end
        return out


def basic_words(text: str) -> list[str]:
    """Lower-cased, accent-stripped words and punctuation marks, each its own item."""
    cleaned = []
    for char in text:
        code = ord(char)
        if code in (0, 0xFFFD) or _is_control(char):
            continue
        if _is_space(char):
            cleaned.append(" ")
        elif _is_cjk(code):
            cleaned.append(f" {char} ")
        else:
            cleaned.append(char)
    out: list[str] = []
    for token in "".join(cleaned).split():
        folded = unicodedata.normalize("NFD", token.lower())
        folded = "".join(c for c in folded if unicodedata.category(c) != "Mn")
        word: list[str] = []
        for char in folded:
            if _is_punctuation(char):
                if word:
                    out.append("".join(word))
                    word = []
                out.append(char)
            else:
                word.append(char)
        if word:
            out.append("".join(word))
    return out


def _is_space(char: str) -> bool:
    return char in " \t\n\r" or unicodedata.category(char) in {"Zs", "Zl", "Zp"}


def _is_control(char: str) -> bool:
    return char not in "\t\n\r" and unicodedata.category(char).startswith("C")


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return any(low <= code <= high for low, high in _CJK)
