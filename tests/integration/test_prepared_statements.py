"""On PostgreSQL repeated statements are prepared once, and a statement with more parameters than the
protocol carries still runs (the cursor merges those itself)."""

import pytest
from django.db import connection

from core.db import MAX_BOUND_PARAMETERS
from reviewcycle.models import Review


def test_a_statement_used_again_is_prepared(postgresql, review):
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    for _ in range(6):
        assert Review.objects.filter(employee_id=review.employee_id).get().pk == review.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "reviewcycle_review"' in statement and "$1" in statement for statement in prepared)


@pytest.mark.parametrize("ids", [MAX_BOUND_PARAMETERS, MAX_BOUND_PARAMETERS + 1, 100_000])
def test_a_list_of_a_hundred_thousand_ids_is_no_error(postgresql, review, ids):
    wanted = [*range(10**9, 10**9 + ids - 1), review.pk]
    assert list(Review.objects.filter(pk__in=wanted).values_list("pk", flat=True)) == [review.pk]
    assert Review.objects.filter(pk__in=wanted).update(role_label="Bijgewerkt") == 1
    assert Review.objects.get(pk=review.pk).role_label == "Bijgewerkt"
