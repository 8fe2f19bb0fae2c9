"""Notifications: an outbox and an inbox in one table, preferences, scheduled talks."""

import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, check_constraint, unique_constraint
from core.text import validate_single_line
from reviewcycle.models import Review


class Notification(TimeStampedModel):
    """One message to one person on one channel.

    Written in the same transaction as the event that causes it; an e-mail row is the
    outbox (``sent_at`` empty until delivered), an in-app row is the inbox (``read_at``).
    ``dedupe_key`` is unique: a second attempt to create the same message is a no-op.
    """

    class Kind(models.TextChoices):
        YOUR_TURN = "your_turn", _("Your turn")
        REMINDER = "reminder", _("Reminder")
        OVERDUE = "overdue", _("Overdue")
        ESCALATION = "escalation", _("Escalation")
        FINAL = "final", _("Appraisal final")
        REASSIGNED = "reassigned", _("Review moved to another manager")
        CYCLE_OPENED = "cycle_opened", _("Cycle opened")
        INVITATION = "invitation", _("Calendar invitation")
        DIGEST = "digest", _("Daily digest")
        PASSWORD_RESET = "password_reset", _("Password reset")
        OBJECTION = "objection", _("Objection received")
        OBJECTION_DECIDED = "objection_decided", _("Objection decided")
        INFORMANT = "informant", _("Request for input")
        INFORMANT_REMINDER = "informant_reminder", _("Reminder of a request for input")

    # Ask someone to take a step: done (``handled_at``) once the step is taken, by whoever.
    ACTION_KINDS = [Kind.YOUR_TURN, Kind.REMINDER, Kind.OVERDUE, Kind.ESCALATION]

    # Sent at once whatever the recipient's e-mail preference (never in a digest), e-mail only.
    IMMEDIATE_KINDS = [Kind.PASSWORD_RESET]

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("In the application")
        EMAIL = "email", _("E-mail")

    # No index of its own: "notification_inbox" begins with it (one index less to write per reminder).
    # Empty only for an e-mail to an external informant, who has no account: then ``address`` says where.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
        null=True,
        blank=True,
    )
    address = models.EmailField(
        _("address"),
        blank=True,
        validators=[validate_single_line],
        help_text=_("An external informant's address (no account)."),
    )
    informant_request = models.ForeignKey(
        "reviewcycle.InformantRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The request for input this message is about (its link is made when it is sent)."),
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    dedupe_key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(_("subject"), max_length=300, validators=[validate_single_line])
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    attachment = models.TextField(_("calendar attachment (ics)"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    handled_at = models.DateTimeField(
        _("done at"),
        null=True,
        blank=True,
        help_text=_("When the step it asked for was taken: it needs no action any more."),
    )
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    last_error = models.TextField(_("last delivery error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    failed_at = models.DateTimeField(_("gave up at"), null=True, blank=True)
    digested_in = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The digest e-mail that carried this message."),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"], name="notification_inbox"),
            models.Index(
                fields=["next_attempt_at"],
                name="notification_outbox",
                condition=Q(channel="email", sent_at__isnull=True, failed_at__isnull=True),
            ),
        ]
        constraints = [
            check_constraint(
                condition=Q(recipient__isnull=False) | (Q(channel="email") & ~Q(address="")),
                name="notification_recipient_or_address",
                message=_("A message goes to a person, or by e-mail to an address."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient or self.address}: {self.subject}"


class NotificationPreference(models.Model):
    class EmailMode(models.TextChoices):
        IMMEDIATE = "immediate", _("Every e-mail at once")
        DAILY_DIGEST = "daily_digest", _("One daily digest")
        NONE = "none", _("No e-mail (only in the application)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_mode = models.CharField(
        _("e-mail"), max_length=15, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_mode_display()}"


class ScheduledTalk(TimeStampedModel):
    """A talk in the calendar; its invitation keeps one UID through reschedules (higher SEQUENCE).

    Planned while ``cancelled_at`` and ``held_on`` are empty. Once the manager records the talk, it
    is ``held_on`` that day; a talk planned after that day is also cancelled (``talk_mark_held``)."""

    class Kind(models.TextChoices):
        PLANNING = "planning", _("Planning talk")
        PROGRESS = "progress", _("Progress talk")
        APPRAISAL = "appraisal", _("Appraisal talk")

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="scheduled_talks")
    kind = models.CharField(_("talk"), max_length=10, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=300, blank=True, validators=[validate_single_line])
    video_link = models.URLField(_("video link"), blank=True, validators=[validate_single_line])
    uid = models.CharField(max_length=100, unique=True, default=uuid.uuid4)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    held_on = models.DateField(
        _("took place on"),
        null=True,
        blank=True,
        help_text=_("The day the talk was held, as the manager recorded it in the review."),
    )
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("scheduled talk")
        verbose_name_plural = _("scheduled talks")
        ordering = ["starts_at"]
        constraints = [
            check_constraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="talk_ends_after_start",
                message=_("A talk must end after it starts."),
            ),
            # One planned talk of a kind at a moment per review: a double submit cannot plan it twice.
            unique_constraint(
                fields=["review", "kind", "starts_at"],
                condition=Q(cancelled_at__isnull=True),
                name="talk_once_per_review_kind_and_time",
                message=_("This talk is already planned at this time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.review.employee.name} {self.starts_at:%Y-%m-%d %H:%M}"


def new_webhook_secret() -> str:
    """A signing secret as the Standard Webhooks specification writes it: ``whsec_`` + base64 of 32 random bytes."""
    import base64
    import secrets

    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


class WebhookEndpoint(TimeStampedModel):
    """An address another system (a personnel file, AFAS, Youforce) receives events at.

    Registered by HR or IT in the admin. Each event it subscribes to is posted to ``url``, signed
    with ``secret`` (``notifications.webhooks.signing``); the body carries ids and links only.
    """

    class Event(models.TextChoices):
        REVIEW_FINALISED = "review.finalised", _("Appraisal finalised")
        REVIEW_SIGNED = "review.signed", _("Appraisal signed")
        OBJECTION_DECIDED = "objection.decided", _("Objection decided")
        CYCLE_OPENED = "cycle.opened", _("Cycle opened")
        CYCLE_CLOSED = "cycle.closed", _("Cycle closed")
        PERSON_PROVISIONED = "person.provisioned", _("Person added")

    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    url = models.URLField(
        _("URL"), max_length=500, validators=[URLValidator(schemes=["http", "https"]), validate_single_line]
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_webhook_secret,
        help_text=_("The receiver checks each request's signature with this secret."),
    )
    events = models.JSONField(_("events"), default=list, blank=True)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Switched off, it gets nothing; what is waiting stays waiting."),
    )

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        unknown = [event for event in self.events or [] if event not in self.Event.values]
        if not isinstance(self.events, list) or unknown:
            raise ValidationError({"events": _("Unknown choice.")})


class WebhookDelivery(TimeStampedModel):
    """One event for one endpoint: the webhook outbox row, and its delivery log.

    Written in the same transaction as the event; ``event_id`` (the ``webhook-id`` header) is unique
    per endpoint, so the same event is never queued twice. ``body`` is stored as sent, so every
    attempt carries the same bytes.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Gave up")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.CharField(_("event id"), max_length=100)
    event_type = models.CharField(_("event"), max_length=30, choices=WebhookEndpoint.Event.choices)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last status code"), null=True, blank=True)
    last_response = models.TextField(_("last response (excerpt)"), blank=True)
    last_error = models.TextField(_("last delivery error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            unique_constraint(
                fields=["endpoint", "event_id"],
                name="webhook_event_once_per_endpoint",
                message=_("This event is already queued for this endpoint."),
            ),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="webhook_outbox", condition=Q(status="pending")),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint}"
