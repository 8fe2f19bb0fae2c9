"""HR changes an open cycle's response term (issue 23): terms still running are lengthened from where they
started (never shortened: the employee was told their end), terms that ended stay as they were, terms not
started yet get the new number of days; the change is audited, the due dates (and so the reminders)
follow, and the rules that decide an outcome stay locked, saying so."""

import datetime

import pytest
from django_fsm import TransitionNotAllowed
from rest_framework.test import APIClient

from reviewcycle.models import CycleEvent, Review
from reviewcycle.services import cycle_change_due_dates, review_record_appraisal_talk
from reviewcycle.workflow import due_date_for
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

TERM_END = datetime.date(2026, 11, 24)  # the appraisal talk is recorded on 10 November, 14 days


@pytest.fixture
def terms(cycle, review, org, traveller):
    """Eva's term runs; Cor's ended (his appraisal talk was recorded earlier)."""
    cor = Review.objects.get(cycle=cycle, employee=org.colleague)
    ended = datetime.date(2026, 11, 11)  # as though recorded on 28 October
    Review.objects.filter(pk=cor.pk).update(state="employee_response", response_due=ended, due_date=ended)
    eva = advance(review, org, "employee_response", traveller)
    traveller.move_to(datetime.datetime(2026, 11, 12, 9, tzinfo=datetime.UTC))
    assert eva.response_due == TERM_END
    return {"eva": eva, "cor": cor}


def test_a_longer_term_lengthens_the_running_terms_only_and_is_audited(cycle, org, terms):
    cycle_change_due_dates(cycle=cycle, actor=org.hr, response_term_days=21)

    eva, cor = (Review.objects.select_related("cycle").get(pk=terms[name].pk) for name in ("eva", "cor"))
    assert eva.response_due == datetime.date(2026, 12, 1)
    assert eva.due_date == datetime.date(2026, 12, 1) == due_date_for(eva)  # the reminders follow it
    assert cor.response_due == datetime.date(2026, 11, 11)  # ended: as it was
    (event,) = CycleEvent.objects.filter(cycle=cycle, action=CycleEvent.Kind.DUE_DATES_CHANGED)
    assert event.actor == org.hr
    assert event.payload == {"changed": {"response_term_days": [14, 21]}, "terms_lengthened": 1}


@pytest.mark.parametrize(
    ("days", "term_end"), [(21, datetime.date(2026, 12, 3)), (7, datetime.date(2026, 11, 19))]
)
def test_a_term_that_starts_after_the_change_has_the_new_length(
    cycle, review, org, traveller, days, term_end
):
    review = advance(review, org, "appraisal_talk", traveller)
    traveller.move_to(datetime.datetime(2026, 11, 12, 9, tzinfo=datetime.UTC))
    cycle_change_due_dates(cycle=cycle, actor=org.hr, response_term_days=days)

    review = review_record_appraisal_talk(
        review=review, actor=org.manager.user, talk_date=datetime.date(2026, 11, 12), summary="Goed."
    )
    assert review.response_due == term_end


def test_a_shorter_term_never_shortens_a_running_one(cycle, org, terms):
    cycle_change_due_dates(cycle=cycle, actor=org.hr, response_term_days=7)

    assert Review.objects.get(pk=terms["eva"].pk).response_due == TERM_END
    cycle.refresh_from_db()
    assert cycle.response_term_days == 7


def test_a_term_after_signing_voor_gezien_is_lengthened_and_the_second_reviewers_date_follows(
    cycle, review, org, traveller
):
    review = advance(review, org, "second_review", traveller, signature="seen")
    cycle_change_due_dates(cycle=cycle, actor=org.hr, response_term_days=28)

    review = Review.objects.select_related("cycle").get(pk=review.pk)
    assert review.response_due == datetime.date(2026, 12, 8)
    assert review.due_date == datetime.date(2026, 12, 22) == due_date_for(review)  # 14 days after the term


def test_rules_that_decide_the_outcome_stay_locked_in_dutch(cycle, org, terms):
    with pytest.raises(TransitionNotAllowed, match="minimum review period"):
        cycle_change_due_dates(cycle=cycle, actor=org.hr, min_review_period_days=90, response_term_days=21)
    assert Review.objects.get(pk=terms["eva"].pk).response_due == TERM_END

    api = APIClient(HTTP_ACCEPT_LANGUAGE="nl")
    api.force_authenticate(org.hr)
    locked = api.patch(
        f"/api/v1/cycles/{cycle.pk}/", {"goal_weight": 70, "competency_weight": 30}, format="json"
    )
    assert locked.status_code == 409, locked.content
    assert "uitkomst van lopende beoordelingen" in locked.json()["detail"]
    moved = api.patch(f"/api/v1/cycles/{cycle.pk}/", {"response_term_days": 21}, format="json")
    assert moved.status_code == 200, moved.content
    assert moved.json()["response_term_days"] == 21
    assert api.get(f"/api/v1/reviews/{terms['eva'].pk}/").json()["response_due"] == "2026-12-01"


def test_hr_changes_the_term_on_the_due_dates_page(cycle, org, terms, client):
    import re

    client.force_login(org.hr)
    form = client.get(f"/cycles/{cycle.pk}/due-dates/").content.decode()
    shown = dict(re.findall(r'name="((?:initial-)?[a-z_]+)" value="([0-9-]+)"', form))
    assert shown["response_term_days"] == shown["initial-response_term_days"] == "14"
    answer = client.post(f"/cycles/{cycle.pk}/due-dates/", {**shown, "response_term_days": "21"})
    assert answer.status_code == 302, answer.content.decode()
    assert Review.objects.get(pk=terms["eva"].pk).response_due == datetime.date(2026, 12, 1)
    cycle.refresh_from_db()
    assert (cycle.response_term_days, cycle.planning_due) == (21, datetime.date(2026, 3, 1))


def test_the_reminders_follow_the_lengthened_term(cycle, org, terms):
    from notifications.models import Notification
    from notifications.services.reminders import reminders_sweep

    cycle_change_due_dates(cycle=cycle, actor=org.hr, response_term_days=21)
    reminders_sweep(today=datetime.date(2026, 11, 25))  # the day after the old end: not overdue now

    reminders = Notification.objects.filter(recipient=org.employee.user)
    assert not reminders.filter(kind=Notification.Kind.OVERDUE).exists()
    reminders_sweep(today=datetime.date(2026, 11, 30))  # a day before the new end
    assert reminders.filter(kind=Notification.Kind.REMINDER, dedupe_key__contains=":2026-12-01:1:").exists()
