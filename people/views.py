from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from core.jobs import JobNotQueuedError
from core.uploads import upload_too_large
from people.demo import ADMIN_USERNAME, DEMO_PASSWORD, HR_USERNAME, demo_role_text, demo_roles, walk_demo_tree
from people.forms import ImportForm
from people.selectors import can_import_people, imports_visible_to, people_import_progress
from people.services import people_import_start


@login_required
def import_page(request):
    """Upload an HR export: the permission first, then only the file's size, name and first bytes are
    checked here; the worker reads it and the status page shows how it went."""
    if not can_import_people(user=request.user):
        raise PermissionDenied
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, upload_too_large=upload_too_large(request))
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                upload = people_import_start(
                    actor=request.user,
                    content=file.read(),
                    filename=file.name,
                    dry_run=form.cleaned_data["dry_run"],
                    deactivate_missing=form.cleaned_data["deactivate_missing"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            except JobNotQueuedError as error:
                form.add_error(None, str(error))
            else:
                return redirect("people:import-status", pk=upload.pk)
    recent = imports_visible_to(user=request.user)[:10]
    return render(request, "people/import.html", {"form": form, "recent": recent})


@login_required
def import_status(request, pk):
    upload = get_object_or_404(imports_visible_to(user=request.user), pk=pk)
    return render(
        request,
        "people/import_status.html",
        {"upload": upload, "progress": people_import_progress(upload=upload)},
    )


class LoginView(auth_views.LoginView):
    """The login page; in demo mode (``DEMO_MODE``) it lists the demo accounts, so a visitor can try each role."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE and get_user_model().objects.filter(username=HR_USERNAME).exists():
            context["demo_password"] = DEMO_PASSWORD
            roles = demo_roles()
            context["demo_accounts"] = [
                {
                    "username": ADMIN_USERNAME,
                    "name": gettext("Administrator"),
                    "role": gettext("Administrator"),
                    "cell": "",
                    "unit": "",
                },
                *(
                    {
                        "username": person.username,
                        "name": person.name,
                        "role": demo_role_text(person.username, roles),
                        "cell": person.role,
                        "unit": unit,
                    }
                    for person, unit in walk_demo_tree()
                ),
            ]
        return context
