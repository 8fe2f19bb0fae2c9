"""E-mail backends for integration tests, loaded by worker processes through EMAIL_BACKEND."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    """Writes a marker, waits, then writes the message: a worker can be killed in the middle."""

    def send_messages(self, email_messages):
        marker_dir = Path(os.environ["SLOW_EMAIL_MARKERS"])
        marker_dir.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            (marker_dir / f"sending-{os.getpid()}-{time.monotonic_ns()}").write_text(message.subject)
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "30")))
        return super().send_messages(email_messages)
