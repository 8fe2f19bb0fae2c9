"""Provisioning clients in the admin: HR/IT creates one and copies its token, shown once."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from people.scim.clients import provisioning_client_new_token, token_message
from people.scim.models import ProvisioningClient, ScimIdentity


@admin.register(ProvisioningClient)
class ProvisioningClientAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "last_used_at", "created"]
    list_filter = ["active"]
    readonly_fields = ["last_used_at", "created"]
    fields = ["name", "active", "last_used_at", "created"]
    actions = ["new_token"]

    @admin.display(description=_("Created"), ordering="created_at")
    def created(self, obj):
        return obj.created_at

    def save_model(self, request, obj, form, change):
        token = None if change else obj.set_new_token()
        super().save_model(request, obj, form, change)
        if token:
            messages.warning(request, token_message(client=obj, token=token))

    @admin.action(description=_("Issue a new token (the old one stops working)"))
    def new_token(self, request, queryset):
        for client in queryset:
            token = provisioning_client_new_token(client=client)
            messages.warning(request, token_message(client=client, token=token))


@admin.register(ScimIdentity)
class ScimIdentityAdmin(admin.ModelAdmin):
    """What the identity provider calls each employee: read-only (SCIM writes it)."""

    list_display = ["user_name", "employee", "external_id", "client", "deleted_at"]
    list_filter = ["client"]
    search_fields = ["user_name", "external_id", "employee__employee_number", "employee__name"]
    list_select_related = ["employee", "client"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
