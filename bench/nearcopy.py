"""Near-copy benchmark: planted republications of demo-corpus articles, found on arrival.

Every article of the bundled Wikinews demo corpus (CC BY 2.5) is indexed as an original;
then copies are planted as a republishing site would make them: a new headline, a
boilerplate line, and a share of the words edited (replaced, dropped or inserted) or a
paragraph cut. Each copy's true Jaccard similarity of word 3-shingles to its original is
computed exactly; a copy counts as a positive when it is at or above the threshold.

Prints recall and precision of NearCopyIndex.add() at each edit level (each copy is checked
against the originals alone, then removed), the false matches among the unrelated originals,
and documents per second of add() alone, with the index first filled with synthetic
background texts to show that lookups do not slow down as the index grows.

    .venv/bin/python bench/nearcopy.py [--background 50000] [--threshold 0.8]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

from _harness import ROOT  # noqa: E402 - the one preamble: sys.path, --json

CORPUS = ROOT / "broadsheet" / "demo" / "corpus"

from broadsheet.clustering import NearCopyIndex  # noqa: E402
from broadsheet.clustering.tokens import word_shingles  # noqa: E402

FILLERS = ["the", "reportedly", "officials", "local", "new", "said", "on", "a", "its", "more"]
EDIT_RATES = [0.0, 0.01, 0.02, 0.04, 0.07, 0.10, 0.15]


def load_texts() -> list[str]:
    """Bodies of the bundled demo articles with at least 60 words."""
    texts = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                text = json.loads(line)["text"]
                if len(text.split()) >= 60:
                    texts.append(text)
    return texts


def plant_copy(text: str, *, rate: float, rng: random.Random) -> str:
    """`text` republished: new headline and footer, `rate` of words edited, maybe a cut."""
    words = text.split()
    edited: list[str] = []
    for word in words:
        roll = rng.random()
        if roll < rate / 3:
            continue  # dropped
        if roll < 2 * rate / 3:
            edited.append(rng.choice(FILLERS))  # replaced
            continue
        edited.append(word)
        if roll < rate:
            edited.append(rng.choice(FILLERS))  # inserted
    if rng.random() < 0.3 and len(edited) > 200:
        edited = edited[: int(len(edited) * 0.9)]  # last paragraph cut
    headline = f"{rng.choice(['BREAKING', 'Update', 'Watch', 'Analysis'])}: what we know now"
    footer = "Copyright the wire service. All rights reserved. Republished with permission."
    return f"{headline}\n\n{' '.join(edited)}\n\n{footer}"


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of the word 3-shingle sets of two texts."""
    sa, sb = set(word_shingles(a)), set(word_shingles(b))
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def background_texts(n: int, *, seed: int) -> list[str]:
    """`n` synthetic 250-word texts drawn from the corpus vocabulary (never copies)."""
    rng = random.Random(seed)
    vocab = [w for text in load_texts() for w in text.split()]
    return [" ".join(rng.choices(vocab, k=250)) for _ in range(n)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--background", type=int, default=50_000, help="texts indexed first")
    ap.add_argument("--copies-per-rate", type=int, default=3)
    args = ap.parse_args(argv)

    rng = random.Random(0)
    texts = load_texts()
    index = NearCopyIndex(threshold=args.threshold)
    print(f"LSH: {index.bands} bands x {index.rows} rows of {index.num_perm} permutations")

    filler = background_texts(args.background, seed=1)
    started = time.perf_counter()
    cpu = time.thread_time()
    false_background = sum(
        index.add(f"bg{n}", text) is not None for n, text in enumerate(filler)
    )  # fmt: skip
    bg_wall = time.perf_counter() - started
    bg_cpu = time.thread_time() - cpu
    print(
        f"background: {len(filler)} synthetic texts indexed at {len(filler) / bg_wall:,.0f} docs/s "
        f"wall, {len(filler) / bg_cpu:,.0f} docs/s CPU; {false_background} false matches"
    )

    wall = used = 0.0
    false_originals = 0
    for n, text in enumerate(texts):
        w0, c0 = time.perf_counter(), time.thread_time()
        found = index.add(f"orig{n}", text)
        used += time.thread_time() - c0
        wall += time.perf_counter() - w0
        false_originals += found is not None
    print(f"originals: {len(texts)} unrelated articles, {false_originals} called copies")

    print(f"{'edit rate':>9} {'copies':>7} {'mean J':>7} {'J>=thr':>7} {'recall':>7} "
          f"{'precision':>9} {'found below thr':>15}")  # fmt: skip
    tp_all = fn_all = fp_all = 0
    planted = 0
    outcomes: list[tuple[float, bool]] = []  # (true Jaccard, found its original)
    for rate in EDIT_RATES:
        tp = fn = fp = below_found = positives = 0
        js = []
        for n, text in enumerate(texts):
            for c in range(args.copies_per_rate):
                copy = plant_copy(text, rate=rate, rng=rng)
                j = jaccard(text, copy)
                js.append(j)
                key = f"copy{rate}-{n}-{c}"
                w0, c0 = time.perf_counter(), time.thread_time()
                found = index.add(key, copy)
                used += time.thread_time() - c0
                wall += time.perf_counter() - w0
                # Each copy is checked against the originals alone, not earlier copies.
                index.remove(key)
                planted += 1
                hit = found == f"orig{n}"
                outcomes.append((j, hit))
                if j >= args.threshold:
                    positives += 1
                    tp += hit
                    fn += not hit
                    fp += found is not None and not hit
                elif found is not None:
                    below_found += hit
                    fp += not hit
        tp_all, fn_all, fp_all = tp_all + tp, fn_all + fn, fp_all + fp
        recall = tp / positives if positives else float("nan")
        precision = tp / (tp + fp) if tp + fp else float("nan")
        print(
            f"{rate:>9.2f} {len(js):>7} {sum(js) / len(js):>7.3f} {positives:>7} "
            f"{recall:>7.3f} {precision:>9.3f} {below_found:>15}"
        )
    for floor in (args.threshold + 0.05, args.threshold + 0.1):
        above = [hit for j, hit in outcomes if j >= floor]
        if above:
            print(f"recall of copies at J >= {floor:.2f}: {sum(above) / len(above):.3f}")
    docs = len(texts) + planted
    print(
        f"all copies at J >= {args.threshold}: recall {tp_all / max(1, tp_all + fn_all):.3f}, "
        f"precision {tp_all / max(1, tp_all + fp_all):.3f} (wrong original or unrelated)"
    )
    print(
        f"speed with {len(index):,} texts indexed: {docs / wall:,.0f} docs/s wall, "
        f"{docs / used:,.0f} docs/s CPU ({1000 * used / docs:.2f} ms CPU per text)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
