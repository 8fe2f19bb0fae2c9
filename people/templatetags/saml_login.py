"""``{% saml_login_label as label %}``: the SAML button's text on the login page, empty while SAML is off."""

from django import template
from django.conf import settings
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def saml_login_label() -> str:
    if not getattr(settings, "SAML_ENABLED", False):
        return ""
    return settings.SAML_BUTTON_LABEL or gettext("Log in with your organisation's account")
