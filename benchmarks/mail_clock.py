"""An e-mail backend that notes when each message reached it, for benchmarks/workers.py.

A worker process loads it through ``EMAIL_BACKEND=benchmarks.mail_clock.ReceivedAtBackend``; every
message it is handed appends one line, ``<notification id> <unix time>``, to ``MAIL_CLOCK_FILE``
(appends of a short line are atomic, so several workers may share the file). Nothing is sent.
"""

import os
import re
import time

from django.core.mail.backends.base import BaseEmailBackend

NOTIFICATION_ID = re.compile(r"\.n(\d+)@gesprekscyclus>")


class ReceivedAtBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        lines = ""
        for message in email_messages:
            match = NOTIFICATION_ID.search(message.extra_headers.get("Message-ID", ""))
            lines += f"{match.group(1) if match else 0} {time.time():.6f}\n"
        with open(os.environ["MAIL_CLOCK_FILE"], "a", encoding="ascii") as clock:
            clock.write(lines)
        return len(email_messages)


def received(path) -> dict[int, float]:
    """Notification id → when its e-mail reached the backend (the first time)."""
    times: dict[int, float] = {}
    if os.path.exists(path):
        with open(path, encoding="ascii") as clock:
            for line in clock:
                ident, at = line.split()
                times.setdefault(int(ident), float(at))
    return times
