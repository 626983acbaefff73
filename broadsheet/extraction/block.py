"""Block: one paragraph of an extracted body, shared by the readings and the filters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """One paragraph of the body with the kind of element it came from."""

    text: str
    kind: str  # p, head, item, quote, row, code, ...
    group: int  # index of the top-level element it belongs to (items of one list share it)
