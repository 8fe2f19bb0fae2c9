"""``manage.py migrate`` as the owner role when ``DATABASE_OWNER_URL`` is set, then the runtime role's grants.

Everything else is Django's ``migrate``; see ``core.database_roles``.
"""

from django.core.management.commands import migrate
from django.db import connections, transaction

from core.database_roles import as_owner, grant_runtime_privileges


class Command(migrate.Command):
    help = (
        "Django's migrate. With DATABASE_OWNER_URL set it connects as that owner role and afterwards "
        "grants the runtime role (DATABASE_URL's user) reads and writes, on the audit tables only "
        "SELECT and INSERT."
    )

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        with as_owner(connection) as runtime_role:
            result = super().handle(*args, **options)
            if runtime_role:
                with transaction.atomic(using=connection.alias):
                    audit = grant_runtime_privileges(connection=connection, runtime_role=runtime_role)
                if options["verbosity"] >= 1:
                    self.stdout.write(
                        f"Granted {runtime_role} reads and writes; on {len(audit)} audit tables only SELECT, INSERT."
                    )
        return result
