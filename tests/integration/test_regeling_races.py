"""Double submits on HR's regeling pages and on a talk form, on PostgreSQL (helper 7, issue 20): each
post a real request in its own thread and connection; none may be a 500."""

import threading

import pytest
from django.db import connections
from django.test import Client
from rest_framework.test import APIClient

from reviewcycle.models import CycleTemplate, CycleTemplateVersion, TalkAnswer
from reviewcycle.shapes.services import cycle_templates_load_builtin
from tests.reviewcycle.talk_forms.helpers import question

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ATTEMPTS = 8


def _at_once(send) -> list[int]:
    barrier = threading.Barrier(ATTEMPTS)
    statuses = []

    def run():
        try:
            barrier.wait(timeout=30)
            statuses.append(send())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return statuses


def _hr_post(user, path, data):
    def send():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        return client.post(path, data).status_code

    return send


def test_a_double_submitted_new_regeling_is_one_regeling_and_no_500(postgresql, org):
    statuses = _at_once(_hr_post(org.hr, "/regelingen/new/", {"name": "Eigen regeling"}))
    assert 500 not in statuses, statuses
    assert CycleTemplate.objects.filter(slug="eigen-regeling").count() == 1


def test_a_double_submitted_new_draft_is_one_draft_and_no_500(postgresql, org):
    cycle_templates_load_builtin()
    version = CycleTemplateVersion.objects.get(template__slug="gemeentelijk", status="published")
    statuses = _at_once(_hr_post(org.hr, f"/regelingen/versions/{version.pk}/draft/", {}))
    assert 500 not in statuses, statuses
    assert CycleTemplateVersion.objects.filter(template__slug="gemeentelijk", status="draft").count() == 1


def test_a_double_submitted_first_answer_is_one_answer_and_no_500(postgresql, review, org):
    target = question(review, "planning", "employee")

    def send():
        client = APIClient(raise_request_exception=False)
        client.force_authenticate(org.employee.user)
        return client.put(
            f"/api/v1/reviews/{review.pk}/talk-form/",
            {"answers": [{"question": target.pk, "value": "Ik wil groeien"}]},
            format="json",
        ).status_code

    statuses = _at_once(send)
    assert 500 not in statuses, statuses
    assert TalkAnswer.objects.filter(review=review, question=target).count() == 1
