"""The employee hears HR's decision on their objection: the decision, HR's reasons and what happens next
(walk finding 2: "Je ontvangt het besluit hier" was promised, but nothing came)."""

import pytest

from notifications.models import Notification
from reviewcycle.services import review_decide_objection, review_object
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

REASONS = "De inzet voor het zaaksysteem staat al in de toelichting."


def decided(review, org, traveller, decision):
    review = advance(review, org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Oneens met Samenwerken.")
    return review_decide_objection(review=review, actor=org.hr, decision=decision, reason=REASONS)


@pytest.mark.parametrize(
    ("decision", "label", "next_step"),
    [
        ("upheld", "upheld: the manager scores again", "Your manager scores your appraisal again"),
        ("rejected", "rejected", "Your appraisal goes on to your second reviewer"),
    ],
)
def test_the_employee_is_told_the_decision_its_reasons_and_what_next(
    review, org, traveller, decision, label, next_step
):
    decided(review, org, traveller, decision)
    (notice,) = Notification.objects.filter(
        recipient=org.employee.user, kind="objection_decided", channel="in_app"
    )
    assert notice.subject == "HR has decided on your objection"
    assert f"Decision: {label}" in notice.body  # lower case after the colon, as in Dutch
    assert f"Reasons: {REASONS}" in notice.body
    assert next_step in notice.body
    mail = Notification.objects.filter(recipient=org.employee.user, kind="objection_decided", channel="email")
    assert mail.count() == 1  # by e-mail too, as the employee's preference (the default) says


def test_the_decision_in_dutch(review, org, traveller):
    org.employee.preferred_language = "nl"
    org.employee.save()
    decided(review, org, traveller, "rejected")
    (notice,) = Notification.objects.filter(
        recipient=org.employee.user, kind="objection_decided", channel="in_app"
    )
    assert notice.subject == "HR heeft over je bedenkingen beslist"
    assert "Besluit: niet overgenomen" in notice.body
    assert f"Motivering: {REASONS}" in notice.body
