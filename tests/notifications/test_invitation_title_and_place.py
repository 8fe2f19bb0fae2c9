"""Calendar invitations keep the room and the video link, and their title names the other person."""

import datetime

import icalendar
import pytest

from notifications.models import Notification
from notifications.services import talk_reschedule, talk_schedule

pytestmark = pytest.mark.django_db

STARTS = datetime.datetime(2026, 1, 20, 10, 0, tzinfo=datetime.UTC)
VIDEO = "https://meet.example.org/planning-eva"


def event_for(user, index=-1):
    rows = Notification.objects.filter(recipient=user, kind="invitation", channel="email").order_by("id")
    calendar = icalendar.Calendar.from_ical(list(rows)[index].attachment)
    return next(component for component in calendar.walk() if component.name == "VEVENT")


def test_room_and_video_link_both_travel(review, org):
    talk_schedule(
        review=review,
        actor=org.manager.user,
        kind="planning",
        starts_at=STARTS,
        location="Stadhuis, kamer 2.14",
        video_link=VIDEO,
    )
    event = event_for(org.employee.user)
    assert str(event["location"]) == "Stadhuis, kamer 2.14"
    assert str(event["url"]) == VIDEO
    description = str(event["description"])
    assert "Stadhuis, kamer 2.14" in description
    assert VIDEO in description
    in_app = Notification.objects.get(recipient=org.employee.user, kind="invitation", channel="in_app")
    assert VIDEO in in_app.body
    assert "Stadhuis, kamer 2.14" in in_app.body


def test_without_a_room_the_video_link_is_the_place(review, org):
    talk_schedule(review=review, actor=org.manager.user, kind="planning", starts_at=STARTS, video_link=VIDEO)
    event = event_for(org.manager.user)
    assert (str(event["location"]), str(event["url"])) == (VIDEO, VIDEO)


def test_a_reschedule_keeps_the_room_when_a_video_link_is_added(review, org):
    talk = talk_schedule(
        review=review, actor=org.manager.user, kind="planning", starts_at=STARTS, location="Kamer 2.14"
    )
    talk_reschedule(
        talk=talk, actor=org.manager.user, starts_at=STARTS + datetime.timedelta(days=1), video_link=VIDEO
    )
    event = event_for(org.employee.user)
    assert (str(event["location"]), str(event["url"])) == ("Kamer 2.14", VIDEO)


def test_the_title_names_the_other_person_in_their_language(review, org):
    org.employee.preferred_language = "nl"
    org.employee.save()
    talk_schedule(review=review, actor=org.manager.user, kind="planning", starts_at=STARTS)
    assert str(event_for(org.employee.user)["summary"]) == "Planningsgesprek met Max Manager"
    assert str(event_for(org.manager.user)["summary"]) == "Planning talk with Eva Employee"
    mail = Notification.objects.get(recipient=org.employee.user, kind="invitation", channel="email")
    assert mail.subject.startswith("Uitnodiging: planningsgesprek met Max Manager op 20 januari 2026")
