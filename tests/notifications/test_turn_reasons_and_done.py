"""What a turn notification says (why a review came back, who decides an objection and by when),
and that it is marked done once its step is taken, whoever takes it and however."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from notifications.models import Notification
from notifications.services import reminders_sweep
from reviewcycle.services import review_object, review_return_to_manager
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def inbox(user, **filters):
    return list(Notification.objects.filter(recipient=user, channel="in_app", **filters).order_by("id"))


def test_a_returned_review_tells_the_manager_why(review, org, traveller):
    review = advance(review, org, "second_review", traveller)
    review_return_to_manager(
        review=review, actor=org.director.user, reason="De onderbouwing bij Samenwerken ontbreekt."
    )
    turn = inbox(org.manager.user, kind="your_turn")[-1]
    assert turn.subject == "Eva Employee: returned to you by Dora Directeur"
    assert (
        "Dora Directeur returned the appraisal of Eva Employee (Gesprekscyclus 2026) with this reason:"
        in turn.body
    )
    assert "De onderbouwing bij Samenwerken ontbreekt." in turn.body
    mail = Notification.objects.get(dedupe_key=turn.dedupe_key.replace(":app", ":mail"))
    assert "De onderbouwing bij Samenwerken ontbreekt." in mail.body


def test_a_returned_review_in_dutch(review, org, traveller):
    org.manager.preferred_language = "nl"
    org.manager.save()
    review = advance(review, org, "second_review", traveller)
    review_return_to_manager(review=review, actor=org.director.user, reason="Onderbouwing ontbreekt.")
    turn = inbox(org.manager.user, kind="your_turn")[-1]
    assert turn.subject == "Eva Employee: door Dora Directeur aan je teruggestuurd"
    assert (
        "Dora Directeur heeft de beoordeling van Eva Employee (Gesprekscyclus 2026) teruggestuurd met deze reden:"
        in turn.body
    )


def test_after_objecting_the_employee_learns_who_decides_and_by_when(review, org, traveller):
    review = advance(review, org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Oneens met de beoordeling.")
    (notice,) = inbox(org.employee.user, kind="objection")
    due = review.due_date
    assert due is not None
    assert notice.subject == "Your objection has been received"
    assert f"HR decides on your objection by {due.day} " in notice.body
    assert f"{due.year}" in notice.body
    assert notice.due_date == due


def test_turn_notifications_are_done_once_the_step_is_taken_via_the_api(review, org, traveller):
    review = advance(review, org, "plan_signoff", traveller)
    (turn,) = inbox(org.employee.user, kind="your_turn")
    assert turn.handled_at is None
    api = APIClient()
    api.force_authenticate(org.employee.user)
    response = api.post(f"/api/v1/reviews/{review.pk}/sign-plan/", {"signature": "agreed"})
    assert response.status_code == 200, response.content
    turn.refresh_from_db()
    assert turn.handled_at is not None
    assert turn.read_at is None  # done is not the same as read
    # The manager's new turn is not done.
    assert inbox(org.manager.user, kind="your_turn")[-1].handled_at is None
    listed = {row["id"]: row for row in api.get("/api/v1/notifications/").json()["results"]}
    assert listed[turn.pk]["done"] is True


def test_reminders_of_a_step_are_done_with_it(review, org, traveller):
    import datetime

    traveller.move_to(datetime.datetime(2026, 2, 20, 8, 0, tzinfo=datetime.UTC))
    reminders_sweep()
    (reminder,) = inbox(org.manager.user, kind="reminder", review=review)
    advance(review, org, "plan_signoff", traveller)
    reminder.refresh_from_db()
    assert reminder.handled_at is not None


def test_the_inbox_page_shows_what_needs_no_action_any_more(review, org, traveller):
    review = advance(review, org, "in_progress", traveller)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(org.employee.user)
    page = client.get("/notifications/").content.decode()
    assert "Done — no action needed" in page


def test_a_review_moved_to_another_manager_needs_nothing_more_from_the_old_one(review, org, traveller):
    from reviewcycle.services import review_reassign_manager

    review = advance(review, org, "in_progress", traveller)
    (turn,) = inbox(org.manager.user, kind="your_turn", review=review)
    review_reassign_manager(review=review, actor=org.hr, manager=org.other_manager)
    turn.refresh_from_db()
    assert turn.handled_at is not None


def test_an_upheld_objection_tells_the_manager_hrs_reasons(review, org, traveller):
    from reviewcycle.services import review_decide_objection

    review = advance(review, org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Oneens.")
    review_decide_objection(
        review=review, actor=org.hr, decision="upheld", reason="Samenwerken is te laag gewaardeerd."
    )
    turn = inbox(org.manager.user, kind="your_turn")[-1]
    assert turn.subject == "Eva Employee: returned to you by hans-hr"
    assert "Samenwerken is te laag gewaardeerd." in turn.body
