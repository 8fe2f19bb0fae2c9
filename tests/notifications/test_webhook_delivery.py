"""Webhook delivery: signed as Standard Webhooks, retried with back-off, never redirected elsewhere.

The receiver is a real HTTP server on 127.0.0.1 (a thread of this process); the signature is checked
with an implementation of the specification written here, independent of the one that signs.
"""

import base64
import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.webhooks import signing
from notifications.webhooks.delivery import deliver, enqueue_pending, retry_delay
from notifications.webhooks.events import webhook_event

pytestmark = pytest.mark.django_db


def verify(*, secret: str, headers, body: bytes) -> bool:
    """The receiver's check, as the specification describes it (not the library that signs)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(candidate.split(",", 1)[1], expected)
        for candidate in headers["webhook-signature"].split()
        if candidate.startswith("v1,")
    )


def test_the_signature_matches_the_specification_test_vector():
    # The example of the Standard Webhooks reference libraries' tests.
    value = signing.signature(
        secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        event_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=1614265330,
        body='{"test": 2432232314}',
    )
    assert value == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


class Receiver:
    """An HTTP server that answers with the statuses in ``answers`` (then 200) and keeps every request."""

    def __init__(self, answers=(), location=""):
        self.requests, self.answers = [], list(answers)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.end_headers()
                self.wfile.write(b"ontvangen" if status < 300 else b"storing " * 200)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks?bron=gc"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(*args, **kwargs):
        made.append(Receiver(*args, **kwargs))
        return made[-1]

    yield make
    for server in made:
        server.close()


def queued(url, **fields):
    endpoint = WebhookEndpoint.objects.create(name="Dossier", url=url, events=["cycle.opened"], **fields)
    webhook_event(event_type="cycle.opened", key="cycle.opened:1", data={"cycle": {"id": 1}})
    return WebhookDelivery.objects.get(endpoint=endpoint)


def test_a_delivery_is_posted_signed_and_marked_delivered(receiver):
    server = receiver()
    delivery = queued(server.url)
    assert deliver(delivery.pk) == "delivered"
    (request,) = server.requests
    assert request["path"] == "/hooks?bron=gc"
    headers = {name.lower(): value for name, value in request["headers"].items()}
    assert headers["content-type"] == "application/json"
    assert headers["webhook-id"] == delivery.event_id
    assert abs(int(headers["webhook-timestamp"]) - timezone.now().timestamp()) < 60
    assert request["body"] == delivery.body.encode()
    assert verify(secret=delivery.endpoint.secret, headers=headers, body=request["body"])
    assert not verify(secret=WebhookEndpoint(name="x").secret, headers=headers, body=request["body"])
    assert json.loads(request["body"])["type"] == "cycle.opened"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    assert delivery.last_response == "ontvangen"
    assert delivery.delivered_at is not None
    assert deliver(delivery.pk) == "skipped"  # delivered: never again
    assert len(server.requests) == 1


def test_a_failing_receiver_is_retried_with_back_off_then_given_up(receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    server = receiver(answers=[500, 500, 503])
    delivery = queued(server.url)
    assert deliver(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.attempts == 1
    assert delivery.last_status_code == 500
    assert len(delivery.last_response) == 500  # an excerpt
    assert delivery.next_attempt_at - delivery.last_attempt_at == pytest.approx(
        timedelta(minutes=1), abs=timedelta(seconds=5)
    )
    assert deliver(delivery.pk) == "skipped"  # not due yet
    assert enqueue_pending() == 0
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert deliver(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.next_attempt_at - delivery.last_attempt_at == pytest.approx(
        timedelta(minutes=2), abs=timedelta(seconds=5)
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert deliver(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 3, None)
    assert len(server.requests) == 3
    # The same webhook-id and body every time, so the receiver can tell it is one event.
    assert len({request["headers"]["webhook-id"] for request in server.requests}) == 1
    assert len({request["body"] for request in server.requests}) == 1


def test_the_back_off_doubles_up_to_its_cap(settings):
    settings.WEBHOOK_RETRY_SECONDS, settings.WEBHOOK_RETRY_MAX_SECONDS = 60, 600
    assert [retry_delay(n).total_seconds() for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


def test_a_redirect_is_never_followed(receiver):
    elsewhere = receiver()
    server = receiver(answers=[307], location=elsewhere.url)
    delivery = queued(server.url)
    assert deliver(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.last_status_code == 307
    assert elsewhere.requests == []


def test_a_receiver_that_is_not_there_is_an_error_on_the_row(settings):
    from tests.integration.conftest import free_port

    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    delivery = queued(f"http://127.0.0.1:{free_port()}/")
    assert deliver(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.last_status_code is None
    assert "ConnectionRefusedError" in delivery.last_error


def test_a_switched_off_endpoint_gets_nothing_and_its_deliveries_wait(receiver):
    server = receiver()
    delivery = queued(server.url)
    WebhookEndpoint.objects.update(active=False)
    assert enqueue_pending() == 0
    assert deliver(delivery.pk) == "skipped"
    assert server.requests == []
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.attempts == 0


def test_a_retry_within_a_minute_is_queued_a_later_one_is_left_to_the_flush(
    receiver, settings, django_capture_on_commit_callbacks
):
    server = receiver(answers=[500, 500])
    delivery = queued(server.url)
    settings.WEBHOOK_RETRY_SECONDS = 30
    with django_capture_on_commit_callbacks() as soon:
        assert deliver(delivery.pk) == "retry"
    assert len(soon) == 1  # queued with a countdown of 30 seconds
    settings.WEBHOOK_RETRY_SECONDS = 90
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks() as later:
        assert deliver(delivery.pk) == "retry"
    assert later == []  # 3 minutes: the flush (every minute) queues it when it is due
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert enqueue_pending() == 1
