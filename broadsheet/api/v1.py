"""/api/v1: the JSON API assembled from its routers, behind the gate (limits, ETags).

OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs (docs/api.md).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from broadsheet.api import ai, articles, comments, reader, search, sources, stories
from broadsheet.api.errors import error_response, install_error_handlers
from broadsheet.api.gate import guard, guard_patterns

# The gate refuses NUL anywhere (PostgreSQL cannot store it): every string says so.
NO_NUL = "^[^\\u0000]*$"
CURSOR = {
    "type": "string",
    "maxLength": 2000,
    "pattern": "^[A-Za-z0-9_.:-]*$",
    "description": "The `next_cursor` of the previous page, as given (empty or absent: the "
    "first page). Cursors are signed: any other value is a 400 with code `bad_cursor`.",
}


class SchemaTruthAPI(NinjaAPI):
    """The OpenAPI document says what the API refuses, not only what it takes."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    if parameter.get("name") == "cursor":
                        parameter["schema"] = {"anyOf": [CURSOR, {"type": "null"}]}
                    _refuse_nul(parameter.get("schema", {}))
        for component in schema.get("components", {}).get("schemas", {}).values():
            for field in component.get("properties", {}).values():
                _refuse_nul(field)
        return schema


def _refuse_nul(schema: dict) -> None:
    """Add the no-NUL pattern to a string schema (or its anyOf branches) that has none."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string" and "pattern" not in branch and "format" not in branch:
            branch["pattern"] = NO_NUL


api = SchemaTruthAPI(
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


@csrf_exempt  # a JSON 404 for any method: never Django's HTML CSRF page
def _no_such_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, "no such endpoint")


def urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """The API's URL patterns behind the gate, with a JSON 404 for any other path."""
    patterns, app_name, namespace = api.urls
    guarded = guard_patterns(patterns)
    # (?s): a path holding a newline (%0A) must reach this JSON 404 too, not the site's page.
    guarded.append(re_path(r"^(?P<rest>(?s:.*))$", guard(_no_such_endpoint)))
    return guarded, app_name, namespace
