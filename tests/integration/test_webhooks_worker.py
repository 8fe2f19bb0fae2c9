"""Webhooks on a real worker to a real receiver process: signed, retried, once, and never lost."""

import base64
import hashlib
import hmac
import json
import os
import signal
import socket
import sys
import time
import uuid

import pytest

from config.celery_app import app as celery_app
from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.webhooks.delivery import enqueue_pending
from reviewcycle.services import cycle_open
from tests.integration.conftest import (
    REPO_ROOT,
    ManagedProcess,
    draft_cycle,
    free_port,
    start_worker,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)


def verify(*, secret: str, headers: dict, body: str) -> bool:
    """The receiver's check as the Standard Webhooks specification describes it, written here."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body}".encode()
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(candidate.split(",", 1)[1], expected)
        for candidate in headers["webhook-signature"].split()
        if candidate.startswith("v1,")
    )


class Receiver:
    def __init__(self, tmp_path, answers: str):
        self.port, self.log = free_port(), tmp_path / f"received-{uuid.uuid4().hex[:6]}.jsonl"
        self.url = f"http://127.0.0.1:{self.port}/gesprekscyclus"
        script = str(REPO_ROOT / "tests" / "integration" / "webhook_receiver.py")
        self.process = ManagedProcess(
            f"receiver-{self.port}",
            [sys.executable, script, str(self.port), str(self.log), answers],
            {},
            tmp_path,
        ).start()
        wait_until(self.is_up, timeout=10, what="the receiver")

    def is_up(self) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def requests(self) -> list[dict]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]


@pytest.fixture
def receiver(tmp_path):
    celery_app.control.purge()  # tasks earlier tests queued name rows that are gone
    made = []

    def make(answers: str) -> Receiver:
        made.append(Receiver(tmp_path, answers))
        return made[-1]

    yield make
    for each in made:
        each.process.stop()


def open_cycle_for(url: str, name: str):
    """Register the endpoint, then open a cycle: the event is written in the opening's transaction."""
    endpoint = WebhookEndpoint.objects.create(name="Personeelsdossier", url=url, events=["cycle.opened"])
    made = draft_cycle(name, staff=1)
    cycle_open(cycle=made["cycle"], actor=made["hr"])  # commits: delivery is queued on commit
    return endpoint, made["cycle"]


def test_a_receiver_that_fails_twice_gets_the_event_a_third_time_signed_and_then_never_again(
    services_env, receiver, tmp_path
):
    env = {**services_env, "WEBHOOK_RETRY_SECONDS": "0.5"}
    worker = start_worker(env, tmp_path, hostname=f"hooks-{uuid.uuid4().hex[:6]}@localhost")
    server = receiver("500,500")
    try:
        endpoint, cycle = open_cycle_for(server.url, "Webhooks")
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        wait_until(
            lambda: WebhookDelivery.objects.filter(pk=delivery.pk, status="delivered").exists(),
            timeout=60,
            what=lambda: f"delivered\n{worker.log_tail()}",
        )
        enqueue_pending()  # a flush after the success: nothing is due, nothing is sent
        time.sleep(3)
    finally:
        worker.stop()
    requests = server.requests()
    assert [request["answer"] for request in requests] == ["500", "500", "200"]  # exactly one success
    assert {request["headers"]["webhook-id"] for request in requests} == {delivery.event_id}
    for request in requests:
        assert verify(secret=endpoint.secret, headers=request["headers"], body=request["body"])
        assert request["headers"]["content-type"] == "application/json"
    body = json.loads(requests[-1]["body"])
    assert body["type"] == "cycle.opened"
    assert body["data"]["cycle"]["id"] == cycle.pk
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code, delivery.next_attempt_at) == (3, 200, None)


def test_nothing_is_lost_when_the_worker_is_killed_mid_delivery(services_env, receiver, tmp_path):
    env = {**services_env, "CELERY_VISIBILITY_TIMEOUT": "3", "WEBHOOK_TIMEOUT_SECONDS": "120"}
    server = receiver("hold")
    doomed = start_worker(env, tmp_path, hostname=f"doomed-{uuid.uuid4().hex[:6]}@localhost", pool="solo")
    try:
        endpoint, _cycle = open_cycle_for(server.url, "Onderbroken")
        wait_until(server.requests, timeout=60, what=lambda: f"the held request\n{doomed.log_tail()}")
        os.kill(doomed.process.pid, signal.SIGKILL)  # while the receiver holds the request
        doomed.process.wait(10)
    finally:
        doomed.stop()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    wait_until(  # the killed worker's transaction is rolled back: the row is pending, the attempt not counted
        lambda: WebhookDelivery.objects.filter(pk=delivery.pk, status="pending", attempts=0).exists(),
        timeout=10,
        what="the row unlocked and pending",
    )
    worker = start_worker(env, tmp_path, hostname=f"after-{uuid.uuid4().hex[:6]}@localhost")
    try:
        enqueue_pending()  # what the flush does every minute
        wait_until(
            lambda: WebhookDelivery.objects.filter(pk=delivery.pk, status="delivered").exists(),
            timeout=60,
            what=lambda: f"delivered after the restart\n{worker.log_tail()}",
        )
        time.sleep(5)  # the killed worker's message comes back too: it must not post again
    finally:
        worker.stop()
    requests = server.requests()
    assert [request["answer"] for request in requests] == ["hold", "200"]
    assert {request["headers"]["webhook-id"] for request in requests} == {delivery.event_id}
    assert all(verify(secret=endpoint.secret, headers=r["headers"], body=r["body"]) for r in requests)
    delivery.refresh_from_db()
    assert delivery.attempts == 1
