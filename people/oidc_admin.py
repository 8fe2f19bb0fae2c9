"""The admin's *Social applications* page as IT fills it in for an OpenID Connect provider (people.oidc):
what each field means here and which redirect URI to register at the provider (docs/sso.md)."""

from allauth.socialaccount.admin import SocialAppAdmin, SocialAppForm
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib import admin
from django.utils.html import escape
from django.utils.translation import gettext


class OidcSocialAppForm(SocialAppForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        callback = f"{settings.SITE_URL.rstrip('/')}/accounts/oidc/ID/login/callback/"
        help_texts = {
            "provider_id": gettext(
                "For OpenID Connect: a short name without spaces (e.g. entra), the ID in the redirect URI "
                "to register at the provider: %(callback)s"
            )
            % {"callback": callback},
            "name": gettext("The login page's button reads “Log in with” this name."),
            "settings": gettext(
                'For OpenID Connect, in JSON: {"server_url": "the issuer", "match_on": "email", '
                '"claim": "email"}; match_on is email, employee_number or username, claim the claim '
                "that holds it (docs/sso.md)."
            ),
            "key": gettext("Not used for OpenID Connect: leave empty."),
        }
        for name, text in help_texts.items():
            if name in self.fields:
                self.fields[name].help_text = escape(text)  # the admin shows help texts as HTML


class OidcSocialAppAdmin(SocialAppAdmin):
    form = OidcSocialAppForm


admin.site.unregister(SocialApp)
admin.site.register(SocialApp, OidcSocialAppAdmin)
