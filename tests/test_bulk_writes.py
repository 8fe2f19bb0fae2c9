"""core.bulk.Rows: rows go in with COPY on PostgreSQL (bulk_create elsewhere); with ``skip_conflicts`` a row
that breaks a unique constraint is left out and the others are written, as ignore_conflicts does."""

import pytest
from django.db import transaction
from django.utils import timezone

from core.bulk import Rows
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COLUMNS = ["recipient_id", "kind", "channel", "subject", "dedupe_key", "created_at", "updated_at"]


def row(user, key):
    now = timezone.now()
    return (user.pk, Notification.Kind.REMINDER, Notification.Channel.IN_APP, key, key, now, now)


def test_without_a_conflict_every_row_is_written():
    user = UserFactory()
    Rows(Notification, COLUMNS, Notification()).write([row(user, "a"), row(user, "b")], skip_conflicts=True)
    assert sorted(Notification.objects.values_list("dedupe_key", flat=True)) == ["a", "b"]


def test_a_row_written_before_is_skipped_and_the_others_are_written():
    """As when a concurrent sweep wrote some of the same reminders first: no duplicate, no error."""
    user = UserFactory()
    writer = Rows(Notification, COLUMNS, Notification())
    writer.write([row(user, "b")], skip_conflicts=True)
    with transaction.atomic():  # a sweep's transaction: the failed first try must not spoil it
        writer.write([row(user, "a"), row(user, "b"), row(user, "c")], skip_conflicts=True)
        assert Notification.objects.count() == 3
    assert sorted(Notification.objects.values_list("dedupe_key", flat=True)) == ["a", "b", "c"]
