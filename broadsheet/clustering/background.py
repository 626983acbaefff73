"""Background word statistics bundled with the package, built from the Wikinews demo corpus.

The clusterer starts with an empty archive, so its own document frequencies say little
about the first few hundred articles. These counts, taken once from the CC BY 2.5 Wikinews
demo corpus, seed them: how many documents contain each word, and how often the word is
capitalised in mid-sentence (a hint that it names a person, place or organisation).

Rebuild the file after changing the tokeniser:

    .venv/bin/python -m broadsheet.clustering.background broadsheet/demo/corpus/*.jsonl
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .tokens import STOPWORDS, is_capitalized, iter_words, normalize_token

DATA_FILE = Path(__file__).with_name("data") / "background_words.tsv"
# Words seen in a single document add nothing over the default for unseen words.
MIN_DOCUMENT_FREQUENCY = 2
HEADER = "# Word statistics from Wikinews articles (CC BY 2.5, Wikinews contributors)."


@dataclass(frozen=True)
class WordStats:
    """Document frequencies and mid-sentence capitalisation counts of a reference corpus."""

    documents: int
    document_frequency: dict[str, int]
    capitalized: dict[str, int]
    lowercase: dict[str, int]


def count_words(texts: list[str]) -> WordStats:
    """Word statistics over `texts`, tokenised exactly as the clusterer tokenises articles."""
    df: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        seen = set()
        for token, starts_sentence in iter_words(text):
            word = normalize_token(token)
            if word in STOPWORDS or not word[0].isalpha():
                continue
            seen.add(word)
            if not starts_sentence:
                (upper if is_capitalized(token) else lower)[word] += 1
        df.update(seen)
    return WordStats(len(texts), dict(df), dict(upper), dict(lower))


def write_word_stats(stats: WordStats, path: Path) -> None:
    """Write `stats` as a tab-separated file: word, document frequency, capitalised, lower."""
    rows = [HEADER, f"# documents\t{stats.documents}"]
    for word in sorted(stats.document_frequency):
        freq = stats.document_frequency[word]
        if freq >= MIN_DOCUMENT_FREQUENCY:
            rows.append(
                f"{word}\t{freq}\t{stats.capitalized.get(word, 0)}\t{stats.lowercase.get(word, 0)}"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def load_word_stats(path: Path = DATA_FILE) -> WordStats:
    """The bundled background statistics (empty when the file is missing)."""
    documents = 0
    df: dict[str, int] = {}
    upper: dict[str, int] = {}
    lower: dict[str, int] = {}
    if not path.is_file():
        return WordStats(0, df, upper, lower)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# documents\t"):
            documents = int(line.split("\t")[1])
        elif line and not line.startswith("#"):
            word, freq, caps, lows = line.split("\t")
            df[word] = int(freq)
            if int(caps):
                upper[word] = int(caps)
            if int(lows):
                lower[word] = int(lows)
    return WordStats(documents, df, upper, lower)


def build_from_jsonl(paths: list[Path], out: Path = DATA_FILE) -> WordStats:
    """Count words over the title and text of every JSON line in `paths` and write `out`."""
    texts = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    record = json.loads(line)
                    texts.append(f"{record.get('title', '')}\n{record.get('text', '')}")
    stats = count_words(texts)
    write_word_stats(stats, out)
    return stats


if __name__ == "__main__":
    built = build_from_jsonl([Path(p) for p in sys.argv[1:]])
    print(f"{built.documents} documents, {len(built.document_frequency)} words -> {DATA_FILE}")
