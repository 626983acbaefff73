"""The part of docs/measurements.md that `make bench` writes (issue 20: dated figures live in
one page, and the benchmarks write to it).

The page keeps its hand-written, dated sections above a marked block; inside the block each
benchmark has one section, replaced whenever `make bench` runs that benchmark: the UTC time,
the host's load average before it ran (the machines are shared, so a figure without its load
says little), the command, and the last lines the script printed (every script prints its
summary last).
"""

from __future__ import annotations

import os
import re

BEGIN = "<!-- make bench: everything below is written by bench/run_all.py; edit above -->"
END = "<!-- make bench: end -->"
HEADING = "## Latest `make bench` figures"
_SECTION = re.compile(r"^### `(?P<script>[\w-]+)`", re.MULTILINE)


def summary_lines(output: str, limit: int = 14) -> list[str]:
    """The last `limit` non-blank printed lines (a table keeps its heading when it fits)."""
    return [line.rstrip() for line in output.splitlines() if line.strip()][-limit:]


def load_average() -> str:
    """The 1-minute load average, or "unknown" where the platform has none."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def section(script: str, when: str, load: str, command: str, lines: list[str]) -> str:
    """One benchmark's section of the block."""
    body = "\n".join(lines) if lines else "(printed no figures)"
    return (
        f"### `{script}`\n\n{when}, load average {load} on {os.cpu_count()} cores before the run: "
        f"`{command}`\n\n```\n{body}\n```\n"
    )


def _sections(block: str) -> dict[str, str]:
    """The block's sections by script name."""
    starts = [m.start() for m in _SECTION.finditer(block)] + [len(block)]
    found = {}
    for start, end in zip(starts, starts[1:], strict=False):
        text = block[start:end].strip() + "\n"
        found[_SECTION.match(text).group("script")] = text  # type: ignore[union-attr]
    return found


def record(page: str, script: str, new_section: str) -> str:
    """`page` with `script`'s section replaced by `new_section` (the block is added at the end
    the first time; sections stay in the order of their script names)."""
    if BEGIN in page and END in page:
        head, rest = page.split(BEGIN, 1)
        block, tail = rest.split(END, 1)
    else:
        head, block, tail = page.rstrip("\n") + "\n\n" + HEADING + "\n\n", "", "\n"
    sections = _sections(block)
    sections[script] = new_section.strip() + "\n"
    body = "\n".join(sections[name] for name in sorted(sections))
    return f"{head}{BEGIN}\n\n{body}\n{END}{tail}"
