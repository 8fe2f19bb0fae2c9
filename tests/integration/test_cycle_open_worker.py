"""A large cycle is opened by the real worker through Redis; the web process reads its progress meanwhile."""

import datetime
import time

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from frameworks.services import frameworks_load_builtin
from people.services import hr_grant
from reviewcycle.models import Review
from reviewcycle.services import cycle_create
from tests.factories import EmployeeFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_opens_a_large_cycle_and_the_progress_is_readable(celery_worker_process, settings):
    settings.CYCLE_OPEN_IN_BACKGROUND_FROM = 10
    frameworks_load_builtin()
    version = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    cell = version.role_types.get(family="Dienstverlener", grade="B")
    root = OrgUnitFactory(name="Gemeente Achtergrond", kind="organisation")
    boss = EmployeeFactory(org_unit=root, role_type=cell)
    for _ in range(40):
        EmployeeFactory(org_unit=root, manager=boss, role_type=cell)
    hr = UserFactory(username="hr-achtergrond")
    hr_grant(user=hr, org_units=[root])
    today = timezone.localdate()
    cycle = cycle_create(
        actor=hr,
        scope=[root],
        framework_version=version,
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        name="Achtergrond",
        period_start=today,
        period_end=today + datetime.timedelta(days=360),
        **{
            due: today + datetime.timedelta(days=30 * (n + 1))
            for n, due in enumerate(
                ("planning_due", "progress_due", "self_assessment_due", "scoring_due", "appraisal_due")
            )
        },
    )
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
