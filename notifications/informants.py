"""Mail to informants: the request for input and the reminder before its due date, through the outbox.

A user informant gets the message in the inbox and by e-mail (as every other message, by their
preference), with a link to their request in the product. An external informant has no account: the
outbox row carries their ``address`` and no link; the link with a new token is made when the mail is
delivered (``fill_in_informant_link``), so the token is never stored (only its hash, on the request).
A reminder makes a new link: the newest mail's link is the one that works. A request withdrawn, answered
or expired by the time its mail goes out is not sent (to a user informant either, nor in their digest).

Nothing here tells the manager or the employee anything about who answered: only informants are mailed.
"""

from datetime import date

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.dates import long_date
from core.text import single_line
from notifications import messages
from notifications.models import Notification
from notifications.services.outbox import notify, queue_outbox
from reviewcycle.informants.selectors import is_open
from reviewcycle.informants.services import informants_to_remind
from reviewcycle.informants.tokens import token_issue
from reviewcycle.models import InformantRequest
from reviewcycle.selectors import actor_name

PLACEHOLDER = "{link}"


def request_link(request: InformantRequest) -> str:
    """Where a user informant answers ``request`` in the product."""
    return f"{settings.SITE_URL}/informant/{request.pk}/"


def token_link(token: str) -> str:
    """The external informant's personal link."""
    return f"{settings.SITE_URL}/informant/link/{token}/"


def _text(request: InformantRequest, language: str, *, reminder: bool) -> messages.Text:
    review = request.review
    with translation.override(language):
        values = {
            "employee": review.employee.name,
            "date": long_date(request.due_date),
            "asker": actor_name(request.requested_by),
        }
        if reminder:
            subject = _("Reminder: your view on %(employee)s, before %(date)s") % values
        else:
            subject = _("Your view on %(employee)s, asked by %(asker)s") % values
        anonymous = request.relation in (review.cycle.template_version.informant_anonymous_relations or [])
        lines = [
            _(
                "%(asker)s asks for your view on how %(employee)s works: how consistently you saw the "
                "behaviour described, and a few questions. Please answer before %(date)s."
            )
            % values,
            _("Your answer is shown only together with those of others, never on its own.")
            if anonymous
            else _("Your answer is shown with your name."),
        ]
        if request.is_external:
            lines.append(_("The link works once and until the due date; a newer mail's link replaces it."))
        return messages.Text(subject=single_line(subject), body="\n\n".join(str(line) for line in lines))


def _mail(request: InformantRequest, *, kind: str, key: str) -> int:
    if not request.is_external:
        return notify(
            recipients=[request.informant],
            review=request.review,
            kind=kind,
            key=key,
            text_for=lambda user: _text(
                request, messages.language_of(user), reminder=kind != Notification.Kind.INFORMANT
            ),
            link=request_link(request),
            due_date=request.due_date,
            informant_request_id=request.pk,
        )
    text = _text(request, settings.LANGUAGE_CODE, reminder=kind != Notification.Kind.INFORMANT)
    _row, created = Notification.objects.get_or_create(
        dedupe_key=f"{key}:mail"[:200],
        defaults={
            "recipient": None,
            "address": request.external_email,
            "review": request.review,
            "informant_request": request,
            "kind": kind,
            "channel": Notification.Channel.EMAIL,
            "subject": text.subject[:300],
            "body": text.body,
            "link": PLACEHOLDER,
            "due_date": request.due_date,
            "next_attempt_at": timezone.now(),
        },
    )
    if created:
        queue_outbox()
    return int(created)


def informant_request_mail(request: InformantRequest) -> int:
    """Write the request's mail (and, for a user, the inbox message) in the caller's transaction."""
    return _mail(request, kind=Notification.Kind.INFORMANT, key=f"informant:{request.pk}")


def informant_reminders(*, today: date | None = None) -> int:
    """The reminder two days before the due date of every open request; once per request (its key).
    Returns how many rows were written."""
    written = 0
    for request in informants_to_remind(today=today).select_related(
        "requested_by__employee", "review__cycle__template_version"
    ):
        written += _mail(
            request, kind=Notification.Kind.INFORMANT_REMINDER, key=f"informant-reminder:{request.pk}"
        )
    return written


def fill_in_informant_link(notification: Notification) -> str | None:
    """The link an external informant's mail carries, with a token made now (which replaces any earlier
    one); the stored link for a user informant. None when the request is no longer open (withdrawn,
    answered, expired, its review closed): the mail is not sent, whoever it is for."""
    request = notification.informant_request
    if request is None:
        return notification.link
    if not is_open(request, timezone.localdate()):
        return None
    if not request.is_external:
        return notification.link
    return token_link(token_issue(request))
