"""The site's error pages that must render whatever failed: 400, 500 and a refused form (CSRF).

Django's own handlers render these without a request context; ours add only the organisation's
name from the settings, so the page needs no user, no session and no query. 403 and 404 use
Django's handlers (``404.html``/``403.html`` extend ``base.html``, with the navigation);
``core.api.not_found`` keeps the JSON 404 under /api/.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseForbidden, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext


def _render(template_name: str) -> str:
    return loader.get_template(template_name).render({"organisation_name": settings.ORGANISATION_NAME})


def server_error(request, template_name: str = "500.html"):
    """``handler500``: a static Dutch (or the active language's) page with a way home; JSON under /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("A server error occurred.")}, status=500)
    return HttpResponseServerError(_render(template_name))


def bad_request(request, exception=None, template_name: str = "400.html"):
    """``handler400``: the request could not be processed."""
    return HttpResponseBadRequest(_render(template_name))


def csrf_failure(request, reason: str = "", template_name: str = "403_csrf.html"):
    """``CSRF_FAILURE_VIEW``: a form from a page that is no longer valid; nothing was saved."""
    return HttpResponseForbidden(_render(template_name))
