"""Admin for readers' profiles: display names, and suspension from commenting."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from broadsheet.accounts import services
from broadsheet.accounts.models import Profile


@admin.action(description="Suspend from commenting")
def suspend(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Through the service, which checks that the admin user is a moderator."""
    for profile in queryset.select_related("user"):
        services.suspend_user(profile.user, moderator=request.user)
    modeladmin.message_user(request, f"Suspended: {queryset.count()}", messages.SUCCESS)


@admin.action(description="Let comment again")
def unsuspend(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Lift a suspension."""
    for profile in queryset.select_related("user"):
        services.unsuspend_user(profile.user, moderator=request.user)
    modeladmin.message_user(request, f"Unsuspended: {queryset.count()}", messages.SUCCESS)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "suspended_at"]
    list_filter = [("suspended_at", admin.EmptyFieldListFilter)]
    search_fields = ["display_name", "user__email"]
    readonly_fields = ("suspended_at",)
    actions = [suspend, unsuspend]
