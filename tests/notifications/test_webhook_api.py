"""``/api/v1/webhooks/``: someone allowed to manage webhooks registers, changes and follows endpoints."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from notifications.models import WebhookEndpoint
from notifications.webhooks.events import webhook_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def it():
    user = UserFactory(username="ilse-it")
    user.user_permissions.add(Permission.objects.get(codename="change_webhookendpoint"))
    client = APIClient()
    client.force_authenticate(user)
    return client


def register(client, **fields):
    body = {
        "name": "Personeelsdossier",
        "url": "https://dossier.example.org/hooks",
        "events": ["review.finalised"],
    }
    return client.post("/api/v1/webhooks/", {**body, **fields}, format="json")


def test_an_endpoint_is_registered_and_its_secret_shown_once(it):
    response = register(it, events=["review.finalised", "person.provisioned", "review.finalised"])
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["secret"].startswith("whsec_")
    assert created["events"] == ["review.finalised", "person.provisioned"]
    assert created["active"] is True
    listed = it.get("/api/v1/webhooks/").json()
    assert [endpoint["id"] for endpoint in listed] == [created["id"]]
    assert "secret" not in listed[0]
    assert "secret" not in it.get(f"/api/v1/webhooks/{created['id']}/").json()


def test_an_endpoint_is_changed_and_switched_off(it):
    pk = register(it).json()["id"]
    response = it.patch(
        f"/api/v1/webhooks/{pk}/", {"events": ["cycle.closed"], "active": False}, format="json"
    )
    assert response.status_code == 200, response.json()
    endpoint = WebhookEndpoint.objects.get(pk=pk)
    assert (endpoint.events, endpoint.active, endpoint.name) == (["cycle.closed"], False, "Personeelsdossier")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"events": ["review.eaten"]}, "events"),
        ({"url": "ftp://dossier.example.org/"}, "url"),
        ({"name": ""}, "name"),
    ],
)
def test_an_invalid_endpoint_is_a_400_naming_the_field(it, fields, field):
    response = register(it, **fields)
    assert response.status_code == 400
    assert field in response.json()
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log(it):
    pk = register(it, events=["cycle.opened"]).json()["id"]
    webhook_event(event_type="cycle.opened", key="cycle.opened:3", data={"cycle": {"id": 3}})
    response = it.get(f"/api/v1/webhooks/{pk}/deliveries/")
    assert response.status_code == 200
    (delivery,) = response.json()["results"]
    assert (delivery["event_type"], delivery["status"], delivery["attempts"]) == (
        "cycle.opened",
        "pending",
        0,
    )
    assert delivery["event_id"].startswith("msg_")


def test_hr_without_the_right_is_refused_everything(org):
    """403 for the list and registering; 404 for one endpoint."""
    endpoint = WebhookEndpoint.objects.create(name="AFAS", url="https://afas.example.org/", events=[])
    client = APIClient()
    client.force_authenticate(org.hr)
    assert client.get("/api/v1/webhooks/").status_code == 403
    assert register(client).status_code == 403
    # One endpoint: as if it did not exist (nothing about it leaks).
    assert client.get(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 404
    assert (
        client.patch(f"/api/v1/webhooks/{endpoint.pk}/", {"active": False}, format="json").status_code == 404
    )
    assert client.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/").status_code == 404
    assert APIClient().get("/api/v1/webhooks/").status_code == 401
    endpoint.refresh_from_db()
    assert endpoint.active is True
    assert WebhookEndpoint.objects.count() == 1
