"""Signing in with SAML 2.0 (djangosaml2 on pysaml2): the routes under ``/saml2/``, the backend that matches
the asserted person to an existing account, and the pages a refusal shows.

Settings come from config/settings/saml.py; while SAML is off every route here answers 404. Who may sign in
is ``people.sign_in.account_for_identity``'s rule, the same as for OpenID Connect: nobody is created.
"""

import copy
import threading
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.decorators import decorator_from_middleware, method_decorator
from django.utils.translation import gettext_lazy as _
from djangosaml2 import views as saml_views
from djangosaml2.backends import Saml2Backend
from djangosaml2.middleware import SamlSessionMiddleware
from saml2.config import SPConfig

from people.sign_in import Identity, SignInRefusedError, account_for_identity, sign_in_refused_response

#: The refusal page's text when the provider's answer itself is not to be trusted (a bad signature, meant
#: for another service, expired, not an answer to our request).
NOT_VERIFIED = _(
    "Your organisation's login could not be verified. Log in again; if this keeps happening, ask the IT "
    "department."
)

_cache_lock = threading.Lock()
_cached: dict = {}


def sp_config(request=None) -> SPConfig:
    """pysaml2's service-provider configuration (``SAML_CONFIG_LOADER``), kept per process for
    ``SAML_METADATA_CACHE_SECONDS`` so the provider's metadata is not fetched for every login; a changed
    ``SAML_CONFIG`` (tests) loads anew. Raises pysaml2's errors when the metadata cannot be read."""
    key = repr(settings.SAML_CONFIG)
    with _cache_lock:
        if _cached.get("key") == key and time.monotonic() < _cached["until"]:
            return _cached["config"]
        config = SPConfig()
        config.load(copy.deepcopy(settings.SAML_CONFIG))
        _cached.update(key=key, config=config, until=time.monotonic() + settings.SAML_METADATA_CACHE_SECONDS)
        return config


class SamlBackend(Saml2Backend):
    """djangosaml2's backend with this product's rule for who signs in: the value of ``SAML_ATTRIBUTE`` (or
    the NameID) is matched on ``SAML_MATCH_ON`` by ``account_for_identity``. Raises ``SignInRefusedError``
    (the refusal page, 403) for an empty value, an unknown person or a leaver; never creates an account and
    never changes one from the assertion."""

    def clean_user_main_attribute(self, main_attribute):
        if not (main_attribute or "").strip():
            raise SignInRefusedError("no_identifier")
        return main_attribute.strip()

    def get_or_create_user(self, user_lookup_key, user_lookup_value, create_unknown_user, **kwargs):
        return account_for_identity(Identity(settings.SAML_MATCH_ON, user_lookup_value)), False


class _Refused(PermissionDenied):
    """Carries a ``SignInRefusedError`` through djangosaml2's view, which handles only PermissionDenied."""

    def __init__(self, error: SignInRefusedError):
        super().__init__(error.reason)
        self.error = error


def _only_when_configured(view):
    def guarded(request, *args, **kwargs):
        if not settings.SAML_ENABLED:
            raise Http404("SAML is not configured")
        return view(request, *args, **kwargs)

    return guarded


# The cookie that remembers our outstanding request lives on these routes only, not on every page.
_saml_session = decorator_from_middleware(SamlSessionMiddleware)


@method_decorator([_only_when_configured, _saml_session], name="dispatch")
class LoginView(saml_views.LoginView):
    """``GET /saml2/login/?next=``: a signed AuthnRequest to the provider (HTTP-Redirect binding)."""


@method_decorator([_only_when_configured, _saml_session], name="dispatch")
class AssertionConsumerServiceView(saml_views.AssertionConsumerServiceView):
    """``POST /saml2/acs/``: the provider's answer. Signed for us, in time and in answer to our request, it
    signs the matched person in and goes to ``next`` (else the home page, *Mijn gesprekscyclus*); anything
    else answers the Dutch refusal page (403)."""

    def authenticate_user(self, request, *args, **kwargs):
        try:
            return super().authenticate_user(request, *args, **kwargs)
        except SignInRefusedError as error:
            raise _Refused(error) from error

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        if isinstance(exception, _Refused):
            return sign_in_refused_response(request, exception.error)
        return render(request, "registration/sign_in_refused.html", {"message": NOT_VERIFIED}, status=403)


@method_decorator([_only_when_configured, _saml_session], name="dispatch")
class MetadataView(saml_views.MetadataView):
    """``GET /saml2/metadata/``: our SP metadata (entity id, ACS address, signing certificate) for the
    provider's administrator (SURFconext's SP dashboard, AD FS's relying party trust)."""


urlpatterns = [
    path("login/", LoginView.as_view(), name="saml2_login"),
    path("acs/", AssertionConsumerServiceView.as_view(), name="saml2_acs"),
    path("metadata/", MetadataView.as_view(), name="saml2_metadata"),
]
