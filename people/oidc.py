"""Signing in through OpenID Connect (django-allauth's generic ``openid_connect`` provider).

allauth does the protocol (discovery, authorisation-code flow with PKCE, the token call, the ID token's
issuer, audience and expiry); this module decides who signs in, through the one rule in
``people.sign_in``: the provider's configured claim is matched to the account the import made, nobody
is created, leavers are refused. Providers are configured in config/settings/sso.py or the admin.
"""

import logging
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.signals import user_logged_in
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext

from people.importers.base import unit_paths
from people.importers.parse import PATH_SEPARATOR
from people.models import OrgUnit
from people.services import hr_scope_set
from people.sign_in import (
    MATCH_FIELDS,
    Identity,
    SignInRefusedError,
    account_for_identity,
    sign_in_refused_response,
)

logger = logging.getLogger(__name__)

#: ``match_on`` → the claim read when a provider's settings name none (config/settings/sso.py).
DEFAULT_CLAIMS = {"email": "email", "employee_number": "employeeNumber", "username": "preferred_username"}
#: The session key holding what RP-initiated logout needs (people.views.LogoutView).
LOGOUT_SESSION_KEY = "oidc_logout"
#: Every session made by signing in is checked by this backend on each request (leavers are refused).
SESSION_BACKEND = "people.backends.ActiveEmployeeBackend"


#: Claims by which a provider says the ``email`` claim is not vouched for when ``false``: the standard one,
#: and Entra ID's optional *email domain owner verified* (add it under *Token configuration*).
UNVERIFIED_EMAIL = ("email_verified", "xms_edov")


def identity_from_claims(app_settings: dict, claims: dict) -> Identity:
    """The asserted identity: ``app_settings["match_on"]`` (default ``email``) and the value of the claim
    ``app_settings["claim"]`` (default per ``DEFAULT_CLAIMS``) in ``claims`` (the ID token's claims, with
    the userinfo's over them). A list-valued claim gives its first value; a missing claim an empty value
    (``SignInRefusedError("no_identifier")`` in ``account_for_identity``). Raises
    ``SignInRefusedError("unverified")`` (the refusal page, 403) when the claim is ``email`` and the
    provider sends one of ``UNVERIFIED_EMAIL`` false (a provider that sends neither vouches for the
    addresses it holds)."""
    match_on = app_settings.get("match_on") or "email"
    if match_on not in MATCH_FIELDS:
        raise ValueError(f"match_on must be one of {MATCH_FIELDS}, not {match_on!r}")
    claim = app_settings.get("claim") or DEFAULT_CLAIMS[match_on]
    if claim == "email" and any(str(claims.get(name, "")).lower() == "false" for name in UNVERIFIED_EMAIL):
        # The provider says the person typed the address and never confirmed it (Keycloak with profile
        # editing, a guest in Entra ID): anyone could have typed someone else's.
        raise SignInRefusedError("unverified")
    value = claims.get(claim)
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return Identity(match_on=match_on, value="" if value is None else str(value))


def claims_of(sociallogin) -> dict:
    """The ID token's claims with the userinfo endpoint's over them (allauth's ``extra_data``)."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def hr_units_for_groups(groups: list, hr_groups: dict) -> list[OrgUnit] | None:
    """The units someone is HR for by their provider groups: ``hr_groups`` maps a group's name or id to a
    list of units, each an id or a path of names from the top (``"Gemeente / Burgerzaken"``); the units
    of every group in ``groups`` together. A reference to no unit is logged and skipped (a configuration
    error, not the person's). Raises nothing."""
    paths = unit_paths()
    wanted: dict[int, None] = {}
    for group in groups:
        for reference in hr_groups.get(str(group), []):
            if isinstance(reference, int) or str(reference).isdecimal():
                unit_id = int(reference)
            else:
                unit_id = paths.get(tuple(part.strip() for part in str(reference).split(PATH_SEPARATOR)))
            if unit_id is None:
                logger.warning("OIDC HR group %s names no unit: %r", group, reference)
                continue
            wanted[unit_id] = None
    units = OrgUnit.objects.in_bulk(list(wanted))
    return [units[pk] for pk in wanted if pk in units]


def hr_scope_from_claims(user, app_settings: dict, claims: dict) -> bool:
    """With ``app_settings["group_claim"]`` set, the provider's groups decide the person's HR scope
    (``app_settings["hr_groups"]``, see ``hr_units_for_groups``): set exactly, through the audited
    ``people.services.hr_scope_set`` (actor: the system), also taking away what groups no longer give.
    A token without the claim (Entra ID leaves it out above 200 groups) changes nothing. Returns whether
    the scope changed. Raises nothing of its own (the person was matched and is active)."""
    claim = app_settings.get("group_claim")
    if not claim or claims.get(claim) is None:
        return False
    groups = claims[claim] if isinstance(claims[claim], list | tuple) else [claims[claim]]
    units = hr_units_for_groups(groups, app_settings.get("hr_groups") or {})
    return hr_scope_set(user=user, org_units=units, actor=None)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Matches the person to an existing account; refuses with the Dutch refusal page (403) otherwise."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin):
        """Match on the configured claim (``people.sign_in.account_for_identity``), also when the provider's
        subject was linked to an account before: a link never outlives the account being switched off or
        its employee leaving. Links the subject to the matched account (allauth's SocialAccount). Raises
        ``ImmediateHttpResponse`` with the refusal page (403) when the person may not sign in."""
        app = sociallogin.account.get_provider().app
        try:
            user = account_for_identity(identity_from_claims(app.settings, claims_of(sociallogin)))
        except SignInRefusedError as error:
            logger.info(
                "OIDC sign-in refused (%s) for subject %s of %s",
                error.reason,
                sociallogin.account.uid,
                app.provider_id,
            )
            raise ImmediateHttpResponse(sign_in_refused_response(request, error)) from error
        user.backend = SESSION_BACKEND
        hr_scope_from_claims(user, app.settings, claims_of(sociallogin))
        if sociallogin.is_existing:
            if sociallogin.account.user_id != user.pk:
                logger.warning(
                    "OIDC subject %s of %s moved from account %s to %s (matched on its claim)",
                    sociallogin.account.uid,
                    app.provider_id,
                    sociallogin.account.user_id,
                    user.pk,
                )
                sociallogin.account.user = user
                sociallogin.account.save(update_fields=["user"])
            sociallogin.user = user
        else:
            sociallogin.connect(request, user)
            sociallogin.user = user

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        """Any failure of the protocol (cancelled at the provider, a refused or tampered ID token, the
        provider unreachable) ends on our page in the person's language (401), logged for IT."""
        logger.warning("OIDC sign-in through %s failed: %s %r", provider.name, error, exception)
        response = render(
            request,
            "registration/sign_in_refused.html",
            {
                "message": gettext(
                    "Logging in through your organisation did not work. Try again; if it keeps failing, "
                    "ask the IT department."
                )
            },
            status=401,
        )
        raise ImmediateHttpResponse(response)


class AccountAdapter(DefaultAccountAdapter):
    """allauth's account side is used only to finish a social login: no sign-up, no messages of its own
    (the product's pages say what happened), our login and logout pages."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def add_message(self, *args, **kwargs) -> None:
        return None

    def send_mail(self, template_prefix, email, context) -> None:
        # The product's mail goes through its outbox (notifications); allauth's own notices are not sent.
        logger.info("allauth's mail %s not sent", template_prefix)


#: Signature algorithms accepted for ID tokens (never ``none`` or a symmetric one chosen by the token).
ID_TOKEN_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")


def verify_id_token(id_token: str, *, openid_config: dict, audience: str) -> dict:
    """The claims of ``id_token`` once its signature (a key of the provider's JWKS: the one its ``kid``
    names, else each of them), issuer, audience (``audience``, our client id) and expiry hold; allauth's
    check, but never skipping the signature and taking a token without ``kid`` (one-key providers).
    Raises allauth's ``OAuth2Error`` otherwise, which the callback answers with the failure page (401)."""
    try:
        header = jwt.get_unverified_header(id_token)
        algorithm = header.get("alg")
        if algorithm not in ID_TOKEN_ALGORITHMS:
            raise OAuth2Error(f"ID token signed with {algorithm!r}")
        with get_social_adapter().get_requests_session() as session:
            response = session.get(openid_config["jwks_uri"])
            response.raise_for_status()
            keys = [key for key in response.json().get("keys", []) if key.get("use", "sig") == "sig"]
        if header.get("kid"):
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        for key in keys:
            try:
                claims = jwt.decode(
                    id_token,
                    key=jwt.PyJWK(key, algorithm).key,
                    algorithms=[algorithm],
                    issuer=openid_config["issuer"],
                    audience=audience,
                    options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                )
            except jwt.InvalidSignatureError:
                continue
            jwtkit.verify_jti(claims)
            return claims
        raise OAuth2Error("ID token: no key of the provider verifies its signature")
    except (jwt.PyJWTError, requests.RequestException, ValueError) as error:
        raise OAuth2Error(f"Invalid ID token: {error}") from error


class VerifyingOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, verifying the ID token's signature against the provider's JWKS
    always (allauth skips it when the token came straight from the token endpoint, which the
    specification allows over TLS), and keeping the raw ID token for RP-initiated logout."""

    def _decode_id_token(self, app, id_token: str) -> dict:
        return verify_id_token(id_token, openid_config=self.openid_config, audience=app.client_id)

    def complete_login(self, request, app, token, **kwargs):
        sociallogin = super().complete_login(request, app, token, **kwargs)
        sociallogin.oidc_logout = {
            "end_session_endpoint": self.openid_config.get("end_session_endpoint", ""),
            "id_token": kwargs["response"].get("id_token", ""),
            "client_id": app.client_id,
        }
        return sociallogin


def login(request, provider_id):
    """allauth's ``openid_connect_login`` view with the verifying adapter (404 for an unknown provider)."""
    try:
        return OAuth2LoginView.adapter_view(VerifyingOAuth2Adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


def callback(request, provider_id):
    """allauth's ``openid_connect_callback`` view with the verifying adapter."""
    try:
        return OAuth2CallbackView.adapter_view(VerifyingOAuth2Adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


def providers(request) -> list:
    """The OpenID Connect providers configured in settings and the admin, for the login page's buttons:
    each with ``name`` and ``login_url``."""
    return [
        provider
        for provider in get_social_adapter(request).list_providers(request)
        if provider.id == "openid_connect"
    ]


def provider_origin(provider) -> str:
    """The scheme, host and port of a provider's issuer (its sign-in page is there: Entra ID, SURFconext,
    Keycloak, AD FS), or "" when it has none."""
    parts = urlsplit(provider.app.settings.get("server_url", ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def end_session_url(details: dict, post_logout_redirect_uri: str) -> str:
    """The provider's ``end_session_endpoint`` with the RP-initiated logout parameters (``details`` as
    kept by ``remember_provider_session``)."""
    endpoint = details["end_session_endpoint"]
    query = urlencode(
        {
            "id_token_hint": details["id_token"],
            "client_id": details["client_id"],
            "post_logout_redirect_uri": post_logout_redirect_uri,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


@receiver(user_logged_in)
def remember_provider_session(sender, request, user, sociallogin=None, **kwargs):
    """Keeps what RP-initiated logout needs in the session of a person who signed in through a provider."""
    details = getattr(sociallogin, "oidc_logout", None) if sociallogin is not None else None
    if details and details["end_session_endpoint"]:
        request.session[LOGOUT_SESSION_KEY] = details


@register(Tags.security)
def check_provider_settings(app_configs, **kwargs):
    """Startup check: every provider configured by environment matches on a known field."""
    errors = []
    for app in settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", []):
        if (app["settings"].get("match_on") or "email") not in MATCH_FIELDS:
            errors.append(
                Error(
                    f"OIDC provider {app['provider_id']!r}: match_on must be one of {MATCH_FIELDS}",
                    id="people.E001",
                )
            )
    return errors
