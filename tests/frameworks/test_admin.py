import pytest

from frameworks.models import Competency, Framework, FrameworkVersion
from frameworks.services import frameworks_load_builtin
from people.services import hr_grant
from tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client):
    frameworks_load_builtin()
    user = UserFactory(is_staff=True, is_superuser=True)
    hr_grant(user=user, org_units=[OrgUnitFactory()], actor=None)
    client.force_login(user)
    return client


def test_published_competency_is_read_only_in_the_admin(hr_client):
    competency = Competency.objects.get(version__framework__slug="kempen-competenties", key="samenwerken")
    url = f"/admin/frameworks/competency/{competency.pk}/change/"
    page = hr_client.get(url)
    assert page.status_code == 200
    assert b'name="name"' not in page.content  # shown, not editable
    response = hr_client.post(
        url, {"name": "Gewijzigd", "key": "samenwerken", "version": competency.version_id}
    )
    assert response.status_code == 403
    competency.refresh_from_db()
    assert competency.name == "Samenwerken"


def test_hr_starts_a_draft_edits_it_and_publishes_it(hr_client):
    framework = Framework.objects.get(slug="kempen-competenties")
    response = hr_client.post(
        "/admin/frameworks/framework/", {"action": "start_new_draft", "_selected_action": [framework.pk]}
    )
    assert response.status_code == 302
    draft = FrameworkVersion.objects.get(framework=framework, status="draft")
    competency = draft.competencies.get(key="samenwerken")
    page = hr_client.get(f"/admin/frameworks/competency/{competency.pk}/change/")
    assert b'name="name"' in page.content
    hr_client.post(
        "/admin/frameworks/frameworkversion/",
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.published_at is not None
