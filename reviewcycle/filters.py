"""The one filter of review lists: the API list, the review export, HR's review list, the team page and
the objection register all filter with ``ReviewFilter``, so a filter means the same everywhere."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.query import BooleanFilter, IdFilter, StrictFilterSet
from people.selectors import hr_org_units, org_units_below, person_matches
from reviewcycle import rules
from reviewcycle.models import Review
from reviewcycle.rated import rated
from reviewcycle.record.view import shape_of_version
from reviewcycle.workflow import PHASES, ObjectionStatus, objection_q, overdue_q, phases_for, states_for

# ``?sort=``: the columns a list sorts on, each with a tie-breaker so that paging is stable.
SORTS = {
    "name": ("employee__name", "id"),
    "-name": ("-employee__name", "-id"),
    "unit": ("org_unit__name", "employee__name", "id"),
    "-unit": ("-org_unit__name", "employee__name", "id"),
    "state": ("state", "employee__name", "id"),
    "due_date": ("due_date", "employee__name", "id"),
    "-due_date": ("-due_date", "employee__name", "id"),
}
SORT_LABELS = {
    "name": _("Name (A–Z)"),
    "-name": _("Name (Z–A)"),
    "unit": _("Unit (A–Z)"),
    "-unit": _("Unit (Z–A)"),
    "state": _("Status"),
    "due_date": _("Due date (earliest first)"),
    "-due_date": _("Due date (latest first)"),
}


# The filters that ask about a part of the regeling (``record.RecordShape``): left out where it lacks it.
SHAPE_FILTERS = {
    "rating": "has_scores",
    "signed": "has_closing_talk",
    "objection": "has_objection",
}


def filters_for_shape(fields: list[str], version) -> tuple[list[str], dict]:
    """Of ``fields``, those a cycle on regeling ``version`` (a ``CycleTemplateVersion``) can use, and the
    options of its state and phase filters: only its own states and phases (``workflow.states_for``,
    ``phases_for``). Returns ``(fields, {name: [(value, label)]})``: the review list's filter bar."""
    shape = shape_of_version(version)
    kept = [name for name in fields if name not in SHAPE_FILTERS or getattr(shape, SHAPE_FILTERS[name])]
    states = set(states_for(version))
    options = {
        "state": [(value, label) for value, label in Review.State.choices if value in states],
        "phase": [(key, label) for key, label, _states in phases_for(version)],
    }
    return kept, {name: choices for name, choices in options.items() if name in kept}


# A text search longer than any name or number is a mistake (400), not a query.
SEARCH_MAX_LENGTH = 100


class ReviewFilter(StrictFilterSet):
    """Filters and sorting of a list of reviews (query parameters of the API, the export and the pages).

    Every filter narrows the queryset it is given: visibility (``reviews_visible_to``, HR's scope) is the
    caller's queryset, never widened here. A value a filter cannot use is a 400 (``StrictFilterSet``).
    """

    cycle = IdFilter(field_name="cycle_id", label=_("Cycle"))
    search = django_filters.CharFilter(
        method="filter_search", max_length=SEARCH_MAX_LENGTH, label=_("Name or employee number")
    )
    state = django_filters.MultipleChoiceFilter(choices=Review.State.choices, label=_("Status"))
    phase = django_filters.MultipleChoiceFilter(
        choices=[(key, label) for key, label, _states in PHASES], method="filter_phase", label=_("Phase")
    )
    org_unit = IdFilter(method="filter_org_unit", label=_("Unit (with the units below it)"))
    manager = IdFilter(field_name="manager_id", label="Manager (employee id)")
    manager_search = django_filters.CharFilter(
        method="filter_manager_search",
        max_length=SEARCH_MAX_LENGTH,
        label=_("Manager (name or employee number)"),
    )
    overdue = BooleanFilter(method="filter_overdue", label=_("Overdue"))
    rating = IdFilter(
        method="filter_rating",
        max_value=32767,
        label=_("Overall rating"),
    )
    signed = BooleanFilter(method="filter_signed", label=_("Appraisal signed"))
    objection = django_filters.ChoiceFilter(
        choices=ObjectionStatus.CHOICES, method="filter_objection", label=_("Objection")
    )
    role = django_filters.ChoiceFilter(
        choices=[(role.value, role.value) for role in rules.Role],
        method="filter_role",
        label="Only the reviews where I act in this role",
    )
    sort = django_filters.ChoiceFilter(
        choices=list(SORT_LABELS.items()), method="filter_sort", label=_("Sort")
    )

    class Meta:
        model = Review
        fields = [
            "cycle",
            "search",
            "state",
            "phase",
            "org_unit",
            "manager",
            "manager_search",
            "overdue",
            "rating",
            "signed",
            "objection",
            "role",
            "sort",
        ]

    def filter_search(self, queryset, name, value):
        return queryset.filter(person_matches(value, via="employee__"))

    def filter_manager_search(self, queryset, name, value):
        return queryset.filter(person_matches(value, via="manager__"))

    def filter_phase(self, queryset, name, value):
        states = [state for key, _label, phase_states in PHASES if key in value for state in phase_states]
        return queryset.filter(state__in=states)

    def filter_org_unit(self, queryset, name, value):
        return queryset.filter(org_unit__in=org_units_below(org_units=[int(value)]))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

    def filter_rating(self, queryset, name, value):
        # Never on the reader's own review: the rating filter would tell an employee a mark that the
        # record still hides from them (``rules.can_see_manager_scores``).
        return queryset.filter(rated(), overall_rating__value=int(value)).exclude(
            employee__user=self.request.user
        )

    def filter_signed(self, queryset, name, value):
        return queryset.filter(signed_at__isnull=not value)

    def filter_objection(self, queryset, name, value):
        return queryset.filter(objection_q(value))

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

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])
