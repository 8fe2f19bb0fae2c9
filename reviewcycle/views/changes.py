"""HR's changes to an open review from its page: another manager, another second reviewer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.pages import post_only
from reviewcycle import rules, services
from reviewcycle.forms import (
    ReassignForm,
    SecondReviewerForm,
)
from reviewcycle.views.common import SERVICE_ERRORS, visible_review


def _hr_change(request, pk, *, form_class, prefix: str, change) -> HttpResponse:
    """A change HR makes to an open review from its page: the form's errors and the service's go to messages."""
    review = visible_review(request, pk)
    if not rules.is_hr_for(review, request.user):
        raise Http404(_("No such review."))
    form = form_class(request.POST, user=request.user, review=review, prefix=prefix)
    if not form.is_valid():
        messages.error(
            request, " ".join(str(problem) for problems in form.errors.values() for problem in problems)
        )
        return redirect("reviewcycle:review", pk=pk)
    try:
        success = change(review, form.cleaned_data)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, success)
    return redirect("reviewcycle:review", pk=pk)


@login_required
@post_only("reviewcycle:review")
def reassign(request, pk):
    """HR moves the open review to another manager; history stays, both managers are told."""

    def change(review, data):
        services.review_reassign_manager(
            review=review, actor=request.user, manager=data["manager"], reason=data["reason"]
        )
        return _("The review now lies with %(manager)s.") % {"manager": data["manager"].name}

    return _hr_change(request, pk, form_class=ReassignForm, prefix="reassign", change=change)


@login_required
@post_only("reviewcycle:review")
def set_second_reviewer(request, pk):
    """HR names another second reviewer (the manager's manager is absent, or is the wrong person)."""

    def change(review, data):
        services.review_set_second_reviewer(
            review=review, actor=request.user, second_reviewer=data["second_reviewer"], reason=data["reason"]
        )
        return _("%(name)s is now the second reviewer.") % {"name": data["second_reviewer"].name}

    return _hr_change(request, pk, form_class=SecondReviewerForm, prefix="second", change=change)
