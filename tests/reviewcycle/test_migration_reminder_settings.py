"""Migrating: each cycle takes over its notifications.ReminderPolicy (reviewcycle 0010)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

BEFORE = [("reviewcycle", "0009_review_hr_attention"), ("notifications", "0004_password_reset_kind")]
AFTER = [
    ("reviewcycle", "0010_cycle_reminder_settings"),
    ("notifications", "0005_reminder_settings_moved_to_cycle"),
]


def migrate(targets):
    """Through the project's ``migrate`` (as the owner on PostgreSQL, granting the runtime role after)."""
    for app, name in targets:
        call_command("migrate", app, name, verbosity=0)
    return MigrationLoader(connection).project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_cycles_take_over_their_reminder_policy(org):
    old = migrate(BEFORE)
    try:
        cycles = old.get_model("reviewcycle", "ReviewCycle")
        policies = old.get_model("notifications", "ReminderPolicy")
        version = old.get_model("frameworks", "FrameworkVersion").objects.filter(status="published").first()
        scale = old.get_model("frameworks", "RatingScale").objects.first()
        dates = {
            "planning_due": datetime.date(2026, 3, 1),
            "progress_due": datetime.date(2026, 7, 1),
            "self_assessment_due": datetime.date(2026, 10, 1),
            "scoring_due": datetime.date(2026, 11, 1),
            "appraisal_due": datetime.date(2026, 12, 1),
        }
        common = {"framework_version_id": version.pk, "rating_scale_id": scale.pk, **dates}
        with_policy = cycles.objects.create(name="Met beleid", **common)
        empty_policy = cycles.objects.create(name="Leeg beleid", **common)
        without = cycles.objects.create(name="Zonder beleid", **common)
        policies.objects.create(
            cycle=with_policy,
            reminder_offsets=[3, 10, 3],
            overdue_reminder_after_days=2,
            escalate_to_second_reviewer_after_days=5,
            escalate_to_hr_after_days=20,
            auto_start_appraisal=True,
        )
        policies.objects.create(cycle=empty_policy, reminder_offsets=[])
    finally:
        new = migrate(AFTER)
        call_command("migrate", verbosity=0)  # the rest of the suite runs on the latest schema
    cycles = new.get_model("reviewcycle", "ReviewCycle")
    fields = (
        "reminder_offsets",
        "overdue_reminder_after_days",
        "escalate_to_second_reviewer_after_days",
        "escalate_to_hr_after_days",
        "auto_start_appraisal",
    )
    settings = {name: values for name, *values in cycles.objects.values_list("name", *fields)}
    assert settings == {
        "Met beleid": [[10, 3], 2, 5, 20, True],
        "Leeg beleid": [[14, 7, 1], 1, 7, 14, False],
        "Zonder beleid": [[14, 7, 1], 1, 7, 14, False],
    }
    assert without.pk  # a cycle without a policy takes the defaults
