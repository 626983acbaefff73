"""WebSub subscriptions in the admin, beside feed health: state, hub, lease, last error."""

from django.contrib import admin

from broadsheet.websub.models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("topic_url", "hub_url", "state", "lease_expires_at", "last_push_at")
    list_filter = ("state",)
    search_fields = ("topic_url", "hub_url")
    exclude = ("secret", "token")
    readonly_fields = ("feed", "hub_url", "topic_url", "state", "lease_seconds",
                       "lease_expires_at", "requested_at", "verified_at", "last_push_at",
                       "last_error")  # fmt: skip
