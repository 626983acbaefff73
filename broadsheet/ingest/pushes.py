"""WebSub pushes: ingest a received push through the same job a poll uses (by id, safe twice)."""

from __future__ import annotations

import logging

from broadsheet.ingest.jobs import IngestContext, PollOutcome, ingest_document
from broadsheet.websub.services import claim_push, finish_push, waiting_push_ids

log = logging.getLogger(__name__)
BATCH = 20


def process_push(push_id: int, *, context: IngestContext) -> PollOutcome | None:
    """Store the new entries of one push; None when another worker has it or it is done."""
    push = claim_push(push_id)
    if push is None:
        return None
    try:
        outcome = ingest_document(
            push.subscription.feed_id, bytes(push.body or b""),
            content_type=push.content_type, context=context,
        )  # fmt: skip
    except Exception as error:
        # The body stays for a look; polling brings the same entries in anyway.
        log.exception("push %s could not be ingested", push_id)
        finish_push(push, error=repr(error))
        return PollOutcome(push.subscription.feed_id, "error", error=repr(error))
    finish_push(push, error=outcome.error)
    return outcome


def process_waiting_pushes(*, context: IngestContext) -> int:
    """Ingest every push waiting (the in-process runner's turn); how many were handled."""
    handled = 0
    while ids := waiting_push_ids(BATCH):
        for push_id in ids:
            handled += process_push(push_id, context=context) is not None
        if len(ids) < BATCH:
            break
    return handled
