"""The personal link of an external informant: a single-use token of which only a hash is stored.

``token_issue`` makes a new token (``secrets.token_urlsafe``) for a request and stores its SHA-256; the
token itself exists only in the mail that carries it. ``request_for_token`` finds the request a token
belongs to, and refuses a token that is unknown (guessed, or replaced by a newer link), used (answered),
withdrawn or past its due date. Every refusal counts against the client's address in the cache (Redis
in production, as the figures and the login throttling use it): after ``TOKEN_FAILURES`` refusals within
``TOKEN_FAILURE_WINDOW`` seconds that address is refused at once (429) until the window is over.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from core.dates import long_date
from reviewcycle.models import InformantRequest

TOKEN_BYTES = 32
TOKEN_FAILURES = getattr(settings, "INFORMANT_TOKEN_FAILURES", 10)
TOKEN_FAILURE_WINDOW = getattr(settings, "INFORMANT_TOKEN_FAILURE_WINDOW", 15 * 60)

Status = InformantRequest.Status


class TooManyTokenFailuresError(Exception):
    """Too many refused links from one address (429, with ``retry_after`` seconds)."""

    def __init__(self, retry_after: int):
        super().__init__(_("Too many links were refused; try again in a quarter of an hour."))
        self.retry_after = retry_after


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(request: InformantRequest) -> str:
    """A new token for ``request`` (an external's, still open): its hash replaces any earlier one, so
    only the newest link works. Returns the token; it is never stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    InformantRequest.objects.filter(pk=request.pk).update(
        token_hash=token_hash(token), updated_at=timezone.now()
    )
    request.token_hash = token_hash(token)
    return token


def _failures_key(address: str | None) -> str:
    return f"informant-token-failures:{address or 'unknown'}"


def throttle_check(address: str | None) -> None:
    """``TooManyTokenFailuresError`` (429) when ``address`` had too many refused links lately."""
    if (cache.get(_failures_key(address)) or 0) >= TOKEN_FAILURES:
        raise TooManyTokenFailuresError(TOKEN_FAILURE_WINDOW)


def _refused(address: str | None) -> None:
    key = _failures_key(address)
    if cache.add(key, 1, TOKEN_FAILURE_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, TOKEN_FAILURE_WINDOW)


def request_for_token(token: str, *, address: str | None) -> InformantRequest:
    """The open request ``token`` belongs to, for the client at ``address``.

    Errors: ``TooManyTokenFailuresError`` (429) after too many refusals from ``address``; ``Http404`` (404) for
    a token that belongs to no request (guessed, or replaced by a newer link); ``TransitionNotAllowed``
    (409) for a link that was used, withdrawn or has expired. Each refusal counts for the throttle."""
    throttle_check(address)
    queryset = InformantRequest.objects.select_related(
        "review__cycle__template_version", "review__employee", "requested_by__employee"
    )
    request = queryset.filter(token_hash=token_hash(token or "")).first() if token else None
    if request is None:
        _refused(address)
        raise Http404(_("This link is not valid."))
    refusal = link_refusal(request)
    if refusal:
        _refused(address)
        raise TransitionNotAllowed(refusal)
    return request


def link_refusal(request: InformantRequest) -> str | None:
    """Why ``request``'s link no longer works (None: it does)."""
    if request.status == Status.ANSWERED:
        return _("This link has been used: your answer was received. You need not do anything more.")
    if request.status == Status.WITHDRAWN:
        return _("This request was withdrawn; no answer is needed any more.")
    if request.review.state in request.review.DONE_STATES:
        return _("This review is closed: no answer is needed any more.")
    if request.status == Status.EXPIRED or request.due_date < timezone.localdate():
        return _(
            "This link has expired: the answer was due on %(date)s. If you still want to give your view, "
            "ask the person who asked you for a new link."
        ) % {"date": long_date(request.due_date)}
    return None
