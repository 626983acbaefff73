"""The bare root URL: send the reader to the home page in their browser's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request
from django.views.decorators.http import require_GET


@require_GET
def root(request: HttpRequest) -> HttpResponse:
    """Redirect / to /fr/, /es/ or /en/ by Accept-Language; every page is language-prefixed."""
    response = redirect(f"/{get_language_from_request(request)}/")
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
