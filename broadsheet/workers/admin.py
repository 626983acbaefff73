"""Admin for the dead-letter list: what failed for good, why, and a "retry" action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from broadsheet.workers.models import DeadLetter
from broadsheet.workers.services import resend_dead_letters


@admin.register(DeadLetter)
class DeadLetterAdmin(admin.ModelAdmin):
    list_display = ("task", "args", "attempts", "failed_at", "retried_at", "short_error")
    list_filter = ("task",)
    search_fields = ("task", "error", "task_id")
    readonly_fields = ("task", "args", "error", "failed_at", "attempts", "task_id", "retried_at")
    actions = ["retry"]

    @admin.display(description="error")
    def short_error(self, letter: DeadLetter) -> str:
        return letter.error.strip().splitlines()[-1][:120] if letter.error.strip() else ""

    @admin.action(description="Retry the selected tasks")
    def retry(self, request: HttpRequest, queryset: QuerySet[DeadLetter]) -> None:
        try:
            sent = resend_dead_letters(queryset)
        except Exception as error:
            # No broker configured or reachable: say so instead of a server error.
            self.message_user(request, f"could not send: {error}", level=messages.ERROR)
            return
        self.message_user(request, f"sent {sent} task(s) again", level=messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
