"""Admin views of readers' follows, saves, read marks and mutes (for support, read-mostly)."""

from __future__ import annotations

from django.contrib import admin

from broadsheet.readers.models import Follow, Mute, ReadState, SavedArticle


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


@admin.register(Mute)
class MuteAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "value", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("user",)
