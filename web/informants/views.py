"""Asking for input and withdrawing it from the review page; the informant's answer page in the product
and the external's page behind the personal link (no login).

A link that no longer works gets a page saying why, with the status the token service's refusal means:
404 for a link that was never valid (guessed, or replaced by a newer mail's), 410 for one used, withdrawn
or expired, 429 (with ``Retry-After``) after too many refused links from one address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_fsm import TransitionNotAllowed

from core.pages import post_only
from people.security import client_address
from reviewcycle.informants import asked, services, tokens
from reviewcycle.models import InformantRequest
from reviewcycle.views.common import SERVICE_ERRORS, show_service_error, visible_review
from web.informants.forms import InformantAnswerForm, InformantRequestForm
from web.views.review import render_review


@login_required
@post_only("reviewcycle:review")
def informant_ask(request, pk):
    """Ask one person for input (``informant_request``); errors next to the fields on the review page (400)."""
    review = visible_review(request, pk)
    form = InformantRequestForm(request.POST, review=review, user=request.user, prefix="informant")
    if form.is_valid():
        try:
            informant = services.informant_request(review=review, actor=request.user, **form.arguments())
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was asked for input.") % {"name": asked.informant_label(informant)},
            )
            return redirect("reviewcycle:review", pk=pk)
    return render_review(request, visible_review(request, pk), side={"informant": form}, status=400)


@login_required
def informant_withdraw(request, pk, request_id):
    """Withdraw a request (``informant_withdraw``) once confirmed: a GET, or a POST without ``confirm=yes``,
    shows the question (withdrawing removes an answer the informant may have given, which in an anonymous
    group the asker cannot know). 403 for who may not withdraw it; a refusal is a message at the top of
    the review page."""
    review = visible_review(request, pk)
    informant_request = get_object_or_404(
        InformantRequest.objects.select_related("informant__employee"), pk=request_id, review=review
    )
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.informant_withdraw(request=informant_request, actor=request.user)
        except SERVICE_ERRORS as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The request was withdrawn."))
        return redirect("reviewcycle:review", pk=pk)
    try:
        services.withdraw_check(request=informant_request, actor=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
        return redirect("reviewcycle:review", pk=pk)
    context = {"review": review, "informant": asked.informant_label(informant_request)}
    return render(request, "web/informants/withdraw.html", context)


def _answer_page(request, form: InformantAnswerForm, *, status: int = 200, link: bool = False):
    return render(
        request,
        "web/informants/answer.html",
        {"form": form, "asked": form.asked, "link": link},
        status=status,
    )


@login_required
def informant_answer_page(request, request_id):
    """The informant's own request: the form while it is open, their answer once given."""
    try:
        own = asked.request_for_informant(user=request.user, pk=request_id)
    except InformantRequest.DoesNotExist:
        raise Http404(_("No such request.")) from None
    form = InformantAnswerForm(
        request.POST if request.method == "POST" else None, asked=asked.asked_form(own)
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.informant_answer(request=own, actor=request.user, **form.arguments())
            except SERVICE_ERRORS as error:
                show_service_error(form, error)
            else:
                messages.success(request, _("Thank you: your answer was sent."))
                return redirect("reviewcycle:home")
        return _answer_page(request, form, status=400)
    return _answer_page(request, form)


def _refused(request, message: str, status: int, retry_after: int | None = None):
    response = render(request, "web/informants/link_refused.html", {"message": message}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@never_cache
@csrf_protect
def informant_link_page(request, token):
    """The external informant's page (no login): the form while the link works, else why it does not."""
    address = client_address(request)
    try:
        own = tokens.request_for_token(token, address=address)
    except tokens.TooManyTokenFailuresError as error:
        return _refused(request, str(error), 429, error.retry_after)
    except Http404:
        return _refused(
            request,
            _(
                "This link is not valid. Use the link in the newest e-mail you received; if you still want "
                "to give your view, ask the person who asked you for a new link."
            ),
            404,
        )
    except TransitionNotAllowed as error:
        return _refused(request, str(error), 410)
    form = InformantAnswerForm(
        request.POST if request.method == "POST" else None, asked=asked.asked_form(own)
    )
    if request.method != "POST":
        return _answer_page(request, form, link=True)
    if form.is_valid():
        try:
            services.informant_answer_by_token(token=token, address=address, **form.arguments())
        except tokens.TooManyTokenFailuresError as error:
            return _refused(request, str(error), 429, error.retry_after)
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        else:
            return render(request, "web/informants/link_done.html", {"asked": form.asked})
    return _answer_page(request, form, status=400, link=True)
