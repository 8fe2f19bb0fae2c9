"""The data generator behind the benchmarks: a whole organisation, and reviews in every state."""

import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from people.models import Employee
from reports.dashboard import cycle_dashboard
from reviewcycle.models import Goal, Review, ReviewEvent

pytestmark = pytest.mark.django_db


def test_generate_org_builds_a_tree_with_manager_chains_and_reviews_in_every_state():
    out = StringIO()
    call_command("generate_org", "--employees", "300", "--name", "Gemeente Proefgroot", stdout=out)
    assert "Generated 300 employees and 299 reviews" in out.getvalue()  # the top has no manager
    assert Employee.objects.count() == 300
    top = Employee.objects.get(manager=None)
    chain, person = (
        [],
        Employee.objects.filter(org_unit__kind="team").exclude(role_type__family="Leidinggevende").first(),
    )
    while person is not None:
        chain.append(person)
        person = person.manager
    assert chain[-1] == top
    assert len(chain) == 5  # staff → team lead → head → director → top
    states = set(Review.objects.values_list("state", flat=True))
    assert states == set(Review.State.values) - {"objection"}
    assert Goal.objects.exclude(review__state="planning").exists()
    assert not Goal.objects.filter(review__state="planning").exists()
    assert (
        ReviewEvent.objects.filter(to_state="final").count() == Review.objects.filter(state="final").count()
    )
    assert Review.objects.filter(state="final", overall_rating__isnull=True).count() == 0

    from django.contrib.auth import get_user_model

    hr = get_user_model().objects.get(username__startswith="hr-generated")
    dashboard = cycle_dashboard(cycle=Review.objects.first().cycle, user=hr)
    assert dashboard["total"] == 299
    assert dashboard["overdue_total"] > 0
    assert dashboard["calibration"]["organisation"]["rated"] > 0

    with pytest.raises(CommandError, match="exists already"):
        call_command("generate_org", "--employees", "10", "--name", "Gemeente Proefgroot")


def test_the_top_of_the_generated_tree_holds_as_many_units_at_any_size():
    """The benchmarks compare the top of the tree at 500 and 20,000 employees (benchmarks/sizes.py): the
    same number of units directly under the organisation, and never many more than eight side by side."""
    from reviewcycle.generator import TOP_UNITS, UNITS_PER_GROUP, _unit_levels

    for employees in (30, 500, 5_000, 20_000, 100_000):
        levels = _unit_levels(employees)
        assert levels[0][2] == TOP_UNITS, employees
        for (_name, _kind, above), (_name_below, _kind_below, below) in itertools.pairwise(levels[:-2]):
            assert below <= (UNITS_PER_GROUP + 3) * above, (employees, levels)
