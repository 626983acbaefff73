"""API tokens in the admin: who has which, when last used; revocable, never readable."""

from __future__ import annotations

from django.contrib import admin

from broadsheet.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be listed and deleted here; they are created by their owner only."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at")
    search_fields = ("name", "user__email", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at")
    exclude = ("digest",)

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
