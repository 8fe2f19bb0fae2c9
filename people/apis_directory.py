"""``GET /api/v1/org-units/tree/`` and ``GET /api/v1/employees/``: the organisation as an integrator reads
it, with the ids the writes take (a cycle's ``scope``, its ``exclude``, a review's ``manager``)."""

from django.utils.translation import gettext
from drf_spectacular.helpers import lazy_serializer
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.query import MAX_ID, validated_query
from core.text import validate_single_line
from people.models import Employee, HRScope, OrgUnit
from people.selectors import (
    SEARCH_MAX_LENGTH,
    can_import_people,
    employees_hr_sees,
    is_hr,
    org_units_visible_to,
)
from people.services import hr_scope_set


class UnitTreeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="What a cycle's `scope` and the `org_unit` filters take.")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=OrgUnit.Kind.choices)
    active = serializers.BooleanField()
    parent = serializers.IntegerField(
        allow_null=True,
        help_text="The unit above it (null for an organisation); at the top of the answer it may be a unit the "
        "caller does not see.",
    )
    children = serializers.SerializerMethodField()

    @extend_schema_field(lazy_serializer("people.apis_directory.UnitTreeSerializer")(many=True))
    def get_children(self, node) -> list:
        return UnitTreeSerializer(node["children"], many=True).data


def unit_forest(units: list[OrgUnit]) -> list[dict]:
    """``units`` as nested nodes (``children`` ordered as ``units``): the units whose parent is not among
    them are the roots. Built in memory from one list: no query per level."""
    nodes = {
        unit.pk: {
            "id": unit.pk,
            "name": unit.name,
            "kind": unit.kind,
            "active": unit.active,
            "parent": unit.parent_id,
            "children": [],
        }
        for unit in units
    }
    roots = []
    for node in nodes.values():
        parent = nodes.get(node["parent"])
        (parent["children"] if parent is not None and parent is not node else roots).append(node)
    return roots


class UnitTreeView(APIView):
    """The organisation units the caller may see, as a tree: for HR the units of their HR scopes with
    everything below them (a scope's unit is a root, `parent` its real parent), for anyone else the unit
    of their own employee record. Inactive units are included (`active`). One answer, not paged: every
    unit is read in one query, whatever the size of the tree."""

    @extend_schema(responses=UnitTreeSerializer(many=True))
    def get(self, request):
        units = list(org_units_visible_to(user=request.user).only("id", "name", "kind", "active", "parent"))
        return Response(UnitTreeSerializer(unit_forest(units), many=True).data)


class EmployeeSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        help_text="What a cycle's `exclude` and a review's `manager` and `second_reviewer` take."
    )
    org_unit = serializers.IntegerField(
        source="org_unit_id", help_text="The unit's id (`GET /api/v1/org-units/tree/`)."
    )
    manager = serializers.IntegerField(source="manager_id", allow_null=True, help_text="The manager's id.")
    role_type = serializers.IntegerField(
        source="role_type_id",
        allow_null=True,
        help_text="The role-type cell's id (`role_types` of `GET /api/v1/framework-versions/{id}/`).",
    )
    job_profile = serializers.IntegerField(
        source="job_profile_id",
        allow_null=True,
        help_text="The job profile's id (`job_profiles` of `GET /api/v1/framework-versions/{id}/`).",
    )
    # Declared, not derived from the model: its bounds would come from the database (SQLite: int64,
    # PostgreSQL: 32767), and the schema must not depend on it.
    job_profile_level = serializers.IntegerField(
        allow_null=True, help_text="The level within the job profile."
    )

    class Meta:
        model = Employee
        fields = [
            "id",
            "employee_number",
            "name",
            "email",
            "org_unit",
            "manager",
            "role_type",
            "job_profile",
            "job_profile_level",
            "start_date",
            "end_date",
            "active",
            "preferred_language",
        ]


class EmployeeQuery(serializers.Serializer):
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=SEARCH_MAX_LENGTH,
        validators=[validate_single_line],
        help_text="Words in the name (each must occur) or the start of an employee number.",
    )
    org_unit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="Only this unit's employees, with the units below it.",
    )
    active = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Only the active (true) or inactive (false)."
    )


class EmployeeViewSet(viewsets.ReadOnlyModelViewSet):
    """Every employee of the caller's HR scope (active or not, the caller too), with the ids of their
    unit, manager, role-type cell and job profile. HR only (403 for anyone else); a page of 50 by default
    (`page_size` up to 500)."""

    lookup_value_regex = "[0-9]{1,18}"  # an absurd id is a 404, not a database overflow
    serializer_class = EmployeeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is made without a user
            return Employee.objects.none()
        if not is_hr(user=self.request.user):
            raise PermissionDenied(gettext("Only HR reads the organisation’s employees."))
        query = (
            validated_query(request=self.request, serializer_class=EmployeeQuery)
            if self.action == "list"
            else {}
        )
        return employees_hr_sees(user=self.request.user, **query)

    @extend_schema(parameters=[EmployeeQuery])
    def list(self, request):
        return super().list(request)


class HRScopeSerializer(serializers.Serializer):
    org_units = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        max_length=1000,
        help_text="The units this person is HR for, each with everything below it (ids from "
        "`GET /api/v1/org-units/tree/`); empty: no longer HR.",
    )


class EmployeeHRScopeView(APIView):
    """Who is HR for which units, read and set as a whole: `PUT` makes the employee's HR scope exactly
    `org_units`, granting and revoking through the audited service the admin and the people import use
    (`people.services.hr_scope_set`). HR for the whole organisation only (as for the people import); never
    one's own scope (403); someone who has left cannot be HR (400)."""

    def _employee(self, request, pk: int) -> Employee:
        if not can_import_people(user=request.user):
            raise PermissionDenied(gettext("Only HR for the whole organisation sets who is HR."))
        employee = employees_hr_sees(user=request.user).select_related("user").filter(pk=pk).first()
        if employee is None or employee.user is None:
            raise NotFound()
        return employee

    @extend_schema(responses=HRScopeSerializer)
    def get(self, request, pk: int):
        employee = self._employee(request, pk)
        units = sorted(HRScope.objects.filter(user=employee.user).values_list("org_unit_id", flat=True))
        return Response({"org_units": units})

    @extend_schema(request=HRScopeSerializer, responses=HRScopeSerializer)
    def put(self, request, pk: int):
        employee = self._employee(request, pk)
        given = HRScopeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        ids = set(given.validated_data["org_units"])
        units = list(OrgUnit.objects.filter(pk__in=ids))
        if len(units) != len(ids):
            missing = sorted(ids - {unit.pk for unit in units})
            raise ValidationError({"org_units": [gettext("No unit has the id %(ids)s.") % {"ids": missing}]})
        hr_scope_set(user=employee.user, org_units=units, actor=request.user)
        return Response({"org_units": sorted(ids)})
