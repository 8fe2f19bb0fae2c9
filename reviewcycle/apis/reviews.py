"""Reading reviews: the filtered list and the detail."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.query import BooleanFilter, IdFilter, StrictFilterSet
from people.selectors import hr_org_units, org_units_below
from reviewcycle import rules, services
from reviewcycle.apis.serializers import ReviewDetailSerializer, ReviewListSerializer
from reviewcycle.models import (
    Review,
)
from reviewcycle.selectors import (
    review_detail,
    review_list,
)
from reviewcycle.workflow import overdue_q

# --- reading ---------------------------------------------------------------------------


class ReviewFilter(StrictFilterSet):
    cycle = IdFilter(field_name="cycle_id")
    state = django_filters.MultipleChoiceFilter(choices=Review.State.choices)
    org_unit = IdFilter(method="filter_org_unit", label="Organisation unit (and the units below)")
    manager = IdFilter(field_name="manager_id", label="Manager (employee id)")
    overdue = BooleanFilter(method="filter_overdue")
    role = django_filters.ChoiceFilter(
        choices=[(role.value, role.value) for role in rules.Role],
        method="filter_role",
        label="Only the reviews where I act in this role",
    )

    class Meta:
        model = Review
        fields = ["cycle", "state", "org_unit", "manager", "overdue", "role"]

    def filter_role(self, queryset, name, value):
        user = self.request.user
        if value == rules.Role.EMPLOYEE:
            return queryset.filter(employee__user=user)
        mine = queryset.exclude(employee__user=user)
        if value == rules.Role.MANAGER:
            return mine.filter(manager__user=user)
        if value == rules.Role.SECOND_REVIEWER:
            return mine.filter(second_reviewer__user=user)
        return mine.filter(employee__org_unit__in=hr_org_units(user=user))

    def filter_org_unit(self, queryset, name, value):
        return queryset.filter(org_unit__in=org_units_below(org_units=[int(value)]))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]{1,18}"  # an absurd id is a 404, not a database overflow
    serializer_class = ReviewListSerializer
    filterset_class = ReviewFilter

    def get_queryset(self):
        return review_list(user=self.request.user)

    @extend_schema(responses=ReviewDetailSerializer)
    def retrieve(self, request, pk=None):
        try:
            review = review_detail(user=request.user, pk=pk)
        except (Review.DoesNotExist, ValueError):
            raise NotFound from None
        services.review_log_access(review=review, user=request.user, via="api")
        return Response(ReviewDetailSerializer(review, context={"request": request}).data)
