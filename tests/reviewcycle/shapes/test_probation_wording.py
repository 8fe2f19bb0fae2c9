"""A probation review (Proeftijd en tijdelijk contract) speaks of its own talks: the start talk and the
evaluation, signed voor gezien without bedenkingen. Walked as the employee and the manager in Dutch, every
page they see and every message they get is free of "beoordeling" and "bedenkingen"."""

import re

import pytest
from django.test import Client, override_settings

from notifications.models import Notification
from people.models import Employee
from reviewcycle.models import ReviewCycle
from tests.reviewcycle.shapes.test_api_walks import open_review, plan
from tests.reviewcycle.test_api_walkthrough import at, ok

pytestmark = pytest.mark.django_db
WRONG = re.compile(r"[^<>\n]{0,60}(beoordel|bedenking)[^<>\n]{0,60}", re.I)


def wrong_words(text: str) -> list[str]:
    text = re.sub(r"<script.*?</script>", "", text, flags=re.S)
    return [match.group(0).strip() for match in WRONG.finditer(text)]


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_a_probation_review_speaks_of_the_evaluation(org, traveller):
    Employee.objects.update(preferred_language="nl")
    _hr, manager, employee, url = open_review(org, "proeftijd-en-tijdelijk-contract")
    ReviewCycle.objects.update(min_review_period_days=0)  # the evaluation may start at once
    review_id = url.rsplit("/", 1)[1]
    found = []

    def look(stage: str) -> None:
        for who, person in (("employee", org.employee), ("manager", org.manager)):
            reader = Client()
            reader.force_login(person.user)  # anew: the clock moves past a session's age
            for page in (f"/reviews/{review_id}/", "/"):
                response = reader.get(page)
                assert response.status_code == 200, (stage, who, page)
                for words in wrong_words(response.content.decode()):
                    found.append((stage, who, page, words))

    look("start talk")
    plan(manager, employee, url, signature="seen")
    look("in progress")
    at(traveller, 2026, 9, 1)
    ok(manager.post(f"{url}/start-appraisal/"))
    look("evaluation")
    talk = {"talk_date": "2026-09-01", "summary": "Goed ingewerkt.", "advice": "continue"}
    ok(manager.post(f"{url}/record-appraisal-talk/", talk))
    look("to sign")
    ok(employee.post(f"{url}/sign/", {"signature": "seen"}))
    look("final")
    for message in Notification.objects.all():
        for words in wrong_words(f"{message.subject}\n{message.body}"):
            found.append(("message", message.kind, message.subject, words))
    assert found == [], "\n".join(" | ".join(row) for row in found)


@pytest.mark.parametrize("state", ["planning", "appraisal_talk", "employee_response"])
def test_reminders_and_overdue_mails_name_the_probation_steps(org, state):
    """A sweep makes one text per step for many people: the regeling is part of it (H3's finding: the
    reminders and overdue mails used the default shape's words on a probation review)."""
    import datetime

    from notifications import messages
    from reviewcycle.models import CycleTemplateVersion
    from reviewcycle.shapes.services import cycle_templates_load_builtin

    cycle_templates_load_builtin()
    version = CycleTemplateVersion.objects.get(template__slug="proeftijd-en-tijdelijk-contract", number=1)
    Employee.objects.update(preferred_language="nl")
    org.employee.user.refresh_from_db()
    due = datetime.date(2026, 3, 1)
    args = {"employee_name": "Eva", "cycle_name": "Proeftijd", "state": state, "due": due, "version": version}
    texts = [
        messages.reminder(recipient=org.employee.user, own=True, **args),
        messages.overdue(recipient=org.employee.user, own=True, **args),
        messages.escalation(recipient=org.employee.user, owner_name="Piet", days_overdue=3, **args),
    ]
    assert [wrong_words(f"{text.subject}\n{text.body}") for text in texts] == [[], [], []]


@pytest.mark.parametrize(
    ("slug", "wanted", "unwanted"),
    [
        ("proeftijd-en-tijdelijk-contract", "startgesprek", "resultaatafspraken"),  # each review's own dates
        ("goede-gesprekken", "ontwikkelgesprek", "resultaatafspraken"),
        ("gemeentelijk", "planningsgesprekken", "ontwikkelgesprek"),
    ],
)
def test_the_cycle_opened_mail_names_the_first_talk_as_the_regeling_does(org, cycle, slug, wanted, unwanted):
    from notifications import messages
    from reviewcycle.models import CycleTemplateVersion
    from reviewcycle.shapes.services import cycle_templates_load_builtin

    cycle_templates_load_builtin()
    cycle.template_version = CycleTemplateVersion.objects.get(template__slug=slug, number=1)
    Employee.objects.update(preferred_language="nl")
    org.manager.user.refresh_from_db()
    text = messages.cycle_opened(cycle, org.manager.user, reports=3)
    assert wanted in text.body
    assert unwanted not in text.body
    assert wrong_words(text.body) == []
