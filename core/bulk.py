"""Bulk writes for the few paths that create rows by the hundred thousand (opening a cycle, a sweep).

On PostgreSQL rows go in with ``COPY`` (ids reserved from the table's sequence first, so rows can
point at each other); elsewhere through ``bulk_create``. Rows that may break a unique constraint are
copied straight in too, and only when one does they go round through a scratch table (``write``). Rows are tuples in the order of the
columns a ``Rows`` names; every other column takes its value from a template instance, so a new
field with a default needs no change here.
"""

import uuid
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Max


class Rows:
    """Rows of ``model`` given as tuples for ``fields``; the other columns as in ``template``."""

    def __init__(self, model: type[models.Model], fields: Sequence[str], template: models.Model):
        self.model = model
        self.fields = list(fields)
        given = {model._meta.get_field(name).attname: name for name in self.fields}
        # The primary key is the database's to number unless ids were reserved and given.
        concrete = [
            field
            for field in model._meta.concrete_fields
            if not (field.primary_key and field.attname not in given)
        ]
        self.columns = [field.column for field in concrete]
        self._slots = []  # for each column: the index in a given row, or None for the template's value
        self._defaults = []
        for field in concrete:
            if field.attname in given:
                self._slots.append(self.fields.index(given[field.attname]))
                self._defaults.append(None)
            else:
                self._slots.append(None)
                self._defaults.append(field.get_db_prep_save(getattr(template, field.attname), connection))
        # Given values are plain Python that the driver adapts itself (ids, text, dates, aware datetimes);
        # only JSON needs the field's own preparation. Preparing every value costs more than the COPY.
        self._json = [
            (model._meta.get_field(name), index)
            for index, name in enumerate(self.fields)
            if isinstance(model._meta.get_field(name), models.JSONField)
        ]

    def full(self, row: Sequence) -> list:
        if self._json:
            row = list(row)
            for field, index in self._json:
                row[index] = field.get_db_prep_save(row[index], connection)
        return [self._defaults[n] if slot is None else row[slot] for n, slot in enumerate(self._slots)]

    def write(self, rows: Iterable[Sequence], *, skip_conflicts: bool = False) -> int:
        """Write the rows; the count of rows given. ``skip_conflicts``: a row that would break a unique
        constraint is left out, as ``bulk_create(ignore_conflicts=True)`` does."""
        if connection.vendor != "postgresql":
            objects = [self.model(**dict(zip(self._attnames(), row, strict=True))) for row in rows]
            self.model.objects.bulk_create(objects, batch_size=2000, ignore_conflicts=skip_conflicts)
            return len(objects)
        table = connection.ops.quote_name(self.model._meta.db_table)
        if not skip_conflicts:
            with transaction.atomic():
                return self._copy(rows, table)
        # COPY has no ON CONFLICT. Most writes that may conflict do not (a sweep leaves out what it made
        # before): the rows are copied into the table at once, and only if one breaks a unique constraint
        # (a concurrent sweep wrote it first) that copy is undone and the rows go to a scratch table of this
        # transaction, and from there into the table with one INSERT … ON CONFLICT DO NOTHING.
        # The rows are kept as they are copied (the copy still runs beside the making of the rows), for
        # the scratch table should the copy fail.
        rows, kept = iter(rows), []

        def keeping():
            for row in rows:
                kept.append(self.full(row))
                yield kept[-1]

        try:
            with transaction.atomic():
                return self._copy(keeping(), table, prepared=True)
        # The COPY goes through psycopg's own cursor: its error is psycopg's, not Django's wrapper.
        except (IntegrityError, connection.Database.IntegrityError):
            pass
        rows = [*kept, *(self.full(row) for row in rows)]  # the rest, if the copy stopped half-way
        columns = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        scratch = connection.ops.quote_name(f"bulk_{uuid.uuid4().hex}")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA"
            )
            count = self._copy(rows, scratch, prepared=True)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {scratch} ON CONFLICT DO NOTHING"
            )
            cursor.execute(f"DROP TABLE {scratch}")
        return count

    def _copy(self, rows: Iterable[Sequence], table: str, *, prepared: bool = False) -> int:
        """COPY the rows into ``table`` (quoted); ``prepared``: rows are ``full`` already."""
        count = 0
        columns = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row if prepared else self.full(row))
                count += 1
        return count

    def _attnames(self) -> list[str]:
        return [self.model._meta.get_field(name).attname for name in self.fields]


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``, so rows written together can refer to each other."""
    if count == 0:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
    # SQLite writes one transaction at a time: the ids after the highest are free until it commits.
    start = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    return list(range(start, start + count))
