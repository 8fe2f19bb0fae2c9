"""The framework pages: the import with its preview, and a version as stored."""

from django.urls import path

from web.framework_import import views

app_name = "frameworks"

urlpatterns = [
    path("import/", views.framework_import, name="import"),
    path("<slug:slug>/versions/<int:number>/", views.framework_version, name="version"),
]
