from smtplib import SMTPServerDisconnected

import pytest
from rest_framework.test import APIClient

from notifications.models import Notification, NotificationPreference
from notifications.services import MAX_ATTEMPTS, deliver, send_digests
from reviewcycle.services import goal_create, review_record_planning_talk
from tests.language import speaking
from tests.reviewcycle.helpers import PLANNING_TALK

pytestmark = pytest.mark.django_db


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise SMTPServerDisconnected("the mail server went away")


def test_the_inbox_api_lists_counts_and_marks_read(review, org):
    client = APIClient()
    client.force_authenticate(org.manager.user)
    listing = client.get("/api/v1/notifications/")
    assert listing.status_code == 200
    assert listing["X-Unread-Count"] == "1"
    (item,) = listing.json()["results"]
    assert item["kind"] == "cycle_opened"
    assert client.post(f"/api/v1/notifications/{item['id']}/read/").json()["read_at"] is not None
    assert client.get("/api/v1/notifications/?unread=1").json()["count"] == 0
    other = APIClient()
    other.force_authenticate(org.employee.user)
    assert other.post(f"/api/v1/notifications/{item['id']}/read/").status_code == 404


def test_delivery_retries_with_backoff_then_gives_up_and_shows_hr(review, org, settings, traveller):
    settings.EMAIL_BACKEND = "tests.notifications.test_inbox_and_delivery.FailingBackend"
    notification = Notification.objects.filter(channel="email").first()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert deliver(notification.pk) == "failed"
        notification.refresh_from_db()
        assert notification.attempts == attempt
    assert notification.failed_at is not None
    assert "the mail server went away" in notification.last_error
    assert deliver(notification.pk) == "skipped"
    from notifications.selectors import delivery_failures

    assert list(delivery_failures()) == [notification]


def test_digest_users_get_one_email_a_day(review, org, mailoutbox, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=org.manager.user, email_mode="daily_digest")
    goal_create(review=review, actor=org.employee.user, title="Voorstel")
    from notifications.services import enqueue_pending

    assert Notification.objects.filter(recipient=org.manager.user, channel="email", sent_at=None).count() == 1
    enqueue_pending()  # the digest user's e-mail is not queued one by one
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
    assert [m.to for m in mailoutbox] == [[org.manager.user.email]]
    assert mailoutbox[0].subject == "Your daily overview: 1 message"
    assert not Notification.objects.filter(recipient=org.manager.user, channel="email", sent_at=None).exists()


def test_preference_none_means_no_email(review, org):
    client = APIClient()
    client.force_authenticate(org.employee.user)
    assert client.put("/api/v1/notifications/preferences/", {"email_mode": "none"}).json() == {
        "email_mode": "none"
    }
    goal_create(review=review, actor=org.manager.user, title="Doel")
    review_record_planning_talk(review=review, actor=org.manager.user, talk_date=PLANNING_TALK)
    assert Notification.objects.filter(
        recipient=org.employee.user, kind="your_turn", channel="in_app"
    ).exists()
    assert not Notification.objects.filter(
        recipient=org.employee.user, kind="your_turn", channel="email"
    ).exists()


def test_the_inbox_page_shows_the_unread_count_and_marks_read(review, org, client):
    client.force_login(org.manager.user)
    page = speaking(client, "nl").get("/notifications/").content.decode()
    assert "Gesprekscyclus 2026 is open" in page
    assert '<span class="badge" aria-label="1 ongelezen">1</span>' in page  # Dutch by the language switch
    notification = Notification.objects.get(recipient=org.manager.user, channel="in_app")
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 302
    assert 'class="badge"' not in client.get("/notifications/").content.decode().split("</header>")[0]
    assert client.post("/notifications/preferences/", {"email_mode": "daily_digest"}).status_code == 302
    assert NotificationPreference.objects.get(user=org.manager.user).email_mode == "daily_digest"
    client.force_login(org.employee.user)
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
