"""Django's password reset, made the product's: its layout and Dutch text (templates/registration/),
a rate limit per e-mail address and per client address, and the mail through the outbox like every
other mail (the web process sends nothing itself; the worker delivers, with retries).

The outbox row never holds a usable link: it stores Django's placeholder (``set-password``) and the
worker puts a fresh token in when it sends (``fill_in_reset_link``), so nobody who can read the
table (the admin, a personal-data export) can take over the account.
"""

import hashlib
import logging
import uuid

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from notifications import messages
from notifications.models import Notification
from notifications.services import queue_outbox

logger = logging.getLogger(__name__)

PLACEHOLDER = auth_views.PasswordResetConfirmView.reset_url_token
#: How an invitation's outbox row is told from a reset's (same kind, same link): its ``dedupe_key`` prefix.
INVITATION_KEY = "account-invite:"


def password_reset_notify(*, user, uid: str, invitation: bool = False, queue: bool = True) -> Notification:
    """Write the reset e-mail for ``user`` (``uid``: Django's base64 user id) to the outbox; delivery
    is queued after commit (``queue`` False: the caller queues once, after writing many). Whatever the
    user's e-mail preference: they asked for this one now.
    ``invitation``: the first mail of an account HR made (``account_invite``), worded as a welcome."""
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    with translation.override(messages.language_of(user)):
        if invitation:
            subject = _("Your account for the performance cycle")
            body = _(
                "An account was made for you to hold your performance cycle (planning, progress and "
                "appraisal talks) online; your user name is %(username)s. Follow the link below within "
                "%(hours)s hours to choose your password. Has the link expired? Ask HR for a new one, or "
                "use “Forgot your password?” on the login page."
            ) % {"username": user.get_username(), "hours": hours}
        else:
            subject = _("Choose a new password")
            body = _(
                "Someone, probably you, asked to choose a new password for the account %(username)s. "
                "Follow the link below within %(hours)s hours to choose one. If you did not ask for this, "
                "ignore this message: your password stays as it is."
            ) % {"username": user.get_username(), "hours": hours}
    link = settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": PLACEHOLDER})
    notification = Notification.objects.create(
        recipient=user,
        kind=Notification.Kind.PASSWORD_RESET,
        channel=Notification.Channel.EMAIL,
        dedupe_key=f"{INVITATION_KEY if invitation else 'password-reset:'}{user.pk}:{uuid.uuid4().hex}",
        subject=subject,
        body=body,
        link=link,
        next_attempt_at=timezone.now(),
    )
    if queue:
        queue_outbox()
    return notification


def fill_in_reset_link(notification: Notification) -> str:
    """The link to send: the stored one with a token made now (valid ``PASSWORD_RESET_TIMEOUT`` from now)."""
    token = default_token_generator.make_token(notification.recipient)
    return notification.link.replace(f"/{PLACEHOLDER}/", f"/{token}/")


def is_invitation(notification: Notification) -> bool:
    """Whether a ``password_reset`` outbox row is an invitation (``account_invite``): its mail is worded
    as a welcome (the button, why it came)."""
    return notification.dedupe_key.startswith(INVITATION_KEY)


def invitable_accounts():
    """Active accounts of active employees, with an e-mail address, that never got a password (the people
    import makes them so) and never logged in: whom ``account_invite`` invites without being named."""
    return (
        get_user_model()
        .objects.filter(is_active=True, last_login__isnull=True, employee__active=True)
        .exclude(email="")
        .filter(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .select_related("employee")
        .order_by("employee__employee_number")
    )


def account_invite(*, users) -> list:
    """Send each of ``users`` (active accounts with an e-mail address) an invitation to choose a password:
    a welcome mail through the outbox with a set-password link valid ``PASSWORD_RESET_TIMEOUT``. Returns the
    users invited; an inactive account, one of an employee who left, one without an address, and one that
    has a password already (a welcome would be untrue: they use "Wachtwoord vergeten?") are skipped (the
    caller says so). With ``PASSWORD_LOGIN`` off nobody is invited (the ``invite`` command refuses)."""
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    invited = []
    if not settings.PASSWORD_LOGIN:  # people sign in through the identity provider: no password to choose
        return invited
    for user in users:
        employee = getattr(user, "employee", None)
        if not user.is_active or not user.email or (employee is not None and not employee.active):
            continue
        if user.has_usable_password():
            continue
        password_reset_notify(
            user=user, uid=urlsafe_base64_encode(force_bytes(user.pk)), invitation=True, queue=False
        )
        invited.append(user)
    if invited:  # once: each queuing hands every pending mail to the worker (thousands after an import)
        queue_outbox()
    return invited


class OutboxPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        """Active accounts with this address, also those without a password yet (the people import makes
        them so), never one of an employee who has left."""
        users = (
            get_user_model()
            ._default_manager.filter(email__iexact=email, is_active=True)
            .exclude(employee__active=False)
        )
        return (user for user in users if user.email.casefold() == email.casefold())

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        password_reset_notify(user=context["user"], uid=context["uid"])


def _counted(key: str, limit: int, window_seconds: int) -> bool:
    """Count one request under ``key``; False once more than ``limit`` came within the window.

    A cache that is down (Redis stopped, a folder not writable) lets the request through with a logged
    warning rather than a 500: the limit only protects the outbox, the mail still waits there for the
    worker, and refusing everyone a reset while Redis is down would lock people out for no gain."""
    try:
        cache.add(key, 0, timeout=window_seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, timeout=window_seconds)
            count = 1
    except (OSError, RedisError) as error:
        logger.warning("Password reset rate limit not applied: the cache is unavailable (%r).", error)
        return True
    return count <= limit


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's set-password page, which refuses a link (the "no longer works" page, nothing changed)
    for an account that is switched off or whose employee record is inactive: a link sent before
    someone left must not open the account after. For an account without a password yet (an invitation)
    it asks for *your* password, not a new one (``first_password``)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["first_password"] = self.validlink and not self.user.has_usable_password()
        return context

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or not user.is_active:
            return None
        employee = getattr(user, "employee", None)
        if employee is not None and not employee.active:
            return None
        return user


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, limited: ``PASSWORD_RESET_LIMIT_PER_ADDRESS`` requests per e-mail address
    and ``PASSWORD_RESET_LIMIT_PER_CLIENT`` per client address within ``PASSWORD_RESET_LIMIT_WINDOW_MINUTES``
    (counted in the cache web processes share); beyond that 429 with Retry-After, and no mail."""

    form_class = OutboxPasswordResetForm

    def dispatch(self, request, *args, **kwargs):
        """With ``PASSWORD_LOGIN`` off no link is sent (a password would open none of the product's
        pages): the page says to log in with the organisation's account."""
        if not settings.PASSWORD_LOGIN:
            return render(request, "registration/password_reset_off.html")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        window = settings.PASSWORD_RESET_LIMIT_WINDOW_MINUTES * 60
        address = request.POST.get("email", "").strip().casefold()
        address_key = hashlib.sha256(address.encode()).hexdigest()  # no e-mail addresses in the cache
        client = get_client_ip_address(request) or "unknown"
        within = [
            _counted(
                f"password-reset:address:{address_key}", settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, window
            ),
            _counted(f"password-reset:client:{client}", settings.PASSWORD_RESET_LIMIT_PER_CLIENT, window),
        ]
        if not all(within):
            minutes = settings.PASSWORD_RESET_LIMIT_WINDOW_MINUTES
            response = render(
                request, "registration/password_reset_limited.html", {"minutes": minutes}, status=429
            )
            response["Retry-After"] = str(window)
            return response
        return super().post(request, *args, **kwargs)
