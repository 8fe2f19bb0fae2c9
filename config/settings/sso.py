"""Single sign-on through OpenID Connect (django-allauth's generic ``openid_connect`` provider), read from
the environment. README, "Single sign-on"; docs/sso.md has the steps per identity provider.

Providers come from the environment (this module) and from the admin (*Social applications*, provider
*OpenID Connect*); both may be used at once, each with its own ``provider_id``. Nothing here is needed for
``bin/demo``: without providers the login page is the password form alone.
"""

import json

from django.core.exceptions import ImproperlyConfigured

INSTALLED_APPS = [
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]
MIDDLEWARE = ["allauth.account.middleware.AccountMiddleware"]


def oidc_app(config: dict) -> dict:
    """One provider as allauth's ``APPS`` entry, from the keys of ``OIDC_PROVIDERS``: ``id``, ``name``,
    ``issuer``, ``client_id``, ``client_secret``, ``scopes`` (list or space-separated), ``match_on``,
    ``claim``, ``group_claim``, ``hr_groups`` (``match_on`` is checked at startup by people.oidc's
    system check).
    ``ImproperlyConfigured`` for a missing ``id``, ``issuer`` or ``client_id``."""
    missing = [key for key in ("id", "issuer", "client_id") if not config.get(key)]
    if missing:
        raise ImproperlyConfigured(f"OIDC provider {config.get('id', '?')!r} lacks {', '.join(missing)}")
    scopes = config.get("scopes") or "openid profile email"
    if isinstance(scopes, str):
        scopes = scopes.split()
    return {
        "provider_id": config["id"],
        "name": config.get("name") or config["id"],
        "client_id": config["client_id"],
        "secret": config.get("client_secret", ""),
        "settings": {
            "server_url": config["issuer"].rstrip("/"),
            "scope": scopes,
            "oauth_pkce_enabled": True,
            "match_on": config.get("match_on") or "email",
            "claim": config.get("claim") or "",
            # Optional: the claim with the person's groups, and group → HR units (people.oidc).
            "group_claim": config.get("group_claim") or "",
            "hr_groups": config.get("hr_groups") or {},
        },
    }


def _json(env, name: str, default):
    try:
        return json.loads(env.str(name, default="") or "null") or default
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"{name} is not JSON: {error}") from error


def oidc_apps(env) -> list[dict]:
    """The providers configured by environment: ``OIDC_PROVIDERS`` (a JSON list of objects, see
    ``oidc_app``) and/or one provider from ``OIDC_ISSUER``, ``OIDC_CLIENT_ID``, ``OIDC_CLIENT_SECRET``,
    ``OIDC_SCOPES``, ``OIDC_MATCH_ON``, ``OIDC_CLAIM``, ``OIDC_GROUP_CLAIM``, ``OIDC_HR_GROUPS`` (JSON),
    ``OIDC_PROVIDER_ID`` and ``OIDC_PROVIDER_NAME``."""
    configs = _json(env, "OIDC_PROVIDERS", [])
    if env.str("OIDC_ISSUER", default=""):
        configs.append(
            {
                "id": env.str("OIDC_PROVIDER_ID", default="organisation"),
                "name": env.str("OIDC_PROVIDER_NAME", default="") or None,
                "issuer": env.str("OIDC_ISSUER"),
                "client_id": env.str("OIDC_CLIENT_ID", default=""),
                "client_secret": env.str("OIDC_CLIENT_SECRET", default=""),
                "scopes": env.str("OIDC_SCOPES", default=""),
                "match_on": env.str("OIDC_MATCH_ON", default=""),
                "claim": env.str("OIDC_CLAIM", default=""),
                "group_claim": env.str("OIDC_GROUP_CLAIM", default=""),
                "hr_groups": _json(env, "OIDC_HR_GROUPS", {}),
            }
        )
    return [oidc_app(config) for config in configs]


def settings(env) -> dict:
    """The settings base.py takes over (``globals().update``)."""
    return {
        # Off: the login page offers only the identity providers' buttons and refuses a posted password;
        # /admin/login/ stays as the break-glass login for superusers (people.views).
        "PASSWORD_LOGIN": env.bool("PASSWORD_LOGIN", default=True),
        "SOCIALACCOUNT_ADAPTER": "people.oidc.SocialAccountAdapter",
        "ACCOUNT_ADAPTER": "people.oidc.AccountAdapter",
        "SOCIALACCOUNT_PROVIDERS": {
            "openid_connect": {
                # Authorisation-code flow with PKCE (S256) for every provider, also those made in the admin.
                "OAUTH_PKCE_ENABLED": True,
                "APPS": oidc_apps(env),
            }
        },
        # Nobody is created by signing in (people.sign_in): no sign-up, no e-mail confirmation round.
        "SOCIALACCOUNT_AUTO_SIGNUP": False,
        "SOCIALACCOUNT_EMAIL_VERIFICATION": "none",
        "SOCIALACCOUNT_EMAIL_AUTHENTICATION": False,
        "SOCIALACCOUNT_QUERY_EMAIL": False,
        "SOCIALACCOUNT_STORE_TOKENS": False,
        "ACCOUNT_EMAIL_VERIFICATION": "none",
        # The button on our login page posts to the provider's login URL (no GET that starts a login).
        "SOCIALACCOUNT_LOGIN_ON_GET": False,
        # Provider discovery, JWKS and token calls give up after this many seconds.
        "SOCIALACCOUNT_REQUESTS_TIMEOUT": env.int("OIDC_TIMEOUT_SECONDS", default=10),
    }
