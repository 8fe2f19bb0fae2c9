"""The review page's side forms, beside its steps: the manager plans a talk, HR names another manager
or another second reviewer. Bad input comes back on the review page (status 400) with the form open
and filled in as sent, each error next to its field; the change itself is the service's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.pages import post_only
from notifications import services as talk_services
from notifications.forms import TalkForm
from reviewcycle import rules, services
from reviewcycle.forms import ReassignForm, SecondReviewerForm
from reviewcycle.views.common import SERVICE_ERRORS, show_service_error, visible_review
from web.views.review import render_review


def _change(request, review, *, form, shown: bool, change) -> HttpResponse:
    """Run ``change(cleaned_data) -> success message`` from ``form``.

    Its errors, and the service's, go next to the form's fields on the review page (400) when the
    page shows the form to this user (``shown``); otherwise (the review closed meanwhile, a role
    changed) the page cannot show the form, so the refusal is a message at its top.
    """
    if form.is_valid():
        try:
            success = change(form.cleaned_data)
        except SERVICE_ERRORS as error:
            if not shown:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
                return redirect("reviewcycle:review", pk=review.pk)
            show_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect("reviewcycle:review", pk=review.pk)
    elif not shown:
        for problem in [error for errors in form.errors.values() for error in errors]:
            messages.error(request, problem)
        return redirect("reviewcycle:review", pk=review.pk)
    return render_review(request, visible_review(request, review.pk), side={form.prefix: form}, status=400)


@login_required
@post_only("reviewcycle:review")
def schedule_talk(request, pk):
    """The manager plans a talk from the review page; both participants get a calendar invitation."""
    review = visible_review(request, pk)

    def change(data):
        talk_services.talk_schedule(review=review, actor=request.user, **data)
        return _("The talk is planned; both of you received a calendar invitation.")

    form = TalkForm(request.POST, prefix="talk")
    return _change(
        request, review, form=form, shown=rules.can_schedule_talk(review, request.user), change=change
    )


def _hr_review(request, pk):
    review = visible_review(request, pk)
    if not rules.is_hr_for(review, request.user):
        raise Http404(_("No such review."))
    return review


@login_required
@post_only("reviewcycle:review")
def reassign(request, pk):
    """HR moves the open review to another manager; history stays, both managers are told."""
    review = _hr_review(request, pk)

    def change(data):
        services.review_reassign_manager(
            review=review, actor=request.user, manager=data["manager"], reason=data["reason"]
        )
        return _("The review now lies with %(manager)s.") % {"manager": data["manager"].name}

    form = ReassignForm(request.POST, user=request.user, review=review, prefix="reassign")
    return _change(
        request, review, form=form, shown=rules.can_change_people(review, request.user), change=change
    )


@login_required
@post_only("reviewcycle:review")
def set_second_reviewer(request, pk):
    """HR names another second reviewer (the manager's manager is absent, or is the wrong person)."""
    review = _hr_review(request, pk)

    def change(data):
        services.review_set_second_reviewer(
            review=review, actor=request.user, second_reviewer=data["second_reviewer"], reason=data["reason"]
        )
        return _("%(name)s is now the second reviewer.") % {"name": data["second_reviewer"].name}

    form = SecondReviewerForm(request.POST, user=request.user, review=review, prefix="second")
    return _change(
        request, review, form=form, shown=rules.can_change_people(review, request.user), change=change
    )
