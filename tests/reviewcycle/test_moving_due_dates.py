"""HR moves an open cycle's due dates (issue 23): the open reviews due on a moved date follow it (their
overdue mark and reminders too), the move is audited, a date in the past or another setting is refused,
and the API's PATCH does it as the page would."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed
from rest_framework.test import APIClient

from reviewcycle.models import CycleEvent, Review
from reviewcycle.services import cycle_change_due_dates
from reviewcycle.workflow import due_date_for
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def test_moving_the_planning_date_moves_the_reviews_in_planning_and_nothing_else(
    cycle, review, org, traveller
):
    other = Review.objects.get(cycle=cycle, employee=org.other_employee)
    advance(review, org, "in_progress", traveller)  # now due on the progress date
    later = datetime.date(2026, 3, 20)
    cycle_change_due_dates(cycle=cycle, actor=org.hr, planning_due=later)
    other.refresh_from_db()
    review.refresh_from_db()
    assert other.due_date == later
    assert review.due_date == datetime.date(2026, 7, 1)
    for each in Review.objects.filter(cycle=cycle).select_related("cycle"):
        assert each.due_date == due_date_for(each), each  # the bulk rule is due_date_for's
    (event,) = CycleEvent.objects.filter(cycle=cycle, action=CycleEvent.Kind.DUE_DATES_CHANGED)
    assert event.actor == org.hr
    assert event.payload == {"changed": {"planning_due": ["2026-03-01", "2026-03-20"]}}


def test_a_date_in_the_past_another_setting_or_another_hr_is_refused(cycle, org, traveller):
    traveller.move_to(datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.UTC))
    with pytest.raises(ValidationError) as refused:
        cycle_change_due_dates(cycle=cycle, actor=org.hr, progress_due=datetime.date(2026, 3, 31))
    assert "Choose today or a later date" in str(refused.value.message_dict["progress_due"])
    with pytest.raises(ValidationError) as refused:
        cycle_change_due_dates(cycle=cycle, actor=org.hr, progress_due=datetime.date(2026, 12, 20))
    assert "follow each other" in str(refused.value.message_dict)
    with pytest.raises(TransitionNotAllowed, match="goals"):
        cycle_change_due_dates(cycle=cycle, actor=org.hr, goal_weight=70, competency_weight=30)
    with pytest.raises(PermissionDenied):
        cycle_change_due_dates(cycle=cycle, actor=org.hr_elsewhere, progress_due=datetime.date(2026, 8, 1))
    cycle.refresh_from_db()
    assert cycle.progress_due == datetime.date(2026, 7, 1)
    assert not CycleEvent.objects.filter(action=CycleEvent.Kind.DUE_DATES_CHANGED).exists()


def test_the_api_moves_the_dates_of_an_open_cycle_and_says_what_is_locked(cycle, review, org):
    api = APIClient()
    api.force_authenticate(org.hr)
    moved = api.patch(f"/api/v1/cycles/{cycle.pk}/", {"planning_due": "2026-04-01"}, format="json")
    assert moved.status_code == 200, moved.content
    assert moved.json()["planning_due"] == "2026-04-01"
    assert api.get(f"/api/v1/reviews/{review.pk}/").json()["due_date"] == "2026-04-01"
    locked = api.patch(f"/api/v1/cycles/{cycle.pk}/", {"min_progress_talks": 2}, format="json")
    assert locked.status_code == 409, locked.content
    past = api.patch(f"/api/v1/cycles/{cycle.pk}/", {"planning_due": "2025-12-31"}, format="json")
    assert past.status_code == 400, past.content


def test_hr_moves_the_dates_on_a_page_and_reads_the_errors_beside_the_fields(cycle, review, org, client):
    from tests.language import speaking

    client = speaking(client, "nl")
    client.force_login(org.hr)
    dashboard = client.get(f"/reports/cycles/{cycle.pk}/").content.decode()
    assert f'href="/cycles/{cycle.pk}/due-dates/">Uiterste data verschuiven</a>' in dashboard
    form = client.get(f"/cycles/{cycle.pk}/due-dates/").content.decode()
    assert 'value="2026-03-01"' in form
    dates = {
        "planning_due": "2026-03-15",
        "progress_due": "2026-07-01",
        "self_assessment_due": "2026-10-01",
        "scoring_due": "2026-11-01",
        "appraisal_due": "2026-12-01",
    }
    refused = client.post(f"/cycles/{cycle.pk}/due-dates/", {**dates, "progress_due": "2026-01-01"})
    assert refused.status_code == 400
    assert "Kies vandaag of een latere datum" in refused.content.decode()
    moved = client.post(f"/cycles/{cycle.pk}/due-dates/", dates, follow=True)
    assert "De uiterste data zijn verschoven" in moved.content.decode()
    review.refresh_from_db()
    assert review.due_date == datetime.date(2026, 3, 15)
    client.force_login(org.manager.user)
    assert client.get(f"/cycles/{cycle.pk}/due-dates/").status_code in (403, 404)


def test_the_page_moves_only_the_dates_its_user_changed_not_back_what_another_moved_meanwhile(
    cycle, review, org, client
):
    """Two HR with the page open: the second to save keeps the first one's move of another date."""
    import re

    client.force_login(org.hr)
    form = client.get(f"/cycles/{cycle.pk}/due-dates/").content.decode()
    shown = dict(re.findall(r'name="((?:initial-)?[a-z_]+_due)" value="([0-9-]+)"', form))
    assert shown["initial-planning_due"] == shown["planning_due"] == "2026-03-01"
    cycle_change_due_dates(cycle=cycle, actor=org.hr, planning_due=datetime.date(2026, 3, 20))  # another HR
    answer = client.post(f"/cycles/{cycle.pk}/due-dates/", {**shown, "progress_due": "2026-07-15"})
    assert answer.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.planning_due, cycle.progress_due) == (
        datetime.date(2026, 3, 20),
        datetime.date(2026, 7, 15),
    )
    review.refresh_from_db()
    assert review.due_date == datetime.date(2026, 3, 20)
