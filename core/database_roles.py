"""Two database roles on PostgreSQL: the owner migrates, the runtime role runs the product.

``DATABASE_URL`` names the *runtime* role: the web app, the worker and beat connect as it. With
``DATABASE_OWNER_URL`` set (same server and database, another user), ``manage.py migrate`` and
``manage.py flush`` connect as the *owner* instead: it owns the tables, the triggers and the
erasure function, and after every migration it grants the runtime role plain reads and writes on
every table, but on the audit tables (those guarded by the ``gesprekscyclus_append_only``
trigger) only SELECT and INSERT. The runtime role can then neither change, delete nor truncate
audit rows, nor disable their triggers (only an owner may); retention erases through the owner's
``SECURITY DEFINER`` function (reviewcycle migration 0005).

Without ``DATABASE_OWNER_URL`` (and on SQLite) there is one role, which owns everything: the
triggers still refuse changes by accident, but that role could lift them.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")
_SAVED = "_gesprekscyclus_runtime_credentials"

TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
AUDIT_PRIVILEGES = "SELECT, INSERT"
SEQUENCE_PRIVILEGES = "USAGE, SELECT"


def owner_credentials() -> dict | None:
    """The owner's user, password, host and port from ``DATABASE_OWNER_URL``; None when unset."""
    owner = getattr(settings, "DATABASE_OWNER", None)
    return {key: owner.get(key) or "" for key in CREDENTIALS} if owner else None


def use_owner(connection) -> str | None:
    """From now on ``connection`` connects as the owner; returns the runtime role's name.

    None when there is one role (no ``DATABASE_OWNER_URL``, the same user in both, or SQLite).
    Calling it again while the owner is in use changes nothing and returns the same name.
    """
    if getattr(connection, _SAVED, None) is not None:
        return getattr(connection, _SAVED)["USER"]
    owner = owner_credentials()
    if connection.vendor != "postgresql" or not owner or owner["USER"] == connection.settings_dict["USER"]:
        return None
    if connection.in_atomic_block:
        raise ImproperlyConfigured("Switching to the database owner inside a transaction is not possible.")
    saved = {key: connection.settings_dict.get(key) for key in CREDENTIALS}
    connection.close()
    connection.settings_dict.update(
        {key: value for key, value in owner.items() if value or key == "PASSWORD"}
    )
    setattr(connection, _SAVED, saved)
    return saved["USER"]


def use_runtime(connection) -> None:
    """Back to the runtime role after ``use_owner`` (nothing to do when the owner was not in use)."""
    saved = getattr(connection, _SAVED, None)
    if saved is None:
        return
    connection.close()
    connection.settings_dict.update(saved)
    setattr(connection, _SAVED, None)


@contextmanager
def as_owner(connection) -> Iterator[str | None]:
    """Run the block as the owner (see ``use_owner``); yields the runtime role's name or None."""
    already = getattr(connection, _SAVED, None) is not None
    runtime_role = use_owner(connection)
    try:
        yield runtime_role
    finally:
        if not already:
            use_runtime(connection)


def grant_runtime_privileges(*, connection, runtime_role: str) -> list[str]:
    """As the owner: what the runtime role may do, for every table there is now and will be.

    Returns the audit tables found (the tables the append-only trigger guards). Raises
    ``ImproperlyConfigured`` when the runtime role still owns tables (a database from before the
    two roles: a superuser moves them with ``REASSIGN OWNED BY <runtime> TO <owner>``).
    """
    role = connection.ops.quote_name(runtime_role)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = %s ORDER BY 1",
            [runtime_role],
        )
        owned = [row[0] for row in cursor.fetchall()]
        if owned:
            raise ImproperlyConfigured(
                f"The runtime role {runtime_role} owns {len(owned)} tables ({', '.join(owned[:3])}, ...). "
                f"As a superuser run: REASSIGN OWNED BY {runtime_role} TO <owner role>; then migrate again."
            )
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgfoid = to_regproc('gesprekscyclus_append_only') ORDER BY 1"
        )
        audit_tables = [row[0] for row in cursor.fetchall()]
        statements = [
            f"GRANT USAGE ON SCHEMA public TO {role}",
            f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {role}",
            f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA public TO {role}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {TABLE_PRIVILEGES} ON TABLES TO {role}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {role}",
        ]
        statements += [
            f"REVOKE ALL ON {connection.ops.quote_name(table)} FROM {role}, PUBLIC" for table in audit_tables
        ]
        statements += [
            f"GRANT {AUDIT_PRIVILEGES} ON {connection.ops.quote_name(table)} TO {role}"
            for table in audit_tables
        ]
        cursor.execute("SELECT to_regprocedure('gesprekscyclus_erase_reviews(bigint[])') IS NOT NULL")
        if cursor.fetchone()[0]:
            statements += [
                "REVOKE ALL ON FUNCTION gesprekscyclus_erase_reviews(bigint[]) FROM PUBLIC",
                f"GRANT EXECUTE ON FUNCTION gesprekscyclus_erase_reviews(bigint[]) TO {role}",
            ]
        for statement in statements:
            cursor.execute(statement)
    return audit_tables
