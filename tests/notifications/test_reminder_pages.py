"""The buttons that send reminders now: the manager's team page, HR's dashboard, a chosen set."""

import datetime

import pytest
from django.test import Client

from notifications.models import Notification
from reviewcycle.models import Review, ReviewEvent
from tests.language import speaking
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def browser(user):
    client = speaking(Client(), "en")  # pages follow the switch (or the person), not the browser
    client.force_login(user)
    return client


def reminded(user):
    return list(
        Notification.objects.filter(recipient=user, channel="in_app", kind__in=["reminder", "overdue"])
        .order_by("id")
        .values_list("review_id", flat=True)
    )


def test_the_manager_reminds_the_team_from_the_team_page(review, org, traveller):
    review = advance(review, org, "plan_signoff", traveller)
    manager = browser(org.manager.user)
    page = manager.get("/team/").content.decode()
    assert 'id="send-reminders"' in page
    response = manager.post(
        "/notifications/reminders/", {"scope": "team", "which": "open", "next": "/team/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/team/"
    assert "1 reminder sent." in response.content.decode()
    assert reminded(org.employee.user) == [review.pk]
    # Overdue only: nothing is overdue yet.
    response = manager.post("/notifications/reminders/", {"scope": "team", "which": "overdue"}, follow=True)
    assert "No reminder sent" in response.content.decode()


def test_hr_reminds_everyone_overdue_from_the_dashboard(review, org, traveller):
    traveller.move_to(datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC))
    hr = browser(org.hr)
    url = f"/reports/cycles/{review.cycle_id}/"
    page = hr.get(url).content.decode()
    assert 'id="send-reminders"' in page
    response = hr.post(
        "/notifications/reminders/",
        {"scope": "cycle", "cycle": review.cycle_id, "which": "overdue", "next": url},
        follow=True,
    )
    overdue = Review.objects.filter(cycle=review.cycle, state="planning")
    assert f"{overdue.count()} reminders sent." in response.content.decode()
    assert sorted(reminded(org.manager.user)) == sorted(
        overdue.filter(manager=org.manager).values_list("pk", flat=True)
    )
    assert ReviewEvent.objects.filter(transition="send_reminder", actor=org.hr).count() == overdue.count()


def test_a_chosen_set_and_nothing_beyond_what_the_user_follows(review, org, traveller):
    otto = Review.objects.get(cycle=review.cycle, employee=org.other_employee)
    # Max chooses Eva's review and Otto's (not his report): only Eva's is his to remind on.
    response = browser(org.manager.user).post(
        "/notifications/reminders/", {"scope": "selected", "review": [review.pk, otto.pk], "which": "open"}
    )
    assert response.status_code == 302
    assert Notification.objects.filter(kind__in=["reminder", "overdue"], review=otto).count() == 0
    # HR chooses both.
    browser(org.hr).post(
        "/notifications/reminders/", {"scope": "selected", "review": [review.pk, otto.pk], "which": "open"}
    )
    assert reminded(org.other_manager.user) == [otto.pk]


def test_a_foreign_next_is_not_followed(review, org):
    manager = browser(org.manager.user)
    response = manager.post(
        "/notifications/reminders/", {"scope": "team", "next": "https://evil.example.org/"}
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-3", "1.5", "abc"])
def test_a_chosen_review_that_is_no_id_is_refused_not_a_crash(review, org, value):
    """A tampered form (an id beyond any column, zero, negative, a fraction): a message, nothing sent."""
    hr = browser(org.hr)
    response = hr.post(
        "/notifications/reminders/", {"scope": "selected", "review": [str(review.pk), value]}, follow=True
    )
    assert response.status_code == 200
    assert "Choose reviews from the list." in response.content.decode()
    assert reminded(org.manager.user) == []
