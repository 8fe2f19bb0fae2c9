"""Calendar invitations: parse with icalendar; a reschedule replaces the original (same UID)."""

import datetime

import icalendar
import pytest
from django.core.exceptions import PermissionDenied

from notifications.models import Notification
from notifications.services import talk_cancel, talk_reschedule, talk_schedule

pytestmark = pytest.mark.django_db


def invitations(user):
    return [
        icalendar.Calendar.from_ical(n.attachment)
        for n in Notification.objects.filter(recipient=user, kind="invitation", channel="email").order_by(
            "id"
        )
    ]


def event_of(calendar):
    return next(component for component in calendar.walk() if component.name == "VEVENT")


def test_schedule_reschedule_and_cancel_keep_one_event(review, org):
    starts = datetime.datetime(2026, 1, 20, 10, 0, tzinfo=datetime.UTC)
    talk = talk_schedule(
        review=review,
        actor=org.manager.user,
        kind="planning",
        starts_at=starts,
        duration_minutes=45,
        location="Kamer 2.14",
    )
    first = invitations(org.employee.user)[0]
    event = event_of(first)
    assert first["method"] == "REQUEST"
    assert event["summary"] == "Planning talk with Max Manager"  # the employee's: the other person
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtend") == starts + datetime.timedelta(minutes=45)
    assert str(event["location"]) == "Kamer 2.14"
    assert {str(a) for a in event.get("attendee")} == {
        f"mailto:{org.employee.user.email}",
        f"mailto:{org.manager.user.email}",
    }
    assert len(invitations(org.manager.user)) == 1

    talk_reschedule(
        talk=talk,
        actor=org.manager.user,
        starts_at=starts + datetime.timedelta(days=1),
        video_link="https://meet.example.org/abc",
    )
    update = event_of(invitations(org.employee.user)[1])
    assert str(update["uid"]) == str(event["uid"])
    assert int(update["sequence"]) > int(event["sequence"])
    assert update.decoded("dtstart") == starts + datetime.timedelta(days=1)
    # The room stays the place; the video link is added beside it.
    assert (str(update["location"]), str(update["url"])) == ("Kamer 2.14", "https://meet.example.org/abc")

    talk_cancel(talk=talk, actor=org.manager.user)
    cancellation = invitations(org.employee.user)[2]
    assert cancellation["method"] == "CANCEL"
    assert str(event_of(cancellation)["uid"]) == str(event["uid"])
    assert str(event_of(cancellation)["status"]) == "CANCELLED"


def test_only_the_manager_schedules_talks(review, org):
    with pytest.raises(PermissionDenied):
        talk_schedule(
            review=review,
            actor=org.employee.user,
            kind="planning",
            starts_at=datetime.datetime(2026, 1, 20, 10, tzinfo=datetime.UTC),
        )


def test_the_invitation_travels_as_an_attachment(review, org, mailoutbox):
    from notifications.services import deliver

    talk_schedule(
        review=review,
        actor=org.manager.user,
        kind="progress",
        starts_at=datetime.datetime(2026, 6, 1, 13, tzinfo=datetime.UTC),
    )
    notification = Notification.objects.get(recipient=org.employee.user, kind="invitation", channel="email")
    assert deliver(notification.pk) == "sent"
    (message,) = mailoutbox
    filename, content, mimetype = message.attachments[0]
    assert (filename, mimetype) == ("invitation.ics", "text/calendar; method=REQUEST; charset=utf-8")
    assert icalendar.Calendar.from_ical(content)["method"] == "REQUEST"
