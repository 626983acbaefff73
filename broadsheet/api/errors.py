"""The API's one error format, {"error": {"code", "message", "fields"}}, and its handlers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from broadsheet.comments import services as comment_services

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
}


# The client errors any operation may answer with, documented on every operation.
CLIENT_ERRORS = frozenset({400, 401, 403, 404, 405, 409, 413, 422, 429})


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, str]


class ErrorOut(Schema):
    """What every 4xx response carries."""

    error: ErrorBody


class ApiError(HttpError):
    """An HttpError with its own code (bad_cursor...) and per-field messages."""

    def __init__(
        self, status: int, message: str, *, code: str = "", fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(status, message)
        self.code = code or CODES.get(status, "error")
        self.fields = fields or {}


def error_response(
    status: int, message: str, *, code: str = "", fields: dict[str, str] | None = None
) -> HttpResponse:
    """A JSON error response in the one format (also used outside ninja's handlers)."""
    body: dict[str, Any] = {
        "error": {
            "code": code or CODES.get(status, "error"),
            "message": message,
            "fields": fields or {},
        }
    }
    return JsonResponse(body, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    """Route every exception a view may raise to the one error format."""

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = getattr(exc, "code", "")
        fields = getattr(exc, "fields", None)
        message = str(exc) if exc.status_code != 401 else "authentication required"
        response = error_response(exc.status_code, message, code=code, fields=fields)
        if exc.status_code == 401:
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "no such resource")

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(403, str(exc) or "not allowed")

    @api.exception_handler(comment_services.CommentError)
    def refused(request: HttpRequest, exc: comment_services.CommentError) -> HttpResponse:
        if isinstance(exc, comment_services.RateLimited):
            response = error_response(429, str(exc))
            response["Retry-After"] = "60"
            return response
        if isinstance(exc, getattr(comment_services, "Suspended", ())):
            return error_response(403, str(exc))
        return error_response(422, str(exc), fields={"body": str(exc)})

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = {
            ".".join(str(p) for p in e.get("loc", [])[1:]) or "body": str(e.get("msg", ""))
            for e in exc.errors
        }
        return error_response(422, "the request is not valid", fields=fields)
