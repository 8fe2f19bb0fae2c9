"""AVG retention: reviews of closed cycles are erased after the term, whole, and only then; a dry run changes nothing.

Only reviews that are final, cancelled or exempt are erased; one still open (a cycle closed by force)
is reported and kept.
"""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from notifications.models import Notification
from people.models import Employee
from reviewcycle.models import CycleEvent, Goal, Review, ReviewAccess, ReviewCycle, ReviewEvent
from reviewcycle.services import cycle_close, goal_create, review_cancel, review_record_planning_talk
from reviewcycle.services.retention import retention_apply, retention_report

pytestmark = pytest.mark.django_db

AFTER_THE_TERM = datetime.date(2032, 1, 15)  # the 2026 cycle ended 31 December 2026; five years later


@pytest.fixture
def closed(cycle, review, org):
    """Four reviews cancelled (Eva's after her planning talk); Otto's still in planning, closed by force."""
    goal_create(review=review, actor=org.manager.user, title="Wachttijd onder 10 minuten", weight=100)
    review_record_planning_talk(review=review, actor=org.manager.user, talk_date=datetime.date(2026, 1, 12))
    ReviewAccess.objects.create(review=review, user=org.hr, via="page")
    for other in Review.objects.filter(cycle=cycle).exclude(employee=org.other_employee):
        review_cancel(review=other, actor=org.hr, reason="Reorganisatie")
    cycle_close(cycle=cycle, actor=org.hr, force_reason="Reorganisatie")
    return cycle


@pytest.fixture
def kept(closed, org):
    return Review.objects.get(cycle=closed, employee=org.other_employee)


def test_an_open_cycle_is_never_erased(cycle, review):
    assert retention_report(today=datetime.date(2040, 1, 1)) == []


def test_nothing_is_erased_before_the_term_has_passed(closed):
    assert retention_report(today=datetime.date(2031, 12, 31)) == []
    assert [(line.reviews, line.kept) for line in retention_report(today=AFTER_THE_TERM)] == [(4, 1)]
    assert [line.reviews for line in retention_report(today=AFTER_THE_TERM, years=7)] == []


def test_erasure_removes_the_whole_review_and_leaves_one_line_on_the_cycle(closed, review, kept, org):
    assert Notification.objects.filter(review=review).exists()
    employees = Employee.objects.count()

    erased = retention_apply(actor=None, today=AFTER_THE_TERM)

    assert [(line.reviews, line.kept) for line in erased] == [(4, 1)]
    assert list(Review.objects.filter(cycle=closed)) == [kept]
    assert set(ReviewEvent.objects.values_list("review_id", flat=True)) == {kept.pk}
    assert not ReviewAccess.objects.exists()
    assert not Goal.objects.exists()
    assert not Notification.objects.filter(review=review).exists()
    assert Employee.objects.count() == employees  # the people themselves are the HR system's to remove
    line = CycleEvent.objects.get(cycle=closed, action="retention")
    assert line.payload == {"erased_reviews": 4, "kept_reviews": 1, "cutoff": "2027-01-15"}


def test_a_review_still_in_objection_is_kept_and_reported(cycle, review, org, traveller):
    """A cycle closed by force before the objection rule existed: the objection outlives retention."""
    from reviewcycle.services import review_object
    from tests.reviewcycle.helpers import advance

    review = advance(review, org, "employee_response", traveller)
    review_object(review=review, actor=org.employee.user, grounds="Oneens met het oordeel over samenwerken.")
    for other in Review.objects.filter(cycle=cycle).exclude(pk=review.pk):
        review_cancel(review=other, actor=org.hr, reason="Reorganisatie")
    ReviewCycle.objects.filter(pk=cycle.pk).update(state="closed", force_close_reason="Oud")

    erased = retention_apply(actor=None, today=AFTER_THE_TERM)

    assert [(line.reviews, line.kept) for line in erased] == [(4, 1)]
    assert Review.objects.get(pk=review.pk).state == "objection"
    assert ReviewEvent.objects.filter(review=review, transition="object").exists()


def test_force_closing_with_an_open_objection_is_refused(cycle, review, org, traveller, client):
    from django_fsm import TransitionNotAllowed

    from reviewcycle.services import review_object
    from tests.reviewcycle.helpers import advance

    review = advance(review, org, "employee_response", traveller)
    review_object(review=review, actor=org.employee.user, grounds="Oneens met het oordeel over samenwerken.")

    with pytest.raises(TransitionNotAllowed, match="1 objection"):
        cycle_close(cycle=cycle, actor=org.hr, force_reason="Reorganisatie")
    client.force_login(org.hr)
    answer = client.post(
        f"/api/v1/cycles/{cycle.pk}/close/",
        {"force_reason": "Reorganisatie"},
        content_type="application/json",
    )
    assert answer.status_code == 409, answer.content
    assert answer.json()["detail"].startswith("Over de bedenkingen in 1 gesprekscyclus is nog niet beslist.")
    assert ReviewCycle.objects.get(pk=cycle.pk).state == "open"


def test_the_audit_trail_stays_untouchable_outside_erasure(closed, review):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ReviewEvent.objects.filter(review=review).delete()
    if connection.vendor == "postgresql":
        from django.db import DatabaseError, transaction

        with (
            pytest.raises(DatabaseError, match=r"cannot be changed or deleted|permission denied"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM reviewcycle_reviewevent WHERE review_id = %s", [review.pk])
    assert ReviewEvent.objects.filter(review=review).exists()


def test_the_command_reports_in_a_dry_run_and_refuses_a_silly_term(closed, traveller):
    traveller.move_to(datetime.datetime(2032, 1, 15, 9, 0, tzinfo=datetime.UTC))
    out = StringIO()
    with translation.override("nl"):
        call_command("retention", "--dry-run", stdout=out)
    printed = out.getvalue()
    assert (
        "Zou 4 gesprekscycli van Gesprekscyclus 2026 wissen (de periode eindigde op 31 december 2026)."
        in printed
    )
    assert "Zou 1 gesprekscyclus van Gesprekscyclus 2026 bewaren die niet definitief" in printed
    assert "Er is niets gewijzigd." in printed
    assert not re.search(r"\b(Would|Erased|Kept|reviews|dry run)\b", printed), printed
    assert Review.objects.filter(cycle=closed).count() == 5

    with pytest.raises(CommandError, match="1 or more"):
        call_command("retention", "--years", "0")
    assert Review.objects.filter(cycle=closed).count() == 5

    out = StringIO()
    call_command("retention", stdout=out)
    assert "Erased 4 reviews in 1 closed cycles" in out.getvalue()
    assert "Kept 1 review of Gesprekscyclus 2026 that is not final, cancelled or exempt" in out.getvalue()
    assert Review.objects.filter(cycle=closed).count() == 1
