"""Request parameters as Google Reader clients send them: in the query string or the form body."""

from __future__ import annotations

from django.http import HttpRequest

from broadsheet.api.greader import streams


def values(request: HttpRequest, name: str) -> list[str]:
    """A parameter's values from the query string and the form body (clients use both)."""
    return [v for v in request.GET.getlist(name) + request.POST.getlist(name) if v]


def value(request: HttpRequest, name: str) -> str | None:
    """A parameter's first value, or None."""
    found = values(request, name)
    return found[0] if found else None


def integer(request: HttpRequest, name: str) -> int | None:
    """A parameter as an integer; None when absent or not a number."""
    raw = value(request, name)
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def label_name(stream_id: str) -> str | None:
    """The folder name of `user/-/label/<name>` (any user form), or None for other streams."""
    stream = streams.normalize(stream_id)
    if not stream.startswith(streams.LABEL):
        return None
    return stream.removeprefix(streams.LABEL) or None
