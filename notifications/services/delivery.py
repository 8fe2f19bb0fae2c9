"""Delivery: build one e-mail from an outbox row and send it exactly once."""

import logging
from datetime import timedelta
from email.utils import make_msgid
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.text import single_line
from notifications import messages
from notifications.models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


class RequestClosedError(Exception):
    """The request for input a message is about closed before the message went out: it is not sent."""


def _address(address: str) -> str:
    """The recipient's address when it is one valid address; ``ValidationError`` otherwise (this
    row then fails for good: an address is refused, never "cleaned" into another one)."""
    validate_email(address)
    return address


def _email_for(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail of one outbox row. Every header is built on one line (``single_line``; the address
    must be valid), so a row written before names were validated cannot inject a header."""
    invitation = False
    if notification.informant_request_id is not None:
        from notifications.informants import fill_in_informant_link

        link = fill_in_informant_link(notification)  # an external's: made now, never stored
        if link is None:
            raise RequestClosedError(
                "The request for input was withdrawn, answered or expired before it was sent."
            )
        notification.link = link
    if notification.kind == Notification.Kind.PASSWORD_RESET:
        from notifications.password_reset import fill_in_reset_link, is_invitation

        notification.link = fill_in_reset_link(notification)  # made now, never stored
        invitation = is_invitation(notification)
    subject = single_line(notification.subject)
    context = {
        "notification": notification,
        "subject": subject,
        "organisation_name": settings.ORGANISATION_NAME,
        "invitation": invitation,
    }
    recipient = notification.recipient
    language = messages.language_of(recipient) if recipient is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[_address(recipient.email if recipient is not None else notification.address)],
        headers={"Message-ID": make_msgid(idstring=f"n{notification.pk}", domain="gesprekscyclus")},
    )
    email.attach_alternative(html, "text/html")
    if notification.attachment:
        method = "CANCEL" if "METHOD:CANCEL" in notification.attachment else "REQUEST"
        email.attach(
            "invitation.ics", notification.attachment, f"text/calendar; method={method}; charset=utf-8"
        )
    return email


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def deliver(notification_id: int) -> str:
    """Send one pending e-mail exactly once: the row is locked (others skip it) until it is marked sent.

    Returns ``"sent"``, ``"skipped"`` (sent, failed or locked by another worker already) or
    ``"failed"``. Never raises for the message itself: a mail server that is away
    (``SMTPException``, ``OSError``) is retried after 1, 5, 25, 125 minutes and given up after
    ``MAX_ATTEMPTS``; a message that cannot be built or sent at all (an invalid address, a
    header the mail library refuses) fails for good at once, with its reason in ``last_error``,
    so it never blocks the rows after it.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient__employee", "informant_request")
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
        if notification.recipient is not None and not notification.recipient.is_active:
            # they left after it was written: never send it
            notification.last_error = "The recipient's account was switched off before the message was sent."
            notification.failed_at = now
            notification.save(update_fields=["last_error", "failed_at", "updated_at"])
            return "failed"
        notification.attempts += 1
        try:
            email = _email_for(notification)
            email.message()  # builds every header now: a refused one is this row's failure, not the batch's
            email.send()
        except (SMTPException, OSError) as error:
            notification.last_error = _reason(error)
            if notification.attempts >= MAX_ATTEMPTS:
                notification.failed_at = now
            else:
                # 1, 5, 25, 125 minutes: the outbox flush picks it up again then.
                notification.next_attempt_at = now + timedelta(minutes=5 ** (notification.attempts - 1))
            notification.save(
                update_fields=["attempts", "last_error", "failed_at", "next_attempt_at", "updated_at"]
            )
            return "failed"
        except Exception as error:  # noqa: BLE001 - anything else will fail again: give this row up, not the batch
            logger.warning("Notification %s cannot be sent: %s", notification.pk, _reason(error))
            notification.last_error = _reason(error)
            notification.failed_at = now
            notification.save(update_fields=["attempts", "last_error", "failed_at", "updated_at"])
            return "failed"
        notification.sent_at = now
        notification.last_error = ""
        notification.save(update_fields=["attempts", "sent_at", "last_error", "updated_at"])
        return "sent"
