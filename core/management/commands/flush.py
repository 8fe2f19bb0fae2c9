"""``manage.py flush`` as the owner role, the audit tables' TRUNCATE guard set aside for this one command.

Flush empties every table on purpose (a developer starting over; the test suite between
transactional tests), the audit trail with it. Only the owner may truncate the audit tables; on
PostgreSQL the command connects as the owner (``DATABASE_OWNER_URL``, see ``core.database_roles``)
and sets ``gesprekscyclus.erasing`` for its own connection, which the trigger lets through.
"""

from django.core.management.commands import flush
from django.db import connections

from core.database_roles import as_owner


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(**options)
        with as_owner(connection):
            with connection.cursor() as cursor:
                cursor.execute("SET gesprekscyclus.erasing = 'on'")
            try:
                return super().handle(**options)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("RESET gesprekscyclus.erasing")
