"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit tables."""

from django.db import migrations

TABLES = ["reviewcycle_reviewevent", "reviewcycle_cycleevent", "reviewcycle_reviewaccess"]

FUNCTION = """
CREATE OR REPLACE FUNCTION gesprekscyclus_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records in % cannot be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION gesprekscyclus_append_only()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS gesprekscyclus_append_only()")


class Migration(migrations.Migration):
    dependencies = [("reviewcycle", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
