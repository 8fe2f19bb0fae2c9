"""Writes of notifications: create (outbox + inbox), queue delivery, deliver, sweep, digests, talks."""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from email.utils import make_msgid
from smtplib import SMTPException

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.bulk import Rows
from notifications import messages
from notifications.calendar import render_ics
from notifications.models import Notification, NotificationPreference, ReminderPolicy, ScheduledTalk
from reviewcycle import rules
from reviewcycle.models import Review, ReviewCycle

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH_SIZE = 500


def _email_mode(user) -> str:
    preference = getattr(user, "notification_preference", None)
    try:
        return preference.email_mode if preference is not None else NotificationPreference.EmailMode.IMMEDIATE
    except NotificationPreference.DoesNotExist:
        return NotificationPreference.EmailMode.IMMEDIATE


def _row_values(
    *,
    recipient,
    review_id: int | None,
    kind: str,
    key: str,
    text: messages.Text,
    now,
    due_date=None,
    attachment: str = "",
    link: str = "",
    email: bool = True,
) -> list[dict]:
    """The in-app row, and the e-mail row when the recipient has an address and wants e-mail."""
    common = {
        "recipient_id": recipient.pk,
        "review_id": review_id,
        "kind": kind,
        "subject": text.subject[:300],
        "body": text.body,
        "link": link or (messages.review_link(review_id) if review_id is not None else ""),
        "due_date": due_date,
    }
    rows = [
        {
            **common,
            "channel": Notification.Channel.IN_APP,
            "dedupe_key": f"{key}:app"[:200],
            "attachment": "",
            "sent_at": now,
            "next_attempt_at": None,
        }
    ]
    wants_email = _email_mode(recipient) != NotificationPreference.EmailMode.NONE
    if email and recipient.email and wants_email:
        rows.append(
            {
                **common,
                "channel": Notification.Channel.EMAIL,
                "dedupe_key": f"{key}:mail"[:200],
                "attachment": attachment,
                "sent_at": None,
                "next_attempt_at": now,
            }
        )
    return rows


def _rows(*, recipient, review=None, review_id: int | None = None, **options) -> list[Notification]:
    review_id = review.pk if review is not None else review_id
    return [
        Notification(**values)
        for values in _row_values(recipient=recipient, review_id=review_id, now=timezone.now(), **options)
    ]


def notify(*, recipients: Iterable, review, kind: str, key: str, text_for, **options) -> int:
    """Create the notifications now (inside the caller's transaction); deliver e-mail after commit."""
    rows = []
    for recipient in {user.pk: user for user in recipients if user is not None}.values():
        rows += _rows(
            recipient=recipient,
            review=review,
            kind=kind,
            key=f"{key}:{recipient.pk}",
            text=text_for(recipient),
            **options,
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(row.channel == Notification.Channel.EMAIL for row in rows):
        queue_outbox()
    return len(rows)


def queue_outbox() -> None:
    """After commit, hand the pending e-mails to the worker. Queuing twice is harmless: delivery is idempotent."""
    transaction.on_commit(enqueue_pending)


def enqueue_pending(now=None) -> int:
    """Queue delivery of every pending e-mail that is due, in batches. A broker that is down is logged,
    not raised: the rows stay pending and the next flush (beat, every minute) delivers them."""
    from notifications.tasks import deliver_notifications_task

    now = now or timezone.now()
    digest_users = NotificationPreference.objects.filter(
        email_mode=NotificationPreference.EmailMode.DAILY_DIGEST
    ).values("user_id")
    ids = list(
        Notification.objects.filter(
            channel=Notification.Channel.EMAIL,
            sent_at__isnull=True,
            failed_at__isnull=True,
            next_attempt_at__lte=now,
        )
        .exclude(Q(recipient_id__in=digest_users) & ~Q(kind__in=Notification.IMMEDIATE_KINDS))
        .order_by("id")
        .values_list("id", flat=True)
    )
    queued = 0
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        try:
            deliver_notifications_task.apply_async(args=[batch], retry=False)
        except Exception as error:  # noqa: BLE001 - any broker failure: keep the rows, log, try again later
            logger.warning("Broker unavailable, %s notifications stay pending: %s", len(ids) - start, error)
            return queued
        queued += len(batch)
    return queued


# --- delivery -------------------------------------------------------------------------------------


def _email_for(notification: Notification) -> EmailMultiAlternatives:
    if notification.kind == Notification.Kind.PASSWORD_RESET:
        from notifications.password_reset import fill_in_reset_link

        notification.link = fill_in_reset_link(notification)  # made now, never stored
    context = {"notification": notification, "organisation_name": settings.ORGANISATION_NAME}
    with translation.override(messages.language_of(notification.recipient)):
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    email = EmailMultiAlternatives(
        subject=notification.subject,
        body=text,
        to=[notification.recipient.email],
        headers={"Message-ID": make_msgid(idstring=f"n{notification.pk}", domain="gesprekscyclus")},
    )
    email.attach_alternative(html, "text/html")
    if notification.attachment:
        method = "CANCEL" if "METHOD:CANCEL" in notification.attachment else "REQUEST"
        email.attach(
            "invitation.ics", notification.attachment, f"text/calendar; method={method}; charset=utf-8"
        )
    return email


def deliver(notification_id: int) -> str:
    """Send one pending e-mail exactly once: the row is locked (others skip it) until it is marked sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient__employee")
            .filter(
                pk=notification_id,
                channel=Notification.Channel.EMAIL,
                sent_at__isnull=True,
                failed_at__isnull=True,
            )
            .first()
        )
        if notification is None:
            return "skipped"
        now = timezone.now()
        notification.attempts += 1
        try:
            _email_for(notification).send()
        except (SMTPException, OSError) as error:
            notification.last_error = f"{type(error).__name__}: {error}"[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.failed_at = now
            else:
                # 1, 5, 25, 125 minutes: the outbox flush picks it up again then.
                notification.next_attempt_at = now + timedelta(minutes=5 ** (notification.attempts - 1))
            notification.save(
                update_fields=["attempts", "last_error", "failed_at", "next_attempt_at", "updated_at"]
            )
            return "failed"
        notification.sent_at = now
        notification.last_error = ""
        notification.save(update_fields=["attempts", "sent_at", "last_error", "updated_at"])
        return "sent"


def notification_mark_read(*, notification: Notification, user) -> Notification:
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("This is not your notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP, read_at__isnull=True
    ).update(read_at=timezone.now())


def preference_set(*, user, email_mode: str) -> NotificationPreference:
    if email_mode not in NotificationPreference.EmailMode.values:
        raise ValidationError({"email_mode": _("Unknown choice.")})
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_mode": email_mode}
    )
    return preference


# --- digests ---------------------------------------------------------------------------------------


@transaction.atomic
def send_digests(*, now=None) -> int:
    """One e-mail per digest user with everything pending for them since the last digest."""
    now = now or timezone.now()
    pending = (
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            channel=Notification.Channel.EMAIL,
            sent_at__isnull=True,
            failed_at__isnull=True,
            recipient__notification_preference__email_mode=NotificationPreference.EmailMode.DAILY_DIGEST,
        )
        .exclude(kind__in=Notification.IMMEDIATE_KINDS)
        .select_related("recipient__employee")
        .order_by("recipient_id", "created_at")
    )
    by_user = defaultdict(list)
    for notification in pending:
        by_user[notification.recipient].append(notification)
    for user, items in by_user.items():
        with translation.override(messages.language_of(user)):
            subject = _("Your daily overview: %(count)s messages") % {"count": len(items)}
        body = "\n\n".join(f"• {item.subject}\n  {item.body}\n  {item.link}" for item in items)
        digest = Notification.objects.create(
            recipient=user,
            kind=Notification.Kind.DIGEST,
            channel=Notification.Channel.EMAIL,
            dedupe_key=f"digest:{user.pk}:{now:%Y-%m-%d}",
            subject=subject,
            body=body,
            next_attempt_at=now,
        )
        Notification.objects.filter(pk__in=[item.pk for item in items]).update(
            sent_at=now, digested_in=digest
        )
    if by_user:
        transaction.on_commit(lambda: _deliver_digests(now))
    return len(by_user)


def _deliver_digests(now) -> None:
    for notification_id in Notification.objects.filter(
        kind=Notification.Kind.DIGEST, sent_at__isnull=True, created_at__gte=now
    ).values_list("id", flat=True):
        deliver(notification_id)


# --- reminders and escalation ------------------------------------------------------------------------


def policy_for(cycle: ReviewCycle) -> ReminderPolicy:
    try:
        return cycle.reminder_policy
    except ReminderPolicy.DoesNotExist:
        return ReminderPolicy(cycle=cycle)


# The columns a sweep's reminder rows give (as ``_row_values`` names them); the rest are the defaults.
SWEEP_COLUMNS = [
    "recipient_id",
    "review_id",
    "kind",
    "subject",
    "body",
    "link",
    "due_date",
    "channel",
    "dedupe_key",
    "attachment",
    "sent_at",
    "next_attempt_at",
]


def reminders_sweep(*, today=None) -> dict:
    """Reminders before due dates, an overdue reminder, escalations; each exactly once (the dedupe key)."""
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    cycles = {
        cycle.pk: cycle
        for cycle in ReviewCycle.objects.filter(state=ReviewCycle.State.OPEN).select_related(
            "reminder_policy"
        )
    }
    if not cycles:
        return {"created": 0}
    policies = {pk: policy_for(cycle) for pk, cycle in cycles.items()}
    horizon = today + timedelta(days=max((max(p.offsets, default=0) for p in policies.values()), default=0))
    reviews = (
        Review.objects.filter(
            cycle_id__in=cycles, state__in=Review.OPEN_STATES, due_date__isnull=False, due_date__lte=horizon
        )
        .values_list(
            "id",
            "cycle_id",
            "state",
            "due_date",
            "employee__user_id",
            "manager__user_id",
            "second_reviewer__user_id",
            "org_unit_id",
            "employee__name",
            "manager__name",
        )
        .order_by("id")
    )
    # Looked up once, not once per review: a sweep reads every open review of every open cycle.
    offsets_of = {pk: policy.offsets for pk, policy in policies.items()}
    owner_roles = {state: rules.Role(_owner_role(state)) for state in Review.OPEN_STATES}
    wanted: list[tuple] = []  # (recipient id, review id, kind, key, maker)
    hr_for_unit: dict[int, list[int]] = {}
    for (
        review_id,
        cycle_id,
        state,
        due,
        employee_uid,
        manager_uid,
        second_uid,
        unit_id,
        employee_name,
        manager_name,
    ) in reviews.iterator(chunk_size=5000):
        policy = policies[cycle_id]
        owner_role = owner_roles[state]
        if owner_role == rules.Role.HR:
            owner_ids = _hr_ids(unit_id, hr_for_unit)
        else:
            owner_uid = {
                rules.Role.EMPLOYEE: employee_uid,
                rules.Role.MANAGER: manager_uid,
                rules.Role.SECOND_REVIEWER: second_uid,
            }[owner_role]
            owner_ids = [owner_uid] if owner_uid else _hr_ids(unit_id, hr_for_unit)
        owner_name = {rules.Role.EMPLOYEE: employee_name, rules.Role.MANAGER: manager_name}.get(
            owner_role, ""
        )
        base = f"{review_id}:{state}:{due.isoformat()}"
        info = {
            "employee_name": employee_name,
            "cycle_name": cycles[cycle_id].name,
            "state": state,
            "due": due,
        }
        days_left = (due - today).days
        if days_left >= 0:
            offsets = [days for days in offsets_of[cycle_id] if days_left <= days]
            if offsets:
                offset = min(offsets)
                for uid in owner_ids:
                    wanted.append(
                        (
                            uid,
                            review_id,
                            Notification.Kind.REMINDER,
                            f"remind:{base}:{offset}:{uid}",
                            ("reminder", {**info, "own": uid == employee_uid}),
                        )
                    )
            continue
        overdue_days = -days_left
        if overdue_days >= policy.overdue_reminder_after_days:
            for uid in owner_ids:
                wanted.append(
                    (
                        uid,
                        review_id,
                        Notification.Kind.OVERDUE,
                        f"overdue:{base}:{uid}",
                        ("overdue", {**info, "own": uid == employee_uid}),
                    )
                )
        escalations = []
        if (
            overdue_days >= policy.escalate_to_second_reviewer_after_days
            and second_uid
            and second_uid not in owner_ids
        ):
            escalations.append(("second", [second_uid]))
        if overdue_days >= policy.escalate_to_hr_after_days:
            escalations.append(("hr", _hr_ids(unit_id, hr_for_unit)))
        for level, uids in escalations:
            for uid in uids:
                wanted.append(
                    (
                        uid,
                        review_id,
                        Notification.Kind.ESCALATION,
                        f"escalate:{level}:{base}:{uid}",
                        ("escalation", {**info, "owner_name": owner_name, "days_overdue": overdue_days}),
                    )
                )
    # An hourly sweep finds most reminders made already: skip those before writing any text. One read of
    # the reminders of these cycles' open reviews beats asking for 100,000 keys by name.
    keys = [f"{key}:app"[:200] for _uid, _review, _kind, key, _maker in wanted]
    existing = set(
        Notification.objects.filter(
            channel=Notification.Channel.IN_APP,
            kind__in=[Notification.Kind.REMINDER, Notification.Kind.OVERDUE, Notification.Kind.ESCALATION],
            review__cycle_id__in=cycles,
            review__state__in=Review.OPEN_STATES,
        )
        .values_list("dedupe_key", flat=True)
        .iterator(chunk_size=20000)
    )
    wanted = [entry for entry, key in zip(wanted, keys, strict=True) if key not in existing]
    if not wanted:
        return {"candidates": len(keys), "created": 0}
    users = (
        get_user_model()
        .objects.select_related("employee", "notification_preference")
        .in_bulk({uid for uid, *_rest in wanted})
    )
    now = timezone.now()
    writer = Rows(Notification, [*SWEEP_COLUMNS, "created_at", "updated_at"], Notification())

    def rows():
        for uid, review_id, kind, key, (maker, arguments) in wanted:
            recipient = users[uid]
            for values in _row_values(
                recipient=recipient,
                review_id=review_id,
                kind=kind,
                key=key,
                text=getattr(messages, maker)(recipient=recipient, **arguments),
                now=now,
                due_date=arguments["due"],
            ):
                yield (*(values[column] for column in SWEEP_COLUMNS), now, now)

    # Skipping conflicts: a concurrent sweep may have written some of these first.
    writer.write(rows(), skip_conflicts=True)
    # Counted as made: a concurrent sweep may have written some of these first (the insert skips them).
    return {"candidates": len(keys), "created": len(wanted)}


def _owner_role(state: str) -> str:
    from reviewcycle.workflow import STATE_OWNER

    return STATE_OWNER[state]


def _hr_ids(unit_id: int, cache: dict[int, list[int]]) -> list[int]:
    if unit_id not in cache:
        from people.models import OrgUnit

        cache[unit_id] = [user.pk for user in messages.hr_users_for(OrgUnit.objects.get(pk=unit_id))]
    return cache[unit_id]


# --- time-driven transitions ----------------------------------------------------------------------


def time_driven_transitions(*, today=None) -> dict:
    """Expire responses whose term passed; start appraisals where the cycle asks for it and conditions hold."""
    from django_fsm import TransitionNotAllowed

    from reviewcycle.services import review_expire_response, review_start_appraisal, unmet_conditions

    today = today or timezone.localdate()
    expired = 0
    for review in Review.objects.filter(state=Review.State.EMPLOYEE_RESPONSE, response_due__lt=today):
        try:
            review_expire_response(review=review)
            expired += 1
        except TransitionNotAllowed:
            continue  # someone signed or objected at the same moment
    started = 0
    automatic = ReminderPolicy.objects.filter(
        auto_start_appraisal=True, cycle__state=ReviewCycle.State.OPEN, cycle__progress_due__lte=today
    ).values("cycle_id")
    candidates = Review.objects.filter(cycle_id__in=automatic, state=Review.State.IN_PROGRESS).select_related(
        "cycle"
    )
    for review in candidates:
        if unmet_conditions(review, "start_appraisal"):
            continue
        try:
            review_start_appraisal(review=review, actor=None)
            started += 1
        except TransitionNotAllowed:
            continue
    return {"expired": expired, "started": started}


# --- calendar invitations ------------------------------------------------------------------------------


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
            talk, attendees=attendees, organiser=organiser, summary=text.subject, description=text.body
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


def _clean_times(starts_at, duration_minutes: int):
    if starts_at is None:
        raise ValidationError({"starts_at": _("This field is required.")})
    if not 10 <= duration_minutes <= 480:
        raise ValidationError({"duration_minutes": _("A talk lasts between 10 minutes and 8 hours.")})
    if starts_at < timezone.now() - timedelta(minutes=5):
        raise ValidationError({"starts_at": _("A talk is scheduled in the future.")})
    return starts_at, starts_at + timedelta(minutes=duration_minutes)


@transaction.atomic
def talk_schedule(
    *,
    review: Review,
    actor,
    kind: str,
    starts_at,
    duration_minutes: int = 60,
    location: str = "",
    video_link: str = "",
) -> ScheduledTalk:
    """Plan a talk and send both participants a calendar invitation."""
    review = Review.objects.select_related("employee__user", "manager__user", "cycle").get(pk=review.pk)
    _require_manager(review, actor)
    if kind not in ScheduledTalk.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of talk.")})
    starts_at, ends_at = _clean_times(starts_at, duration_minutes)
    talk = ScheduledTalk.objects.create(
        review=review,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location[:300],
        video_link=video_link,
        organiser=actor,
    )
    talk.full_clean()
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
    if talk.cancelled_at:
        raise ValidationError(_("This talk was cancelled; schedule a new one."))
    talk.starts_at, talk.ends_at = _clean_times(starts_at, duration_minutes)
    if location is not None:
        talk.location = location[:300]
    if video_link is not None:
        talk.video_link = video_link
    talk.sequence += 1
    talk.save()
    _send_invitation(talk, rescheduled=True)
    return talk


@transaction.atomic
def talk_cancel(*, talk: ScheduledTalk, actor) -> ScheduledTalk:
    talk = (
        ScheduledTalk.objects.select_for_update()
        .select_related("review__employee__user", "review__manager__user")
        .get(pk=talk.pk)
    )
    _require_manager(talk.review, actor)
    if talk.cancelled_at is None:
        talk.cancelled_at = timezone.now()
        talk.sequence += 1
        talk.save()
        _send_invitation(talk, rescheduled=False)
    return talk


# --- reminder policy -----------------------------------------------------------------------------------


@transaction.atomic
def reminder_policy_set(*, cycle: ReviewCycle, actor, offsets: list[int]) -> ReminderPolicy:
    """HR sets when the cycle reminds before a due date (days, e.g. [14, 7, 1]); escalation keeps its defaults."""
    from reviewcycle.services.cycles import require_hr_for

    require_hr_for(actor, cycle.scope.all())
    cleaned = sorted({int(days) for days in offsets}, reverse=True)
    if any(not 0 <= days <= 90 for days in cleaned):
        raise ValidationError({"reminder_offsets": _("Reminders are sent 0 to 90 days before a due date.")})
    policy, _created = ReminderPolicy.objects.update_or_create(
        cycle=cycle, defaults={"reminder_offsets": cleaned}
    )
    return policy
