"""HR changes, deletes and copies cycles: only drafts change or go; a copy is next year's draft."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django_fsm import TransitionNotAllowed
from rest_framework.test import APIClient

from frameworks.models import Framework
from frameworks.selectors import current_version
from frameworks.services import framework_version_new_draft, framework_version_publish
from reviewcycle.models import CycleEvent, ReviewCycle
from reviewcycle.selectors import cycles_visible_to
from reviewcycle.services import cycle_copy, cycle_delete, cycle_update
from tests.language import speaking

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cycle, org):
    return cycle_copy(cycle=cycle, actor=org.hr)


def test_a_copy_is_next_years_draft_with_the_same_settings(cycle, org):
    cycle.reminder_offsets = [10, 2]
    cycle.auto_start_appraisal = True
    cycle.save()
    copy = cycle_copy(cycle=cycle, actor=org.hr)
    assert copy.state == "draft"
    assert copy.name == "Gesprekscyclus 2027"
    assert (copy.period_start, copy.period_end) == (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))
    assert copy.planning_due == datetime.date(2027, 3, 1)
    assert copy.appraisal_due == datetime.date(2027, 12, 1)
    assert list(copy.scope.all()) == [org.root]
    assert (copy.reminder_offsets, copy.auto_start_appraisal) == ([10, 2], True)
    assert (copy.framework_version, copy.rating_scale) == (cycle.framework_version, cycle.rating_scale)
    assert copy.events.get(action=CycleEvent.Kind.CREATED).payload["copied_from"] == cycle.pk


def test_a_copy_takes_the_newest_published_version_of_the_framework(cycle, org):
    framework = Framework.objects.get(slug="kempen-competenties")
    newer = framework_version_new_draft(framework=framework)
    framework_version_publish(version=newer, actor=org.hr)
    assert current_version(framework=framework) == newer
    assert cycle_copy(cycle=cycle, actor=org.hr).framework_version == newer


def test_only_a_draft_is_changed_or_deleted(cycle, draft, org):
    cycle_update(cycle=draft, actor=org.hr, name="Cyclus 2027", goal_weight=60, competency_weight=40)
    draft.refresh_from_db()
    assert (draft.name, draft.goal_weight) == ("Cyclus 2027", 60)
    changed = draft.events.get(action=CycleEvent.Kind.CHANGED).payload["changed"]
    assert changed == ["competency_weight", "goal_weight", "name"]
    with pytest.raises(TransitionNotAllowed):
        cycle_update(cycle=cycle, actor=org.hr, name="Anders")
    with pytest.raises(TransitionNotAllowed):
        cycle_delete(cycle=cycle, actor=org.hr)
    with pytest.raises(PermissionDenied):
        cycle_delete(cycle=draft, actor=org.hr_elsewhere)
    cycle_delete(cycle=draft, actor=org.hr)
    assert ReviewCycle.objects.get(pk=draft.pk).state == "deleted"
    assert draft not in cycles_visible_to(user=org.hr)
    assert draft.events.filter(action=CycleEvent.Kind.DELETED).exists()


def test_hr_copies_changes_and_deletes_on_the_pages(cycle, org):
    client = speaking(Client(), "en")  # pages follow the switch (or the person), not the browser
    client.force_login(org.hr)
    new = client.get("/cycles/new/").content.decode()
    assert f'action="/cycles/{cycle.pk}/copy/"' in new  # last year's cycle, offered on the new-cycle page
    copied = client.post(f"/cycles/{cycle.pk}/copy/")
    copy = ReviewCycle.objects.get(name="Gesprekscyclus 2027")
    assert copied["Location"] == f"/cycles/{copy.pk}/edit/"
    form = client.get(copied["Location"])
    assert 'value="Gesprekscyclus 2027"' in form.content.decode()
    assert client.get(f"/cycles/{cycle.pk}/edit/").status_code == 302  # open: not changed
    confirm = client.get(f"/cycles/{copy.pk}/delete/")
    assert "Delete the draft cycle" in confirm.content.decode()
    assert ReviewCycle.objects.get(pk=copy.pk).state == "draft"  # a GET deletes nothing
    deleted = client.post(f"/cycles/{copy.pk}/delete/")
    assert deleted["Location"] == "/reports/"
    assert ReviewCycle.objects.get(pk=copy.pk).state == "deleted"
    assert client.get(f"/reports/cycles/{copy.pk}/").status_code == 404


def test_the_api_copies_changes_and_deletes_drafts(cycle, org):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(org.hr)
    copied = api.post(f"/api/v1/cycles/{cycle.pk}/copy/")
    assert copied.status_code == 201
    copy_id = copied.json()["id"]
    assert copied.json()["period_start"] == "2027-01-01"
    changed = api.patch(f"/api/v1/cycles/{copy_id}/", {"name": "Cyclus 2027"}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["name"] == "Cyclus 2027"
    refused = api.patch(f"/api/v1/cycles/{cycle.pk}/", {"name": "Anders"}, format="json")
    assert refused.status_code == 409
    assert api.delete(f"/api/v1/cycles/{cycle.pk}/").status_code == 409
    assert api.delete(f"/api/v1/cycles/{copy_id}/").status_code == 204
    assert api.get(f"/api/v1/cycles/{copy_id}/").status_code == 404
