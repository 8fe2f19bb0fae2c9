"""The audit trail on PostgreSQL: erased only through one function, never truncated.

With two database roles (README, *Database roles*) the owner runs the migrations and owns the
tables; the application's runtime role may only read and add audit rows (``manage.py migrate``
grants that, ``core.database_roles``). Retention erases audit rows through
``gesprekscyclus_erase_reviews``: a ``SECURITY DEFINER`` function owned by the owner role that
erases whole reviews, only those final, cancelled or exempt in a closed cycle, their audit rows
with them. ``TRUNCATE`` is refused by a trigger, like ``UPDATE`` and ``DELETE``; ``manage.py flush``
(run as the owner) is the one path that empties the tables on purpose (``gesprekscyclus.erasing``).
"""

from django.db import migrations

TABLES = ["reviewcycle_reviewevent", "reviewcycle_cycleevent", "reviewcycle_reviewaccess"]

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION gesprekscyclus_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('gesprekscyclus.erasing', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit records in % cannot be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

PREVIOUS_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION gesprekscyclus_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('gesprekscyclus.erasing', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit records in % cannot be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

ERASE_REVIEWS = """
CREATE OR REPLACE FUNCTION gesprekscyclus_erase_reviews(review_ids bigint[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    refused bigint[];
    erased integer;
BEGIN
    PERFORM 1 FROM reviewcycle_review WHERE id = ANY(review_ids) ORDER BY id FOR UPDATE;
    SELECT array_agg(r.id ORDER BY r.id) INTO refused
      FROM reviewcycle_review r JOIN reviewcycle_reviewcycle c ON c.id = r.cycle_id
     WHERE r.id = ANY(review_ids)
       AND NOT (r.state IN ('final', 'cancelled', 'exempt') AND c.state = 'closed');
    IF refused IS NOT NULL THEN
        RAISE EXCEPTION 'reviews % are not final, cancelled or exempt in a closed cycle: not erased', refused
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('gesprekscyclus.erasing', 'on', true);
    DELETE FROM reviewcycle_reviewevent WHERE review_id = ANY(review_ids);
    DELETE FROM reviewcycle_reviewaccess WHERE review_id = ANY(review_ids);
    DELETE FROM reviewcycle_review WHERE id = ANY(review_ids);
    GET DIAGNOSTICS erased = ROW_COUNT;
    PERFORM set_config('gesprekscyclus.erasing', 'off', true);
    RETURN erased;
END;
$$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(APPEND_ONLY, params=None)
    schema_editor.execute(ERASE_REVIEWS, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION gesprekscyclus_append_only()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS gesprekscyclus_erase_reviews(bigint[])")
    schema_editor.execute(PREVIOUS_APPEND_ONLY, params=None)


class Migration(migrations.Migration):
    dependencies = [("reviewcycle", "0005_cycle_opening_job")]
    operations = [migrations.RunPython(forwards, backwards)]
