"""A large cycle is opened by the real worker through Redis; the web process reads its progress meanwhile."""

import time

import pytest
from rest_framework.test import APIClient

from reviewcycle.models import Review
from tests.integration.conftest import draft_cycle

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_opens_a_large_cycle_and_the_progress_is_readable(celery_worker_process, settings):
    settings.CYCLE_OPEN_IN_BACKGROUND_FROM = 10
    made = draft_cycle("Achtergrond", staff=39)  # 41 in scope, the director without a manager
    cycle, boss, hr = made["cycle"], made["boss"], made["hr"]
    client = APIClient()
    client.force_authenticate(hr)
    started = client.post(f"/api/v1/cycles/{cycle.pk}/open/")
    assert started.status_code == 202, started.content
    assert started.json()["total"] == 41

    seen, deadline = [], time.monotonic() + 60
    body = started.json()
    while body["status"] in ("queued", "running") and time.monotonic() < deadline:
        seen.append(body["status"])
        time.sleep(0.2)
        body = client.get(f"/api/v1/cycles/{cycle.pk}/opening/").json()
    assert body["status"] == "done", body
    assert body["report"]["created"] == 40
    assert body["report"]["without_manager"] == [boss.employee_number]
    assert seen[0] == "queued"
    assert Review.objects.filter(cycle=cycle).count() == 40
