"""Fuzzing under hypothesis: feed parsing, extraction, comment Markdown and the search query
parser get mutated corpus inputs and arbitrary ones for a time budget each: no crash, no hang.

Crash means an exception other than the documented one (FeedParseError for feeds), or a broken
oracle: comment HTML that could run script, or a compiled search expression that SQLite's FTS5
refuses. Hang means one input over --hang seconds of CPU time (ITIMER_PROF: the targets do no
I/O, and CPU time keeps the verdict honest when the bench runs niced beside other work). Seeds
are the test fixtures and bench/fuzz_corpus/; failing inputs are written to
bench/fuzz_corpus/crashes/ and printed.

Run: .venv/bin/python bench/fuzz.py [--seconds 30] [--hang 10] [--target feeds ...]
(the issue's bench is --seconds 1800 per target).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import logging
import os
import signal
import sqlite3
import time
from collections.abc import Callable

from _harness import ROOT  # noqa: E402 - the one preamble: sys.path, --json

CORPUS = ROOT / "bench" / "fuzz_corpus"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")

import django  # noqa: E402

django.setup()

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from broadsheet.comments.markup import render_comment  # noqa: E402
from broadsheet.extraction import extract_article  # noqa: E402
from broadsheet.feeds.parse import FeedParseError, parse_feed  # noqa: E402
from broadsheet.lib.testing.safety import executable_parts  # noqa: E402
from broadsheet.search.fts5_ranking import compile_match  # noqa: E402
from broadsheet.search.query import parse_query  # noqa: E402


class Hang(Exception):
    """One input ran past the hang limit."""


# Feeds and pages are seeded from the project's own test fixtures (no copies kept here);
# bench/fuzz_corpus/ holds the seeds no test has: comments and search queries.
SEED_DIRS = {
    "feeds": [ROOT / "broadsheet/feeds/tests/fixtures/feeds", ROOT / "tests/security/data"],
    "pages": [ROOT / "broadsheet/extraction/tests/golden"],
}
SEED_SUFFIXES = {"feeds": (".xml", ".json"), "pages": (".html",)}


def seeds(kind: str) -> list[bytes]:
    folders = SEED_DIRS.get(kind, [CORPUS / kind])
    suffixes = SEED_SUFFIXES.get(kind, ("",))
    files = [p for d in folders for p in sorted(d.iterdir()) if p.name.endswith(suffixes)]
    return [p.read_bytes() for p in files if p.is_file()]


@st.composite
def mutated(draw: st.DrawFn, corpus: list[bytes]) -> bytes:
    """A corpus file with a few byte-level edits: flips, inserts, deletions, splices."""
    data = bytearray(draw(st.sampled_from(corpus)))
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "splice", "repeat"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.sampled_from(_TOKENS))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "splice":
            other = draw(st.sampled_from(corpus))
            start = draw(st.integers(0, max(0, len(other) - 1)))
            data[at:at] = other[start : start + draw(st.integers(1, 400))]
        elif op == "repeat":
            data[at:at] = data[at : at + 32] * draw(st.integers(2, 200))
    return bytes(data)


_TOKENS = [
    b"<", b">", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"]]>", b"<![CDATA[", b"<!--", b"-->",
    b'"', b"'", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"<item>", b"</item>", b"<entry>",
    b"<!DOCTYPE x>", b"<?xml version='1.0' encoding='utf-16'?>", b"{", b"}", b"[", b"]",
    b'"items":', b"<script>", b"<p>", b"</p>", b"*", b"**", b"`", b"[", b"](", b")", b"> ",
    b"\n\n", b"\r", b"\t", b"-", b'"', b"OR", b"NOT", b"NEAR(", b"^", b":", b"\xe2\x80\xae",
]  # fmt: skip


def arbitrary(corpus: list[bytes]) -> st.SearchStrategy[bytes]:
    return st.one_of(mutated(corpus), st.binary(max_size=4096))


def text_of(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def check_feed(data: bytes) -> None:
    with contextlib.suppress(FeedParseError):
        parse_feed(data, url="http://fuzz.example/feed")


def check_page(data: bytes) -> None:
    extract_article(text_of(data), "http://fuzz.example/a/1")


def check_comment(data: bytes) -> None:
    html = render_comment(text_of(data))
    found = executable_parts(f"<html><body>{html}</body></html>") if html.strip() else []
    if found:
        raise AssertionError(f"comment HTML can run script: {found}")


_FTS = sqlite3.connect(":memory:")
_FTS.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, facets)")


def check_query(data: bytes) -> None:
    match = compile_match(parse_query(text_of(data)), facets=("src1",))
    if match is not None:
        _FTS.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()


TARGETS: dict[str, tuple[str, Callable[[bytes], None]]] = {
    "feeds": ("feeds", check_feed),
    "extraction": ("pages", check_page),
    "comments": ("comments", check_comment),
    "queries": ("queries", check_query),
}


def run_target(name: str, *, seconds: float, hang: float) -> dict[str, int]:
    kind, check = TARGETS[name]
    corpus = seeds(kind)
    stats = {"examples": 0, "failures": 0}
    failures: dict[str, bytes] = {}

    def guarded(data: bytes) -> None:
        stats["examples"] += 1
        signal.setitimer(signal.ITIMER_PROF, hang)
        try:
            check(data)
        except Hang:
            failures.setdefault("hang", data)
        except Exception as error:  # noqa: BLE001 - any other exception is the finding
            failures.setdefault(f"{type(error).__name__}: {str(error)[:80]}", data)
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)

    @settings(
        max_examples=200, deadline=None, database=None, derandomize=False,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(arbitrary(corpus))
    def explore(data: bytes) -> None:
        guarded(data)

    for data in corpus:
        guarded(data)
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        explore()
    for reason, data in failures.items():
        digest = hashlib.sha256(data).hexdigest()[:16]
        path = CORPUS / "crashes" / f"{name}-{digest}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        print(f"  {name}: {reason} -> {path.relative_to(ROOT)}")
    stats["failures"] = len(failures)
    return stats


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


def main() -> None:
    # Extraction logs every page it discards; thousands of junk pages would bury the figures.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="budget per target")
    parser.add_argument("--hang", type=float, default=10.0, help="CPU seconds one input may take")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS))
    args = parser.parse_args()
    signal.signal(signal.SIGPROF, _alarm)
    for name in args.target or list(TARGETS):
        started = time.monotonic()
        stats = run_target(name, seconds=args.seconds, hang=args.hang)
        rate = stats["examples"] / (time.monotonic() - started)
        print(
            f"{name}: {stats['examples']} inputs in {time.monotonic() - started:.0f} s "
            f"({rate:.0f}/s), {stats['failures']} distinct failures",
            flush=True,
        )


if __name__ == "__main__":
    main()
