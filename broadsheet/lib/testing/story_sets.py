"""The shared story sets as the clustering gate and bench/clustering.py read them.

ECB+ is mapped to fields exactly as ../shared/tools/cluster_eval.py maps them, in file order.
Each set is cut in two fixed halves by a hash of a unit (an ECB+ topic, a UCI story, a demo
month): "dev" is tuned on, "held-aside" is only ever reported as a total. The cut must never
change, or figures quoted on the halves stop being comparable.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def ecb_in_file_order(folder: Path) -> tuple[list[dict], list[str]]:
    """ECB+ documents in file order with their gold stories, fields as cluster_eval maps them."""
    path = next(folder.glob("*.jsonl"))
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    docs = [
        {
            "title": r.get("lead") or "",
            "text": r.get("text") or "",
            "source": r.get("outlet") or "unknown",
            "url": r.get("url"),
            "published_at": None,
            "language": "en",
        }
        for r in rows
    ]
    return docs, [r["cluster_id"] for r in rows]


def half_of(label: str) -> str:
    """ "dev" or "held-aside": the fixed half of `label` (a topic, story or month)."""
    return "dev" if hashlib.sha256(label.encode()).digest()[0] % 2 == 0 else "held-aside"
