"""HTML and script typed into every free-text field come out as text: in the pages, the e-mails and the PDF."""

import datetime
import re
import subprocess

import pytest
from django.core import mail
from django.test import Client

from notifications.models import Notification
from notifications.services import deliver
from reviewcycle.models import Review
from reviewcycle.services import (
    assessment_score,
    development_action_save,
    goal_create,
    goal_score,
    review_object,
    review_record_appraisal_talk,
    review_record_planning_talk,
    review_record_progress_talk,
    review_sign,
    review_sign_plan,
    review_start_appraisal,
    review_submit_scores,
    review_submit_self_assessment,
)
from tests.language import speaking

pytestmark = pytest.mark.django_db

ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)><b>vet</b>'


def hostile(field: str) -> str:
    return f"{field}: {ATTACK}"


@pytest.fixture
def poisoned(review, org, traveller):
    """Eva's review taken to an objection with script in every text anyone could type."""
    manager, employee = org.manager.user, org.employee.user
    org.employee.name = f"Eva {ATTACK}"
    org.employee.save()
    review.cycle.name = f"Cyclus {ATTACK}"
    review.cycle.save()
    goal_create(
        review=review,
        actor=manager,
        title=hostile("title"),
        description=hostile("description"),
        measure=hostile("measure"),
        weight=100,
    )
    development_action_save(review=review, actor=employee, description=hostile("action"))
    review = review_record_planning_talk(review=review, actor=manager, talk_date=datetime.date(2026, 1, 12))
    review = review_sign_plan(
        review=review, actor=employee, signature="agreed", response=hostile("plan response")
    )
    traveller.move_to(datetime.datetime(2026, 6, 12, 9, 0, tzinfo=datetime.UTC))
    review = review_record_progress_talk(
        review=review, actor=manager, talk_date=datetime.date(2026, 6, 10), notes=hostile("progress notes")
    )
    traveller.move_to(datetime.datetime(2026, 9, 1, 9, 0, tzinfo=datetime.UTC))
    review = review_start_appraisal(review=review, actor=manager)
    ratings = [
        {"assessment": a.pk, "rating": 3, "remark": hostile("self remark")} for a in review.assessments.all()
    ]
    ratings += [{"goal": g.pk, "rating": 3, "remark": hostile("goal remark")} for g in review.goals.all()]
    review = review_submit_self_assessment(review=review, actor=employee, ratings=ratings)
    for assessment in review.assessments.filter(in_focus=True):
        marks = {mark.pk: "fully" for mark in assessment.marks.all() if not mark.is_next_level}
        assessment_score(
            assessment=assessment,
            actor=manager,
            marks=marks,
            rating=4,
            justification=hostile("justification"),
        )
    for goal in review.goals.all():
        goal_score(goal=goal, actor=manager, rating=3, result_note=hostile("result"), justification="")
    review = review_submit_scores(review=review, actor=manager)
    traveller.move_to(datetime.datetime(2026, 11, 10, 15, 0, tzinfo=datetime.UTC))
    review = review_record_appraisal_talk(
        review=review, actor=manager, talk_date=datetime.date(2026, 11, 10), summary=hostile("summary")
    )
    return Review.objects.get(pk=review.pk)


@pytest.fixture
def signed(poisoned, org):
    review = review_sign(
        review=poisoned, actor=org.employee.user, signature="seen", response=hostile("response")
    )
    return Review.objects.get(pk=review.pk)


def assert_escaped(html: str, where: str) -> None:
    assert "<script>alert" not in html, where
    assert "<img src=x" not in html, where
    assert "<b>vet</b>" not in html, where
    assert "&lt;script&gt;" in html, where  # the text is there, as text


def test_pages_show_typed_html_as_text(signed, org):
    poisoned = signed
    urls = {
        org.employee.user: ["/", f"/reviews/{poisoned.pk}/", f"/reviews/{poisoned.pk}/plan/"],
        org.manager.user: ["/team/", f"/reviews/{poisoned.pk}/"],
        org.director.user: ["/second-review/", f"/reviews/{poisoned.pk}/"],
        org.hr: [f"/reviews/{poisoned.pk}/", f"/reports/cycles/{poisoned.cycle_id}/", "/reports/"],
    }
    for user, pages in urls.items():
        client = speaking(Client(), "en")
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert_escaped(response.content.decode(), f"{user} {url}")


def test_the_objection_and_its_queue_show_the_grounds_as_text(poisoned, org):
    review_object(review=poisoned, actor=org.employee.user, grounds=hostile("grounds"))
    client = Client()
    client.force_login(org.hr)
    for url in ("/objections/", f"/reviews/{poisoned.pk}/"):
        assert_escaped(client.get(url).content.decode(), url)


def test_emails_carry_typed_html_as_text(signed, org):
    mail.outbox.clear()
    for notification in Notification.objects.filter(channel="email", sent_at__isnull=True):
        deliver(notification.pk)
    assert mail.outbox
    for message in mail.outbox:
        for html, _mimetype in getattr(message, "alternatives", []):
            assert "<script>alert" not in html
            assert "<img src=x" not in html
    assert any("&lt;script&gt;" in html for m in mail.outbox for html, _t in getattr(m, "alternatives", []))


def test_the_pdf_prints_typed_html_literally(signed, org):
    poisoned = signed
    client = Client()
    client.force_login(org.employee.user)
    pdf = client.get(f"/reviews/{poisoned.pk}/pdf/").content
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    for field in ("title", "response", "summary", "justification"):
        assert re.search(rf"{field}: <script>alert\(\"x\"\)</script>", text), field
