from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.converters import IdConverter
from config.health import healthz
from core.apis import NotFoundView
from people.views import LoginView
from reports.views import review_pdf

# Registered before the apps' URLs are included, which use it.
register_converter(IdConverter, "id")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_router")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's script as a file, which the Content-Security-Policy allows.
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Anything else under /api/ ending in a slash: the JSON 404, also with DEBUG on. Without the slash
    # Django first redirects to the address with one (APPEND_SLASH), as for the real routes.
    path("api/", NotFoundView.as_view()),
    re_path(r"^api/(?P<rest>.+)/$", NotFoundView.as_view()),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("people/", include("people.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("reviews/<id:pk>/pdf/", review_pdf, name="review-pdf"),
    path("", include("reviewcycle.urls")),
]

handler404 = "config.api.not_found"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
