"""Reminders before due dates, overdue reminders, escalations: read from each cycle's settings and sent.

The time-driven transitions (expired response terms, the automatic start of the appraisal) are
reviewcycle's (``reviewcycle.services.timed``); notifications only reads and sends."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.bulk import Rows
from notifications import messages
from notifications.models import Notification
from notifications.services.outbox import _row_values, queue_outbox
from reviewcycle import rules, workflow
from reviewcycle.models import Review, ReviewCycle, ReviewEvent

# What reminds someone of a step: the sweep's kinds, and what is sent on demand (the same kinds).
REMINDER_KINDS = [Notification.Kind.REMINDER, Notification.Kind.OVERDUE, Notification.Kind.ESCALATION]


def reminded_today(*, reviews: Q, today: date) -> set[tuple[int, int]]:
    """(recipient id, review id) of everyone reminded today of the step their review is at now.

    The one record of what was sent is the in-app reminder row (the sweep's and the on-demand ones
    alike): one sent today, after the review entered its current state, counts. ``reviews``: a ``Q``
    on ``Notification`` narrowing the reviews (``review__cycle_id__in=…``, ``review_id__in=…``)."""
    start = timezone.make_aware(datetime.combine(today, time.min))
    return set(
        Notification.objects.filter(
            reviews,
            Q(created_at__gte=start) & Q(created_at__gte=F("review__state_changed_at")),
            channel=Notification.Channel.IN_APP,
            kind__in=REMINDER_KINDS,
        ).values_list("recipient_id", "review_id")
    )


# --- reminders and escalation ------------------------------------------------------------------------


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


# Of each recipient, what the sweep's rows and texts read.
RECIPIENT_FIELDS = [
    "id",
    "is_active",
    "email",
    "username",
    "employee__id",
    "employee__name",
    "employee__preferred_language",
    "notification_preference__id",
    "notification_preference__email_mode",
]


def reminders_sweep(*, today=None) -> dict:
    """Reminders before due dates, an overdue reminder, escalations; each exactly once (the dedupe key).

    When is each open cycle's setting: ``reminder_offsets`` (days before the due date),
    ``overdue_reminder_after_days``, ``escalate_to_second_reviewer_after_days``,
    ``escalate_to_hr_after_days``. ``today``: a date, the organisation's local date by default.
    Returns ``{"candidates": n, "created": n}`` (``{"created": 0}`` without open cycles).
    """
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    cycles = {
        cycle.pk: cycle
        for cycle in ReviewCycle.objects.filter(state=ReviewCycle.State.OPEN).select_related(
            "template_version"
        )
    }
    if not cycles:
        return {"created": 0}
    # Looked up once, not once per review: a sweep reads every open review of every open cycle.
    offsets_of = {pk: cycle.reminder_days for pk, cycle in cycles.items()}
    horizon = today + timedelta(days=max((max(days, default=0) for days in offsets_of.values()), default=0))
    reviews = (
        Review.objects.filter(
            cycle_id__in=cycles, state__in=Review.OPEN_STATES, due_date__isnull=False, due_date__lte=horizon
        )
        .values_list(
            "id",
            "cycle_id",
            "state",
            "due_date",
            "org_unit_id",
            "employee__name",
            "manager__name",
            "signed_at",
            "state_changed_at",
            # The user of each role that can own a step (``workflow.ROLE_FIELD``), in its order.
            *(f"{field}__user_id" for field in workflow.ROLE_FIELD.values()),
        )
        .order_by("id")
    )
    owner_roles = {state: workflow.owner_role(state) for state in Review.OPEN_STATES}
    wanted: list[tuple] = []  # (recipient id, review id, kind, key, maker)
    hr_for_unit: dict[int, list[int]] = {}
    for (
        review_id,
        cycle_id,
        state,
        due,
        unit_id,
        employee_name,
        manager_name,
        signed_at,
        state_changed_at,
        *role_uids,
    ) in reviews.iterator(chunk_size=5000):
        cycle = cycles[cycle_id]
        owner_role = owner_roles[state]
        user_of = dict(zip(workflow.ROLE_FIELD, role_uids, strict=True))
        employee_uid, second_uid = user_of[rules.Role.EMPLOYEE], user_of[rules.Role.SECOND_REVIEWER]
        if state == Review.State.EMPLOYEE_RESPONSE and signed_at and signed_at >= state_changed_at:
            continue  # signed "voor gezien", waiting for the term: nobody must act
        if (
            state == Review.State.OBJECTION
        ):  # decided by whom the regeling says (rules.objection_decider_role)
            owner_role = _objection_owner_role(cycle, second_uid)
        if owner_role == rules.Role.COMMITTEE:
            owner_ids = _committee_ids(cycle)
        elif owner_role == rules.Role.HR:
            owner_ids = _hr_ids(unit_id, hr_for_unit)
        else:
            owner_uid = user_of[owner_role]
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
            "version": cycle.template_version,  # names the step as the regeling does
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
        if overdue_days >= cycle.overdue_reminder_after_days:
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
            overdue_days >= cycle.escalate_to_second_reviewer_after_days
            and second_uid
            and second_uid not in owner_ids
        ):
            escalations.append(("second", [second_uid]))
        if overdue_days >= cycle.escalate_to_hr_after_days:
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
    # Nobody gets two reminders of one step on one day: one sent on demand today stands for the sweep's.
    done_today = reminded_today(
        reviews=Q(review__cycle_id__in=cycles, review__state__in=Review.OPEN_STATES), today=today
    )
    wanted = [
        entry
        for entry, key in zip(wanted, keys, strict=True)
        if key not in existing and (entry[0], entry[1]) not in done_today
    ]
    if not wanted:
        return {"candidates": len(keys), "created": 0}
    users = (
        get_user_model()
        .objects.select_related("employee", "notification_preference")
        # What a reminder's rows and text read of its recipient (``_row_values``, ``messages``): a sweep
        # can load 100,000 users, and their other columns cost more than these.
        .only(*RECIPIENT_FIELDS)
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


def _objection_owner_role(cycle, second_uid) -> "rules.Role":
    """``rules.objection_decider_role`` for the sweep's rows (the cycle's regeling, the second reviewer's user)."""
    version = cycle.template_version
    if version.objection_route == version.ObjectionRoute.SECOND_REVIEWER and second_uid:
        return rules.Role.SECOND_REVIEWER
    if version.objection_route == version.ObjectionRoute.COMMITTEE:
        return rules.Role.COMMITTEE
    return rules.Role.HR


def _committee_ids(cycle) -> list[int]:
    """The active members of the objection committee of ``cycle``'s regeling."""
    group_id = cycle.template_version.objection_committee_id
    if group_id is None:
        return []
    from django.contrib.auth import get_user_model

    return list(
        get_user_model().objects.filter(groups__id=group_id, is_active=True).values_list("pk", flat=True)
    )


def _hr_ids(unit_id: int, cache: dict[int, list[int]]) -> list[int]:
    if unit_id not in cache:
        from people.models import OrgUnit

        cache[unit_id] = [user.pk for user in messages.hr_users_for(OrgUnit.objects.get(pk=unit_id))]
    return cache[unit_id]


# --- reminders on demand ----------------------------------------------------------------------------


@transaction.atomic
def send_reminders_now(*, reviews, actor) -> int:
    """Remind, now, whoever must act next on each of ``reviews`` (HR or a manager following them up).

    ``reviews``: a queryset or list of reviews; closed ones are skipped. Each person whose turn it is
    (for HR's turn, HR of the unit) gets an in-app reminder and, as they chose, an e-mail: the
    overdue text once the due date has passed, the reminder text before it. Nobody gets two reminders
    of the same step on one day: who got one today (on demand or from the sweep, ``reminded_today``)
    is skipped, and the sweep skips who got one from here. The actor is never reminded by themselves.
    Each review reminded gets a ``ReviewEvent.Kind.REMINDER_SENT`` event naming the people reminded.
    Queries: a constant number for any count of reviews (plus one per unit when HR must act).

    Returns how many reminders were sent (one per person per review). Raises ``PermissionDenied``
    (403) when ``actor`` may not remind on one of the open reviews (``rules.can_send_reminder``).
    """
    from django.contrib.auth import get_user_model

    today = timezone.localdate()
    ids = reviews.values("pk") if isinstance(reviews, QuerySet) else [review.pk for review in reviews]
    # Locked: a second click waits for the first and then finds its reminders sent today.
    selected = list(
        Review.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, state__in=Review.OPEN_STATES)
        .select_related("cycle__template_version__template", "employee", "manager", "second_reviewer")
        .order_by("pk")
    )
    if not selected:
        return 0
    refused = [review for review in selected if not rules.can_send_reminder(review, actor)]
    if refused:
        raise PermissionDenied(
            _("You may not send a reminder for the review of %(employee)s.")
            % {"employee": refused[0].employee.name}
        )
    done_today = reminded_today(reviews=Q(review_id__in=[review.pk for review in selected]), today=today)
    hr_for_unit: dict[int, list[int]] = {}
    wanted: list[tuple[Review, int]] = []
    for review in selected:
        role = workflow.owner_role_of(review)
        person = workflow.owner_of(review)
        if role == rules.Role.COMMITTEE:
            owner_ids = _committee_ids(review.cycle)
        elif role == rules.Role.HR or person is None:
            owner_ids = _hr_ids(review.org_unit_id, hr_for_unit)
        else:
            owner_ids = [person.user_id] if person.user_id else _hr_ids(review.org_unit_id, hr_for_unit)
        for uid in dict.fromkeys(owner_ids):
            if uid != actor.pk and (uid, review.pk) not in done_today:
                wanted.append((review, uid))
    users = (
        get_user_model()
        .objects.select_related("employee", "notification_preference")
        .in_bulk({uid for _review, uid in wanted})
    )
    now = timezone.now()
    notifications, reminded = [], {}
    for review, uid in wanted:
        recipient = users[uid]
        overdue = review.due_date is not None and review.due_date < today
        maker = messages.overdue if overdue else messages.reminder
        rows = _row_values(
            recipient=recipient,
            review_id=review.pk,
            kind=Notification.Kind.OVERDUE if overdue else Notification.Kind.REMINDER,
            key=f"now:{review.pk}:{review.state}:{today.isoformat()}:{uid}",
            text=maker(
                recipient=recipient,
                employee_name=review.employee.name,
                cycle_name=review.cycle.name,
                state=review.state,
                due=review.due_date,
                own=uid == review.employee.user_id,
                version=review.cycle.template_version,
            ),
            now=now,
            due_date=review.due_date,
        )
        if rows:
            notifications += [Notification(**values, created_at=now, updated_at=now) for values in rows]
            reminded.setdefault(review, []).append(_name_of(recipient))
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    ReviewEvent.objects.bulk_create(
        ReviewEvent(
            review=review,
            actor=actor,
            transition=ReviewEvent.Kind.REMINDER_SENT,
            from_state=review.state,
            to_state=review.state,
            payload={"to": names},
            created_at=now,
        )
        for review, names in reminded.items()
    )
    if any(row.channel == Notification.Channel.EMAIL for row in notifications):
        queue_outbox()
    return sum(len(names) for names in reminded.values())


def _name_of(user) -> str:
    employee = getattr(user, "employee", None)
    return employee.name if employee is not None else user.get_username()
