"""Which language a page speaks: Dutch unless someone chose otherwise.

Django's ``LocaleMiddleware`` follows the browser's Accept-Language, so a Dutch municipality's
login page came out in English on an English browser. Here a page speaks, in this order:

1. the language picked with the language switch (Django's language cookie, before or after login);
2. after login, the person's own preference (``Employee.preferred_language``, kept in the session
   at login so no page pays a query for it);
3. otherwise the site's language (``LANGUAGE_CODE``, Dutch), whatever the browser asks for.

The API (``/api/``) keeps HTTP's own negotiation by Accept-Language: its clients are programs
without a session or a language switch.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from people.selectors import preferred_language

SESSION_KEY = "people_language"
API_PREFIX = "/api/"


def _supported(code: str | None) -> str | None:
    return code if code in dict(settings.LANGUAGES) else None


def page_language(request) -> str:
    """The language of a page for this request (see the module's docstring). Raises nothing."""
    chosen = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if chosen:
        return chosen
    session = getattr(request, "session", None)
    if session is not None:
        remembered = _supported(session.get(SESSION_KEY))
        if remembered:
            return remembered
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            own = _supported(preferred_language(user=user)) or settings.LANGUAGE_CODE
            session[SESSION_KEY] = own  # a session from before this rule: once
            return own
    return settings.LANGUAGE_CODE


def remember_preferred_language(request, user) -> None:
    """At login: keep the person's preferred language in their session (``page_language`` reads it)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = _supported(preferred_language(user=user)) or settings.LANGUAGE_CODE


class PreferredLanguageMiddleware(LocaleMiddleware):
    """``LocaleMiddleware`` with ``page_language`` for pages; after ``AuthenticationMiddleware``."""

    def process_request(self, request):
        if request.path_info.startswith(API_PREFIX):
            return super().process_request(request)
        translation.activate(page_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None
