from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import long_date
from core.pages import confirmation_page, is_back, is_confirmed, post_only
from notifications import services
from notifications.forms import ReminderForm
from notifications.models import NotificationPreference
from notifications.selectors import inbox_of, reviews_to_remind, talks_visible_to


@login_required
def inbox(request):
    page = Paginator(inbox_of(user=request.user), 25).get_page(request.GET.get("page"))
    preference = NotificationPreference.objects.filter(user=request.user).first()
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "email_mode": preference.email_mode if preference else NotificationPreference.EmailMode.IMMEDIATE,
            "email_modes": NotificationPreference.EmailMode.choices,
        },
    )


@login_required
@post_only("notifications:inbox")
def mark_read(request, pk):
    notification = get_object_or_404(inbox_of(user=request.user), pk=pk)
    services.notification_mark_read(notification=notification, user=request.user)
    target = request.POST.get("next") or "notifications:inbox"
    if target != "notifications:inbox" and not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "notifications:inbox"
    return redirect(target)


@login_required
@post_only("notifications:inbox")
def mark_all_read(request):
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:inbox")


@login_required
@post_only("notifications:inbox")
def preferences(request):
    services.preference_set(user=request.user, email_mode=request.POST.get("email_mode", ""))
    messages.success(request, _("Your e-mail preference is saved."))  # the page looked the same as before
    return redirect("notifications:inbox")


def _talk_page(request, pk) -> str:
    """Where a talk's cancel button is: its review's page (the home page for a talk one cannot see)."""
    talk = talks_visible_to(user=request.user).filter(pk=pk).first()
    return (
        reverse("reviewcycle:review", kwargs={"pk": talk.review_id}) if talk else reverse("reviewcycle:home")
    )


@login_required
@post_only(_talk_page)
def cancel_talk(request, pk):
    """Cancel a planned talk, after the manager confirmed it (both participants get a cancellation)."""
    talk = talks_visible_to(user=request.user).filter(pk=pk).first()
    if talk is None:
        raise Http404
    if is_back(request):
        return redirect("reviewcycle:review", pk=talk.review_id)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            title=_("Cancel the talk: confirm"),
            meaning=_(
                "You cancel the %(kind)s on %(when)s: both of you receive a cancellation of the calendar "
                "invitation. This cannot be undone; plan a new talk if it is still needed."
            )
            % {"kind": talk.get_kind_display().lower(), "when": long_date(talk.starts_at)},
        )
    try:
        services.talk_cancel(talk=talk, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The talk is cancelled; both of you received a cancellation."))
    return redirect("reviewcycle:review", pk=talk.review_id)


@login_required
@post_only("reviewcycle:home")
def send_reminders(request):
    """Remind now whoever must act on the chosen reviews (``ReminderForm``); back to ``next``."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    form = ReminderForm(request.POST)
    if not form.is_valid():
        for problem in form.errors.get("__all__", []) or [_("Choose which reviews to remind on.")]:
            messages.error(request, problem)
        return redirect(target)
    reviews = reviews_to_remind(user=request.user, **form.selection())
    try:
        sent = services.send_reminders_now(reviews=reviews, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        if sent:
            messages.success(
                request,
                ngettext("%(count)s reminder sent.", "%(count)s reminders sent.", sent) % {"count": sent},
            )
        else:
            messages.info(
                request,
                _(
                    "No reminder sent: nobody is waited for, or everyone was reminded of their step today already."
                ),
            )
    return redirect(target)
