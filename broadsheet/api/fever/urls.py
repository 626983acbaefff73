"""The Fever endpoint at /fever/ (Miniflux style) and /api/fever.php (FreshRSS style)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from broadsheet.api.fever import views
from broadsheet.api.gate import guard_patterns

fever_patterns: list[URLPattern | URLResolver] = guard_patterns(
    [path("fever/", views.fever), path("fever", views.fever), path("api/fever.php", views.fever)]
)
