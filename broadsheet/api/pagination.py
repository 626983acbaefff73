"""Cursor pagination over a stable order: (sort value, id), both descending or ascending.

A cursor is the last row's (sort value, id), signed: opaque to clients, and a cursor
that was altered, truncated or made for another list is a 400, never a 500 or a
silently wrong page. Rows inserted while a client pages never shift later pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import Model, Q, QuerySet

from broadsheet.api.errors import ApiError

_signer = signing.Signer(salt="broadsheet.api.cursor")
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class Order:
    """A list's order: one field then the primary key, in one direction."""

    scope: str
    field: str
    descending: bool = True


def _encode(order: Order, row: Model) -> str:
    value = getattr(row, order.field)
    if isinstance(value, datetime):
        packed: list[Any] = [order.scope, "d", value.isoformat(), row.pk]
    else:
        packed = [order.scope, "v", value, row.pk]
    return _signer.sign_object(packed, compress=True)


def _decode(order: Order, cursor: str) -> tuple[Any, int]:
    try:
        scope, kind, value, pk = _signer.unsign_object(cursor[:2000])
        if scope != order.scope or not isinstance(pk, int):
            raise ValueError("cursor of another list")
        if kind == "d":
            value = datetime.fromisoformat(value)
    except (signing.BadSignature, ValueError, TypeError):
        raise ApiError(
            400, "the cursor is not valid", code="bad_cursor", fields={"cursor": "invalid"}
        ) from None
    return value, pk


def paginate(
    queryset: QuerySet[Any],
    order: Order,
    *,
    cursor: str | None,
    limit: int,
    max_limit: int = MAX_LIMIT,
) -> tuple[list[Any], str | None]:
    """One page of rows after `cursor`, and the cursor of the next page (None at the end)."""
    limit = max(1, min(limit, max_limit))
    sign = "-" if order.descending else ""
    rows = queryset.order_by(f"{sign}{order.field}", f"{sign}pk")
    if cursor:
        value, pk = _decode(order, cursor)
        op = "lt" if order.descending else "gt"
        rows = rows.filter(
            Q(**{f"{order.field}__{op}": value}) | Q(**{order.field: value, f"pk__{op}": pk})
        )
    page = list(rows[: limit + 1])
    has_more = len(page) > limit
    page = page[:limit]
    return page, (_encode(order, page[-1]) if has_more and page else None)


def encode_offset(scope: str, offset: int) -> str:
    """A cursor for lists that can only be paged by offset (ranked search results)."""
    return _signer.sign_object([scope, "o", offset, 0], compress=True)


def decode_offset(scope: str, cursor: str | None) -> int:
    """The offset a cursor from `encode_offset` stands for (0 without one); 400 if invalid."""
    if not cursor:
        return 0
    value, _ = _decode(Order(scope=scope, field=""), cursor)
    if not isinstance(value, int) or value < 0:
        raise ApiError(
            400, "the cursor is not valid", code="bad_cursor", fields={"cursor": "invalid"}
        )
    return value
