from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from notifications import services
from notifications.models import NotificationPreference
from notifications.selectors import inbox_of


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
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(inbox_of(user=request.user), pk=pk)
    services.notification_mark_read(notification=notification, user=request.user)
    target = request.POST.get("next") or "notifications:inbox"
    if target != "notifications:inbox" and not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "notifications:inbox"
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request):
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:inbox")


@login_required
@require_POST
def preferences(request):
    services.preference_set(user=request.user, email_mode=request.POST.get("email_mode", ""))
    return redirect("notifications:inbox")
