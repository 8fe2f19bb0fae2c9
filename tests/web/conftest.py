import pytest

from people.services import hr_grant
from tests.factories import OrgUnitFactory, UserFactory


@pytest.fixture
def hr(client):
    """HR for the whole organisation, logged in (the framework import's user)."""
    user = UserFactory(username="hr-centraal")
    hr_grant(user=user, org_units=[OrgUnitFactory(name="Gemeente Proef", kind="organisation")], actor=None)
    client.force_login(user)
    return user
