"""Admin for comments: every comment by status, and a queue of held or reported ones.

Moderators (staff, or staff in the "moderators" group) may use both without any
model permission being granted: every change goes through the comment services.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from broadsheet.accounts import services as account_services
from broadsheet.accounts.models import is_moderator
from broadsheet.comments import services
from broadsheet.comments.models import Comment, ModerationQueue, Report


def _apply(action: Callable[..., object], label: str) -> Callable[..., None]:
    @admin.action(description=label)
    def run(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        done = 0
        for comment in queryset:
            action(comment, moderator=request.user)
            done += 1
        modeladmin.message_user(request, f"{label}: {done}", messages.SUCCESS)

    run.__name__ = action.__name__
    return run


@admin.action(description="Suspend the authors")
def suspend_authors(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Stop the authors of the selected comments from commenting."""
    authors = {c.author for c in queryset.select_related("author") if c.author is not None}
    for author in authors:
        account_services.suspend_user(author, moderator=request.user)
    modeladmin.message_user(request, f"Suspended: {len(authors)}", messages.SUCCESS)


ACTIONS = [
    _apply(services.hide_comment, "Hide"),
    _apply(services.restore_comment, "Restore"),
    _apply(services.remove_comment, "Remove"),
    suspend_authors,
]


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ("reporter", "reason", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_moderator(request.user)


class ModeratorsOnly:
    """Admin permissions for comments follow is_moderator, not per-model permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_moderator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_moderator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_moderator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Deleting would skip the services (and lose the record): hide or remove instead.
        return False


@admin.register(Comment)
class CommentAdmin(ModeratorsOnly, admin.ModelAdmin):
    list_display = ["short_body", "author", "status", "report_count", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["body", "author__email"]
    # Read-only: every change goes through the actions, so through the comment services.
    fields = ("article", "story", "author", "parent", "body", "status", "report_count")
    readonly_fields = fields
    actions = ACTIONS
    inlines = [ReportInline]
    list_select_related = ["author"]

    @admin.display(description="comment")
    def short_body(self, comment: Comment) -> str:
        return comment.body[:80]


@admin.register(ModerationQueue)
class ModerationQueueAdmin(CommentAdmin):
    list_display = ["short_body", "author", "status", "report_count", "reasons", "created_at"]
    ordering = ["-report_count", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        return Comment.objects.needing_review().select_related("author").prefetch_related("reports")

    @admin.display(description="reports")
    def reasons(self, comment: Comment) -> str:
        return "; ".join(r.reason or "(no reason)" for r in comment.reports.all())
