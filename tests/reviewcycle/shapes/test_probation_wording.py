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
