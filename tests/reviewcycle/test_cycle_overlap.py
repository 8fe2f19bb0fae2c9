"""Opening a cycle that overlaps another open cycle for the same people is refused, naming them,
unless HR excludes them; the confirmation page says what opening will create."""

import datetime

import pytest
from django.test import Client
from django_fsm import TransitionNotAllowed
from rest_framework.test import APIClient

from reviewcycle.models import CycleEvent, Review, ReviewCycle
from reviewcycle.selectors import cycle_open_preview
from reviewcycle.services import cycle_add_missing, cycle_copy, cycle_open, cycle_open_start
from reviewcycle.services.cycles import named_people
from tests.factories import EmployeeFactory
from tests.language import speaking

pytestmark = pytest.mark.django_db


@pytest.fixture
def overlapping(cycle, org):
    """A second cycle for the team only, its period overlapping the open 2026 cycle."""
    second = cycle_copy(cycle=cycle, actor=org.hr)
    second.period_start = datetime.date(2026, 6, 1)
    second.save(update_fields=["period_start"])
    second.scope.set([org.team])
    return second


def test_opening_an_overlapping_cycle_is_refused_naming_the_people(overlapping, org):
    with pytest.raises(TransitionNotAllowed) as refused:
        cycle_open_start(cycle=overlapping, actor=org.hr)
    message = str(refused.value)
    assert "3 people already have a review in another open cycle" in message
    assert "Cor Collega, Eva Employee, Max Manager" in message
    overlapping.refresh_from_db()
    assert overlapping.state == "draft"
    with pytest.raises(TransitionNotAllowed):
        cycle_open(cycle=overlapping, actor=org.hr)  # the rule holds for every way in


def test_a_cycle_for_another_period_opens(cycle, org):
    next_year = cycle_copy(cycle=cycle, actor=org.hr)  # 2027: no overlap
    assert cycle_open_start(cycle=next_year, actor=org.hr)["status"] == "done"


def test_excluded_people_get_no_review_and_the_exclusion_is_audited(overlapping, org):
    preview = cycle_open_preview(cycle=overlapping)
    assert [e.name for e in preview["overlapping"]] == ["Cor Collega", "Eva Employee", "Max Manager"]
    assert (preview["reviews"], preview["emails"]) == (3, 2)  # Max's manager Dora, and Max
    started = cycle_open_start(cycle=overlapping, actor=org.hr, exclude=preview["overlapping"])
    assert started["report"]["created"] == 0
    assert started["report"]["excluded"] == sorted(e.employee_number for e in preview["overlapping"])
    assert not Review.objects.filter(cycle=overlapping).exists()
    from reports.privacy import personal_data  # a row about the person: in their AVG export too

    assert personal_data(employee=org.employee)["cycles_excluded_from"] == [
        {"id": overlapping.pk, "name": overlapping.name}
    ]
    event = overlapping.events.get(action=CycleEvent.Kind.EXCLUDED)
    assert event.actor == org.hr
    assert len(event.payload["employees"]) == 3


def test_excluding_only_some_is_refused_and_keeps_no_exclusion(overlapping, org):
    with pytest.raises(TransitionNotAllowed) as refused:
        cycle_open_start(cycle=overlapping, actor=org.hr, exclude=[org.employee])
    assert "Eva Employee" not in str(refused.value)
    assert not overlapping.excluded.exists()


def test_the_refusal_names_ten_people_and_counts_the_rest():
    names = [f"Persoon {n:02}" for n in range(13)]
    assert named_people(names).endswith("Persoon 09 and 3 others")
    assert named_people(names[:2]) == "Persoon 00, Persoon 01"


def test_the_preview_changes_nothing(overlapping, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        cycle_open_preview(cycle=overlapping)
    assert ReviewCycle.objects.get(pk=overlapping.pk).state == "draft"


def test_the_confirmation_page_names_the_people_and_opening_with_exclusions(overlapping, org):
    client = speaking(Client(), "en")  # pages follow the switch (or the person), not the browser
    client.force_login(org.hr)
    page = client.get(f"/cycles/{overlapping.pk}/open/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Opening creates 3 reviews." in body
    assert "2 managers get a message" in body
    assert "Cor Collega, Eva Employee, Max Manager" in body
    refused = client.post(f"/cycles/{overlapping.pk}/open/", {"exclude": [org.employee.pk]})
    assert refused.status_code == 302
    assert ReviewCycle.objects.get(pk=overlapping.pk).state == "draft"
    everyone = [org.employee.pk, org.colleague.pk, org.manager.pk]
    opened = client.post(f"/cycles/{overlapping.pk}/open/", {"exclude": everyone})
    assert opened["Location"] == f"/reports/cycles/{overlapping.pk}/"
    assert ReviewCycle.objects.get(pk=overlapping.pk).state == "open"


def test_the_api_refuses_with_409_and_opens_with_exclusions(overlapping, org):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(org.hr)
    preview = api.get(f"/api/v1/cycles/{overlapping.pk}/open/")
    assert preview.status_code == 200
    assert preview.json()["reviews"] == 3
    assert [p["name"] for p in preview.json()["overlapping"]] == [
        "Cor Collega",
        "Eva Employee",
        "Max Manager",
    ]
    refused = api.post(f"/api/v1/cycles/{overlapping.pk}/open/", {}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "not_possible_now"
    assert "Eva Employee" in refused.json()["detail"]
    outsider = EmployeeFactory(name="Buiten Scope", org_unit=org.other_team)
    wrong = api.post(f"/api/v1/cycles/{overlapping.pk}/open/", {"exclude": [outsider.pk]}, format="json")
    assert wrong.status_code == 400
    assert "Buiten Scope" in str(wrong.json()["exclude"])
    everyone = [org.employee.pk, org.colleague.pk, org.manager.pk]
    opened = api.post(f"/api/v1/cycles/{overlapping.pk}/open/", {"exclude": everyone}, format="json")
    assert opened.status_code == 200, opened.json()
    assert opened.json()["created"] == 0
    assert sorted(api.get(f"/api/v1/cycles/{overlapping.pk}/").json()["excluded"]) == sorted(everyone)


def test_a_second_hr_opening_the_same_cycle_a_moment_later_records_no_exclusion(overlapping, org):
    """Two HR people confirm the opening from the same page: the second one's page read the cycle
    while it was a draft. Refused as already open, and the audit trail keeps one exclusion."""
    stale = ReviewCycle.objects.get(pk=overlapping.pk)  # read before the first one opens it
    everyone = cycle_open_preview(cycle=overlapping)["overlapping"]
    cycle_open_start(cycle=overlapping, actor=org.hr, exclude=everyone)
    with pytest.raises(TransitionNotAllowed, match="already open"):
        cycle_open_start(cycle=stale, actor=org.hr, exclude=everyone)
    assert overlapping.events.filter(action=CycleEvent.Kind.EXCLUDED).count() == 1


def test_adding_the_missing_reviews_gives_nobody_a_second_review_for_the_same_time(overlapping, cycle, org):
    """The team's cycle opened without its people (the organisation's cycle covers them). A new
    colleague joins and gets their review in the organisation's cycle; adding the missing reviews to
    the team's cycle then skips them, as opening would have refused them."""
    everyone = cycle_open_preview(cycle=overlapping)["overlapping"]
    cycle_open_start(cycle=overlapping, actor=org.hr, exclude=everyone)
    newcomer = EmployeeFactory(name="Nina Nieuw", org_unit=org.team, manager=org.manager)
    cycle_add_missing(cycle=cycle, actor=org.hr)
    assert Review.objects.filter(employee=newcomer).count() == 1
    report = cycle_add_missing(cycle=overlapping, actor=org.hr)
    assert report["created"] == 0
    assert Review.objects.filter(employee=newcomer).count() == 1
