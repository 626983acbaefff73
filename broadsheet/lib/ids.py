"""Short, stable, opaque identifiers for URLs readers see."""

from __future__ import annotations

import base64
import hashlib


def public_id_for(key: str, *, salt: int = 0) -> str:
    """A 12-character id derived from `key` (60 bits: collisions are negligible at 1M rows).

    The same key always gives the same id, so re-ingesting an article keeps its URL;
    `salt` gives another id in the unlikely event of a collision.
    """
    digest = hashlib.blake2b(f"{salt}:{key}".encode(), digest_size=8).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:12]
