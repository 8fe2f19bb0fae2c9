"""Login accounts' API tokens: issued for a lifetime, revoked on logout, password change and leaving.

``API_TOKEN_LIFETIME_HOURS`` (settings) is how long a token from ``POST /api/v1/auth/token/`` works;
after that the API answers 401 and the client asks for a new one with its username and password.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token


def password_login_allowed(*, user) -> bool:
    """Whether ``user`` may log in with a password outside the admin's break-glass login (the API's
    ``POST /api/v1/auth/token/``). ``PASSWORD_LOGIN`` on: everyone. Off: only accounts without an employee
    record (an integration's service account, an administrator); employees sign in through the
    organisation's identity provider, so a password (set through a reset link) opens nothing for them
    and cannot bypass the provider's second factor. The caller answers False with 403."""
    if settings.PASSWORD_LOGIN:
        return True
    return not hasattr(user, "employee")


def api_token_lifetime() -> timedelta:
    return timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)


def api_token_expires_at(*, token: Token) -> datetime:
    return token.created + api_token_lifetime()


def api_token_is_expired(*, token: Token, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= api_token_expires_at(token=token)


@transaction.atomic
def api_token_issue(*, user) -> Token:
    """The user's token: the one they have while it lasts, else a new one (an expired one is deleted)."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and not api_token_is_expired(token=token):
        return token
    Token.objects.filter(user=user).delete()
    token, _created = Token.objects.get_or_create(user=user)
    return token


def api_tokens_revoke(*, user_ids: Iterable[int]) -> int:
    """Delete the API tokens of these users (logout, password change, leaving). Returns how many."""
    deleted, _per_model = Token.objects.filter(user_id__in=list(user_ids)).delete()
    return deleted
