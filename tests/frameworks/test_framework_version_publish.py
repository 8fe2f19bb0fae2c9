"""Publishing a framework version is an audited service: one event row with the actor."""

import pytest
from django.core.management import call_command
from django.utils import translation

from frameworks.models import FrameworkEvent, FrameworkVersion
from frameworks.services import (
    framework_version_new_draft,
    framework_version_publish,
    frameworks_load_builtin,
)
from people.services import hr_grant
from tests.factories import OrgUnitFactory, UserFactory
from tests.language import speaking

pytestmark = pytest.mark.django_db


def test_publishing_records_who_published_which_version():
    frameworks_load_builtin()
    published = FrameworkVersion.objects.filter(status="published").first()
    draft = framework_version_new_draft(framework=published.framework)
    hr = UserFactory(username="hans-hr")
    framework_version_publish(version=draft, actor=hr)
    event = FrameworkEvent.objects.get(version=draft)
    assert (event.kind, event.actor) == (FrameworkEvent.Kind.VERSION_PUBLISHED, hr)
    assert event.payload == {"framework": published.framework.slug, "number": 2}
    with translation.override("nl"):
        assert event.label == "Versie gepubliceerd"


def test_loading_the_builtin_frameworks_is_audited_as_the_system():
    loaded = frameworks_load_builtin()
    events = FrameworkEvent.objects.filter(kind=FrameworkEvent.Kind.VERSION_PUBLISHED)
    assert {event.version for event in events} == set(loaded)
    assert {event.actor for event in events} == {None}


def test_the_admin_publishes_as_the_signed_in_user(client):
    frameworks_load_builtin()
    user = UserFactory(is_staff=True, is_superuser=True)
    hr_grant(user=user, org_units=[OrgUnitFactory()], actor=None)
    client.force_login(user)
    draft = framework_version_new_draft(framework=FrameworkVersion.objects.first().framework)
    client.post("/admin/frameworks/frameworkversion/", {"action": "publish", "_selected_action": [draft.pk]})
    assert FrameworkEvent.objects.get(version=draft).actor == user
    page = speaking(client, "en").get(f"/admin/frameworks/frameworkversion/{draft.pk}/change/")
    assert b"Version published" in page.content  # the version's audit trail, read-only


def test_the_audit_rows_cannot_be_changed():
    from django.core.exceptions import PermissionDenied

    frameworks_load_builtin()
    event = FrameworkEvent.objects.first()
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        FrameworkEvent.objects.all().delete()


def test_unknown_kinds_are_refused():
    frameworks_load_builtin()
    with pytest.raises(ValueError, match="not a kind"):
        FrameworkEvent.record(version=FrameworkVersion.objects.first(), actor=None, kind="forged")


def test_the_command_publishes_as_the_system(tmp_path):
    call_command("framework", "load-builtin")
    assert FrameworkEvent.objects.exists()
    assert not FrameworkEvent.objects.exclude(actor=None).exists()
