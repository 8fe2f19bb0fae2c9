from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.functional import cached_property
from django.utils.translation import gettext

from core.jobs import JobNotQueuedError
from core.uploads import upload_too_large
from people import oidc
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
    """The login page: a button per OpenID Connect provider (people.oidc) and, unless ``PASSWORD_LOGIN`` is
    off, the password form. With it off a posted password is refused (403) without being checked;
    /admin/login/ stays for superusers (people.admin). In demo mode (``DEMO_MODE``) it lists the demo
    accounts, so a visitor can try each role."""

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            response = self.render_to_response(
                self.get_context_data(password_refused=gettext("Log in with your organisation's account.")),
                status=403,
            )
            return with_provider_form_action(response, self.providers)
        return super().post(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return with_provider_form_action(super().get(request, *args, **kwargs), self.providers)

    @cached_property
    def providers(self):
        return oidc.providers(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["password_login"] = settings.PASSWORD_LOGIN
        context["sso_providers"] = [
            {"name": provider.name, "login_url": provider.get_login_url(self.request)}
            for provider in self.providers
        ]
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


def with_provider_form_action(response, providers):
    """Lets the login buttons' forms follow the redirect to each provider's sign-in page
    (Content-Security-Policy ``form-action``, which browsers apply to a form's redirects too)."""
    origins = sorted({oidc.provider_origin(provider) for provider in providers} - {""})
    if origins:
        response._csp_update = {"form-action": origins}
    return response


class LogoutView(auth_views.LogoutView):
    """Django's logout; for a person who signed in through a provider that advertises an
    ``end_session_endpoint``, it then ends the session there too (OpenID Connect RP-initiated logout:
    ``id_token_hint``, ``client_id`` and ``post_logout_redirect_uri`` back to our login page). That step is
    a page that forwards at once (and has a link), not a redirect: browsers hold a form's redirects to the
    Content-Security-Policy's ``form-action``, which names only this site."""

    def post(self, request, *args, **kwargs):
        details = request.session.get(oidc.LOGOUT_SESSION_KEY)
        response = super().post(request, *args, **kwargs)
        if details:
            url = oidc.end_session_url(details, request.build_absolute_uri(resolve_url("login")))
            return render(request, "registration/logged_out_provider.html", {"end_session_url": url})
        return response
