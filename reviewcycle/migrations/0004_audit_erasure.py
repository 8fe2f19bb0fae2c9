"""The audit tables stay append-only, except for the retention command's erasure of whole reviews.

The retention command sets ``gesprekscyclus.erasing`` for its own transaction only (SET LOCAL);
an UPDATE is refused always, a DELETE unless that is set.
"""

from django.db import migrations

FUNCTION = """
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

PREVIOUS = """
CREATE OR REPLACE FUNCTION gesprekscyclus_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records in % cannot be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS, params=None)


class Migration(migrations.Migration):
    dependencies = [("reviewcycle", "0003_field_bounds")]
    operations = [migrations.RunPython(forwards, backwards)]
