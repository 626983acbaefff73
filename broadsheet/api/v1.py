"""/api/v1: the JSON API assembled from its routers, behind the gate (limits, ETags).

OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs (docs/api.md).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI

from broadsheet.api import ai, articles, comments, reader, search, sources, stories
from broadsheet.api.errors import error_response, install_error_handlers
from broadsheet.api.gate import guard, guard_patterns

api = NinjaAPI(
    title="Broadsheet API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Articles, stories, sources, topics, entities, search, comments and the reader's "
        'own state. Errors: {"error": {"code", "message", "fields"}}. Lists are '
        "cursor-paged: pass `next_cursor` back as `cursor`."
    ),
)
install_error_handlers(api)
api.add_router("/articles", articles.router)
api.add_router("/stories", stories.router)
api.add_router("/sources", sources.router)
api.add_router("/", stories.tags_router)
api.add_router("/search", search.router)
api.add_router("/", comments.router)
api.add_router("/", ai.router)
api.add_router("/me", reader.router)


def _no_such_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, "no such endpoint")


def urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """The API's URL patterns behind the gate, with a JSON 404 for any other path."""
    patterns, app_name, namespace = api.urls
    guarded = guard_patterns(patterns)
    guarded.append(re_path(r"^(?P<rest>.*)$", guard(_no_such_endpoint)))
    return guarded, app_name, namespace
