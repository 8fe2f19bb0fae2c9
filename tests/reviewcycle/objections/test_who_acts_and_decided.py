"""Who acts on an overdue objection and who decided it follow the regeling's route
(``rules.objection_decider_role``), not the state: the dashboard's overdue list names the second reviewer
or the committee, and the employee is told who decided and what happens next."""

import datetime

import pytest
from django.contrib.auth.models import Group

from notifications.models import Notification
from reports.dashboard import count_dashboard
from reviewcycle.services import review_decide_objection, review_object
from tests.reviewcycle.objections.regeling import own_regeling, review_at_response

pytestmark = pytest.mark.django_db

LATER = datetime.date(2027, 3, 1)  # every term to decide long over


def objected(org, traveller, **shape):
    review = review_at_response(org, traveller, own_regeling(**shape))
    review.second_reviewer = org.director
    review.save(update_fields=["second_reviewer"])
    return review_object(review=review, actor=org.employee.user, grounds="Mijn onderwijs ontbreekt.")


def overdue_row(org, review):
    rows = count_dashboard(cycle=review.cycle, user=org.hr, today=LATER)["overdue"]
    return next(row for row in rows if row["review"] == review.pk)


def test_an_overdue_objection_waits_for_the_second_reviewer_where_they_decide(org, traveller):
    review = objected(org, traveller, has_second_review=True, objection_route="second_reviewer")
    row = overdue_row(org, review)
    assert row["waiting_for"] == "second_reviewer"
    assert row["who"] == org.director.name


def test_an_overdue_objection_waits_for_the_committee_where_it_decides(org, traveller):
    group = Group.objects.create(name="Bezwaarcommissie")
    review = objected(org, traveller, objection_route="committee", objection_committee=group)
    row = overdue_row(org, review)
    assert row["waiting_for"] == "committee"
    assert row["who"] == "Bezwaarcommissie"


def test_an_overdue_objection_waits_for_hr_on_the_hr_route(org, traveller):
    review = objected(org, traveller, objection_route="hr")
    row = overdue_row(org, review)
    assert (row["waiting_for"], row["who"]) == ("hr", "HR")


def _told(org):
    (notice,) = Notification.objects.filter(
        recipient=org.employee.user, kind="objection_decided", channel="in_app"
    )
    return notice


def test_the_employee_hears_the_second_reviewer_decided(org, traveller):
    review = objected(org, traveller, has_second_review=True, objection_route="second_reviewer")
    review_decide_objection(
        review=review,
        actor=org.director.user,
        decision="rejected",
        reason="Het onderwijs staat al in het verslag.",
    )
    notice = _told(org)
    assert notice.subject == "Your second reviewer has decided on your objection"
    assert "Your second reviewer has decided on your objection to your appraisal" in notice.body
    assert "HR" not in notice.body


def test_the_employee_hears_the_committee_decided_and_that_the_appraisal_is_final(org, traveller):
    group = Group.objects.create(name="Bezwaarcommissie")
    org.other_manager.user.groups.add(group)
    review = objected(org, traveller, objection_route="committee", objection_committee=group)
    review = review_decide_objection(
        review=review,
        actor=org.other_manager.user,
        decision="rejected",
        reason="Het onderwijs staat al in het verslag.",
    )
    assert review.state == "final"
    notice = _told(org)
    assert notice.subject == "The objection committee has decided on your objection"
    assert "second reviewer" not in notice.body
    assert "Your appraisal is final." in notice.body


def test_the_employee_hears_in_dutch_who_decided(org, traveller):
    org.employee.preferred_language = "nl"
    org.employee.save()
    review = objected(org, traveller, has_second_review=True, objection_route="second_reviewer")
    review_decide_objection(
        review=review,
        actor=org.director.user,
        decision="rejected",
        reason="Het onderwijs staat al in het verslag.",
    )
    assert _told(org).subject == "Je tweede beoordelaar heeft over je bedenkingen beslist"
