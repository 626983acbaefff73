"""Focus names: who a report is about, to tell two actors around one name apart in a split.

Two look-alike events can share every name: two clubs' offers to one free agent, each
report naming the other club in passing ("the Red Sox also put in a bid"). Their words
overlap too much for a split to part them, but what each report *leads with* differs. An
article's focus names are the names of its headline and first sentence that its body names
again (twice or more in the first `words` words); a group's focus names are those of at
least half its members. A split's two groups conflict when they share a focus name (the one
the event happens to) and each focuses on a name the other only mentions in passing (among
its terms, the focus of at most a fifth of its members): then their cross similarity counts
less (`ClusterConfig.focus_split`). Different framings of one event (Athens against Greek,
Seacom against Egypt) share no focus name, so they are left alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from .member import Member
from .split import vector_sum
from .tokens import find_tokens, normalize_token, split_sentences
from .vectors import TermCounter

PASSING = 0.2  # the focus of at most this share of a side's members: mentioned in passing
CHARS_PER_WORD = 8  # the body is cut before it is read: ~6 characters a word, with spaces
FIRST_SENTENCE_CHARS = 600


def focus_names(counter: TermCounter, title: str, text: str, *, words: int = 400) -> frozenset[str]:
    """Names of the headline and first sentence that the body names again (2+ times)."""
    if not text:
        return frozenset()  # a bare headline: nothing to repeat it
    text = text[: CHARS_PER_WORD * words]  # the first `words` words, give or take
    first = next((s for s in split_sentences(text[:FIRST_SENTENCE_CHARS]) if s.strip()), "")
    lead: set[str] = set()
    for part in (title, first):
        for n, token in enumerate(find_tokens(part)):
            entry = counter.classify(token)
            if entry is not None and not entry[0][0].isdigit():
                word, mid, anywhere = entry
                if (anywhere if n == 0 else mid) > 1.0:
                    lead.add(word)
    if not lead:
        return frozenset()
    seen: Counter[str] = Counter()
    for token, n in Counter(find_tokens(text)[:words]).items():
        word = normalize_token(token)
        if word in lead:
            seen[word] += n
    return frozenset(word for word in lead if seen[word] >= 2)


def _majority(counts: Counter[str], size: int) -> set[str]:
    return {w for w, n in counts.items() if n >= size / 2 and n >= min(2, size)}


def _passing(words: set[str], terms: Mapping[str, float], counts: Counter[str], size: int) -> bool:
    """Whether one of `words` is among `terms` but the focus of at most PASSING of `size`."""
    return any(w in terms and counts[w] <= PASSING * size for w in words)


def focus_apart(
    group: Sequence[Member], rest: Sequence[Member], g_sum: Mapping[str, float]
) -> bool:
    """Whether a split's `group` (vector sum `g_sum`) and `rest` focus on two actors around
    one shared name, each naming the other's only in passing."""
    if not group or not rest:
        return False
    g_counts = Counter(w for m in group for w in m.focus)
    r_counts = Counter(w for m in rest for w in m.focus)
    mine, theirs = _majority(g_counts, len(group)), _majority(r_counts, len(rest))
    if not mine & theirs:
        return False  # no shared focus: other framings, or another subject
    r_sum = vector_sum({}, [m.vector() for m in rest])
    return _passing(mine - theirs, r_sum, r_counts, len(rest)) and _passing(
        theirs - mine, g_sum, g_counts, len(group)
    )
