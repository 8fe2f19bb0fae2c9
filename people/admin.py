from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.authtoken.admin import TokenAdmin

from people.models import Employee, HRScope, OrgUnit, PeopleEvent
from people.services import employee_leave, hr_grant, hr_revoke
from people.signals import employee_contract_dates_changed, employees_provisioned

# DRF's token admin chooses the user from a <select> of every account: found by typing instead.
TokenAdmin.autocomplete_fields = ["user"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["employee_number", "name", "org_unit", "manager", "active"]
    list_filter = ["active", "preferred_language"]
    search_fields = ["employee_number", "name", "email"]
    autocomplete_fields = ["user", "org_unit", "manager"]
    list_select_related = ["org_unit", "manager"]
    actions = ["mark_left"]

    def save_model(self, request, obj, form, change):
        """Unticking *active* or an end date in the past is leaving: through the one service. Someone added
        here is announced (``employees_provisioned``) like someone the import adds, and a changed start
        date or contract end like the import and provisioning announce it (their probation review's dates
        follow)."""
        leaving = obj.active is False and (not change or "active" in form.changed_data)
        if obj.active and obj.end_date and obj.end_date < timezone.localdate():
            leaving = True
        super().save_model(request, obj, form, change)
        if not change:  # someone new: announced as the import and provisioning do (their start review)
            employees_provisioned.send(sender=Employee, employees=[obj], actor=request.user)
        elif {"start_date", "contract_end_date"} & set(form.changed_data):
            employee_contract_dates_changed.send(sender=Employee, employee=obj, actor=request.user)
        if leaving:
            employee_leave(employee=obj, actor=request.user)

    @admin.action(description=_("Mark as left today (account off, open reviews to HR)"))
    def mark_left(self, request, queryset):
        today = timezone.localdate()
        count = 0
        for employee in queryset:
            keep_end_date = employee.end_date is not None and employee.end_date <= today
            try:
                employee_leave(
                    employee=employee, actor=request.user, left_on=None if keep_end_date else today
                )
            except ValidationError as error:
                self.message_user(request, f"{employee}: {' '.join(error.messages)}", messages.ERROR)
            else:
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d employee has left.", "%(count)d employees have left.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(HRScope)
class HRScopeAdmin(admin.ModelAdmin):
    list_display = ["user", "org_unit"]
    autocomplete_fields = ["user", "org_unit"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "org_unit"] if obj is not None else []  # another unit is a new grant

    def save_model(self, request, obj, form, change):
        """A new scope is granted through the one audited service, as the signed-in user."""
        if change:
            return
        hr_grant(user=obj.user, org_units=[obj.org_unit], actor=request.user)
        obj.pk = HRScope.objects.get(user=obj.user, org_unit=obj.org_unit).pk

    def delete_model(self, request, obj):
        """A scope is revoked through the one audited service too (and the last one ends HR)."""
        hr_revoke(user=obj.user, org_units=[obj.org_unit], actor=request.user)

    def delete_queryset(self, request, queryset):
        for scope in queryset.select_related("user", "org_unit"):
            hr_revoke(user=scope.user, org_units=[scope.org_unit], actor=request.user)


@admin.register(PeopleEvent)
class PeopleEventAdmin(admin.ModelAdmin):
    """The audit trail of access (who made whom HR for which unit): read-only."""

    list_display = ["created_at", "kind", "user", "org_unit", "actor", "client"]
    list_filter = ["kind", "client"]
    list_select_related = ["user", "org_unit", "actor", "client"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BreakGlassAdminAuthenticationForm(AdminAuthenticationForm):
    """/admin/login/: with ``PASSWORD_LOGIN`` off it is the break-glass login, for superusers only (the
    others sign in through the organisation's identity provider)."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not settings.PASSWORD_LOGIN and not user.is_superuser:
            raise ValidationError(
                _(
                    "Only administrators log in here with a password; log in with your organisation's account."
                ),
                code="password_login_off",
            )


admin.site.login_form = BreakGlassAdminAuthenticationForm
# The organisation's name, not Django's, over the admin (IT and HR work in it).
admin.site.site_header = admin.site.site_title = format_lazy(
    "{} – {}", settings.ORGANISATION_NAME, _("administration")
)


# SCIM provisioning's clients and identities, and the Social applications page (registered by importing).
from people import oidc_admin  # noqa: E402, F401
from people.scim import admin as scim_admin  # noqa: E402, F401
