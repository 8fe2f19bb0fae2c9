"""Logging in and out of the API, whose address a login comes from (throttling), and what a locked-out
login gets (a page for people, JSON for API clients; both 429)."""

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from people.accounts import api_token_issue, api_tokens_revoke, password_login_allowed


def client_address(request) -> str | None:
    """The client's address for login throttling (django-axes' ``AXES_CLIENT_IP_CALLABLE``).

    Behind ``TRUSTED_PROXY_COUNT`` proxies it is the one the outermost proxy saw: each proxy appends
    the address it received the request from to X-Forwarded-For, so that one is the N-th from the
    end; whatever a client wrote in front of it is ignored. Without proxies (or with fewer entries
    than proxies) it is the connection's own address.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request.path.startswith("/api/"):
        message = _(
            "Logging in has failed too often for this account from your address; try again in "
            "%(minutes)s minutes."
        ) % {"minutes": minutes}
        return JsonResponse({"detail": message}, status=429, headers={"Retry-After": str(minutes * 60)})
    response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")


class ThrottledObtainAuthToken(ObtainAuthToken):
    """Exchange a username and password for an API token, valid for ``API_TOKEN_LIFETIME_HOURS``; 403 for an
    employee's account while ``PASSWORD_LOGIN`` is off (they sign in through the organisation). After
    too many wrong passwords for one account from one address the answer is 429 (with Retry-After) for a
    while, as on the login page."""

    # Anonymous: a caller whose token has expired gets a new one here instead of a 401 for the old one.
    authentication_classes = ()
    permission_classes = (AllowAny,)
    # JSON, as every other write of the API (DRF's view would take forms too).
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    @extend_schema(request=AuthTokenSerializer, responses=TokenSerializer)
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except ValidationError:
            # axes marks the request it was given: here DRF's, which the middleware never sees.
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request._request)
            raise
        if not password_login_allowed(user=serializer.validated_data["user"]):
            raise PermissionDenied(_("Log in with your organisation's account."))
        token = api_token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key})


class LogoutApi(APIView):
    """Log out of the API: the caller's token stops working (and a browser session ends)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        api_tokens_revoke(user_ids=[request.user.pk])
        if isinstance(request.successful_authenticator, SessionAuthentication):
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
