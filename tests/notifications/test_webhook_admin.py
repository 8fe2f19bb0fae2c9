"""HR or IT registers a webhook endpoint in the admin and reads its delivery log there (read-only)."""

import pytest
from django.core.exceptions import ValidationError

from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.webhooks.events import webhook_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_an_endpoint_is_registered_with_its_events_and_gets_a_secret(admin_client):
    page = admin_client.get("/admin/notifications/webhookendpoint/add/")
    assert page.status_code == 200
    assert b'value="review.finalised"' in page.content  # the events are checkboxes
    response = admin_client.post(
        "/admin/notifications/webhookendpoint/add/",
        {
            "name": "Personeelsdossier",
            "url": "https://dossier.example.org/hooks",
            "events": ["review.finalised", "person.provisioned"],
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["review.finalised", "person.provisioned"]
    assert endpoint.secret.startswith("whsec_")
    page = admin_client.get(f"/admin/notifications/webhookendpoint/{endpoint.pk}/change/")
    assert endpoint.secret.encode() in page.content  # shown to copy into the receiver
    assert b'name="secret"' not in page.content  # never typed in


def test_an_endpoint_with_an_unknown_event_is_refused():
    endpoint = WebhookEndpoint(name="X", url="https://x.example.org/", events=["review.eaten"])
    with pytest.raises(ValidationError, match="Unknown choice"):
        endpoint.full_clean()


def test_the_delivery_log_is_read_only_and_filtered_by_endpoint(admin_client):
    endpoint = WebhookEndpoint.objects.create(
        name="AFAS", url="https://afas.example.org/", events=["cycle.opened"]
    )
    webhook_event(event_type="cycle.opened", key="cycle.opened:7", data={"cycle": {"id": 7}})
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=2, last_status_code=500, last_response="Interne fout bij de ontvanger"
    )
    endpoint_page = admin_client.get(f"/admin/notifications/webhookendpoint/{endpoint.pk}/change/")
    log_link = f"/admin/notifications/webhookdelivery/?endpoint__id__exact={endpoint.pk}"
    assert log_link.encode() in endpoint_page.content.replace(b"&amp;", b"&")
    log = admin_client.get(log_link)
    assert log.status_code == 200
    assert delivery.event_type.encode() in log.content
    detail = admin_client.get(f"/admin/notifications/webhookdelivery/{delivery.pk}/change/")
    assert b"Interne fout bij de ontvanger" in detail.content
    assert b'name="status"' not in detail.content
    assert admin_client.get("/admin/notifications/webhookdelivery/add/").status_code == 403
    assert admin_client.post(f"/admin/notifications/webhookdelivery/{delivery.pk}/delete/").status_code == 403
