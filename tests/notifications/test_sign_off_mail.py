"""The mail that asks the employee to sign the appraisal (issue 18): it says that signing *voor gezien*
is not agreement, that a written reaction is possible, and until which date (written out)."""

import re

import pytest
from django.core import mail
from django.utils import translation

from core.dates import long_date
from notifications.models import Notification
from notifications.services import deliver
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def test_the_dutch_sign_off_mail_explains_voor_gezien_the_reaction_and_the_term(review, org, traveller):
    org.employee.preferred_language = "nl"
    org.employee.save(update_fields=["preferred_language"])
    review = advance(review, org, "employee_response", traveller)
    pending = Notification.objects.filter(
        channel="email", recipient=org.employee.user, kind="your_turn"
    ).latest("id")
    assert deliver(pending.pk) == "sent"
    (message,) = [sent for sent in mail.outbox if sent.to == [org.employee.user.email]][-1:]
    body = " ".join(message.body.split())
    with translation.override("nl"):
        due = long_date(review.response_due)
    assert re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", due)  # "9 december 2026"
    assert "voor gezien" in body
    assert "ik heb de beoordeling ontvangen en gelezen; dat betekent niet dat ik het ermee eens ben" in body
    assert "schriftelijke reactie" in body
    assert f"tot en met {due}" in body
    html = " ".join(message.alternatives[0][0].split())
    assert "dat betekent niet dat ik het ermee eens ben" in html


def test_other_turn_mails_do_not_explain_signing(review, org, traveller):
    org.employee.preferred_language = "nl"
    org.employee.save(update_fields=["preferred_language"])
    advance(review, org, "plan_signoff", traveller)
    turn = Notification.objects.filter(
        channel="in_app", recipient=org.employee.user, kind="your_turn"
    ).latest("id")
    assert "ontvangen en gelezen" not in turn.body


def test_the_reminder_to_sign_explains_it_too(org):
    import datetime

    from notifications.messages import reminder

    org.employee.preferred_language = "nl"
    org.employee.save(update_fields=["preferred_language"])
    due = datetime.date(2026, 12, 9)
    text = reminder(
        recipient=org.employee.user,
        employee_name="Eva",
        cycle_name="Gesprekscyclus 2026",
        state="employee_response",
        due=due,
        own=True,
    )
    body = " ".join(text.body.split())
    assert "dat betekent niet dat ik het ermee eens ben" in body
    assert "tot en met 9 december 2026" in body
    manager = reminder(
        recipient=org.employee.user,
        employee_name="Eva",
        cycle_name="C",
        state="employee_response",
        due=due,
        own=False,
    )
    assert "ontvangen en gelezen" not in manager.body


def test_a_turn_mail_gives_the_step_once_with_its_date_and_lower_case_after_a_colon(review, org, traveller):
    for person in (org.employee, org.manager):
        person.preferred_language = "nl"
        person.save(update_fields=["preferred_language"])
    review = advance(review, org, "scoring", traveller)
    turn = Notification.objects.filter(channel="in_app", recipient=org.manager.user, kind="your_turn").latest(
        "id"
    )
    with translation.override("nl"):
        due = long_date(review.due_date)
    assert turn.subject == f"{org.employee.name}: beoordeel de competenties en resultaatafspraken"
    assert f"Beoordeel de competenties en resultaatafspraken, uiterlijk {due}." in turn.body
    assert turn.body.count(due) == 1
    assert "Wat je moet doen" not in turn.body
    # Nothing set after a colon starts with a capital (a name aside).
    assert not re.search(r": [A-Z][a-z]", turn.subject + " " + turn.body.replace(org.employee.name, "X"))


def test_the_sign_off_mail_gives_the_term_once(review, org, traveller):
    org.employee.preferred_language = "nl"
    org.employee.save(update_fields=["preferred_language"])
    review = advance(review, org, "employee_response", traveller)
    turn = Notification.objects.filter(
        channel="in_app", recipient=org.employee.user, kind="your_turn"
    ).latest("id")
    with translation.override("nl"):
        due = long_date(review.response_due)
    assert turn.subject == "Je gesprekscyclus: onderteken de beoordeling of dien bedenkingen in"
    assert turn.body.count(due) == 1
    assert (
        "‘ik heb de beoordeling ontvangen en gelezen; dat betekent niet dat ik het ermee eens ben’"
        in turn.body
    )
