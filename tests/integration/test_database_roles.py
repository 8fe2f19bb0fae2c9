"""Two database roles, as in production: the runtime role cannot erase the audit trail; retention still can.

The test database was created and migrated by the owner role (DATABASE_OWNER_URL, see
tests/conftest.py); the tests, like the web app and the worker, connect as the runtime role.
"""

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from reviewcycle.models import CycleEvent, Review, ReviewAccess, ReviewEvent
from reviewcycle.services import cycle_close, review_cancel
from reviewcycle.services.retention import reviews_erase
from tests.integration.conftest import _unavailable

pytestmark = pytest.mark.django_db

AUDIT_TABLES = ["reviewcycle_reviewevent", "reviewcycle_cycleevent", "reviewcycle_reviewaccess"]
# Every app's audit trail has the same guard (core.audit.guard_tables).
GUARDED_TABLES = [*AUDIT_TABLES, "frameworks_frameworkevent", "people_peopleevent"]


@pytest.fixture
def runtime_role(postgresql):
    if not settings.DATABASE_OWNER:
        _unavailable("the database-role tests need DATABASE_OWNER_URL (the owner role) beside DATABASE_URL")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        role = cursor.fetchone()[0]
    assert role == settings.DATABASES["default"]["USER"] != settings.DATABASE_OWNER["USER"]
    return role


def refused(statement: str, params=None, *, first: str = "") -> str:
    """Run ``statement`` (after ``first``) as the runtime role; the database's refusal, which must come."""
    with transaction.atomic(), connection.cursor() as cursor:
        if first:
            cursor.execute(first)
        with pytest.raises(DatabaseError) as error, transaction.atomic():
            cursor.execute(statement, params)
    return str(error.value)


@pytest.fixture
def audited(review, org):
    ReviewAccess.objects.create(review=review, user=org.hr, via="page")
    return review


@pytest.mark.parametrize("table", GUARDED_TABLES)
def test_the_runtime_role_cannot_truncate_or_disable_the_guard(runtime_role, audited, table):
    assert "permission denied" in refused(f"TRUNCATE {table}")
    assert "permission denied" in refused(f"TRUNCATE {table} CASCADE")
    assert "must be owner" in refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    assert "must be owner" in refused(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
    assert "must be owner" in refused(f"DROP TRIGGER {table}_append_only ON {table}")


@pytest.mark.parametrize("table", AUDIT_TABLES)
def test_the_runtime_role_cannot_update_or_delete_audit_rows_even_with_the_erasure_flag(
    runtime_role, audited, table
):
    column = "cycle_id" if table == "reviewcycle_cycleevent" else "review_id"
    owner = audited.cycle_id if column == "cycle_id" else audited.pk
    assert "permission denied" in refused(
        f"UPDATE {table} SET created_at = now() WHERE {column} = %s", [owner]
    )
    assert "permission denied" in refused(f"DELETE FROM {table} WHERE {column} = %s", [owner])
    assert "permission denied" in refused(
        f"DELETE FROM {table} WHERE {column} = %s", [owner], first="SET LOCAL gesprekscyclus.erasing = 'on'"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {column} = %s", [owner])  # reading is allowed
        assert cursor.fetchone()[0] >= 1
    assert ReviewEvent.objects.filter(review=audited).exists()
    assert ReviewAccess.objects.filter(review=audited).exists()
    assert CycleEvent.objects.filter(cycle_id=audited.cycle_id).exists()


def test_the_runtime_role_cannot_take_ownership_or_grant_itself_more(runtime_role, audited):
    assert "must be owner" in refused(f"ALTER TABLE reviewcycle_reviewevent OWNER TO {runtime_role}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"GRANT DELETE ON reviewcycle_reviewevent TO {runtime_role}"
        )  # a no-op warning, not a grant
        cursor.execute("SELECT has_table_privilege(current_user, 'reviewcycle_reviewevent', 'DELETE')")
        assert cursor.fetchone()[0] is False
        cursor.execute("SELECT has_table_privilege(current_user, 'reviewcycle_review', 'DELETE')")
        assert cursor.fetchone()[0] is True  # the rest: normal reads and writes


def test_the_erasure_function_refuses_what_retention_may_not_erase(runtime_role, audited, cycle):
    """Open reviews in an open cycle: refused, nothing gone; the same reviews cancelled but the cycle open: refused."""
    ids = list(Review.objects.filter(cycle=cycle).values_list("id", flat=True))
    message = refused("SELECT gesprekscyclus_erase_reviews(%s::bigint[])", [ids])
    assert "not final, cancelled or exempt in a closed cycle" in message
    for review in Review.objects.filter(cycle=cycle):
        review_cancel(review=review, actor=None, reason="Proef")
    assert "not final, cancelled or exempt in a closed cycle" in refused(
        "SELECT gesprekscyclus_erase_reviews(%s::bigint[])", [ids]
    )
    with pytest.raises(ValueError, match="not done in a closed cycle"):
        reviews_erase(review_ids=ids)
    assert ReviewEvent.objects.filter(review=audited).exists()
    assert Review.objects.filter(pk__in=ids).count() == len(ids)


def test_retention_still_erases_through_the_function(runtime_role, audited, cycle, org):
    ids = list(Review.objects.filter(cycle=cycle).values_list("id", flat=True))
    for review in Review.objects.filter(cycle=cycle):
        review_cancel(review=review, actor=org.hr, reason="Reorganisatie")
    cycle_close(cycle=cycle, actor=org.hr)

    assert reviews_erase(review_ids=ids) == len(ids)

    assert not Review.objects.filter(pk__in=ids).exists()
    assert not ReviewEvent.objects.filter(review_id__in=ids).exists()
    assert not ReviewAccess.objects.filter(review_id__in=ids).exists()
    assert CycleEvent.objects.filter(cycle=cycle, action="close").exists()  # the cycle's log stays
    with connection.cursor() as cursor:  # and the flag did not outlive the function
        cursor.execute("SELECT current_setting('gesprekscyclus.erasing', true)")
        assert cursor.fetchone()[0] in (None, "", "off")
