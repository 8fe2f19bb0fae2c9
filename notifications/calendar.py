"""Calendar invitations (iCalendar, RFC 5545): one UID per talk, a higher SEQUENCE per change."""

from datetime import UTC

import icalendar
from django.conf import settings
from django.utils import timezone

from core.text import single_line

PRODID = "-//Gesprekscyclus//Talk invitations//NL"


def render_ics(
    talk, *, attendees: list[tuple[str, str]], organiser: tuple[str, str], summary: str, description: str
) -> str:
    """METHOD:REQUEST for a new or moved talk, METHOD:CANCEL for a cancelled one. ``summary`` is the
    entry's title (the talk and the other person), ``description`` its text (room and video link).

    Names, the summary and the place are put on one line (``single_line``): a property or
    parameter of a calendar entry is a line, like a mail header."""
    cancelled = talk.cancelled_at is not None
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"{talk.uid}@{_host()}")
    event.add("sequence", talk.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", talk.starts_at.astimezone(UTC))
    event.add("dtend", talk.ends_at.astimezone(UTC))
    event.add("summary", single_line(summary))
    event.add("description", description)
    # The room is the place; without one, the video link is (as common calendars do). The link is
    # also the event's URL and is in the description, so no client loses it.
    if talk.location or talk.video_link:
        event.add("location", single_line(talk.location or talk.video_link))
    if talk.video_link:
        event.add("url", talk.video_link, parameters={"value": "URI"})
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    name, email = organiser
    event.add("organizer", icalendar.vCalAddress(f"mailto:{email}"), parameters={"cn": single_line(name)})
    for name, email in attendees:
        event.add(
            "attendee",
            icalendar.vCalAddress(f"mailto:{email}"),
            parameters={"cn": single_line(name), "role": "REQ-PARTICIPANT", "rsvp": "TRUE"},
        )
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "gesprekscyclus"
