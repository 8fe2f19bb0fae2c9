"""Delivery: build one e-mail from an outbox row and send it exactly once."""

from datetime import timedelta
from email.utils import make_msgid
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications import messages
from notifications.models import Notification

MAX_ATTEMPTS = 5


def _email_for(notification: Notification) -> EmailMultiAlternatives:
    context = {"notification": notification, "organisation_name": settings.ORGANISATION_NAME}
    with translation.override(messages.language_of(notification.recipient)):
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    email = EmailMultiAlternatives(
        subject=notification.subject,
        body=text,
        to=[notification.recipient.email],
        headers={"Message-ID": make_msgid(idstring=f"n{notification.pk}", domain="gesprekscyclus")},
    )
    email.attach_alternative(html, "text/html")
    if notification.attachment:
        method = "CANCEL" if "METHOD:CANCEL" in notification.attachment else "REQUEST"
        email.attach(
            "invitation.ics", notification.attachment, f"text/calendar; method={method}; charset=utf-8"
        )
    return email


def deliver(notification_id: int) -> str:
    """Send one pending e-mail exactly once: the row is locked (others skip it) until it is marked sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient__employee")
            .filter(
                pk=notification_id,
                channel=Notification.Channel.EMAIL,
                sent_at__isnull=True,
                failed_at__isnull=True,
            )
            .first()
        )
        if notification is None:
            return "skipped"
        now = timezone.now()
        notification.attempts += 1
        try:
            _email_for(notification).send()
        except (SMTPException, OSError) as error:
            notification.last_error = f"{type(error).__name__}: {error}"[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.failed_at = now
            else:
                # 1, 5, 25, 125 minutes: the outbox flush picks it up again then.
                notification.next_attempt_at = now + timedelta(minutes=5 ** (notification.attempts - 1))
            notification.save(
                update_fields=["attempts", "last_error", "failed_at", "next_attempt_at", "updated_at"]
            )
            return "failed"
        notification.sent_at = now
        notification.last_error = ""
        notification.save(update_fields=["attempts", "sent_at", "last_error", "updated_at"])
        return "sent"
