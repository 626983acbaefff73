"""Where a clustering loses its B-cubed score: the predicted stories that join several gold
stories (precision) and the gold stories cut into several predicted ones (recall).

Used by `bench/clustering.py --errors`. Each line gives the share of B-cubed precision or
recall lost (summed over the story's items, divided by all items, so the lines of a set add
up to 1 - P or 1 - R), the parts with their sizes, and one headline per part: enough to see
whether a loss is a look-alike event, a wrong split or a gold story's granularity.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence


def _losses(outer: Sequence[str], inner: Sequence[str]) -> list[tuple[float, str, Counter[str]]]:
    """For each `outer` group: the items' summed share outside their own `inner` part."""
    parts: dict[str, Counter[str]] = defaultdict(Counter)
    for o, i in zip(outer, inner, strict=True):
        parts[o][i] += 1
    found = []
    for group, counts in parts.items():
        size = sum(counts.values())
        lost = sum(n * (size - n) for n in counts.values()) / size
        if lost > 0:
            found.append((lost / len(outer), group, counts))
    found.sort(key=lambda row: -row[0])
    return found


def print_errors(
    name: str, titles: Sequence[str], gold: Sequence[str], labels: Sequence[str], *, top: int = 8
) -> None:
    """Print the `top` precision and recall losses of `labels` against `gold`."""
    first: dict[tuple[str, str], str] = {}
    for title, g, p in zip(titles, gold, labels, strict=True):
        first.setdefault((g, p), title)
    print(f"\n{name}: precision lost in stories joining several gold stories")
    for share, story, counts in _losses(labels, gold)[:top]:
        _print_loss(f"story {story}", share, counts, {g: first[(g, story)] for g in counts})
    print(f"{name}: recall lost in gold stories cut in several")
    for share, g, counts in _losses(gold, labels)[:top]:
        _print_loss(f"gold {g[:16]}", share, counts, {s: first[(g, s)] for s in counts})


def _print_loss(label: str, share: float, counts: Counter[str], titles: dict[str, str]) -> None:
    """One lost share: the sizes of its parts, then a title from each of the three largest."""
    sizes = ", ".join(str(n) for _, n in counts.most_common())
    print(f"  -{share:.4f} {label}: {sizes}")
    for part, n in counts.most_common(3):
        print(f"      {n:>4} x {titles[part][:90]}")
