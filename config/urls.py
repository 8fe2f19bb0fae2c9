from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import health
from core.apis import NotFoundView
from core.health import healthz
from core.pages import post_only
from notifications.password_reset import PasswordResetConfirmView, PasswordResetView
from people import oidc, saml
from people.views import LoginView, LogoutView
from reports.views import review_pdf
from reviewcycle import urls as reviewcycle_urls
from web import urls as web_urls

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/ready", health.ready, name="healthz-ready"),
    path("healthz/live", health.live, name="healthz-live"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_router")),
    # SCIM 2.0 provisioning (people.scim): a bearer token per provisioning client, not in the OpenAPI schema.
    path("scim/v2/", include("people.scim.urls")),
    # Both need a login (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]); the docs page sends a browser to log in.
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's script as a file, which the Content-Security-Policy allows.
    path(
        "api/v1/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    # Anything else under /api/ ending in a slash: the JSON 404, also with DEBUG on. Without the slash
    # Django first redirects to the address with one (APPEND_SLASH), as for the real routes.
    path("api/", NotFoundView.as_view()),
    re_path(r"^api/(?P<rest>.+)/$", NotFoundView.as_view()),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    # Django's, rate-limited, its mail through the outbox (before auth.urls, which has the same path).
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    # Django's, refusing a link of an account that is off or of someone who left.
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    # Django's, POST only (a GET lands on the home page, not a blank 405); also ends the session at the
    # OpenID Connect provider where it supports that.
    path("accounts/logout/", post_only("reviewcycle:home")(LogoutView.as_view()), name="logout"),
    # OpenID Connect (django-allauth's provider, people.oidc): only its login and callback, never
    # allauth's account pages (the product keeps its own login and password pages).
    path("accounts/oidc/<str:provider_id>/login/", oidc.login, name="openid_connect_login"),
    path("accounts/oidc/<str:provider_id>/login/callback/", oidc.callback, name="openid_connect_callback"),
    path("accounts/", include("django.contrib.auth.urls")),
    # SAML 2.0 single sign-on: 404 until configured (config/settings/saml.py); the metadata URL stays put.
    path("saml2/", include(saml.urlpatterns)),
    path("people/", include("people.urls")),
    path("frameworks/", include("web.framework_import.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("reviews/<id:pk>/pdf/", review_pdf, name="review-pdf"),
    # web's review page keeps its reviewcycle: names (web/urls.py).
    path("", include((reviewcycle_urls.urlpatterns + web_urls.urlpatterns, reviewcycle_urls.app_name))),
]

handler400 = "core.error_pages.bad_request"
handler404 = "core.api.not_found"
handler500 = "core.error_pages.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
