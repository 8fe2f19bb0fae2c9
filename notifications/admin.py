from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from notifications.models import (
    Notification,
    NotificationPreference,
    ScheduledTalk,
    WebhookDelivery,
    WebhookEndpoint,
)


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


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=WebhookEndpoint.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = WebhookEndpoint
        # The admin adds the url with its ``formfield_overrides`` (https assumed, as Django 6 will).
        fields = ["name", "events", "active"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """HR or IT registers where events go; the secret is made here, shown to copy into the receiver."""

    form = WebhookEndpointForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "url", "active", "delivery_log"]
    list_filter = ["active"]
    readonly_fields = ["secret", "delivery_log"]
    fields = ["name", "url", "events", "active", "secret", "delivery_log"]

    @admin.display(description=_("delivery log"))
    def delivery_log(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("admin:notifications_webhookdelivery_changelist") + f"?endpoint__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Deliveries"))


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Read-only: the delivery log of every endpoint (filter by endpoint and status)."""

    list_display = [
        "created_at",
        "endpoint",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "last_attempt_at",
        "next_attempt_at",
    ]
    list_filter = ["status", "event_type", "endpoint"]
    search_fields = ["event_id"]
    list_select_related = ["endpoint"]
    readonly_fields = [
        "endpoint",
        "event_id",
        "event_type",
        "status",
        "attempts",
        "last_attempt_at",
        "last_status_code",
        "last_response",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "body",
        "created_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
