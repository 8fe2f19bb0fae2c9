"""Scheduled talks and their calendar invitations (one UID, a higher SEQUENCE on every change)."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from core.text import validate_single_line
from notifications import messages
from notifications.calendar import render_ics
from notifications.models import Notification, ScheduledTalk
from notifications.services.outbox import _rows, queue_outbox
from reviewcycle import rules
from reviewcycle.models import Review


def _require_manager(review: Review, actor) -> None:
    if not rules.is_manager(review, actor):
        raise PermissionDenied(_("Only the employee's manager schedules talks."))


def _send_invitation(talk: ScheduledTalk, *, rescheduled: bool) -> None:
    review = talk.review
    participants = [review.employee.user, review.manager.user]
    attendees = [
        (person.name, person.user.email or person.email) for person in (review.employee, review.manager)
    ]
    organiser = (review.manager.name, review.manager.user.email or review.manager.email)
    cancelled = talk.cancelled_at is not None
    state = "cancel" if cancelled else f"v{talk.sequence}"

    def text_for(recipient):
        return messages.invitation(talk, recipient, cancelled=cancelled, rescheduled=rescheduled)

    for recipient in participants:
        text = text_for(recipient)
        ics = render_ics(
            talk,
            attendees=attendees,
            organiser=organiser,
            summary=messages.talk_title(talk, recipient),
            description=text.body,
        )
        Notification.objects.bulk_create(
            _rows(
                recipient=recipient,
                review=review,
                kind=Notification.Kind.INVITATION,
                key=f"talk:{talk.uid}:{state}:{recipient.pk}",
                text=text,
                attachment=ics,
                due_date=timezone.localtime(talk.starts_at).date(),
            ),
            ignore_conflicts=True,
        )
    queue_outbox()


def _clean_place(location: str, video_link: str) -> tuple[str, str]:
    """The place and the video link, each on one line (``ValidationError`` next to the field)."""
    for field, value in (("location", location), ("video_link", video_link)):
        try:
            validate_single_line(value)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from None
    return location[:300], video_link


def _clean_times(starts_at, duration_minutes: int):
    if starts_at is None:
        raise ValidationError({"starts_at": _("This field is required.")})
    if not 10 <= duration_minutes <= 480:
        raise ValidationError({"duration_minutes": _("A talk lasts between 10 minutes and 8 hours.")})
    if starts_at < timezone.now() - timedelta(minutes=5):
        raise ValidationError({"starts_at": _("A talk is scheduled in the future.")})
    return starts_at, starts_at + timedelta(minutes=duration_minutes)


def _require_open(review: Review) -> None:
    if not review.is_open:
        raise TransitionNotAllowed(
            _("A talk can only be planned while the review runs; this one is at “%(state)s”.")
            % {"state": review.get_state_display()}
        )


def _planned(review: Review, kind: str, starts_at, *, exclude: int | None = None) -> ScheduledTalk | None:
    return (
        ScheduledTalk.objects.filter(review=review, kind=kind, starts_at=starts_at, cancelled_at__isnull=True)
        .exclude(pk=exclude)
        .first()
    )


def _same_talk_or_refuse(talk: ScheduledTalk | None, **fields) -> ScheduledTalk:
    """The talk already planned when it is the one asked for (a double submit); a clear refusal otherwise."""
    if talk is not None and all(getattr(talk, name) == value for name, value in fields.items()):
        return talk
    raise ValidationError(
        {
            "starts_at": _(
                "This talk is already planned at this time. Move that talk instead of planning a new one."
            )
        }
    )


@transaction.atomic
def talk_schedule(
    *,
    review: Review,
    actor,
    kind: str,
    starts_at: datetime,
    duration_minutes: int = 60,
    location: str = "",
    video_link: str = "",
) -> ScheduledTalk:
    """Plan a talk and send both participants a calendar invitation.

    ``starts_at`` is an aware datetime in the future; ``duration_minutes`` 10–480; ``location`` and
    ``video_link`` one line each. Idempotent against double submits: one planned talk of a kind
    at a moment per review (a database constraint); posting the same talk again returns it and
    sends nothing new. Raises ``PermissionDenied`` (403) for anyone but the manager,
    ``TransitionNotAllowed`` (409) when the review is final, cancelled or exempt, and
    ``ValidationError`` (400) for bad input or another talk already at that moment.
    """
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("employee__user", "manager__user", "cycle")
        .get(pk=review.pk)
    )
    _require_manager(review, actor)
    _require_open(review)
    if kind not in ScheduledTalk.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of talk.")})
    starts_at, ends_at = _clean_times(starts_at, duration_minutes)
    location, video_link = _clean_place(location, video_link)
    fields = {"ends_at": ends_at, "location": location, "video_link": video_link}
    existing = _planned(review, kind, starts_at)
    if existing is not None:
        return _same_talk_or_refuse(existing, **fields)
    talk = ScheduledTalk(review=review, kind=kind, starts_at=starts_at, organiser=actor, **fields)
    talk.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: the constraint is the last word on a duplicate
            talk.save()
    except IntegrityError:
        return _same_talk_or_refuse(_planned(review, kind, starts_at), **fields)
    _send_invitation(talk, rescheduled=False)
    return talk


@transaction.atomic
def talk_reschedule(
    *, talk: ScheduledTalk, actor, starts_at, duration_minutes: int = 60, location=None, video_link=None
) -> ScheduledTalk:
    """Move the talk: the same calendar event (same UID) with a higher SEQUENCE replaces the original."""
    talk = (
        ScheduledTalk.objects.select_for_update()
        .select_related("review__employee__user", "review__manager__user")
        .get(pk=talk.pk)
    )
    _require_manager(talk.review, actor)
    _require_open(talk.review)
    if talk.cancelled_at:
        raise ValidationError(_("This talk was cancelled; schedule a new one."))
    if talk.held_on:
        raise ValidationError(_("This talk took place; schedule a new one."))
    talk.starts_at, talk.ends_at = _clean_times(starts_at, duration_minutes)
    if _planned(talk.review, talk.kind, talk.starts_at, exclude=talk.pk) is not None:
        _same_talk_or_refuse(None)
    location, video_link = _clean_place(
        talk.location if location is None else location, talk.video_link if video_link is None else video_link
    )
    talk.location, talk.video_link = location, video_link
    talk.sequence += 1
    talk.save()
    _send_invitation(talk, rescheduled=True)
    return talk


@transaction.atomic
def talk_cancel(*, talk: ScheduledTalk, actor) -> ScheduledTalk:
    """Cancel a scheduled talk and send the cancellation (an iCalendar CANCEL, sequence raised).

    Cancelling again, or a talk that took place, changes nothing. ``PermissionDenied`` (403) for anyone
    but the review's manager.
    """
    talk = (
        ScheduledTalk.objects.select_for_update()
        .select_related("review__employee__user", "review__manager__user")
        .get(pk=talk.pk)
    )
    _require_manager(talk.review, actor)
    if talk.cancelled_at is None and talk.held_on is None:
        talk.cancelled_at = timezone.now()
        talk.sequence += 1
        talk.save()
        _send_invitation(talk, rescheduled=False)
    return talk


@transaction.atomic
def talk_mark_held(*, review: Review, kind: str, held_on: date) -> list[ScheduledTalk]:
    """The manager recorded the talk of ``kind`` as held on ``held_on``: the planned talk it was
    leaves the agenda. Every still-planned talk of that kind (of progress talks, which a cycle holds
    several of, only the earliest) is marked held that day; one planned for a later day is also
    cancelled, and both participants get the cancellation (an iCalendar CANCEL, sequence raised, saying
    when the talk took place). One planned on that day or before is only marked held.

    Runs inside the recording step's transaction (``notifications.receivers``); returns the talks closed.
    """
    talks = list(
        ScheduledTalk.objects.select_for_update(of=("self",))
        .select_related("review__employee__user", "review__manager__user")
        .filter(review=review, kind=kind, cancelled_at__isnull=True, held_on__isnull=True)
        .order_by("starts_at", "pk")
    )
    if kind == ScheduledTalk.Kind.PROGRESS:
        talks = talks[:1]
    for talk in talks:
        talk.held_on = held_on
        later = timezone.localtime(talk.starts_at).date() > held_on
        if later:
            talk.cancelled_at = timezone.now()
            talk.sequence += 1
        talk.save(update_fields=["held_on", "cancelled_at", "sequence", "updated_at"])
        if later:
            _send_invitation(talk, rescheduled=False)
    return talks
