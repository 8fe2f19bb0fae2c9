"""Trigram indexes for finding people by part of their name or number (issue 17): the search fields and
HR's review list ask ``UPPER(name) LIKE UPPER('%…%')``, which a btree cannot answer; without these the
search reads every employee. PostgreSQL only (``pg_trgm``, a trusted extension since PostgreSQL 13:
the database's owner may create it); on SQLite nothing changes."""

from django.db import migrations

INDEXES = {
    "people_employee_name_trgm": "UPPER(name) gin_trgm_ops",
    "people_employee_number_trgm": "UPPER(employee_number) gin_trgm_ops",
    "people_orgunit_name_trgm": "UPPER(name) gin_trgm_ops",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        table = "people_orgunit" if name.startswith("people_orgunit") else "people_employee"
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0011_constraint_messages")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
