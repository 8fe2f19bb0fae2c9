"""Reminders before due dates, overdue reminders, escalations: read from each cycle's settings and sent.

The time-driven transitions (expired response terms, the automatic start of the appraisal) are
reviewcycle's (``reviewcycle.services.timed``); notifications only reads and sends."""

from datetime import timedelta

from django.utils import timezone

from core.bulk import Rows
from notifications import messages
from notifications.models import Notification
from notifications.services.outbox import _row_values
from reviewcycle import rules, workflow
from reviewcycle.models import Review, ReviewCycle

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


def reminders_sweep(*, today=None) -> dict:
    """Reminders before due dates, an overdue reminder, escalations; each exactly once (the dedupe key).

    When is each open cycle's setting: ``reminder_offsets`` (days before the due date),
    ``overdue_reminder_after_days``, ``escalate_to_second_reviewer_after_days``,
    ``escalate_to_hr_after_days``. ``today``: a date, the organisation's local date by default.
    Returns ``{"candidates": n, "created": n}`` (``{"created": 0}`` without open cycles).
    """
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    cycles = {cycle.pk: cycle for cycle in ReviewCycle.objects.filter(state=ReviewCycle.State.OPEN)}
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
        *role_uids,
    ) in reviews.iterator(chunk_size=5000):
        cycle = cycles[cycle_id]
        owner_role = owner_roles[state]
        user_of = dict(zip(workflow.ROLE_FIELD, role_uids, strict=True))
        employee_uid, second_uid = user_of[rules.Role.EMPLOYEE], user_of[rules.Role.SECOND_REVIEWER]
        if owner_role == rules.Role.HR:
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


def _hr_ids(unit_id: int, cache: dict[int, list[int]]) -> list[int]:
    if unit_id not in cache:
        from people.models import OrgUnit

        cache[unit_id] = [user.pk for user in messages.hr_users_for(OrgUnit.objects.get(pk=unit_id))]
    return cache[unit_id]
