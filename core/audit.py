"""What every app's audit trail is built on: append-only rows of a typed kind.

An audit row is written once. The ORM refuses to change or delete it; on PostgreSQL the database
does too, by the trigger ``APPEND_ONLY_FUNCTION`` (``guard_tables`` in a migration puts it on a
table). Each audit model has a nested ``Kind`` (``models.TextChoices``): the value is what is
stored, the label is the past-tense line the history shows ("Plan signed"). A change keeps what it
changed in two JSON fields, as Zulip's audit log does: ``old_value`` and ``new_value``, each
``{field: value}`` for the fields the action set (``None`` when the event is not a change).
"""

from django.core.exceptions import PermissionDenied
from django.db import migrations, models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Audit records cannot be changed.")

    def delete(self):
        raise PermissionDenied("Audit records cannot be deleted.")


class AppendOnlyModel(models.Model):
    """Rows that are written once: the ORM refuses updates and deletes (PostgreSQL does too, by trigger)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit records cannot be deleted.")


def require_kind(kinds: type[models.TextChoices], kind) -> models.TextChoices:
    """``kind`` itself when it is one of ``kinds``; ``ValueError`` for anything else, a plain string too
    (an event is recorded by naming its kind, so a typo fails where it is written)."""
    if not isinstance(kind, kinds):
        raise ValueError(f"{kind!r} is not a kind of {kinds.__qualname__}")
    return kind


# The same function reviewcycle's migration 0006 installs (CREATE OR REPLACE: whichever app migrates
# first creates it): UPDATE, DELETE and TRUNCATE refused, but for the owner's deliberate erasure.
APPEND_ONLY_FUNCTION = """
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


def guard_tables(*tables: str) -> migrations.RunPython:
    """A migration operation: on PostgreSQL the database refuses UPDATE, DELETE and TRUNCATE on ``tables``
    (and ``core.database_roles`` grants the runtime role only SELECT and INSERT on them)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(APPEND_ONLY_FUNCTION, params=None)
        for table in tables:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION gesprekscyclus_append_only()"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION gesprekscyclus_append_only()"
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")

    return migrations.RunPython(forwards, backwards)


def check_stored_kinds(app_label: str, model_name: str, field: str, kinds: list[str]) -> migrations.RunPython:
    """A migration operation that stops when a stored ``field`` is not one of ``kinds`` (before a
    constraint makes it a rule): audit rows cannot be corrected, so a person has to look."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        unknown = sorted(
            set(model.objects.exclude(**{f"{field}__in": kinds}).values_list(field, flat=True).distinct())
        )
        if unknown:
            raise RuntimeError(
                f"{app_label}.{model_name}.{field} holds values that are not a kind: {', '.join(unknown)}. "
                "Audit rows are not changed by a migration; erase test or benchmark data "
                "(manage.py flush) or add these kinds first."
            )

    return migrations.RunPython(forwards, migrations.RunPython.noop)
