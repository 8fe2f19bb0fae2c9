"""Indexes for finding people and units by part of their name and people by the start of their number
(issue 17, ``people.selectors.person_matches``): ``UPPER(name) LIKE UPPER('%…%')`` needs a trigram index
(a btree cannot answer it), ``UPPER(employee_number) LIKE 'X%'`` a btree on the upper-cased number;
without them every search reads every employee. PostgreSQL only (``pg_trgm``, a trusted extension since PostgreSQL 13:
the database's owner may create it); on SQLite nothing changes."""

from django.db import migrations

INDEXES = {
    "people_employee_name_trgm": "people_employee USING gin (UPPER(name) gin_trgm_ops)",
    "people_employee_number_upper": "people_employee (UPPER(employee_number) text_pattern_ops)",
    "people_orgunit_name_trgm": "people_orgunit USING gin (UPPER(name) gin_trgm_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0011_constraint_messages")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
