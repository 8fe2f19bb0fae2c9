"""``GET /api/v1/people/`` and ``GET /api/v1/org-units/``: find a person or a unit by typing, a page at a
time. The pages' search fields (reassigning a review, naming a second reviewer, the unit filter) ask
these, so no page lists the whole organisation."""

from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.views import APIView

from core.api import Pagination
from core.query import validated_query
from core.text import validate_single_line
from people.models import OrgUnit
from people.selectors import (
    SEARCH_MAX_LENGTH,
    is_hr,
    people_hr_may_name,
    person_label,
    units_hr_may_choose,
)


class SearchQuery(serializers.Serializer):
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=SEARCH_MAX_LENGTH,
        validators=[validate_single_line],
        help_text="Words in the name (each must occur) or the start of an employee number.",
    )


class PersonSearchQuery(SearchQuery):
    exclude = serializers.RegexField(
        r"^\d{1,12}(,\d{1,12}){0,9}$",
        required=False,
        help_text="Up to 10 employee ids, comma-separated, to leave out (a review's own people).",
    )

    def validate_exclude(self, value) -> list[int]:
        return [int(part) for part in value.split(",")]


class PersonChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    employee_number = serializers.CharField()
    org_unit = serializers.CharField(source="org_unit.name")
    label = serializers.SerializerMethodField(help_text="What a list of choices shows: name, number, unit.")

    def get_label(self, employee) -> str:
        return person_label(employee)


class UnitChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="What a cycle's `scope` and the `org_unit` filters take.")
    name = serializers.CharField()
    label = serializers.CharField(source="name")
    kind = serializers.ChoiceField(choices=OrgUnit.Kind.choices)
    parent = serializers.IntegerField(
        source="parent_id", allow_null=True, help_text="The unit above it (null for an organisation)."
    )


class _SearchView(APIView):
    pagination_class = Pagination
    serializer_class = None

    query_class = SearchQuery

    def results(self, user, query: dict):
        raise NotImplementedError

    def get(self, request):
        if not is_hr(user=request.user):
            raise PermissionDenied(gettext("Only HR chooses among the organisation’s people and units."))
        query = validated_query(request=request, serializer_class=self.query_class)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(self.results(request.user, query), request, view=self)
        return paginator.get_paginated_response(self.serializer_class(page, many=True).data)


class PersonSearchView(_SearchView):
    """Active employees whose login works in the caller's HR units (never the caller, nor those in
    ``exclude``), by name or employee number: whom HR may name as a review's manager or second reviewer
    (others are a 400 there).

    HR only (403 for anyone else); a page of 50 by default (``page_size`` up to 500)."""

    serializer_class = PersonChoiceSerializer
    query_class = PersonSearchQuery

    def results(self, user, query: dict):
        return people_hr_may_name(user=user, search=query.get("search", ""), exclude=query.get("exclude", ()))

    @extend_schema(parameters=[PersonSearchQuery], responses=PersonChoiceSerializer(many=True))
    def get(self, request):
        return super().get(request)


class UnitSearchView(_SearchView):
    """Active units in the caller's HR scope, by name, with their parent's id: a flat list of what
    `GET /api/v1/org-units/tree/` nests. HR only (403 for anyone else)."""

    serializer_class = UnitChoiceSerializer

    def results(self, user, query: dict):
        return units_hr_may_choose(user=user, search=query.get("search", ""))

    @extend_schema(parameters=[SearchQuery], responses=UnitChoiceSerializer(many=True))
    def get(self, request):
        return super().get(request)
