"""Logging in and staying logged in: only with an active account of an employee who still works here."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from people.accounts import api_token_is_expired
from people.demo import demo_password_refused
from people.models import Employee


class ActiveEmployeeBackend(ModelBackend):
    """Django's username/password backend, refusing anyone whose employee record is inactive.

    Leaving turns the account off (``people.services.employees_leave``); this also refuses an
    account switched on again by hand, or one of an employee who left before that was so. Users
    without an employee record (the Django admin) are judged by their account alone. Outside demo mode
    the demo password opens no account (``people.demo.demo_password_refused``).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if demo_password_refused(password):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not (
            Employee.objects.filter(user_id=user.pk, active=False).exists()
        )

    def get_user(self, user_id):
        # Every request with a session asks: one query, as Django's own.
        try:
            return (
                get_user_model()
                ._default_manager.exclude(employee__active=False)
                .get(pk=user_id, is_active=True)
            )
        except get_user_model().DoesNotExist:
            return None


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token …``, refused (401) once the token is older than ``API_TOKEN_LIFETIME_HOURS``,
    its account is off, or its employee has left. One query, as DRF's own."""

    def authenticate_credentials(self, key):
        token = (
            Token.objects.select_related("user")
            .exclude(user__employee__active=False)
            .filter(key=key, user__is_active=True)
            .first()
        )
        if token is None:
            raise AuthenticationFailed(_("Invalid token."))
        if api_token_is_expired(token=token):
            token.delete()
            raise AuthenticationFailed(_("The token has expired; ask for a new one."))
        return (token.user, token)
