"""The one preamble of every benchmark: the repository on sys.path, `--json` for all, and
the comparison with the last stored run that `make bench` (run_all.py) prints.

    from _harness import ROOT  # first import of a bench script

A script that writes its own JSON (`OWN_JSON` below) keeps its `--json PATH`; for every other
one the harness takes `--json PATH` off the command line before the script parses it and, at
exit, writes the figures the script printed: each printed line with its numbers taken out is
a key, the numbers its value. So `--json` works everywhere without each script repeating it.
"""

from __future__ import annotations

import atexit
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Scripts whose own --json writes richer figures than their printed lines.
OWN_JSON = {"ai", "entities", "extraction", "first_run"}
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def figures_of(text: str) -> dict[str, list[float]]:
    """Printed lines as {line with numbers replaced by '#': its numbers} (lines with numbers;
    a table's rows, alike once their numbers are out, are told apart by their order)."""
    figures: dict[str, list[float]] = {}
    for line in text.splitlines():
        numbers = [float(n.replace(",", "")) for n in _NUMBER.findall(line)]
        if numbers:
            key = " ".join(_NUMBER.sub("#", line).split())
            repeat = sum(1 for k in figures if k == key or k.startswith(f"{key} ["))
            figures[f"{key} [{repeat + 1}]" if repeat else key] = numbers
    return figures


def flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, float]]:
    """Numeric leaves of a JSON value as (dotted path, number)."""
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield prefix, float(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from flatten(item, f"{prefix}[{n}]")


def changes(old: Any, new: Any, *, threshold: float = 0.05) -> list[str]:
    """Figures that moved by more than `threshold` (relative) between two runs' JSON."""
    before, lines = dict(flatten(old)), []
    for key, value in flatten(new):
        was = before.get(key)
        if was is None or was == value:
            continue
        if was == 0 or abs(value - was) / abs(was) > threshold:
            lines.append(f"{key}: {was:g} -> {value:g} ({(value - was) / (abs(was) or 1):+.0%})")
    return lines


class _Tee(io.TextIOBase):
    def __init__(self, stream: TextIO) -> None:
        self.stream, self.seen = stream, io.StringIO()

    def write(self, text: str) -> int:
        self.seen.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


def _take_json_flag(argv: list[str]) -> Path | None:
    for n, arg in enumerate(argv):
        if arg == "--json" and n + 1 < len(argv):
            path = argv[n + 1]
            del argv[n : n + 2]
            return Path(path)
        if arg.startswith("--json="):
            del argv[n]
            return Path(arg.removeprefix("--json="))
    return None


def _json_for_printed_figures() -> None:
    script = Path(sys.argv[0]).stem
    if script in OWN_JSON or (target := _take_json_flag(sys.argv)) is None:
        return
    tee = _Tee(sys.stdout)
    sys.stdout = tee  # type: ignore[assignment]

    def write() -> None:
        figures = figures_of(tee.seen.getvalue())
        target.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")

    atexit.register(write)


if Path(sys.argv[0]).resolve().parent == Path(__file__).resolve().parent:
    _json_for_printed_figures()
