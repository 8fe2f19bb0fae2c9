"""A large cycle opens in the background: HR follows its progress; a failure changes nothing and can be retried."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from reviewcycle.models import CycleOpening, Review, ReviewCycle
from reviewcycle.services import cycle_create, cycle_open
from reviewcycle.services import opening as cycle_services
from reviewcycle.tasks import open_cycle_task
from tests.language import speaking
from tests.reviewcycle.fixtures import cycle_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(org):
    return cycle_create(
        actor=org.hr,
        scope=[org.root],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        **cycle_fields(),
    )


@pytest.fixture
def large(settings):
    """Every cycle counts as large: the six employees of the test organisation open in the background."""
    settings.CYCLE_OPEN_IN_BACKGROUND_FROM = 1


@pytest.fixture
def hr_client(org):
    client = speaking(Client(), "en")
    client.force_login(org.hr)
    return client


def test_opening_reports_progress_after_every_batch(draft, org, monkeypatch):
    monkeypatch.setattr(cycle_services, "BATCH_SIZE", 2)
    seen = []
    cycle_open(cycle=draft, actor=org.hr, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert Review.objects.filter(cycle=draft).count() == 5


def run_opening(cycle) -> dict:
    """What the worker does with the message: open the latest attempt."""
    return open_cycle_task(CycleOpening.objects.filter(cycle=cycle).latest("created_at", "id").pk)


def test_a_large_cycle_opens_in_the_background_with_its_progress_on_the_dashboard(
    draft, org, large, hr_client
):
    queued = hr_client.post(f"/cycles/{draft.pk}/open/", follow=True).content.decode()
    assert "The cycle is being opened" in queued
    assert 'id="open-progress"' in queued
    assert "0 of 6 reviews created" in queued  # six in scope, one of whom (the director) has no manager
    assert not Review.objects.filter(cycle=draft).exists()
    assert hr_client.get(f"/cycles/{draft.pk}/opening/").json() == {"status": "queued", "done": 0, "total": 6}

    # Asking again while it is under way queues nothing new, and says so.
    again = hr_client.post(f"/cycles/{draft.pk}/open/", follow=True).content.decode()
    assert "This cycle is being opened already (0 of 6 reviews created)" in again
    assert CycleOpening.objects.filter(cycle=draft).count() == 1
    assert hr_client.get(f"/cycles/{draft.pk}/opening/").json()["status"] == "queued"

    assert run_opening(draft) == {"status": "done", "created": 5}
    progress = hr_client.get(f"/cycles/{draft.pk}/opening/").json()
    assert progress["status"] == "done"
    assert progress["report"]["created"] == 5
    dashboard = hr_client.get(f"/reports/cycles/{draft.pk}/").content.decode()
    assert 'id="open-progress"' not in dashboard
    assert "No review for 1 employee without a manager" in dashboard
    assert ReviewCycle.objects.get(pk=draft.pk).state == "open"

    # A redelivered message finds the attempt done and changes nothing.
    assert run_opening(draft) == {"status": "skipped", "created": None}
    assert Review.objects.filter(cycle=draft).count() == 5


def test_a_failed_opening_changes_nothing_is_shown_and_can_be_tried_again(
    draft, org, large, hr_client, monkeypatch
):
    hr_client.post(f"/cycles/{draft.pk}/open/")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(cycle_services._ReviewWriter, "write", broken)
        with pytest.raises(RuntimeError):
            run_opening(draft)
    failed = hr_client.get(f"/cycles/{draft.pk}/opening/").json()
    assert failed["status"] == "failed"
    assert "onverwachte fout" in failed["error"]  # stored in the organisation's language
    assert "disk full" not in failed["error"]  # no raw exception text for HR
    assert ReviewCycle.objects.get(pk=draft.pk).state == "draft"
    assert not Review.objects.filter(cycle=draft).exists()
    dashboard = hr_client.get(f"/reports/cycles/{draft.pk}/").content.decode()
    assert "Opening failed and nothing was changed: De verwerking is gestopt" in dashboard
    assert "Open the cycle" in dashboard

    hr_client.post(f"/cycles/{draft.pk}/open/")
    assert hr_client.get(f"/cycles/{draft.pk}/opening/").json()["status"] == "queued"
    run_opening(draft)
    assert Review.objects.filter(cycle=draft).count() == 5


def test_the_api_answers_202_for_a_large_cycle_and_the_report_for_a_small_one(draft, org, settings):
    api = APIClient()
    api.force_authenticate(org.hr)
    settings.CYCLE_OPEN_IN_BACKGROUND_FROM = 1
    queued = api.post(f"/api/v1/cycles/{draft.pk}/open/")
    assert (queued.status_code, queued.json()) == (202, {"status": "queued", "done": 0, "total": 6})
    again = api.post(f"/api/v1/cycles/{draft.pk}/open/")
    assert (again.status_code, again.json()["code"]) == (409, "not_possible_now")
    run_opening(draft)
    assert api.get(f"/api/v1/cycles/{draft.pk}/opening/").json()["report"]["created"] == 5

    settings.CYCLE_OPEN_IN_BACKGROUND_FROM = 1000
    small = cycle_create(
        actor=org.hr,
        scope=[org.team],
        framework_version=draft.framework_version,
        rating_scale=draft.rating_scale,
        **cycle_fields(2027, name="Klein"),  # 2026 is covered by the draft opened above
    )
    opened = api.post(f"/api/v1/cycles/{small.pk}/open/")
    assert (opened.status_code, opened.json()["created"]) == (200, 3)


def test_only_hr_of_the_cycle_follows_its_opening(draft, org):
    for user, status in ((org.manager.user, 404), (org.hr_elsewhere, 404)):
        client = Client()
        client.force_login(user)
        assert client.get(f"/cycles/{draft.pk}/opening/").status_code == status
        api = APIClient()
        api.force_authenticate(user)
        assert api.get(f"/api/v1/cycles/{draft.pk}/opening/").status_code == status


def test_employees_who_got_a_manager_are_added_from_the_dashboard(cycle, org, hr_client):
    assert not Review.objects.filter(cycle=cycle, employee=org.director).exists()
    from tests.factories import EmployeeFactory

    boss = EmployeeFactory(name="Bea Burgemeester", org_unit=org.root)
    org.director.manager = boss
    org.director.save()
    added = hr_client.post(f"/cycles/{cycle.pk}/add-missing/", follow=True).content.decode()
    assert "1 review added." in added
    assert Review.objects.get(cycle=cycle, employee=org.director).manager == boss


def test_progress_read_while_the_worker_commits_says_done_not_idle(draft, org, large):
    """The page read the cycle (a draft) just before the worker committed, and the attempt (done) just
    after: that is an opened cycle, never "idle" (seen in CI as a flaky wait)."""
    assert cycle_services.cycle_open_start(cycle=draft, actor=org.hr)["status"] == "queued"
    read_before_the_commit = ReviewCycle.objects.get(pk=draft.pk)
    assert run_opening(draft)["status"] == "done"
    assert read_before_the_commit.state == ReviewCycle.State.DRAFT
    progress = cycle_services.cycle_open_progress(cycle=read_before_the_commit)
    assert progress["status"] == "done"
    assert progress["report"]["created"] == 5
