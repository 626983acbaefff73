"""Admin for comments: every comment by status, and a queue of held or reported ones."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from broadsheet.comments import services
from broadsheet.comments.models import Comment, ModerationQueue, Report


def _apply(action, label: str):  # type: ignore[no-untyped-def]
    @admin.action(description=label)
    def run(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        for comment in queryset:
            action(comment, moderator=request.user)
        modeladmin.message_user(request, f"{label}: {queryset.count()}", messages.SUCCESS)

    run.__name__ = action.__name__
    return run


ACTIONS = [
    _apply(services.hide_comment, "Hide"),
    _apply(services.restore_comment, "Restore"),
    _apply(services.remove_comment, "Remove"),
]


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    readonly_fields = ["reporter", "reason", "created_at"]
    can_delete = False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["short_body", "author", "status", "report_count", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["body", "author__email"]
    # Read-only: every change goes through the actions, so through the comment services.
    fields = ["article", "story", "author", "parent", "body", "status", "report_count"]
    readonly_fields = ("article", "story", "author", "parent", "body", "status", "report_count")
    actions = ACTIONS
    inlines = [ReportInline]
    list_select_related = ["author"]

    @admin.display(description="comment")
    def short_body(self, comment: Comment) -> str:
        return comment.body[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ModerationQueue)
class ModerationQueueAdmin(CommentAdmin):
    list_display = ["short_body", "author", "status", "report_count", "created_at"]
    ordering = ["-report_count", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        return Comment.objects.needing_review()
