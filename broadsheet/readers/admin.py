"""Admin views of readers' follows, saves and read marks (for support, read-mostly)."""

from __future__ import annotations

from django.contrib import admin

from broadsheet.readers.models import Follow, ReadState, SavedArticle


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "target_id", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("user",)


@admin.register(SavedArticle)
class SavedArticleAdmin(admin.ModelAdmin):
    list_display = ("user", "article", "created_at")
    raw_id_fields = ("user", "article")


@admin.register(ReadState)
class ReadStateAdmin(admin.ModelAdmin):
    list_display = ("user", "article", "read_at")
    raw_id_fields = ("user", "article")
