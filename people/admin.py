from django.contrib import admin

from people.models import Employee, HRScope, OrgUnit


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


@admin.register(HRScope)
class HRScopeAdmin(admin.ModelAdmin):
    list_display = ["user", "org_unit"]
    autocomplete_fields = ["user", "org_unit"]
