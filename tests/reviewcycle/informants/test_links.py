"""The external informant's personal link: mailed through the outbox, its token never stored, single use,
refused when used, expired, withdrawn or guessed, and throttled after too many refusals."""

import datetime
import hashlib
import re

import pytest
from django.core.cache import cache

from notifications.models import Notification
from notifications.services import deliver
from reviewcycle.informants import tokens
from reviewcycle.informants.services import informant_withdraw
from reviewcycle.models import InformantRequest
from tests.reviewcycle.informants.helpers import api, ask, marks_for

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/informant/link/([A-Za-z0-9_-]+)/")


@pytest.fixture(autouse=True)
def no_refusals_counted():
    cache.delete_many([tokens._failures_key("127.0.0.1"), tokens._failures_key(None)])
    yield
    cache.delete_many([tokens._failures_key("127.0.0.1"), tokens._failures_key(None)])


def mailed_token(request, mailoutbox) -> str:
    """Deliver the request's outbox row; the token in the mail that went out."""
    row = Notification.objects.get(informant_request=request, sent_at__isnull=True)
    assert deliver(row.pk) == "sent"
    return LINK.search(mailoutbox[-1].body).group(1)


@pytest.fixture
def external(in_progress, org):
    return ask(in_progress, org, "external", email="karin@klant.example", name="Karin Klant")


def answer_by_link(token: str, request: InformantRequest):
    return api().post(
        f"/api/v1/informant-link/{token}/", {"marks": marks_for(request, "fully")}, format="json"
    )


def test_the_mailed_link_works_once_and_its_token_is_never_stored(external, mailoutbox):
    row = Notification.objects.get(informant_request=external)
    assert row.recipient is None
    assert row.address == "karin@klant.example"
    token = mailed_token(external, mailoutbox)
    assert mailoutbox[-1].to == ["karin@klant.example"]
    stored = InformantRequest.objects.get(pk=external.pk)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not Notification.objects.filter(body__contains=token).exists()
    assert not Notification.objects.filter(link__contains=token).exists()
    form = api().get(f"/api/v1/informant-link/{token}/")
    assert form.status_code == 200
    assert form.json()["employee"] == "Eva Employee"
    assert answer_by_link(token, external).status_code == 201
    assert InformantRequest.objects.get(pk=external.pk).status == "answered"
    used = answer_by_link(token, external)
    assert used.status_code == 409
    assert "al gebruikt" in used.json()["detail"]  # the API speaks Dutch unless asked otherwise


def test_an_expired_link_is_refused(external, mailoutbox, traveller):
    token = mailed_token(external, mailoutbox)
    traveller.move_to(datetime.datetime(2026, 2, 2, 9, 0, tzinfo=datetime.UTC))
    refused = answer_by_link(token, external)
    assert refused.status_code == 409
    assert "verlopen" in refused.json()["detail"]


def test_a_withdrawn_link_is_refused_and_a_mail_not_sent_yet_is_not_sent(external, org, mailoutbox):
    informant_withdraw(request=external, actor=org.manager.user)
    row = Notification.objects.get(informant_request=external)
    assert deliver(row.pk) == "failed"
    assert mailoutbox == []
    assert "withdrawn" in Notification.objects.get(pk=row.pk).last_error


def test_a_withdrawn_link_after_it_was_mailed_is_refused(external, org, mailoutbox):
    token = mailed_token(external, mailoutbox)
    informant_withdraw(request=external, actor=org.manager.user)
    refused = answer_by_link(token, external)
    assert refused.status_code == 409
    assert "ingetrokken" in refused.json()["detail"]


def test_a_guessed_token_is_refused_and_the_guesser_throttled(external, mailoutbox):
    token = mailed_token(external, mailoutbox)
    for attempt in range(tokens.TOKEN_FAILURES):
        assert api().get(f"/api/v1/informant-link/guess{attempt}/").status_code == 404
    throttled = api().get(f"/api/v1/informant-link/{token}/")  # even the right one, for a while
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0


def test_a_reminder_makes_a_new_link_and_the_old_one_stops_working(external, mailoutbox, traveller):
    from notifications.informants import informant_reminders

    first = mailed_token(external, mailoutbox)
    assert informant_reminders(today=datetime.date(2026, 1, 30)) == 1
    assert informant_reminders(today=datetime.date(2026, 1, 30)) == 0  # once
    second = mailed_token(external, mailoutbox)
    assert first != second
    assert api().get(f"/api/v1/informant-link/{first}/").status_code == 404
    assert api().get(f"/api/v1/informant-link/{second}/").status_code == 200


def test_a_user_informant_is_asked_in_the_inbox_with_a_link_to_the_request(
    in_progress, org, people, mailoutbox
):
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    inbox = Notification.objects.get(recipient=request.informant, channel="in_app")
    assert inbox.link.endswith(f"/informant/{request.pk}/")
    assert inbox.kind == "informant"
    assert not Notification.objects.filter(
        recipient__in=[org.manager.user, org.employee.user], kind="informant"
    )


def test_the_outbox_flush_queues_an_externals_mail_though_it_has_no_recipient(external, org):
    from django.utils import timezone

    from notifications.models import NotificationPreference
    from notifications.services import enqueue_pending

    NotificationPreference.objects.create(user=org.manager.user, email_mode="daily_digest")
    Notification.objects.exclude(informant_request=external).update(sent_at=timezone.now())
    assert enqueue_pending() == 1
