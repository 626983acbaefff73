"""URL patterns of the Google Reader API, under /api/greader.php/ and at the root as well."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from broadsheet.api.gate import guard_patterns
from broadsheet.api.greader import auth, subscriptions, views

READER = "reader/api/0/"
# FreshRSS clients are given .../api/greader.php; others (Miniflux style) the site root.
PREFIXES = ("api/greader.php/", "")


def _patterns(prefix: str) -> list[URLPattern | URLResolver]:
    return [
        path(f"{prefix}accounts/ClientLogin", auth.client_login),
        path(f"{prefix}{READER}user-info", views.user_info),
        path(f"{prefix}{READER}token", views.token),
        path(f"{prefix}{READER}subscription/list", subscriptions.subscription_list),
        path(f"{prefix}{READER}subscription/edit", subscriptions.subscription_edit),
        path(f"{prefix}{READER}subscription/quickadd", subscriptions.quickadd),
        path(f"{prefix}{READER}tag/list", subscriptions.tag_list),
        path(f"{prefix}{READER}rename-tag", subscriptions.rename_tag),
        path(f"{prefix}{READER}disable-tag", subscriptions.disable_tag),
        path(f"{prefix}{READER}unread-count", subscriptions.unread_count),
        path(f"{prefix}{READER}stream/contents", views.stream_contents),
        path(f"{prefix}{READER}stream/contents/<path:stream>", views.stream_contents),
        path(f"{prefix}{READER}stream/items/ids", views.stream_item_ids),
        path(f"{prefix}{READER}stream/items/contents", views.stream_items_contents),
        path(f"{prefix}{READER}edit-tag", views.edit_tag),
        path(f"{prefix}{READER}mark-all-as-read", views.mark_all_as_read),
    ]


greader_patterns = guard_patterns([p for prefix in PREFIXES for p in _patterns(prefix)])
