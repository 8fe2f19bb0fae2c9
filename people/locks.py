"""One lock for every write to the organisation's people (who exists, their manager, unit and account).

A write checks the people as they are (a manager chain without a loop, an unused number or address) and
then writes; two writers each checking before the other wrote would both pass (a loop made of two
changes that are each fine). The people import, SCIM provisioning and a manager set in the admin or API
therefore run one at a time: each takes this lock first, and reads what it checks after it.
"""

import zlib

from django.db import connection

#: The PostgreSQL advisory lock's key (any fixed number no other lock of the product uses).
PEOPLE_WRITES_KEY = zlib.crc32(b"gesprekscyclus:people-writes")


def people_writes_lock() -> None:
    """Wait for, then hold until the transaction ends, the lock of writes to people (PostgreSQL's
    ``pg_advisory_xact_lock``: released at commit or rollback, safe behind PgBouncer's transaction
    pooling). Call inside ``transaction.atomic`` before reading what the write checks. SQLite (the
    embedded run) has one writer at a time already: nothing to do. ``RuntimeError`` outside a
    transaction (a programming error: the lock would end at once)."""
    if not connection.in_atomic_block:
        raise RuntimeError("people_writes_lock() needs a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PEOPLE_WRITES_KEY])
