from django.contrib import admin

from notifications.models import Notification, NotificationPreference, ScheduledTalk


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: what was sent to whom, and what could not be delivered (filter: gave up)."""

    list_display = [
        "created_at",
        "recipient",
        "kind",
        "channel",
        "subject",
        "sent_at",
        "attempts",
        "failed_at",
    ]
    list_filter = [
        "channel",
        "kind",
        ("failed_at", admin.EmptyFieldListFilter),
        ("sent_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["subject", "recipient__username", "recipient__email"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScheduledTalk)
class ScheduledTalkAdmin(admin.ModelAdmin):
    list_display = ["review", "kind", "starts_at", "location", "sequence", "cancelled_at", "held_on"]
    readonly_fields = ["uid", "sequence"]
    autocomplete_fields = ["review", "organiser"]  # found by typing: never a list of every review or user


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_mode"]
    autocomplete_fields = ["user"]
