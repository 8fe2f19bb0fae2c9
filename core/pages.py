"""What every app's pages share: a URL that only a form's button may use.

A page action (a step, a change, a cancel) is a POST from a button. Its URL still reaches people
by GET: a reload after the back button, a copied address, a bookmark, a second click after the
page moved on. Django's ``require_POST`` answers those with a blank 405; ``post_only`` sends the
person to the page the action belongs to, with a message saying what to do there.
"""

import functools
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

USE_THE_BUTTON = _("Use the button on the page to do this.")


def post_only(to: str | Callable[..., str], *, message=USE_THE_BUTTON):
    """Decorator for a page view that only a form posts to (replaces ``require_POST`` on pages).

    Args:
        to: the page the action belongs to: a URL name, reversed with the view's ``pk`` if the
            URL has one, or ``to(request, **kwargs) -> url`` where the URL's ``pk`` is not that
            page's (a talk's cancel belongs to its review's page).
        message: what the person is told there (an info message), or ``message(request, **kwargs) -> str``
            where it depends on who asks (a step's URL: theirs to take, another's, already taken).

    A GET or HEAD is a 302 to that page with the message; other methods than POST are 405.
    The wrapped view carries ``post_only = True`` (tests enumerate the URLs that have it).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["POST"])
            messages.info(request, message(request, **kwargs) if callable(message) else message)
            if callable(to):
                return redirect(to(request, **kwargs))
            try:
                return redirect(reverse(to, kwargs={"pk": kwargs["pk"]}))
            except (KeyError, NoReverseMatch):  # the page has no pk (the inbox)
                return redirect(reverse(to))

        wrapped.post_only = True
        return wrapped

    return decorator


def confirmation_page(request, *, title: str, meaning: str, form=None, summary=()):
    """The review-and-confirm page of an irreversible step or a legal commitment (WCAG 3.3.4).

    It states ``meaning``, lists ``summary`` ((label, value) pairs: what was filled in) and posts
    ``form``'s data again to the same URL with ``confirmed`` ("Confirm") or ``back`` ("Back"): the view
    takes the step only when ``is_confirmed(request)``, and on ``back`` shows the form as filled in.
    """
    return render(
        request,
        "confirm.html",
        {"title": title, "meaning": meaning, "form": form or (), "summary": summary, "action": request.path},
    )


def is_confirmed(request) -> bool:
    """The POST came from the confirmation page's "Confirm" button."""
    return request.POST.get("confirmed") == "1"


def is_back(request) -> bool:
    """The POST came from the confirmation page's "Back" button: show the form again, as filled in."""
    return request.POST.get("back") == "1"
